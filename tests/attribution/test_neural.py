"""The attribution network at run time (numpy) and its training (PyTorch, skipped when absent)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from saidwhat.attribution.crf_data import LABELS
from saidwhat.attribution.neural import Network, hash_features
from saidwhat.core.errors import ModelError

K = len(LABELS)


def _random_network(
    seed: int = 0, buckets: int = 64, dim: int = 4, hidden: int = 3, layers: int = 1, scale: float = 0.8
) -> Network:
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0.0, scale, shape).astype(np.float32)

    weights = {
        "emb": r(buckets, dim),
        "lin": r(buckets, K),
        "out_w": r(K, 2 * hidden),
        "out_b": r(K),
        "trans": r(K, K),
        "start": r(K),
        "end": r(K),
    }
    for n in range(layers):
        width = dim if n == 0 else 2 * hidden
        for side in (f"l{n}_fwd", f"l{n}_bwd"):
            weights |= {
                f"{side}_wih": r(4 * hidden, width),
                f"{side}_whh": r(4 * hidden, hidden),
                f"{side}_b": r(4 * hidden),
            }
    return Network(weights, LABELS)


def _emissions_of(net: Network, paragraphs: list[list[list[str]]]) -> tuple[np.ndarray, list[int]]:
    return net._emissions([net.ids(p) for p in paragraphs])


def _paragraph(n: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    return [[f"w={rng.integers(50)}", f"t={rng.integers(5)}", "b"] for _ in range(n)]


def _score(net: Network, e: np.ndarray, path: tuple[int, ...]) -> float:
    w = net.w
    s = w["start"][path[0]] + w["end"][path[-1]] + sum(e[i, k] for i, k in enumerate(path))
    return float(s + sum(w["trans"][a, b] for a, b in itertools.pairwise(path)))


def test_viterbi_and_marginals_match_brute_force() -> None:
    net = _random_network()
    paragraphs = [_paragraph(n, seed) for seed, n in enumerate((3, 1, 4, 2))]
    em, lengths = _emissions_of(net, paragraphs)
    best, marg = net._viterbi(em, lengths), net._marginals(em, lengths)
    for k, n in enumerate(lengths):
        e = em[k, :n]
        paths = list(itertools.product(range(K), repeat=n))
        scores = np.array([_score(net, e, p) for p in paths])
        assert tuple(best[k, :n]) == paths[int(scores.argmax())]
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        for i in range(n):
            expected = [probs[[j for j, p in enumerate(paths) if p[i] == lab]].sum() for lab in range(K)]
            np.testing.assert_allclose(marg[k, i], expected, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("layers", [1, 2])
def test_a_paragraph_is_labelled_the_same_alone_or_in_a_batch(layers: int) -> None:
    net = _random_network(1, layers=layers)
    paragraphs = [_paragraph(n, 10 + n) for n in (7, 2, 12, 1)]
    together = net.label([*paragraphs[:2], [], *paragraphs[2:]])
    alone = [net.label([p])[0] for p in paragraphs]
    assert together[2] == ([], [])
    for (lab_a, prob_a), (lab_b, prob_b) in zip([*together[:2], *together[3:]], alone):
        assert lab_a == lab_b
        np.testing.assert_allclose(prob_a, prob_b, rtol=1e-5)
    assert all(0.0 < p <= 1.0 + 1e-9 for _, probs in together for p in probs)


def test_save_and_load_give_the_same_labels(tmp_path: Path) -> None:
    net = _random_network(2)
    net.save(tmp_path / "net.npz")
    again = Network.load(tmp_path / "net.npz")
    paragraphs = [_paragraph(9, 3), _paragraph(4, 4)]
    assert [lab for lab, _ in again.label(paragraphs)] == [lab for lab, _ in net.label(paragraphs)]
    assert again.labels == LABELS


def test_a_broken_or_incomplete_file_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ModelError, match="cannot load"):
        Network.load(bad)
    weights = dict(_random_network().w)
    del weights["trans"]
    with pytest.raises(ModelError, match="trans"):
        Network(weights, LABELS)
    weights = dict(_random_network(layers=2).w)
    del weights["l1_bwd_whh"]
    with pytest.raises(ModelError, match="l1_bwd_whh"):
        Network(weights, LABELS)


def test_feature_hashing_does_not_depend_on_the_process() -> None:
    tokens = [["w=said", "t=VBD"], ["w=the", "b"]]
    ids, offsets = hash_features(tokens, 1 << 16)
    assert offsets.tolist() == [0, 2]
    code = (
        "from saidwhat.attribution.neural import hash_features;"
        "print(hash_features([['w=said', 't=VBD'], ['w=the', 'b']], 1 << 16)[0].tolist())"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        )
        assert out.stdout.strip() == str(ids.tolist())


def _toy_data(n: int, seed: int) -> list[tuple[list[list[str]], list[str]]]:
    """Paragraphs 'NAME said that x x x .': a toy task the network must learn."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        words = [
            f"name{rng.integers(5)}",
            "said",
            "that",
            *[f"x{rng.integers(30)}" for _ in range(rng.integers(2, 6))],
        ]
        words.append(".")
        labels = ["B-source", "B-cue", "B-content"] + ["I-content"] * (len(words) - 4) + ["O"]
        out.append(([[f"w={w}"] for w in words], labels))
    return out


@pytest.mark.parametrize("layers", [1, 2])
def test_training_learns_a_toy_task_and_matches_numpy(layers: int) -> None:
    torch = pytest.importorskip("torch")
    from saidwhat_dev.train.network import NetSettings, _build, _weights, encode, train_network

    settings = NetSettings(
        buckets_log2=10, dim=8, hidden=8, layers=layers, epochs=6, batch=8, learning_rate=0.05, threads=1
    )
    data = [encode(x, y, 1 << 10) for x, y in _toy_data(80, 0)]
    net = train_network(data, settings, seed=0, log=lambda _: None)
    held_out = _toy_data(10, 1)
    predicted = net.label([x for x, _ in held_out])
    assert sum(lab == y for (lab, _), (_, y) in zip(predicted, held_out)) >= 8

    model = _build(settings)
    model.eval()
    with torch.no_grad():
        em_torch, _ = model.emissions(data[:3])
    em_numpy, lengths = _emissions_of(Network(_weights(model), LABELS), [x for x, _ in _toy_data(3, 0)])
    for k, n in enumerate(lengths):
        np.testing.assert_allclose(em_numpy[k, :n], em_torch[k, :n].numpy(), rtol=1e-4, atol=1e-5)


def test_batches_bound_the_padded_size_and_do_not_change_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    from saidwhat.attribution import neural

    net = _random_network(3)
    paragraphs = [_paragraph(n, 20 + n) for n in (5, 1, 9, 3, 6, 2, 7)]
    whole = net.label(paragraphs)
    shapes: list[tuple[int, int]] = []
    emissions = net._emissions

    def recording(batch: list[np.ndarray]) -> tuple[np.ndarray, list[int]]:
        shapes.append((len(batch), max(len(p) for p in batch)))
        return emissions(batch)

    monkeypatch.setattr(neural, "BATCH_TOKENS", 10)
    monkeypatch.setattr(net, "_emissions", recording)
    cut = net.label(paragraphs)
    assert len(shapes) > 1 and all(n * longest <= 10 or n == 1 for n, longest in shapes)
    assert sum(n for n, _ in shapes) == len(paragraphs)
    for (lab_a, prob_a), (lab_b, prob_b) in zip(whole, cut):
        assert lab_a == lab_b
        np.testing.assert_allclose(prob_a, prob_b, rtol=1e-5)


def test_attribute_rows_gathered_in_pieces_sum_as_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from saidwhat.attribution import neural

    net = _random_network(seed=3)
    tokens = [t for k in range(7) for t in _paragraph(11, k)]
    tokens[5] = tokens[5][:1]  # a token of fewer attributes: its row is padded with the all-zero row
    ids = net.ids(tokens)
    flat, offsets = hash_features(tokens, net.buckets)
    assert [[i for i in row if i != net.absent] for row in ids.tolist()] == [a.tolist() for a in np.split(flat, offsets[1:])]
    assert not net._table[net.absent].any()
    at_once = np.add.reduceat(net._table[flat], offsets, axis=0)
    monkeypatch.setattr(neural, "GATHER_TOKENS", 4)  # 77 tokens: pieces of 4 and a last one of 1
    np.testing.assert_allclose(net._lookup(ids), at_once, rtol=1e-5, atol=1e-5)


def test_marginals_of_a_short_paragraph_batched_with_a_long_one_raise_no_warning() -> None:
    # The short paragraph is padded to the long one's length; its forward scores ran on over the
    # padding and overflowed exp (RuntimeWarning, an error under -W error).
    net = _random_network(5)
    paragraphs = [_paragraph(3, 1), _paragraph(4000, 2)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        labelled = net.label(paragraphs)
        alone = net.label(paragraphs[:1])
    for labels, probs in labelled:
        assert all(0.0 <= p <= 1.0 + 1e-9 for p in probs)
    assert labelled[0][0] == alone[0][0]
    np.testing.assert_allclose(labelled[0][1], alone[0][1], rtol=1e-5)


def test_the_shipped_network_raises_no_warning_on_a_long_run_of_pronouns() -> None:
    from saidwhat import extract_text

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        article = extract_text(" he " * 5000 + "\n")
    assert article.text.strip()


def _padded_reference(net: Network, paragraphs: list[list[list[str]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Emissions, best paths and marginals as the network computed them before it skipped padding:
    every row at every step, the padded rows masked out afterwards."""
    from saidwhat.attribution.neural import _logsumexp, _sigmoid
    from saidwhat.core.blas import one_blas_thread

    w, dim, lengths = net.w, net.dim, [len(p) for p in paragraphs]
    n, longest = len(paragraphs), max(lengths)
    ends = np.asarray(lengths)
    with one_blas_thread():
        summed = net._lookup(net.ids([t for p in paragraphs for t in p]))
        x, lin = np.tanh(summed[:, :dim]), summed[:, dim:]
        starts = np.cumsum([0, *lengths[:-1]])
        em = np.zeros((n, longest, K), dtype=np.float32)
        fwd_in = np.zeros((n, longest, dim), dtype=np.float32)
        for k, (begin, size) in enumerate(zip(starts, lengths)):
            fwd_in[k, :size], em[k, :size] = x[begin : begin + size], lin[begin : begin + size]
        for layer in range(net.layers):
            bwd_in = np.zeros_like(fwd_in)
            for k, size in enumerate(lengths):
                bwd_in[k, :size] = fwd_in[k, :size][::-1]
            outs = []
            for side, pad in (("fwd", fwd_in), ("bwd", bwd_in)):
                wih, whh, b = net._lstm_weights[f"l{layer}_{side}"]
                hidden = whh.shape[0]
                pre, h = pad @ wih + b, np.zeros((n, hidden), dtype=np.float32)
                c, hs = np.zeros_like(h), np.empty((n, longest, hidden), dtype=np.float32)
                for t in range(longest):
                    g = pre[:, t] + h @ whh
                    sig = _sigmoid(g)
                    c = sig[:, hidden : 2 * hidden] * c + sig[:, :hidden] * np.tanh(g[:, 2 * hidden : 3 * hidden])
                    h = sig[:, 3 * hidden :] * np.tanh(c)
                    hs[:, t] = h
                outs.append(hs)
            for k, size in enumerate(lengths):
                outs[1][k, :size] = outs[1][k, :size][::-1].copy()
            fwd_in = np.concatenate(outs, axis=2)
        em = em + fwd_in @ w["out_w"].T + w["out_b"]
        trans, back = w["trans"], np.zeros((n, longest, K), dtype=np.int64)
        score, keep = w["start"] + em[:, 0], np.broadcast_to(np.arange(K), (n, K))
        for t in range(1, longest):
            cand, live = score[:, :, None] + trans[None], (t < ends)[:, None]
            back[:, t] = np.where(live, cand.argmax(axis=1), keep)
            score = np.where(live, cand.max(axis=1) + em[:, t], score)
        best = np.zeros((n, longest), dtype=np.int64)
        best[:, -1] = (score + w["end"]).argmax(axis=1)
        for t in range(longest - 1, 0, -1):
            best[:, t - 1] = back[np.arange(n), t, best[:, t]]
        t64 = trans.astype(np.float64)
        alpha, beta = np.zeros((n, longest, K)), np.zeros((n, longest, K))
        alpha[:, 0] = w["start"] + em[:, 0]
        with np.errstate(over="ignore", invalid="ignore"):
            for t in range(1, longest):
                alpha[:, t] = _logsumexp(alpha[:, t - 1, :, None] + t64[None], axis=1) + em[:, t]
            beta[np.arange(n), ends - 1] = w["end"]
            for t in range(longest - 2, -1, -1):
                step = _logsumexp(t64[None] + (em[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
                beta[:, t] = np.where((t < ends - 1)[:, None], step, beta[:, t])
            z = _logsumexp(alpha[np.arange(n), ends - 1] + w["end"], axis=1)
            marg = np.exp(np.minimum(alpha + beta - z[:, None, None], 0.0))
    return em, best, marg


@pytest.mark.parametrize("layers", [1, 2])
def test_the_network_computes_what_the_padded_form_computed(layers: int) -> None:
    # The network steps only the paragraphs still running, packs tokens outside its time loop, and
    # computes the LSTM's gates with halved weights under one tanh; forward-backward runs in scaled
    # probability space. Against the padded form of PyTorch's equations (a model of the shipped
    # model's sizes and the spread of its weights, about 0.12): the same labels, scores and marginals
    # to 1e-5 (a product's rows round otherwise with the number of rows). (Weights four times as large
    # make a chaotic recurrence that carries a last-bit difference to the third decimal.)
    net = _random_network(seed=11, buckets=1024, dim=48, hidden=128, layers=layers, scale=0.15)
    for lengths in ([1], [5], [1, 1], [1, 2], [3, 3, 9], [1, 4, 4, 7, 30, 2, 12]):
        paragraphs = [_paragraph(n, 100 + k) for k, n in enumerate(lengths)]
        em, best, marg = _padded_reference(net, paragraphs)
        labelled = net.label(paragraphs)
        for k, n in enumerate(lengths):
            assert labelled[k][0] == [net.labels[j] for j in best[k, :n]]
            np.testing.assert_allclose(labelled[k][1], marg[k, np.arange(n), best[k, :n]], atol=1e-5)
        new_em, _ = _emissions_of(net, paragraphs)
        live = np.arange(em.shape[1])[None, :] < np.asarray(lengths)[:, None]
        np.testing.assert_allclose(new_em[live], em[live], atol=1e-5)
