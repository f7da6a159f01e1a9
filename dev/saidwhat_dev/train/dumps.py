"""Train the text-dump layout model (:mod:`saidwhat.pages.dump_layout`): ``saidwhat train dumps``.

Labelled sequences come from these sources:

- the extraction benchmark's development half (pages whose id starts with
  ``0``-``7``; the held-out half is never read here), each page rendered to a
  text dump by every available renderer (:mod:`saidwhat_dev.eval.dump_render`) and labelled
  automatically by aligning every segment with the page's ``articleBody``
  (:func:`align`: a segment whose 4-token shingles are mostly in the body is
  ``body``; a short one is ``body`` when it is a whole line of the body);
- the team's hand-labelled dumps (``eval/data/furniture/train``), where
  paragraphs and headings are ``body`` and titles, captions, credits, bylines,
  datelines and furniture are ``other``;
- labelled pages of other folders in the benchmark's format (``saidwhat train dumps --pages
  DIR``, :func:`more_sequences`), rendered and aligned as the benchmark's: site CV on the
  development half rises by about 0.015 body F1 for every doubling of the sites trained on
  (BENCHMARKS.md), so a team's own labelled pages of more sites are the way to a better model;
- synthetic short dumps (:func:`short_dumps`): a PolNeAR article's title (train
  split only) and one to four of its sentences or paragraphs, with a few short
  non-body lines harvested from the benchmark dumps around them or none, labelled
  by the same alignment. The benchmark's pages are all long; without them the
  model learns that prose before the page's main run of prose is furniture,
  which on a dump of three lines removes an opening quotation.

Settings (CRF regularisation, the marginal threshold, how much the hand-
labelled pages weigh) are chosen by :func:`cross_validate`: five folds by
page of the development half (every renderer's dump of a page in the same
fold), scored with the benchmark metric on the body the cleaner would keep.
Training is deterministic (L-BFGS, no sampling).
"""

from __future__ import annotations

import dataclasses
import io
import json
import random
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import numpy as np
import pycrfsuite

from saidwhat.core.errors import DataError
from saidwhat.pages.dump_layout import (
    BODY,
    DEFAULT_MODEL,
    LINES_FILE,
    OTHER,
    decide,
    layout_features,
    main_run,
    mix,
    prose_lines,
    shown_structure,
)
from saidwhat.pages.dump_lines import DILATIONS, WIDTH, LineNet, inputs
from saidwhat.pages.furniture import classify_segments
from saidwhat.pages.furniture_data import FurnitureData, OtherStopwords, furniture_data
from saidwhat.pages.furniture_features import SegmentFacts
from saidwhat_dev.eval.dump_render import RENDERERS, available
from saidwhat_dev.eval.dumps import DEV, dump_pages, half_of, long_paragraphs_lost
from saidwhat_dev.eval.extraction import BenchPage, Score, page_counts, score, shingles, tokens

__all__ = [
    "Analysed",
    "LayoutSettings",
    "Sites",
    "align",
    "analyse",
    "crf_marginals",
    "cross_validate",
    "fold_of",
    "from_spec",
    "labelled_sequences",
    "more_sequences",
    "out_of_fold",
    "polnear_articles",
    "scored",
    "short_dumps",
    "site_of",
    "train_layout",
    "weighted",
]

_FOLDS = 5
_ALIGN_SHARE = 0.5
DEFAULT_POLNEAR = Path("../shared/data/polnear")
_SENTENCE = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
_SHORT_LINE = 6  # words: a harvested non-body line used around a short dump
_SHORT_SENTENCE = 10  # words: a short opening sentence (a quotation often)


@dataclass(slots=True, frozen=True)
class LayoutSettings:
    """CRF training settings and the decision threshold (chosen by cross-validation by page)."""

    # Five-fold cross-validation by page on pages 0-7 (bench/dumps_cv.py, body F1 of the held-out
    # folds, all renderers). Regularisation: c1 0.1 / c2 0.05: 0.901; c1 0 / c2 1: 0.901;
    # c1 0.5 / c2 0.01: 0.900; c1 0 / c2 3: 0.907 (kept). Hand-labelled pages weighed 0 times:
    # 0.895; 1: 0.908; 3: 0.907 (kept: they carry the structure the benchmark does not label).
    # Thresholds (remove_below/add_above): 0.3/0.3 best or tied with 0.4/0.4 (within 0.001);
    # 0.2/0.3: -0.004; 0.1/0.3: -0.011. The layout features read on the classifier's own vector
    # (one pass of feature code, for speed) score 0.904 against 0.908 with a separate set.
    c1: float = 0.0
    c2: float = 3.0
    max_iterations: int = 150
    remove_below: float = 0.3
    add_above: float = 0.3
    hand_weight: int = 3  # times each hand-labelled page is repeated in training
    # Synthetic short dumps (short_dumps) added to training, and their seed. Five-fold CV at
    # 0.3/0.3 (bench/dumps_augment.py; body F1, long paragraphs lost of 3,598): no main-run
    # feature (dump_layout.main_run), none: 0.908, 162; main run, none: 0.920, 160, but a
    # three-line dump's opening quotation removed; main run, 30: 0.918 / 0.919 / 0.919 (seeds
    # 0 / 1 / 2), 156 / 153 / 155, the quotation kept. Longer synthetic pages (PolNeAR bodies
    # in furniture harvested from the training dumps, teaser lists, stray paragraphs, comment
    # threads), 50 to 300 of them, without the main run: 0.899 to 0.911, lost 155 to 250.
    short_dumps: int = 30
    seed: int = 0
    # Share of the short dumps without a title line: trained only on titled ones, the line network
    # holds the first line of a short dump for a title, and "'We agree,' the minister said." opening
    # a two-line dump for furniture.
    short_untitled: float = 0.3
    # The line network beside the CRF (saidwhat.pages.dump_lines), the mean of the two deciding:
    # five-fold CV by site (bench/dumps_cv.py --by site), see BENCHMARKS.md. 0 epochs: no network.
    # 8 epochs, dropout 0.4: 0.9231; 16, 0.2: 0.9206 to 0.9248 with the seed; 30, 0.1: 0.9206 to
    # 0.9233; 45, 0.1: 0.9083. Three members averaged (16, 0.2 / 30, 0.1): 0.9254 / 0.9249.
    # 30, 0.1 fits the training pages as closely as the CRF alone (8, 0.4 did not).
    lines_epochs: int = 30
    lines_dropout: float = 0.1
    lines_members: int = 3  # networks trained from seeds seed, seed + 1, ..., their P(body) averaged
    # Pages in a language without a folder (read with jusText's stop words) trained twice: as read
    # and without stop words (Analysed.blind). CV by site, seeds 0 / 1, 0.3/0.3: without the page's
    # stop words at all 0.9268 / 0.9259; with them, no copies 0.9226 / 0.9137 (English pages lose:
    # nothing teaches any more that prose without stop words may be the article); with the
    # copies 0.9295 / 0.9277. See BENCHMARKS.md.
    blind_copies: bool = True
    lines_share: float = 0.5  # the network's weight in P(body), the CRF's the rest


@dataclass(slots=True)
class Analysed:
    """One dump as the classifier sees it, with its layout features and gold sequence."""

    name: str
    facts: list[SegmentFacts]
    labels: list[str]
    xseq: list[dict[str, float]]
    gold: list[str]
    truth: str = ""  # articleBody, for benchmark pages
    site: str = ""  # the page's host (www. dropped), for benchmark pages: folds by site
    renderer: str = ""  # the renderer of a benchmark page's dump
    # a page in a language without a folder, read without its stop words: a training copy that
    # stands for pages in languages no list knows (see LayoutSettings.blind_copies)
    blind: Analysed | None = None


Seen = tuple[list[SegmentFacts], list[dict[str, float]], list[dict[str, float]], list[str]]


def analyse(lines: list[str], data: FurnitureData | None = None) -> Seen:
    """The segments' facts, the classifier's features, its scores and its smoothed labels
    (``data``: the vocabulary, the shipped one unless given)."""
    seen: list[Seen] = []

    def keep(
        facts: list[SegmentFacts],
        xs: list[dict[str, float]],
        probs: list[dict[str, float]],
        labels: list[str],
    ) -> list[str]:
        seen.append((facts, xs, probs, labels))
        return labels

    classify_segments(lines, relabel=keep, data=data)
    return seen[0] if seen else ([], [], [], [])


def align(facts: list[SegmentFacts], truth: str) -> list[str]:
    """``body`` or ``other`` for every segment, by its overlap with ``articleBody``."""
    gold = shingles(truth)
    body_lines = {" ".join(tokens(line)) for line in truth.split("\n")}
    out = []
    for fact in facts:
        toks = tokens(fact.segment.text)
        if len(toks) >= 4:
            own = shingles(fact.segment.text)
            inside = sum(min(c, gold.get(k, 0)) for k, c in own.items()) / max(1, sum(own.values()))
            out.append(BODY if inside >= _ALIGN_SHARE else OTHER)
        else:
            out.append(BODY if toks and " ".join(toks) in body_lines else OTHER)
    return out


def _own_language(facts: list[SegmentFacts]) -> bool:
    """Whether the page was read with the stop words of its language, one without a folder."""
    return bool(furniture_data().page_stopwords(f.lower for f in facts))


def _read_blind(lines: list[str], truth: str, blind: FurnitureData) -> Analysed:
    """The dump read without its language's stop words, as a page in a language that no list knows."""
    facts, xs, probs, labels = analyse(lines, blind)
    return Analysed("blind", facts, labels, layout_features(facts, xs, probs, labels, blind), align(facts, truth), truth)


def _hand_gold(labels_by_piece: list[str]) -> list[str]:
    return [BODY if label in ("paragraph", "heading") else OTHER for label in labels_by_piece]


def labelled_sequences(benchmark: Path) -> tuple[list[Analysed], list[Analysed]]:
    """(benchmark dev-half dumps, hand-labelled train dumps), analysed and labelled."""
    from saidwhat_dev.eval.extraction import load_benchmark
    from saidwhat_dev.eval.furniture import gold_label_of, load_split

    data = furniture_data()
    bench = _dumped([p for p in load_benchmark(benchmark) if half_of(p.id) == DEV])
    hand = []
    for page in load_split("train"):
        facts, xs, probs, labels = analyse(page.lines)
        gold = _hand_gold([gold_label_of(page, f.segment) for f in facts])
        hand.append(Analysed(page.name, facts, labels, layout_features(facts, xs, probs, labels, data), gold))
    return bench, hand


def _dumped(pages: Sequence[BenchPage]) -> list[Analysed]:
    """``pages`` rendered by every available renderer, analysed and labelled by their ``articleBody``."""
    data = furniture_data()
    blind = dataclasses.replace(data, others=OtherStopwords())
    renderers = [name for name, reason in available().items() if not reason and name in RENDERERS]
    out = []
    for renderer in renderers:
        for dump in dump_pages(pages, renderer):
            lines = dump.dump.split("\n")
            facts, xs, probs, labels = analyse(lines)
            if facts:
                xseq = layout_features(facts, xs, probs, labels, data)
                gold = align(facts, dump.truth)
                seq = Analysed(dump.id, facts, labels, xseq, gold, dump.truth, site_of(dump.url), renderer)
                seq.blind = _read_blind(lines, dump.truth, blind) if _own_language(facts) else None
                out.append(seq)
    return out


def more_sequences(folders: Sequence[Path], benchmark: Path) -> list[Analysed]:
    """The dumps of labelled pages beyond the benchmark's, for training only: every page of each
    folder, in the benchmark's format (``ground-truth.json`` mapping a page id to its
    ``articleBody`` and ``url``, ``html/ID.html.gz``). A folder holding a page of ``benchmark``
    is refused: its held-out half is never trained on."""
    from saidwhat_dev.eval.extraction import load_benchmark

    known = _page_ids(benchmark)
    out: list[Analysed] = []
    for folder in folders:
        pages = load_benchmark(folder)
        shared = sorted(known.intersection(p.id for p in pages))
        if shared:
            named = ", ".join(shared[:3])
            raise DataError(f"holds pages of the extraction benchmark ({named}), never trained on", str(folder))
        out.extend(dataclasses.replace(seq, name=f"{folder.name}/{seq.name}") for seq in _dumped(pages))
    return out


def _page_ids(benchmark: Path) -> set[str]:
    truth = benchmark / "ground-truth.json"
    return set(json.loads(truth.read_text("utf-8"))) if truth.is_file() else set()


# --- synthetic short dumps ----------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Article:
    """A PolNeAR article: its title and paragraphs."""

    title: str
    paragraphs: list[str]

    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in _SENTENCE.split(p) if len(s.split()) >= 5]


def polnear_articles(polnear: Path = DEFAULT_POLNEAR) -> list[Article]:
    """The train split's articles (sorted by file name): first block the title, blank-line paragraphs."""
    out = []
    for path in sorted((polnear / "train" / "text").glob("*.txt")):
        blocks = [" ".join(b.split()) for b in path.read_text("utf-8").split("\n\n")]
        blocks = [b for b in blocks if b]
        if len(blocks) >= 3:
            out.append(Article(blocks[0].rstrip("."), blocks[1:]))
    return out


def short_lines(bench: Sequence[Analysed]) -> list[str]:
    """Short lines after the last body line of each dump (share lines, names, dates, links)."""
    out: list[str] = []
    for seq in bench:
        lines: dict[int, list[str]] = {}
        body: set[int] = set()
        for fact, gold in zip(seq.facts, seq.gold):
            lines.setdefault(fact.segment.line, []).append(fact.segment.text)
            if gold == BODY:
                body.add(fact.segment.line)
        if body:
            last = max(body)
            texts = (" ".join(parts) for line, parts in lines.items() if line > last)
            out.extend(t for t in texts if len(t.split()) <= _SHORT_LINE)
    return out


def short_page(
    rng: random.Random, art: Article, shorts: Sequence[str], untitled: float = 0.0
) -> tuple[list[str], str]:
    """(lines, body) of a short dump: the title and one to four sentences (half the time from a
    short one, a quotation often) or paragraphs, a few short lines around them or none; with
    probability ``untitled`` no title (a dump of a quotation and a sentence)."""
    k = rng.randint(1, 4)
    sentences = art.sentences() or art.paragraphs
    if rng.random() < 0.5:
        opening = [i for i, s in enumerate(sentences) if len(s.split()) <= _SHORT_SENTENCE]
        start = rng.choice(opening) if opening else rng.randrange(len(sentences))
        body = sentences[start : start + k]
    else:
        body = art.paragraphs[:k]
    head = [rng.choice(shorts) for _ in range(rng.randint(0, 3))] if shorts and rng.random() < 0.5 else []
    foot = [rng.choice(shorts) for _ in range(rng.randint(0, 3))] if shorts and rng.random() < 0.5 else []
    title = [] if untitled and rng.random() < untitled else [art.title]  # drawn last: the rest as before
    return [*head, *title, *body, *foot], "\n".join(body)


def short_dumps(
    bench: Sequence[Analysed], articles: Sequence[Article], n: int, seed: int, tag: int = -1, untitled: float = 0.0
) -> list[Analysed]:
    """``n`` synthetic short dumps, labelled by alignment; the short lines come from ``bench``
    (seeded by ``seed``, ``tag`` and the index: a fold's dumps differ from another's)."""
    if n and not articles:
        raise FileNotFoundError("synthetic short dumps need PolNeAR's train split (--polnear)")
    shorts = short_lines(bench)
    data = furniture_data()
    out = []
    for i in range(n):
        rng = random.Random(f"{seed}-{tag}-{i}")
        art = rng.choice(articles)
        rng.random()  # (the draw that chose the kind of page in bench/dumps_augment.py)
        lines, truth = short_page(rng, art, shorts, untitled)
        facts, xs, probs, labels = analyse(lines)
        if facts:
            xseq = layout_features(facts, xs, probs, labels, data)
            out.append(Analysed(f"short-{tag}-{i}", facts, labels, xseq, align(facts, truth), truth))
    return out


def _train(sequences: Sequence[Analysed], settings: LayoutSettings, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for seq in sequences:
        trainer.append(pycrfsuite.ItemSequence(seq.xseq), seq.gold)
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def crf_marginals(
    sequences: Sequence[Analysed], targets: Sequence[Analysed], settings: LayoutSettings, path: Path
) -> list[list[float]]:
    """P(body) of every segment of ``targets`` by a CRF trained on ``sequences`` (written to ``path``)."""
    _train(sequences, settings, path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    try:
        out = []
        for seq in targets:
            tagger.set(pycrfsuite.ItemSequence(seq.xseq))
            out.append([tagger.marginal(BODY, i) for i in range(len(seq.xseq))])
        return out
    finally:
        tagger.close()


def weighted(rows: Sequence[tuple[Analysed, int]]) -> list[Analysed]:
    """Each sequence repeated its weight's number of times, in order (a CRF's weighted training set)."""
    return [seq for seq, weight in rows for _ in range(weight)]


Spec = TypeVar("Spec")


def from_spec(kind: type[Spec], spec: str) -> Spec:
    """A settings dataclass from ``name=value,...`` (ints and floats as the fields are typed)."""
    types = {f.name: f.type for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
    values: dict[str, float | int] = {}
    for item in filter(None, spec.split(",")):
        name, _, value = item.partition("=")
        values[name] = int(value) if types[name] in (int, "int") else float(value)
    return kind(**values)


def _run(seq: Analysed) -> tuple[int, int]:
    return main_run(seq.facts, prose_lines(seq.facts))


def lines_body(net: LineNet, seq: Analysed) -> list[float]:
    """The line network's P(body) of every segment of ``seq``."""
    return net.body(seq.facts, seq.xseq, seq.labels, _run(seq))


def _lines_inputs(seq: Analysed) -> np.ndarray:
    return inputs(seq.facts, seq.xseq, seq.labels, _run(seq))


def train_lines(sequences: Sequence[Analysed], settings: LayoutSettings) -> LineNet:
    """The line network trained on ``sequences``: ``lines_members`` networks, seeded ``seed``,
    ``seed + 1``, ... (PyTorch, one thread: deterministic), their weights stacked."""
    xs = [_lines_inputs(seq) for seq in sequences]
    members = [_train_member(sequences, xs, settings, settings.seed + j) for j in range(settings.lines_members)]
    return LineNet({name: np.stack([m[name] for m in members]) for name in members[0]})


def _train_member(
    sequences: Sequence[Analysed], xs: list[np.ndarray], settings: LayoutSettings, seed: int
) -> dict[str, np.ndarray]:
    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    every = np.vstack(xs)
    mu, sd = every.mean(0), every.std(0) + 1e-6
    items = [(((x - mu) / sd).astype(np.float32), np.array([g == BODY for g in s.gold], np.float32)) for x, s in zip(xs, sequences)]
    net = _Net(every.shape[1], settings.lines_dropout)
    opt = torch.optim.Adam(net.parameters(), lr=3e-3, weight_decay=1e-4)
    for _ in range(settings.lines_epochs):
        net.train()
        order = rng.permutation(len(items))
        for b in range(0, len(order), 8):
            x, y, w, lengths = _pad([items[j] for j in order[b : b + 8]])
            loss = (nn.functional.binary_cross_entropy_with_logits(net(x, lengths), y, reduction="none") * w).sum()
            opt.zero_grad()
            (loss / w.sum()).backward()
            opt.step()
    state = {k: v.detach().numpy().astype(np.float64) for k, v in net.state_dict().items()}
    return {"mu": mu, "sd": sd, **{name: state[key] for name, key in _TORCH_NAMES.items()}}


_TORCH_NAMES = {
    "inp_w": "inp.weight", "inp_b": "inp.bias", "out_w": "out.weight", "out_b": "out.bias",
    **{f"conv{j}_w": f"convs.{j}.weight" for j in range(len(DILATIONS))},
    **{f"conv{j}_b": f"convs.{j}.bias" for j in range(len(DILATIONS))},
}


def _net_class() -> type:
    import torch
    from torch import nn

    class Net(nn.Module):
        """The network of saidwhat.pages.dump_lines, in PyTorch for training. Positions past a
        page's end are zero after every layer, as the numpy forward pass pads them."""

        def __init__(self, d: int, dropout: float) -> None:
            super().__init__()
            self.inp = nn.Linear(d, WIDTH)
            self.drop = nn.Dropout(dropout)
            self.convs = nn.ModuleList(nn.Conv1d(WIDTH, WIDTH, 3, padding=k, dilation=k) for k in DILATIONS)
            self.out = nn.Linear(2 * WIDTH, 1)

        def forward(self, x: torch.Tensor, lengths: list[int]) -> torch.Tensor:
            mask = (torch.arange(x.shape[1])[None, :] < torch.tensor(lengths)[:, None]).float()[:, :, None]
            first = self.drop(torch.relu(self.inp(x))) * mask
            h = first
            for conv in self.convs:
                h = (h + torch.relu(conv(h.transpose(1, 2)).transpose(1, 2))) * mask
            return self.out(torch.cat([h, first], -1)).squeeze(-1)  # type: ignore[no-any-return]

    return Net


def _Net(d: int, dropout: float) -> Any:
    return _net_class()(d, dropout)


def _pad(items: list[tuple[np.ndarray, np.ndarray]]) -> tuple[Any, Any, Any, list[int]]:
    import torch

    length = max(len(x) for x, _ in items)
    xs = np.zeros((len(items), length, items[0][0].shape[1]), np.float32)
    ys = np.zeros((len(items), length), np.float32)
    ws = np.zeros((len(items), length), np.float32)
    for i, (x, y) in enumerate(items):
        xs[i, : len(x)], ys[i, : len(y)], ws[i, : len(y)] = x, y, 1.0
    return torch.from_numpy(xs), torch.from_numpy(ys), torch.from_numpy(ws), [len(x) for x, _ in items]


def save_lines(net: LineNet, path: Path) -> None:
    """The network's weights (float32), as :meth:`LineNet.load` reads them."""
    arrays = {k: v.astype(np.float32) for k, v in net.weights.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            # a fixed date: the same training writes the same bytes (np.savez stamps the time)
            out.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue())


def _training_set(
    bench: Sequence[Analysed],
    hand: Sequence[Analysed],
    settings: LayoutSettings,
    articles: Sequence[Article] = (),
    tag: int = -1,
) -> list[Analysed]:
    short = (
        short_dumps(bench, articles, settings.short_dumps, settings.seed, tag, settings.short_untitled)
        if articles
        else []
    )
    blind = [seq.blind for seq in bench if seq.blind is not None] if settings.blind_copies else []
    return [*bench, *blind, *(list(hand) * settings.hand_weight), *short]


def train_layout(
    benchmark: Path,
    out: Path = DEFAULT_MODEL,
    settings: LayoutSettings | None = None,
    polnear: Path = DEFAULT_POLNEAR,
    pages: Sequence[Path] = (),
) -> dict[str, object]:
    """Train on every labelled sequence and write the model and its settings; a report of what was
    used. ``pages``: folders of more labelled pages (:func:`more_sequences`), all trained on."""
    settings = settings or LayoutSettings()
    more = more_sequences(pages, benchmark)  # first: a bad folder fails before the long work
    bench, hand = labelled_sequences(benchmark)
    articles = polnear_articles(polnear) if settings.short_dumps else []
    sequences = _training_set([*bench, *more], hand, settings, articles)
    _train(sequences, settings, out)
    lines_path = out.with_name(LINES_FILE)
    if settings.lines_epochs:
        save_lines(train_lines(sequences, settings), lines_path)
    elif lines_path.is_file():
        lines_path.unlink()  # a CRF alone: no network of another training beside it
    report: dict[str, object] = {
        **asdict(settings),
        "benchmark_dumps": len(bench),
        "benchmark_pages": len({s.name for s in bench}),
        "more_pages": len({s.name for s in more}),
        "more_folders": [str(folder) for folder in pages],
        "hand_labelled_dumps": len(hand),
        "blind_copies": sum(s.blind is not None for s in [*bench, *more]) if settings.blind_copies else 0,
        "segments": sum(len(s.gold) for s in [*bench, *more, *hand]),
        "renderers": [n for n, reason in available().items() if not reason],
        "trained_on": "extraction benchmark pages 0-7 (aligned with articleBody; those in a language without"
        " a folder also read without stop words) + eval/data/furniture/train + synthetic short dumps of PolNeAR"
        " train articles" + (" + the labelled pages of more_folders" if pages else ""),
    }
    out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


# --- cross-validation by page -----------------------------------------------------------


@dataclass(slots=True, frozen=True)
class BodyScore:
    score: Score  # body P/R/F1 with the benchmark metric
    lost: int  # long articleBody paragraphs the dumps hold and the kept body lost
    held: int  # long articleBody paragraphs the dumps hold


@dataclass(slots=True)
class CvResult:
    settings: LayoutSettings
    f1: float
    precision: float
    recall: float
    best: tuple[float, float]
    by_thresholds: dict[tuple[float, float], float] = field(default_factory=dict)  # -> F1
    lost: int = 0  # long articleBody paragraphs the dumps hold and the kept body lost (at ``best``)
    held: int = 0  # long articleBody paragraphs the dumps hold


def _fold(name: str) -> int:
    return int(name[:2], 16) % _FOLDS


def site_of(url: str) -> str:
    """The host of a page's URL without ``www.`` ("" when there is none)."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def fold_of(seq: Analysed, by: str = "page") -> int:
    """The fold of a benchmark dump: by page id (``page``), or by site (``site``: every page of
    one site in the same fold, so that no fold is scored on a site its model learned)."""
    if by == "page" or not seq.site:
        return _fold(seq.name)
    if by == "site":
        return zlib.crc32(seq.site.encode("utf-8")) % _FOLDS
    raise ValueError(f"folds by {by!r}: expected 'page' or 'site'")


def _body(seq: Analysed, labels: list[str]) -> str:
    return "\n\n".join(f.segment.text for f, lab in zip(seq.facts, labels) if lab in ("paragraph", "heading"))


def scored(bench: Sequence[Analysed], probs: Sequence[Sequence[float]], low: float, high: float) -> BodyScore:
    """The body ``bench`` keeps when P(body) is ``probs`` and the thresholds ``low``/``high``
    (:func:`~saidwhat.pages.dump_layout.decide`), scored with the benchmark metric, and the long
    ``articleBody`` paragraphs the dumps hold and that body lost."""
    bodies = [_body(seq, decide(seq.facts, seq.labels, list(p), low, high, shown_structure(seq.xseq))) for seq, p in zip(bench, probs)]
    held = lost = 0
    for seq, body in zip(bench, bodies):
        h, gone = long_paragraphs_lost(seq.truth, "\n".join(f.segment.text for f in seq.facts), body)
        held, lost = held + h, lost + gone
    return BodyScore(score([page_counts(seq.truth, body) for seq, body in zip(bench, bodies)]), lost, held)


@dataclass(slots=True, frozen=True)
class Sites:
    """A share of the development sites that training folds keep (a learning curve: how the score
    grows with the sites learned from); which sites, fixed by ``seed``, is the same in every fold."""

    share: float = 1.0
    seed: int = 0

    def keeps(self, site: str) -> bool:
        return zlib.crc32(f"{site}/curve{self.seed}".encode()) % 1000 < self.share * 1000


def out_of_fold(
    bench: Sequence[Analysed],
    hand: Sequence[Analysed],
    settings: LayoutSettings,
    work: Path,
    articles: Sequence[Article] = (),
    by: str = "page",
    more: Sequence[Analysed] = (),
    sites: Sites = Sites(),
) -> dict[int, tuple[list[float], list[float] | None]]:
    """For every dump of ``bench`` (by index), P(body) of its segments by the CRF and by the line
    network (None without one) trained on the other folds (:func:`fold_of`) of the sites ``sites``
    keeps, and on ``more`` (:func:`more_sequences`) in every fold; the synthetic short dumps (when
    ``articles`` are given) take their short lines from the training dumps only."""
    got: dict[int, tuple[list[float], list[float] | None]] = {}
    for fold in range(_FOLDS):
        train = [s for s in bench if fold_of(s, by) != fold and sites.keeps(s.site)] + list(more)
        test = [k for k, seq in enumerate(bench) if fold_of(seq, by) == fold]
        sequences = _training_set(train, hand, settings, articles, fold)
        crf = crf_marginals(sequences, [bench[k] for k in test], settings, work / f"fold{fold}.crfsuite")
        net = train_lines(sequences, settings) if settings.lines_epochs else None
        got.update((k, (c, lines_body(net, bench[k]) if net else None)) for k, c in zip(test, crf))
    return got


def cross_validate(
    bench: Sequence[Analysed],
    hand: Sequence[Analysed],
    settings: LayoutSettings,
    thresholds: Sequence[tuple[float, float]],
    work: Path,
    articles: Sequence[Article] = (),
    by: str = "page",
    more: Sequence[Analysed] = (),
    sites: Sites = Sites(),
) -> CvResult:
    """Body P/R/F1 of the held-out folds (benchmark metric), for every (remove_below, add_above),
    of P(body) out of fold (:func:`out_of_fold`). Folds are by page id or by site (:func:`fold_of`)."""
    got = out_of_fold(bench, hand, settings, work, articles, by, more, sites)
    probs = [crf if lines is None else mix(crf, lines, settings.lines_share) for crf, lines in (got[k] for k in range(len(bench)))]
    by_pair = {(low, high): scored(bench, probs, low, high) for low, high in thresholds}
    best = max(by_pair, key=lambda t: by_pair[t].score.f1)
    s = by_pair[best]
    rounded = {t: round(v.score.f1, 4) for t, v in by_pair.items()}
    return CvResult(settings, s.score.f1, s.score.precision, s.score.recall, best, rounded, s.lost, s.held)
