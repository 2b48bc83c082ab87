"""A one-line progress bar for commands run on a terminal: files, articles, rate, ETA.

tqdm draws it: it redraws at most five times a second, fits the line to the terminal's
width (a wrapped line would repeat itself at every redraw) and ends it. The bar fills with
the bytes read; the counts beside it are the import's own (importers.Progress).
"""

from tqdm import tqdm

REDRAW_SECONDS = 0.2
LINE = (
    "[{bar:24}] {files_done}/{files_total} files  {articles:,} articles  "
    "{per_second:,.0f}/s  ETA {time_left}"
)


class ProgressBar:
    """The import's progress on `stream` (a command's stdout), from its first update on."""

    def __init__(self, stream):
        self.stream, self.bar = _Unended(stream), None

    def update(self, progress) -> None:
        if self.bar is None:
            self.bar = _ImportBar(progress, file=self.stream)
        self.bar.progress = progress
        self.bar.update(progress.bytes_done - self.bar.n)

    def close(self) -> None:
        """Draw the last counts and end the bar's line, so what follows starts on its own."""
        if self.bar is not None:
            self.bar.close()


class _ImportBar(tqdm):
    def __init__(self, progress, **options):
        self.progress = progress  # read by the first drawing, inside tqdm's __init__
        super().__init__(
            total=max(progress.bytes_total, 1),
            initial=progress.bytes_done,
            bar_format=LINE,
            ascii="-#",
            mininterval=REDRAW_SECONDS,
            dynamic_ncols=True,
            **options,
        )

    @property
    def format_dict(self):
        """tqdm's fields for the line, and the import's counts (tqdm's documented way)."""
        progress, eta = self.progress, self.progress.eta
        return {
            **super().format_dict,
            "files_done": progress.files_done,
            "files_total": progress.files_total,
            "articles": progress.articles,
            "per_second": progress.rate,
            "time_left": _clock(eta) if eta is not None else "?",
        }


class _Unended:
    """A command's output without Django's line endings: tqdm writes `\\r` and ends its line."""

    def __init__(self, output):
        self.output = output

    def write(self, text: str) -> None:
        self.output.write(text, ending="")

    def flush(self) -> None:
        self.output.flush()

    def fileno(self) -> int:  # the terminal whose width tqdm reads
        return self.output.fileno()


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
