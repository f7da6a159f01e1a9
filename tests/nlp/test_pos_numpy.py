"""The part-of-speech tagger run in numpy gives crfsuite's tags, ties included."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from saidwhat.attribution.crf_data import paragraph_views
from saidwhat.nlp.pos import DEFAULT_POS_MODEL, PosTagger, read_crfsuite, word_features
from saidwhat.nlp.tokens import line_spans

# fmt: off
_WORDS = [
    "The", "the", "senator", "said", "says", "Smith's", "don't", "U.S.", ",", ".", "?", "“", "”", '"', "(", ")",
    "—", "--", "2016", "3.5%", "1,000", "well-known", "x-ray", "-", "McCain", "OBAMA", "Ünïcode", "日本", "<s>",
    "</s>", "w=the", "a.m.", "spokesman", "warned", "they", "It’s", "Monday", "zzqxv", "Qwrtp-Zz", "x" * 40,
    "s1=e", "#", "$", "%", "&", "@", ":", ";", "...", "b", "first", "hyphen", "ÉTAT", "naïve", "co-op",
]
# fmt: on


def _sentences(rng: random.Random, count: int) -> list[list[str]]:
    out: list[list[str]] = []
    for _ in range(count):
        n = rng.choice([0, 1, 1, 2, 3, rng.randint(4, 40), rng.randint(40, 300)])
        out.append([rng.choice(_WORDS) for _ in range(n)])
    return out


def _crfsuite(path: Path, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return [list(tagger.tag(word_features(s))) if s else [] for s in sentences]


@pytest.mark.parametrize("few", [PosTagger.FEW, 0, 1000])
def test_same_tags_as_crfsuite_on_varied_text(few: int) -> None:
    sentences = _sentences(random.Random(3), 400)
    tagger = PosTagger.load()
    tagger.FEW = few
    assert tagger.tag_sentences(sentences) == _crfsuite(DEFAULT_POS_MODEL, sentences)
    # again, every word now in the cache, and one sentence at a time
    assert [tagger.tag(s) for s in sentences[:60]] == _crfsuite(DEFAULT_POS_MODEL, sentences[:60])


def test_batches_and_a_restarted_cache_change_no_tag() -> None:
    sentences = _sentences(random.Random(5), 200)
    tagger = PosTagger.load()
    tagger.BATCH_TOKENS = 50
    tagger.LIMIT = 20
    assert tagger.tag_sentences(sentences) == _crfsuite(DEFAULT_POS_MODEL, sentences)


def _rewrite_weights(path: Path, out: Path, change: Callable[[np.ndarray], np.ndarray]) -> None:
    """A copy of crfsuite model ``path`` with its feature weights passed through ``change``."""
    data = bytearray(path.read_bytes())
    off = int.from_bytes(data[28:32], "little")
    count = int.from_bytes(data[off + 8 : off + 12], "little")
    record = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
    feats = np.frombuffer(data, dtype=record, count=count, offset=off + 12).copy()
    feats["weight"] = change(feats["weight"])
    data[off + 12 : off + 12 + feats.nbytes] = feats.tobytes()
    out.write_bytes(bytes(data))


@pytest.mark.parametrize("few", [0, 1000])
@pytest.mark.parametrize("change", ["round", "zero", "coarse"])
def test_ties_break_as_in_crfsuite(tmp_path: Path, change: str, few: int) -> None:
    """Weights made equal (all zero; rounded to integers; to multiples of 8) tie many paths and
    many labels: the first label wins in crfsuite, forward and back, and here (with the bound
    on every Viterbi step, and with the whole product on every step)."""
    changes: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "round": np.round,
        "zero": np.zeros_like,
        "coarse": lambda w: np.round(w / 8) * 8,
    }
    model = tmp_path / "tied.crfsuite"
    _rewrite_weights(DEFAULT_POS_MODEL, model, changes[change])
    sentences = _sentences(random.Random(11), 150)
    tagger = PosTagger(read_crfsuite(model))
    tagger.FEW = few
    assert tagger.tag_sentences(sentences) == _crfsuite(model, sentences)


def test_weights_read_from_the_file_are_crfsuites() -> None:
    weights = read_crfsuite(DEFAULT_POS_MODEL)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(DEFAULT_POS_MODEL))
    assert weights.labels == tuple(tagger.labels())
    assert weights.state[-1].tolist() == [0.0] * len(weights.labels)  # attributes the model lacks
    assert "w=the" in weights.attributes and weights.state[weights.attributes["w=the"]].any()


class _Reference:
    """crfsuite behind the tagger's interface."""

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return _crfsuite(DEFAULT_POS_MODEL, sentences)


def test_same_views_as_crfsuite_on_polnear_dev(polnear_dir: Path) -> None:
    tagger = PosTagger.load()
    texts = sorted((polnear_dir / "dev" / "text").glob("*.txt"))[:30]
    assert texts
    for path in texts:
        text = path.read_text(encoding="utf-8")
        spans = line_spans(text)
        ours = paragraph_views(text, spans, tagger)
        ref = paragraph_views(text, spans, _Reference())
        assert [(v.pos, v.sentence_of) for v in ours] == [(v.pos, v.sentence_of) for v in ref], path.name
