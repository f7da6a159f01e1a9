"""Shared fixtures. Data under ../shared/data is optional: tests that need it skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def polnear_dir() -> Path:
    return _need(SHARED_DATA / "polnear")


@pytest.fixture(scope="session")
def extraction_benchmark_dir() -> Path:
    return _need(SHARED_DATA / "extraction-benchmark")
