"""Web archives: HTML responses become pages, everything else is skipped and counted."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from saidwhat.core.model import Article
from saidwhat.core.sources import Failure, Source
from saidwhat.io.readers import iter_sources
from saidwhat.io.readers.warc import WarcStats, iter_warc
from saidwhat.pipeline import extract_many

ARTICLE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "<p>The port authority said on Monday that the new ferry terminal would open in the spring, "
    "a year later than planned, because of delays in the delivery of the steel frame.</p>"
    * 3
    + "</article></body></html>"
)


def _response(
    writer: WARCWriter, uri: str, body: bytes, status: str = "200 OK", ctype: str = "text/html"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def make_warc(path: Path, compress: bool) -> Path:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n"
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/a", "request", payload=io.BytesIO(request), length=len(request)
            )
        )
        _response(writer, "https://news.example/a", ARTICLE.format(title="Ferry terminal delayed").encode())
        _response(
            writer,
            "https://news.example/b",
            ARTICLE.format(title="Second page").encode(),
            ctype="application/xhtml+xml; charset=utf-8",
        )
        _response(writer, "https://news.example/gone", b"<html>not found</html>", status="404 Not Found")
        _response(writer, "https://news.example/moved", b"", status="301 Moved Permanently")
        _response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n....", ctype="image/png")
        _response(writer, "https://news.example/big", b"<html><body>" + b"x" * 300_000 + b"</body></html>")
        note = b"fetchTimeMs: 12\r\n"
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/a", "metadata", payload=io.BytesIO(note), length=len(note)
            )
        )
    return path


@pytest.fixture(params=[True, False], ids=["gzip", "plain"])
def warc_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    suffix = ".warc.gz" if request.param else ".warc"
    return make_warc(tmp_path / f"crawl{suffix}", request.param)


def test_html_responses_become_sources_and_the_rest_is_counted(warc_file: Path) -> None:
    stats = WarcStats()
    items = list(iter_warc(str(warc_file), max_bytes=100_000, stats=stats))
    assert all(isinstance(i, Source) for i in items)
    sources = [i for i in items if isinstance(i, Source)]
    assert [s.record for s in sources] == ["https://news.example/a", "https://news.example/b"]
    assert all(s.path == str(warc_file) and s.format == "html" for s in sources)
    assert sources[0].data.startswith(b"<html><head><title>Ferry terminal delayed")
    assert stats.pages == 2
    assert dict(stats.skipped) == {"request": 1, "metadata": 2, "non-200": 2, "non-HTML": 1, "too large": 1}
    assert stats.records == 9
    assert stats.summary() == (
        "2 pages from 9 records; skipped: 1 request, 2 metadata, 1 non-HTML, 2 non-200, 1 too large"
    )


def test_inputs_expand_an_archive_and_the_record_url_is_the_page_url(warc_file: Path) -> None:
    stats = WarcStats()
    results = list(extract_many(iter_sources([str(warc_file)], 100_000, stats)))
    articles = [r for r in results if isinstance(r, Article)]
    assert [a.metadata.url for a in articles] == ["https://news.example/a", "https://news.example/b"]
    assert articles[0].metadata.title == "Ferry terminal delayed"
    assert "new ferry terminal would open in the spring" in articles[0].text
    assert articles[0].input.record == "https://news.example/a"
    assert stats.pages == 2


def test_a_truncated_archive_yields_its_pages_then_says_it_is_truncated(tmp_path: Path) -> None:
    # It read "3 pages from 7 records" without a word, and the exit status was 0.
    whole = make_warc(tmp_path / "whole.warc", compress=False).read_bytes()
    compressed = make_warc(tmp_path / "whole.warc.gz", compress=True).read_bytes()
    for name, data in [
        ("cut.warc.gz", compressed[: len(compressed) // 2]),
        ("cut.warc", whole[: len(whole) // 3]),
    ]:
        cut = tmp_path / name
        cut.write_bytes(data)
        stats = WarcStats()
        items = list(iter_warc(str(cut), 100_000, stats))
        failures = [i for i in items if isinstance(i, Failure)]
        assert isinstance(items[-1], Failure) and failures == [items[-1]], name
        assert failures[0].path == str(cut) and failures[0].error == "ArchiveError"
        assert failures[0].reason.startswith("truncated web archive: "), failures[0].reason
        assert any(isinstance(i, Source) for i in items) and stats.failed == 1


def test_a_missing_archive_is_a_failure(tmp_path: Path) -> None:
    items = list(iter_warc(str(tmp_path / "nope.warc"), 100_000))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].reason == "no such file"


def test_a_gzipped_page_that_is_not_an_archive_is_decompressed(tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(ARTICLE.format(title="Zipped page").encode()))
    items = list(iter_sources([str(page)], 100_000))
    assert len(items) == 1 and isinstance(items[0], Source)
    assert items[0].data.startswith(b"<html><head><title>Zipped page")
    article = next(iter(extract_many(items)))
    assert isinstance(article, Article) and article.metadata.title == "Zipped page"


def test_a_gzip_bomb_is_refused_within_the_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 2_000_000))
    items = list(iter_sources([str(bomb)], 100_000))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert "over the limit" in items[0].reason


def test_a_directory_mixes_archives_and_pages(tmp_path: Path) -> None:
    make_warc(tmp_path / "a.warc.gz", compress=True)
    (tmp_path / "b.html").write_text(ARTICLE.format(title="Loose page"), encoding="utf-8")
    records = [i.record or i.path for i in iter_sources([str(tmp_path)], 100_000) if isinstance(i, Source)]
    assert records == ["https://news.example/a", "https://news.example/b", str(tmp_path / "b.html")]


RUSSIAN = "Министр заявил, что переговоры продолжатся в понедельник, а порт откроется весной."


def _cyrillic_warc(path: Path) -> Path:
    """A page whose meta tag says latin-1 over cp1251 bytes, served as windows-1251 by HTTP."""
    body = (
        '<html><head><meta charset="iso-8859-1"><title>t</title></head><body><article>'
        + f"<p>{RUSSIAN}</p>" * 3
        + "</article></body></html>"
    ).encode("cp1251")
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        _response(writer, "https://news.example/ru", body, ctype="text/html; charset=Windows-1251")
        _response(writer, "https://news.example/plain", body, ctype="text/html")
    return path


def test_the_http_charset_of_a_record_decodes_its_page(tmp_path: Path) -> None:
    path = _cyrillic_warc(tmp_path / "ru.warc.gz")
    sources = [i for i in iter_warc(str(path), 100_000) if isinstance(i, Source)]
    assert [s.encoding for s in sources] == ["Windows-1251", ""]
    results = list(extract_many(iter(sources)))
    articles = [r for r in results if isinstance(r, Article)]
    assert len(articles) == 2
    assert RUSSIAN in articles[0].text  # the header wins over the wrong meta tag
    assert RUSSIAN not in articles[1].text  # without it, the meta tag misleads (as before)


# --- damaged archives and records: what is damaged is lost, and said; the rest is read -----------


def _page(n: int) -> bytes:
    return ARTICLE.format(title=f"Page {n}").encode()


def _http(body: bytes, *headers: tuple[str, str], status: str = "200 OK") -> bytes:
    """An HTTP response as a crawler stores it: status line, headers, the body as it came."""
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/html", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _record(block: bytes, uri: str, kind: str = "response", length: int | None = None) -> bytes:
    """One WARC record, its Content-Length given or the block's."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032d}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _good(n: int) -> bytes:
    return _record(_http(_page(n)), f"https://news.example/{n}")


def _read(
    data: bytes, tmp_path: Path, name: str = "crawl.warc", max_bytes: int = 100_000
) -> list[Source | Failure]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(iter_warc(str(path), max_bytes))


def _summary(items: list[Source | Failure]) -> list[str]:
    return [i.record if isinstance(i, Source) else f"failure: {i.reason}" for i in items]


def _gzip_members(*records: bytes) -> bytes:
    return b"".join(gzip.compress(r) for r in records)


def _deflate(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "pack"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", lambda d: _deflate(d, zlib.MAX_WBITS)),
        ("deflate", lambda d: _deflate(d, -zlib.MAX_WBITS)),  # raw deflate, as some servers send it
        ("br", lambda d: __import__("brotli").compress(d)),
        ("gzip, br", lambda d: __import__("brotli").compress(gzip.compress(d))),
    ],
    ids=["gzip", "x-gzip", "deflate", "raw-deflate", "br", "gzip-then-br"],
)
def test_a_compressed_body_is_the_page_it_holds(
    coding: str, pack: Callable[[bytes], bytes], tmp_path: Path
) -> None:
    block = _http(pack(_page(1)), ("Content-Encoding", coding))
    (source,) = _read(_record(block, "https://news.example/1"), tmp_path)
    assert isinstance(source, Source) and source.data == _page(1)


def test_a_chunked_compressed_body_is_the_page_it_holds(tmp_path: Path) -> None:
    packed = gzip.compress(_page(1))
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(packed[i : i + 100]), packed[i : i + 100]) for i in range(0, len(packed), 100)
    )
    block = _http(chunks + b"0\r\n\r\n", ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip"))
    (source,) = _read(_record(block, "https://news.example/1"), tmp_path)
    assert isinstance(source, Source) and source.data == _page(1)


def _zeros_gzipped(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(size >> 20)) + packer.flush()


def test_a_body_that_inflates_past_the_size_limit_is_a_failure_within_bounded_memory(tmp_path: Path) -> None:
    # A 1 MB WARC took 2.15 GB: the body was inflated whole before the size limit was looked at.
    bomb = _record(
        _http(_zeros_gzipped(512 << 20), ("Content-Encoding", "gzip")), "https://news.example/bomb"
    )
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    try:
        items = _read(_good(1) + bomb + _good(2), tmp_path, max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _summary(items) == [
        "https://news.example/1",
        "failure: record https://news.example/bomb: the body inflates to more than the limit of 1,000,000 bytes",
        "https://news.example/2",
    ]
    assert isinstance(items[1], Failure) and items[1].error == "InputTooLarge"
    assert peak < 20_000_000


def test_bad_records_cost_those_records_only(tmp_path: Path) -> None:
    # Each of these made the whole file an "unreadable web archive" and lost every later record.
    broken_chunks = _http(
        b"10\r\n<html><body>abc\r\nzz\r\nmore\r\n0\r\n\r\n", ("Transfer-Encoding", "chunked")
    )
    corrupt_gzip = gzip.compress(_page(9))
    corrupt_gzip = corrupt_gzip[:30] + bytes(40) + corrupt_gzip[70:]
    records = [
        _good(1),
        _record(
            _http(b"<html>stored decoded</html>", ("Content-Encoding", "gzip")),
            "https://news.example/lying-gzip",
        ),
        _record(
            _http(b"<html>stored decoded</html>", ("Content-Encoding", "br")), "https://news.example/lying-br"
        ),
        _record(
            _http(b"<html>stored decoded</html>", ("Transfer-Encoding", "chunked")),
            "https://news.example/unchunked",
        ),
        _record(broken_chunks, "https://news.example/chunks"),
        _record(_http(corrupt_gzip, ("Content-Encoding", "gzip")), "https://news.example/corrupt"),
        _record(_http(_page(9), ("X-Padding", "a" * 100_000)), "https://news.example/header"),
        _record(_http(_page(9), ("Content-Encoding", "compress")), "https://news.example/compress"),
        _good(2),
    ]
    for name, data in [("crawl.warc", b"".join(records)), ("crawl.warc.gz", _gzip_members(*records))]:
        items = _read(data, tmp_path, name, max_bytes=1_000_000)
        assert _summary(items) == [
            "https://news.example/1",
            "https://news.example/lying-gzip",  # stored decoded under its headers: taken as it is
            "https://news.example/lying-br",
            "https://news.example/unchunked",
            "failure: record https://news.example/chunks: bad chunked transfer encoding",
            "failure: record https://news.example/corrupt: corrupt gzip body",
            "failure: record https://news.example/header: HTTP header over 64 KiB",
            "failure: record https://news.example/compress: Content-Encoding 'compress' is not supported",
            "https://news.example/2",
        ], name
        assert [i.data for i in items[1:4] if isinstance(i, Source)] == [b"<html>stored decoded</html>"] * 3


def test_broken_framing_is_skipped_to_the_next_record(tmp_path: Path) -> None:
    long_one = _record(_http(_page(3)), "https://news.example/3", length=len(_http(_page(3))) + 2000)
    short_one = _record(_http(_page(5)), "https://news.example/5", length=300)
    garbage = b"garbage between two records\r\n" * 10
    data = b"".join([_good(1), garbage, _good(2), long_one, _good(4), short_one, _good(6)])
    items = _read(data, tmp_path)
    lost = [len(r) - r.index(b"HTTP/1.1") for r in (long_one, short_one)]  # from its block to the next record
    assert _summary(items) == [
        "https://news.example/1",
        f"failure: corrupt web archive: no record header where record 2 should begin; {_skipped(len(garbage))}",
        "https://news.example/2",
        f"failure: corrupt web archive: {_misfit(3)}; {_skipped(lost[0])}",
        "https://news.example/4",
        f"failure: corrupt web archive: {_misfit(5)}; {_skipped(lost[1])}",
        "https://news.example/6",
    ]


def _skipped(size: int) -> str:
    return f"skipped {size:,} bytes to the next record"


def _misfit(n: int) -> str:
    return f"record https://news.example/{n} does not end where its length says"


def test_a_header_then_garbage_is_a_corrupt_archive(tmp_path: Path) -> None:
    # "WARC/1.0" and garbage was read as an empty archive, exit status 0.
    (failure,) = _read(b"WARC/1.0\r\n" + bytes(range(256)) * 20, tmp_path)
    assert isinstance(failure, Failure) and failure.error == "ArchiveError"
    assert failure.reason.startswith("corrupt web archive: record 1 ")
    assert failure.reason.endswith("; nothing readable after it")


def test_a_corrupt_gzip_member_costs_its_record(tmp_path: Path) -> None:
    members = [gzip.compress(_good(n)) for n in range(1, 5)]
    broken = members[2][:20] + b"\xff" * 30 + members[2][50:]
    data = b"".join([*members[:2], broken, members[3]])
    items = _read(data, tmp_path, "crawl.warc.gz")
    offset = len(members[0]) + len(members[1])
    assert _summary(items) == [
        "https://news.example/1",
        "https://news.example/2",
        f"failure: corrupt web archive: compressed data broken at byte {offset:,} (after record 2); "
        + _skipped(len(broken)),
        "https://news.example/4",
    ]


def test_zeros_after_the_last_gzip_member_are_padding(tmp_path: Path) -> None:
    items = _read(_gzip_members(_good(1), _good(2)) + bytes(4096), tmp_path, "crawl.warc.gz")
    assert _summary(items) == ["https://news.example/1", "https://news.example/2"]


def test_a_record_header_over_its_bound_is_broken_framing(tmp_path: Path) -> None:
    huge = _good(2).replace(b"WARC-Type:", b"X-Note: " + b"n" * 70_000 + b"\r\nWARC-Type:", 1)
    items = _read(_good(1) + huge + _good(3), tmp_path)
    assert _summary(items)[0] == "https://news.example/1" and _summary(items)[-1] == "https://news.example/3"
    assert "has a header over 64 KiB" in _summary(items)[1]
