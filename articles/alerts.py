"""Alert mails of saved searches: which are due, what is new in each, and sending each once.

`send_alerts` (the command) calls run(): queue_due() then send_pending().

What is new. Each saved search keeps `alerted_up_to`, the highest article id already
considered (set when the search is saved). An alert lists the search's full matches with a
higher id, up to the newest article when it was queued: articles *added* since, whatever
their publication date (a 1987 article imported today is new to the archive). Only the
SCAN_NEWEST newest-published matches are looked at, which is far more than a day or a week
adds to any one search.

Sending each mail once, losing none, whatever moment the process is killed. Queueing writes
an AlertMail row (the outbox: the search and its new article ids) and moves the search's
`alerted_up_to` and `last_alert_at` in one transaction: a run killed before the commit leaves
the search as it was and the next run queues it again; after the commit the articles are
recorded, and only the outbox holds them. Sending then sends each unsent row and marks it sent
in its own transaction after the mail server accepted it. A mail server cannot take part in
the database's transaction, so one window remains: killed after the server accepted a mail and
before the mark commits, the next run sends that mail again. Marking first instead would lose
the mail in the same window; a duplicate is the lesser harm, and it carries the same
Message-ID (alert-<row id>@host) both times, so mail systems that drop duplicates drop it.
Run one `send_alerts` at a time (cron, a systemd timer): two at once may both send a row.
"""

import html
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from . import search
from .models import AlertMail, Article, Paragraph, SavedSearch
from .saved_searches import stop_token, valid_form

PERIODS = {SavedSearch.Alert.DAILY: timedelta(days=1), SavedSearch.Alert.WEEKLY: timedelta(days=7)}
# A run started a little early (cron at the same minute each day) still finds yesterday's due.
EARLY = timedelta(minutes=10)
SCAN_NEWEST = 1000
LISTED = 20  # articles a mail lists; it counts the rest


def run(now: datetime | None = None) -> tuple[int, int]:
    """Queue every due alert, then send every unsent one; return (queued, sent)."""
    now = now or timezone.now()
    return queue_due(now), send_pending()


def newest_article_id() -> int:
    return Article.objects.aggregate(newest=Max("pk"))["newest"] or 0


def due(now: datetime):
    """Return the saved searches whose alert is due at `now`, of active accounts."""
    when = Q()
    for alert, period in PERIODS.items():
        since = now - period + EARLY
        when |= Q(alert=alert) & (Q(last_alert_at__isnull=True) | Q(last_alert_at__lte=since))
    return SavedSearch.objects.filter(when, user__is_active=True)


def queue_due(now: datetime) -> int:
    """Record an alert mail for each due search with new articles; return how many."""
    queued = 0
    for saved in due(now).order_by("pk"):
        queued += queue_one(saved, now)
    return queued


def queue_one(saved: SavedSearch, now: datetime) -> bool:
    """Queue one search's alert if it has new articles, and mark it alerted; return True if
    a mail was queued. The search runs outside the transaction; the transaction then checks
    that no other run moved the search meanwhile."""
    newest = newest_article_id()
    new_ids = new_matches(saved, newest)
    if new_ids is None:  # cannot run now (index unavailable, source gone): try next time
        return False
    with transaction.atomic():
        current = SavedSearch.objects.select_for_update().filter(pk=saved.pk).first()
        if current is None or current.alerted_up_to != saved.alerted_up_to:
            return False
        if new_ids:
            AlertMail.objects.create(saved_search=current, article_ids=new_ids)
        current.alerted_up_to = max(newest, current.alerted_up_to)
        current.last_alert_at = now
        current.save(update_fields=["alerted_up_to", "last_alert_at"])
    return bool(new_ids)


def new_matches(saved: SavedSearch, newest: int) -> list[int] | None:
    """Return the ids of the search's full matches added after its last alert (up to
    `newest`), newest published first; None if the search cannot run now."""
    form = valid_form(saved.query_string)
    if form is None:
        return None
    params = form.search_params(
        page=1, per_page=SCAN_NEWEST, sort="newest", with_facets=False, with_snippets=False
    )
    try:
        results = search.search_articles(params)
    except search.IndexUnavailable:
        return None
    return [
        hit.article_id
        for hit in results.hits
        if not hit.partial and saved.alerted_up_to < hit.article_id <= newest
    ]


def send_pending() -> int:
    """Send every queued alert mail not yet sent, oldest first; return how many were sent."""
    sent = 0
    for mail in AlertMail.objects.filter(sent_at__isnull=True).select_related("saved_search__user"):
        message = alert_message(mail)
        if message is not None:  # None: stopped meanwhile, or every article since deleted
            message.send()
            sent += 1
        AlertMail.objects.filter(pk=mail.pk).update(sent_at=timezone.now())
    return sent


def alert_message(mail: AlertMail) -> EmailMultiAlternatives | None:
    """Return the mail for a queued alert, or None if there is nothing to send."""
    saved = mail.saved_search
    if saved.alert == SavedSearch.Alert.NONE or not saved.user.is_active:
        return None
    form = valid_form(saved.query_string)
    articles = Article.objects.for_listing().in_bulk(mail.article_ids[:LISTED])
    listed = [articles[pk] for pk in mail.article_ids[:LISTED] if pk in articles]
    if form is None or not listed:
        return None
    context = {
        "saved": saved,
        "name": " ".join(saved.name.split()),
        "items": _items(listed, form.cleaned_data["q"]),
        "more": max(0, len(mail.article_ids) - LISTED),
        "search_url": settings.SITE_URL + saved.get_absolute_url(),
        "stop_url": settings.SITE_URL + reverse("articles:stop_alert", args=[stop_token(saved.pk)]),
        "list_url": settings.SITE_URL + reverse("articles:saved_searches"),
    }
    count = len(mail.article_ids)
    subject = f"{count} new article{'s' if count != 1 else ''}: {context['name']}"
    message = EmailMultiAlternatives(
        subject=Truncator(f"News archive alert: {subject}").chars(150),
        body=render_to_string("accounts/alert_email.txt", context),
        to=[saved.user.email],
        headers={
            "Message-ID": f"<alert-{mail.pk}@{urlsplit(settings.SITE_URL).hostname}>",
            "List-Unsubscribe": f"<{context['stop_url']}>",
        },
    )
    message.attach_alternative(render_to_string("accounts/alert_email.html", context), "text/html")
    return message


def _items(articles: list[Article], query: str) -> list[dict]:
    """Return what the mail shows of each article: its link and its best snippet."""
    paragraphs = {}
    for paragraph in Paragraph.objects.filter(article__in=articles).order_by("position"):
        paragraphs.setdefault(paragraph.article_id, []).append(paragraph)
    items = []
    for article in articles:
        own = paragraphs.get(article.pk, [])
        marked = search.highlight_paragraphs(query, [(p.position, p.text) for p in own])
        best = next((pos for pos, html in marked.items() if "<mark" in html), None)
        anchor = f"#p-{best}" if best else ""
        items.append(
            {
                "article": article,
                "url": settings.SITE_URL + article.get_absolute_url() + anchor,
                "snippet_html": marked.get(best, ""),
                "snippet_text": html.unescape(strip_tags(marked.get(best, ""))),
            }
        )
    return items
