"""Production mode: `check --deploy` is clean with the production variables of .env.example,
and gunicorn serves the archive with WhiteNoise, DEBUG off and the security headers."""

import re
import urllib.error
import urllib.request

from .site import BASE_DIR

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
    result = site.manage("check", "--deploy", "--fail-level", "WARNING", check=False)

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
