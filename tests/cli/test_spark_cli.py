"""``saidwhat spark``: bad arguments are one-line errors before any Spark starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.cli import main


def test_a_unit_size_out_of_range_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spark", str(tmp_path), "-o", str(tmp_path / "out"), "--split-mb", "nan"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "saidwhat: --split-mb must be a number from 0.0625 to 1048576, not nan"
    )
    assert not (tmp_path / "out").exists()


def test_a_missing_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    pytest.importorskip("datasketch", reason="the spark extra is not installed")
    assert main(["spark", str(tmp_path / "gone.warc.gz"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"saidwhat: {tmp_path / 'gone.warc.gz'}: no such file or directory"]
