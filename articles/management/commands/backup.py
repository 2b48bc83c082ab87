from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import backups, search


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the SQLite database and the search index into a new "
        "folder, safely while the site is serving and importing."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="A new (or empty) folder.")
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=10.0,
            help=(
                "Seconds to wait for the index lock (default 10); past it, as during a bulk "
                "import, the index is copied while written and restore reconciles it."
            ),
        )

    def handle(self, *args, destination, lock_timeout, **options):
        try:
            manifest = backups.backup(destination, lock_timeout=lock_timeout)
        except (backups.BackupError, search.IndexBusy) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {manifest.articles} article(s) and "
            f"{manifest.queued_index_updates} queued index update(s) to {destination}."
        )
        if manifest.has_index and not manifest.index_frozen:
            self.stdout.write(
                "The index was being written (a bulk import?): its copy may lag the database; "
                "`restore` re-indexes the difference."
            )
        if not manifest.has_index:
            self.stdout.write(
                self.style.WARNING(
                    "No readable search index to copy: after restoring, run `rebuild_index`."
                )
            )
