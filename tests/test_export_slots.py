"""Long exports are bounded per client and in all, so other readers are still served."""

import pytest

EXPORT = "/search/export.jsonl"


@pytest.fixture
def oil(make_article):
    for n in range(3):
        make_article(f"Oil report {n}", [f"Oil prices moved in report {n}."])


def start_export(client, address):
    """Begin a download and leave it running: the response is not read or closed yet."""
    return client.get(EXPORT, {"q": "oil"}, REMOTE_ADDR=address)


def finish(response) -> bytes:
    return b"".join(response.streaming_content)  # The test client closes it at the end.


def test_a_second_export_from_one_address_waits_for_the_first(client, oil):
    first = start_export(client, "192.0.2.1")

    second = start_export(client, "192.0.2.1")

    assert first.status_code == 200
    assert second.status_code == 429
    assert second["Retry-After"] == "30"
    assert "An export from your address is still running: one at a time." in second.text
    assert finish(first).count(b"\n") == 3
    assert start_export(client, "192.0.2.1").status_code == 200


def test_exports_at_once_are_capped_over_all_clients(client, oil, settings):
    settings.EXPORTS_AT_ONCE = 2
    running = [start_export(client, f"192.0.2.{n}") for n in (1, 2)]

    refused = start_export(client, "192.0.2.3")

    assert [r.status_code for r in running] == [200, 200]
    assert refused.status_code == 429
    assert "already running 2 exports, its most at once" in refused.text
    finish(running[0])
    assert start_export(client, "192.0.2.3").status_code == 200


def test_a_refused_search_takes_no_slot(client, oil):
    assert client.get(EXPORT, {"q": ""}, REMOTE_ADDR="192.0.2.1").status_code == 400

    assert start_export(client, "192.0.2.1").status_code == 200
