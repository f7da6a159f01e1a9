"""``saidwhat eval names``: does one person get one speaker across articles, and two people two?

The gold set (``eval/data/names/pairs.jsonl``, described in its README) pairs
name mentions from real pages (the extraction benchmark's ``0``–``7`` half),
each judged *same* or *different* by a reader of both articles.

Each mention is read the way saidwhat reads it: the page's ``articleBody``
goes through the attribution and speaker stages, and the mention (its first
occurrence as whole words: "Russia" is not the start of "Russian") takes the
key of the speaker it was linked to there ("Kennedy" in a story that named
"James P. Kennedy Jr." before), unless it is only named in passing inside a
longer mention of that speaker ("NASA's Jet Propulsion Laboratory" in the
source "planetary geologist Rosaly Lopes of NASA's Jet Propulsion
Laboratory"); a mention linked to no speaker (a person
named who did not speak there) is read in its page as if it spoke at the end
("NAME said on Monday that ..." added after the body: the key the store would
get had that person spoken there), and alone when its page is not at hand. Two
mentions are merged when the store would merge them: the same key, or two
person keys with one last name and compatible first names
(:func:`saidwhat.speakers.keys.same_person`). Precision and recall of
"merged" against "same" are printed, with the pairs that are wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saidwhat.core.errors import DataError
from saidwhat.core.model import Article, Span
from saidwhat.core.options import Options
from saidwhat.speakers.keys import same_person
from saidwhat_dev.eval.pages_gold import DEFAULT_BENCHMARK, HELD_OUT

__all__ = ["HELP", "Pair", "add_arguments", "evaluate", "load_pairs", "run"]

HELP = "cross-article speaker merging on real name pairs (precision / recall of 'same person')"
PAIRS = Path(__file__).parent / "data" / "names" / "pairs.jsonl"


@dataclass(slots=True, frozen=True)
class Pair:
    a: str
    a_page: str
    b: str
    b_page: str
    type: str
    same: bool
    why: str = ""


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    pairs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise DataError(f"cannot read name pairs ({err.strerror})", str(path)) from err
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            pair = Pair(
                raw["a"],
                raw["a_page"],
                raw["b"],
                raw["b_page"],
                raw["type"],
                bool(raw["same"]),
                raw.get("why", ""),
            )
        except (ValueError, KeyError, TypeError) as err:
            raise DataError(f"line {n}: bad pair ({err})", str(path)) from err
        if pair.a_page[:1] in HELD_OUT or pair.b_page[:1] in HELD_OUT:
            raise DataError(f"line {n}: a page of the held-out half", str(path))
        pairs.append(pair)
    return pairs


class Reader:
    """Keys of mentions, each read in its page when the page linked it to a speaker."""

    def __init__(self, bodies: dict[str, str]) -> None:
        self.bodies = bodies
        self.articles: dict[str, Article] = {}
        self.options = Options(min_confidence=0.0)

    def _article(self, page: str) -> Article:
        from saidwhat.pipeline import analyse_text

        if page not in self.articles:
            self.articles[page] = analyse_text(self.bodies[page], self.options, title=False)
        return self.articles[page]

    def key(self, mention: str, page: str, kind: str) -> str:
        body = self.bodies.get(page, "")
        at = find_mention(body, mention)
        if at >= 0:
            article = self._article(page)
            end = at + len(mention)
            for sp in article.speakers:
                if any(m.start < end and at < m.end and not _in_passing(article.text, m, at, end, sp.name)
                       for m in sp.mentions):
                    return sp.key
            return self.in_page(mention, page, kind)
        return self.alone(mention, kind)

    def in_page(self, mention: str, page: str, kind: str) -> str:
        """The key the mention would get if it spoke at the end of its page: read with the names
        the page gave before ("Mr. Garrett" after "Myles Garrett")."""
        from saidwhat.pipeline import analyse_text

        said = f"{mention} said on Monday that the plan would work."
        text = f"{self.bodies[page]}\n\n{said}"
        article = analyse_text(text, self.options, title=False)
        at = len(text) - len(said)
        for st in article.statements:
            if st.source is not None and st.source.start >= at and st.speaker:
                speaker = article.speaker(st.speaker)
                if speaker is not None:
                    return speaker.key
        return self.alone(mention, kind)

    def alone(self, mention: str, kind: str) -> str:
        from saidwhat.pipeline import analyse_text

        article = analyse_text(
            f"{mention} said on Monday that the plan would work.", self.options, title=False
        )
        for st in article.statements:
            speaker = article.speaker(st.speaker) if st.speaker else None
            if speaker is not None:
                return speaker.key
        return f"{kind}:{mention.lower()}"


def find_mention(body: str, mention: str) -> int:
    """Where ``mention`` first stands in ``body`` as whole words ("Russia", not the start of
    "Russian"; "Matt", not the inside of "@MattBevin"), else where it first stands at all."""
    found = re.search(rf"(?<!\w){re.escape(mention)}(?!\w)", body)
    return found.start() if found is not None else body.find(mention)


def _in_passing(text: str, span: Span, start: int, end: int, name: str) -> bool:
    """Whether the mention at ``start``-``end`` is named in passing inside the longer mention
    ``span`` of a speaker whose name stands elsewhere in it ("NASA's Jet Propulsion Laboratory"
    in the source "planetary geologist Rosaly Lopes of NASA's Jet Propulsion Laboratory"): the
    mention is not that speaker."""
    if not (span.start <= start and end <= span.end) or (span.start, span.end) == (start, end):
        return False
    outside = text[span.start : start] + " " + text[end : span.end]
    return bool(name) and name.lower() in outside.lower()


def merged(key_a: str, key_b: str) -> bool:
    return key_a == key_b or same_person(key_a, key_b)


def evaluate(pairs: list[Pair], bodies: dict[str, str]) -> dict[str, Any]:
    reader = Reader(bodies)
    tp = fp = fn = tn = 0
    wrong = []
    for p in pairs:
        ka, kb = reader.key(p.a, p.a_page, p.type), reader.key(p.b, p.b_page, p.type)
        guess = merged(ka, kb)
        tp += guess and p.same
        fp += guess and not p.same
        fn += (not guess) and p.same
        tn += (not guess) and not p.same
        if guess != p.same:
            wrong.append({"a": p.a, "b": p.b, "same": p.same, "key_a": ka, "key_b": kb, "why": p.why})
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return {
        "pairs": len(pairs),
        "same": tp + fn,
        "different": fp + tn,
        "merged_right": tp,
        "merged_wrong": fp,
        "kept_apart_wrong": fn,
        "precision": round(precision, 4) if precision is not None else None,
        "recall": round(recall, 4) if recall is not None else None,
        "wrong": wrong,
    }


def _bodies(data: Path, pages: set[str]) -> dict[str, str]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return {p: str(truth[p]["articleBody"]) for p in pages if p in truth and p[:1] not in HELD_OUT}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_BENCHMARK, help="the extraction benchmark folder"
    )
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="the name pairs (JSON Lines)")
    parser.add_argument("--errors", action="store_true", help="list the pairs judged wrong")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    try:
        pairs = load_pairs(args.pairs)
        bodies = _bodies(args.data, {p.a_page for p in pairs} | {p.b_page for p in pairs})
    except (DataError, OSError, ValueError) as err:
        print(f"saidwhat: {err}", file=sys.stderr)
        return 1
    result = evaluate(pairs, bodies)
    if args.json:
        print(
            json.dumps(result if args.errors else {k: v for k, v in result.items() if k != "wrong"}, indent=2)
        )
        return 0
    print(
        f"pairs {result['pairs']} (same {result['same']}, different {result['different']})\n"
        f"merging precision {result['precision']}  recall {result['recall']}  "
        f"(wrong merges {result['merged_wrong']}, missed merges {result['kept_apart_wrong']})"
    )
    if args.errors:
        for w in result["wrong"]:
            label = "same" if w["same"] else "different"
            print(f"  [{label}] {w['a']!r} ({w['key_a']})  vs  {w['b']!r} ({w['key_b']})  — {w['why']}")
    return 0
