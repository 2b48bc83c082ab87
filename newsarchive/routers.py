"""Read replicas: reads go to a replica, writes and migrations to the primary ("default").

Enabled by DATABASE_REPLICA_URLS (settings.py). A replica lags its primary a little, so the
admin and every request that writes (POST and friends) read from the primary for the whole
request: an editor always sees their own change. Searches and article pages read replicas.
"""

import random
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
_primary_only = ContextVar("primary_only", default=False)


def replicas() -> list[str]:
    """Return the aliases of the configured read replicas."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _primary_only.get() or not replicas():
            return PRIMARY
        return random.choice(replicas())  # noqa: S311 -- spreading load, not a secret

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryForWritesMiddleware:
    """Read from the primary during admin requests and any request that may write."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.method not in self.SAFE_METHODS or request.path.startswith("/admin/")
        token = _primary_only.set(pinned)
        try:
            return self.get_response(request)
        finally:
            _primary_only.reset(token)
