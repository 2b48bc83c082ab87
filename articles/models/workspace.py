"""A reader's workspace: saved searches and their alerts, collections, frozen result sets."""

from django.db import models
from django.urls import reverse

from .content import SLUG_MAX_LENGTH, Article


class SavedSearch(models.Model):
    """A reader's search (words, filters, sort) kept under a name, with its alert.

    The search is kept as the query string of its results page (without the page number), so
    it is read back through the one path every search takes: SearchForm. `count_then` is its
    total when saved. For the alert, `alerted_up_to` is the highest article id already
    considered: the next alert lists only matching articles added after it.
    """

    class Alert(models.TextChoices):
        NONE = "none", "No alert"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    query_string = models.CharField(max_length=2000)
    count_then = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    alert = models.CharField(max_length=10, choices=Alert.choices, default=Alert.NONE)
    alerted_up_to = models.BigIntegerField(default=0)
    last_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["alert", "last_alert_at"], name="saved_search_alert_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('articles:search')}?{self.query_string}"


class AlertMail(models.Model):
    """One alert mail to send: the outbox row that makes `send_alerts` safe to kill.

    Written in the same transaction that moves its search's `alerted_up_to` past the
    articles it lists, and marked sent after the mail server accepted it (alerts.py says
    why this order).
    """

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="alert_mails"
    )
    article_ids = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"alert {self.pk} for {self.saved_search}"


class Collection(models.Model):
    """A reader's named list of articles, private unless its owner shares it.

    Sharing sets `share_token`, an unguessable link's secret (secrets.token_urlsafe(24));
    turning sharing off clears it, so the old link answers 404 and sharing again makes a new
    one.
    """

    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:collection", args=[self.pk])

    def get_shared_url(self):
        return reverse("articles:shared_collection", args=[self.share_token])


class CollectionItem(models.Model):
    """One article in one collection, with the owner's note on it."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True, max_length=2000)
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "article"], name="collection_item_unique_article"
            ),
        ]

    def __str__(self):
        return f"article {self.article_id} in {self.collection}"


class FrozenSet(models.Model):
    """A saved search's full matches as they were at one moment, kept for a paper to cite.

    The set is public to anyone with its link (`token`, secrets.token_urlsafe(16)): a
    citation must resolve for its readers. Only its owner sees it in their account and may
    delete it; deleting the account deletes it. Nothing here changes after the freeze: the
    items keep the articles' titles, dates and versions of that moment (frozen_sets.py).
    """

    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="frozen_sets")
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.SET_NULL, null=True, blank=True, related_name="frozen_sets"
    )
    token = models.CharField(max_length=32, unique=True)
    query = models.CharField(max_length=2000)
    # The saved search's query string (saved_searches.KEPT): words, filters and sort.
    query_string = models.CharField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    article_count_at_freeze = models.PositiveIntegerField()
    archive_last_change = models.DateTimeField(null=True, blank=True)
    # How many articles fully matched; the items are the first `cap` of them, best first.
    total = models.PositiveIntegerField()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"“{self.query}” frozen {self.created:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("articles:frozen_set", args=[self.token])


class FrozenItem(models.Model):
    """One article of a frozen set as it was when frozen; `article` is None once deleted."""

    frozen_set = models.ForeignKey(FrozenSet, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveIntegerField()
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The article's id at the freeze, kept when the article is deleted.
    article_number = models.BigIntegerField()
    slug = models.CharField(max_length=SLUG_MAX_LENGTH + 12)
    title = models.CharField(max_length=500)
    published = models.DateTimeField(null=True, blank=True)
    source_name = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["frozen_set", "rank"], name="frozen_item_unique_rank"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.title}"
