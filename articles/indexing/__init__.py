"""Keeping the search engine in step with the database, whichever engine is chosen.

queue.py     record what must be re-indexed, in the change's own transaction
drain.py     apply the queue after commit, never failing the change itself
follower.py  a second process that indexes beside a bulk import
report.py    drain and say what happened, for the commands that write articles
check.py     queue whatever the engine's documents and the database disagree on

How an engine writes its documents (the Whoosh writer, PostgreSQL's tsvectors) is the
engine's own, behind articles.search; this package only calls the search API.
"""
