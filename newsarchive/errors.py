"""The 500 handler: a write refused by a full or read-only disk answers 503, not 500.

Django calls handler500 inside the `except` that caught the error, so the error is at hand
(sys.exc_info) wherever it was raised, even in a middleware saving the session.
"""

import logging
import sys

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from . import storage_errors

log = logging.getLogger("newsarchive.storage")

MESSAGE = (
    "The archive cannot save anything at the moment: its disk is full or read-only. "
    "Reading and searching still work; please try again later."
)
RETRY_AFTER_SECONDS = 300


def server_error(request):
    reason = storage_errors.cause(sys.exc_info()[1])
    if reason is None:
        return defaults.server_error(request)
    log.error("A write was refused with 503 (%s %s): %s", request.method, request.path, reason)
    response = _answer(request)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _answer(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": MESSAGE}, status=503)
    try:
        return render(request, "storage_unavailable.html", {"message": MESSAGE}, status=503)
    except Exception:  # The page itself may need what failed: answer in plain text then.
        return HttpResponse(MESSAGE, content_type="text/plain; charset=utf-8", status=503)
