"""saidwhat's parsers as fuzzing targets, the hostile shapes of issue 12, and a mutator.

Shared by ``bench/fuzz.py`` (the long runs, with time and memory limits per
input), the hypothesis tests of ``tests/fuzz/`` and atheris where it installs.
Each target takes bytes and returns what the user would be told: ``("ok", "")``,
``("refused", message)`` for an input saidwhat rejects with one of its errors
(the message is checked for clarity), or raises anything else (a crash).

Targets:

- ``text``: a text dump through the whole pipeline (``--input-format text``);
- ``html``: an HTML page through the whole pipeline;
- ``warc``: a web archive file read by the input layer, each page extracted;
- ``query``: a search query (as bytes of an argument) parsed and run on a small store;
- ``web``: a request path and query string answered by the web app on that store.
"""

from __future__ import annotations

import gzip
import random
import re
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

TARGETS = ("text", "html", "warc", "query", "web")

# What only a program's internals say: an exception class, a traceback, an object's repr, a
# library's name. A message with one of these is "unclear" to the user who reads it.
INTERNAL = re.compile(
    r"Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b|object has no attribute|NoneType"
    r"|not supported between|unhashable|index out of range|<[\w.]+ object at 0x|\bline \d+, in\b"
    r"|\blxml\b|\bnumpy\b|\bhtmldate\b|\btrafilatura\b|\bsqlite3?\b|\bpsycopg\b|\bfastwarc\b|\bwarcio\b"
)
# saidwhat's own error class names may appear in a reason only as part of its wording, never alone
_OWN = re.compile(r"\b(?:Saidwhat|Input|Decode|Extraction|Data|Model|Usage|Store)Error\b")


def unclear(message: str) -> bool:
    """Whether a message shown to the user looks like a program's internals, or is not one line."""
    if not message.strip() or "\n" in message.strip():
        return True
    return bool(INTERNAL.search(_OWN.sub("", message)))


# -- the targets ----------------------------------------------------------------------------------------


class Targets:
    """The five targets, with what they need built once (the pipeline, a small store)."""

    def __init__(self, max_seconds: float = 10.0, store_dir: Path | None = None) -> None:
        from saidwhat.core.options import Options

        self.options = Options(max_seconds=max_seconds)
        # called after each page of a web archive: a runner that watches for hangs counts the time
        # of one page, not of the thousands an archive may hold (each has its own time limit)
        self.progress: Callable[[], None] = lambda: None
        self._store_dir = store_dir
        self._store: Any = None
        self._path: Path | None = None
        self._client: Callable[[str, str], tuple[int, str]] | None = None

    def run(self, target: str, data: bytes) -> tuple[str, str]:
        return getattr(self, f"_{target}")(data)  # type: ignore[no-any-return]

    def _pages(self, data: bytes, fmt: str, name: str) -> tuple[str, str]:
        from saidwhat.core.sources import Failure, Source
        from saidwhat.pipeline import extract_many

        for result in extract_many([Source(name, data)], self.options.with_(input_format=fmt)):
            if isinstance(result, Failure):
                return "refused", result.reason
        return "ok", ""

    def _text(self, data: bytes) -> tuple[str, str]:
        return self._pages(data, "text", "fuzz.txt")

    def _html(self, data: bytes) -> tuple[str, str]:
        return self._pages(data, "html", "fuzz.html")

    def _warc(self, data: bytes) -> tuple[str, str]:
        from saidwhat.core.errors import SaidwhatError
        from saidwhat.core.sources import Failure
        from saidwhat.io.readers import iter_sources
        from saidwhat.pipeline import extract_many

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fuzz.warc"
            path.write_bytes(data)
            reasons = []
            try:
                for result in extract_many(iter_sources([str(path)], self.options.max_bytes), self.options):
                    self.progress()
                    if isinstance(result, Failure):
                        reasons.append(result.reason)
            except SaidwhatError as err:
                reasons.append(err.reason)
        bad = [r for r in reasons if unclear(r)]
        if bad or reasons:
            return "refused", (bad or reasons)[0]
        return "ok", ""

    def store(self) -> Any:
        """A small store of the demo pages (built once per directory, opened read-only)."""
        if self._store is None:
            from saidwhat.store import Store

            directory = self._store_dir or Path(tempfile.mkdtemp(prefix="saidwhat-fuzz-"))
            path = directory / "fuzz.db"
            if not path.exists():
                build_store(path)
            self._store, self._path = Store.open(path, read_only=True), path
        return self._store

    def _query(self, data: bytes) -> tuple[str, str]:
        from saidwhat.core.errors import SaidwhatError

        query = data.decode("utf-8", "surrogateescape")  # as an argument's bytes reach Python
        fts = query.startswith("fts:")
        try:
            self.store().search(query[4:] if fts else query, limit=5, fts=fts)
        except SaidwhatError as err:
            return "refused", err.reason
        return "ok", ""

    def _web(self, data: bytes) -> tuple[str, str]:
        text = data.decode("latin-1")  # a request line's bytes, as a server reads them
        path, _, query = text.partition("?")
        path = "/" + path.lstrip("/")
        if self._client is None:
            self.store()
            assert self._path is not None
            self._client = web_client(self._store, self._path)
        status, body = self._client(path, query)
        if status >= 500:
            raise RuntimeError(f"HTTP {status} for {text[:200]!r}: {body[:300]}")
        if status >= 400:
            return "refused", _error_message(body)
        return "ok", ""


def _error_message(body: str) -> str:
    """The message of an error page or a JSON error (what the reader of the page sees)."""
    found = re.search(r'"message":\s*"((?:[^"\\]|\\.)*)"', body)
    if found:
        return found.group(1)
    found = re.search(r"<p[^>]*>(.*?)</p>", body, re.DOTALL)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else body[:200]


def web_client(store: Any, path: Path) -> Callable[[str, str], tuple[int, str]]:
    """``(path, query) -> (status, body)`` for the web app of this checkout, whichever server it has
    (``store`` open on the database file ``path``)."""
    from saidwhat.web import app as web_app

    if hasattr(web_app, "App"):  # the threading server's app: routes answered in-process
        app = web_app.App(store)

        def ask(route: str, query: str) -> tuple[int, str]:
            response = app.route(route, query)
            return response.status, response.body.decode("utf-8", "replace")

        return ask
    from starlette.testclient import TestClient  # the ASGI app

    from saidwhat.web.server import MAX_HEAD

    client = TestClient(web_app.create_app(str(path)), raise_server_exceptions=False)

    def ask_asgi(route: str, query: str) -> tuple[int, str]:
        # as a browser sends them: what HTTP cannot carry raw (controls, spaces, non-ASCII) escaped
        target = quote(route, safe=_URL_SAFE) + ("?" + quote(query, safe=_URL_SAFE) if query else "")
        if len(target) > MAX_HEAD:
            # The in-process client skips the server: `saidwhat serve` refuses a request head over
            # MAX_HEAD bytes before the app sees it (tests/web/test_server.py), so the app is not asked.
            return 431, '{"error": {"message": "request head too large"}}'
        response = client.get(target)
        return response.status_code, response.text

    return ask_asgi


_URL_SAFE = "/?&=%:+,;@!$'()*[]~-._"


def build_store(path: Path) -> None:
    """The demo pages extracted into a new store at ``path``."""
    import saidwhat
    from saidwhat.store import Store

    pages = Path(saidwhat.__file__).parent / "demo" / "pages"
    with Store.open(path) as store:
        for page in sorted(pages.iterdir()):
            store.add(saidwhat.extract(str(page)))


# -- hostile shapes (issue 12), each at a given size in bytes -------------------------------------------


def _repeat(unit: str, size: int) -> bytes:
    return (unit * (size // max(1, len(unit)) + 1)).encode("utf-8")[:size]


def _html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><title>Minister speaks</title>{head}</head><body>{body}</body></html>"


_ARTICLE = (
    "<h1>Talks will go on</h1><p>The ministry said on Tuesday that the minister had replied that "
    "&ldquo;the door remains open&rdquo;.</p><p>&ldquo;We will not give in,&rdquo; said Jane Doe, "
    "the union's leader.</p>"
)


def _warc_record(
    url: str, body: bytes, headers: str = "Content-Type: text/html; charset=utf-8", kind: str = "response"
) -> bytes:
    http = f"HTTP/1.1 200 OK\r\n{headers}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Record-ID: <urn:uuid:{zlib.crc32(url.encode()):08x}-0000-0000-0000-000000000000>\r\n"
        f"WARC-Date: 2026-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _page(k: int = 0) -> bytes:
    return _html(_ARTICLE.replace("Tuesday", f"day {k}")).encode()


def _gzip_bomb(size: int) -> bytes:
    body = gzip.compress(b"<p>" + b"a" * (size * 200) + b"</p>", 9)
    return _warc_record("http://example.com/bomb", body, "Content-Type: text/html\r\nContent-Encoding: gzip")


def _lying_encoding(size: int) -> bytes:
    bad = _warc_record("http://example.com/liar", _page(1), "Content-Type: text/html\r\nContent-Encoding: br")
    chunked = _warc_record(
        "http://example.com/chunks",
        b"zz\r\n" + _page(2),
        "Content-Type: text/html\r\nTransfer-Encoding: chunked",
    )
    header = _warc_record("http://example.com/header", _page(3), "X-Long: " + "a" * min(size, 100_000))
    return bad + chunked + header + _warc_record("http://example.com/good", _page(4))


def _truncated_gz(size: int) -> bytes:
    records = b"".join(gzip.compress(_warc_record(f"http://example.com/{k}", _page(k))) for k in range(7))
    return records[: max(40, min(len(records) - 30, size))]


def _warc_garbage(size: int) -> bytes:
    rng = random.Random(size)
    return b"WARC/1.0\r\n" + bytes(rng.randrange(256) for _ in range(min(size, 20_000)))


def _warc_many(size: int) -> bytes:
    out = [_warc_record(f"http://example.com/{k}", _page(k)) for k in range(max(1, size // 600))]
    out.insert(1, _warc_record("http://example.com/img.png", b"\x89PNG\r\n", "Content-Type: image/png"))
    out.insert(2, _warc_record("http://example.com/", b"", kind="request"))
    return b"".join(out)


# name -> (target, maker(size) -> bytes); sizes are chosen by the caller
SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "told": ("text", lambda n: _repeat("he told reporters that ", n)),
    "parens": (
        "text",
        lambda n: _repeat("(", n // 2) + _repeat("the minister said (", n // 4) + _repeat(")", n // 4),
    ),
    "quote-pattern": ("text", lambda n: _repeat("“We will go on,” the minister said. ", n)),
    "open-quotes": ("text", lambda n: _repeat('He said "they said “we said «', n)),
    "quote-lines": ("text", lambda n: _repeat('"Yes," he said.\n', n)),
    "he-words": ("text", lambda n: _repeat(" he ", n)),
    # paragraphs just under the analysis's bound per paragraph (attribution/bounds.py), so that its
    # bound per article is what holds: reported speech, and the most tokens per character
    "told-paragraphs": ("text", lambda n: _repeat("he told reporters that " * 2_000 + "\n\n", n)),
    "he-paragraphs": ("text", lambda n: _repeat(" he" * 15_000 + "\n\n", n)),
    "one-long-word": ("text", lambda n: b"said " + _repeat("a", n)),
    "names": (
        "text",
        lambda n: "".join(
            f"Name{k} Surname{k} said he would go. He said it was fine. " for k in range(n // 60)
        ).encode(),
    ),
    "nul-and-controls": ("text", lambda n: _repeat("The minister said\x00 \x01\x1b[2J it\x7f was over. ", n)),
    "utf16-text": ("text", lambda n: _repeat("The minister said it was over. ", n).decode().encode("utf-16")),
    "attributes": (
        "html",
        lambda n: _html("<p " + " ".join(f"a{k}=x" for k in range(n // 6)) + ">said</p>").encode(),
    ),
    "char-refs": (
        "html",
        lambda n: _html(
            _ARTICLE + _repeat("<p>&#1; &#65535; &#xD800; &#0; said &#x110000;</p>", n).decode()
        ).encode(),
    ),
    "charset-rot13": (
        "html",
        lambda n: _html(_ARTICLE * max(1, n // 400), '<meta charset="rot13">').encode(),
    ),
    "charset-utf16": (
        "html",
        lambda n: _html(_ARTICLE * max(1, n // 400), '<meta charset="utf-16">').encode(),
    ),
    "charset-base64": (
        "html",
        lambda n: _html(
            _ARTICLE, '<meta http-equiv="Content-Type" content="text/html; charset=base64">'
        ).encode(),
    ),
    "nested-tags": ("html", lambda n: _html("<div>" * (n // 10) + _ARTICLE + "</div>" * (n // 10)).encode()),
    "nested-quotes-html": (
        "html",
        lambda n: _html("<blockquote><q>" * (n // 20) + "said" + "</q></blockquote>" * (n // 20)).encode(),
    ),
    "script-payload": (
        "html",
        lambda n: _html(
            _ARTICLE + '<p>"<script>alert(1)</script>," said <img src=x onerror=alert(1)> Doe.</p>'
        ).encode(),
    ),
    "gzip-bomb": ("warc", _gzip_bomb),
    "lying-encoding": ("warc", _lying_encoding),
    "truncated-gz": ("warc", _truncated_gz),
    "warc-garbage": ("warc", _warc_garbage),
    "warc-records": ("warc", _warc_many),
    "newsroom-words": ("query", lambda n: b"Ocasio-Cortez U.S. O'Brien quid-pro-quo investigat*"),
    "fts-syntax": ("query", lambda n: b'fts:NEAR("a" "b", 2) OR ) AND ("'),
    "query-operators": ("query", lambda n: _repeat('( "a OR -b NOT c* ', min(n, 4000))),
    "query-bytes": ("query", lambda n: b"caf\xe9 \xff\xfe minister"),
    "superscript-limit": ("web", lambda n: "api/search?q=said&limit=²".encode()),
    "arabic-digits": ("web", lambda n: "speakers?limit=٣&by=site".encode()),
    "huge-ids": ("web", lambda n: b"article/99999999999999999999?limit=99999999999999999999"),
    "bad-dates": ("web", lambda n: b"?q=x&since=2019-13&until=9999-99-99&kind=nope"),
    "long-query": ("web", lambda n: b"api/search?q=" + _repeat("%ZZ%00", min(n, 20_000))),
}


def shape(name: str, size: int) -> tuple[str, bytes]:
    target, make = SHAPES[name]
    return target, make(size)


# -- mutations ------------------------------------------------------------------------------------------

_TOKENS = [
    b'"',
    b"\xe2\x80\x9c",
    b"\xe2\x80\x9d",
    b"\xc2\xab",
    b"(",
    b")",
    b"said",
    b" he told reporters that ",
    b"\n\n",
    b"&#1;",
    b"&#65535;",
    b"&#x0;",
    b"<p>",
    b"</p>",
    b"<div>",
    b"<!--",
    b"<script>",
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"WARC/1.0\r\n",
    b"Content-Length: 99999999999\r\n",
    b"\r\n\r\n",
    b"<meta charset=rot13>",
    b"OR",
    b"NOT",
    b"*",
    b"-",
    b"'",
    b"%",
    b"&",
    b"=",
    b"\xc2\xb2",
    b"\xd9\xa3",
    b"limit=",
    b"since=",
    b"q=",
    b"speaker=",
    b"api/",
    b"\\",
    b"\t",
    b"\xe2\x80\xae",
    b"\xef\xbb\xbf",
]


def mutate(data: bytes, rng: random.Random, others: list[bytes], limit: int) -> bytes:
    """One to four random edits: flips, inserted tokens, repeated chunks, splices with another input."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        pos = rng.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(pos, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[pos:pos] = rng.choice(_TOKENS) * rng.choice((1, 1, 2, 8, 64))
        elif op == 2 and out:
            a = rng.randrange(len(out))
            chunk = bytes(out[a : a + rng.randint(1, 64)])
            out[pos:pos] = chunk * rng.choice((2, 10, 100, 1000))
        elif op == 3 and out:
            del out[pos : pos + rng.randint(1, 256)]
        elif op == 4 and others:
            other = rng.choice(others)
            a = rng.randrange(len(other) + 1)
            out[pos:pos] = other[a : a + rng.randint(1, 2000)]
        else:
            out[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(out[:limit])


def corpus(directory: Path) -> dict[str, list[bytes]]:
    """The seed inputs of every target (``directory/<target>/*``)."""
    return {t: [p.read_bytes() for p in sorted((directory / t).glob("*")) if p.is_file()] for t in TARGETS}


def write_corpus(directory: Path, size: int = 3000) -> int:
    """Write every shape at ``size`` bytes as a seed file; returns how many were written."""
    for name, (target, make) in SHAPES.items():
        folder = directory / target
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(make(size))
    return len(SHAPES)


def inputs(
    seeds: dict[str, list[bytes]], targets: tuple[str, ...], count: int, seed: int, big_every: int, limit: int
) -> Iterator[tuple[int, str, str, bytes]]:
    """``count`` inputs ``(number, target, how it was made, bytes)``: seeds first, then mutations of
    seeds, and every ``big_every``-th input a hostile shape at a size up to ``big_every`` * 10 KB."""
    rng = random.Random(seed)
    n = 0
    for target in targets:
        for k, data in enumerate(seeds.get(target, [])):
            if n < count:
                yield n, target, f"seed {k}", data[:limit]
                n += 1
    names = [s for s in SHAPES if SHAPES[s][0] in targets]
    while n < count:
        if big_every and names and n % big_every == 0:
            name = rng.choice(names)
            size = rng.choice((50_000, 300_000, 1_000_000, 2_300_000))
            target, data = shape(name, size)
            yield n, target, f"shape {name} {size}", data[:limit]
        else:
            target = rng.choice(targets)
            pool = seeds.get(target) or [b""]
            yield n, target, "mutation", mutate(rng.choice(pool), rng, pool, min(limit, 64_000))
        n += 1
