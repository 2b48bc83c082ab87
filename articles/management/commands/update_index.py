from django.core.management.base import BaseCommand, CommandError

from ._index_output import drain_and_report


class Command(BaseCommand):
    help = "Apply the queued search index updates (after a busy or missing index, or a crash)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=60.0,
            help="Seconds to wait for another process to release the index (default 60).",
        )

    def handle(self, *args, lock_timeout, **options):
        if not drain_and_report(self, lock_timeout=lock_timeout):
            raise CommandError("The queue could not be drained; see above.")
