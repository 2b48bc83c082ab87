from django.core.management.base import BaseCommand, CommandError

from articles import importers

from ._index_output import drain_and_report


class Command(BaseCommand):
    help = "Import article files, or folders of them (recursively), into the archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Article files (.txt, .jsonl, .sgm) or folders of them."
        )
        parser.add_argument(
            "--source",
            help="Source of articles that do not name their own "
            f'(default: "Reuters" for .sgm files, else "{importers.DEFAULT_SOURCE}").',
        )

    def handle(self, *args, paths, source, **options):
        progress = self._show_progress if self.stdout.isatty() else None
        report = importers.import_paths(paths, source, progress=progress)
        if progress:
            self.stdout.write("")
        for name, reason in report.failures:
            self.stderr.write(f"FAILED {name}: {reason}")
        counts = report.counts
        self.stdout.write(
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed."
        )
        drain_and_report(self)
        if report.failures:
            raise CommandError(f"{len(report.failures)} file(s) could not be imported; see above.")

    def _show_progress(self, progress: importers.Progress) -> None:
        self.stdout.write(
            f"\rImporting files: {progress.files_done}/{progress.files_total}", ending=""
        )
        self.stdout.flush()
