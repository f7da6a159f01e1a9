"""One BLAS thread inside saidwhat's small networks, the process's setting restored after."""

from __future__ import annotations

from threadpoolctl import threadpool_info, threadpool_limits

from saidwhat.core.blas import one_blas_thread


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_blas_runs_on_one_thread_inside_and_as_before_after():
    with threadpool_limits(limits=2, user_api="blas"):  # a process that allows two
        before = _blas_threads()
        assert before and all(n == 2 for n in before)  # numpy's BLAS is loaded
        with one_blas_thread():
            assert _blas_threads() == [1] * len(before)
        assert _blas_threads() == before
