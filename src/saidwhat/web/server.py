"""Running the web app with uvicorn: the listening socket, the HTTP protocol's limits, the logs.

The server is asynchronous: a slow or idle client holds a coroutine, not a
thread, and the pages run in a thread pool with a database connection each.
On top of uvicorn's own bounds (a request head of at most 16 KB, idle
keep-alive connections closed after 5 s), :class:`BoundedHttp` closes a
connection that has not sent a whole request head within
:data:`REQUEST_TIMEOUT` seconds (a half-sent request cannot hold anything for
long), and answers a malformed request with the site's security headers. The
listen backlog is :data:`BACKLOG`. A client that disconnects mid-answer is
nobody's error: nothing is logged for it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .base import SECURITY_HEADERS

__all__ = [
    "BACKLOG",
    "MAX_HEAD",
    "REQUEST_TIMEOUT",
    "BoundedHttp",
    "bind",
    "config",
    "serve",
    "serve_workers",
]

BACKLOG = 1024
REQUEST_TIMEOUT = 10.0  # seconds for a client to send a whole request head
MAX_HEAD = 16 * 1024  # bytes of a request head (request line and headers)
_BAD_REQUEST = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>400 Bad Request</title></head>'
    b"<body><h1>400 Bad Request</h1><p>The request could not be read.</p></body></html>\n"
)


class BoundedHttp(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for the request head and a clean 400 page."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_TIMEOUT, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        # Still no whole request head (h11 stays IDLE until it has one): let the connection go.
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and self._head_too_long(data):
            self.logger.warning("Request head over %d bytes refused.", MAX_HEAD)
            self._refuse(431, b"Request Header Fields Too Large")
            return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def _head_too_long(self, data: bytes) -> bool:
        # h11 bounds a head that arrives in pieces; one that arrives at once is bounded here.
        pending = self.conn.trailing_data[0] + data
        return len(pending) > MAX_HEAD and b"\r\n\r\n" not in pending[: MAX_HEAD + 4]

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, b"Bad Request")

    def _refuse(self, status: int, reason: bytes) -> None:
        """A clean page with the security headers, then the connection is closed."""
        if self.conn.our_state is not h11.IDLE:  # an answer has started: nothing more can be said
            self.transport.close()
            return
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"connection", b"close"),
            (b"cache-control", b"no-store"),
            *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers, reason=reason),
            h11.Data(data=_BAD_REQUEST.replace(b"400 Bad Request", b"%d %s" % (status, reason))),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def bind(host: str = "127.0.0.1", port: int = 8765, backlog: int = BACKLOG) -> socket.socket:
    """A listening TCP socket (port 0 picks a free one); IPv6 for an IPv6 address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:  # closed on any failure (a host that is no text raises UnicodeError, which create_server leaks)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


def config(app: Any, quiet: bool = False, **extra: Any) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        **extra,
        http=BoundedHttp,
        lifespan="on",
        access_log=not quiet,
        log_level="warning" if quiet else "info",
        server_header=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=MAX_HEAD,
    )


def _log_to_stderr() -> None:
    """Tracebacks of failed pages go to the server's log (stderr), never to the reader."""
    logger = logging.getLogger("saidwhat.web")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def serve_workers(sock: socket.socket, workers: int, settings: dict[str, str], quiet: bool = False) -> None:
    """Serve a read-only app in ``workers`` processes sharing ``sock`` (each its own interpreter, so
    pages use every core), supervised by uvicorn (a worker that dies is replaced) until Ctrl-C.
    The workers build the app from ``settings``, passed in their environment (:func:`.app.from_environment`)."""
    from uvicorn.supervisors import Multiprocess

    _log_to_stderr()
    os.environ.update(settings)
    Multiprocess(
        config("saidwhat.web.app:from_environment", quiet, factory=True, workers=workers), sockets=[sock]
    ).run()


def serve(app: Any, sock: socket.socket, quiet: bool = False) -> uvicorn.Server:
    """Serve ``app`` on ``sock`` until interrupted (Ctrl-C); returns the stopped server."""
    _log_to_stderr()
    server = uvicorn.Server(config(app, quiet))
    server.run(sockets=[sock])
    return server
