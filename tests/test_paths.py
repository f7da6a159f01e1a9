"""File names that are not valid UTF-8: shown escaped, kept exactly."""

from __future__ import annotations

import json
import os

from saidwhat.core.paths import from_bytes, name_bytes, shown
from saidwhat.io.writers.terminal import safe


def test_undecodable_bytes_are_shown_escaped_and_kept_exactly() -> None:
    name = os.fsdecode(b"/news/caf\xe9-\xff.html")
    assert shown(name) == "/news/caf\\xe9-\\xff.html"
    assert shown(name).encode("utf-8")  # writable as UTF-8
    assert name_bytes(name) == b"/news/caf\xe9-\xff.html"
    assert from_bytes(name_bytes(name), shown(name)) == name
    assert json.loads(json.dumps(shown(name), ensure_ascii=False)) == shown(name)
    assert safe(name) == shown(name)


def test_valid_names_are_unchanged() -> None:
    for name in ("/news/café.html", "a\\xff.txt", "-"):
        assert shown(name) == name and name_bytes(name) is None and from_bytes(None, name) == name
    assert shown("\ud800") == "\\ud800" and name_bytes("\ud800") is None  # made in code, not by the system
