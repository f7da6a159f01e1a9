"""More training data for the text-dump layout model: synthetic labelled dumps, in the folds of bench/dumps_cv.py.

An experiment (issue 15). The same labelled sequences
(:func:`saidwhat_dev.train.dumps.labelled_sequences`, pages 0-7 only; pages 8-f
are never read), the same five folds by page (every renderer of a page in one
fold, the hand-labelled dumps 3x in every training set), the same CRF
settings, decision and metric as ``bench/dumps_cv.py``; each fold's training
set also gets synthetic dumps built from

- the article: paragraphs of a PolNeAR article (train split only), its title
  from the corpus, optionally short subheadings (the opening words of a
  sentence of another article) between paragraphs;
- furniture: runs of non-body lines harvested from the aligned dumps of the
  fold's TRAINING pages only (before the first body line: the page's header;
  between body lines: ads, captions, links; after the last: teasers, share
  lines, comments, footers), the title line of a harvested header replaced by
  the article's title;
- prose that is not the article: teaser lists (another article's title and
  first sentence, several of them), stray paragraphs of another article after
  the body (bios, notices, comments written as prose), comment threads (short
  harvested lines between sentences of other articles).

Every synthetic dump is labelled by the same alignment as the benchmark dumps
(:func:`saidwhat_dev.train.dumps.align` against the synthetic body) and never
scored: the held-out fold is real pages only. Generation is seeded (``seed``,
fold, index). Reported: body F1 (P, R) and the long paragraphs lost (as
bench/dumps.py counts them, summed over renderers) at each pair of thresholds.

A variant is ``name=value,...``: ``n`` synthetic dumps per fold (0: none),
``w`` times each is repeated, ``sub`` share of pages with subheadings,
``teaser``/``stray``/``thread``/``top`` the chance of each block of prose that
is not the article (``top``: a teaser list before the body), ``inner`` the
chance of a harvested run between two paragraphs, ``maxpar`` paragraphs of the
article at most (0: all), ``real`` share of pages whose body is the body span of
a real training dump, ``realprose`` share of the prose that is not the article
taken from real training bodies, ``short`` share of short dumps
(:func:`saidwhat_dev.train.dumps.short_page`), ``c2`` the CRF's regularisation,
``main`` -1 to take the main-run features out of every sequence (the layout
features before they came back), ``seed``. The shipped model is ``n=30,short=1``
(:class:`saidwhat_dev.train.dumps.LayoutSettings`); ``--probe`` trains on every
dump and prints the decision on the dumps given.

    .venv/bin/python bench/dumps_augment.py ["n=0" "n=30,short=1" "n=100,main=-1" ...] [--thresholds 0.3/0.3,0.4/0.4]
    .venv/bin/python bench/dumps_augment.py "n=30,short=1" --probe 'Title||"A quotation," she said.||A sentence.'

"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pickle
import random
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from saidwhat.pages.dump_layout import (
    BODY,
    decide,
    layout_features,
    main_run,
    main_run_features,
    prose_lines,
    shown_structure,
)
from saidwhat.pages.furniture_data import furniture_data
from saidwhat_dev.eval.dumps import long_paragraphs_lost
from saidwhat_dev.eval.extraction import page_counts, score
from saidwhat_dev.train.dumps import (
    _FOLDS,
    Analysed,
    Article,
    LayoutSettings,
    _body,
    _fold,
    align,
    analyse,
    crf_marginals,
    from_spec,
    labelled_sequences,
    polnear_articles,
    short_page,
    weighted,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
_SENTENCE = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")


@dataclass(slots=True, frozen=True)
class Variant:
    n: int = 0
    w: int = 1
    sub: float = 0.3
    teaser: float = 0.5
    stray: float = 0.4
    thread: float = 0.2
    top: float = 0.15
    inner: float = 0.25
    maxpar: int = 0
    real: float = 0.0  # share of pages whose body is the body span of a real training dump
    realprose: float = 0.0  # share of stray / thread / teaser prose taken from real training bodies
    seed: int = 0
    c2: float = 3.0  # CRF regularisation (the shipped 3.0)
    short: float = 0.0  # share of short pages: a title and one to four sentences or paragraphs
    main: int = 0  # 1: the "main run of prose" features (gap 6) added to every sequence; -1: taken out


# --- sources ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    lines: list[str]
    title: int = -1  # index of the line the classifier took for the title


@dataclass(slots=True)
class Pools:
    header: list[Run]
    inner: list[Run]
    footer: list[Run]
    short: list[str]  # short non-body lines of footers (names, dates, reply links)
    bodies: list[tuple[list[str], str]] = dataclasses.field(default_factory=list)  # (span, articleBody)
    prose: list[str] = dataclasses.field(default_factory=list)  # long body lines of real dumps


def _lines_of(seq: Analysed) -> list[tuple[str, bool, bool]]:
    """(text, any segment body, classifier title) per dump line, segments of one line joined."""
    out: list[tuple[str, bool, bool]] = []
    last = -1
    for fact, gold, label in zip(seq.facts, seq.gold, seq.labels):
        if fact.segment.line == last:
            text, body, title = out[-1]
            out[-1] = (text + " " + fact.segment.text, body or gold == BODY, title or label == "title")
        else:
            out.append((fact.segment.text, gold == BODY, label == "title"))
        last = fact.segment.line
    return out


def harvest(train: Sequence[Analysed]) -> Pools:
    """Non-body runs of the training dumps: header (before the first body line), runs between
    body lines, footer (after the last)."""
    pools = Pools([], [], [], [])
    for seq in train:
        lines = _lines_of(seq)
        body = [i for i, (_, b, _) in enumerate(lines) if b]
        if not body:
            continue
        head = lines[: body[0]]
        titles = [i for i, (_, _, t) in enumerate(head) if t]
        pools.header.append(Run([t for t, _, _ in head], titles[0] if titles else -1))
        run: list[str] = []
        for text, b, _ in lines[body[0] : body[-1] + 1]:
            if b:
                if run:
                    pools.inner.append(Run(run))
                run = []
            else:
                run.append(text)
        span = lines[body[0] : body[-1] + 1]
        pools.bodies.append(([t for t, _, _ in span], seq.truth))
        pools.prose.extend(t for t, b, _ in span if b and len(t.split()) >= 15)
        foot = [t for t, _, _ in lines[body[-1] + 1 :]]
        pools.footer.append(Run(foot))
        pools.short.extend(t for t in foot if len(t.split()) <= 6)
    return pools


# --- synthetic pages --------------------------------------------------------------------------


def _subheading(rng: random.Random, other: Article) -> str:
    """Another article's title, cut to a few words, as a subheading."""
    words = other.title.split()
    return " ".join(words[: rng.randint(2, 8)]).rstrip(".,;:") or other.title


def _real_sentence(rng: random.Random, pools: Pools) -> str:
    line = rng.choice(pools.prose)
    return next((s for s in _SENTENCE.split(line) if len(s.split()) >= 5), line)


def _teasers(rng: random.Random, articles: list[Article], markdown: bool, pools: Pools, v: Variant) -> list[str]:
    out = []
    for _ in range(rng.randint(2, 6)):
        other = rng.choice(articles)
        out.append(("* " if markdown else "") + other.title)
        if rng.random() < 0.8:
            real = pools.prose and rng.random() < v.realprose
            out.append(_real_sentence(rng, pools) if real else (other.sentences() or other.paragraphs)[0])
    return out


def _stray(rng: random.Random, articles: list[Article], pools: Pools, v: Variant) -> list[str]:
    if pools.prose and rng.random() < v.realprose:
        out = [rng.choice(pools.prose) for _ in range(rng.randint(1, 3))]
    else:
        other = rng.choice(articles)
        start = rng.randrange(len(other.paragraphs))
        out = other.paragraphs[start : start + rng.randint(1, 3)]
    if pools.short and rng.random() < 0.5:
        out.insert(0, rng.choice(pools.short))
    return out


def _thread(rng: random.Random, articles: list[Article], pools: Pools, v: Variant) -> list[str]:
    out = []
    for _ in range(rng.randint(2, 6)):
        if pools.short:
            out.extend(rng.choice(pools.short) for _ in range(rng.randint(1, 2)))
        if pools.prose and rng.random() < v.realprose:
            out.append(_real_sentence(rng, pools))
            continue
        sentences = rng.choice(articles).sentences()
        if sentences:
            k = rng.randint(1, 3)
            s = rng.randrange(max(1, len(sentences) - k))
            out.append(" ".join(sentences[s : s + k]))
    return out


def synthetic_page(rng: random.Random, articles: list[Article], pools: Pools, v: Variant) -> tuple[list[str], str]:
    """(dump lines, body text) of one synthetic page."""
    art = rng.choice(articles)
    if rng.random() < v.short:
        return short_page(rng, art, pools.short)
    header = rng.choice(pools.header)
    markdown = any(line.startswith(("# ", "* ")) for line in header.lines)
    title = ("# " if markdown else "") + art.title
    head = list(header.lines)
    real = pools.bodies and rng.random() < v.real
    if real:
        pass  # a real body keeps the header's own title line
    elif header.title >= 0:
        head[header.title] = title
    else:
        head.append(title)
    if rng.random() < v.top:
        cut = rng.randint(0, max(0, (header.title if header.title >= 0 else len(head) - 1)))
        head[cut:cut] = _teasers(rng, articles, markdown, pools, v)
    if real:
        span, truth = rng.choice(pools.bodies)
        return head + span + _footer(rng, articles, pools, v, markdown), truth
    paragraphs = art.paragraphs
    if v.maxpar and len(paragraphs) > v.maxpar:
        paragraphs = paragraphs[: rng.randint(3, v.maxpar)]
    body: list[str] = []
    lines: list[str] = []
    subheads = rng.random() < v.sub
    for k, par in enumerate(paragraphs):
        if k and subheads and rng.random() < 0.2:
            sub = _subheading(rng, rng.choice(articles))
            body.append(sub)
            lines.append(("## " if markdown else "") + sub)
        elif k and pools.inner and rng.random() < v.inner / 3:
            lines.extend(rng.choice(pools.inner).lines)
        body.append(par)
        lines.append(par)
    return head + lines + _footer(rng, articles, pools, v, markdown), "\n".join(body)


def _footer(rng: random.Random, articles: list[Article], pools: Pools, v: Variant, markdown: bool) -> list[str]:
    foot = list(rng.choice(pools.footer).lines)
    blocks = []
    if rng.random() < v.teaser:
        blocks.append(_teasers(rng, articles, markdown, pools, v))
    if rng.random() < v.stray:
        blocks.append(_stray(rng, articles, pools, v))
    if rng.random() < v.thread:
        blocks.append(_thread(rng, articles, pools, v))
    rng.shuffle(blocks)
    for block in blocks:
        cut = rng.randint(0, len(foot))
        foot[cut:cut] = block
    return foot


def synthetic(train: Sequence[Analysed], articles: list[Article], v: Variant, fold: int) -> list[Analysed]:
    """``v.n`` synthetic dumps from the furniture of ``train`` (seeded by ``v.seed`` and ``fold``)."""
    pools = harvest(train)
    data = furniture_data()
    out = []
    for i in range(v.n):
        rng = random.Random(f"{v.seed}-{fold}-{i}")
        lines, truth = synthetic_page(rng, articles, pools, v)
        facts, xs, probs, labels = analyse(lines)
        if facts:
            xseq = layout_features(facts, xs, probs, labels, data)
            out.append(Analysed(f"syn-{fold}-{i}", facts, labels, xseq, align(facts, truth), truth))
    return out


# --- the reverted main-run feature (commit ec6d2e4), added to cached sequences -------------------


def without_main(seq: Analysed) -> Analysed:
    """The sequence as the layout features were before the main run came back (commit 80a8e9e)."""
    return dataclasses.replace(seq, xseq=[{k: v for k, v in x.items() if not k.startswith("main:")} for x in seq.xseq])


def with_main(seq: Analysed) -> Analysed:
    start, end = main_run(seq.facts, prose_lines(seq.facts))
    xseq = []
    for i, x in enumerate(seq.xseq):
        x = dict(x)
        main_run_features(x, i, start, end)
        xseq.append(x)
    return dataclasses.replace(seq, xseq=xseq)


# --- cross-validation -------------------------------------------------------------------------


def cross_validate(
    bench: list[Analysed], hand: list[Analysed], articles: list[Article], v: Variant,
    thresholds: Sequence[tuple[float, float]], work: Path,
) -> None:  # fmt: skip
    settings = dataclasses.replace(LayoutSettings(), c2=v.c2)
    probs: dict[int, list[float]] = {}
    segments = 0
    change = {1: with_main, -1: without_main}.get(v.main)
    if change:
        bench, hand = [change(s) for s in bench], [change(s) for s in hand]
    for fold in range(_FOLDS):
        train = [s for s in bench if _fold(s.name) != fold]
        syn = synthetic(train, articles, v, fold)
        if change:
            syn = [change(s) for s in syn]
        segments += sum(len(s.gold) for s in syn)
        rows = [(s, 1) for s in train] + [(s, settings.hand_weight) for s in hand] + [(s, v.w) for s in syn]
        test = [k for k, s in enumerate(bench) if _fold(s.name) == fold]
        probs.update(zip(test, crf_marginals(weighted(rows), [bench[k] for k in test], settings, work / "fold.crfsuite")))
    parts = []
    best = None
    for low, high in thresholds:
        counts, held, lost = [], 0, 0
        for k, s in enumerate(bench):
            body = _body(s, decide(s.facts, s.labels, probs[k], low, high, shown_structure(s.xseq)))
            counts.append(page_counts(s.truth, body))
            h, lo = long_paragraphs_lost(s.truth, "\n".join(f.segment.text for f in s.facts), body)
            held, lost = held + h, lost + lo
        r = score(counts)
        parts.append(f"{low}/{high}: F1 {r.f1:.4f} P {r.precision:.4f} R {r.recall:.4f} lost {lost}/{held}")
        if best is None:
            best = parts[-1]
    print(f"{v}: synthetic segments {segments // _FOLDS}/fold; " + "; ".join(parts), flush=True)


def _default_cache() -> Path:
    """A cache file named by the code and models that make the labelled sequences."""
    digest = hashlib.sha256()
    src = ROOT / "src" / "saidwhat"
    for path in sorted([*(src / "pages").glob("*.py"), *(src / "data").glob("furniture*")]):
        digest.update(path.read_bytes())
    return Path(tempfile.gettempdir()) / f"saidwhat-dumps-seqs-{digest.hexdigest()[:12]}.pkl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", default=["n=0"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--thresholds", default="0.3/0.3,0.4/0.4,0.2/0.3")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the labelled sequences (default: by code)")
    parser.add_argument("--probe", nargs="*", help="dumps ('|' for a new line) to label with a model trained on all")
    parser.add_argument("--show", type=int, default=0, help="print this many synthetic dumps of fold 0 and stop")
    args = parser.parse_args()
    thresholds = [(float(a), float(b)) for a, _, b in (t.partition("/") for t in args.thresholds.split(","))]
    started = time.perf_counter()
    args.cache = args.cache or _default_cache()
    if args.cache.is_file():
        bench, hand = pickle.loads(args.cache.read_bytes())
    else:
        bench, hand = labelled_sequences(args.data)
        args.cache.write_bytes(pickle.dumps((bench, hand)))
    assert all(s.name[:1] in "01234567" for s in bench), "pages 8-f are never read"
    articles = polnear_articles(POLNEAR)
    print(f"{len(bench)} benchmark dumps, {len(hand)} hand-labelled, {len(articles)} PolNeAR train articles "
          f"({time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip
    if args.probe:
        texts = [t.replace("|", "\n") for t in args.probe]
        probe(bench, hand, articles, from_spec(Variant, args.variants[0]), texts)
        return 0
    if args.show:
        v = from_spec(Variant, args.variants[0])
        pools = harvest([s for s in bench if _fold(s.name) != 0])
        for i in range(args.show):
            lines, truth = synthetic_page(random.Random(f"{v.seed}-0-{i}"), articles, pools, v)
            body = set(truth.split("\n"))
            print(f"=== synthetic {i}")
            print("\n".join(("B " if line in body else "  ") + line[:150] for line in lines))
        return 0
    with tempfile.TemporaryDirectory() as work:
        for spec in args.variants:
            t = time.perf_counter()
            cross_validate(bench, hand, articles, from_spec(Variant, spec), thresholds, Path(work))
            print(f"  ({time.perf_counter() - t:.0f} s)", flush=True)
    return 0


def probe(bench: list[Analysed], hand: list[Analysed], articles: list[Article], v: Variant, texts: list[str]) -> None:
    """Train on every sequence (and ``v``'s synthetic dumps) and print the decision on ``texts``."""
    settings = dataclasses.replace(LayoutSettings(), c2=v.c2)
    syn = synthetic(bench, articles, v, -1)
    seqs = [(s, 1) for s in bench] + [(s, settings.hand_weight) for s in hand] + [(s, v.w) for s in syn]
    targets = []
    for text in texts:
        facts, xs, ps, labels = analyse(text.split("\n"))
        xseq = layout_features(facts, xs, ps, labels, furniture_data())
        targets.append(Analysed("probe", facts, labels, xseq, [], ""))
    change = {1: with_main, -1: without_main}.get(v.main)
    if change:
        seqs = [(change(s), w) for s, w in seqs]
        targets = [change(s) for s in targets]
    with tempfile.TemporaryDirectory() as work:
        margs = crf_marginals(weighted(seqs), targets, settings, Path(work) / "fold.crfsuite")
    for t, m in zip(targets, margs):
        out = decide(t.facts, t.labels, m, settings.remove_below, settings.add_above, shown_structure(t.xseq))
        for f, lab, new, p in zip(t.facts, t.labels, out, m):
            print(f"{p:.3f} {lab:>10} -> {new:<10} {f.segment.text[:80]}")
        print()


if __name__ == "__main__":
    sys.exit(main())
