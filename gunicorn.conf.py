"""gunicorn settings every start of the archive shares (`make serve`, docs/operating.md's Procfile
line, the live tests): gunicorn reads this file from the folder it is started in."""

import logging
import time

# gunicorn's largest request line (its default is 4094): addresses up to the archive's own
# limit (settings.MAX_URL_CHARS) reach the archive, which answers 414 in JSON on /api/.
limit_request_line = 8190

log = logging.getLogger("newsarchive")


def post_worker_init(worker):
    """Read what searches keep per process before this worker takes its first request.

    With the Whoosh engine at 100,000 articles that is three to four seconds
    (articles.search.warm_up), which a worker started by --max-requests would otherwise
    make its first reader wait; the other workers serve meanwhile. A worker that cannot
    read the index still starts, and its searches answer as they would have (503 with a
    clear page for a missing index).
    """
    from articles import search

    started = time.perf_counter()
    try:
        search.warm_up()
    except Exception:  # whatever the index says, the worker must start
        log.warning("Worker %s could not read the search index first", worker.pid, exc_info=True)
    else:
        seconds = time.perf_counter() - started
        log.info("Worker %s read the search index in %.1f s before serving", worker.pid, seconds)
