"""The read-only web interface over the store: routing, parameters and the HTTP server.

:meth:`App.route` maps a path and a query string to a :class:`Response`
without any socket, so that every page can be tested directly; :func:`make_server`
puts the same app behind a :class:`~http.server.ThreadingHTTPServer` (standard
library only: the pages are plain HTML forms, no script, one stylesheet).

Security posture, because every stored text came from a scraped page:

* everything shown is escaped by :mod:`.html`; JSON is served as
  ``application/json`` with ``<``, ``>`` and ``&`` escaped too;
* every response carries a strict Content-Security-Policy (nothing but the
  site's own stylesheet and forms), ``nosniff``, no referrer, no framing;
* parameters are bounded (length, count, ``limit`` <= 500), ids are digits,
  dates are checked before they reach the store; a bad request gets a 400 or
  404 page, an unexpected error a plain 500 page (the traceback goes to the
  server's log only);
* the store is only read; its one connection is shared by the request threads
  behind one lock (a page is a few milliseconds of SQLite work).
"""

from __future__ import annotations

import json
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any, TypeVar, cast
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import StoreError
from ..model import Article
from ..output import article_to_dict
from ..store import ArticleInfo, Comparison, SpeakerCount, StatementHit, Store
from ..store.text import date_bound
from ..store.views import READING_CONFIDENCE
from . import html as h

__all__ = ["SECURITY_HEADERS", "App", "HttpError", "Response", "make_server"]

MAX_LIMIT = 500
MAX_PARAM = 500  # characters of one parameter value
MAX_QUERY = 4096  # characters of the whole query string
MAX_FIELDS = 40
MAX_KEY = 600  # characters of a speaker key in a path
ARTICLE_CHOICES = 500  # articles offered by the compare form and the article list

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)

_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")  # ASCII: \d takes "٢٠١٩" too
T = TypeVar("T")


class HttpError(Exception):
    """A request that cannot be answered: its status and a one-line message for the reader."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(slots=True, frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    cache: str = "no-store"

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            ("Cache-Control", self.cache),
            *SECURITY_HEADERS,
        ]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def html_response(markup: h.Markup, status: int = 200) -> Response:
    # errors="replace": a lone surrogate in stored text must not turn a page into a 500
    return Response(status, "text/html; charset=utf-8", markup.encode("utf-8", "replace"))


def json_response(data: Any, status: int = 200) -> Response:
    text = json.dumps(data, ensure_ascii=True, indent=1, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(status, "application/json; charset=utf-8", text.encode("ascii"))


def error_response(status: int, message: str, api: bool = False) -> Response:
    reason = HTTPStatus(status).phrase
    if api:
        return json_response({"error": {"status": status, "reason": reason, "message": message}}, status)
    return html_response(h.error_page(status, reason, message), status)


@cache
def stylesheet() -> bytes:
    return resources.files("saidwhat.web").joinpath("static", "style.css").read_bytes()


# -- parameters -------------------------------------------------------------------------------------------


_CONFIDENCE = re.compile(r"(?:0|1)(?:\.[0-9]{1,3})?|\.[0-9]{1,3}")


class Params:
    """The query string, bounded: a few fields of at most :data:`MAX_PARAM` characters each."""

    def __init__(self, query: str) -> None:
        if len(query) > MAX_QUERY:
            raise HttpError(400, f"query string too long (over {MAX_QUERY} characters)")
        try:
            self._values = parse_qs(query, max_num_fields=MAX_FIELDS, errors="replace")
        except ValueError as err:
            raise HttpError(400, f"bad query string: {err}") from err

    def all(self, name: str) -> list[str]:
        values = [v.strip() for v in self._values.get(name, []) if v.strip()]
        for value in values:
            if len(value) > MAX_PARAM:
                raise HttpError(400, f"parameter {name!r} too long (over {MAX_PARAM} characters)")
        return values

    def text(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def limit(self, default: int) -> int:
        value = self.text("limit")
        if value is None:
            return default
        if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
            raise HttpError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
        return int(value)

    def date(self, name: str) -> str | None:
        """A date that exists (``2019-13`` reached the store and made a 500), in ASCII digits."""
        value = self.text(name)
        if value is None:
            return None
        try:
            if not _DATE.fullmatch(value) or date_bound(value) is None:
                raise StoreError("not a date")
        except StoreError:
            raise HttpError(400, f"{name} must be a date that exists: YYYY, YYYY-MM or YYYY-MM-DD") from None
        return value

    def choice(self, name: str, choices: tuple[str, ...], many: bool = False) -> list[str]:
        values = self.all(name)
        for value in values:
            if value not in choices:
                raise HttpError(400, f"{name} must be one of: {', '.join(choices)}")
        if len(values) > 1 and not many:
            raise HttpError(400, f"give one {name}")
        return values

    def article_id(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not value.isdigit() or len(value) > 12:
            raise HttpError(400, f"{name} must be an article id (a number)")
        return int(value)

    def filters(self) -> dict[str, Any]:
        """The store's search filters: site, since, until, kind (the speaker is read apart)."""
        found: dict[str, Any] = {
            "site": self.text("site"),
            "since": self.date("since"),
            "until": self.date("until"),
            "kind": self.choice("kind", h.KINDS, many=True) or None,
        }
        out = {k: v for k, v in found.items() if v}
        out["min_confidence"] = self.confidence()
        return out

    def confidence(self) -> float:
        """``min_confidence``: a decimal from 0 to 1 in ASCII digits (default: hide what saidwhat is
        unsure of)."""
        value = self.text("min_confidence")
        if value is None or value == "":
            return READING_CONFIDENCE
        if not _CONFIDENCE.fullmatch(value) or not 0.0 <= float(value) <= 1.0:
            raise HttpError(400, "min_confidence must be a number from 0 to 1")
        return float(value)

    def shown(self, *names: str) -> dict[str, str | None]:
        """The values to put back into a form (``limit`` included)."""
        return {name: self.text(name) for name in names}


# -- the app ----------------------------------------------------------------------------------------------

Handler = Callable[["App", Params, str], Response]
_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"/"), "search_page"),
    (re.compile(r"/articles"), "articles_page"),
    (re.compile(r"/article/(\d{1,12})"), "article_page"),
    (re.compile(r"/speakers"), "speakers_page"),
    (re.compile(rf"/speaker/([^/]{{1,{MAX_KEY * 3}}})"), "speaker_page"),
    (re.compile(r"/compare"), "compare_page"),
    (re.compile(r"/static/style\.css"), "static_css"),
    (re.compile(r"/api/search"), "api_search"),
    (re.compile(r"/api/article/(\d{1,12})"), "api_article"),
    (re.compile(r"/api/speakers"), "api_speakers"),
    (re.compile(rf"/api/speaker/([^/]{{1,{MAX_KEY * 3}}})"), "api_speaker"),
    (re.compile(r"/api/compare"), "api_compare"),
]


class App:
    """The pages and the JSON API over one open store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()

    def ask(self, question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a store method while holding the app's lock (one connection serves every thread)."""
        with self._lock:
            return question(*args, **kwargs)

    def route(self, path: str, query: str = "", method: str = "GET") -> Response:
        """The response to one request; never raises."""
        api = path.startswith("/api/")
        try:
            if method not in ("GET", "HEAD"):
                raise HttpError(405, f"{method} is not allowed here: this site is read-only")
            for pattern, name in _ROUTES:
                match = pattern.fullmatch(path)
                if match:
                    arg = unquote(match.group(1), errors="replace") if pattern.groups else ""
                    return cast(Handler, getattr(App, name))(self, Params(query), arg)
            raise HttpError(404, "no such page")
        except HttpError as err:
            return error_response(err.status, err.message, api)
        except Exception:  # noqa: BLE001 (a bug or a database failure: logged, a plain page for the reader)
            traceback.print_exc(file=sys.stderr)
            return error_response(500, "the server failed to answer this request", api)

    # -- questions to the store, shared by the pages and the API -------------------------------------------

    def _search(self, params: Params) -> tuple[list[StatementHit], str]:
        query, speaker = params.text("q"), params.text("speaker")
        limit, filters = params.limit(50), params.filters()
        note = ""
        try:  # words as a newsroom writes them ("Ocasio-Cortez", "U.S.") are searched as written
            hits = self.ask(self._store.search, query, speaker=speaker, limit=limit, **filters)
        except StoreError as err:
            if not query or "search query" not in err.reason:
                raise
            raise HttpError(400, err.reason) from err  # a query that only leaves words out
        if speaker and not hits:
            found = self.ask(self._store.resolve_speaker, speaker)
            names = "; ".join(f"{n} [{k}]" for k, n in found[:8])
            note = (
                f"Speakers whose names contain {speaker!r}: {names}"
                if found
                else f"No speaker is known as {speaker!r}."
            )
        return hits, note

    def _article(self, article_id: str) -> tuple[ArticleInfo, Article, list[ArticleInfo]]:
        try:
            info = self.ask(self._store.find_article, int(article_id))
        except StoreError as err:
            raise HttpError(404, f"no article with id {int(article_id)}") from err
        article = self.ask(self._store.article, info.id)
        versions = self.ask(self._store.versions, info.id)
        return info, article, versions

    def _speaker(self, key: str, params: Params) -> tuple[list[tuple[str, str]], list[StatementHit]]:
        if len(key) > MAX_KEY:
            raise HttpError(400, "speaker key too long")
        limit, filters = params.limit(MAX_LIMIT), params.filters()
        found = self.ask(self._store.resolve_speaker, key)
        if not found:
            raise HttpError(404, f"no speaker is known as {key!r}")
        if len(found) > 1:
            return found, []
        return found, self.ask(self._store.speaker_timeline, found[0][0], limit=limit, **filters)

    def _speakers(self, params: Params) -> list[SpeakerCount]:
        by = params.choice("by", ("site", "month", "year"))
        return self.ask(
            self._store.speakers, limit=params.limit(50), by=by[0] if by else None, **params.filters()
        )

    def _compare(self, a: int, b: int) -> Comparison:
        if a == b:
            raise HttpError(400, "choose two different articles")
        for ref in (a, b):
            try:
                self.ask(self._store.find_article, ref)
            except StoreError as err:
                raise HttpError(404, f"no article with id {ref}") from err
        return self.ask(self._store.compare, a, b, READING_CONFIDENCE)

    # -- pages ---------------------------------------------------------------------------------------------

    def search_page(self, params: Params, _: str) -> Response:
        hits, note = self._search(params)
        shown = params.shown("q", "speaker", "site", "since", "until", "kind", "min_confidence", "limit")
        return html_response(h.search_page(shown, hits, note))

    def articles_page(self, params: Params, _: str) -> Response:
        query, limit = params.text("q"), params.limit(ARTICLE_CHOICES)
        everything = self.ask(self._store.articles)
        if query:
            try:
                infos = self.ask(self._store.find_event, query, limit=limit)
            except StoreError as err:
                if "search query" not in err.reason:
                    raise
                raise HttpError(400, err.reason) from err
        else:
            infos = list(reversed(everything[-limit:]))
        return html_response(h.articles_page(query, infos, len(everything)))

    def article_page(self, _: Params, article_id: str) -> Response:
        return html_response(h.article_page(*self._article(article_id)))

    def speakers_page(self, params: Params, _: str) -> Response:
        counts = self._speakers(params)
        return html_response(
            h.speakers_page(
                params.shown("site", "since", "until", "kind", "min_confidence", "by", "limit"), counts
            )
        )

    def speaker_page(self, params: Params, key: str) -> Response:
        found, hits = self._speaker(key, params)
        if len(found) > 1:
            return html_response(h.speaker_choice_page(key, found))
        limit = params.limit(MAX_LIMIT)
        note = f"Showing the first {limit} statements." if len(hits) >= limit else ""
        return html_response(h.speaker_page(found[0][1], found[0][0], hits, note))

    def compare_page(self, params: Params, _: str) -> Response:
        a, b = params.article_id("a"), params.article_id("b")
        if a is None or b is None:
            infos = list(reversed(self.ask(self._store.articles)[-ARTICLE_CHOICES:]))
            return html_response(h.compare_form_page(infos, params.text("a"), params.text("b")))
        return html_response(h.compare_page(self._compare(a, b)))

    def static_css(self, _: Params, __: str) -> Response:
        return Response(200, "text/css; charset=utf-8", stylesheet(), cache="max-age=3600")

    # -- JSON ----------------------------------------------------------------------------------------------

    def api_search(self, params: Params, _: str) -> Response:
        hits, note = self._search(params)
        return json_response(
            {"count": len(hits), "note": note or None, "statements": [asdict(x) for x in hits]}
        )

    def api_article(self, _: Params, article_id: str) -> Response:
        info, article, versions = self._article(article_id)
        data = article_to_dict(article)
        data["id"] = info.id
        data["versions"] = [v.id for v in versions]
        return json_response(data)

    def api_speakers(self, params: Params, _: str) -> Response:
        return json_response({"speakers": [asdict(c) for c in self._speakers(params)]})

    def api_speaker(self, params: Params, key: str) -> Response:
        found, hits = self._speaker(key, params)
        if len(found) > 1:
            raise HttpError(400, "several speakers match: " + "; ".join(k for k, _ in found[:20]))
        return json_response(
            {"key": found[0][0], "name": found[0][1], "statements": [asdict(x) for x in hits]}
        )

    def api_compare(self, params: Params, _: str) -> Response:
        a, b = params.article_id("a"), params.article_id("b")
        if a is None or b is None:
            raise HttpError(400, "give two article ids: ?a=ID&b=ID")
        return json_response(asdict(self._compare(a, b)))


# -- HTTP ---------------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: App, quiet: bool) -> None:
        self.app = app
        self.quiet = quiet
        super().__init__(address, _RequestHandler)


class _RequestHandler(BaseHTTPRequestHandler):
    server_version = "saidwhat"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle or slow client does not hold a thread for ever
    disable_nagle_algorithm = True  # headers and body go out in two writes: do not wait 40 ms between them

    def version_string(self) -> str:
        return self.server_version

    def _send(self, response: Response, body: bool = True) -> None:
        if self.request_version == "HTTP/0.9":  # unparsed or ancient request: still send the headers (CSP)
            self.request_version = "HTTP/1.0"
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def _answer(self, head: bool = False) -> None:
        parts = urlsplit(self.path)
        server = cast(_Server, self.server)
        self._send(server.app.route(parts.path or "/", parts.query, self.command), body=not head)

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _refuse(self) -> None:
        self.close_connection = True
        self._send(error_response(405, f"{self.command} is not allowed here: this site is read-only"))

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol errors (bad request line, unsupported method) as the site's own clean page."""
        self.close_connection = True
        try:
            status = HTTPStatus(code)
        except ValueError:
            status = HTTPStatus.BAD_REQUEST
        response = error_response(status.value, message or status.description)
        self._send(response, body=getattr(self, "command", "") != "HEAD" and status.value >= 200)

    def log_message(self, format: str, *args: Any) -> None:
        if not cast(_Server, self.server).quiet:
            super().log_message(format, *args)


def make_server(
    app: App, host: str = "127.0.0.1", port: int = 8765, quiet: bool = False
) -> ThreadingHTTPServer:
    """A threading HTTP server for ``app``, bound (port 0 picks a free one); call ``serve_forever``."""
    return _Server((host, port), app, quiet)
