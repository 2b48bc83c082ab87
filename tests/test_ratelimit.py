"""Searches and API calls are limited per address with 429 and Retry-After; pages are not."""

import pytest

pytestmark = pytest.mark.usefixtures("counters_cache")


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Stop the clock 30 s into a minute, so no test straddles two counting windows."""
    monkeypatch.setattr("newsarchive.ratelimit.time.time", lambda: 1_800_000_030.0)


@pytest.fixture
def limited(settings):
    """Turn rate limiting on, at three requests a minute."""
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMIT_REQUESTS = 3
    settings.RATE_LIMIT_WINDOW = 60
    return settings


def search(client, address="192.0.2.1"):
    return client.get("/search/", {"q": "Zelensky"}, REMOTE_ADDR=address)


def test_rate_limiting_is_off_in_tests_unless_a_test_turns_it_on(client, seed_article):
    statuses = {search(client).status_code for _ in range(100)}

    assert statuses == {200}


def test_searches_past_the_limit_get_429_with_retry_after_and_a_clear_page(
    client, seed_article, limited
):
    assert [search(client).status_code for _ in range(3)] == [200, 200, 200]

    response = search(client)

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Too many requests from your address: at most 3 every 60 seconds." in (
        response.content.decode()
    )
    assert f"Try again in {response['Retry-After']} seconds." in response.content.decode()


def test_each_address_has_its_own_count(client, seed_article, limited):
    for _ in range(4):
        search(client, "192.0.2.1")

    assert search(client, "192.0.2.2").status_code == 200
    assert search(client, "192.0.2.1").status_code == 429


def test_api_requests_past_the_limit_get_a_json_429(client, db, limited):
    for _ in range(3):
        client.get("/api/articles/none", REMOTE_ADDR="192.0.2.1")

    response = client.get("/api/articles/none", REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 429
    assert response.json()["retry_after"] == int(response["Retry-After"])
    assert "Too many requests" in response.json()["error"]


def test_article_pages_are_not_limited(client, seed_article, limited):
    statuses = {
        client.get(seed_article.get_absolute_url(), REMOTE_ADDR="192.0.2.1").status_code
        for _ in range(10)
    }

    assert statuses == {200}


def test_the_proxy_header_names_the_client_when_configured(client, seed_article, limited):
    limited.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    for _ in range(4):
        client.get("/search/", {"q": "x"}, HTTP_X_REAL_IP="198.51.100.7")

    # Same proxy address, another client: not limited.
    response = client.get("/search/", {"q": "x"}, HTTP_X_REAL_IP="198.51.100.8")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/latest.rss",
        "/feeds/search.atom?q=Zelensky",
        "/suggest/?q=zel",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ],
)
def test_feeds_suggestions_and_sitemaps_are_limited(client, seed_article, limited, path):
    for _ in range(3):
        client.get(path, REMOTE_ADDR="192.0.2.1")

    response = client.get(path, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 429
    assert response["Retry-After"] == "30"


def test_each_kind_of_request_has_its_own_count(client, seed_article, limited):
    for _ in range(4):
        search(client)

    assert client.get("/feeds/latest.rss", REMOTE_ADDR="192.0.2.1").status_code == 200
