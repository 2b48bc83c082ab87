from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "News archive administration"
admin.site.site_title = "News archive admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
