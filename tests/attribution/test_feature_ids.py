"""The network's attribute ids computed per distinct value (FeatureIds) against the strings they stand for."""

from __future__ import annotations

import random

import numpy as np
import pytest

from saidwhat.attribution.crf_data import paragraph_views
from saidwhat.attribution.crf_rules import RuleMarks, rule_statements
from saidwhat.attribution.features import FeatureIds, paragraph_features
from saidwhat.attribution.neural import Network, hash_features
from saidwhat.attribution.tagger import AttributionTagger
from saidwhat.core.model import Article, Block, BlockKind, InputInfo
from saidwhat.nlp.tokens import line_spans

_WORDS = ["said", "says", "saying", "told", "according", "to", "that", "the", "The", "U.S.", "Smith's", "don't", ",", ",", ".", "?", "“", "”", '"', "'", "‘", "’", "(", ")", "—", "2016", "3.5%", "well-known", "McCain", "OBAMA", "Ünïcode", "<s>", "</s>", "|", "a.m.", "spokesman", "warned", "insisted", "added", "noted", "he", "she", "they", "It’s", "officials", "reporters", "Monday", "x-ray", "Rock'n'roll", "1,000"]


def _texts() -> list[str]:
    rng = random.Random(7)
    texts = [
        ("“We are going to win this state,” Trump told the crowd on Tuesday.\n"
        "The senator said that the bill would not pass, according to two aides. He added: “No.”\n"
        "'Single quotes', she said. \"Straight quotes\" inside, \"and again\" he noted.\n"
        "No cue word here at all\n"
        "said\n")
    ]
    for _ in range(40):
        lines = []
        for _ in range(rng.randint(1, 6)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 70))]
            lines.append(" ".join(words))
        texts.append("\n".join(lines) + "\n")
    return texts


def _article(text: str) -> Article:
    article = Article(InputInfo("-", "text"), text=text)
    article.blocks = [Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
    return article


@pytest.fixture(scope="module")
def shipped() -> AttributionTagger:
    return AttributionTagger.load()


def test_the_ids_are_those_of_the_attribute_strings_in_order(shipped: AttributionTagger) -> None:
    net = shipped._labeller
    assert isinstance(net, Network)
    ids = FeatureIds(shipped._cues, net.buckets)
    for text in _texts():
        article = _article(text)
        views = paragraph_views(text, [b.span for b in article.blocks], shipped._pos)
        marks = RuleMarks([s for s in rule_statements(article) if s.parent is None], len(text))
        roles = [r for v in views for r in marks.roles(v)]
        extra = [("r", [r for r, _ in roles]), ("rb", [r if b else None for r, b in roles])]
        rows = ids.paragraphs(views, extra)
        for view, row, more in zip(views, rows, marks.features(views), strict=True):
            strings = [f + m for f, m in zip(paragraph_features(view, shipped._cues), more, strict=True)]
            flat, offsets = hash_features(strings, net.buckets)
            expected = [a.tolist() for a in np.split(flat, offsets[1:])]
            assert [[i for i in r if i != net.absent] for r in row.tolist()] == expected
            assert (row <= net.absent).all()  # an absent attribute is the all-zero row
        # one paragraph at a time gives the same rows as the batch
        alone = [ids.paragraphs([v])[0] for v in views]
        assert all(np.array_equal(a, b) for a, b in zip(alone, ids.paragraphs(views), strict=True))


def test_the_tagger_labels_the_same_from_ids_as_from_strings(shipped: AttributionTagger) -> None:
    net = shipped._labeller
    assert isinstance(net, Network)
    for text in _texts()[:10]:
        article = _article(text)
        views = paragraph_views(text, [b.span for b in article.blocks], shipped._pos)
        marks = RuleMarks([s for s in rule_statements(article) if s.parent is None], len(text))
        strings = [
            [f + m for f, m in zip(paragraph_features(v, shipped._cues), more)]
            for v, more in zip(views, marks.features(views))
        ]
        assert net.label(strings) == net.label_ids(shipped._ids(views, marks))


def test_caches_start_afresh_past_their_limit(shipped: AttributionTagger, monkeypatch: pytest.MonkeyPatch) -> None:
    net = shipped._labeller
    assert isinstance(net, Network)
    text = _texts()[1]
    views = paragraph_views(text, line_spans(text), shipped._pos)
    ids = FeatureIds(shipped._cues, net.buckets)
    before = ids.paragraphs(views)
    monkeypatch.setattr(FeatureIds, "LIMIT", 10)
    ids.paragraphs(views)
    ids.trim()
    assert len(ids._words) == 0
    assert all(np.array_equal(a, b) for a, b in zip(before, ids.paragraphs(views), strict=True))


def _float64_reference(net: Network, ids: np.ndarray) -> tuple[list[int], np.ndarray]:
    """One paragraph through the network in float64, as written in PyTorch's equations (padded form,
    log-space forward-backward): best path and the marginal of each label."""
    w = {k: v.astype(np.float64) for k, v in net.w.items()}
    table = np.concatenate([w["emb"], w["lin"]], axis=1)
    table = np.concatenate([table, np.zeros((1, table.shape[1]))])
    summed = table[ids].sum(axis=1)
    x, lin = np.tanh(summed[:, : net.dim]), summed[:, net.dim :]

    def sigmoid(v: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-v))

    for layer in range(net.layers):
        outs = []
        for side, seq in (("fwd", x), ("bwd", x[::-1])):
            wih, whh, b = (w[f"l{layer}_{side}_{k}"] for k in ("wih", "whh", "b"))
            hidden = whh.shape[1]
            h, c, hs = np.zeros(hidden), np.zeros(hidden), []
            for v in seq:
                g = wih @ v + whh @ h + b
                i, f, cell, o = (g[k * hidden : (k + 1) * hidden] for k in range(4))
                c = sigmoid(f) * c + sigmoid(i) * np.tanh(cell)
                h = sigmoid(o) * np.tanh(c)
                hs.append(h)
            outs.append(np.asarray(hs if side == "fwd" else hs[::-1]))
        x = np.concatenate(outs, axis=1)
    em = lin + x @ w["out_w"].T + w["out_b"]
    n, k = em.shape
    score, back = w["start"] + em[0], np.zeros((n, k), dtype=np.int64)
    alpha = [score.copy()]
    for t in range(1, n):
        cand = score[:, None] + w["trans"]
        back[t], score = cand.argmax(axis=0), cand.max(axis=0) + em[t]
        a = alpha[-1][:, None] + w["trans"]
        alpha.append(np.log(np.exp(a - a.max(axis=0)).sum(axis=0)) + a.max(axis=0) + em[t])
    path = [int((score + w["end"]).argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    path.reverse()
    beta = [w["end"]]
    for t in range(n - 2, -1, -1):
        a = w["trans"] + (em[t + 1] + beta[0])[None, :]
        beta.insert(0, np.log(np.exp(a - a.max(axis=1, keepdims=True)).sum(axis=1)) + a.max(axis=1))
    last = alpha[-1] + w["end"]
    z = np.log(np.exp(last - last.max()).sum()) + last.max()
    marg = np.exp(np.asarray(alpha) + np.asarray(beta) - z)
    return path, marg[np.arange(n), path]


def test_the_float32_network_labels_as_float64_on_a_sample(shipped: AttributionTagger) -> None:
    # The network runs in float32 (the LSTM's gates under one tanh, the paragraphs still running
    # only, forward-backward scaled in probability space); the same paragraphs in float64 and
    # PyTorch's plain equations give the same labels, and marginals within 1e-5 (a confidence is
    # reported to four decimals; measured on all 41 texts: at most 5e-7).
    net = shipped._labeller
    assert isinstance(net, Network)
    compared = 0
    for text in _texts()[:12]:
        article = _article(text)
        views = paragraph_views(text, [b.span for b in article.blocks], shipped._pos)
        marks = RuleMarks([s for s in rule_statements(article) if s.parent is None], len(text))
        paragraphs = shipped._ids(views, marks)
        for ids, (labels, probs) in zip(paragraphs, net.label_ids(paragraphs), strict=True):
            path, marg = _float64_reference(net, ids)
            assert labels == [net.labels[j] for j in path]
            np.testing.assert_allclose(probs, marg, atol=1e-5)
            compared += len(labels)
    assert compared > 1000
