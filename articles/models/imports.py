"""The record of each bulk import run."""

from django.db import models


class ImportRun(models.Model):
    """One run of import_articles: what it was asked to do and what became of it."""

    class Status(models.TextChoices):
        RUNNING = "running", "running (or interrupted)"
        FINISHED = "finished", "finished"
        FAILED = "failed", "finished with failures"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    paths = models.JSONField(default=list, help_text="The files and folders named.")
    options = models.JSONField(default=dict, help_text="--source, --section-from-folder, ...")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0, help_text="Documents with nothing in them (no title, no text): no failure."
    )
    failed = models.PositiveIntegerField(default=0)
    failures = models.JSONField(
        default=list, help_text="Each failure's file, line (for many-article files) and reason."
    )
    skips = models.JSONField(default=list, help_text="Each skipped document's file and line.")
    warnings = models.JSONField(default=list, help_text="Articles imported with a caveat.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Import of {', '.join(self.paths)[:80]} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        """Return how many articles the run read."""
        counts = (self.created, self.updated, self.unchanged, self.duplicate, self.skipped)
        return sum(counts) + self.failed
