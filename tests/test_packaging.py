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
