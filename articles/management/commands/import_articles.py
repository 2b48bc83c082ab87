from django.core.management.base import BaseCommand, CommandError

from articles import importers
from articles.indexing import follower
from articles.indexing.report import drain_and_report

from ._progress import ProgressBar

# Lines of failures and warnings printed at the end; all are counted, the run keeps 1,000.
MAX_PRINTED = 200


class Command(BaseCommand):
    help = (
        "Import article files (.txt, .jsonl, Reuters .sgm), or folders of them (recursively). "
        "Exits 1 if anything failed (a document with nothing in it is skipped, no failure); "
        "every run is recorded as an ImportRun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Article files (.txt, .jsonl, .sgm) or folders of them."
        )
        parser.add_argument(
            "--source",
            help="Source of articles that do not name their own "
            f'(default: "Reuters" for .sgm files, else "{importers.DEFAULT_SOURCE}").',
        )
        parser.add_argument(
            "--section-from-folder",
            action="store_true",
            help="Use each text file's parent folder name as its section (bbc/sport/001.txt).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and validate everything and report what would happen; write nothing.",
        )

    def handle(self, *args, paths, source, section_from_folder, dry_run, **options):
        bar = ProgressBar(self.stdout) if self.stdout.isatty() else None
        with follower.beside_import(enabled=not dry_run) as following:
            report = importers.import_paths(
                paths,
                source,
                section_from_folder=section_from_folder,
                dry_run=dry_run,
                progress=bar.update if bar else None,
            )
        if bar:
            bar.close()
        self._print_problems("WARNING", report.warnings, len(report.warnings))
        self._print_problems("SKIPPED", report.skips, report.counts["skipped"])
        self._print_problems("FAILED", report.failures, report.counts["failed"])
        self.stdout.write(self._summary(report, dry_run))
        if not dry_run:
            self._report_index(following)
        if report.counts["failed"]:
            raise CommandError(
                f"{report.counts['failed']} article(s) or file(s) could not be imported; see above."
            )

    def _summary(self, report, dry_run: bool) -> str:
        counts = report.counts
        summary = (
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['duplicate']} duplicate, "
            f"{counts['skipped']} skipped (nothing in them), {counts['failed']} failed."
        )
        return f"Dry run, nothing written: would be {summary}" if dry_run else summary

    def _print_problems(self, label: str, problems, count: int) -> None:
        for where, reason in problems[:MAX_PRINTED]:
            self.stderr.write(f"{label} {where}: {reason}")
        if count > MAX_PRINTED:
            self.stderr.write(f"... and {count - MAX_PRINTED} more {label.lower()} (see ImportRun)")

    def _report_index(self, following: follower.Following) -> None:
        """Say in one line how many articles the run brought up to date in the index.

        The index follower indexed most of them while importing; the drain here applies
        the rest (the last batch, or all of them if the follower stopped early).
        """
        if following.stopped_early:
            self.stdout.write(
                self.style.WARNING("The indexing process stopped early; draining the queue now.")
            )
        drain_and_report(self, applied_before=following.applied)
