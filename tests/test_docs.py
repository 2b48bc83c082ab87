"""The docs say what the site does: docs/searching.md lists exactly the examples the search
help page shows, in the help page's words; every relative link in README.md, docs/ and
bench/README.md leads to a file (and a heading) that exists, and so does every file they name;
the README's layout tour is the real tree; every setting in .env.example is described in
docs/; and the README gives each pinned dependency its line."""

import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md")), ROOT / "bench" / "README.md"]

FENCED_CODE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def prose(page: Path) -> str:
    """The page without its fenced code blocks, where a `#` or a link is not markdown."""
    return FENCED_CODE.sub("", page.read_text(encoding="utf-8"))


def one_line(text: str) -> str:
    return " ".join(text.split())


def help_page_examples(client) -> list[tuple[str, str]]:
    """The (query, meaning) pairs the search help page shows, as a reader sees them."""
    page = client.get(reverse("articles:search_help")).content.decode()
    listing = re.search(r'<dl class="syntax-examples">(.*?)</dl>', page, re.DOTALL).group(1)
    pairs = re.findall(r"<dt>.*?<code>(.*?)</code>.*?</dt>\s*<dd>(.*?)</dd>", listing, re.DOTALL)
    return [(html.unescape(query), one_line(html.unescape(meaning))) for query, meaning in pairs]


def documented_examples() -> list[tuple[str, str]]:
    """The rows of docs/searching.md's table of the help page's examples."""
    text = prose(DOCS / "searching.md")
    section = text.split("## The help page's examples", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(.+?)` \| (.+?) \|$", section, re.MULTILINE)
    return [(query, one_line(meaning)) for query, meaning in rows]


@pytest.mark.django_db
def test_searching_md_lists_each_help_page_example_with_the_same_meaning(client):
    shown = help_page_examples(client)

    assert len(shown) >= 10, "the help page no longer shows its examples where expected"
    assert documented_examples() == shown


def heading_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings (`## Did you mean?` -> `did-you-mean`)."""
    anchors, seen = set(), {}
    for heading in HEADING.findall(prose(page)):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(f"{slug}-{count}" if count else slug)
    return anchors


def relative_links() -> list[tuple[str, str]]:
    return [
        (page.relative_to(ROOT).as_posix(), target)
        for page in PAGES
        for target in LINK.findall(prose(page))
        if not re.match(r"[a-z][a-z0-9+.-]*:", target)  # https:, mailto: ...
    ]


def test_the_docs_have_relative_links_to_check():
    assert len(relative_links()) > 20


@pytest.mark.parametrize(("page", "target"), relative_links())
def test_each_relative_link_leads_to_a_file_and_heading_that_exist(page, target):
    path, _, anchor = target.partition("#")
    linked = (ROOT / page).parent / path if path else ROOT / page

    assert linked.exists(), f"{page} links to {target}: no such file"
    if anchor and linked.suffix == ".md":
        assert anchor in heading_anchors(linked), f"{page} links to {target}: no such heading"


REPO_PATH = re.compile(r"`((?:articles|newsarchive|tests|bench|templates|static|seeds)/[\w./-]*)`")


def test_every_file_the_docs_name_exists():
    named = {
        (page.relative_to(ROOT).as_posix(), path)
        for page in PAGES
        for path in REPO_PATH.findall(prose(page))
    }
    missing = sorted((page, path) for page, path in named if not (ROOT / path).exists())

    assert len(named) > 30
    assert missing == [], "moved or renamed? say where it is now in the page that names it"


def layout_entries() -> list[str]:
    """The paths the README's layout tour names: its tree, two spaces a level, names first."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tree = readme.split("## Layout", 1)[1].split("```", 2)[1]
    entries, parents = [], []
    for line in tree.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        parents = [(level, name) for level, name in parents if level < indent]
        prefix = "".join(name for _, name in parents)
        entries += [prefix + name for name in names.split(", ")]
        if names.endswith("/"):
            parents.append((indent, names))
    return entries


def test_the_readme_layout_tour_names_only_what_exists():
    entries = layout_entries()

    assert "articles/search/types.py" in entries
    assert [entry for entry in entries if not (ROOT / entry).exists()] == []


def test_the_readme_layout_tour_names_every_package_of_articles_and_search():
    entries = layout_entries()
    packages = [
        folder.relative_to(ROOT).as_posix() + "/"
        for parent in (ROOT / "articles", ROOT / "articles" / "search")
        for folder in sorted(parent.iterdir())
        if (folder / "__init__.py").exists() and folder.name != "migrations"
    ]

    assert "articles/search/whoosh/" in packages
    assert [p for p in packages if not any(e.startswith(p) for e in entries)] == []


def env_example_variables() -> list[str]:
    """Every variable .env.example sets, or shows commented out (NEWSARCHIVE_CSP)."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE)


def test_every_variable_of_env_example_is_described_in_docs():
    docs = "\n".join(page.read_text(encoding="utf-8") for page in sorted(DOCS.glob("*.md")))
    variables = env_example_variables()

    assert "DATABASE_URL" in variables and "NEWSARCHIVE_CSP" in variables
    assert [name for name in variables if f"`{name}`" not in docs] == []


def pinned_packages() -> list[str]:
    names = []
    for requirements in ("requirements.txt", "requirements-dev.txt", "requirements-compile.txt"):
        text = (ROOT / requirements).read_text(encoding="utf-8")
        names += re.findall(r"^([A-Za-z0-9_.\-]+)==", text, re.MULTILINE)
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    names += [*package.get("dependencies", {}), *package.get("devDependencies", {})]
    return names


def test_the_readme_gives_each_pinned_dependency_a_line():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dependencies", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- ([A-Za-z0-9_.\-]+)[ :]", section, re.MULTILINE))
    pinned = pinned_packages()

    assert "Django" in pinned and "axe-core" in pinned
    assert [name for name in pinned if name not in listed] == []
