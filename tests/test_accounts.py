"""Readers' accounts: sign up with a mailed confirmation link, sign in and out, reset a
forgotten password, delete the account; sign-up and reset are throttled like sign-in."""

import re

from django.contrib.auth.models import User
from django.core import mail

from articles.models import SavedSearch

from .conftest import READER_PASSWORD as PASSWORD


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def sign_up(client, email="Reader@Example.org", password=PASSWORD, address="192.0.2.1"):
    return client.post(
        "/account/sign-up/",
        {"email": email, "password1": password, "password2": password},
        REMOTE_ADDR=address,
    )


def sign_in(client, email="reader@example.org", password=PASSWORD):
    return client.post("/account/sign-in/", {"username": email, "password": password})


def test_sign_up_mails_a_link_that_confirms_the_account_then_sign_in_works(client, db):
    response = sign_up(client)

    assert "Check your mail" in response.content.decode()
    user = User.objects.get()
    assert (user.username, user.email, user.is_active) == (
        "reader@example.org",
        "reader@example.org",
        False,
    )
    assert sign_in(client).status_code == 200  # not yet confirmed: the form again
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]

    confirmed = client.get(link_in(message))

    assert "Your account is confirmed" in confirmed.content.decode()
    assert User.objects.get().is_active
    signed_in = sign_in(client, email="READER@example.org")
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/account/searches/")
    assert client.get("/account/").status_code == 200


def test_a_confirmation_link_works_once(client, db):
    sign_up(client)
    link = link_in(mail.outbox[0])
    client.get(link)
    sign_in(client)
    client.logout()

    assert client.get(link).status_code == 400


def test_a_forged_confirmation_link_is_refused_not_an_error(client, db):
    sign_up(client)

    assert client.get("/account/confirm/MQ/forged-token/").status_code == 400
    assert client.get("/account/confirm/!!!/x/").status_code == 400
    assert not User.objects.get().is_active


def test_signing_up_with_an_address_in_use_mails_its_owner_and_says_nothing_more(client, reader):
    response = sign_up(client, email="READER@example.org")

    assert "Check your mail" in response.content.decode()
    assert User.objects.count() == 1
    [message] = mail.outbox
    assert "already has one" in message.body
    assert "/account/reset/" in message.body


def test_signing_up_again_before_confirming_mails_a_new_link_and_the_old_one_stops(client, db):
    sign_up(client)
    old_link = link_in(mail.outbox[0])

    sign_up(client, password="a-different-pass-phrase")

    assert User.objects.count() == 1
    assert client.get(old_link).status_code == 400
    assert "Your account is confirmed" in client.get(link_in(mail.outbox[1])).content.decode()
    assert sign_in(client, password="a-different-pass-phrase").status_code == 302


def test_a_forgotten_password_is_reset_by_a_mailed_link(client, reader):
    response = client.post("/account/reset/", {"email": "Reader@example.org"})
    assert response["Location"] == "/account/reset/sent/"
    [message] = mail.outbox
    form_page = client.get(link_in(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()

    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-pass-phrase", "new_password2": "another-long-pass-phrase"},
    )

    assert done["Location"] == "/account/reset/done/"
    assert sign_in(client, password="another-long-pass-phrase").status_code == 302


def test_a_reset_for_an_unknown_address_looks_the_same_and_mails_nobody(client, db):
    response = client.post("/account/reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/account/reset/sent/"
    assert mail.outbox == []


def test_sign_out_signs_out(client, reader):
    sign_in(client)

    client.post("/account/sign-out/")

    assert client.get("/account/")["Location"].startswith("/account/sign-in/")


def test_sign_up_is_throttled_like_sign_in(client, db):
    for _ in range(5):
        sign_up(client, email="target@example.org")

    refused = sign_up(client, email="target@example.org")

    assert "Too many requests" in refused.content.decode()
    # One confirmation, then four "you already have an account" mails; the sixth sends none.
    assert len(mail.outbox) == 5
    assert User.objects.count() == 1


def test_password_reset_is_throttled_like_sign_in(client, reader):
    for _ in range(5):
        client.post("/account/reset/", {"email": "reader@example.org"})

    refused = client.post("/account/reset/", {"email": "reader@example.org"})

    assert refused.status_code == 200
    assert "Too many requests" in refused.content.decode()
    assert len(mail.outbox) == 5
    # Counted apart from sign-ins: the owner still signs in.
    assert sign_in(client).status_code == 302


def test_reader_sign_in_is_throttled(client, reader):
    for _ in range(5):
        sign_in(client, password="guess")

    refused = sign_in(client)

    assert "Too many failed sign-in attempts" in refused.content.decode()


def test_deleting_the_account_deletes_its_saved_searches(client, reader):
    SavedSearch.objects.create(user=reader, name="x", query_string="q=x", count_then=0)
    sign_in(client)

    wrong = client.post("/account/delete/", {"password": "not-it"})
    assert wrong.status_code == 400 and User.objects.exists()

    client.post("/account/delete/", {"password": PASSWORD})

    assert not User.objects.exists()
    assert not SavedSearch.objects.exists()
    assert client.get("/account/").status_code == 302


def test_every_account_form_refuses_a_post_without_its_csrf_token(reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    posts = {
        "/account/sign-in/": {"username": "reader@example.org", "password": PASSWORD},
        "/account/sign-up/": {"email": "new@example.org"},
        "/account/reset/": {"email": "reader@example.org"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    client.force_login(reader)
    for url in ("/account/sign-out/", "/account/delete/"):
        assert client.post(url, {"password": PASSWORD}).status_code == 403, url
    assert User.objects.filter(pk=reader.pk).exists()
