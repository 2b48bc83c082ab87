"""The sitemap index, its pages (Django's sitemaps framework) and robots.txt.

/sitemap.xml is an index of sitemap pages: the browse pages, sources, sections and tags,
then the articles in pages of settings.SITEMAP_PAGE_SIZE (at most 10,000, well under the
protocol's 50,000). An article's page is fixed by its id: page N holds ids (N-1)*size+1 to
N*size. So a page is one range scan of the primary key whatever the archive's size (no
OFFSET, no COUNT), an article is in exactly one page, and a page changes only when its own
articles do. Deleted articles leave their page shorter, never another one longer. The index
dates each page from blocks of ids the database keeps (models.SitemapBlock), never reading
the article table. Both views are cached (SITEMAP_CACHE_SECONDS).
"""

from collections import namedtuple
from datetime import date, datetime, time
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, F, Max, Min, OuterRef, Sum
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_page

from .. import counts
from ..models import SITEMAP_BLOCK_IDS, Article, ArticleTag, SitemapBlock, Source, Tag

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ArticleRow = namedtuple("ArticleRow", "pk slug updated_at")


class PagedSitemap(Sitemap):
    """A sitemap in pages of settings.SITEMAP_PAGE_SIZE addresses."""

    @property
    def limit(self) -> int:
        return settings.SITEMAP_PAGE_SIZE

    def index_pages(self) -> list[tuple[int, datetime | None]]:
        """Return (page number, last change or None) of each page the index lists."""
        return [(page, None) for page in range(1, self.paginator.num_pages + 1)]


class IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """Pages of a queryset by primary-key ranges: page N is ids (N-1)*size+1 .. N*size."""

    def __init__(self, queryset, per_page: int):
        self.queryset, self.per_page = queryset, per_page

    def page(self, number) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        first = (number - 1) * self.per_page
        rows = list(self.queryset.filter(pk__gt=first, pk__lte=first + self.per_page))
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return IdRangePage(rows)


class IdRangeSitemap(PagedSitemap):
    """A sitemap whose page N holds the items with ids (N-1)*size+1 .. N*size."""

    @property
    def paginator(self) -> IdRangePaginator:
        return IdRangePaginator(self.items(), self.limit)


class ArticleSitemap(IdRangeSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.order_by("pk").values_list("pk", "slug", "updated_at", named=True)

    def location(self, item: ArticleRow) -> str:
        # reverse() once per page, not per article: 10,000 calls cost more than the query.
        if not hasattr(self, "_around_slug"):
            address = reverse("articles:article_detail", args=["SLUG"])
            self._around_slug = address.rpartition("SLUG")
        before, _, after = self._around_slug
        return f"{before}{item.slug}{after}"

    def lastmod(self, item: ArticleRow):
        return item.updated_at

    def index_pages(self) -> list[tuple[int, datetime | None]]:
        # From the blocks of ids the database keeps (models.SitemapBlock): which pages hold
        # articles, and when each last changed, so a crawler fetches again only the pages
        # that did. A few rows per page, however large the archive.
        blocks_a_page, rest = divmod(self.limit, SITEMAP_BLOCK_IDS)
        if rest or not blocks_a_page:
            raise ImproperlyConfigured(
                f"SITEMAP_PAGE_SIZE must be a multiple of {SITEMAP_BLOCK_IDS}, not {self.limit}"
            )
        rows = (
            SitemapBlock.objects.order_by()
            .annotate(page=F("block") / blocks_a_page + 1)
            .values_list("page")
            .annotate(articles=Sum("articles"), last=Max("last_changed"))
            .filter(articles__gt=0)
            .values_list("page", "last")
        )
        return sorted(rows)


class BrowseSitemap(PagedSitemap):
    """The pages to wander the archive: home, browse, each year and month, undated."""

    changefreq = "daily"

    def items(self):
        fixed = [("articles:home",), ("articles:browse",), ("articles:browse_sources",)]
        if Article.objects.undated().exists():
            fixed.append(("articles:browse_undated",))
        months = _months_with_articles()
        years = sorted({("articles:browse_year", year) for year, _ in months})
        return fixed + years + [("articles:browse_month", year, month) for year, month in months]

    def location(self, item) -> str:
        return reverse(item[0], args=item[1:])


def _months_with_articles() -> list[tuple[int, int]]:
    """Return (year, month) of each month with an article, in the current time zone.

    One indexed lookup per year of the span, then per month of the years that have
    articles: a GROUP BY on the month would run a date function on every row.
    """
    span = Article.objects.aggregate(first=Min("published"), last=Max("published"))
    if span["first"] is None:
        return []
    first, last = timezone.localtime(span["first"]), timezone.localtime(span["last"])
    months = []
    for year in range(first.year, last.year + 1):
        if _any_published(date(year, 1, 1), date(year + 1, 1, 1)):
            months += [
                (year, month)
                for month in range(1, 13)
                if _any_published(date(year, month, 1), _next_month(year, month))
            ]
    return months


def _next_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def _any_published(start: date, end: date) -> bool:
    """Return True if an article was published from `start` to before `end` (local days)."""
    local = timezone.get_current_timezone()
    bounds = [timezone.make_aware(datetime.combine(day, time.min), local) for day in (start, end)]
    return Article.objects.filter(published__gte=bounds[0], published__lt=bounds[1]).exists()


class SourceSitemap(PagedSitemap):
    changefreq = "daily"

    def items(self):
        return counts.with_article_counts(Source.objects.order_by("pk"))


class SectionSitemap(PagedSitemap):
    changefreq = "daily"

    def items(self):
        return [slug for _, slug, _ in counts.section_counts()]

    def location(self, item: str) -> str:
        return reverse("articles:browse_section", args=[item])


class TagSitemap(IdRangeSitemap):
    """Each tag page with at least one article (/tags/place/japan/), in pages of tag ids.

    Paged as the articles are, so the index asks each range of ids whether it holds a tag
    with an article (one indexed query a page) rather than counting every such tag for a
    paginator: the tags grow with the archive, names found in the text most of all.
    """

    changefreq = "daily"

    def items(self):
        tagged = ArticleTag.objects.filter(tag=OuterRef("pk"))
        return Tag.objects.filter(Exists(tagged)).order_by("pk")

    def index_pages(self) -> list[tuple[int, datetime | None]]:
        last = Tag.objects.aggregate(last=Max("pk"))["last"] or 0
        pages = range(1, (last - 1) // self.limit + 2) if last else range(0)
        return [(page, None) for page in pages if self._holds_a_tag(page)]

    def _holds_a_tag(self, page: int) -> bool:
        first = (page - 1) * self.limit
        return self.items().filter(pk__gt=first, pk__lte=first + self.limit).exists()


SITEMAPS = {
    "browse": BrowseSitemap,
    "sources": SourceSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "articles": ArticleSitemap,
}


def _cached(view):
    """Cache the view's answers for settings.SITEMAP_CACHE_SECONDS, read at each request."""

    def cached(request, **kwargs):
        return cache_page(settings.SITEMAP_CACHE_SECONDS)(view)(request, **kwargs)

    return cached


@_cached
@views.x_robots_tag
def sitemap_index(request):
    """List every non-empty page of every section (Django's index assumes pages 1..N)."""
    items = []
    for section, sitemap in SITEMAPS.items():
        address = request.build_absolute_uri(reverse("sitemap_section", args=[section]))
        for page, lastmod in sitemap().index_pages():
            items.append(SitemapIndexItem(address if page == 1 else f"{address}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


@_cached
def sitemap_section(request, section):
    """Answer one page of one section (`?p=N`) as a urlset."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    try:
        urls = SITEMAPS[section]().get_urls(
            page=request.GET.get("p", 1), site=get_current_site(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    response = HttpResponse(_urlset(urls), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap views say
    return response


def _urlset(urls: list[dict]) -> str:
    # Written directly: Django's sitemap.xml template took 7 of 8 seconds for 10,000 URLs.
    zone = timezone.get_current_timezone()
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for url in urls:
        lastmod = url["lastmod"]
        if isinstance(lastmod, datetime):
            lastmod = lastmod.astimezone(zone).date() if lastmod.tzinfo else lastmod.date()
        lines.append(
            f"<url><loc>{escape(url['location'])}</loc>"
            + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
            + (f"<changefreq>{url['changefreq']}</changefreq>" if url["changefreq"] else "")
            + "</url>"
        )
    lines.append("</urlset>\n")
    return "\n".join(lines)


def robots_txt(request):
    # Search result pages are endless permutations and already say noindex; keep crawlers
    # on articles and browse pages, which the sitemap index lists.
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /api/",
        "Disallow: /export/",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
