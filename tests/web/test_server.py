"""The app behind a real HTTP server on 127.0.0.1 (ephemeral port), and the ``serve`` command."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from saidwhat.cli import build_parser, main
from saidwhat.store import Store
from saidwhat.web import App, make_server

from .conftest import Page


@pytest.fixture
def server(demo_db: Path) -> Iterator[tuple[str, int]]:
    with Store.open(demo_db) as store:
        httpd = make_server(App(store), "127.0.0.1", 0, quiet=True)
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            host, port = httpd.server_address[:2]
            yield str(host), int(port)
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)


def _get(address: tuple[str, int], path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(*address, timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_pages_over_http(server: tuple[str, int]) -> None:
    status, headers, body = _get(server, "/?limit=5")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert int(headers["content-length"]) == len(body)
    hrefs = [a.get("href") or "" for a in Page(body.decode()).links()]
    links = [href for href in hrefs if href.startswith("/article/")]
    assert len(links) == 5
    status, _, article = _get(server, links[0])
    assert status == 200 and b'class="hl ' in article
    status, headers, css = _get(server, "/static/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and css


def test_head_errors_and_methods_over_http(server: tuple[str, int]) -> None:
    status, headers, body = _get(server, "/article/1", "HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, headers, body = _get(server, "/article/424242")
    assert status == 404 and b"404 Not Found" in body and "content-security-policy" in headers
    status, _, body = _get(server, "/?limit=100000")
    assert status == 400 and b"limit" in body
    status, headers, body = _get(server, "/", "POST")
    assert status == 405 and "content-security-policy" in headers
    status, headers, body = _get(server, "/", "BREW")
    assert status in (405, 501) and b"Traceback" not in body


def test_malformed_request_gets_a_clean_page(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(b"GET /<script> HTTP/9.9\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith((b"HTTP/1.1 505", b"HTTP/1.1 400")), head[:200]
    assert b"Content-Security-Policy" in head and b"<script" not in body


def test_serve_command_is_registered_and_refuses_a_missing_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(["serve", "--db", str(tmp_path / "x.db")])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no store here" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
