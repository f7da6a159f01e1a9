"""One typed options object for the whole pipeline.

Each setting is declared once, with its default and its help text; the command
line is derived from these declarations (:func:`add_arguments`), so a new
setting appears in ``saidwhat extract --help`` without further code. A number
outside its declared bounds is a :class:`~saidwhat.core.errors.UsageError`, from
the command line and from Python alike.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import UsageError

__all__ = ["Options", "add_arguments", "from_namespace"]


def _setting(
    default: Any,
    help: str,
    choices: tuple[str, ...] | None = None,
    bounds: tuple[float, float] | None = None,
    metavar: str | None = None,
) -> Any:
    """One setting: its default, help, and the values it takes (``choices``, or numbers in ``bounds``);
    ``metavar`` names its value in ``--help``."""
    meta: dict[str, Any] = {"help": help}
    if metavar:
        meta["metavar"] = metavar
    if choices:
        meta["choices"] = choices
    if bounds:
        meta["bounds"] = bounds
    return field(default=default, metadata=meta)


def _check(name: str, value: Any, bounds: tuple[float, float]) -> None:
    """A number within its bounds (finite, and whole for a whole-number setting), else a UsageError."""
    low, high = bounds
    whole = isinstance(low, int)
    number = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not number or not (low <= value <= high):  # NaN fails every comparison
        kind = "a whole number" if whole else "a number"
        flag = "--" + name.replace("_", "-")
        raise UsageError(f"{flag} must be {kind} from {_shown(low)} to {_shown(high)}, not {value!r}")


def _shown(bound: float) -> str:
    return f"{int(bound):,}" if float(bound).is_integer() else f"{bound:,}"


@dataclass(slots=True, frozen=True)
class Options:
    input_format: str = _setting(
        "auto",
        "input format; 'auto' detects it from the content",
        ("auto", "text", "html", "warc"),
    )
    max_bytes: int = _setting(20_000_000, "per-document size limit in bytes", bounds=(1, 2**62))
    max_seconds: float = _setting(
        30.0, "per-document time limit in seconds (0: none)", bounds=(0.0, 365 * 86400.0)
    )
    attribution: str = _setting(
        "auto",
        "attribution method: the learned model with rules ('auto', 'model') or rules only",
        ("auto", "model", "rules"),
    )
    model: str | None = _setting(
        None,
        "attribution model directory, with its manifest.json (default: the model shipped with saidwhat)",
        metavar="DIR",
    )
    min_confidence: float = _setting(
        0.0,
        "report only statements whose confidence (the verifier's calibrated probability that the "
        "statement and its speaker are right) is at least this; 0.5 hides what saidwhat is unsure of",
    )
    aliases: str | None = _setting(None, "extra speaker alias file (JSON) merged with the built-in one")
    language: str | None = _setting(None, "language of the input when known (ISO 639-1)")

    def __post_init__(self) -> None:
        for f in fields(self):
            if "bounds" in f.metadata:
                _check(f.name, getattr(self, f.name), f.metadata["bounds"])

    def with_(self, **changes: Any) -> Options:
        return replace(self, **changes)


def add_arguments(parser: argparse.ArgumentParser, skip: tuple[str, ...] = ()) -> None:
    """Add one ``--flag`` per setting of :class:`Options` to ``parser``."""
    for f in fields(Options):
        if f.name in skip:
            continue
        flag = "--" + f.name.replace("_", "-")
        kwargs: dict[str, Any] = {"dest": f.name, "default": f.default, "help": f.metadata["help"]}
        if "metavar" in f.metadata:
            kwargs["metavar"] = f.metadata["metavar"]
        if "choices" in f.metadata:
            kwargs["choices"] = f.metadata["choices"]
        elif isinstance(f.default, bool):
            kwargs["action"] = argparse.BooleanOptionalAction
        elif isinstance(f.default, int):
            kwargs["type"] = int
        elif isinstance(f.default, float):
            kwargs["type"] = float
        parser.add_argument(flag, **kwargs)


def from_namespace(ns: argparse.Namespace) -> Options:
    values = {f.name: getattr(ns, f.name) for f in fields(Options) if hasattr(ns, f.name)}
    return Options(**values)
