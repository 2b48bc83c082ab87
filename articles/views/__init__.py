"""The archive's web face, one module per face: pages (home, search results, article, help),
browse, feeds, api, export, opensearch and sitemaps, with what only serves them (the results
page cache, the export slots, the search help's examples). Each view validates the query
string with a form (articles/forms.py), asks the models or the search package, and renders.
"""
