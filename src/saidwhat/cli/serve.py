"""``saidwhat serve``: browse, chart and correct the store in a web browser (127.0.0.1 by default).

The store must exist already (``saidwhat ingest`` fills it): serving never
creates an empty one by mistake. It is read through a pool of read-only
connections; only ``--allow-edits`` opens its writer, for the corrections
(merge, split, rename speakers; mark statements wrong; undo a merge).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from ..core.errors import StoreError, UsageError
from ..store import resolve_target
from .arguments import add_db_argument

NAME = "serve"
HELP = "a web page over the store: search, articles, speakers, charts, comparisons, corrections"

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8765, help="port to listen on, 0 for any free one (default: 8765)"
    )
    parser.add_argument(
        "--allow-edits",
        action="store_true",
        help="let the page correct speakers (merge, split, rename, undo a merge) and mark statements wrong",
    )
    parser.add_argument(
        "--editor", default=None, help="who the corrections are recorded as made by (default: web:USER)"
    )
    parser.add_argument(
        "--readers", type=int, default=4, help="database connections serving pages side by side (default: 4)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes serving pages (default: 1; more use more cores; read-only, not with --allow-edits)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request on stderr")


def _editor(args: argparse.Namespace) -> str:
    if args.editor:
        return " ".join(str(args.editor).split())[:100]
    try:
        return f"web:{getpass.getuser()}"
    except (OSError, KeyError):
        return "web"


def run(args: argparse.Namespace) -> int:
    try:
        from ..web import bind, create_app, serve
        from ..web.server import serve_workers
    except ImportError as err:  # the `web` extra is not installed
        raise UsageError(
            f"saidwhat serve needs the web extra: pip install 'saidwhat[web]' ({err.name} is missing)"
        ) from err

    if not 0 <= args.port <= 65535:
        raise StoreError(f"bad port {args.port}")
    if not 1 <= args.readers <= 64:
        raise UsageError(f"--readers must be from 1 to 64, not {args.readers}")
    if not 1 <= args.workers <= 32:
        raise UsageError(f"--workers must be from 1 to 32, not {args.workers}")
    if args.workers > 1 and args.allow_edits:
        raise UsageError(
            "corrections go through one writer: --allow-edits serves in one process (drop --workers)"
        )
    app = create_app(
        resolve_target(args.db), allow_edits=args.allow_edits, editor=_editor(args), readers=args.readers
    )
    try:
        sock = bind(args.host, args.port)
    except (OSError, UnicodeError, TypeError, ValueError) as err:  # TypeError: a host that is no text
        app.state.site.stores.close()
        reason = getattr(err, "strerror", None) or err
        raise StoreError(f"cannot listen on {args.host}:{args.port}: {reason}") from err
    port = sock.getsockname()[1]
    if args.host not in _LOOPBACK:
        print(f"saidwhat: warning: listening on {args.host}, reachable from other machines", file=sys.stderr)
    host = f"[{args.host}]" if ":" in args.host else args.host
    edits = " with edits allowed" if args.allow_edits else ""
    where = app.state.site.stores.where
    workers = f" in {args.workers} processes" if args.workers > 1 else ""
    print(
        f"saidwhat: serving {where}{edits}{workers} at http://{host}:{port}/ (Ctrl-C to stop)",
        file=sys.stderr,
    )
    try:
        if args.workers > 1:
            app.state.site.stores.close()  # the store is there: each worker opens its own readers
            settings = {
                "SAIDWHAT_SERVE_DB": resolve_target(args.db),
                "SAIDWHAT_SERVE_READERS": str(args.readers),
            }
            serve_workers(sock, args.workers, settings, quiet=args.quiet)
        else:
            serve(app, sock, quiet=args.quiet)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0
