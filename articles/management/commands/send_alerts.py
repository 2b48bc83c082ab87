from django.core.management.base import BaseCommand

from articles import alerts


class Command(BaseCommand):
    help = (
        "Mail each due alert of the saved searches once, with the articles added since the "
        "last one; run it from cron or a timer (articles/alerts.py says why it is safe to kill)."
    )

    def handle(self, *args, **options):
        queued, sent = alerts.run()
        self.stdout.write(f"Alerts with new articles: {queued}. Mails sent: {sent}.")
