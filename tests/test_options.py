from __future__ import annotations

import argparse
from dataclasses import fields

import pytest

from saidwhat.options import Options, add_arguments, from_namespace


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
    opts = from_namespace(parser.parse_args(["--max-bytes", "10", "--max-seconds", "1.5", "--attribution", "rules"]))
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
