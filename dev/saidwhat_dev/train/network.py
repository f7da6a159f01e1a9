"""Training the attribution network (:mod:`saidwhat.attribution.neural`) with PyTorch on the CPU.

Needs the ``train`` extra (``pip install -e '.[train]'``: PyTorch 2.13 CPU);
running the trained model needs numpy only. The data are those of the CRF
(:mod:`.attribution`): the same paragraphs, attributes and BIO labels, so the
two learners can be compared on equal terms.

Reproducible: seeds are fixed (``random``, numpy, torch), PyTorch runs on
``threads`` threads, batches are built from paragraphs sorted by length and
shuffled with the seeded generator (two runs of the shipped settings gave the
same loss at every epoch; see BENCHMARKS.md). Training
minimises the CRF's negative log-likelihood with Adam (sparse Adam for the two
hashed tables), halving the learning rate every epoch of the second half.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from saidwhat.attribution.crf_data import LABELS
from saidwhat.attribution.neural import Network, hash_features

__all__ = ["NetSettings", "Paragraph", "encode", "train_network"]


@dataclass(slots=True)
class NetSettings:
    buckets_log2: int = 17  # rows of the hashed attribute tables: 2 ** buckets_log2
    dim: int = 48
    hidden: int = 128
    layers: int = 1
    dropout: float = 0.4
    feature_dropout: float = 0.4  # share of attributes dropped per token while training
    learning_rate: float = 2e-3
    batch: int = 32
    epochs: int = 8
    clip: float = 5.0
    threads: int = 2


@dataclass(slots=True)
class Paragraph:
    """One training sequence: hashed attribute ids, token offsets into them, label ids."""

    ids: np.ndarray[Any, np.dtype[np.int64]]
    offsets: np.ndarray[Any, np.dtype[np.int64]]
    labels: np.ndarray[Any, np.dtype[np.int64]]


_LABEL_INDEX = {lab: k for k, lab in enumerate(LABELS)}


def encode(xseq: Sequence[Sequence[str]], yseq: Sequence[str], buckets: int) -> Paragraph:
    ids, offsets = hash_features(xseq, buckets)
    return Paragraph(ids, offsets, np.asarray([_LABEL_INDEX[y] for y in yseq], dtype=np.int64))


def _build(settings: NetSettings) -> Any:
    import torch
    from torch import nn

    buckets, n_labels = 1 << settings.buckets_log2, len(LABELS)

    class BiLstmCrf(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.EmbeddingBag(buckets, settings.dim, mode="sum", sparse=True)
            nn.init.normal_(self.emb.weight, 0.0, 0.05)
            self.lin = nn.EmbeddingBag(buckets, n_labels, mode="sum", sparse=True)
            nn.init.zeros_(self.lin.weight)
            self.drop = nn.Dropout(settings.dropout)
            self.lstm = nn.LSTM(
                settings.dim,
                settings.hidden,
                num_layers=settings.layers,
                dropout=settings.dropout if settings.layers > 1 else 0.0,
                batch_first=True,
                bidirectional=True,
            )
            self.out = nn.Linear(2 * settings.hidden, n_labels)
            self.trans = nn.Parameter(torch.zeros(n_labels, n_labels))
            self.start = nn.Parameter(torch.zeros(n_labels))
            self.end = nn.Parameter(torch.zeros(n_labels))

        def emissions(self, batch: Sequence[Paragraph]) -> tuple[Any, Any]:
            lengths = [len(p.labels) for p in batch]
            ids = torch.from_numpy(np.concatenate([p.ids for p in batch]))
            bases = np.cumsum([0] + [len(p.ids) for p in batch[:-1]])
            offsets = torch.from_numpy(np.concatenate([p.offsets + b for p, b in zip(batch, bases)]))
            weights = None
            if self.training and settings.feature_dropout > 0:
                keep = torch.rand(len(ids)) >= settings.feature_dropout
                weights = keep.float() / (1.0 - settings.feature_dropout)
            x = torch.tanh(self.emb(ids, offsets, per_sample_weights=weights))
            pad = nn.utils.rnn.pad_sequence(list(torch.split(x, lengths)), batch_first=True)
            packed = nn.utils.rnn.pack_padded_sequence(
                self.drop(pad), lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=max(lengths))
            lin = nn.utils.rnn.pad_sequence(
                list(torch.split(self.lin(ids, offsets, per_sample_weights=weights), lengths)),
                batch_first=True,
            )
            mask = torch.arange(max(lengths))[None, :] < torch.tensor(lengths)[:, None]
            return self.out(self.drop(h)) + lin, mask

        def nll(self, batch: Sequence[Paragraph]) -> Any:
            em, mask = self.emissions(batch)
            y = nn.utils.rnn.pad_sequence([torch.from_numpy(p.labels) for p in batch], batch_first=True)
            rows = torch.arange(len(batch))
            gold = self.start[y[:, 0]] + em[rows, 0, y[:, 0]]
            alpha = self.start[None, :] + em[:, 0]
            for t in range(1, em.shape[1]):
                m = mask[:, t]
                gold = gold + (self.trans[y[:, t - 1], y[:, t]] + em[rows, t, y[:, t]]) * m
                step = torch.logsumexp(alpha[:, :, None] + self.trans[None] + em[:, t, None, :], dim=1)
                alpha = torch.where(m[:, None], step, alpha)
            gold = gold + self.end[y[rows, mask.sum(1) - 1]]
            return (torch.logsumexp(alpha + self.end[None], dim=1) - gold).sum()

    return BiLstmCrf()


def _weights(model: Any) -> dict[str, np.ndarray[Any, np.dtype[np.float32]]]:
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    out = {
        "emb": sd["emb.weight"],
        "lin": sd["lin.weight"],
        "out_w": sd["out.weight"],
        "out_b": sd["out.bias"],
    }
    layers = sum(1 for k in sd if k.startswith("lstm.weight_ih_l") and not k.endswith("_reverse"))
    for n in range(layers):
        for side, suffix in (("fwd", ""), ("bwd", "_reverse")):
            out[f"l{n}_{side}_wih"] = sd[f"lstm.weight_ih_l{n}{suffix}"]
            out[f"l{n}_{side}_whh"] = sd[f"lstm.weight_hh_l{n}{suffix}"]
            out[f"l{n}_{side}_b"] = sd[f"lstm.bias_ih_l{n}{suffix}"] + sd[f"lstm.bias_hh_l{n}{suffix}"]
    out.update(trans=sd["trans"], start=sd["start"], end=sd["end"])
    return out


def train_network(
    data: Sequence[Paragraph], settings: NetSettings, seed: int = 0, log: Callable[[str], None] = print
) -> Network:
    """Train on the encoded paragraphs; returns the network ready to save."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(settings.threads)
    model = _build(settings)
    sparse = [p for n, p in model.named_parameters() if n.startswith(("emb.", "lin."))]
    dense = [p for n, p in model.named_parameters() if not n.startswith(("emb.", "lin."))]
    optimizers = [torch.optim.SparseAdam(sparse), torch.optim.Adam(dense)]
    order = sorted(range(len(data)), key=lambda i: len(data[i].labels))
    batches = [order[i : i + settings.batch] for i in range(0, len(order), settings.batch)]
    rng = random.Random(seed)
    started = time.monotonic()
    half = settings.epochs // 2
    for epoch in range(settings.epochs):
        rate = settings.learning_rate * (1.0 if epoch < half else 0.5 ** (epoch - half + 1))
        for opt in optimizers:
            for group in opt.param_groups:
                group["lr"] = rate
        rng.shuffle(batches)
        total = 0.0
        model.train()
        for indices in batches:
            batch = [data[i] for i in indices]
            loss = model.nll(batch)
            for opt in optimizers:
                opt.zero_grad()
            (loss / len(batch)).backward()
            torch.nn.utils.clip_grad_norm_(dense, settings.clip)
            for opt in optimizers:
                opt.step()
            total += float(loss.item())
        log(f"epoch {epoch + 1}/{settings.epochs}: loss {total:.0f}, {time.monotonic() - started:.0f} s")
    return Network(_weights(model), LABELS)
