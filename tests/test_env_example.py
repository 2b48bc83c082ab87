"""`.env.example` exported as it stands configures a working archive, and with its production
values `check --deploy` is clean. Each check runs a real shell, make or manage.py process."""

import re
import shutil
import subprocess
import sys

from django.conf import settings

from .live.test_production import PRODUCTION_SECRET, production_variables

BASE_DIR = settings.BASE_DIR
# What a fresh login shell has; nothing of this test process's own configuration leaks in.
CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
BASH = shutil.which("bash")


def exported(command: str, cwd, **extra) -> subprocess.CompletedProcess:
    """Run `command` in bash after exporting every line of .env.example, as the file says."""
    script = f"set -a; . {BASE_DIR / '.env.example'}; set +a; {command}"
    return subprocess.run(
        [BASH, "-c", script],
        cwd=cwd,
        env={**CLEAN_ENV, **extra},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args: str) -> str:
    return " ".join([sys.executable, str(BASE_DIR / "manage.py"), *args])


def test_every_line_exports_in_a_shell_without_an_error(tmp_path):
    result = exported("env", tmp_path)

    assert (result.returncode, result.stderr) == (0, "")
    assert "DATABASE_URL=sqlite:///var/db.sqlite3" in result.stdout.splitlines()


def test_relative_paths_are_in_the_project_whichever_folder_a_command_runs_from(tmp_path):
    show = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['NAME'], s.SEARCH_INDEX_DIR, s.CACHE_DIR, s.STATIC_ROOT)"
    )

    result = exported(manage("shell", "--verbosity", "0", "-c", f'"{show}"'), tmp_path)

    assert result.returncode == 0, result.stderr
    var = BASE_DIR / "var"
    assert result.stdout.split() == [
        str(var / "db.sqlite3"),
        str(var / "index"),
        str(var / "cache"),
        str(var / "static"),
    ]


def test_check_deploy_is_clean_with_the_production_values(tmp_path):
    production = {
        **production_variables(),
        "DJANGO_SECRET_KEY": PRODUCTION_SECRET,
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    }
    # The production values replace the file's own, as an operator sets them after it.
    overrides = " ".join(f"{name}={value}" for name, value in production.items())

    result = exported(
        f"{overrides} {manage('check', '--deploy', '--fail-level', 'WARNING')}", tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def make_serve_dry_run(*arguments: str) -> str:
    """Return the commands `make serve` would run (-n), its installer step taken as done."""
    make = f"make -n -o .venv/bin/.runtime-installed serve {' '.join(arguments)}"
    result = exported(make, BASE_DIR)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_serve_hands_gunicorn_a_worker_count_when_workers_is_empty():
    default = re.search(r"--workers (\S+)", make_serve_dry_run()).group(1)
    given = re.search(r"--workers (\S+)", make_serve_dry_run("WORKERS=3")).group(1)
    empty = re.search(r"--workers (\S+)", make_serve_dry_run("WORKERS=")).group(1)

    assert int(default) >= 3 and default == empty
    assert given == "3"
    assert "--bind 127.0.0.1:8000" in make_serve_dry_run()
