from django.contrib import admin
from django.urls import include, path

from articles.views.sitemaps import robots_txt, sitemap_index, sitemap_section

from .favicon import favicon
from .login_throttle import ThrottledAdminAuthenticationForm

admin.site.site_header = "News archive administration"
admin.site.site_title = "News archive admin"
admin.site.login_form = ThrottledAdminAuthenticationForm

# A write refused by a full or read-only disk answers 503 with a clear page (errors.py).
handler500 = "newsarchive.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("articles.urls")),
]
