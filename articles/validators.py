"""Rules a value meets wherever it comes from: the importers, the admin and the models."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_URL_CHARS = 1000

# Only web addresses: a `javascript:` or `data:` URL on an article page would be a link that
# runs code or shows content we never checked (the CSP blocks the click; we never offer it).
validate_web_url = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)


def is_web_url(value: str) -> bool:
    """Return True if value is an http(s) address the archive can store."""
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return len(value) <= MAX_URL_CHARS
