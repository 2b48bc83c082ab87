"""Attention over time: how many matching articles appeared per day, month or year,
drawn server-side as an accessible SVG bar chart (title, description, labels, a table)."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

# The unit of a bar follows the span of the dates: days for up to two months,
# years beyond fifteen years, months in between.
MAX_DAY_SPAN = 62
MAX_MONTH_SPAN_YEARS = 15
CHART_WIDTH, CHART_HEIGHT, AXIS_HEIGHT, LABEL_WIDTH = 720, 200, 40, 36


@dataclass(frozen=True)
class Bar:
    start: date
    end: date
    count: int
    label: str
    url: str = ""
    x: float = 0.0
    width: float = 0.0
    height: float = 0.0
    show_label: bool = False

    @property
    def y(self) -> float:
        return CHART_HEIGHT - self.height


@dataclass(frozen=True)
class Chart:
    unit: str  # "day", "month" or "year"
    bars: list[Bar]
    undated: int
    peak: int
    width: int = CHART_WIDTH + LABEL_WIDTH
    height: int = CHART_HEIGHT + AXIS_HEIGHT
    left: int = LABEL_WIDTH
    baseline: int = CHART_HEIGHT

    @property
    def dated(self) -> int:
        return sum(bar.count for bar in self.bars)


def _unit(first: date, last: date) -> str:
    if (last - first).days < MAX_DAY_SPAN:
        return "day"
    if last.year - first.year > MAX_MONTH_SPAN_YEARS:
        return "year"
    return "month"


def _period_start(day: date, unit: str) -> date:
    if unit == "year":
        return date(day.year, 1, 1)
    if unit == "month":
        return date(day.year, day.month, 1)
    return day


def _next(start: date, unit: str) -> date:
    if unit == "year":
        return date(start.year + 1, 1, 1)
    if unit == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date.fromordinal(start.toordinal() + 1)


def _label(start: date, unit: str) -> str:
    if unit == "year":
        return str(start.year)
    if unit == "month":
        return f"{start:%b %Y}"
    return f"{start.day} {start:%b %Y}"


def attention(days: list[date | None], link=None) -> Chart | None:
    """Return the chart of these publication days (None for undated), or None if no dates.

    `link(start, end)` gives the address of each bar: the search narrowed to its period.
    """
    dated = [day for day in days if day is not None]
    if not dated:
        return None
    unit = _unit(min(dated), max(dated))
    counts = Counter(_period_start(day, unit) for day in dated)
    return _chart(counts, unit, len(days) - len(dated), link)


def attention_by_year(years: dict[int, int], undated: int, link=None) -> Chart | None:
    """Return the chart of article counts per year, for searches too large to date one by one."""
    counts = Counter({date(year, 1, 1): count for year, count in years.items() if count})
    return _chart(counts, "year", undated, link) if counts else None


def _chart(counts: Counter, unit: str, undated: int, link) -> Chart:
    starts, start = [], min(counts)
    while start <= max(counts):
        starts.append(start)
        start = _next(start, unit)
    peak = max(counts.values())
    step = CHART_WIDTH / len(starts)
    every = max(1, round(len(starts) / 8))  # About eight labels fit under the axis.
    bars = [
        Bar(
            start=start,
            end=(end := date.fromordinal(_next(start, unit).toordinal() - 1)),
            count=counts[start],
            label=_label(start, unit),
            url=link(start, end) if link else "",
            x=LABEL_WIDTH + i * step,
            width=max(step * 0.8, 1.0),
            height=CHART_HEIGHT * counts[start] / peak,
            show_label=i % every == 0,
        )
        for i, start in enumerate(starts)
    ]
    return Chart(unit=unit, bars=bars, undated=undated, peak=peak)


def as_csv(chart: Chart | None) -> str:
    """Return the chart's data as CSV: one row per period, then the undated count."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period_start", "period_end", "unit", "articles"])
    for bar in chart.bars if chart else []:
        writer.writerow([bar.start.isoformat(), bar.end.isoformat(), chart.unit, bar.count])
    if chart and chart.undated:
        writer.writerow(["", "", "undated", chart.undated])
    return out.getvalue()
