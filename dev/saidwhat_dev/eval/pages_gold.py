"""The real-page statement gold set: loading and validation.

Each file of ``eval/data/pages/`` describes one page of the extraction
benchmark (``ID.json`` for ``html/ID.html.gz``): its headline and the
statements a reader finds in the benchmark's ``articleBody`` (see ``GUIDE.md``
beside the files). Every string is checked against the text it quotes, so a
typo in the gold fails loudly instead of silently never matching.

``python -m saidwhat_dev.eval.pages_gold FILE...`` validates files and prints a
one-line summary of each (or the first error).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from saidwhat.core.errors import DataError as EvaluationError

__all__ = ["PAGES_DIR", "GoldPage", "GoldStatement", "load_page", "load_pages"]

PAGES_DIR = Path(__file__).parent / "data" / "pages"
KINDS = ("direct", "indirect", "mixed", "headline")
TYPES = ("person", "organisation", "government", "country", "group", "document", "anonymous")
DEFAULT_BENCHMARK = Path("../shared/data/extraction-benchmark")
_PAGE_FILE = re.compile(r"[0-9a-f]{64}")
HELD_OUT = frozenset("89abcdef")  # benchmark pages whose id starts with these are never annotated


@dataclass(slots=True)
class GoldStatement:
    n: int
    content: list[str]
    kind: str
    speaker: str | None
    speaker_type: str
    source: str | None = None
    cue: str | None = None
    parent: int | None = None
    optional: bool = False
    where: str = "body"
    occurrence: int = 1
    note: str = ""


@dataclass(slots=True)
class GoldPage:
    id: str
    url: str
    title: str
    body: str
    outlet: str = ""
    genre: str = ""
    statements: list[GoldStatement] = field(default_factory=list)

    def text_of(self, st: GoldStatement) -> str:
        return self.title if st.where == "title" else self.body


def _fail(path: Path, message: str) -> EvaluationError:
    return EvaluationError(message, str(path))


def _statement(path: Path, raw: dict[str, object]) -> GoldStatement:
    try:
        content = raw["content"]
        if not isinstance(content, list) or not all(isinstance(c, str) and c.strip() for c in content):
            raise _fail(path, f"statement {raw.get('n')}: content must be a list of non-empty strings")
        st = GoldStatement(
            n=int(raw["n"]),  # type: ignore[call-overload]
            content=list(content),
            kind=str(raw["kind"]),
            speaker=None if raw.get("speaker") is None else str(raw["speaker"]),
            speaker_type=str(raw.get("speaker_type") or "person"),
            source=None if raw.get("source") is None else str(raw["source"]),
            cue=None if raw.get("cue") is None else str(raw["cue"]),
            parent=None if raw.get("parent") is None else int(raw["parent"]),  # type: ignore[call-overload]
            optional=bool(raw.get("optional", False)),
            where=str(raw.get("where", "body")),
            occurrence=int(raw.get("occurrence", 1)),  # type: ignore[call-overload]
            note=str(raw.get("note", "")),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise _fail(path, f"statement {raw.get('n')}: bad or missing field ({err})") from err
    if st.kind not in KINDS:
        raise _fail(path, f"statement {st.n}: kind {st.kind!r} is not one of {', '.join(KINDS)}")
    if st.speaker_type not in TYPES:
        raise _fail(
            path, f"statement {st.n}: speaker_type {st.speaker_type!r} is not one of {', '.join(TYPES)}"
        )
    if st.where not in ("body", "title"):
        raise _fail(path, f"statement {st.n}: where must be 'body' or 'title'")
    return st


def _check_strings(path: Path, page: GoldPage) -> None:
    numbers = {st.n for st in page.statements}
    if len(numbers) != len(page.statements):
        raise _fail(path, "statement numbers (n) repeat")
    for st in page.statements:
        text = page.text_of(st)
        for label, value in (("source", st.source), ("cue", st.cue), *(("content", c) for c in st.content)):
            if value is not None and value not in text:
                raise _fail(path, f"statement {st.n}: {label} {value[:60]!r} is not in the page's {st.where}")
        if text.count(st.content[0]) < st.occurrence:
            raise _fail(path, f"statement {st.n}: content occurs fewer than {st.occurrence} times")
        if st.parent is not None and st.parent not in numbers:
            raise _fail(path, f"statement {st.n}: parent {st.parent} is not a statement of the page")
        if st.speaker is None and st.source is None:
            raise _fail(path, f"statement {st.n}: an unnamed speaker needs its source text")


def benchmark_page(data_dir: Path, page_id: str) -> tuple[str, str]:
    """The benchmark's (url, articleBody) for a page id."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    if page_id not in truth:
        raise EvaluationError(f"page {page_id} is not in the extraction benchmark", str(data_dir))
    entry = truth[page_id]
    return str(entry["url"]), str(entry["articleBody"])


def load_page(path: Path, data_dir: Path) -> GoldPage:
    """One gold page, with its body from the benchmark at ``data_dir``; raises EvaluationError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise _fail(path, f"unreadable gold file ({err})") from err
    page_id = str(raw.get("id", ""))
    if not page_id or page_id[0] in HELD_OUT:
        raise _fail(path, "page id missing or in the held-out half (8-f)")
    url, body = benchmark_page(data_dir, page_id)
    page = GoldPage(
        id=page_id,
        url=url,
        title=str(raw.get("title", "")),
        body=body,
        outlet=str(raw.get("outlet", "")),
        genre=str(raw.get("genre", "")),
        statements=[_statement(path, s) for s in raw.get("statements", [])],
    )
    _check_strings(path, page)
    return page


def load_pages(data_dir: Path, gold_dir: Path = PAGES_DIR) -> list[GoldPage]:
    return [load_page(p, data_dir) for p in sorted(gold_dir.glob("*.json")) if _PAGE_FILE.fullmatch(p.stem)]


def main(argv: list[str]) -> int:
    data_dir = DEFAULT_BENCHMARK
    status = 0
    for name in argv:
        try:
            page = load_page(Path(name), data_dir)
        except EvaluationError as err:
            print(f"{name}: {err.reason}")
            status = 1
            continue
        counted = sum(not s.optional for s in page.statements)
        print(
            f"{name}: ok, {len(page.statements)} statements ({counted} counted, "
            f"{len(page.statements) - counted} optional)"
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
