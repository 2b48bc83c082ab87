"""Through gunicorn as deployed (gunicorn.conf.py): an over-long API address still gets the
API's JSON error from the archive, not gunicorn's own HTML 414; and each worker reads the
search index before it takes requests, starting all the same when it cannot."""

import json
import shutil
import urllib.error
import urllib.request

from django.conf import settings

from .site import BASE_DIR, write_articles


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_gunicorn_passes_every_address_the_archive_reads():
    config = {}
    exec((BASE_DIR / "gunicorn.conf.py").read_text(), config)  # noqa: S102 (our own file)

    request_line = f"GET {'x' * settings.MAX_URL_CHARS} HTTP/1.1"
    assert config["limit_request_line"] >= len(request_line)


def test_an_over_long_api_query_gets_json_from_the_archive(site, articles_folder):
    site.manage("import_articles", write_articles(articles_folder, 3))
    with site.serving(workers=1) as url:
        long_query = get(f"{url}/api/search?q={'harbour+' * 600}")
        too_long = get(f"{url}/api/search?q={'a' * 8_000}")

    assert long_query[:2] == (200, "application/json"), long_query[2]
    assert "Your search was shortened" in json.loads(long_query[2])["notes"][0]
    assert too_long[:2] == (414, "application/json")
    assert "at most 8,000 characters" in json.loads(too_long[2])["error"]


def test_each_worker_reads_the_search_index_before_it_serves(site, articles_folder):
    site.manage("import_articles", write_articles(articles_folder, 3))
    with site.serving(workers=2) as url:
        status, _, page = get(f"{url}/search/?q=harbour")

    assert status == 200 and "3 articles match" in page
    assert site.log("gunicorn").count("read the search index in") == 2


def test_a_worker_starts_without_an_index_and_search_says_so(site):
    shutil.rmtree(site.index_dir)
    with site.serving(workers=1) as url:
        status, _, page = get(f"{url}/search/?q=harbour")
        article_list = get(f"{url}/browse/")[0]

    assert status == 503 and "rebuild_index" in page
    assert article_list == 200
    assert "could not read the search index first" in site.log("gunicorn")
