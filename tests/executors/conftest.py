"""A Spark session for the executor tests: one per test session, local[2]; skipped without pyspark or Java."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    try:
        import datasketch  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as err:
        return f"the spark extra is not installed ({err})"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (java is not on PATH and JAVA_HOME is unset)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    reason = spark_missing()
    if reason:
        pytest.skip(reason)
    from saidwhat.executors.spark import session

    active = session("local[2]", app="saidwhat-tests")
    yield active
    active.stop()
