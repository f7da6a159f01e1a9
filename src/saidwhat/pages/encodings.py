"""Charset labels as browsers read them: the WHATWG Encoding Standard's, and no others.

A page or its transport names its charset with a label (``latin1``,
``Shift_JIS``, ``utf8``); ``data/encodings.json`` lists every label of the
standard with the Python codec that decodes it as a browser does. Python's
own codec names go further (``rot13``, ``base64``, ``zlib``, ``unicode_escape``
are codecs too, some of them not text encodings at all), so a label is looked
up in that list only: any other label is no declaration.
"""

from __future__ import annotations

import codecs
import functools
from typing import Any

from ..core.errors import DataError
from ..data import package_json

__all__ = ["codec_for"]

_STRIP = "\t\n\f\r \"'"  # ASCII whitespace (as the standard strips it) and the quotes of a sloppy attribute


def codec_for(label: str) -> str | None:
    """The Python codec (its canonical name) for a charset label; None when the label is not one of
    the standard's, or names an encoding browsers refuse to decode ('replacement')."""
    return _labels().get(label.strip(_STRIP).lower())


@functools.cache
def _labels() -> dict[str, str | None]:
    data, where = package_json("encodings.json")
    entries = data.get("encodings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DataError("must hold an object with a non-empty 'encodings' list", where)
    labels: dict[str, str | None] = {}
    for entry in entries:
        codec = _codec(entry, where)
        for label in entry["labels"]:
            if label in labels:
                raise DataError(f"label {label!r} is listed twice", where)
            labels[label] = codec
    return labels


def _codec(entry: Any, where: str) -> str | None:
    """The canonical name of an entry's codec, checked to be a text encoding Python has."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise DataError("each encoding needs a 'name'", where)
    name, codec, labels = entry["name"], entry.get("codec"), entry.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x for x in labels):
        raise DataError(f"{name}: 'labels' must be a non-empty list of strings", where)
    if any(label != label.strip(_STRIP).lower() for label in labels):
        raise DataError(f"{name}: labels must be lower case, without spaces or quotes", where)
    if codec is None:
        return None
    try:
        "".encode(codec)  # a codec that is not a text encoding (base64, zlib) raises LookupError here
        return codecs.lookup(codec).name
    except (LookupError, TypeError) as err:
        raise DataError(f"{name}: {codec!r} is not a text encoding of this Python ({err})", where) from err
