"""The ``saidwhat`` command line: one module per command, listed in :data:`COMMANDS`.

Each command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Errors of saidwhat reach the user as one line on stderr,
never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..core.errors import SaidwhatError
from ..io.writers.terminal import safe

__all__ = ["COMMANDS", "main"]

COMMANDS = [
    "extract",
    "demo",
    "eval",
    "train",
    "ingest",
    "spark",
    "failures",
    "search",
    "speakers",
    "speaker",
    "compare",
    "export",
    "serve",
]


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="saidwhat", description="Who said what in news pages: statements, speakers, relays."
    )
    parser.add_argument("--version", action="version", version=f"saidwhat {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except SaidwhatError as err:
        # safe: one line, whatever the message quotes (an argument's line breaks, a page's terminal
        # controls), and the bytes of an argument that are not UTF-8 come escaped
        print(f"saidwhat: {safe(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("saidwhat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
