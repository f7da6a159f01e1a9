"""The HTTP response of a WARC record: status and headers, and the body decoded within the size limit."""

from __future__ import annotations

import gzip

import pytest

from saidwhat.core.errors import ArchiveError, InputTooLarge
from saidwhat.io.readers.warc_http import decoded_body, parse_response

PAGE = b"<html><body><p>The council said the bridge would reopen in May.</p></body></html>"


def _response(body: bytes, *headers: str, status: str = "200 OK") -> bytes:
    return "\r\n".join([f"HTTP/1.1 {status}", *headers]).encode() + b"\r\n\r\n" + body


def test_status_and_headers_are_read_and_repeated_headers_joined() -> None:
    response = parse_response(
        _response(PAGE, "Content-Type: text/html", "Content-Encoding: gzip", "content-encoding: br")
    )
    assert response.status == 200 and response.body == PAGE
    assert response.header("content-type") == "text/html"
    assert response.header("content-encoding") == "gzip, br"
    assert parse_response(_response(b"", status="301 Moved")).status == 301
    assert parse_response("HTTP/1.1 ²00 OK\r\n\r\n".encode("latin-1")).status is None  # not ASCII digits
    assert parse_response(b"garbage").status is None


def test_a_header_without_its_blank_line_is_all_header_until_its_bound() -> None:
    assert parse_response(b"HTTP/1.1 204 No Content\r\nServer: x").body == b""
    with pytest.raises(ArchiveError, match="HTTP header over 64 KiB"):
        parse_response(b"HTTP/1.1 200 OK\r\nX-A: " + b"a" * 70_000)


def test_chunks_are_joined_and_a_capture_cut_short_keeps_what_came() -> None:
    chunked = b"5\r\n<html\r\n3;ext=1\r\n><b\r\n0\r\nTrailer: x\r\n\r\n"
    response = parse_response(_response(chunked, "Transfer-Encoding: chunked"))
    assert decoded_body(response, 1000) == b"<html><b"
    cut = parse_response(_response(b"5\r\n<html\r\n8\r\n><bo", "Transfer-Encoding: chunked"))
    assert decoded_body(cut, 1000) == b"<html><bo"


def test_gzip_members_one_after_the_other_are_one_body() -> None:
    body = gzip.compress(PAGE[:20]) + gzip.compress(PAGE[20:])
    response = parse_response(_response(body, "Content-Encoding: gzip"))
    assert decoded_body(response, 1000) == PAGE


def test_a_compressed_body_kept_without_its_header_is_inflated() -> None:
    assert decoded_body(parse_response(_response(gzip.compress(PAGE))), 1000) == PAGE


def test_the_limit_is_the_inflated_size() -> None:
    response = parse_response(_response(gzip.compress(PAGE), "Content-Encoding: gzip"))
    assert decoded_body(response, len(PAGE)) == PAGE
    with pytest.raises(InputTooLarge, match=f"more than the limit of {len(PAGE) - 1:,} bytes"):
        decoded_body(response, len(PAGE) - 1)
