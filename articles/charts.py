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
# The chart is drawn in CSS pixels, not scaled from a fixed picture, so its text stays
# readable on a phone: bars are placed in percent of the plot's width and measured in
# pixels up from the axis. At most this many period labels show on a wide screen, and a
# quarter of them (every fourth label, the first included) on a narrow one.
CHART_HEIGHT, TOP_MARGIN, AXIS_HEIGHT, LABEL_WIDTH = 120, 10, 24, 44
MAX_LABELS, MAX_NARROW_LABELS = 10, 4
MAX_GRIDLINES = 4


@dataclass(frozen=True)
class Bar:
    start: date
    end: date
    count: int
    label: str
    url: str = ""
    x: float = 0.0  # percent of the plot's width
    width: float = 0.0  # percent of the plot's width
    height: float = 0.0  # pixels
    tick: str = ""  # the label under the axis, if this bar has one
    narrow_tick: bool = False  # whether the label also shows on a narrow screen

    @property
    def y(self) -> float:
        return TOP_MARGIN + CHART_HEIGHT - self.height

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Gridline:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    unit: str  # "day", "month" or "year"
    bars: list[Bar]
    undated: int
    peak: int
    undated_url: str = ""  # the search narrowed to the undated articles
    gridlines: tuple[Gridline, ...] = ()
    height: int = TOP_MARGIN + CHART_HEIGHT + AXIS_HEIGHT
    left: int = LABEL_WIDTH
    baseline: int = TOP_MARGIN + CHART_HEIGHT
    top: int = TOP_MARGIN
    plot_height: int = CHART_HEIGHT

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


def _tick(start: date, unit: str, first: bool) -> str:
    """Return a short label for the axis: the year only where it starts, and on the first."""
    if unit == "year":
        return str(start.year)
    if unit == "month":
        return f"{start:%b %Y}" if first or start.month == 1 else f"{start:%b}"
    new_year = start.month == 1 and start.day == 1
    return f"{start.day} {start:%b %Y}" if first or new_year else f"{start.day} {start:%b}"


def _gridlines(peak: int) -> tuple[Gridline, ...]:
    """Return round values (1, 2 or 5 times a power of ten) from 0 up to the peak."""
    step = _round_step(-(-peak // MAX_GRIDLINES))
    return tuple(
        Gridline(value, TOP_MARGIN + CHART_HEIGHT * (1 - value / peak))
        for value in range(0, peak + 1, step)
    )


def _round_step(step: int) -> int:
    """Return the smallest of 1, 2, 5, 10, 20, 50... that is at least `step`."""
    size = 1
    while size < step:
        size = size * 5 // 2 if str(size).startswith("2") else size * 2
    return size


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
    step = 100 / len(starts)
    every = -(-len(starts) // MAX_LABELS)
    every_narrow = every * -(-len(starts) // (every * MAX_NARROW_LABELS))
    bars = [
        Bar(
            start=start,
            end=(end := date.fromordinal(_next(start, unit).toordinal() - 1)),
            count=counts[start],
            label=_label(start, unit),
            url=link(start, end) if link else "",
            x=i * step + step * 0.1,
            width=step * 0.8,
            height=CHART_HEIGHT * counts[start] / peak,
            tick=_tick(start, unit, first=i == 0) if i % every == 0 else "",
            narrow_tick=i % every_narrow == 0,
        )
        for i, start in enumerate(starts)
    ]
    return Chart(unit=unit, bars=bars, undated=undated, peak=peak, gridlines=_gridlines(peak))


def per_month(days: Mapping[date | None, int]) -> Counter:
    """Return {first day of a month: articles} from a search's per-day counts (undated left
    out): the month bars of attention(), whatever unit its span would choose."""
    counts = Counter()
    for day, count in days.items():
        if day is not None and count:
            counts[_period_start(day, "month")] += count
    return counts


def months_between(first: date, last: date) -> list[date]:
    """Return the first day of each month from `first`'s to `last`'s, both included."""
    starts, start = [], _period_start(first, "month")
    while start <= last:
        starts.append(start)
        start = _next(start, "month")
    return starts


def month_label(start: date) -> str:
    return _label(start, "month")


def month_end(start: date) -> date:
    return date.fromordinal(_next(start, "month").toordinal() - 1)


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
