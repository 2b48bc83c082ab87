"""Settings for the news archive, read from the environment with safe defaults.

Every variable is listed in `.env.example`. Nothing here is secret or machine-specific
unless it comes from the environment.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.utils import DEFAULT_DIRECTIVES
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    """Return the boolean value of an environment variable; reject anything ambiguous."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    """Return the integer value of an environment variable; reject anything else."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_path(name: str, default: Path) -> Path:
    """Return a folder or file named by an environment variable, relative ones in the project.

    `.env.example` names `var/...`: resolved here, they mean the same folder whichever
    directory a command runs from, and `check --deploy` finds no relative cache path.
    """
    value = os.environ.get(name, "").strip()
    return BASE_DIR / value if value else default


def sqlite_in_project(database: dict) -> dict:
    """Return the database settings with a relative SQLite file resolved in the project."""
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3") and name and name != ":memory:":
        database["NAME"] = str(BASE_DIR / name)  # an absolute name stays as it is
    return database


def without_jit(database: dict) -> dict:
    """Return PostgreSQL's settings with JIT compilation off for this app's connections.

    A search's one statement (articles/search/postgres/one_pass.py) is estimated dear
    enough at 100,000 articles for PostgreSQL to compile it, which took 60 to 70 ms of an
    80 ms search: JIT pays for long analytic queries, never for a page's. A `-c jit=on` in
    the URL's `options` comes later and wins.
    """
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"-c jit=off {options.get('options', '')}".strip()
    return database


def env_list(name: str, default: str) -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_csp(name: str, default: str) -> dict | None:
    """Return a Content-Security-Policy header value from the environment as django-csp's
    setting ({"DIRECTIVES": {name: [sources]}}), or None (no header) for an empty value."""
    directives = {}
    for part in os.environ.get(name, default).split(";"):
        if part.strip():
            directive, *sources = part.split()
            if directive.lower() not in DEFAULT_DIRECTIVES:
                raise ImproperlyConfigured(f"{name} names an unknown directive {directive!r}")
            directives[directive.lower()] = sources or True  # upgrade-insecure-requests
    return {"DIRECTIVES": directives} if directives else None


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback (also for an empty DJANGO_SECRET_KEY=, as in .env.example) starts with
# "django-insecure-": `check --deploy` flags it and the web server refuses it with DEBUG off
# (secret_key.py); commands, which sign nothing, run with it.
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY", "").strip()
    or "django-insecure-local-development-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Search vectors, trigram lookups and headlines for the PostgreSQL search engine.
    "django.contrib.postgres",
    # django-csp: its system checks (the middleware below sends the header).
    "csp",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsarchive.url_length.UrlLengthMiddleware",
    # Refuse floods before they cost a session lookup or a search.
    "newsarchive.ratelimit.RateLimitMiddleware",
    # With read replicas, admin requests and writes read from the primary (routers.py).
    "newsarchive.routers.PrimaryForWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"
WSGI_APPLICATION = "newsarchive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": without_jit(
        sqlite_in_project(
            dj_database_url.parse(
                os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
                conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
            )
        )
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, opening the database read-only when its disk is full or read-only.
    DATABASES["default"]["ENGINE"] = "newsarchive.sqlite"
    # WAL lets searches read while an import writes; the timeout makes a second writer
    # wait for the lock instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# Read replicas of a PostgreSQL primary, comma-separated postgres:// URLs (docs/operating.md,
# "Several web nodes"): the router sends reads there and writes to the primary. Tests use
# the primary.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    replica = without_jit(
        dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    )
    DATABASES[f"replica_{number}"] = replica | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["newsarchive.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("DJANGO_STATIC_ROOT", VAR_DIR / "static")
# Production (`make serve`) collects static files with hashed names and WhiteNoise serves
# them, cached for a year. The manifest exists only after collectstatic, so development and
# tests keep the plain storage and runserver's own static view.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if STATIC_MANIFEST:
    # Straight after the security headers are decided, before sessions or rate limits.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

# The Whoosh index lives in this folder; rebuilds write a new index beside the live one.
SEARCH_INDEX_DIR = env_path("NEWSARCHIVE_INDEX_DIR", VAR_DIR / "index")
# How long a web request waits for the index lock before leaving its update queued.
SEARCH_LOCK_TIMEOUT = float(os.environ.get("NEWSARCHIVE_INDEX_LOCK_TIMEOUT", "2"))
# Processes that analyse documents while a bulk import indexes (Whoosh's multi-process
# writer); 1 means a single writer. Two by default where there are two cores: the import
# benchmark (bench/README.md) measures both, and two made the whole import faster.
SEARCH_INDEX_PROCS = max(
    1, int(os.environ.get("NEWSARCHIVE_INDEX_PROCS", "2" if (os.cpu_count() or 1) > 1 else "1"))
)

# --- Security headers and HTTPS (`.env.example` gives the production values) -------------

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto (only then: it can be forged).
if env_bool("DJANGO_BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: templates link static files only. django-csp sends it
# on every response (Django 6.0's own SECURE_CSP takes the same directives).
CONTENT_SECURITY_POLICY = env_csp(
    "NEWSARCHIVE_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# --- Hostile clients -------------------------------------------------------------------

# Counters (rate limits, sign-in failures, export slots) live in a cache every worker shares,
# counted atomically (cache.py): files by default, which need no server but are one machine's;
# with NEWSARCHIVE_CACHE_URL (redis://host:port/db) Django's Redis cache, which every web node
# shares (docs/operating.md, "Counters shared by every web node"). Results pages are kept in
# the cache folder's pages/ ("pages", articles/views/page_cache.py), shared by the workers, at
# most PAGE_CACHE_SECONDS and only while the index is unchanged; 0 turns that off. On a full
# or read-only disk, or with Redis down, the caches stop keeping anything, and pages are still
# served (cache.py).
CACHE_DIR = env_path("NEWSARCHIVE_CACHE_DIR", VAR_DIR / "cache")
CACHE_URL = os.environ.get("NEWSARCHIVE_CACHE_URL", "").strip()
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"NEWSARCHIVE_CACHE_URL must be a redis:// (or rediss://, unix://) URL, not {CACHE_URL!r}"
    )
CACHES = {
    "default": {
        "BACKEND": "newsarchive.cache.FailSoftRedisCache",
        "LOCATION": CACHE_URL,
        # A Redis that does not answer costs each cache call a second at most, not a hung worker.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if CACHE_URL
    else {
        "BACKEND": "newsarchive.cache.FailSoftFileBasedCache",
        "LOCATION": str(CACHE_DIR),
    },
    "pages": {
        "BACKEND": "newsarchive.cache.FailSoftFileBasedCache",
        "LOCATION": str(CACHE_DIR / "pages"),
        "OPTIONS": {"MAX_ENTRIES": env_int("NEWSARCHIVE_PAGE_CACHE_ENTRIES", 1000)},
    },
}
PAGE_CACHE_SECONDS = env_int("NEWSARCHIVE_PAGE_CACHE_SECONDS", 120)
# Behind a proxy every request comes from the proxy: name the header it puts the client in
# (HTTP_X_FORWARDED_FOR or HTTP_X_REAL_IP). Empty means the connection's own address,
# REMOTE_ADDR. The header is believed only on connections from TRUSTED_PROXIES (addresses or
# networks), read from the right: the address the last trusted proxy added (client_address.py).
CLIENT_ADDRESS_HEADER = os.environ.get("NEWSARCHIVE_CLIENT_ADDRESS_HEADER", "")
TRUSTED_PROXIES = env_list("NEWSARCHIVE_TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"NEWSARCHIVE_TRUSTED_PROXIES holds {_proxy!r}, which is not an address or network"
        ) from None
# The longest address (path and query string) the archive reads; longer ones answer 414, in
# JSON on /api/. gunicorn.conf.py lets request lines this long through to the archive.
MAX_URL_CHARS = 8000
# Requests per address per window on each of these path prefixes (each counted apart); over
# it, 429 with Retry-After. Everything that costs a search or a scan of the articles is here:
# searches and exports, the API, feeds, suggestions and the sitemaps.
# The importer finds the people, organisations and places each new or changed article names
# (articles/names/); off, `manage.py find_names` does it later.
FIND_NAMES_ON_IMPORT = env_bool("NEWSARCHIVE_FIND_NAMES_ON_IMPORT", True)
RATE_LIMIT_ENABLED = env_bool("NEWSARCHIVE_RATE_LIMIT_ENABLED", True)
RATE_LIMIT_REQUESTS = env_int("NEWSARCHIVE_RATE_LIMIT_REQUESTS", 60)
RATE_LIMIT_WINDOW = env_int("NEWSARCHIVE_RATE_LIMIT_WINDOW", 60)
RATE_LIMIT_PATHS = env_list(
    "NEWSARCHIVE_RATE_LIMIT_PATHS",
    "/search/,/compare/,/api/,/feeds/,/suggest/,/sitemap,/account/searches/,/collections/,/frozen/",
)
# Exports (up to 5,000 articles, streamed) running at once, over all clients; each client
# address runs one at a time. Keep it below the number of web workers
# (articles/views/export_slots.py).
EXPORTS_AT_ONCE = env_int("NEWSARCHIVE_EXPORTS_AT_ONCE", 2)
# Failed admin sign-ins allowed within a sliding window of LOGIN_WINDOW seconds, per account
# and address together; per account from anywhere and per address across accounts, only from
# addresses that have not signed in to the account before (login_throttle.py).
LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = env_int(
    "NEWSARCHIVE_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", 5
)
LOGIN_FAILURES_PER_ACCOUNT = env_int("NEWSARCHIVE_LOGIN_FAILURES_PER_ACCOUNT", 50)
LOGIN_FAILURES_PER_ADDRESS = env_int("NEWSARCHIVE_LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_WINDOW = env_int("NEWSARCHIVE_LOGIN_WINDOW", 900)

# --- Readers' accounts and e-mail (docs/accounts.md) -----------------------------------

# Readers sign in with their e-mail address at /account/sign-in/; staff keep the admin.
LOGIN_URL = "articles:sign_in"
LOGIN_REDIRECT_URL = "articles:saved_searches"
LOGOUT_REDIRECT_URL = "articles:home"
# Django's mail settings. Without EMAIL_HOST the mails (sign-up links, password resets,
# alerts) are printed on the console, so `make run` works with nothing else installed.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "archive@localhost"
# The address the archive is reached at, for the links in alerts (which `send_alerts` writes
# outside any request); sign-up and reset mails use the address the reader came from.
SITE_URL = os.environ.get("NEWSARCHIVE_SITE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
# Searches one reader may save (each costs a search when their list is shown).
SAVED_SEARCHES_PER_READER = 100
# Collections one reader may keep, and articles in each (a collection's page and its exports
# list every article at once).
COLLECTIONS_PER_READER = 100
ARTICLES_PER_COLLECTION = 1000
# Frozen result sets one reader may keep (each up to 5,000 articles, frozen_sets.py).
FROZEN_SETS_PER_READER = 100

# Which search engine answers searches: "whoosh" (an index folder on this machine) or
# "postgres" (PostgreSQL's full-text search in the database, for several web nodes).
SEARCH_ENGINE = os.environ.get("NEWSARCHIVE_SEARCH_ENGINE", "whoosh").strip().lower()
if SEARCH_ENGINE not in {"whoosh", "postgres"}:
    raise ImproperlyConfigured(
        f"NEWSARCHIVE_SEARCH_ENGINE must be whoosh or postgres, not {SEARCH_ENGINE!r}"
    )
if (
    SEARCH_ENGINE == "postgres"
    and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
):
    raise ImproperlyConfigured(
        "NEWSARCHIVE_SEARCH_ENGINE=postgres needs a PostgreSQL DATABASE_URL (postgres://...)"
    )
# The Whoosh engine reads Whoosh 2.7.4's postings straight from its files (the fast path,
# articles/search/whoosh/fastpath/); off, it steps Whoosh's own matchers: the same results,
# slower. It is off by itself under any other Whoosh version.
SEARCH_FAST_PATH = env_bool("NEWSARCHIVE_SEARCH_FAST_PATH", True)

# Sitemap pages list at most this many addresses (the protocol allows 50,000), and the
# index and its pages are cached this long: crawlers fetch them often, and they change slowly.
SITEMAP_PAGE_SIZE = 10_000
SITEMAP_CACHE_SECONDS = 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
