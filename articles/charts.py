"""Attention over time: how many matching articles appeared per day, month or year,
drawn server-side as an accessible SVG bar chart (title, description, labels, a table)."""

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
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
    undated_url: str = ""  # the search narrowed to the undated articles
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


def attention(
    days: Iterable[date | None] | Mapping[date | None, int], link=None, undated_url: str = ""
) -> Chart | None:
    """Return the chart of these publication days (None for undated), or None if no dates.

    `days` lists one day per article, or maps each day to its number of articles (as
    search Results.days does). `link(start, end)` gives the address of each bar: the
    search narrowed to its period; `undated_url` the search narrowed to undated articles.
    """
    per_day = Counter(days)
    undated = per_day.pop(None, 0)
    dated = [day for day, count in per_day.items() if count]
    if not dated:
        return None
    unit = _unit(min(dated), max(dated))
    counts = Counter()
    for day in dated:
        counts[_period_start(day, unit)] += per_day[day]
    return replace(_chart(counts, unit, undated, link), undated_url=undated_url)


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


def as_csv(chart: Chart | None, undated: int = 0) -> str:
    """Return the chart's data as CSV: one row per period, then the undated count.

    `undated` is the count to write when there is no chart (every article undated).
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period_start", "period_end", "unit", "articles"])
    for bar in chart.bars if chart else []:
        writer.writerow([bar.start.isoformat(), bar.end.isoformat(), chart.unit, bar.count])
    undated = chart.undated if chart else undated
    if undated:
        writer.writerow(["", "", "undated", undated])
    return out.getvalue()
