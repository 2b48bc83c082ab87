"""An address longer than the archive reads answers 414: JSON on the API, a page elsewhere."""

from django.conf import settings

API_SEARCH = "/api/search"


def query_of_length(path: str, length: int) -> str:
    """Return `path?q=aaa…` exactly `length` characters long."""
    start = f"{path}?q="
    return start + "a" * (length - len(start))


def test_an_api_address_past_the_limit_answers_414_in_json_with_the_limits(client, db):
    response = client.get(query_of_length(API_SEARCH, settings.MAX_URL_CHARS + 1))

    assert response.status_code == 414
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == (
        "This address is too long: at most 8,000 characters. "
        "A search reads the first 500 characters of its query."
    )


def test_a_page_address_past_the_limit_answers_414_with_a_page(client, db):
    response = client.get(query_of_length("/search/", settings.MAX_URL_CHARS + 1))

    assert response.status_code == 414
    assert "Address too long" in response.content.decode()
    assert "at most 8,000 characters" in response.content.decode()


def test_an_api_address_at_the_limit_is_searched_shortened_with_a_note(client, seed_article):
    response = client.get(query_of_length(API_SEARCH, settings.MAX_URL_CHARS))

    assert response.status_code == 200
    assert "Your search was shortened to its first 500 characters." in response.json()["notes"]


def test_the_api_help_says_how_long_a_query_and_an_address_may_be(client, db):
    page = client.get("/help/api/").content.decode()

    assert "the first 500 characters of <code>q</code>" in page
    assert "may be up to 8,000 characters" in page
    assert "414 (an address longer than 8,000 characters)" in page
