"""The sitemap (Django's sitemaps framework) and robots.txt, so search engines find articles."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse

from .models import Article, Source


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SourceSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Source.objects.filter(articles__isnull=False).distinct().order_by("pk")


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["articles:home", "articles:browse", "articles:browse_sources"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "sources": SourceSitemap, "articles": ArticleSitemap}


def robots_txt(request):
    # Search result pages are endless permutations and already say noindex; keep crawlers
    # on articles and browse pages, which the sitemap lists.
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /api/",
        "Disallow: /export/",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
