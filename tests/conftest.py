"""Fixtures: a real temporary Whoosh index for every test, and small article builders."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.utils import timezone

from articles import search
from articles.indexing import queue
from articles.models import Article, Paragraph, Source
from articles.models.quotes import refresh_quotes
from articles.search.whoosh import storage

from . import redis_server

ROOT = Path(django_settings.BASE_DIR)
SEED_FILE = Path(django_settings.BASE_DIR) / "seeds" / "000_eeae204127c26f06.txt"


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    """Give each test its own empty, real search index."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    folder, _ = storage.create_build()
    storage.swap_in(folder)
    return settings.SEARCH_INDEX_DIR


@pytest.fixture(autouse=True)
def private_cache(settings):
    """Give each test an empty cache of its own, with rate limiting off unless it turns it on."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.RATE_LIMIT_ENABLED = False
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(params=["memory", "files", "redis"])
def counters_cache(request, settings, tmp_path):
    """Keep the counters in each kind of cache for the test: `pytestmark =
    pytest.mark.usefixtures("counters_cache")` runs a module in memory, in the file cache
    (the default) and on Redis (several web nodes; skipped, saying why, where none answers)."""
    if request.param == "files":
        default = {"BACKEND": "newsarchive.cache.FailSoftFileBasedCache", "LOCATION": tmp_path}
        settings.CACHES = {**settings.CACHES, "default": default}
    if request.param != "redis":
        yield request.param
        return
    with redis_server.private_cache(settings):
        yield request.param


@pytest.fixture(params=["whoosh", "whoosh-slow", "postgres"])
def engine(request, settings, db):
    """Configure one search engine for the test: `pytestmark = pytest.mark.usefixtures("engine")`
    runs a module on both (the PostgreSQL run only in the suite's PostgreSQL pass), and on
    Whoosh twice: "whoosh-slow" turns its fast path off, which must change no result.
    Returns the engine's name ("whoosh" for both Whoosh runs)."""
    name = request.param.removesuffix("-slow")
    settings.SEARCH_ENGINE = name
    settings.SEARCH_FAST_PATH = request.param != "whoosh-slow"
    return name


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash passwords cheaply: the tests check what signing in does, not PBKDF2's cost (which
    took 20 s of CPU in the login tests alone). Real processes (tests/live) keep the default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_file() -> Path:
    return SEED_FILE


@pytest.fixture
def make_article(db):
    """Return a function that saves an article with paragraphs (and their quotes) and indexes
    it."""

    def make(title="An article", paragraphs=("Some text.",), source="Test Wire", **fields):
        with transaction.atomic():
            article = Article.objects.create(title=title, source=Source.named(source), **fields)
            Paragraph.objects.bulk_create(
                Paragraph(article=article, position=position, text=text)
                for position, text in enumerate(paragraphs, start=1)
            )
            refresh_quotes([article.pk])  # nor finds quotes
            queue.enqueue([article.pk], drain=False)  # bulk_create queues nothing
        search.apply_pending()
        return article

    return make


@pytest.fixture
def seed_article(db, seed_file):
    """Import the seed file through the real importer and index it."""
    from articles import importers

    importers.import_paths([seed_file.parent])
    search.apply_pending()
    return Article.objects.get()


def change_behind_the_index(article_id: int, title: str) -> None:
    """Retitle an article in SQL, as another program would: the models queue nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET title = %s, updated_at = %s WHERE id = %s",
            [title, timezone.now(), article_id],
        )


def found_ids(text: str, **options) -> list[int]:
    """Return the ids of the articles a search finds, in order."""
    return [hit.article_id for hit in search.search_articles(text, **options).hits]


@pytest.fixture
def subprocess_archive(tmp_path):
    """Return (run a manage.py command in a child process, database path): an archive in files."""
    database = tmp_path / "db.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        NEWSARCHIVE_INDEX_DIR=str(tmp_path / "index"),
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
    )

    def manage(*args, **options):
        command = [sys.executable, "manage.py", *map(str, args)]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **options)

    manage("migrate", "-v0", check=True)
    manage("rebuild_index", check=True)
    manage.env, manage.root = env, ROOT
    return manage, database


def pytest_collection_modifyitems(config, items):
    """On SQLite, leave out the PostgreSQL engine's tests; `make test`'s PostgreSQL run has them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left_out = [item for item in items if _needs_postgres(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not _needs_postgres(item)]


def _needs_postgres(item) -> bool:
    callspec = getattr(item, "callspec", None)
    return item.get_closest_marker("postgres") is not None or (
        callspec is not None and callspec.params.get("engine") == "postgres"
    )


READER_PASSWORD = "a-long-unusual-pass-phrase"


@pytest.fixture
def reader(db):
    """A reader's account (e-mail as the user name), signed in with READER_PASSWORD."""
    return User.objects.create_user(
        "reader@example.org", email="reader@example.org", password=READER_PASSWORD
    )


@pytest.fixture
def other(db):
    """Another reader, whose searches, collections and frozen sets the first must not reach."""
    return User.objects.create_user(
        "other@example.org", email="other@example.org", password="another-pass-phrase"
    )


@pytest.fixture
def signed_in(client, reader):
    """The test client, signed in as the reader."""
    client.force_login(reader)
    return client
