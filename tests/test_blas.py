"""One BLAS thread inside saidwhat's small networks, the process's setting restored after."""

from __future__ import annotations

import json
import subprocess
import sys

from threadpoolctl import threadpool_info, threadpool_limits

from saidwhat.core.blas import one_blas_thread


def _numpy_blas() -> set[str]:
    """The BLAS libraries numpy loads (a process that imports nothing else: other packages of the
    test run, PyTorch for one, bring BLAS libraries of their own)."""
    code = "import json, numpy, threadpoolctl; print(json.dumps(threadpoolctl.threadpool_info()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {lib["filepath"] for lib in json.loads(out) if lib["user_api"] == "blas"}


def _threads(paths: set[str]) -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["filepath"] in paths]


def test_numpys_blas_runs_on_one_thread_inside_and_as_before_after():
    paths = _numpy_blas()
    with threadpool_limits(limits=2, user_api="blas"):  # a process that allows two
        before = _threads(paths)
        assert before and all(n == 2 for n in before)  # numpy's BLAS is loaded
        with one_blas_thread():
            assert _threads(paths) == [1] * len(before)
        assert _threads(paths) == before
