"""``saidwhat speakers``: who is quoted most in the store; and the user's speaker corrections.

    saidwhat speakers [--by site|month|year] ...        who is quoted most
    saidwhat speakers merge A B                          A and B are one speaker (A goes into B)
    saidwhat speakers split A --article ID [--name N]    A's statements in these articles are someone else's
    saidwhat speakers rename A "New Name"                the name a speaker is shown under
    saidwhat speakers edits                              every correction, with when it was made

A and B are speaker keys or names they were stored under. Corrections are kept
in the store and applied again when pages are ingested later (see
:mod:`saidwhat.store.corrections`).
"""

from __future__ import annotations

import argparse
import json
import sys

from ..io.writers.layouts import SPEAKER_COUNT
from .arguments import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    filters_of,
    open_store,
    print_records,
)

NAME = "speakers"
HELP = "who is quoted most (by site, month or year); merge, split or rename speakers"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser, speaker=False)
    parser.add_argument(
        "--by", choices=("site", "month", "year"), help="one row per speaker and site or period"
    )
    parser.add_argument("--limit", type=int, default=30, help="the top N speakers (default: 30)")
    add_db_argument(parser)
    add_format_argument(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    merge = actions.add_parser("merge", help="merge speaker A into speaker B (one person under two names)")
    merge.add_argument("source", metavar="A", help="the speaker to merge (key or name)")
    merge.add_argument("target", metavar="B", help="the speaker it is (key or name)")
    split = actions.add_parser("split", help="give a speaker's statements in some articles to a new speaker")
    split.add_argument("speaker", metavar="A", help="the speaker to split (key or name)")
    split.add_argument(
        "--article",
        action="append",
        required=True,
        metavar="ID",
        help="an article (id, URL or path); repeatable",
    )
    split.add_argument("--name", help="the new speaker's name (default: A's name with a number)")
    rename = actions.add_parser("rename", help="show a speaker under another name")
    rename.add_argument("speaker", metavar="A", help="the speaker (key or name)")
    rename.add_argument("name", help="the new name")
    actions.add_parser("edits", help="list the corrections made, oldest first")
    for sub in actions.choices.values():
        add_db_argument(sub)


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        with open_store(args) as store:
            counts = store.speakers(limit=args.limit, by=args.by, **filters_of(args))
        print_records(counts, args.format, SPEAKER_COUNT)
        return 0
    if args.action == "edits":
        with open_store(args) as store:
            for edit in store.speaker_edits():
                print(json.dumps(edit, ensure_ascii=False))
        return 0
    with open_store(args, write=True, create=False) as store:
        if args.action == "merge":
            source, target, moved = store.merge_speakers(args.source, args.target)
            print(f"merged {source} into {target}: {moved} statement(s) moved", file=sys.stderr)
        elif args.action == "split":
            new_key, moved = store.split_speaker(args.speaker, args.article, args.name)
            print(f"split off {new_key}: {moved} statement(s) moved", file=sys.stderr)
        else:
            key = store.rename_speaker(args.speaker, args.name)
            print(f"renamed {key} to {args.name!r}", file=sys.stderr)
    return 0
