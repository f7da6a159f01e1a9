"""Data files of saidwhat that belong to no language (aliases, encodings, models' weights).

What saidwhat knows about a language (cue words, furniture phrases, speaker
words) is in :mod:`saidwhat.lang`, with the quotation marks.

Code says how to use them; these files say what they are. Each module that
needs one loads it through :func:`package_json` and validates its shape.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..core.errors import DataError, SaidwhatError

__all__ = ["package_json"]


def package_json(name: str, error: type[SaidwhatError] = DataError) -> tuple[Any, str]:
    """The parsed JSON file ``name`` of this package and the name to cite in errors."""
    where = f"saidwhat/data/{name}"
    try:
        return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8")), where
    except (OSError, ValueError) as err:
        raise error(f"cannot read: {err}", where) from err
