"""Names found in the text: the people, organisations and places an article names.

finder.py finds them (pure: text in, names out, no database); gazetteer.py is what it
knows beforehand; spans.py cuts paragraphs into runs of capitalised words; store.py keeps
what was found as tags "found in the text", respecting what editors changed.
"""

from .native import load_compiled

# Before any module imports the finder: the compiled one where it was built from these
# sources (native.py), plain Python otherwise.
load_compiled()
