"""Web archives: HTML responses become pages, everything else is skipped and counted."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from saidwhat.inputs import iter_sources
from saidwhat.model import Article
from saidwhat.pages.warc import WarcStats, iter_warc
from saidwhat.pipeline import Failure, Source, extract_many

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


def test_warcio_is_the_fallback_when_fastwarc_is_missing(
    warc_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fastwarc", None)  # makes `import fastwarc` fail
    stats = WarcStats()
    sources = [i for i in iter_warc(str(warc_file), 100_000, stats) if isinstance(i, Source)]
    assert [s.record for s in sources] == ["https://news.example/a", "https://news.example/b"]
    assert stats.skipped["too large"] == 1 and stats.skipped["non-200"] == 2


def test_inputs_expand_an_archive_and_the_record_url_is_the_page_url(warc_file: Path) -> None:
    stats = WarcStats()
    results = list(extract_many(iter_sources([str(warc_file)], 100_000, stats)))
    articles = [r for r in results if isinstance(r, Article)]
    assert [a.metadata.url for a in articles] == ["https://news.example/a", "https://news.example/b"]
    assert articles[0].metadata.title == "Ferry terminal delayed"
    assert "new ferry terminal would open in the spring" in articles[0].text
    assert articles[0].input.record == "https://news.example/a"
    assert stats.pages == 2


def test_a_truncated_archive_yields_its_pages_then_a_failure(tmp_path: Path) -> None:
    whole = make_warc(tmp_path / "whole.warc", compress=False).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(gzip.compress(whole)[: len(gzip.compress(whole)) // 2])
    items = list(iter_warc(str(cut), 100_000))
    assert items, "a broken archive must say so"
    assert all(isinstance(i, (Source, Failure)) for i in items)
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(failures) <= 1
    if failures:
        assert failures[0].path == str(cut) and failures[0].reason


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


@pytest.mark.parametrize("library", ["fastwarc", "warcio"])
def test_the_http_charset_of_a_record_decodes_its_page(
    library: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if library == "warcio":
        monkeypatch.setitem(sys.modules, "fastwarc", None)
    path = _cyrillic_warc(tmp_path / "ru.warc.gz")
    sources = [i for i in iter_warc(str(path), 100_000) if isinstance(i, Source)]
    assert [s.encoding for s in sources] == ["Windows-1251", ""]
    results = list(extract_many(iter(sources)))
    articles = [r for r in results if isinstance(r, Article)]
    assert len(articles) == 2
    assert RUSSIAN in articles[0].text  # the header wins over the wrong meta tag
    assert RUSSIAN not in articles[1].text  # without it, the meta tag misleads (as before)
