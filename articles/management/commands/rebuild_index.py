from django.core.management.base import BaseCommand, CommandError

from articles import search


class Command(BaseCommand):
    help = (
        "Build a new search index from the database beside the live one and swap it in. "
        "Searches go on using the old index until the swap."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only build if there is no readable index (used by `make run`).",
        )

    def handle(self, *args, if_missing, **options):
        try:
            count = search.rebuild_index(if_missing=if_missing)
        except search.IndexBusy as error:
            raise CommandError(f"{error} Try again when it has finished.") from error
        if count is None:
            self.stdout.write("Search index present and readable; left as it is.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} article(s)."))
