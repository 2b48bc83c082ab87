"""WSGI entry point, used by production servers."""

import os

from django.core.wsgi import get_wsgi_application

from newsarchive.secret_key import require_a_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_wsgi_application()

require_a_secret_key()
