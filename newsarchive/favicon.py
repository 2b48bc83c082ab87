"""/favicon.ico: browsers ask for it on every site, whatever the page links, so it answers
with the site's SVG icon instead of a 404 in every console."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import require_safe

ICON = "img/favicon.svg"
ONE_DAY = 24 * 60 * 60


@cache
def _icon() -> bytes:
    with open(finders.find(ICON), "rb") as file:
        return file.read()


@require_safe
def favicon(request):
    response = HttpResponse(_icon(), content_type="image/svg+xml")
    response["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response
