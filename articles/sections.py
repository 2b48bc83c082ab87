"""Sections as a reader knows them: the Reuters-21578 topic codes (`wpi`, `l-cattle`,
`bop`) stored as sections, shown by their names (Wholesale Price Index, Live Cattle...).

The article keeps the code as its section, so addresses (`section=wpi`), feeds and the
`section:wpi` syntax stay as they were; only what a page shows is the name. The names are
in data/reuters_topics.tsv, from the corpus's own descriptions of its categories. A code
is matched exactly (lower case, as the importer stores it), so other sources' sections,
such as the BBC's `business`, keep their own names.
"""

from dataclasses import replace
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).parent / "data" / "reuters_topics.tsv"


@cache
def _names() -> dict[str, str]:
    names = {}
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
    return names


def topic_names() -> dict[str, str]:
    """Return {Reuters topic code: its name}."""
    return dict(_names())


def section_name(section: str) -> str:
    """Return the name to show for a section: a Reuters topic's name, else the section
    with a capital (the search's facets give sections in lower case)."""
    return _names().get(section) or section[:1].upper() + section[1:]


def with_section_names(facets: dict[str, list]) -> dict[str, list]:
    """Return search facets with each section value labelled by its name (keys unchanged)."""
    if "section" not in facets:
        return facets
    named = [replace(value, label=section_name(value.label)) for value in facets["section"]]
    return {**facets, "section": named}
