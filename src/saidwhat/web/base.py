"""What every page and API answer shares: the security headers, the error answers, the request
context handed to each view, and the wrapper that turns a view into a Starlette endpoint.

A view is a plain function ``view(ctx) -> Response``. :func:`endpoint` parses
the view's declared parameters (strictly, :mod:`.params`), lends it a reader
from the pool, and turns every failure into a clean answer: a
:class:`HttpError` or a bad parameter into a 400/404 page (JSON under
``/api/``), anything unexpected into a plain 500 page whose traceback goes to
the server's log only. Views run in Starlette's thread pool, each with its own
database connection.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from hashlib import sha256
from http import HTTPStatus
from typing import Any, TypeVar, cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.errors import StoreError
from ..store import SpeakerCount, Store
from .params import BadParameter, Values, parse_query
from .render import environment
from .stores import Busy, Stores

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "Ctx",
    "HttpError",
    "SecurityHeaders",
    "Site",
    "endpoint",
    "error_response",
    "json_response",
]

log = logging.getLogger("saidwhat.web")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
_RAW_HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]
CSRF_COOKIE = "saidwhat_csrf"
T = TypeVar("T")

# What the page says after an edit: fixed messages, chosen by name (no text of the request is echoed).
DONE = {
    "merged": "The two speakers are one now. The merge can be undone from the list of corrections.",
    "unmerged": "The merge is undone: the speaker has their statements back.",
    "split": "The statements of the chosen articles belong to a new speaker now.",
    "renamed": "The speaker has a new name.",
    "marked": "The statement is marked wrong: it is hidden from results and kept in the store.",
    "unmarked": "The mark is taken back: the statement is shown again.",
}


class SecurityHeaders:
    """ASGI middleware: the security headers on every response (pages, errors, static files);
    ``no-store`` caching unless the response says otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(_RAW_HEADERS)]
                if not any(h[0].lower() == b"cache-control" for h in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + _RAW_HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HttpError(Exception):
    """A request that cannot be answered: its status and a one-line message for the reader."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


CHOICES_TTL = 60.0  # seconds the form fields' suggestions are kept before they are asked again
COUNT_TTL = 30.0  # seconds a total or a chart is kept (an edit on this server forgets it at once)
MAX_COUNTS = 256


@dataclass(slots=True)
class Site:
    """The app's settings and resources, shared by every request."""

    stores: Stores
    editor: str = "web"
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _choices: tuple[float, list[SpeakerCount], list[tuple[str, int]]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _counts: dict[tuple[object, ...], tuple[float, object]] = field(default_factory=dict)

    @property
    def edits(self) -> bool:
        return self.stores.writable

    def choices(self, store: Store) -> tuple[list[SpeakerCount], list[tuple[str, int]]]:
        """The most quoted speakers and the sites, suggested by the form fields. Counting them takes
        a scan of the store, so they are kept for :data:`CHOICES_TTL` seconds (a suggestion a minute
        old is still a good one; the completion script asks the store itself)."""
        with self._lock:
            if self._choices is None or time.monotonic() - self._choices[0] > CHOICES_TTL:
                speakers = store.speakers(limit=200, min_confidence=0.0)
                self._choices = (time.monotonic(), speakers, store.sites(200))
            return self._choices[1], self._choices[2]

    def remember(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A summary of the store for one question and its filters (a total of statements, the
        charts), kept for :data:`COUNT_TTL` seconds: paging through results asks the same total
        again and again, and each is a scan of the store; an edit on this server forgets them all."""
        now = time.monotonic()
        with self._lock:
            found = self._counts.get(key)
            if found is not None and now - found[0] <= COUNT_TTL:
                return cast(T, found[1])
        value = compute()
        with self._lock:
            if len(self._counts) >= MAX_COUNTS:
                self._counts.clear()
            self._counts[key] = (now, value)
        return value

    def forget_choices(self) -> None:
        """After an edit: names and counts may have changed."""
        with self._lock:
            self._choices = None
            self._counts.clear()

    def csrf_token(self, nonce: str) -> str:
        return hmac.new(self.secret, nonce.encode("ascii", "replace"), sha256).hexdigest()


@dataclass(slots=True)
class Ctx:
    """One request as a view sees it: parsed parameters, a path argument, a reader, the site."""

    request: Request
    values: Values
    arg: str
    store: Store
    site: Site
    form: dict[str, list[str]] = field(default_factory=dict)
    cookie_nonce: str | None = None  # a new CSRF nonce to set as a cookie with the response

    def csrf(self) -> str:
        """The CSRF token of this browser (a random nonce in a cookie, signed by the server's secret)."""
        nonce = self.request.cookies.get(CSRF_COOKIE) or self.cookie_nonce
        if not nonce or len(nonce) != 32:
            nonce = self.cookie_nonce = secrets.token_hex(16)
        return self.site.csrf_token(nonce)

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("nav", "")
        context.setdefault("done", DONE.get(self.request.query_params.get("done", "")))
        page = environment().get_template(template).render(
            edits=self.site.edits, csrf=self.csrf() if self.site.edits else "", path=self.request.url.path,
            **context,
        )  # fmt: skip
        # errors="replace": a lone surrogate in stored text must not turn a page into a 500
        response = HTMLResponse(page.encode("utf-8", "replace"), status)
        if self.cookie_nonce:
            response.set_cookie(CSRF_COOKIE, self.cookie_nonce, httponly=True, samesite="strict", path="/")
        return response


def json_response(data: Any, status: int = 200) -> Response:
    """JSON that no browser reads as HTML: ``<``, ``>`` and ``&`` escaped too."""
    text = json.dumps(data, ensure_ascii=True, indent=1, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(text.encode("ascii"), status, media_type="application/json; charset=utf-8")


def error_response(status: int, message: str, api: bool = False, edits: bool = False) -> Response:
    reason = HTTPStatus(status).phrase
    if api:
        return json_response({"error": {"status": status, "reason": reason, "message": message}}, status)
    page = (
        environment()
        .get_template("error.html")
        .render(
            status=status, reason=reason, message=message, nav="", edits=edits, csrf="", path="", done=None
        )
    )
    return HTMLResponse(page.encode("utf-8", "replace"), status)


View = Callable[[Ctx], Response]


def _answer(
    site: Site, view: View, request: Request, names: tuple[str, ...], form: dict[str, list[str]]
) -> Response:
    api = request.url.path.startswith("/api/")
    try:
        values = parse_query(request.url.query, names)
        arg = str(request.path_params.get("arg", ""))
        with site.stores.reader() as store:
            return view(Ctx(request, values, arg, store, site, form))
    except BadParameter as err:
        return error_response(400, err.message, api, site.edits)
    except HttpError as err:
        return error_response(err.status, err.message, api, site.edits)
    except Busy as err:
        return error_response(503, err.reason, api, site.edits)
    except Exception:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, "the server failed to answer this request", api, site.edits)


def endpoint(site: Site, view: View, names: tuple[str, ...] = ()) -> Callable[[Request], Response]:
    """A GET endpoint for ``view`` taking the parameters ``names`` (run in the thread pool)."""

    def run(request: Request) -> Response:
        return _answer(site, view, request, names, {})

    run.__name__ = view.__name__
    return run


MAX_BODY = 16_384


def post_endpoint(site: Site, view: View) -> Callable[[Request], Awaitable[Response]]:
    """A POST endpoint for a correction: edits allowed, a bounded form body, a valid CSRF token."""
    from urllib.parse import parse_qs

    from .params import MAX_FIELDS

    async def run(request: Request) -> Response:
        if not site.edits:
            return error_response(
                403, "edits are disabled: start the server with saidwhat serve --allow-edits"
            )
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return error_response(413, f"form too large (over {MAX_BODY} bytes)")
        try:
            form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=MAX_FIELDS)
        except ValueError:
            return error_response(400, "bad form: too many fields")
        nonce = request.cookies.get(CSRF_COOKIE, "")
        token = (form.get("csrf") or [""])[0]
        if not nonce or not hmac.compare_digest(token.encode(), site.csrf_token(nonce).encode()):
            return error_response(
                403, "the form is stale or came from another site: reload the page and try again"
            )
        site.forget_choices()
        return await run_in_threadpool(_answer, site, view, request, (), form)

    run.__name__ = view.__name__
    return run


def form_text(ctx: Ctx, name: str, required: bool = True, limit: int = 500) -> str:
    value = " ".join((ctx.form.get(name) or [""])[0].split())
    if required and not value:
        raise HttpError(400, f"give {name}")
    if len(value) > limit:
        raise HttpError(400, f"{name} too long (over {limit} characters)")
    return value


def store_error(err: StoreError, status: int = 400) -> HttpError:
    return HttpError(status, err.reason)
