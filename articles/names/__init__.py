"""Names found in the text: the people, organisations and places an article names.

finder.py finds them (pure: text in, names out, no database); gazetteer.py is what it
knows beforehand; spans.py cuts paragraphs into runs of capitalised words; store.py keeps
what was found as tags "found in the text", respecting what editors changed.
"""
