"""Alerts of saved searches: `send_alerts` mails each due alert once with the articles added
since the last, to a real SMTP server; nothing when nothing is new; safe to kill."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles import alerts
from articles.models import AlertMail, SavedSearch

from . import smtp_server

# On both engines (PostgreSQL's in the suite's PostgreSQL pass), Whoosh with and without its
# fast path: an alert finds its new articles through the search package's public API.
pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def saved(reader, make_article):
    make_article(title="An old harbour story", paragraphs=["The harbour, long ago."])
    return SavedSearch.objects.create(
        user=reader,
        name='Harbour "watch" <b>',
        query_string="q=harbour",
        count_then=1,
        alert="daily",
        alerted_up_to=alerts.newest_article_id(),
    )


def send_alerts() -> str:
    out = StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def a_day_passes(saved_search) -> None:
    SavedSearch.objects.filter(pk=saved_search.pk).update(
        last_alert_at=timezone.now() - timedelta(days=1)
    )


def test_an_alert_reaches_a_real_smtp_server_once_with_the_new_articles(
    settings, saved, make_article
):
    make_article(
        title='Harbour <script>alert("x")</script> reopens',
        paragraphs=["Nothing here.", "The harbour reopened on Monday."],
        source="Coast Wire",
    )
    with smtp_server.running(settings) as inbox:
        printed = send_alerts()
        again = send_alerts()

    assert "Mails sent: 1." in printed and "Mails sent: 0." in again
    [(recipients, message)] = inbox.messages
    assert recipients == ["reader@example.org"]
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == 'News archive alert: 1 new article: Harbour "watch" <b>'
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert 'Harbour <script>alert("x")</script> reopens' in text
    assert "Coast Wire" in text and "The harbour reopened on Monday." in text
    assert "old harbour story" not in text  # there before the search was saved
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "Harbour &quot;watch&quot; &lt;b&gt;" in page
    assert re.search(r"<mark[^>]*>harbour</mark> reopened on Monday\.", page)
    assert "/articles/harbour-scriptalertxscript-reopens/#p-2" in page  # the best paragraph
    stop_url = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert stop_url.startswith("http://127.0.0.1:8000/alerts/stop/")
    assert stop_url in text and stop_url in page


def test_the_stop_link_of_a_mail_stops_the_alert(client, settings, saved, make_article):
    make_article(title="Harbour news", paragraphs=["The harbour."])
    send_alerts()
    [message] = mail.outbox
    stop_path = message.extra_headers["List-Unsubscribe"].strip("<>").split("8000", 1)[1]

    client.post(stop_path)
    a_day_passes(saved)
    make_article(title="More harbour news", paragraphs=["The harbour again."])
    send_alerts()

    assert len(mail.outbox) == 1


def test_nothing_new_sends_nothing_and_the_next_alert_lists_only_what_is_new(saved, make_article):
    make_article(title="First harbour news", paragraphs=["The harbour."])
    send_alerts()
    a_day_passes(saved)
    assert "Mails sent: 0." in send_alerts()
    a_day_passes(saved)
    make_article(title="Second harbour news", paragraphs=["The harbour again."])

    send_alerts()

    assert len(mail.outbox) == 2
    assert "Second harbour news" in mail.outbox[1].body
    assert "First harbour news" not in mail.outbox[1].body


def test_an_alert_is_not_due_again_before_its_period(saved, make_article):
    make_article(title="Harbour news", paragraphs=["The harbour."])
    send_alerts()
    make_article(title="Harbour later", paragraphs=["The harbour later."])

    send_alerts()

    assert len(mail.outbox) == 1
    saved.alert = "weekly"
    saved.save()
    a_day_passes(saved)
    send_alerts()
    assert len(mail.outbox) == 1


def test_a_run_killed_after_queueing_loses_no_mail_and_sends_it_once(saved, make_article):
    make_article(title="Harbour news", paragraphs=["The harbour."])
    # The first run is killed after the queueing transaction committed, before any send.
    assert alerts.queue_due(timezone.now()) == 1

    send_alerts()
    send_alerts()

    assert len(mail.outbox) == 1
    assert AlertMail.objects.get().sent_at is not None


def test_queueing_twice_queues_one_mail(saved, make_article):
    make_article(title="Harbour news", paragraphs=["The harbour."])
    now = timezone.now()

    alerts.queue_due(now)
    alerts.queue_due(now)

    assert AlertMail.objects.count() == 1


def test_a_mail_server_that_fails_leaves_the_mail_queued_for_the_next_run(
    settings, saved, make_article
):
    make_article(title="Harbour news", paragraphs=["The harbour."])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.free_port()  # nobody

    with pytest.raises(OSError):
        send_alerts()

    assert AlertMail.objects.get().sent_at is None
    with smtp_server.running(settings) as inbox:
        send_alerts()
    assert len(inbox.messages) == 1


def test_deleting_the_account_deletes_its_alerts(reader, saved, make_article):
    make_article(title="Harbour news", paragraphs=["The harbour."])
    alerts.queue_due(timezone.now())

    reader.delete()

    assert not AlertMail.objects.exists()
    assert "Mails sent: 0." in send_alerts()
