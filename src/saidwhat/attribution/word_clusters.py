"""Word clusters for the attribution CRF: distributional classes of the training vocabulary.

Words the annotated data saw rarely ("stated", "contended", "insisted") share
a cluster with frequent ones, so the CRF can generalise from one to the
other. The clusters are made at training time only, from the static token
embeddings that the ``wordllama`` wheel ships inside itself (Llama-2 token
embeddings distilled to 256 dimensions, file ``weights/l2_supercat_256.safetensors``
with its tokenizer ``tokenizers/l2_supercat_tokenizer_config.json``; read
straight from site-packages, nothing fetched from a hub): a word's vector is
the mean of its tokens' embeddings, unit-normalised; spherical k-means with a
fixed seed groups the vectors at several granularities. The model directory
ships the result as a small JSON of word -> cluster ids, so run time needs
neither wordllama nor numpy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import DataError, ModelError

__all__ = [
    "CLUSTERS_FILE",
    "EMBEDDING_SOURCE",
    "WordClusters",
    "build_clusters",
    "load_clusters",
    "training_vocabulary",
    "write_clusters",
]

CLUSTERS_FILE = "word_clusters.json"
EMBEDDING_SOURCE = (
    "wordllama wheel: weights/l2_supercat_256.safetensors (token embeddings, mean over a word's tokens)"
)
MAX_WORD_LENGTH = 30

WordClusters = dict[str, tuple[str, ...]]  # lowercase word -> one cluster id per granularity


def _embeddings(words: Sequence[str]) -> Any:
    """Unit vectors of ``words`` from wordllama's shipped token embeddings (training-time only)."""
    try:
        import numpy as np
        import wordllama
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ModelError(
            "word clusters need the 'train' extra (pip install saidwhat[train])", "wordllama"
        ) from err
    root = Path(wordllama.__file__).parent
    table = load_file(str(root / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"].astype(
        np.float32
    )
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    encoded = tokenizer.encode_batch(list(words), add_special_tokens=False)
    vectors = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for i, enc in enumerate(encoded):
        ids = [t for t in enc.ids if t > 2] or [0]
        vectors[i] = table[ids].mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-8)


def _kmeans(vectors: Any, k: int, seed: int, iterations: int = 25) -> list[int]:
    """Spherical k-means (cosine) with a fixed seed: the cluster index of each row."""
    import numpy as np

    rng = np.random.default_rng(seed)
    k = min(k, len(vectors))
    centres = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    assign = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        assign = np.argmax(vectors @ centres.T, axis=1)
        for c in range(k):
            members = vectors[assign == c]
            if len(members):
                mean = members.sum(axis=0)
                centres[c] = mean / max(float(np.linalg.norm(mean)), 1e-8)
    return [int(a) for a in assign]


def training_vocabulary(words: Iterable[str], min_count: int) -> list[str]:
    """Lowercase words with a letter, seen at least ``min_count`` times, sorted."""
    counts: dict[str, int] = {}
    for w in words:
        low = w.lower()
        if len(low) <= MAX_WORD_LENGTH and any(ch.isalpha() for ch in low):
            counts[low] = counts.get(low, 0) + 1
    return sorted(w for w, n in counts.items() if n >= min_count)


def build_clusters(vocabulary: Sequence[str], sizes: Sequence[int], seed: int) -> WordClusters:
    """Cluster ids of every word at each granularity in ``sizes``."""
    vectors = _embeddings(vocabulary)
    columns = [_kmeans(vectors, k, seed + n) for n, k in enumerate(sizes)]
    return {w: tuple(str(col[i]) for col in columns) for i, w in enumerate(vocabulary)}


def write_clusters(path: Path, clusters: WordClusters, sizes: Sequence[int]) -> None:
    record = {"sizes": list(sizes), "words": {w: " ".join(ids) for w, ids in clusters.items()}}
    path.write_text(json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def load_clusters(path: Path) -> WordClusters:
    """The shipped word -> cluster ids (validated)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot read word clusters: {err}", str(path)) from err
    words = record.get("words") if isinstance(record, dict) else None
    sizes = record.get("sizes") if isinstance(record, dict) else None
    if not isinstance(words, dict) or not isinstance(sizes, list) or not sizes:
        raise DataError("word clusters must be a JSON object with 'sizes' and 'words'", str(path))
    out: WordClusters = {}
    for w, ids in words.items():
        parts = tuple(ids.split(" ")) if isinstance(ids, str) else ()
        if len(parts) != len(sizes):
            raise DataError(f"word {w!r} needs {len(sizes)} cluster ids", str(path))
        out[str(w)] = parts
    return out
