"""Byte ranges of a gzip web archive: each record in exactly one range, whatever the cut points."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from saidwhat.core.sources import Failure, Source
from saidwhat.io.readers.warc import iter_warc
from saidwhat.io.readers.warc_ranges import RangeReader, record_boundary, starts_record


def _record(n: int, body: bytes, encoding: str = "") -> bytes:
    headers = "Content-Type: text/html\r\n" + (f"Content-Encoding: {encoding}\r\n" if encoding else "")
    block = f"HTTP/1.1 200 OK\r\n{headers}\r\n".encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{n}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _archive(tmp_path: Path, pages: int = 40) -> Path:
    members = []
    for n in range(pages):
        page = f"<html><body><h1>Page {n}</h1><p>{'Words of the page. ' * (20 + n * 7)}</p></body></html>".encode()
        # every third page is stored gzip-encoded: compressed bytes inside compressed bytes
        members.append(gzip.compress(_record(n, gzip.compress(page), "gzip") if n % 3 == 0 else _record(n, page)))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    return path


def _pages(path: Path, start: int, end: int) -> list[str]:
    reader = RangeReader(open(path, "rb"), start, end)  # noqa: SIM115 (the archive reader closes it)
    items = list(iter_warc(str(path), 1_000_000, data=reader))  # type: ignore[arg-type]
    assert not [i for i in items if isinstance(i, Failure)]
    return [i.record for i in items if isinstance(i, Source)]


@pytest.mark.parametrize("parts", [1, 2, 3, 5, 8, 13])
def test_every_record_is_in_exactly_one_range(tmp_path: Path, parts: int) -> None:
    path = _archive(tmp_path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        cuts = [record_boundary(fh, size * k // parts, size) for k in range(parts)] + [size]
    assert cuts[0] == 0 and cuts == sorted(cuts)
    found = [p for k in range(parts) for p in _pages(path, cuts[k], cuts[k + 1])]
    assert found == [f"https://news.example/{n}" for n in range(40)]


def test_a_boundary_is_a_member_that_begins_a_record(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        assert starts_record(fh, 0)
        for offset in range(1, size, 997):
            at = record_boundary(fh, offset, size)
            assert at == size or (at >= offset and starts_record(fh, at))


def test_a_plain_archive_is_no_gzip_archive_of_members(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_record(1, b"<html>x</html>"))
    with open(path, "rb") as fh:
        assert not starts_record(fh, 0)


def test_a_range_reads_and_seeks_inside_its_bounds() -> None:
    reader = RangeReader(io.BytesIO(b"0123456789"), 3, 7)  # type: ignore[arg-type]
    assert reader.tell() == 3 and reader.read() == b"3456" and reader.read() == b""
    assert reader.seek(0) == 3 and reader.seek(100) == 7 and reader.seek(-2, io.SEEK_END) == 5
    assert reader.read(10) == b"56"
