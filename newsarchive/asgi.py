"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from newsarchive.secret_key import require_a_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_asgi_application()

require_a_secret_key()
