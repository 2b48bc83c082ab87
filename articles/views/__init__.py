"""The archive's web face, one module per face: pages (home, search results, article, help),
browse, feeds, api, export, opensearch and sitemaps; beside them what only serves them: the
results page's links (links), its cache (page_cache), the export slots and the search help's
examples. Each view reads the query string through SearchForm (articles/forms.py), asks the
models or the search package, and renders.
"""
