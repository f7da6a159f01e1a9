"""``saidwhat serve``: browse the store in a web browser (read-only, bound to 127.0.0.1 by default).

The store must exist already (``saidwhat ingest`` fills it): serving never
creates an empty one by mistake. It is opened read-only.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import StoreError
from ..store.views import add_db_argument, open_store

NAME = "serve"
HELP = "a read-only web interface over the store: search, articles, speakers, comparisons"

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8765, help="port to listen on, 0 for any free one (default: 8765)"
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request on stderr")


def run(args: argparse.Namespace) -> int:
    from ..web import App, make_server

    if not 0 <= args.port <= 65535:
        raise StoreError(f"bad port {args.port}")
    with open_store(args) as store:
        app = App(store)
        try:
            server = make_server(app, args.host, args.port, quiet=args.quiet)
        except (OSError, UnicodeError, TypeError, ValueError) as err:  # TypeError: a host that is no text
            reason = getattr(err, "strerror", None) or err
            raise StoreError(f"cannot listen on {args.host}:{args.port}: {reason}") from err
        host, port = args.host, server.server_port
        if args.host not in _LOOPBACK:
            print(
                f"saidwhat: warning: listening on {args.host}, reachable from other machines", file=sys.stderr
            )
        print(f"saidwhat: serving {store.where} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0
