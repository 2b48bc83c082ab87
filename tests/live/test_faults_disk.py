"""Fault 6: var/ cannot be written, full or read-only. Reading goes on (pages, browse, feeds,
search, the API, the admin), what must write answers 503 with a clear page, and the log says
why; nothing that was saved is lost.

Both disks are real: gunicorn runs in a mount namespace of its own (unshare) where var/ is a
read-only bind mount, or a small tmpfs holding a copy of var/ and filled to the last byte.
Root writes through file modes, never through a read-only mount or a full disk.
"""

import http.cookiejar
import os
import re
import shlex
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .site import PYTHON, write_articles

UNSHARE = ("unshare", "--mount") if os.geteuid() == 0 else ("unshare", "--map-root-user", "--mount")


def read_only(var) -> str:
    var = shlex.quote(str(var))
    return f"mount --bind {var} {var} && mount -o remount,bind,ro {var}"


def full(var) -> str:
    var, copy = shlex.quote(str(var)), shlex.quote(f"{var}.copy")
    return (
        f"cp -a {var} {copy} && mount -t tmpfs -o size=16m tmpfs {var} && "
        f"cp -a {copy}/. {var}/ && {{ dd if=/dev/zero of={var}/filler bs=4k 2>/dev/null; true; }}"
    )


def broken_disk_wrapper(prepare: str) -> tuple:
    """Return a command prefix that runs gunicorn with var/ prepared so, in its namespace."""
    return (*UNSHARE, "sh", "-c", f'{prepare} && exec "$@"', "sh")


class Browser:
    """A client with cookies, as an editor's browser: signs in, reads and posts admin forms."""

    def __init__(self):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, url: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(url))

    def post_form(self, url: str, fields: dict) -> tuple[int, str, str]:
        page = self.get(url)[2]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(url, data=data.encode(), headers={"Referer": url})
        return self._open(request)

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers["Content-Type"], response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read().decode()


def site_with_var(make_site, articles_folder):
    """Return a site whose database, index and cache are all in one folder, var/."""
    site = make_site(NEWSARCHIVE_RATE_LIMIT_ENABLED="true")
    site.manage("import_articles", write_articles(articles_folder, 12))
    var = site.folder / "var"
    var.mkdir()
    shutil.move(site.db_path, var / "db.sqlite3")
    shutil.move(site.index_dir, var / "index")
    site.db_path, site.index_dir = var / "db.sqlite3", var / "index"
    site.env.update(
        DATABASE_URL=f"sqlite:///{site.db_path}",
        NEWSARCHIVE_INDEX_DIR=str(site.index_dir),
        NEWSARCHIVE_CACHE_DIR=str(var / "cache"),
    )
    return site, var


@pytest.mark.parametrize("disk", [read_only, full], ids=["read-only", "full"])
def test_with_var_unwritable_pages_are_read_and_saving_answers_503(
    make_site, articles_folder, disk
):
    if not shutil.which("unshare"):
        pytest.fail("This test needs unshare (util-linux) to mount var/ in a namespace")
    site, var = site_with_var(make_site, articles_folder)
    editor, password = site.create_editor()
    article_id, slug, title = site.query("SELECT id, slug, title FROM articles_article")[0]
    browser = Browser()
    with site.serving(workers=1) as url:  # signed in while the disk is fine
        status, _, _ = browser.post_form(
            f"{url}/admin/login/?next=/admin/", {"username": editor, "password": password}
        )
        assert status == 200
        change_page = f"{url}/admin/articles/article/{article_id}/change/"
        form = browser.get(change_page)[2]

    with site.serving(workers=1, wrapper=broken_disk_wrapper(disk(var))) as url:
        reads = {
            path: browser.get(url + path)
            for path in (
                "/",
                "/browse/",
                f"/articles/{slug}/",
                "/feeds/latest.atom",
                "/search/?q=harbour",
                "/api/search?q=harbour",
                "/suggest/?q=rep",
                "/sitemap.xml",
                "/admin/login/",
                f"/admin/articles/article/{article_id}/change/",
            )
        }
        change_page = f"{url}/admin/articles/article/{article_id}/change/"
        saved = browser.post_form(change_page, {**admin_fields(form), "title": "Renamed"})
        signed_in_again = Browser().post_form(
            f"{url}/admin/login/?next=/admin/", {"username": editor, "password": password}
        )

    assert {path: answer[0] for path, answer in reads.items()} == dict.fromkeys(reads, 200)
    assert re.search(r"Report \d+ on the archive", reads["/"][2])
    assert title in reads[f"/articles/{slug}/"][2]
    assert "12 articles match" in reads["/search/?q=harbour"][2]
    assert '"total": 12' in reads["/api/search?q=harbour"][2]
    assert title in reads["/feeds/latest.atom"][2]
    for status, _, body in (saved, signed_in_again):
        assert status == 503, re.findall(r"errorlist.{0,300}", body)[:5]
        assert "Saving is unavailable" in body
        assert "disk is full or read-only" in body
    assert site.query("SELECT title FROM articles_article WHERE id = ?", article_id) == [(title,)]
    log = site.log("gunicorn")
    assert "is opened read-only (SQLite: " in log
    assert "cannot be written: rate limits do not count" in log
    assert "A write was refused with 503 (POST /admin/login/)" in log
    assert " 500 " not in site.log("access")


def admin_fields(page: str) -> dict:
    """Return the fields of the admin change form as the page filled them in."""
    fields = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        fields[name] = value
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = text.strip()
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    fields.pop("csrfmiddlewaretoken", None)
    return fields


@pytest.mark.parametrize("disk", [read_only, full], ids=["read-only", "full"])
def test_commands_that_must_write_say_the_disk_is_full_or_read_only(
    make_site, articles_folder, disk
):
    site, var = site_with_var(make_site, articles_folder)
    site.python(
        "from django.db import transaction\n"
        "from articles.indexing import queue\n"
        "with transaction.atomic():\n"
        "    queue.enqueue([1], drain=False)\n"
    )
    wrapper = broken_disk_wrapper(disk(var))
    more = write_articles(articles_folder.parent / "more", 3, word="other")

    results = [
        site.start(name, *wrapper, PYTHON, "manage.py", *args).wait(120)
        for name, *args in (
            ("import", "import_articles", more),
            ("update", "update_index"),
            ("editor", "createsuperuser", "--no-input", "--username", "x", "--email", "x@x.org"),
        )
    ]

    assert results == [1, 1, 1]
    for name in ("import", "update", "editor"):
        assert "Traceback" not in site.log(name)
        assert "The command stopped: it could not write (" in site.log(name)
        assert "have free space and are writable" in site.log(name)
    assert site.scalar("SELECT COUNT(*) FROM articles_article") == 12
    assert site.scalar("SELECT COUNT(*) FROM articles_indexqueueentry") == 1
