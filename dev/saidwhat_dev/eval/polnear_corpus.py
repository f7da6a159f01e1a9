"""Reading the PolNeAR corpus: article texts and brat standoff attributions.

A split directory holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``.
Each ``.ann`` file is read as its own :class:`Document` (agreement articles,
annotated by several people, give several documents over the same text). The
evaluation keeps them all, as the published protocol does, and so does the
trainer by default; :func:`one_per_article` keeps the first (by annotator id).

In a ``.ann`` file, ``T`` lines are spans (``Source``, ``Cue``, ``Content``, an
``Attribution`` anchor, and ``Discard``/``Discuss`` notes that are not
attributions) whose offsets may be discontinuous (``s e;s e``); the span text
may run over several lines. ``E`` lines tie the spans of one attribution
together (``Attribution:T4 Content:T3 Cue:T2 Source:T1``). Other lines
(annotator notes) are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from saidwhat.core.errors import DataError, MissingInput
from saidwhat.core.model import Span
from saidwhat.nlp.tokens import line_spans

__all__ = [
    "ROLES",
    "Document",
    "GoldRelation",
    "one_per_article",
    "paragraphs",
    "parse_ann",
    "read_split",
    "split_dir",
    "trim",
]

ROLES = ("source", "cue", "content")
_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content"}
_T_LINE = re.compile(r"T(\d{1,9})\t(\S{1,60}) (\d{1,9} \d{1,9}(?:;\d{1,9} \d{1,9}){0,50})(?:\t|$)")


@dataclass(slots=True)
class GoldRelation:
    """One annotated attribution: the fragments of its source, cue and content."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)

    def role(self, name: str) -> list[Span]:
        spans: list[Span] = getattr(self, name)
        return spans


@dataclass(slots=True)
class Document:
    """One annotation file over one article text."""

    name: str  # the article's file stem
    annotator: str
    text: str
    relations: list[GoldRelation]

    @property
    def id(self) -> str:
        return f"{self.name}_{self.annotator}"


def _fragments(offsets: str, where: str) -> list[Span]:
    spans = []
    for part in offsets.split(";"):
        s, e = part.split()
        try:
            spans.append(Span(int(s), int(e)))
        except ValueError as err:
            raise DataError(f"bad span offsets {part!r}", where) from err
    return spans


def parse_ann(content: str, where: str = "-") -> list[GoldRelation]:
    """The attributions of one brat ``.ann`` file (relations without a cue or content are kept)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[list[str]] = []
    for line in content.splitlines():
        if line.startswith("T"):
            m = _T_LINE.match(line)
            if m:
                spans["T" + m.group(1)] = (m.group(2), _fragments(m.group(3), where))
        elif line.startswith("E") and "\t" in line:
            events.append(line.split("\t", 1)[1].split())
    relations = []
    for args in events:
        rel = GoldRelation()
        for arg in args[1:]:  # args[0] is the Attribution anchor
            role, _, ref = arg.partition(":")
            name = _ROLE_OF.get(role.rstrip("0123456789"))
            if name is None or ref not in spans:
                continue
            rel.role(name).extend(spans[ref][1])
        if rel.cue or rel.content or rel.source:
            for name in ROLES:
                rel.role(name).sort()
            relations.append(rel)
    return relations


def split_dir(data: Path, split: str | None = None) -> Path:
    """``data/split`` (or ``data`` itself when it already has ``text/`` and ``attributions/``)."""
    path = data / split if split else data
    if not (path / "text").is_dir() or not (path / "attributions").is_dir():
        raise MissingInput("not a PolNeAR split directory (needs text/ and attributions/)", str(path))
    return path


def read_split(path: Path) -> list[Document]:
    """Every annotation file of a split directory as a document, in file-name order."""
    docs = []
    texts: dict[str, str] = {}
    for ann in sorted((path / "attributions").glob("*.ann")):
        name, _, annotator = ann.stem.rpartition("_")
        if name not in texts:
            txt = path / "text" / f"{name}.txt"
            if not txt.exists():
                raise DataError("annotation file without its text", str(ann))
            texts[name] = txt.read_text(encoding="utf-8")
        relations = parse_ann(ann.read_text(encoding="utf-8"), str(ann))
        docs.append(Document(name, annotator, texts[name], relations))
    return docs


def one_per_article(docs: list[Document]) -> list[Document]:
    """The first annotation file (by annotator id) of each article: one gold per text for training."""
    seen: set[str] = set()
    out = []
    for doc in docs:
        if doc.name not in seen:
            seen.add(doc.name)
            out.append(doc)
    return out


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of a corpus text: its non-blank lines."""
    return line_spans(text)


def _is_trimmed(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZ"


def trim(text: str, span: Span) -> Span | None:
    """``span`` without surrounding whitespace and punctuation; None when nothing is left."""
    s, e = span.start, min(span.end, len(text))
    while s < e and _is_trimmed(text[s]):
        s += 1
    while e > s and _is_trimmed(text[e - 1]):
        e -= 1
    return Span(s, e) if e > s else None
