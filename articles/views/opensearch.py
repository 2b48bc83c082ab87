"""Browser search: the OpenSearch description and its JSON suggestions for the address bar.

Spec: OpenSearch 1.1 (description document) and its Suggestions extension 1.1, whose
response is the JSON array [query, [completions], [descriptions], [urls]].
"""

import logging
import re
from collections import Counter
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from .. import search
from ..models import Article

log = logging.getLogger(__name__)

MAX_SUGGESTIONS = 8
MAX_PREFIX_CHARS = 100
# Titles read to find how the suggested words are written.
SPELLING_TITLES = 200
_WORD = re.compile(r"\w+")


def opensearch_description(request):
    return render(
        request,
        "opensearch.xml",
        {"base": f"{request.scheme}://{request.get_host()}"},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


def suggestions(request):
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_PREFIX_CHARS]
    completions, descriptions, urls = [], [], []
    if query:
        titles = Article.objects.for_listing().filter(title__istartswith=query).newest_first()
        for article in titles[: MAX_SUGGESTIONS // 2]:
            completions.append(article.title)
            descriptions.append(f"Article · {article.source.name}")
            urls.append(request.build_absolute_uri(article.get_absolute_url()))
        for query_with_term in _term_completions(query, MAX_SUGGESTIONS - len(completions)):
            completions.append(query_with_term)
            descriptions.append("Search")
            urls.append(request.build_absolute_uri(_search_url(query_with_term)))
    return JsonResponse(
        [query, completions, descriptions, urls],
        safe=False,
        content_type="application/x-suggestions+json",
    )


def _term_completions(query: str, limit: int) -> list[str]:
    """Return the query with its last word completed by frequent words of the archive."""
    head, _, last = query.rpartition(" ")
    try:
        terms = search.frequent_terms(last, limit=limit)
    except search.IndexUnavailable:
        # Suggestions are a courtesy: titles still come, and the search page reports the outage.
        log.warning("No word completions: the search index cannot be read", exc_info=True)
        return []
    spelled = _spelled_out(terms, last)
    return list(dict.fromkeys(f"{head} {spelled.get(term, term)}".strip() for term in terms))


def _spelled_out(stems: list[str], prefix: str) -> dict[str, str]:
    """Return {stem: a whole word of the titles that it comes from}, where one is found.

    The index holds stems (`ukrain`, `zelenski`); titles show how people write the words
    (`Ukraine`, `Zelensky`). A stem's word starts with the stem less its last letter.
    """
    if not stems or len(prefix) < 2:
        return {}
    titles = Article.objects.filter(title__icontains=prefix).values_list("title", flat=True)
    words = Counter(
        word.lower()
        for title in titles[:SPELLING_TITLES]
        for word in _WORD.findall(title)
        if word.lower().startswith(prefix.lower())
    )
    spelled = {}
    for stem in stems:
        candidates = [w for w, _ in words.most_common() if w.startswith(stem[:-1] or stem)]
        if candidates:
            spelled[stem] = min(candidates, key=lambda w: (len(w) < len(stem), -words[w]))
    return spelled


def _search_url(query: str) -> str:
    return f"{reverse('articles:search')}?{urlencode({'q': query})}"
