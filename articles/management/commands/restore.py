from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import backups, search
from articles.indexing import check
from articles.indexing.report import drain_and_report


class Command(BaseCommand):
    help = (
        "Restore the database and search index from a folder written by `backup`. "
        "Stop the site first; then run `check_index`."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="A folder written by `backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already holds articles.",
        )

    def handle(self, *args, source, replace, **options):
        try:
            manifest = backups.restore(source, replace=replace)
        except (backups.BackupError, search.IndexBusy) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {manifest.articles} article(s) from {source}.")
        if not manifest.has_index:
            raise CommandError("The backup has no search index: run `manage.py rebuild_index` now.")
        # The backup's queue holds the changes its index copy had not yet seen; a copy made
        # during a bulk import may lag further, and the comparison finds those too.
        drifted = check.queue_drifted_articles()
        if drifted:
            self.stdout.write(f"Index copy behind the database for {drifted} article(s).")
        drain_and_report(self)
