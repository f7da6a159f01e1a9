"""``saidwhat train``: retrain the attribution model (and its part-of-speech tagger) on PolNeAR.

Deterministic: the same data and settings give the same model. The settings
and counts are recorded in ``settings.json`` beside the model files.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, fields
from pathlib import Path

from ..attribution.crf_train import ARCHITECTURES, TrainSettings, train_model
from ..attribution.neural_train import NetSettings
from ..attribution.tagger import DEFAULT_MODEL_DIR

NAME = "train"
HELP = "train the attribution model on PolNeAR train (CPU, 2 cores, well under an hour)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR directory (with train/)")
    parser.add_argument(
        "--component",
        choices=("tagger", "verifier"),
        default="tagger",
        help="what to train: the attribution tagger (default) or the statement verifier, which also "
        "reads the real-page gold set's dev pages (--benchmark)",
    )
    parser.add_argument(
        "--benchmark",
        type=Path,
        default=Path("../shared/data/extraction-benchmark"),
        help="the extraction benchmark folder (for --component verifier)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="model directory (tagger) or file (verifier); default: the package's own",
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
