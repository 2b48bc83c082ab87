"""One interface, two engines: each engine module has every member of engine.SearchEngine
with the same signature, importing the package loads no engine, and a PostgreSQL search
runs without Whoosh loaded at all."""

import ast
import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection

from articles.search.engine import SearchEngine

ENGINES = ["articles.search.whoosh", "articles.search.postgres"]
ROOT = Path(django_settings.BASE_DIR)
SEARCH_PACKAGE = ROOT / "articles" / "search"


def _methods() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(SearchEngine).items()
        if callable(member) and not name.startswith("_")
    }


def _parameters(signature: inspect.Signature, *, drop_self: bool) -> list[tuple]:
    """Return each parameter's name, kind and whether it has a default."""
    parameters = list(signature.parameters.values())[1 if drop_self else 0 :]
    return [(p.name, p.kind, p.default is not inspect.Parameter.empty) for p in parameters]


@pytest.mark.parametrize("module_name", ENGINES)
@pytest.mark.parametrize("member", sorted(_methods()))
def test_each_engine_provides_every_function_of_the_interface_with_its_signature(
    module_name, member
):
    engine = importlib.import_module(module_name)

    assert callable(getattr(engine, member, None)), f"{module_name} has no {member}()"
    expected = _parameters(_methods()[member], drop_self=True)
    assert _parameters(inspect.signature(getattr(engine, member)), drop_self=False) == expected


@pytest.mark.parametrize("module_name", ENGINES)
def test_each_engine_says_whether_it_writes_in_the_articles_transaction(module_name):
    engine = importlib.import_module(module_name)

    for name, kind in SearchEngine.__annotations__.items():
        assert isinstance(getattr(engine, name, None), kind), f"{module_name}.{name}"


def _run_python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="newsarchive.settings", **env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_importing_the_search_package_and_the_site_loads_no_engine():
    result = _run_python(
        "import django, sys; django.setup(); import articles.search, articles.urls; "
        "print(sorted(m for m in sys.modules if m == 'whoosh' or '.search.' in m))"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['articles.search.engine',", "'articles.search.types']"]


@pytest.mark.postgres
def test_a_postgresql_search_runs_with_whoosh_never_imported(
    settings, transactional_db, make_article
):
    settings.SEARCH_ENGINE = "postgres"
    make_article(title="Grain deal talks resume", paragraphs=("Negotiators met in Istanbul.",))
    url = urlsplit(os.environ["DATABASE_URL"])
    test_database = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))

    result = _run_python(
        "import django, sys; django.setup(); from articles import search; "
        "print(search.search_articles('negotiators').total, 'whoosh' in sys.modules)",
        DATABASE_URL=test_database,
        NEWSARCHIVE_SEARCH_ENGINE="postgres",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "False"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _module_imports(path: Path) -> set[str]:
    """Return the articles.search modules `path` imports, at load or inside a function."""
    package = path.relative_to(ROOT).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = ".".join(package[: len(package) - node.level + 1])
        target = f"{base}.{node.module}" if node.module else base
        if node.module:  # `from . import x` needs only x: its package is already loading
            found.add(target)
        found.update(f"{target}.{a.name}" for a in node.names if _is_module(f"{target}.{a.name}"))
    return {name for name in found if name.startswith("articles.search")} - {_module_name(path)}


def test_the_search_package_has_no_import_cycles():
    modules = {_module_name(path): _module_imports(path) for path in SEARCH_PACKAGE.rglob("*.py")}

    def cycle_from(name, trail):
        if name in trail:
            return [*trail[trail.index(name) :], name]
        for imported in sorted(modules.get(name, ())):
            if found := cycle_from(imported, [*trail, name]):
                return found
        return None

    cycles = [cycle for name in sorted(modules) if (cycle := cycle_from(name, []))]
    assert cycles == []
