"""The admin sign-in refuses to check passwords after repeated failures, and says why."""

import pytest
from django.contrib.auth.models import User

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Stop the clock 10 minutes before a window ends, so no test straddles two windows."""
    monkeypatch.setattr("newsarchive.ratelimit.time.time", lambda: 1_800_000_300.0)


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="right-horse-battery", is_staff=True)


def sign_in(client, username, password, address="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_signs_in(client, editor):
    response = sign_in(client, "editor", "right-horse-battery")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_after_five_failures_the_account_is_locked_even_with_the_right_password(client, editor):
    for _ in range(5):
        assert "Please enter the correct username" in sign_in(client, "editor", "guess").text

    response = sign_in(client, "editor", "right-horse-battery", address="192.0.2.99")

    assert response.status_code == 200
    assert (
        "Too many failed sign-in attempts for this account. Try again in 10 minutes."
        in response.text
    )
    assert "_auth_user_id" not in client.session


def test_the_account_lock_ignores_the_case_of_the_name(client, editor):
    for _ in range(5):
        sign_in(client, "EDITOR", "guess")

    assert "for this account" in sign_in(client, "editor", "right-horse-battery").text


def test_one_address_guessing_many_accounts_is_locked_out(client, editor, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for n in range(8):
        sign_in(client, f"user{n}", "guess", address="203.0.113.5")

    locked = sign_in(client, "editor", "right-horse-battery", address="203.0.113.5")
    elsewhere = sign_in(client, "editor", "right-horse-battery", address="203.0.113.6")

    assert "Too many failed sign-in attempts from your address." in locked.text
    assert elsewhere.status_code == 302


def test_a_success_before_the_limit_keeps_the_account_open(client, editor):
    for _ in range(4):
        sign_in(client, "editor", "guess")

    assert sign_in(client, "editor", "right-horse-battery").status_code == 302
