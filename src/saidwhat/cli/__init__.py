"""The ``saidwhat`` command line: one module per command, listed in :data:`COMMANDS`.

Each command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Errors of saidwhat reach the user as one line on stderr,
never as a traceback.

Other distributions add commands through the entry-point group :data:`GROUP`
(``name = "package.module"``, a module of the same shape): the development
distribution ``saidwhat-dev`` (``dev/``) adds ``train`` and ``eval`` so. They are found with
:mod:`importlib.metadata` and a module is imported only when its command is run
(or the full ``--help`` is asked), so ``saidwhat extract`` loads no training code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from ..core.errors import SaidwhatError
from ..io.writers.terminal import safe

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["COMMANDS", "GROUP", "main"]

GROUP = "saidwhat.commands"
COMMANDS = [
    "extract",
    "demo",
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


# commands of the development distribution: without it, they say in one line how to get it
DEV_COMMANDS = {
    "train": "train one of saidwhat's models",
    "eval": "measure saidwhat on a gold set",
}
DEV_MISSING = (
    "'saidwhat {name}' comes with the development distribution saidwhat-dev: "
    "from a checkout of saidwhat, run 'pip install -e ./dev' (or 'make setup')"
)


def plugin_commands() -> dict[str, EntryPoint]:
    """The commands other distributions add (group :data:`GROUP`), by name; none is imported."""
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=GROUP) if ep.name not in COMMANDS}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv`` (None: for any command line). A command added by another
    distribution is imported only when ``argv`` runs it (or asks for the full help): the others
    are placeholders that are never parsed."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="saidwhat", description="Who said what in news pages: statements, speakers, relays."
    )
    parser.add_argument("--version", action="version", version=f"saidwhat {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        _add_command(sub, importlib.import_module(f".{name}", __name__))
    wanted = _command_word(argv)
    if wanted in COMMANDS:
        return parser  # a built-in command: no need to look for the others
    plugins = plugin_commands()
    for name, ep in sorted(plugins.items()):
        if wanted is None or wanted == name:
            _add_command(sub, _load(ep), name)
        else:
            sub.add_parser(name, help=DEV_COMMANDS.get(name, f"(from {ep.value})"), add_help=False)
    for name, help in DEV_COMMANDS.items():
        if name not in plugins:  # listed in the help; main() says how to get it
            sub.add_parser(name, help=f"{help} (needs saidwhat-dev)", add_help=False)
    return parser


def _add_command(sub: argparse._SubParsersAction, module: ModuleType, name: str | None = None) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(name or module.NAME, help=module.HELP, description=module.HELP)
    module.add_arguments(p)
    p.set_defaults(run=module.run)


def _load(ep: EntryPoint) -> ModuleType:
    module = ep.load()
    if not isinstance(module, ModuleType):
        raise TypeError(f"entry point {ep.name} = {ep.value} of group {GROUP} must name a module")
    return module


def _command_word(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` runs (its first word that is not an option), or None (help, usage)."""
    if argv is None:
        return None
    args = list(argv)
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None or any(a in ("-h", "--help") for a in args[: args.index(first)]):
        return None
    return first


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wanted = _command_word(argv)
    if wanted in DEV_COMMANDS and wanted not in plugin_commands():
        print(f"saidwhat: {DEV_MISSING.format(name=wanted)}", file=sys.stderr)
        return 2
    parser = build_parser(argv)
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
