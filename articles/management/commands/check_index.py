from django.core.management.base import BaseCommand, CommandError

from articles import search

SHOWN_IDS = 20


class Command(BaseCommand):
    help = "Compare the search index with the database; exit non-zero if they differ."

    def handle(self, *args, **options):
        try:
            drift = search.check_index()
        except search.IndexUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Documents in the index: {drift.documents}")
        self.stdout.write(f"Queued updates: {drift.pending}")
        for label, ids in (
            ("Missing from the index", drift.missing),
            ("Stale in the index", drift.stale),
            ("Orphaned in the index (no such article)", drift.orphaned),
        ):
            self.stdout.write(f"{label}: {len(ids)}{_sample(ids)}")
        if not drift.in_sync:
            raise CommandError(
                "The index differs from the database. `update_index` applies queued updates; "
                "`rebuild_index` rebuilds it from the database."
            )
        self.stdout.write(self.style.SUCCESS("The index matches the database."))


def _sample(ids: list[int]) -> str:
    if not ids:
        return ""
    more = f", … ({len(ids) - SHOWN_IDS} more)" if len(ids) > SHOWN_IDS else ""
    return " (article ids " + ", ".join(map(str, ids[:SHOWN_IDS])) + more + ")"
