import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from articles import search
from articles.indexing.report import drain_and_report

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Apply the queued search index updates (after a busy or missing index, or a crash). "
        "With --watch, keep running and apply them as they arrive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=60.0,
            help="Seconds to wait for another process to release the index (default 60).",
        )
        parser.add_argument(
            "--watch",
            action="store_true",
            help="Run until stopped (SIGTERM or Ctrl-C), draining the queue as work arrives.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="With --watch: seconds between looks at the queue (default 1).",
        )

    def handle(self, *args, lock_timeout, watch, interval, **options):
        if watch:
            self._watch(interval, lock_timeout)
        elif not drain_and_report(self, lock_timeout=lock_timeout):
            raise CommandError("The queue could not be drained; see above.")

    def _watch(self, interval: float, lock_timeout: float) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Watching the index queue every {interval:g} s; stop with Ctrl-C.")
        self.stdout.flush()
        while not stop.is_set():
            self._drain_once(lock_timeout)
            stop.wait(interval)
        self.stdout.write("Stopped watching the index queue.")

    def _drain_once(self, lock_timeout: float) -> None:
        """Apply what is queued; any failure is logged and the work stays for the next turn."""
        close_old_connections()  # A database restart must not end a long-lived indexer.
        try:
            applied = search.apply_pending(lock_timeout=lock_timeout)
        except search.IndexBusy:
            log.info("Search index busy; trying again shortly.")
        except search.IndexUnavailable as error:
            log.error("%s Updates stay queued until it is restored.", error)
        except Exception:
            log.exception("Index update failed; the work stays queued and is tried again.")
        else:
            if applied:
                self.stdout.write(f"Search index: {applied} article(s) brought up to date.")
                self.stdout.flush()
