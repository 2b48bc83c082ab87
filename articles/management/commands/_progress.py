"""A one-line progress bar for commands run on a terminal: files, articles, rate, ETA."""

import time

WIDTH = 24
REDRAW_SECONDS = 0.2


class ProgressBar:
    def __init__(self, stream):
        self.stream, self.last_drawn, self.drawn = stream, 0.0, False

    def update(self, progress) -> None:
        """Redraw the bar, at most five times a second."""
        now = time.monotonic()
        if now - self.last_drawn < REDRAW_SECONDS and progress.files_done < progress.files_total:
            return
        self.last_drawn, self.drawn = now, True
        self.stream.write("\r" + render(progress), ending="")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line, so what follows starts on its own."""
        if self.drawn:
            self.stream.write("")


def render(progress) -> str:
    """Return the bar's text: `[#####-----] 3/22 files  12,345 articles  850/s  ETA 0:21`."""
    share = progress.bytes_done / progress.bytes_total if progress.bytes_total else 0.0
    filled = round(WIDTH * min(share, 1.0))
    eta = progress.eta
    return (
        f"[{'#' * filled}{'-' * (WIDTH - filled)}] "
        f"{progress.files_done}/{progress.files_total} files  "
        f"{progress.articles:,} articles  {progress.rate:,.0f}/s  "
        f"ETA {_clock(eta) if eta is not None else '?'}"
    )


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
