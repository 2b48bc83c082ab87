"""Check a feed against the required elements of its spec: RFC 4287 (Atom) and RSS 2.0."""

from datetime import datetime
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"


def _text(element, path: str, ns: str = "") -> str:
    found = element.find(f"{ns}{path}")
    assert found is not None, f"missing <{path}>"
    assert (found.text or found.get("href") or "").strip(), f"empty <{path}>"
    return found.text or found.get("href")


def atom_entries(xml: bytes) -> list[dict]:
    """Return the entries of a valid Atom 1.0 feed; fail on a missing required element."""
    feed = ElementTree.fromstring(xml)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        _text(feed, required, ATOM)
    datetime.fromisoformat(feed.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}link[@rel='alternate']") is not None
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            _text(entry, required, ATOM)
        # RFC 4287 4.1.1: each entry has an author unless the feed has one.
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None or feed.find(f"{ATOM}author")
        published = entry.find(f"{ATOM}published")
        entries.append(
            {
                "title": entry.find(f"{ATOM}title").text,
                "link": entry.find(f"{ATOM}link").get("href"),
                "updated": datetime.fromisoformat(entry.find(f"{ATOM}updated").text),
                "published": None if published is None else datetime.fromisoformat(published.text),
            }
        )
    return entries


def rss_items(xml: bytes) -> list[dict]:
    """Return the items of a valid RSS 2.0 feed; fail on a missing required element."""
    rss = ElementTree.fromstring(xml)
    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        _text(channel, required)
    items = []
    for item in channel.findall("item"):
        assert item.find("title") is not None or item.find("description") is not None
        # pubDate is optional (RSS 2.0): an undated article has none.
        published = item.find("pubDate")
        published = None if published is None else parsedate_to_datetime(_text(item, "pubDate"))
        items.append(
            {"title": item.find("title").text, "link": _text(item, "link"), "published": published}
        )
    return items
