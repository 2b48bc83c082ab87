"""Fixtures for tests that run the archive as real processes (see site.py)."""

import shutil

import pytest

from .site import Site


def pytest_itemcollected(item):
    """Every test in this folder runs the archive as real processes: the `live` tier."""
    item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Return a freshly migrated SQLite file, made once and copied into each site."""
    site = Site(tmp_path_factory.mktemp("template"))
    site.manage("migrate", "--no-input")
    return site.db_path


@pytest.fixture
def make_site(tmp_path, migrated_database):
    """Return a function that installs a site in a new folder; stop its processes after."""
    sites = []

    def make(name="site", **env):
        site = Site(tmp_path / name, **env).install(template=migrated_database)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop_all()


@pytest.fixture
def site(make_site):
    return make_site()


@pytest.fixture
def articles_folder(tmp_path):
    """Return a copy-free folder path for generated article files."""
    folder = tmp_path / "files"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
