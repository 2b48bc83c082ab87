"""Fault 4: index files truncated, deleted or unreadable. Search answers 503 with a clear
page, article pages still work, nothing is wiped or recreated; `rebuild_index` restores it."""

import os
import shutil
import urllib.error
import urllib.request

import pytest

from .site import write_articles

# As root, permissions do not stop reads: serve without the capabilities that bypass them.
WITHOUT_ROOT_READS = (
    ("setpriv", "--bounding-set", "-dac_override,-dac_read_search") if os.geteuid() == 0 else ()
)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def truncate(folder):
    for file in folder.glob("*.seg"):
        with open(file, "r+b") as handle:
            handle.truncate(file.stat().st_size // 2)


def delete(folder):
    for file in folder.iterdir():
        file.unlink()


def make_unreadable(folder):
    for file in folder.iterdir():
        file.chmod(0)


def tree(root):
    """Return every file under root with its size and mode, to prove nothing changed."""
    return sorted(
        (str(path.relative_to(root)), path.lstat().st_size, path.lstat().st_mode)
        for path in root.rglob("*")
        if path.name != "write.lock"
    )


# "warm": the worker has searched before the damage, so it holds the index open. Files it
# already holds open stay readable to it whatever their mode, so unreadable is tested cold.
@pytest.mark.parametrize(
    ("damage", "warm"),
    [
        (truncate, True),
        (truncate, False),
        (delete, True),
        (delete, False),
        (make_unreadable, False),
    ],
    ids=["truncated-warm", "truncated-cold", "deleted-warm", "deleted-cold", "unreadable-cold"],
)
def test_a_damaged_index_gives_503_keeps_articles_readable_and_rebuild_restores_it(
    site, articles_folder, damage, warm
):
    if WITHOUT_ROOT_READS and not shutil.which("setpriv"):
        pytest.fail("As root this test needs setpriv (util-linux) to drop read capabilities")
    site.manage("import_articles", write_articles(articles_folder, 30))
    slug = site.scalar("SELECT slug FROM articles_article ORDER BY id LIMIT 1")
    with site.serving(workers=1, wrapper=WITHOUT_ROOT_READS) as url:
        if warm:
            assert get(f"{url}/search/?q=harbour")[0] == 200
        live = next(site.index_dir.glob("index-*"))
        damage(live)
        damaged = tree(site.index_dir)

        searches = [get(f"{url}/search/?q={word}") for word in ("harbour", "report", "budget")]
        article = get(f"{url}/articles/{slug}/?q=harbour")

        assert [status for status, _ in searches] == [503, 503, 503]
        assert all("Search is unavailable" in body for _, body in searches)
        assert "rebuild_index" in searches[0][1]
        assert article[0] == 200
        assert "Report 0 on the archive" in article[1]
        assert tree(site.index_dir) == damaged, "a request changed the damaged index"

        site.manage("rebuild_index")
        status, body = get(f"{url}/search/?q=harbour")

    assert status == 200
    assert "30 articles match" in body
    assert site.check_index().returncode == 0
    assert " 500 " not in site.log("access")
