"""The client's address comes from a proxy's header only as a trusted proxy wrote it."""

import pytest
from django.test import RequestFactory

from newsarchive.client_address import client_address


@pytest.fixture
def behind_proxies(settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXIES = ["10.0.0.1", "10.1.0.0/16"]
    return settings


def address(peer: str, forwarded: str | None = None) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, **headers))


def test_without_a_header_setting_the_connection_is_the_client(settings):
    settings.CLIENT_ADDRESS_HEADER = ""

    assert address("192.0.2.1", "198.51.100.7") == "192.0.2.1"


def test_the_address_our_proxy_added_is_the_client_not_the_leftmost(behind_proxies):
    assert address("10.0.0.1", "198.51.100.7, 203.0.113.5") == "203.0.113.5"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(behind_proxies):
    assert address("10.0.0.1", "198.51.100.7, 203.0.113.5, 10.1.2.3") == "203.0.113.5"


def test_a_header_from_an_untrusted_connection_is_ignored(behind_proxies):
    assert address("192.0.2.50", "203.0.113.5") == "192.0.2.50"


def test_a_trusted_proxy_that_sent_no_header_is_the_address(behind_proxies):
    assert address("10.0.0.1") == "10.0.0.1"


def test_a_single_value_header_such_as_x_real_ip_works_the_same(settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")

    assert client_address(request) == "203.0.113.5"
