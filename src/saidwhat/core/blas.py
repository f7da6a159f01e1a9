"""One BLAS thread for saidwhat's small networks.

The attribution tagger's and the text-dump line network's matrices are a few
hundred rows by 64 to 256 columns: more BLAS threads only spin, and on a
machine whose other cores are busy (a batch of workers, a Spark executor) the
spinning multiplies the network's time several times over (measured: see
BENCHMARKS.md, "Speed of the text-dump path").
"""

from __future__ import annotations

from typing import Any

import numpy as np  # noqa: F401 - loaded first, so that the controller sees numpy's BLAS
from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]

_BLAS = ThreadpoolController()


def one_blas_thread() -> Any:
    """A context in which BLAS runs on one thread (threadpoolctl; the setting before is restored)."""
    return _BLAS.limit(limits=1, user_api="blas")
