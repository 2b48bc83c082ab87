"""What an article page tells machines and citers: schema.org JSON-LD, Open Graph and
Twitter card metadata, and the article cited as plain text and BibTeX."""

import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Article

# Like Django's json_script: these characters could end or confuse the <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# BibTeX counts every brace, a backslash before it or not, so `\}` would still close the
# field ("Mallory}, year=1066" set the year). Braces and the other characters LaTeX reads as
# syntax are written as commands whose own braces are balanced.
_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "^": r"\textasciicircum{}",
        "~": r"\textasciitilde{}",
        **{character: f"\\{character}" for character in "%&$#_"},
    }
)
# A URL keeps its characters (LaTeX's url package reads them as they are) except those that
# would unbalance the field.
_URL_ESCAPES = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"})


@dataclass(frozen=True)
class ArticleMetadata:
    url: str
    description: str
    json_ld: SafeString
    citation_text: str
    bibtex: str


def describe(article: Article, url: str, first_paragraph: str = "") -> ArticleMetadata:
    """Return the metadata of `article`, whose permanent address is `url`."""
    description = (article.standfirst or first_paragraph)[:300]
    return ArticleMetadata(
        url=url,
        description=description,
        json_ld=_json_ld(article, url, description),
        citation_text=_citation_text(article, url),
        bibtex=bibtex(article, url),
    )


def _json_ld(article: Article, url: str, description: str) -> SafeString:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": article.source.name},
        "dateModified": article.updated_at.isoformat(),
    }
    if article.published:
        data["datePublished"] = article.published.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.section:
        data["articleSection"] = article.section
    if article.web_url:
        data["isBasedOn"] = article.web_url
    data.update(_tags_ld(article))
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 -- JSON with <, > and & escaped, as json_script does.


# The schema.org type of each kind of tag; topics are what the article is `about`, the
# others what it `mentions`.
_TAG_TYPES = {
    "topic": "Thing",
    "place": "Place",
    "person": "Person",
    "organisation": "Organization",
    "exchange": "Organization",
}


def _tags_ld(article: Article) -> dict:
    about, mentions = [], []
    for tag in article.tag_list:
        thing = {"@type": _TAG_TYPES[tag.kind], "name": tag.name}
        (about if tag.kind == "topic" else mentions).append(thing)
    return {name: things for name, things in (("about", about), ("mentions", mentions)) if things}


def _local_published(article: Article):
    return timezone.localtime(article.published) if article.published else None


def _date_text(article: Article) -> str:
    published = _local_published(article)
    return f"{published.day} {published:%B %Y}" if published else "undated"


def _citation_text(article: Article, url: str) -> str:
    author = f"{article.byline}. " if article.byline else ""
    return f"{author}“{article.title}”. {article.source.name}, {_date_text(article)}. {url}"


def _bibtex_value(name: str, text: str) -> str:
    return text.translate(_URL_ESCAPES if name == "url" else _BIBTEX_ESCAPES)


def bibtex(article: Article, url: str) -> str:
    """Return the article's BibTeX entry, its key unique in the archive."""
    published = _local_published(article)
    year = str(published.year) if published else "n.d."
    key = f"{article.source.slug.replace('-', '')[:20] or 'article'}{year}-{article.pk}"
    fields = [
        ("title", article.title),
        ("author", article.byline or article.source.name),
        ("journal", article.source.name),
        ("year", year),
        ("month", f"{published:%B}" if published else ""),
        ("url", url),
        ("note", f"News archive, article {article.slug}"),
    ]
    body = ",\n".join(
        f"  {name} = {{{_bibtex_value(name, value)}}}" for name, value in fields if value
    )
    return f"@article{{{key},\n{body}\n}}"


def _frozen_date(frozen) -> str:
    created = timezone.localtime(frozen.created)
    return f"{created.day} {created:%B %Y}"


def result_set_text(frozen, url: str) -> str:
    """Return the frozen result set cited as plain text, for a paper to print."""
    count = frozen.items.count()
    articles = "article" if count == 1 else "articles"
    return (
        f"News archive. Result set “{frozen.query}”, frozen {_frozen_date(frozen)}, "
        f"{count:,} {articles}. {url}"
    )


def result_set_bibtex(frozen, url: str) -> str:
    """Return the frozen result set's BibTeX entry (@misc), its key unique in the archive."""
    created = timezone.localtime(frozen.created)
    count = frozen.items.count()
    note = (
        f"Result set frozen {_frozen_date(frozen)} at {created:%H:%M %Z}: {count:,} of "
        f"{frozen.total:,} matching articles, from an archive of "
        f"{frozen.article_count_at_freeze:,} articles"
    )
    fields = [
        ("title", f"Result set “{frozen.query}”"),
        ("author", "{News archive}"),
        ("howpublished", "News archive"),
        ("year", str(created.year)),
        ("month", f"{created:%B}"),
        ("url", url),
        ("note", note),
    ]
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else _bibtex_value(name, value)}}}"
        for name, value in fields
    )
    return f"@misc{{newsarchive-{created:%Y%m%d}-{frozen.pk},\n{body}\n}}"
