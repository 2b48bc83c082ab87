"""Read replicas: reads go to a replica, writes and migrations to the primary."""

import pytest
from django.test import RequestFactory

from articles.models import Article
from newsarchive import routers

# A replica alias is added to the settings for these tests only; Django warns about that.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = settings.DATABASES | {
        "replica_1": settings.DATABASES["default"] | {"TEST": {"MIRROR": "default"}}
    }


def test_reads_go_to_a_replica_and_writes_to_the_primary(with_replica):
    router = routers.PrimaryReplicaRouter()

    assert router.db_for_read(Article) == "replica_1"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica_1", "articles") is False


def test_without_replicas_everything_uses_the_primary(settings):
    assert routers.PrimaryReplicaRouter().db_for_read(Article) == "default"


@pytest.mark.parametrize(
    ("method", "path", "reads_from"),
    [
        ("get", "/search/", "replica_1"),
        ("post", "/search/", "default"),
        ("get", "/admin/articles/article/", "default"),
    ],
)
def test_admin_and_writing_requests_read_from_the_primary(with_replica, method, path, reads_from):
    seen = []
    middleware = routers.PrimaryForWritesMiddleware(
        lambda request: seen.append(routers.PrimaryReplicaRouter().db_for_read(Article))
    )

    middleware(getattr(RequestFactory(), method)(path))

    assert seen == [reads_from]
    assert routers.PrimaryReplicaRouter().db_for_read(Article) == "replica_1"  # reset after
