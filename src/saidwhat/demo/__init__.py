"""The demo corpus: short fictional news pages that ship inside the package.

Each page in ``pages/`` (text dumps and HTML) has a hand-written expected
result in ``expected/`` with the same stem and a ``.json`` suffix.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["demo_pages"]


def demo_pages() -> list[Traversable]:
    """The demo pages, in name order."""
    folder = resources.files(__name__).joinpath("pages")
    return sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")), key=lambda p: p.name)
