"""Training the attribution model (and its part-of-speech tagger) on PolNeAR train.

Steps, all deterministic (crfsuite's L-BFGS has no randomness; the part-of-
speech perceptron sees sentences in file order; the network's seeds are fixed):

1. train the part-of-speech tagger on the silver CoreNLP tags of train;
2. learn the cue words: words inside gold cues at least ``cue_min_count``
   times and in at least ``cue_min_rate`` of their occurrences;
3. align the gold spans of every annotation file (agreement articles count
   once per annotator, as in the evaluation; measured better on dev than the
   first file alone) to the run-time tokens of each paragraph, as BIO labels;
4. train the labeller on those sequences: by default (``architecture``
   ``bilstm-crf``) the network of :mod:`saidwhat.attribution.neural` with PyTorch
   (:mod:`.network`, the ``train`` extra); with ``crf``, a linear-chain
   CRF with L-BFGS (elastic net ``c1``/``c2``), which needs no PyTorch.

The settings and counts are written next to the model, in its ``manifest.json``
(:mod:`saidwhat.attribution.manifest`), which tells the loader what the model is.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pycrfsuite

from saidwhat.attribution.crf_data import LABELS, bio_labels, paragraph_views
from saidwhat.attribution.features import CueLexicon, ParagraphView, paragraph_features
from saidwhat.attribution.manifest import (
    ARCHITECTURES,
    ATTRIBUTION_FILE,
    CUES_FILE,
    MANIFEST_FILE,
    NETWORK_FILE,
    POS_FILE,
    Manifest,
)
from saidwhat.core.errors import ModelError
from saidwhat.core.model import Span
from saidwhat.nlp.pos import PosTagger
from saidwhat_dev.eval.polnear_corpus import (
    ROLES,
    Document,
    one_per_article,
    paragraphs,
    read_split,
    split_dir,
    trim,
)
from saidwhat_dev.train.network import NetSettings
from saidwhat_dev.train.pos import read_silver, train_pos

__all__ = ["TrainSettings", "gold_by_paragraph", "negative_sequences", "train_model", "write_manifest"]

__all__ += ["ARCHITECTURES"]


@dataclass(slots=True)
class TrainSettings:
    architecture: str = "bilstm-crf"  # or "crf" (see the module docstring)
    c1: float = 0.1
    c2: float = 0.01
    max_iterations: int = 150
    feature_minfreq: int = 1
    pos_iterations: int = 10
    cue_min_count: int = 3
    cue_min_rate: float = 0.1
    rule_features: bool = True  # stack the rules' statements as features (see crf_rules)
    all_annotations: bool = True  # every annotation file of agreement articles, not only the first
    seed: int = 0  # seeds the network's initialisation, dropout and batch order
    # One negative paragraph (a line of a real page outside its article, all O) after every N PolNeAR
    # paragraphs (0: none); the lines come from negatives_benchmark and the labelled dumps (.negatives).
    negatives_every: int = 0
    negatives_benchmark: str = "../shared/data/extraction-benchmark"


def gold_by_paragraph(doc: Document, block: Span) -> dict[str, list[Span]]:
    """The trimmed gold fragments of each role that fall in one paragraph."""
    out: dict[str, list[Span]] = {r: [] for r in ROLES}
    for rel in doc.relations:
        for role in ROLES:
            for frag in rel.role(role):
                s, e = max(frag.start, block.start), min(frag.end, block.end)
                piece = trim(doc.text, Span(s, e)) if s < e else None
                if piece is not None:
                    out[role].append(piece)
    return out


def learn_cue_words(docs: list[Document], settings: TrainSettings) -> dict[str, float]:
    from saidwhat.nlp.tokens import tokenize

    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc in docs:
        tokens = tokenize(doc.text)
        cues = sorted(f for rel in doc.relations for f in rel.cue)
        for t in tokens:
            low = t.text.lower()
            total[low] += 1
            if any(c.start <= t.start and t.end <= c.end for c in cues):
                in_cue[low] += 1
    return {
        w: round(n / total[w], 3)
        for w, n in sorted(in_cue.items())
        if n >= settings.cue_min_count and n / total[w] >= settings.cue_min_rate and w[:1].isalpha()
    }


def sequences(
    docs: list[Document], pos: PosTagger, cues: CueLexicon, rules: bool = False
) -> Iterator[tuple[list[list[str]], list[str]]]:
    for doc in docs:
        blocks = paragraphs(doc.text)
        views = paragraph_views(doc.text, blocks, pos)
        extra = _rule_features(doc.text, views) if rules else [[[] for _ in v.tokens] for v in views]
        for view, more in zip(views, extra):
            block = blocks[view.paragraph_index]
            xseq = [f + m for f, m in zip(paragraph_features(view, cues), more)]
            yield xseq, bio_labels(view.tokens, gold_by_paragraph(doc, block))


def negative_sequences(
    lines: Iterable[str], pos: PosTagger, cues: CueLexicon, rules: bool = False
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Each line as one paragraph of its own, every token labelled ``O`` (a line of no token is skipped)."""
    for line in lines:
        blocks = paragraphs(line)
        views = paragraph_views(line, blocks, pos)
        extra = _rule_features(line, views) if rules else [[[] for _ in v.tokens] for v in views]
        for view, more in zip(views, extra):
            if view.tokens:
                xseq = [f + m for f, m in zip(paragraph_features(view, cues), more)]
                yield xseq, ["O"] * len(view.tokens)


def _rule_features(text: str, views: list[ParagraphView]) -> list[list[list[str]]]:
    from saidwhat.attribution.crf_rules import corpus_blocks, rule_features, rule_statements
    from saidwhat.core.model import Article, InputInfo

    article = Article(input=InputInfo(path="-", format="text"), text=text, blocks=corpus_blocks(text))
    return rule_features(rule_statements(article), views)


def _texts(split: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((split / "text").glob("*.txt"))}


Sequences = Iterator[tuple[list[list[str]], list[str]]]


def _train_crf(
    data: Sequences, out: Path, settings: TrainSettings, log: Callable[[str], None]
) -> tuple[int, int, int | None]:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    n_seq = n_tok = 0
    for xseq, yseq in data:
        trainer.append(xseq, yseq)
        n_seq += 1
        n_tok += len(yseq)
    log(f"sequences: {n_seq} paragraphs, {n_tok} tokens")
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.max_iterations,
            "feature.minfreq": settings.feature_minfreq,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out / ATTRIBUTION_FILE))
    (out / NETWORK_FILE).unlink(missing_ok=True)  # one labeller per model directory
    iterations = trainer.logparser.iterations[-1]["num"] if trainer.logparser.iterations else None
    return n_seq, n_tok, iterations


def _train_net(
    data: Sequences, out: Path, settings: TrainSettings, net: NetSettings, log: Callable[[str], None]
) -> tuple[int, int, int]:
    from saidwhat_dev.train.network import encode, train_network

    buckets = 1 << net.buckets_log2
    encoded = [encode(x, y, buckets) for x, y in data]
    n_tok = sum(len(p.labels) for p in encoded)
    log(f"sequences: {len(encoded)} paragraphs, {n_tok} tokens")
    train_network(encoded, net, settings.seed, log).save(out / NETWORK_FILE)
    (out / ATTRIBUTION_FILE).unlink(missing_ok=True)  # one labeller per model directory
    return len(encoded), n_tok, net.epochs


def train_model(
    data: Path,
    out: Path,
    settings: TrainSettings,
    log: Callable[[str], None] = print,
    net: NetSettings | None = None,
) -> dict[str, object]:
    """Train the models from ``data/train`` into ``out``; returns what was recorded."""
    if settings.architecture not in ARCHITECTURES:
        choices = ", ".join(ARCHITECTURES)
        raise ModelError(f"unknown architecture {settings.architecture!r} (one of {choices})")
    net = net or NetSettings()
    started = time.monotonic()
    train = split_dir(data, "train")
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST_FILE).unlink(missing_ok=True)  # a directory half trained is no model: written last
    n_pos = train_pos(
        read_silver(train / "tokens.tsv.gz", _texts(train)), out / POS_FILE, settings.pos_iterations
    )
    log(f"part-of-speech tagger: {n_pos} sentences, {time.monotonic() - started:.0f} s")
    pos = PosTagger.load(out / POS_FILE)
    docs = read_split(train)
    if not settings.all_annotations:
        docs = one_per_article(docs)
    cue_words = learn_cue_words(docs, settings)
    (out / CUES_FILE).write_text(json.dumps(cue_words, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    log(f"cue words: {len(cue_words)}")
    lexicon = CueLexicon.from_rates(cue_words)
    seqs = sequences(docs, pos, lexicon, settings.rule_features)
    negatives: dict[str, object] = {}
    if settings.negatives_every > 0:
        from saidwhat_dev.train.negatives import interleave, negative_pool

        bench = Path(settings.negatives_benchmark) if settings.negatives_benchmark else None
        pool = negative_pool(bench, settings.seed)
        negatives = {
            "negative_lines": len(pool.lines),
            "negative_lines_furniture": pool.furniture,
            "negative_lines_benchmark": pool.benchmark,
            "negative_benchmark_pages": pool.benchmark_pages,
        }
        log(f"negative lines: {len(pool.lines)} ({pool.furniture} labelled dumps, {pool.benchmark} benchmark)")
        negs = negative_sequences(pool.lines, pos, lexicon, settings.rule_features)
        seqs = interleave(seqs, negs, settings.negatives_every)
    if settings.architecture == "crf":
        n_seq, n_tok, iterations = _train_crf(seqs, out, settings, log)
    else:
        n_seq, n_tok, iterations = _train_net(seqs, out, settings, net, log)
    record: dict[str, object] = {
        "settings": asdict(settings) | ({"network": asdict(net)} if settings.architecture != "crf" else {}),
        "data": "PolNeAR train, "
        + ("every annotation file" if settings.all_annotations else "first annotation file per article")
        + (f", one negative line after every {settings.negatives_every} paragraphs" if negatives else ""),
        "documents": len(docs),
        "paragraphs": n_seq,
        "tokens": n_tok,
        "cue_words": len(cue_words),
        **negatives,
        "iterations": iterations,
        "seconds": round(time.monotonic() - started, 1),
    }
    (out / OLD_SETTINGS_FILE).unlink(missing_ok=True)  # recorded in the manifest now
    write_manifest(out, settings.architecture, record)
    log(f"model written to {out} in {record['seconds']} s")
    return record


OLD_SETTINGS_FILE = "settings.json"  # where models before the manifest kept their settings


def write_manifest(out: Path, architecture: str, record: dict[str, object]) -> Manifest:
    """The model directory's ``manifest.json`` (:mod:`saidwhat.attribution.manifest`): its
    architecture, label set, files, the settings the run time reads, and the training record."""
    settings = record.get("settings")
    manifest = Manifest(
        directory=out,
        architecture=architecture,
        labels=LABELS,
        files={"labeller": ARCHITECTURES[architecture], "pos": POS_FILE, "cues": CUES_FILE},
        settings=dict(settings) if isinstance(settings, dict) else {},
        training={k: v for k, v in record.items() if k != "settings"},
    )
    manifest.write()
    return manifest
