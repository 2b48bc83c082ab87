"""The admin sign-in slows password guessing without letting an attacker lock the editor out."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.usefixtures("counters_cache")

LOGIN = "/admin/login/?next=/admin/"
START = 1_800_000_000.0


class Clock:
    """A clock the test moves by hand, so sliding windows can be walked through."""

    def __init__(self):
        self.now = START

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    clock = Clock()
    # Every module reads time.time(), the cache's expiry included, so all see the same clock.
    monkeypatch.setattr("time.time", lambda: clock.now)
    return clock


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="right-horse-battery", is_staff=True)


def sign_in(client, username, password, address="192.0.2.1", **headers):
    client.logout()
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_right_password_signs_in(client, editor):
    assert signed_in(sign_in(client, "editor", "right-horse-battery"))


def test_wrong_passwords_from_elsewhere_do_not_lock_the_editor_out(client, editor):
    for _ in range(10):
        sign_in(client, "editor", "guess", address="203.0.113.5")

    assert signed_in(sign_in(client, "editor", "right-horse-battery", address="192.0.2.1"))


def test_five_failures_from_one_address_refuse_that_address_for_the_account(client, editor):
    for _ in range(5):
        sign_in(client, "editor", "guess", address="203.0.113.5")

    refused = sign_in(client, "editor", "right-horse-battery", address="203.0.113.5")

    assert refused.status_code == 200
    assert (
        "Too many failed sign-in attempts from your address. Try again in 15 minutes."
        in refused.text
    )
    assert "_auth_user_id" not in client.session


def test_the_window_slides_so_guessing_is_slowed_not_shut(client, editor, clock):
    for _ in range(5):  # One wrong guess a minute.
        sign_in(client, "editor", "guess")
        clock.advance(60)

    assert "Try again in 10 minutes." in sign_in(client, "editor", "guess").text

    clock.advance(10 * 60)  # The first failure has left the 15-minute window: one more try.
    assert "Please enter the correct username" in sign_in(client, "editor", "guess").text
    assert "Try again in 1 minute." in sign_in(client, "editor", "right-horse-battery").text

    clock.advance(60)
    assert signed_in(sign_in(client, "editor", "right-horse-battery"))


def test_the_count_ignores_the_case_of_the_name(client, editor):
    for _ in range(5):
        sign_in(client, "EDITOR", "guess")

    assert "Too many failed" in sign_in(client, "editor", "right-horse-battery").text


def test_a_success_forgets_the_failures_before_it(client, editor):
    for _ in range(4):
        sign_in(client, "editor", "guess")
    assert signed_in(sign_in(client, "editor", "right-horse-battery"))

    for _ in range(4):
        sign_in(client, "editor", "guess")

    assert signed_in(sign_in(client, "editor", "right-horse-battery"))


def test_many_addresses_guessing_one_account_slow_new_places_but_not_the_editors_own(
    client, editor, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 6
    assert signed_in(sign_in(client, "editor", "right-horse-battery", address="192.0.2.1"))
    for n in range(6):  # A botnet: one guess from each address.
        sign_in(client, "editor", "guess", address=f"203.0.113.{n}")

    new_place = sign_in(client, "editor", "right-horse-battery", address="198.51.100.9")
    usual_desk = sign_in(client, "editor", "right-horse-battery", address="192.0.2.1")

    assert "Too many failed sign-in attempts for this account." in new_place.text
    assert signed_in(usual_desk)


def test_one_address_guessing_many_accounts_is_slowed(client, editor, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for n in range(8):
        sign_in(client, f"user{n}", "guess", address="203.0.113.5")

    locked = sign_in(client, "editor", "right-horse-battery", address="203.0.113.5")
    elsewhere = sign_in(client, "editor", "right-horse-battery", address="203.0.113.6")

    assert "Too many failed sign-in attempts from your address." in locked.text
    assert signed_in(elsewhere)


def test_behind_one_proxy_address_guessers_do_not_lock_out_an_editor_who_signed_in_before(
    client, editor, settings
):
    """A proxy that sends no client header makes everyone one address."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    assert signed_in(sign_in(client, "editor", "right-horse-battery", address="10.0.0.1"))
    for n in range(20):
        sign_in(client, f"user{n}", "guess", address="10.0.0.1")

    assert signed_in(sign_in(client, "editor", "right-horse-battery", address="10.0.0.1"))


def test_rotating_the_leftmost_forwarded_address_does_not_escape_the_limit(
    client, editor, settings
):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 5

    def from_proxy(username, password, n):
        # The client wrote the first entry; our proxy, 10.0.0.1, appended the address it saw.
        forwarded = f"198.51.100.{n}, 203.0.113.5"
        return sign_in(client, username, password, "10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(5):
        from_proxy(f"user{n}", "guess", n)

    refused = from_proxy("editor", "right-horse-battery", 99)

    assert "Too many failed sign-in attempts from your address." in refused.text
