"""Answer 414 to an address longer than the archive reads: JSON on the API, a page elsewhere.

gunicorn refuses longer request lines with its own HTML page before Django sees them, so
gunicorn.conf.py sets its limit above this one: up to there, the archive answers.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from articles.search import MAX_QUERY_CHARS


class UrlLengthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) <= settings.MAX_URL_CHARS:
            return self.get_response(request)
        message = (
            f"This address is too long: at most {settings.MAX_URL_CHARS:,} characters. "
            f"A search reads the first {MAX_QUERY_CHARS:,} characters of its query."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"error": message}, status=414)
        return render(request, "url_too_long.html", {"message": message}, status=414)
