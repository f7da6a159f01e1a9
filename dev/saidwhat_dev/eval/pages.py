"""``saidwhat eval pages``: who said what on real news pages, against the real-page gold set.

The gold set (``eval/data/pages/``, guide in its ``GUIDE.md``) holds the
statements a careful reader finds in the benchmark's ``articleBody`` of real
pages from the extraction benchmark's ``0``–``7`` half. saidwhat runs on each
page's HTML, as a user would run it; the gold strings are then located in
saidwhat's article text (after folding quotation marks, dashes and white
space), so that spans can be compared by characters.

- A predicted statement **matches** a gold statement when at least half of its
  content's characters lie in that gold statement's content.
- Its **speaker is right** when its speaker's name (its source text when no
  speaker was resolved) names the gold speaker: the same normalised name, or a
  shorter form of it (surname, first-name variants by the ``nicknames`` table,
  initials), titles and suffixes aside; for a body, the same country, seat
  or organisation by saidwhat's alias tables ("UK" and "United Kingdom", "the
  Pentagon" and "United States Department of Defense", "the Jordanian
  government" and "Jordan"); for an anonymous gold source, the description
  itself.
- **Precision**: predicted statements that match a gold statement and have the
  right speaker / predicted statements, leaving out those that match an
  *optional* gold statement (neither rewarded nor punished).
- **Recall**: counted gold statements of which at least half the content is
  covered by predicted statements with the right speaker.
- **Speaker accuracy**: among predicted statements that match a counted gold
  statement, the share whose speaker is right.

Precision is also broken down by method and by confidence band, so that the
confidence field can be checked against what it claims. Pages are split into
``dev`` (looked at while developing) and ``check`` (scored only as totals), by
``split.json`` beside the gold files.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from saidwhat.core.errors import DataError, SaidwhatError
from saidwhat.core.model import Article, Span, Statement, covered
from saidwhat.core.options import Options
from saidwhat_dev.eval.pages_gold import DEFAULT_BENCHMARK, PAGES_DIR, GoldPage, GoldStatement, load_pages

__all__ = [
    "BANDS",
    "HELP",
    "Outcome",
    "PageResult",
    "add_arguments",
    "evaluate_page",
    "names_match",
    "run",
    "summarise",
]

HELP = "statement precision / recall and speaker accuracy on the real-page gold set"

READING_CONFIDENCE = 0.5  # what the store's views and the web page show by default
MATCH = 0.5  # share of a predicted content that must lie in a gold content
FOUND = 0.5  # share of a gold content that predictions with the right speaker must cover
BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)

# --------------------------------------------------------------------------- text folding

_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u00ad": "",
    }
)


_MARKS = frozenset("\"'")


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` with marks folded, white space runs made one space and white space beside a
    quotation mark dropped, and for each character of the result the offset of the character it
    came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, original in enumerate(text):
        ch = original.translate(_FOLD)
        if not ch:
            continue
        if ch.isspace():
            if space or (out and out[-1] in _MARKS):
                continue  # "‘ this" and "‘this": a space beside a quotation mark is not compared
            space, ch = True, " "
        else:
            if space and ch in _MARKS:
                out.pop()
                where.pop()
            space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


class Locator:
    """Finds gold strings in saidwhat's article text, by folded text."""

    def __init__(self, text: str) -> None:
        self.folded, self.where = _fold(text)
        self.end = len(text)

    def _span(self, start: int, length: int) -> Span:
        last = start + length - 1
        return Span(self.where[start], self.where[last] + 1 if last < len(self.where) else self.end)

    def find_all(self, needle: str) -> list[Span]:
        folded = _fold(needle)[0].strip()
        if not folded:
            return []
        spans: list[Span] = []
        start = self.folded.find(folded)
        while start >= 0 and len(spans) < 50:
            spans.append(self._span(start, len(folded)))
            start = self.folded.find(folded, start + 1)
        return spans

    def find_near(self, needle: str, anchor: int, occurrence: int = 1) -> Span | None:
        """The occurrence of ``needle`` nearest to ``anchor`` (or the ``occurrence``-th when no anchor)."""
        spans = self.find_all(needle)
        if not spans:
            return None
        if anchor < 0:
            return spans[min(occurrence, len(spans)) - 1]
        return min(spans, key=lambda s: abs(s.start - anchor))


# --------------------------------------------------------------------------- names

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rep",
        "reps",
        "sen",
        "sens",
        "gov",
        "lt",
        "col",
        "gen",
        "adm",
        "capt",
        "sgt",
        "cpl",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "senator",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "mayor",
        "judge",
        "justice",
        "chief",
        "former",
        "the",
        "u",
        "s",
        "attorney",
        "general",
        "sheriff",
        "officer",
        "detective",
        "coach",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "deputy",
        "press",
        "st",
        "saint",
    ]
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"})
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "who",
        "which",
        "that",
    ]
)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _name_words(name: str) -> list[str]:
    words = [w.replace("’", "'").removesuffix("'s").replace(".", "") for w in _WORD.findall(_plain(name))]
    return [w for w in words if w and w not in _SUFFIXES]


def _person_words(name: str) -> list[str]:
    words = _name_words(name)
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return words


def _same_first(a: str, b: str) -> bool:
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    try:
        from nicknames import NickNamer
    except ImportError:  # the table is a dependency; a missing one only makes matching stricter
        return False
    namer = _namer(NickNamer)
    return (
        b in namer.nicknames_of(a)
        or a in namer.nicknames_of(b)
        or bool(namer.canonicals_of(a) & ({b} | namer.canonicals_of(b)))
    )


_NAMERS: dict[type, Any] = {}


def _namer(cls: type) -> Any:
    if cls not in _NAMERS:
        _NAMERS[cls] = cls()
    return _NAMERS[cls]


def names_match(predicted: str, gold: str, person: bool) -> bool:
    """Whether ``predicted`` names the gold speaker (see the module docstring)."""
    if person:
        p, g = _person_words(predicted), _person_words(gold)
        if not p or not g or p[-1] != g[-1]:
            return False
        pf, gf = [w for w in p[:-1] if w not in _TITLES], [w for w in g[:-1] if w not in _TITLES]
        shorter, longer = (pf, gf) if len(pf) <= len(gf) else (gf, pf)
        return all(any(_same_first(w, x) for x in longer) for w in shorter)
    p = [w for w in _name_words(predicted) if w not in _STOP]
    g = [w for w in _name_words(gold) if w not in _STOP]
    if not p or not g:
        return False
    if p == g or _same_body(p, g):
        return True
    shorter, longer = (p, g) if len(p) <= len(g) else (g, p)
    return len(shorter) >= 2 and set(shorter) <= set(longer)


_GOVERNMENT = frozenset(["government", "authorities", "administration"])


def _body(words: list[str]) -> str:
    """A body's name as one key: a country by its code (UK, Britain, the British government), a
    seat or organisation by the canonical name of saidwhat's alias tables (the Pentagon), else the
    words themselves."""
    from saidwhat.speakers.lexicon import aliases, places

    if len(words) > 1 and words[-1] in _GOVERNMENT:
        words = words[:-1]
    name = " ".join(words)
    seat = aliases().seats.get(name)
    if seat is not None:
        return seat.country or _key(seat.name or name)
    org = aliases().organisations.get(name)
    if org is not None:
        return _key(org)
    return places().country_of(name) or name


def _key(name: str) -> str:
    return " ".join(w for w in _name_words(name) if w not in _STOP)


def _same_body(p: list[str], g: list[str]) -> bool:
    """One body under two names by the alias tables: "UK" and "United Kingdom"."""
    return _body(p) == _body(g)


_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "its", "their"]
)


def _description_match(predicted: str, source: str) -> bool:
    p = {w for w in _name_words(predicted) if w not in _STOP}
    g = {w for w in _name_words(source) if w not in _STOP}
    return bool(p and g) and len(p & g) / len(p | g) >= 0.5


# --------------------------------------------------------------------------- matching


@dataclass(slots=True)
class Located:
    gold: GoldStatement
    content: list[Span]
    source: Span | None
    # the page's other sources of the same gold speaker, names and descriptions ("the authors"
    # for a "they wrote" of "authors of the study published in JAMA Psychiatry")
    aliases: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(s) for s in self.content)


@dataclass(slots=True)
class Outcome:
    """One predicted statement, judged."""

    page: str
    id: str
    kind: str
    method: str
    confidence: float
    speaker: str
    content: str
    verdict: str  # right, wrong-speaker, not-a-statement, optional
    gold: int | None = None
    gold_speaker: str | None = None


@dataclass(slots=True)
class PageResult:
    id: str
    outlet: str
    outcomes: list[Outcome] = field(default_factory=list)
    gold_counted: int = 0
    gold_found: int = 0
    gold_missing_text: int = 0  # counted gold statements whose content saidwhat's text lacks
    missed: list[str] = field(default_factory=list)
    error: str = ""


def _locate(page: GoldPage, article: Article, locator: Locator, title: Locator) -> list[Located]:
    out = []
    for st in page.statements:
        where = title if st.where == "title" else locator
        if st.where == "title" and article.title is not None:
            offset = article.text.find(article.title)
        else:
            offset = 0
        first = where.find_near(st.content[0], -1, st.occurrence)
        if first is None:
            out.append(Located(st, [], None))
            continue
        spans = [first]
        for extra in st.content[1:]:
            found = where.find_near(extra, first.start)
            if found is not None:
                spans.append(found)
        source = where.find_near(st.source, first.start) if st.source else None
        shift = max(offset, 0) if where is title else 0
        out.append(
            Located(
                st,
                [Span(s.start + shift, s.end + shift) for s in spans],
                Span(source.start + shift, source.end + shift) if source else None,
            )
        )
    sources: dict[str, list[str]] = defaultdict(list)
    for st in page.statements:
        if st.speaker and st.source and st.source.lower().strip() not in _PRONOUNS:
            sources[st.speaker].append(st.source)
    for located in out:
        located.aliases = sources.get(located.gold.speaker or "", [])
    return out


def _speaker_text(article: Article, st: Statement) -> str:
    if st.speaker is not None:
        sp = article.speaker(st.speaker)
        if sp is not None:
            return sp.name
    return article.slice(st.source) if st.source is not None else ""


def _speaker_right(article: Article, st: Statement, gold: Located) -> bool:
    """The gold speaker, or the gold source itself when that is a name or description (not a
    pronoun): "prosecutors said" reported as said by "prosecutors" is not wrong, only unresolved."""
    name = _speaker_text(article, st)
    source = gold.gold.source or ""
    if gold.gold.speaker is None or source.lower().strip() not in _PRONOUNS:
        if gold.source is not None and st.source is not None and gold.source == st.source and name:
            return (
                gold.gold.speaker is None
                or _description_match(name, source)
                or names_match(name, gold.gold.speaker, gold.gold.speaker_type == "person")
            )
        if source and name and _description_match(name, source):
            return True
    if gold.gold.speaker is None or not name:
        return False
    if names_match(name, gold.gold.speaker, gold.gold.speaker_type == "person"):
        return True
    # a pronoun's speaker named as the page names that speaker elsewhere ("they wrote" after "the
    # authors said", both the study's authors): the same speaker
    return source.lower().strip() in _PRONOUNS and any(_description_match(name, a) for a in gold.aliases)


def _judge(article: Article, st: Statement, located: Sequence[Located]) -> tuple[str, Located | None]:
    size = sum(len(s) for s in st.content)
    if size == 0:
        return "not-a-statement", None
    candidates = [g for g in located if g.content and covered(st.content, g.content) >= MATCH * size]
    if not candidates:
        return "not-a-statement", None
    right = [g for g in candidates if _speaker_right(article, st, g)]
    counted_right = [g for g in right if not g.gold.optional]
    if counted_right:
        return "right", counted_right[0]
    if any(g.gold.optional for g in candidates):
        return "optional", next(g for g in candidates if g.gold.optional)
    return "wrong-speaker", candidates[0]


def evaluate_page(page: GoldPage, article: Article) -> PageResult:
    """Judge every statement saidwhat reported on one page, and count the gold it found."""
    result = PageResult(page.id, page.outlet)
    located = _locate(page, article, Locator(article.text), Locator(article.title or ""))
    right_spans: dict[int, list[Span]] = defaultdict(list)
    for st in article.statements:
        verdict, gold = _judge(article, st, located)
        result.outcomes.append(
            Outcome(
                page=page.id,
                id=st.id,
                kind=st.kind.value,
                method=st.method,
                confidence=st.confidence,
                speaker=_speaker_text(article, st),
                content=" … ".join(article.slice(s) for s in st.content)[:300],
                verdict=verdict,
                gold=gold.gold.n if gold else None,
                gold_speaker=gold.gold.speaker if gold else None,
            )
        )
        for g in located:
            if g.content and covered(st.content, g.content) and _speaker_right(article, st, g):
                right_spans[g.gold.n].extend(st.content)
    for g in located:
        if g.gold.optional:
            continue
        result.gold_counted += 1
        if not g.content:
            result.gold_missing_text += 1
        if g.content and covered(_merged(right_spans[g.gold.n]), g.content) >= FOUND * g.size:
            result.gold_found += 1
        else:
            result.missed.append(f"{g.gold.n}: {g.gold.speaker or g.gold.source}: {g.gold.content[0][:120]}")
    return result


def _merged(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans):
        if out and s.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, s.end))
        else:
            out.append(s)
    return out


# --------------------------------------------------------------------------- scores


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _band(confidence: float) -> str:
    for lo, hi in itertools.pairwise(BANDS):
        if lo <= confidence < hi:
            return f"{lo:.2f}-{min(hi, 1.0):.2f}"
    return "?"


def _method_family(method: str) -> str:
    if method == "model":
        return "model"
    if method.endswith("+model"):
        return "rule+model"
    return method.split(":", 1)[-1].split("+")[0] if method.startswith("rule:") else method or "?"


def summarise(results: Sequence[PageResult]) -> dict[str, Any]:
    """Totals over pages: precision, recall, speaker accuracy, and precision by method, band and kind."""
    outcomes = [o for r in results for o in r.outcomes]
    scored = [o for o in outcomes if o.verdict != "optional"]
    right = sum(o.verdict == "right" for o in scored)
    matched = [o for o in scored if o.verdict in ("right", "wrong-speaker")]
    counted = sum(r.gold_counted for r in results)
    found = sum(r.gold_found for r in results)
    precision, recall = _ratio(right, len(scored)), _ratio(found, counted)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else None
    return {
        "pages": len(results),
        "predicted": len(scored),
        "optional": len(outcomes) - len(scored),
        "right": right,
        "gold": counted,
        "found": found,
        "missing_text": sum(r.gold_missing_text for r in results),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "speaker_accuracy": _ratio(sum(o.verdict == "right" for o in matched), len(matched)),
        "verdicts": dict(Counter(o.verdict for o in outcomes)),
        "by_method": _breakdown(scored, lambda o: _method_family(o.method)),
        "by_confidence": _breakdown(scored, lambda o: _band(o.confidence)),
        "by_kind": _breakdown(scored, lambda o: o.kind),
        "errors": [r.id for r in results if r.error],
    }


def _breakdown(outcomes: Sequence[Outcome], key: Any) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    return {
        k: {
            "n": len(v),
            "right": sum(o.verdict == "right" for o in v),
            "precision": _ratio(sum(o.verdict == "right" for o in v), len(v)),
            "mean_confidence": round(sum(o.confidence for o in v) / len(v), 3),
        }
        for k, v in sorted(groups.items())
    }


# --------------------------------------------------------------------------- running


def load_split(gold_dir: Path) -> dict[str, str]:
    """Page id -> 'dev' or 'check' (pages not listed are dev)."""
    path = gold_dir / "split.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {page_id: "check" for page_id in raw.get("check", [])}


def extract_page(page: GoldPage, data_dir: Path, options: Options) -> Article:
    from saidwhat.pipeline import extract_bytes

    html = gzip.decompress((data_dir / "html" / f"{page.id}.html.gz").read_bytes())
    return extract_bytes(html, f"{page.id}.html", options)


def evaluate(pages: Sequence[GoldPage], data_dir: Path, options: Options) -> list[PageResult]:
    results = []
    for page in pages:
        try:
            article = extract_page(page, data_dir, options)
        except SaidwhatError as err:
            result = PageResult(page.id, page.outlet, error=str(err))
            result.gold_counted = sum(not s.optional for s in page.statements)
            results.append(result)
            continue
        results.append(evaluate_page(page, article))
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_BENCHMARK, help="the extraction benchmark folder"
    )
    parser.add_argument("--gold", type=Path, default=PAGES_DIR, help="folder of gold page files")
    parser.add_argument(
        "--split", choices=("dev", "check", "all"), default="dev", help="which pages to score (default dev)"
    )
    parser.add_argument(
        "--attribution", choices=("auto", "model", "rules"), default="auto", help="attribution method"
    )
    parser.add_argument(
        "--model",
        metavar="DIR",
        default=None,
        help="attribution model directory, with its manifest.json (default: the model shipped with saidwhat)",
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=READING_CONFIDENCE,
        help="score only statements with at least this confidence (default %(default)s, the store's "
        "and web page's default; 0 scores everything extract reports)",
    )
    parser.add_argument(
        "--errors", action="store_true", help="list each wrong statement and miss (dev pages only)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def _table(summary: dict[str, Any]) -> str:
    lines = [
        (
            f"pages {summary['pages']}  predicted {summary['predicted']} (+{summary['optional']} optional)  "
            f"gold {summary['gold']} ({summary['missing_text']} not in saidwhat's text)"
        ),
        (
            f"precision {summary['precision']}  recall {summary['recall']}  F1 {summary['f1']}  "
            f"speaker accuracy {summary['speaker_accuracy']}"
        ),
        f"verdicts: {summary['verdicts']}",
    ]
    for title, key in (("method", "by_method"), ("confidence", "by_confidence"), ("kind", "by_kind")):
        lines.append(f"\n{'BY ' + title.upper():<22} {'N':>5} {'RIGHT':>6} {'PREC':>6} {'MEAN CONF':>10}")
        for name, row in summary[key].items():
            lines.append(
                f"{name:<22} {row['n']:>5} {row['right']:>6} {row['precision'] or 0:>6.3f} {row['mean_confidence']:>10.3f}"
            )
    return "\n".join(lines)


def _error_listing(results: Sequence[PageResult]) -> str:
    lines = []
    for r in results:
        wrong = [o for o in r.outcomes if o.verdict in ("wrong-speaker", "not-a-statement")]
        if not wrong and not r.missed and not r.error:
            continue
        lines.append(f"\n== {r.id[:8]} {r.outlet} {r.error}")
        for o in wrong:
            lines.append(
                f"  {o.verdict:<16} {o.method:<22} {o.confidence:.2f} [{o.speaker[:30]}] "
                f"(gold {o.gold_speaker}) {o.content[:110]!r}"
            )
        for miss in r.missed:
            lines.append(f"  missed           {miss}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        pages = load_pages(args.data, args.gold)
    except (SaidwhatError, OSError) as err:
        print(f"saidwhat: {err}", file=sys.stderr)
        return 1
    if not pages:
        print(f"saidwhat: {args.gold}: no gold pages", file=sys.stderr)
        return 1
    split = load_split(args.gold)
    chosen = [p for p in pages if args.split == "all" or split.get(p.id, "dev") == args.split]
    options = Options(attribution=args.attribution, model=args.model, min_confidence=args.min_confidence)
    results = evaluate(chosen, args.data, options)
    summary = summarise(results)
    summary["split"] = args.split
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(_table(summary))
    if args.errors:
        if args.split != "dev":
            raise DataError("--errors lists dev pages only", str(args.gold))
        print(_error_listing(results))
    return 0


def outcomes_as_dicts(results: Sequence[PageResult]) -> list[dict[str, Any]]:
    return [asdict(o) for r in results for o in r.outcomes]
