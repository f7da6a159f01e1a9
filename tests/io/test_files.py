"""Command-line paths to documents: files, directories, standard input, web archives."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from saidwhat.core.sources import Failure, Source
from saidwhat.io.readers import iter_sources
from saidwhat.io.readers.warc import WarcStats


def _record(n: int, size: int) -> bytes:
    body = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
        + b"x" * size
        + b"</p></body></html>"
    )
    head = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{n}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body + b"\r\n\r\n"


def test_a_web_archive_on_stdin_is_read_whole_whatever_the_size_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stdin was read up to the size limit: a longer archive would have been reported truncated.
    archive = b"".join(_record(n, 40_000) for n in range(5))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(archive)))
    stats = WarcStats()
    items = list(iter_sources(["-"], 50_000, stats))
    assert [i.record for i in items if isinstance(i, Source)] == [
        f"https://news.example/{n}" for n in range(5)
    ]
    assert not [i for i in items if isinstance(i, Failure)] and stats.pages == 5


def test_a_truncated_archive_on_stdin_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    archive = b"".join(_record(n, 1000) for n in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(archive[:-500])))
    items = list(iter_sources(["-"], 50_000))
    assert isinstance(items[-1], Failure) and items[-1].path == "-"
    assert items[-1].reason.startswith("truncated web archive: record https://news.example/2 breaks off")
