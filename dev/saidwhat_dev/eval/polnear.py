"""``saidwhat eval polnear``: attribution scores on PolNeAR, comparable to the published table.

Protocol (as CofeNet, COLING 2022, plus relation scores):

- **Documents.** Every annotation file of the split is its own document; an
  agreement article annotated by several people is scored once per
  annotation file, against the same prediction (so it weighs as many times as
  it has annotators, as in the published splits).
- **Units.** Each document is scored paragraph by paragraph (its non-blank
  lines). A span, gold or predicted, that crosses paragraphs is cut at their
  boundaries; a discontinuous span (``s e;s e``) is one span per fragment.
  Every piece is trimmed of surrounding whitespace and punctuation.
- **Span scores** per role (source, cue, content): exact-match P/R/F1,
  begin-match F1 and mean best Jaccard per gold span (see
  :mod:`.polnear_metrics`).
- **Relation scores** per document: loose (cue overlaps, source exact,
  content covers at least half of the gold content) and strict (all exact).

**Projection of saidwhat's statements onto PolNeAR.** The guidelines annotate
only the outermost attribution ("No nested attributions": in "Reardon
criticized Mr. Lamport for saying that ...", only Reardon's), and a token
belongs to at most one attribution. So before scoring: (1) a statement relayed
by another (``parent`` set) is dropped; (2) a statement whose cue lies inside
the content of another kept statement is dropped, the outer one kept; (3)
where two kept statements still claim the same characters for a role, the
duplicate piece counts once (spans are compared as sets per paragraph). The
learned model's output is already flat (one label per token), so the
projection only changes rule-based output.

The test split is held out: give its directory with ``--dir`` (same layout:
``text/`` and ``attributions/``) to score it elsewhere.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saidwhat.core.model import Article, InputInfo, Span, Statement
from saidwhat_dev.eval.polnear_corpus import (
    ROLES,
    Document,
    GoldRelation,
    paragraphs,
    read_split,
    split_dir,
    trim,
)
from saidwhat_dev.eval.polnear_metrics import (
    Relation,
    RelationCounts,
    SpanCounts,
    match_relations,
    score_spans,
)

__all__ = ["HELP", "Report", "add_arguments", "evaluate", "pieces", "project", "run"]

HELP = "attribution on PolNeAR (per-role exact/begin F1, Jaccard, relation F1)"
DEFAULT_DATA = Path("../shared/data/polnear")

Predictor = Callable[[str], list[Statement]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="PolNeAR directory (default %(default)s)"
    )
    parser.add_argument("--split", default="dev", help="split under --data (default %(default)s)")
    parser.add_argument("--dir", type=Path, default=None, help="a split directory given directly (e.g. test)")
    parser.add_argument(
        "--attribution",
        choices=("auto", "model", "rules"),
        default="auto",
        help="'model': the learned tagger alone; 'auto'/'rules': the pipeline's attribution stage",
    )
    parser.add_argument(
        "--model", type=Path, default=None, metavar="DIR", help="attribution model directory (default: the shipped one)"
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


@dataclass(slots=True)
class Report:
    documents: int = 0
    spans: dict[str, SpanCounts] = field(default_factory=lambda: {r: SpanCounts() for r in ROLES})
    relations: RelationCounts = field(default_factory=RelationCounts)
    predicted: dict[str, int] = field(default_factory=lambda: {r: 0 for r in ROLES})

    def as_dict(self) -> dict[str, Any]:
        def pct(x: float) -> float:
            return round(100 * x, 2)

        roles = {
            r: {
                "precision": pct(c.exact.precision),
                "recall": pct(c.exact.recall),
                "f1": pct(c.exact.f1),
                "begin_f1": pct(c.begin.f1),
                "jaccard": pct(c.jaccard),
                "gold": c.gold,
                "predicted": self.predicted[r],
            }
            for r, c in self.spans.items()
        }
        rels = {
            name: {"precision": pct(c.precision), "recall": pct(c.recall), "f1": pct(c.f1)}
            for name, c in (("loose", self.relations.loose), ("strict", self.relations.strict))
        }
        return {"documents": self.documents, "roles": roles, "relations": rels}


def pieces(text: str, spans: Iterable[Span], paras: list[Span]) -> list[tuple[int, Span]]:
    """(paragraph index, trimmed piece) for each span cut at paragraph boundaries."""
    out = []
    for span in spans:
        for k, p in enumerate(paras):
            s, e = max(span.start, p.start), min(span.end, p.end)
            if s < e:
                piece = trim(text, Span(s, e))
                if piece is not None:
                    out.append((k, piece))
    return out


def _inside(span: Span, container: list[Span]) -> bool:
    return any(c.contains(span) for c in container)


def project(statements: list[Statement]) -> list[Statement]:
    """Outermost statements only, as PolNeAR annotates them (see the module docstring)."""
    top = [s for s in statements if s.parent is None]
    kept = []
    for st in top:
        anchor = st.cue or st.source
        nested = anchor is not None and any(o is not st and _inside(anchor, o.content) for o in top)
        if not nested:
            kept.append(st)
    return kept


def _relation(
    text: str, paras: list[Span], source: Iterable[Span], cue: Iterable[Span], content: Iterable[Span]
) -> Relation:
    def frags(spans: Iterable[Span]) -> frozenset[Span]:
        return frozenset(p for _, p in pieces(text, spans, paras))

    return Relation(frags(source), frags(cue), frags(content))


def _role_spans(statement: Statement, role: str) -> list[Span]:
    if role == "content":
        return list(statement.content)
    span = statement.source if role == "source" else statement.cue
    return [span] if span is not None else []


def score_document(report: Report, doc: Document, predicted: list[Statement]) -> None:
    text, paras = doc.text, paragraphs(doc.text)
    report.documents += 1
    for role in ROLES:
        gold = pieces(text, (s for rel in doc.relations for s in rel.role(role)), paras)
        pred = pieces(text, (s for st in predicted for s in _role_spans(st, role)), paras)
        report.predicted[role] += len(set(pred))
        for k in range(len(paras)):
            score_spans(report.spans[role], {s for i, s in pred if i == k}, {s for i, s in gold if i == k})
    gold_rel = [_gold_relation(text, paras, rel) for rel in doc.relations]
    pred_rel = [
        _relation(text, paras, _role_spans(st, "source"), _role_spans(st, "cue"), st.content)
        for st in predicted
    ]
    match_relations(report.relations, pred_rel, gold_rel)


def _gold_relation(text: str, paras: list[Span], rel: GoldRelation) -> Relation:
    return _relation(text, paras, rel.source, rel.cue, rel.content)


def evaluate(docs: list[Document], predict: Predictor) -> Report:
    """Score ``predict`` (text -> statements) on the documents; one prediction per distinct text."""
    report = Report()
    cache: dict[str, list[Statement]] = {}
    for doc in docs:
        if doc.name not in cache:
            cache[doc.name] = project(predict(doc.text))
        score_document(report, doc, cache[doc.name])
    return report


def model_predictor(model: Path | None = None) -> Predictor:
    from saidwhat.attribution.crf_rules import corpus_blocks
    from saidwhat.attribution.tagger import AttributionTagger

    tagger = AttributionTagger.load(model)

    def predict(text: str) -> list[Statement]:
        article = Article(input=InputInfo(path="-", format="text"), text=text, blocks=corpus_blocks(text))
        return tagger.predict(article)

    return predict


def pipeline_predictor(method: str, model: Path | None = None) -> Predictor:
    from saidwhat.core.options import Options
    from saidwhat.pipeline import analyse_text

    # every statement: the protocol scores spans, not the filter; ``model``: the tagger's directory
    options = Options(attribution=method, min_confidence=0.0, model=str(model) if model else None)

    def predict(text: str) -> list[Statement]:
        return analyse_text(text, options).statements

    return predict


def _table(result: dict[str, Any]) -> str:
    lines = [
        f"PolNeAR {result['split']} ({result['documents']} annotation files), attribution: {result['attribution']}",
        "",
        f"{'role':<10}{'P':>8}{'R':>8}{'F1':>8}{'begin F1':>10}{'Jaccard':>9}{'gold':>7}{'pred':>7}",
    ]
    for role, r in result["roles"].items():
        lines.append(
            f"{role:<10}{r['precision']:>8.1f}{r['recall']:>8.1f}{r['f1']:>8.1f}"
            f"{r['begin_f1']:>10.1f}{r['jaccard']:>9.1f}{r['gold']:>7}{r['predicted']:>7}"
        )
    lines.append("")
    lines.append(f"{'relations':<10}{'P':>8}{'R':>8}{'F1':>8}")
    for name, r in result["relations"].items():
        lines.append(f"{name:<10}{r['precision']:>8.1f}{r['recall']:>8.1f}{r['f1']:>8.1f}")
    lines.append("")
    lines.append(f"{result['seconds']:.1f} s")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    path = split_dir(args.dir) if args.dir else split_dir(args.data, args.split)
    docs = read_split(path)
    predict = (
        model_predictor(args.model)
        if args.attribution == "model"
        else pipeline_predictor(args.attribution, args.model)
    )
    started = time.monotonic()
    result = evaluate(docs, predict).as_dict()
    result = {
        "split": str(args.dir) if args.dir else args.split,
        "attribution": args.attribution,
        **result,
        "seconds": round(time.monotonic() - started, 2),
    }
    print(json.dumps(result, indent=2) if args.json else _table(result))
    return 0
