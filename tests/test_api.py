"""The package's entry points for files: extract(path) and extract_many(paths and sources)."""

from __future__ import annotations

from pathlib import Path

import pytest

import saidwhat
from saidwhat import (
    Article,
    EmptyInput,
    Failure,
    InputError,
    MissingInput,
    Source,
    article_to_dict,
    extract,
    extract_bytes,
    extract_many,
    extract_text,
)
from saidwhat.pipeline import extract_many as extract_sources

PAGE = 'Council backs new bridge\n\n"We will build it this year," the mayor said on Monday.\n'


def _warc(path: Path, pages: int) -> Path:
    records = []
    for i in range(pages):
        body = f"<html><body><article><h1>Story {i}</h1><p>{PAGE.splitlines()[2]}</p></article></body></html>"
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body.encode()
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{i}\r\n"
            "WARC-Date: 2024-03-05T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000{i}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
        )
        records.append(head.encode() + http + b"\r\n\r\n")
    path.write_bytes(b"".join(records))
    return path


def test_extract_reads_a_file_as_the_command_line_does(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    article = extract(str(page))
    assert article.input.path == str(page) and "the mayor said" in article.text
    assert article_to_dict(article) == article_to_dict(extract_bytes(page.read_bytes(), str(page)))
    assert article_to_dict(extract(page)) == article_to_dict(article)  # a Path too


def test_extract_never_reads_its_argument_as_a_page() -> None:
    for text in (PAGE, PAGE * 200):  # the old use: the page's text, short or longer than a file name can be
        with pytest.raises(MissingInput, match="give the page itself to extract_text") as caught:
            extract(text)
        assert len(str(caught.value)) < 400
    assert "the mayor said" in extract_text(PAGE).text


def test_extract_refuses_what_holds_several_pages(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        extract(tmp_path)
    with pytest.raises(InputError, match="holds several pages"):
        extract(_warc(tmp_path / "crawl.warc", 2))
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(EmptyInput):
        extract(tmp_path / "empty.txt")
    with pytest.raises(MissingInput):
        extract(tmp_path / "missing.html")
    with pytest.raises(MissingInput):
        extract("a\x00b")


def test_extract_many_takes_paths_and_sources_mixed(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "one.txt").write_text(PAGE)
    (tmp_path / "dir" / "two.txt").write_text(PAGE.replace("Monday", "Tuesday"))
    warc = _warc(tmp_path / "crawl.warc", 2)
    items = [
        str(tmp_path / "dir"),
        warc,
        Source("memory.txt", PAGE.replace("mayor", "governor").encode()),
        str(tmp_path / "missing.txt"),
    ]
    results = list(extract_many(items))
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert [a.input.path for a in articles] == [
        str(tmp_path / "dir" / "one.txt"),
        str(tmp_path / "dir" / "two.txt"),
        str(warc),
        str(warc),
        "memory.txt",
    ]
    assert [(f.path, f.error) for f in failures] == [(str(tmp_path / "missing.txt"), "MissingInput")]
    assert len(list(extract_many(tmp_path / "dir"))) == 2  # one path, not the characters of its name
    with pytest.raises(TypeError, match="takes paths and saidwhat.Source objects"):
        list(extract_many([b"bytes are not a path"]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="saidwhat.extract_many reads paths"):
        list(extract_sources(["page.txt"]))  # type: ignore[list-item]


def test_the_root_names_say_what_they_take() -> None:
    assert saidwhat.extract is extract and saidwhat.extract_many is extract_many
    assert saidwhat.extract_text is extract_text and saidwhat.extract_bytes is extract_bytes
