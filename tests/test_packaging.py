"""Packaging metadata that pip reads without warnings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_license_is_an_spdx_string_with_a_setuptools_that_reads_it() -> None:
    # A TOML table (`license = { text = "MIT" }`) makes setuptools warn on every install.
    data = tomllib.loads(PYPROJECT.read_text("utf-8"))
    assert isinstance(data["project"]["license"], str)
    for path in data["project"].get("license-files", []):
        assert list(PYPROJECT.parent.glob(path)), path
    setuptools = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    match = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools[0])
    assert match and int(match.group(1)) >= 77  # the first release that reads an SPDX expression


def test_package_data_patterns_ship_every_language_file() -> None:
    # A language is data files only (src/saidwhat/lang/<code>/*.json): a pattern that misses
    # them would ship a wheel whose registry finds no language at all.
    data = tomllib.loads(PYPROJECT.read_text("utf-8"))
    root = PYPROJECT.parent / "src" / "saidwhat"
    shipped = {
        p for pattern in data["tool"]["setuptools"]["package-data"]["saidwhat"] for p in root.glob(pattern)
    }
    files = [p for p in (root / "lang").rglob("*") if p.is_file() and p.suffix in (".json", ".md")]
    assert files and all(p in shipped for p in files), [str(p) for p in files if p not in shipped]
