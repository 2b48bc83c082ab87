"""A write refused by a full or read-only disk answers 503 with the reason; any other error
is still the plain 500 page. The real disks are in tests/live/test_faults_disk.py."""

import errno

import pytest
from django.db import OperationalError
from django.urls import path

from newsarchive import errors
from newsarchive import urls as site_urls

ERRORS = {
    "full-database": OperationalError("database or disk is full"),
    "read-only-database": OperationalError("attempt to write a readonly database"),
    "full-disk": OSError(errno.ENOSPC, "No space left on device"),
    "a-bug": RuntimeError("something else"),
}


def fail(request, name):
    raise ERRORS[name]


# The site's own addresses too: the 503 page links to them.
urlpatterns = [path("api/<str:name>", fail), path("page/<str:name>", fail), *site_urls.urlpatterns]
handler500 = errors.server_error


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", ["full-database", "read-only-database", "full-disk"])
def test_a_refused_write_answers_503_with_a_page_or_json(client, db, name, caplog):
    page = client.get(f"/page/{name}")
    api = client.get(f"/api/{name}")

    assert page.status_code == 503
    assert "Saving is unavailable" in page.content.decode()
    assert page["Retry-After"] == "300"
    assert api.status_code == 503
    assert "disk is full or read-only" in api.json()["error"]
    assert f"A write was refused with 503 (GET /page/{name})" in caplog.text


@pytest.mark.urls(__name__)
def test_any_other_error_is_still_a_500(client, db):
    response = client.get("/page/a-bug")

    assert response.status_code == 500
    assert "Saving is unavailable" not in response.content.decode()
