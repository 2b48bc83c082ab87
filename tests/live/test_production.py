"""Production mode: `check --deploy` is clean with the production variables of .env.example,
and gunicorn serves the archive with WhiteNoise, DEBUG off and the security headers."""

import re
import urllib.error
import urllib.request

from .site import BASE_DIR, GUNICORN, PYTHON, free_port, stop, wait_until_up

PRODUCTION_SECRET = "k3y-" + "x7Qp9Lr2Vw5Zt8Nc4Bm6Hj1Fg0Ds3Ae" * 2


def production_variables() -> dict[str, str]:
    """Return each variable of .env.example that has a `# Production: VALUE` line above it."""
    text = (BASE_DIR / ".env.example").read_text()
    pairs = re.findall(r"^# Production: (.*)\n(?:#.*\n)*([A-Z_]+)=", text, flags=re.M)
    return {name: value.strip() for value, name in pairs}


def test_env_example_names_the_production_value_of_every_security_setting():
    assert production_variables() == {
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
        "DJANGO_SECURE_COOKIES": "true",
        "DJANGO_BEHIND_HTTPS_PROXY": "true",
        "DJANGO_STATIC_MANIFEST": "true",
    }


def test_check_deploy_reports_no_issues_with_the_production_variables(site):
    env = {
        **production_variables(),
        "DJANGO_SECRET_KEY": PRODUCTION_SECRET,
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    }

    result = site.manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_without_them(site):
    no_key = {"DJANGO_SECRET_KEY": ""}
    result = site.manage("check", "--deploy", "--fail-level", "WARNING", check=False, env=no_key)

    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert warning in result.stderr


def test_gunicorn_serves_static_files_by_whitenoise_with_headers_and_no_debug_pages(make_site):
    site = make_site(DJANGO_STATIC_MANIFEST="true")
    site.manage("collectstatic", "--no-input", "--verbosity", "0")
    with site.serving(workers=2) as url:
        home = urllib.request.urlopen(f"{url}/", timeout=30)
        html = home.read().decode()
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
        css = urllib.request.urlopen(f"{url}{stylesheet}", timeout=30)
        try:
            urllib.request.urlopen(f"{url}/no-such-page/", timeout=30)
        except urllib.error.HTTPError as error:
            missing = error

    assert "default-src 'self'" in home.headers["Content-Security-Policy"]
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    assert home.headers["Referrer-Policy"] == "same-origin"
    assert css.status == 200
    assert "max-age=315360000" in css.headers["Cache-Control"]
    assert missing.code == 404
    assert "Traceback" not in missing.read().decode()


def test_gunicorn_refuses_to_start_with_debug_off_and_no_secret_key_and_says_how_to_make_one(
    make_site,
):
    site = make_site(DJANGO_SECRET_KEY="")
    server = site.start(
        "gunicorn", GUNICORN, "newsarchive.wsgi", "--bind", f"127.0.0.1:{free_port()}",
        "--no-control-socket",
    )  # fmt: skip

    try:
        exit_code = server.wait(30)
    finally:
        stop(server)

    assert exit_code != 0
    log = site.log("gunicorn")
    assert "DJANGO_SECRET_KEY is not set and DEBUG is off" in log
    assert "python -c 'import secrets; print(secrets.token_urlsafe(50))'" in log


def test_the_development_server_of_make_run_serves_without_a_secret_key(make_site):
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "\tDJANGO_DEBUG=true $(MANAGE) runserver " in makefile
    site = make_site(DJANGO_SECRET_KEY="", DJANGO_DEBUG="true")
    port = free_port()
    server = site.start(
        "runserver", PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"
    )

    try:
        wait_until_up(f"http://127.0.0.1:{port}", server)
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
    finally:
        stop(server)

    assert home.status == 200
