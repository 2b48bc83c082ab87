from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/help/", views.search_help, name="search_help"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
]
