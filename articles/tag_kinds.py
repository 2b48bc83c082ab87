"""The five kinds of tag and how a tag's name becomes its slug; imports nothing of the app.

Shared by the models, the importers (which parse without a database) and the search
engines, so a tag typed in a query (`person:"Volodymyr Zelensky"`) finds the slug an
importer gave it (`volodymyr-zelensky`).
"""

from django.utils.text import slugify

TAG_KINDS = ("topic", "place", "person", "organisation", "exchange")
MAX_TAG_CHARS = 200


def tag_slug(name: str) -> str:
    """Return the slug of a tag's name: lower case, words joined by hyphens, letters kept
    in any script (a name in Cyrillic keeps its letters), or "" if it has none."""
    return slugify(name, allow_unicode=True)[:MAX_TAG_CHARS].strip("-")
