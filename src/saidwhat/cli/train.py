"""``saidwhat train``: retrain the attribution model (and its part-of-speech tagger) on PolNeAR.

``--component verifier`` trains the statement verifier; ``--component dumps``
the text-dump layout model (from the extraction benchmark's pages 0-7 and the
hand-labelled dumps, :mod:`saidwhat.eval.dumps_train`), which needs no PolNeAR.

Deterministic: the same data and settings give the same model. The settings
and counts are recorded in ``settings.json`` beside the model files.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, fields
from pathlib import Path

from ..attribution.crf_train import ARCHITECTURES, TrainSettings, train_model
from ..attribution.neural_train import NetSettings
from ..attribution.tagger import DEFAULT_MODEL_DIR

NAME = "train"
HELP = "train the attribution model on PolNeAR train (CPU, 2 cores, well under an hour)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=None, help="PolNeAR directory (with train/); not for dumps"
    )
    parser.add_argument(
        "--component",
        choices=("tagger", "verifier", "dumps"),
        default="tagger",
        help="what to train: the attribution tagger (default), the statement verifier, which also "
        "reads the real-page gold set's dev pages (--benchmark), or the text-dump layout model "
        "(--benchmark pages 0-7 rendered as dumps, and the hand-labelled dumps)",
    )
    parser.add_argument(
        "--benchmark",
        type=Path,
        default=Path("../shared/data/extraction-benchmark"),
        help="the extraction benchmark folder (for --component verifier and dumps)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="model directory (tagger) or file (verifier, dumps); default: the package's own",
    )
    for settings in (TrainSettings(), NetSettings()):
        _add_fields(parser, settings)


def _add_fields(parser: argparse.ArgumentParser, defaults: TrainSettings | NetSettings) -> None:
    for f in fields(defaults):
        value = getattr(defaults, f.name)
        flag = f"--{f.name.replace('_', '-')}"
        if f.name == "architecture":
            parser.add_argument(flag, choices=ARCHITECTURES, default=value, help="(default %(default)s)")
        elif isinstance(value, bool):
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=value)
        else:
            parser.add_argument(flag, type=type(value), default=value, help=f"(default {value})")


def run(args: argparse.Namespace) -> int:
    if args.component == "dumps":
        from ..eval.dumps_train import train_layout
        from ..pages.dump_layout import DEFAULT_MODEL

        print(json.dumps(train_layout(args.benchmark, args.out or DEFAULT_MODEL), indent=1))
        return 0
    if args.data is None:
        print(
            "saidwhat: train: --data (the PolNeAR directory) is needed for the tagger and verifier",
            file=sys.stderr,
        )
        return 2
    if args.component == "verifier":
        from ..attribution.verifier import DEFAULT_VERIFIER
        from ..eval.verifier_train import train_verifier

        report = train_verifier(args.data, args.benchmark, args.out or DEFAULT_VERIFIER)
        print(json.dumps(asdict(report), indent=1))
        return 0
    args.out = args.out or DEFAULT_MODEL_DIR
    settings = TrainSettings(**{f.name: getattr(args, f.name) for f in fields(TrainSettings)})
    net = NetSettings(**{f.name: getattr(args, f.name) for f in fields(NetSettings)})
    train_model(args.data, args.out, settings, net=net)
    return 0
