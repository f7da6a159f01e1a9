"""``saidwhat train MODEL``: the one way to train each of saidwhat's models.

- ``attribution``: the attribution tagger (and its part-of-speech tagger) on PolNeAR train
  (:mod:`saidwhat_dev.train.attribution`), a model directory with its ``manifest.json``;
- ``verifier``: the statement verifier on PolNeAR train and the real-page gold set's dev pages
  (:mod:`saidwhat_dev.train.verifier`);
- ``furniture``: the text-dump line classifier on the labelled furniture pages
  (:mod:`saidwhat_dev.train.furniture`);
- ``dumps``: the text-dump layout model on the extraction benchmark's pages 0-7 rendered as
  dumps, the hand-labelled dumps and synthetic short dumps of PolNeAR train articles
  (:mod:`saidwhat_dev.train.dumps`; ``--polnear``, default ../shared/data/polnear), and the
  labelled pages of every ``--pages DIR`` (a folder in the benchmark's format).

Each writes into ``--out DIR`` (default: a new directory in the current directory), never into
the installed package unless ``--install`` says so. Deterministic: the same data and settings
give the same model; the settings and counts are recorded beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

NAME = "train"
HELP = "train one of saidwhat's models (attribution, verifier, furniture, dumps) into a new directory"
MODELS = ("attribution", "verifier", "furniture", "dumps")
_HELPS = {
    "attribution": "the attribution tagger on PolNeAR train (CPU, 2 cores, well under an hour)",
    "verifier": "the statement verifier on PolNeAR train and the real-page gold set's dev pages",
    "furniture": "the text-dump line classifier on the labelled furniture pages (seconds)",
    "dumps": "the text-dump layout model on the extraction benchmark's pages 0-7 and the labelled dumps",
}
_BENCHMARK = Path("../shared/data/extraction-benchmark")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="model", required=True, metavar="MODEL")
    for name in MODELS:
        p = sub.add_parser(name, help=_HELPS[name], description=_HELPS[name])
        _add_output(p, name)
        if name in ("attribution", "verifier"):
            p.add_argument("--data", type=Path, required=True, help="the PolNeAR directory (with train/)")
        if name in ("verifier", "dumps"):
            p.add_argument(
                "--benchmark", type=Path, default=_BENCHMARK, help="the extraction benchmark folder"
            )
        if name == "dumps":
            p.add_argument(
                "--polnear",
                type=Path,
                default=_BENCHMARK.parent / "polnear",
                help="the PolNeAR directory (its train split gives the synthetic short dumps)",
            )
            p.add_argument(
                "--pages",
                type=Path,
                action="append",
                default=[],
                metavar="DIR",
                help="a folder of more labelled pages in the benchmark's format (ground-truth.json with each"
                " page's articleBody and url, html/ID.html.gz), all of them trained on; repeatable",
            )
        if name == "verifier":
            p.add_argument(
                "--model",
                metavar="DIR",
                default=None,
                help="the attribution model whose statements the verifier learns to judge (default: the shipped one)",
            )
        if name == "attribution":
            from saidwhat_dev.train.attribution import TrainSettings
            from saidwhat_dev.train.network import NetSettings

            for settings in (TrainSettings(), NetSettings()):
                _add_fields(p, settings)
        if name == "furniture":
            from saidwhat_dev.train.furniture import TrainSettings as LineSettings

            defaults = LineSettings()
            p.add_argument("--epochs", type=int, default=defaults.epochs, help="(default %(default)s)")
            p.add_argument("--seed", type=int, default=defaults.seed, help="(default %(default)s)")
        p.set_defaults(run=_RUNS[name])


def _add_output(parser: argparse.ArgumentParser, name: str) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"directory to write the model into (default: a new saidwhat-{name}-TIME in the current directory)",
    )
    where.add_argument(
        "--install",
        action="store_true",
        help="write into the installed saidwhat package, replacing the model it ships",
    )


def _add_fields(parser: argparse.ArgumentParser, defaults: Any) -> None:
    from saidwhat.attribution.manifest import ARCHITECTURES

    for f in fields(defaults):
        value = getattr(defaults, f.name)
        flag = f"--{f.name.replace('_', '-')}"
        if f.name == "architecture":
            parser.add_argument(flag, choices=tuple(ARCHITECTURES), default=value, help="(default %(default)s)")
        elif isinstance(value, bool):
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=value)
        else:
            parser.add_argument(flag, type=type(value), default=value, help=f"(default {value})")


def output_dir(args: argparse.Namespace, installed: Path) -> Path:
    """Where the model goes: ``--out``, the package's own directory ``installed`` with ``--install``,
    else a new directory ``saidwhat-MODEL-TIME`` in the current directory."""
    if args.install:
        return installed
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        out: Path = args.out
        return out
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = Path.cwd() / f"saidwhat-{args.model}-{stamp}"
    out, n = base, 1
    while out.exists():
        n += 1
        out = base.with_name(f"{base.name}-{n}")
    out.mkdir(parents=True)
    return out


def _attribution(args: argparse.Namespace) -> int:
    from saidwhat.attribution.manifest import DEFAULT_MODEL_DIR
    from saidwhat_dev.train.attribution import TrainSettings, train_model
    from saidwhat_dev.train.network import NetSettings

    out = output_dir(args, DEFAULT_MODEL_DIR)
    settings = TrainSettings(**{f.name: getattr(args, f.name) for f in fields(TrainSettings)})
    net = NetSettings(**{f.name: getattr(args, f.name) for f in fields(NetSettings)})
    train_model(args.data, out, settings, net=net)
    print(f"use it with: saidwhat extract --model {out} FILE")
    return 0


def _verifier(args: argparse.Namespace) -> int:
    from saidwhat.attribution.verifier import DEFAULT_VERIFIER
    from saidwhat_dev.train.verifier import train_verifier

    out = output_dir(args, DEFAULT_VERIFIER.parent) / DEFAULT_VERIFIER.name
    report = train_verifier(args.data, args.benchmark, out, model=args.model)
    print(json.dumps(asdict(report), indent=1))
    print(f"verifier written to {out}", file=sys.stderr)
    return 0


def _furniture(args: argparse.Namespace) -> int:
    from saidwhat.pages.furniture import MODEL_FILE
    from saidwhat_dev.train.furniture import TrainSettings, train_model

    model = train_model(settings=TrainSettings(epochs=args.epochs, seed=args.seed))
    out = output_dir(args, _package_data()) / MODEL_FILE
    model.save(out)
    print(f"wrote {out} ({len(model.weights)} features, {model.meta['examples']} segments)")
    return 0


def _dumps(args: argparse.Namespace) -> int:
    from saidwhat.pages.dump_layout import DEFAULT_MODEL
    from saidwhat_dev.train.dumps import train_layout

    out = output_dir(args, DEFAULT_MODEL.parent) / DEFAULT_MODEL.name
    print(json.dumps(train_layout(args.benchmark, out, polnear=args.polnear, pages=args.pages), indent=1))
    print(f"layout model written to {out}", file=sys.stderr)
    return 0


def _package_data() -> Path:
    from importlib import resources

    return Path(str(resources.files("saidwhat.data")))


_RUNS: dict[str, Callable[[argparse.Namespace], int]] = {
    "attribution": _attribution,
    "verifier": _verifier,
    "furniture": _furniture,
    "dumps": _dumps,
}


def run(args: argparse.Namespace) -> int:  # replaced by the model's own run
    raise AssertionError("unreachable: argparse sets the model's run")
