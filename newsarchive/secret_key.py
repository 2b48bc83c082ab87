"""Refuse to serve with the repository's public development key when DEBUG is off.

Only the web entry points (wsgi.py, asgi.py) call this: management commands sign nothing,
so importing articles or creating an editor still works without a key.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Django marks the keys it generates for development so; `check --deploy` flags them too.
INSECURE_PREFIX = "django-insecure-"
HOW_TO_MAKE_ONE = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def require_a_secret_key() -> None:
    """Raise ImproperlyConfigured when serving without DEBUG and without a real secret key."""
    if settings.DEBUG or not settings.SECRET_KEY.startswith(INSECURE_PREFIX):
        return
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set and DEBUG is off: the archive will not serve with the "
        "public development key, which would let anyone forge sessions and sign-ins. "
        f"Make a key with `{HOW_TO_MAKE_ONE}` and set DJANGO_SECRET_KEY to it (.env.example); "
        "for development only, DJANGO_DEBUG=true serves without one (as `make run` does)."
    )
