from django.urls import path

from .views import accounts, api, browse, collections, export, feeds, opensearch, pages, saved, tags

app_name = "articles"

urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search_page, name="search"),
    path("search/help/", pages.search_help, name="search_help"),
    path("search/chart.csv", pages.search_chart_csv, name="search_chart_csv"),
    path("search/export.<str:fmt>", export.export, name="export"),
    path("articles/<slug:slug>/", pages.article_detail, name="article_detail"),
    path("browse/", browse.browse_index, name="browse"),
    path("browse/<int:year>/", browse.browse_year, name="browse_year"),
    path("browse/<int:year>/<int:month>/", browse.browse_month, name="browse_month"),
    path("browse/<int:year>/<int:month>/<int:day>/", browse.browse_day, name="browse_day"),
    path("browse/undated/", browse.browse_undated, name="browse_undated"),
    path("browse/sources/", browse.browse_sources, name="browse_sources"),
    path("browse/sources/<slug:slug>/", browse.browse_source, name="browse_source"),
    path("browse/sections/", browse.browse_sections, name="browse_sections"),
    path("browse/sections/<slug:slug>/", browse.browse_section, name="browse_section"),
    path("feeds/latest.rss", feeds.ArticleFeed(), name="latest_feed"),
    path("feeds/latest.atom", feeds.atom(feeds.ArticleFeed)(), name="latest_feed_atom"),
    path("feeds/sources/<slug:slug>.rss", feeds.SourceFeed(), name="source_feed"),
    path("feeds/sources/<slug:slug>.atom", feeds.atom(feeds.SourceFeed)(), name="source_feed_atom"),
    path("feeds/sections/<slug:slug>.rss", feeds.SectionFeed(), name="section_feed"),
    path(
        "feeds/sections/<slug:slug>.atom",
        feeds.atom(feeds.SectionFeed)(),
        name="section_feed_atom",
    ),
    # Tag slugs keep letters in any script (tag_kinds.tag_slug), so <str>, not <slug>.
    path("tags/<str:kind>/<str:slug>/", tags.tag_detail, name="tag_detail"),
    path("feeds/tags/<str:kind>/<str:slug>.rss", feeds.TagFeed(), name="tag_feed"),
    path(
        "feeds/tags/<str:kind>/<str:slug>.atom", feeds.atom(feeds.TagFeed)(), name="tag_feed_atom"
    ),
    path("feeds/search.rss", feeds.SearchFeed(), name="search_feed"),
    path("feeds/search.atom", feeds.atom(feeds.SearchFeed)(), name="search_feed_atom"),
    path("opensearch.xml", opensearch.opensearch_description, name="opensearch"),
    path("suggest/", opensearch.suggestions, name="suggestions"),
    path("api/search", api.search_results, name="api_search"),
    path("api/articles/<slug:slug>", api.article_detail, name="api_article"),
    path("help/api/", pages.api_help, name="api_help"),
    # Readers' accounts (views/accounts.py) and their saved searches (views/saved.py).
    path("account/", accounts.account, name="account"),
    path("account/sign-in/", accounts.sign_in, name="sign_in"),
    path("account/sign-out/", accounts.sign_out, name="sign_out"),
    path("account/sign-up/", accounts.sign_up, name="sign_up"),
    path("account/confirm/<str:uidb64>/<str:token>/", accounts.confirm, name="confirm"),
    path("account/reset/", accounts.reset, name="reset"),
    path("account/reset/sent/", accounts.reset_sent, name="reset_sent"),
    path("account/reset/<uidb64>/<token>/", accounts.reset_confirm, name="reset_confirm"),
    path("account/reset/done/", accounts.reset_done, name="reset_done"),
    path("account/delete/", accounts.delete_account, name="delete_account"),
    path("account/searches/", saved.saved_searches, name="saved_searches"),
    path("account/searches/save/", saved.save_search, name="save_search"),
    path("account/searches/<int:pk>/", saved.change_saved_search, name="change_saved_search"),
    path(
        "account/searches/<int:pk>/delete/",
        saved.delete_saved_search,
        name="delete_saved_search",
    ),
    path("alerts/stop/<str:token>/", saved.stop_alert, name="stop_alert"),
    # Readers' collections (views/collections.py); the shared page needs no sign-in.
    path("collections/", collections.collections, name="collections"),
    path("collections/add/<slug:slug>/", collections.add_to_collection, name="add_to_collection"),
    path("collections/<int:pk>/", collections.collection, name="collection"),
    path("collections/<int:pk>/rename/", collections.rename_collection, name="rename_collection"),
    path("collections/<int:pk>/delete/", collections.delete_collection, name="delete_collection"),
    path("collections/<int:pk>/share/", collections.share_collection, name="share_collection"),
    path(
        "collections/<int:pk>/items/<int:item_pk>/note/",
        collections.change_note,
        name="change_collection_note",
    ),
    path(
        "collections/<int:pk>/items/<int:item_pk>/remove/",
        collections.remove_item,
        name="remove_collection_item",
    ),
    path(
        "collections/<int:pk>/export.<str:fmt>",
        collections.export_collection,
        name="export_collection",
    ),
    path(
        "collections/shared/<str:token>/",
        collections.shared_collection,
        name="shared_collection",
    ),
    path(
        "collections/shared/<str:token>/export.<str:fmt>",
        collections.export_shared_collection,
        name="export_shared_collection",
    ),
]
