from django.contrib import admin
from django.urls import include, path

from .login_throttle import ThrottledAdminAuthenticationForm

admin.site.site_header = "News archive administration"
admin.site.site_title = "News archive admin"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
