"""``saidwhat eval NAME``: the measures of saidwhat, one module each in :mod:`saidwhat_dev.eval`.

Each evaluation module defines ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and prints a table (or JSON with ``--json``).
"""

from __future__ import annotations

import argparse
import importlib

NAME = "eval"
HELP = "measure saidwhat on a gold set (PolNeAR attribution, furniture, speakers, page extraction)"

EVALUATIONS = ["polnear", "furniture", "speakers", "extraction", "pages", "names"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="evaluation", required=True, metavar="NAME")
    for name in EVALUATIONS:
        module = importlib.import_module(f"saidwhat_dev.eval.{name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)


def run(args: argparse.Namespace) -> int:  # replaced by the evaluation's own run
    raise AssertionError("unreachable: argparse sets the evaluation's run")
