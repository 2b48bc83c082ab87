"""Read the judged test collections of ../shared/relevance (its README gives the formats).

Each set becomes plain data: documents (key, title, paragraphs), questions (id, text as
written) and judgments ({question id: {document key: gain}}). Nothing here touches Django;
bench/relevance.py writes the documents as JSON Lines for the archive's own importer.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# A document without a title of its own (MEDLINE, NPL) takes its first sentence, cut at
# this many words, as its title, and the rest as its text.
TITLE_WORDS = 20
_FIELD = re.compile(r"^\.([A-Z])\s*(.*)$")


@dataclass
class JudgedSet:
    name: str
    documents: list[tuple[str, str, list[str]]] = field(default_factory=list)
    questions: list[tuple[str, str]] = field(default_factory=list)
    judgments: dict[str, dict[str, int]] = field(default_factory=dict)
    # Imported from a folder in the archive's own format instead of JSON Lines (BBC).
    folder: Path | None = None
    source: str = ""

    def judged_questions(self) -> list[tuple[str, str]]:
        """Return the questions that have at least one relevant document."""
        return [(qid, text) for qid, text in self.questions if self.judgments.get(qid)]

    def write_jsonl(self, path: Path) -> None:
        """Write the documents in the importer's JSON Lines format, keyed by their ids."""
        with open(path, "w", encoding="utf-8") as out:
            for key, title, paragraphs in self.documents:
                record = {"id": key, "title": title, "paragraphs": paragraphs}
                out.write(json.dumps(record) + "\n")


def _records(path: Path) -> list[dict[str, str]]:
    """Return the `.I` records of a SMART-format file as {field letter: text}."""
    records, current, letter = [], None, None
    for line in path.read_text(encoding="latin-1").splitlines():
        match = _FIELD.match(line)
        if match and (match.group(1) == "I" or current is not None):
            if match.group(1) == "I":
                current = {"I": match.group(2).strip()}
                records.append(current)
                letter = None
                continue
            letter = match.group(1)
            current[letter] = match.group(2)
            continue
        if current is not None and letter:
            current[letter] += "\n" + line
    return records


def _words(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    """Return the text's paragraphs: lines that start indented open a new one."""
    paragraphs: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not paragraphs or line.startswith((" ", "\t")):
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] += " " + line.strip()
    return [_words(p) for p in paragraphs if p.strip()]


def _titled(text: str) -> tuple[str, list[str]]:
    """Return (first sentence as title, the rest as one paragraph) for an untitled text."""
    flat = _words(text)
    match = re.match(r"(.+?)(?:\s\.\s|\s{2,}|\.\s)", text.strip().replace("\n", " "))
    title = " ".join(_words(match.group(1) if match else flat).split()[:TITLE_WORDS])
    rest = flat[len(title) :].lstrip(" .")
    return title, [rest] if rest else [flat]


def _smart_set(name: str, folder: Path, docs: str, queries: str) -> JudgedSet:
    judged = JudgedSet(name)
    for record in _records(folder / docs):
        text = record.get("W", "")
        if record.get("T", "").strip():
            title, paragraphs = _words(record["T"]), _paragraphs(text) or [_words(record["T"])]
        else:
            title, paragraphs = _titled(text)
        judged.documents.append((f"{name}:{record['I']}", title, paragraphs))
    judged.questions = [
        (str(number), _words(record.get("W", "")))
        for number, record in enumerate(_records(folder / queries), start=1)
    ]
    return judged


def cisi(root: Path) -> JudgedSet:
    """Return CISI: 1,460 library-science abstracts, 76 judged questions."""
    judged = _smart_set("cisi", root / "cisi", "CISI.ALL", "CISI.QRY")
    # Its questions are numbered by .I, which runs 1..112 in file order.
    for line in (root / "cisi" / "CISI.REL").read_text().splitlines():
        query, doc = line.split()[:2]
        judged.judgments.setdefault(query, {})[f"cisi:{doc}"] = 1
    return judged


def cranfield(root: Path) -> JudgedSet:
    """Return Cranfield: 1,400 aeronautics abstracts, 225 questions with graded judgments.

    Grades run 1 (a complete answer) to 4 (of minimum interest); gains are 5 - grade.
    The qrels number the questions 1..225 in file order.
    """
    judged = _smart_set("cran", root / "cran", "cran.all.1400", "cran.qry")
    for line in (root / "cran" / "cranqrel").read_text().splitlines():
        query, doc, grade = line.split()[:3]
        if 1 <= int(grade) <= 4:
            judged.judgments.setdefault(query, {})[f"cran:{doc}"] = 5 - int(grade)
    return judged


def medline(root: Path) -> JudgedSet:
    """Return MEDLINE: 1,033 medical abstracts, 30 questions."""
    judged = _smart_set("med", root / "med", "MED.ALL", "MED.QRY")
    for line in (root / "med" / "MED.REL").read_text().splitlines():
        query, _, doc, grade = line.split()[:4]
        if int(grade) > 0:
            judged.judgments.setdefault(query, {})[f"med:{doc}"] = 1
    return judged


def _slash_blocks(path: Path) -> list[tuple[str, str]]:
    """Return (number, text) for each block of a number line, text lines and a `/` line."""
    blocks = []
    for block in re.split(r"^\s*/\s*$", path.read_text(encoding="latin-1"), flags=re.M):
        lines = block.strip("\n").splitlines()
        lines = [line for line in lines if line.strip()]
        if lines:
            blocks.append((lines[0].strip(), "\n".join(lines[1:])))
    return blocks


def npl(root: Path) -> JudgedSet:
    """Return NPL: 11,429 electronics abstracts, 93 questions (92 judged)."""
    judged = JudgedSet("npl")
    for number, text in _slash_blocks(root / "npl" / "doc-text"):
        title, paragraphs = _titled(text)
        judged.documents.append((f"npl:{number}", title, paragraphs))
    judged.questions = [(n, _words(t)) for n, t in _slash_blocks(root / "npl" / "query-text")]
    for number, text in _slash_blocks(root / "npl" / "rlv-ass"):
        judged.judgments[number] = {f"npl:{doc}": 1 for doc in text.split()}
    return judged


def bbc(corpus: Path, judgments: Path) -> JudgedSet:
    """Return the BBC News corpus (imported from its folder) and the 18 judged queries."""
    judged = JudgedSet("bbc", folder=corpus, source="BBC News")
    queries = json.loads(judgments.read_text())["queries"]
    for number, entry in enumerate(queries, start=1):
        judged.questions.append((str(number), entry["query"]))
        judged.judgments[str(number)] = {f"bbc:{k}": g for k, g in entry["relevant"].items()}
    return judged


READERS = {"cisi": cisi, "cran": cranfield, "med": medline, "npl": npl}
