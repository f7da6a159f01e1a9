"""``saidwhat failures``: the inputs that could not be extracted or stored, with their reasons.

``saidwhat ingest`` says each failure as it happens and records it in the
store; this lists them afterwards. A page that is stored later (retried with
``--retry-failed``, or its file fixed) leaves the list.
"""

from __future__ import annotations

import argparse

from ..io.writers.layouts import FAILURE
from .arguments import add_db_argument, add_format_argument, open_store, print_records

NAME = "failures"
HELP = "list the inputs that failed to be extracted or stored, with the reason"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        failures = store.failures()
    print_records(failures, args.format, FAILURE)
    return 0
