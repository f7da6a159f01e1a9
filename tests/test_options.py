from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

import pytest

from saidwhat.cli import main
from saidwhat.core.errors import UsageError
from saidwhat.core.options import Options, add_arguments, from_namespace


def test_every_setting_becomes_a_flag_with_help() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    text = parser.format_help()
    for f in fields(Options):
        assert "--" + f.name.replace("_", "-") in text
        assert f.metadata["help"]


def test_flags_parse_into_typed_options() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    opts = from_namespace(
        parser.parse_args(["--max-bytes", "10", "--max-seconds", "1.5", "--attribution", "rules"])
    )
    assert opts == Options(max_bytes=10, max_seconds=1.5, attribution="rules")


def test_choices_are_enforced() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["--input-format", "pdf"])


def test_options_are_immutable_values() -> None:
    opts = Options()
    with pytest.raises(AttributeError):
        opts.max_bytes = 1  # type: ignore[misc]
    assert opts.with_(max_bytes=1).max_bytes == 1 and opts.max_bytes != 1


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"max_bytes": 10**20}, "--max-bytes must be a whole number from 1 to"),
        ({"max_bytes": -5}, "--max-bytes must be a whole number"),
        ({"max_bytes": 0}, "--max-bytes must be a whole number"),
        ({"max_seconds": float("nan")}, "--max-seconds must be a number from 0 to"),
        ({"max_seconds": float("inf")}, "--max-seconds must be a number"),
        ({"max_seconds": 1e309}, "--max-seconds must be a number"),
        ({"max_seconds": -1.0}, "--max-seconds must be a number"),
    ],
)
def test_numbers_out_of_bounds_are_usage_errors(changes: dict[str, float], says: str) -> None:
    with pytest.raises(UsageError, match=says):
        Options(**changes)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=says):
        Options().with_(**changes)


@pytest.mark.parametrize(
    "argv",
    [
        ["--max-bytes", "9" * 20],
        ["--max-bytes", "-5"],
        ["--max-seconds", "nan"],
        ["--max-seconds", "1e309"],
    ],
)
def test_out_of_bounds_flags_are_one_line_errors(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Title\n\nThe mayor said the bridge would open.\n")
    assert main(["extract", *argv, str(page)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"saidwhat: {argv[0]} must be") and err.count("\n") == 1
