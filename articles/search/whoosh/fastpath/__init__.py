"""The Whoosh 2.7.4 fast path: postings read from its files, document sets, BM25F scoring."""
