"""The editors' admin. Every change reaches the search index through the models' own writes.

Article, Paragraph, Source, Tag and an article's tags queue what they change in the
transaction of the change (models/): a save with its inlines, a delete, and the bulk
"delete selected" action, which Django runs outside any transaction (the model's
QuerySet.delete() opens one).
"""

import os
from pathlib import PurePath

from django import forms
from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from . import search
from .models import Article, ArticleTag, ImportRun, Paragraph, Source, Tag
from .tag_corrections import save_tag_formset

# Where a paragraph added without a position goes: after every other.
AT_THE_END = 10**9
TEXT_COLUMNS = 90  # a paragraph box's width in characters
PATHS_LISTED = 3  # an import run's paths listed in full; more are summarised


class ParagraphForm(forms.ModelForm):
    position = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty to add the paragraph at the end."
    )

    class Meta:
        model = Paragraph
        fields = ["position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": TEXT_COLUMNS})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each box as tall as its paragraph, so a long one is read without scrolling a slit.
        self.fields["text"].widget.attrs["rows"] = rows_for(self.instance.text or "")


def rows_for(text: str) -> int:
    """Return how many lines of TEXT_COLUMNS characters `text` fills, from 3 to 40."""
    lines = sum(-(-len(line) // TEXT_COLUMNS) or 1 for line in text.splitlines() or [""])
    return min(max(lines + 1, 3), 40)


class ParagraphFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Allow two paragraphs at one position: the save renumbers them 1..N in order."""


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    form = ParagraphForm
    formset = ParagraphFormSet
    extra = 1


class TagInline(admin.TabularInline):
    """The article's tags and where each came from; what an editor adds, changes or takes
    off is saved as tag_corrections.py says (a tag taken off stays off)."""

    model = ArticleTag
    fields = ["tag", "origin"]
    readonly_fields = ["origin"]
    # Thousands of tags: a search box, not a list of every one.
    autocomplete_fields = ["tag"]
    extra = 1


class ArticleForm(forms.ModelForm):
    """The article form, which refuses a save made from a form opened before another save.

    Without this, editor A's save would silently put back what editor B changed after A
    opened the form: every field of A's form is saved, not only those A changed.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # The admin adds the article's own fields from its fieldsets, with its widgets.
        fields = ["opened_version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["opened_version"] = self.instance.edit_version()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_if_changed_since(cleaned.get("opened_version", ""))
        return cleaned

    def _refuse_if_changed_since(self, version: str) -> None:
        if not version:
            raise ValidationError("This form does not say when it was opened: open it again.")
        # Locked until the save commits, so no other save lands between this check and it.
        saved = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if saved is None:
            raise ValidationError("Someone deleted this article after you opened this form.")
        changed = saved.changed_since(version)
        if not changed:
            return
        self.add_error(
            None,
            f"Someone saved this article after you opened this form, changing: "
            f"{', '.join(changed)}. Nothing was saved. Open the article again to see "
            "their changes, then make yours.",
        )
        for name in changed:
            if name in self.fields:
                now = _shown(saved, name)
                self.add_error(name, f"Changed since you opened the form; it is now: {now}")


def _shown(article: Article, name: str) -> str:
    value = getattr(article, name)
    if value in (None, ""):
        return "(empty)"
    text = str(value)
    return text if len(text) <= 200 else f"{text[:200]}…"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    inlines = [ParagraphInline, TagInline]
    list_display = ["title", "source", "section", "published", "updated_at"]
    list_filter = ["source", "section", "published"]
    list_select_related = ["source"]
    search_fields = ["title", "standfirst", "byline", "external_key"]
    date_hierarchy = "published"
    readonly_fields = ["external_key", "content_hash", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "opened_version"]}),
        ("Metadata", {"fields": ["source", "section", "byline", "published", "url"]}),
        (
            "Import record",
            {
                "classes": ["collapse"],
                "fields": ["external_key", "content_hash", "created_at", "updated_at"],
            },
        ),
    ]
    prepopulated_fields = {"slug": ["title"]}
    # A URL typed without a scheme is taken as https (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_formset(self, request, form, formset, change):
        if formset.model is ArticleTag:
            return save_tag_formset(formset)
        if formset.model is not Paragraph:
            return super().save_formset(request, form, formset, change)
        article = form.instance
        paragraphs = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        edited = {p.pk for p in paragraphs if p.pk}
        wanted = [(p, p.position or AT_THE_END) for p in paragraphs]
        kept = [(p, p.position) for p in article.paragraphs.exclude(pk__in=edited)]
        # Save new and edited paragraphs past every used position, then renumber all
        # 1..N in the order the editor asked for (edited ones first on a tie).
        top = article.paragraphs.aggregate(top=Max("position"))["top"] or 0
        for offset, paragraph in enumerate(paragraphs, start=1):
            paragraph.position = top + offset
            paragraph.save()
        article.renumber_paragraphs(wanted + kept)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return intcomma(obj.article_count)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        tags = super().get_queryset(request).annotate(article_count=Count("article_links"))
        return tags.order_by("kind", "name")  # a count drops Meta.ordering

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return intcomma(obj.article_count)


def _count_column(field: str):
    """Return a list column showing this count of an ImportRun as the site does: 23,704."""

    @admin.display(description=ImportRun._meta.get_field(field).verbose_name, ordering=field)
    def column(self, run):
        return intcomma(getattr(run, field))

    return column


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Import history: read-only, newest first, with the search index's status on top."""

    COUNTS = ("created", "updated", "unchanged", "duplicate", "skipped", "failed")

    list_display = [
        "started_at",
        "status",
        "paths_named",
        *(f"{count}_count" for count in COUNTS),
        "finished_at",
    ]
    list_filter = ["status"]
    fields = [
        "started_at",
        "finished_at",
        "status",
        "paths",
        "options",
        COUNTS,
        "failure_list",
        "skip_list",
        "warning_list",
    ]
    readonly_fields = [*fields[:5], *COUNTS, *fields[6:]]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # The index status sits above the list: documents, queued updates, last commit.
        extra_context = {**(extra_context or {}), "index_status": search.index_status()}
        return super().changelist_view(request, extra_context)

    created_count = _count_column("created")
    updated_count = _count_column("updated")
    unchanged_count = _count_column("unchanged")
    duplicate_count = _count_column("duplicate")
    skipped_count = _count_column("skipped")
    failed_count = _count_column("failed")

    @admin.display(description="Paths")
    def paths_named(self, run):
        return summarised(run.paths)

    @admin.display(description="Failures")
    def failure_list(self, run):
        return _problem_list(run.failures, "reason")

    @admin.display(description="Skipped (nothing in them)")
    def skip_list(self, run):
        return _problem_list(run.skips, "reason")

    @admin.display(description="Warnings")
    def warning_list(self, run):
        return _problem_list(run.warnings, "warning")


def summarised(paths: list[str]) -> str:
    """Return the paths of a run in one short line: all of a few, or their folder and count.

    An import of a corpus names every file (22 Reuters .sgm files), which made each row of
    the list as tall as the page.
    """
    if len(paths) <= PATHS_LISTED:
        return ", ".join(paths)
    names = sorted(PurePath(path).name for path in paths)
    try:
        folder = os.path.commonpath(paths)
    except ValueError:  # absolute and relative paths mixed
        folder = ""
    where = f" in {folder}" if folder else ""
    return f"{len(paths)} paths{where}: {names[0]} … {names[-1]}"


def _problem_list(problems: list[dict], text_key: str):
    if not problems:
        return "none"
    return format_html_join(
        mark_safe("<br>"),  # a constant tag; the problems are escaped
        "{}{}: {}",
        ((p["file"], f":{p['line']}" if p.get("line") else "", p[text_key]) for p in problems),
    )
