"""The demo corpus: short fictional news pages that ship inside the package.

Each page in ``pages/`` (text dumps and HTML) has a hand-written expected
result in ``expected/`` with the same stem and a ``.json`` suffix; pages whose
expected results share a ``story`` key are accounts of the same event by
different outlets.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["demo_pages", "demo_stories"]


def demo_pages() -> list[Traversable]:
    """The demo pages, in name order."""
    folder = resources.files(__name__).joinpath("pages")
    return sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")), key=lambda p: p.name)


def demo_stories() -> dict[str, list[str]]:
    """Story key -> names of the demo pages that report it (only stories told more than once)."""
    folder = resources.files(__name__).joinpath("expected")
    stories: dict[str, list[str]] = {}
    for page in demo_pages():
        expected = folder.joinpath(page.name.rsplit(".", 1)[0] + ".json")
        if expected.is_file():
            story = json.loads(expected.read_text(encoding="utf-8")).get("story")
            if story:
                stories.setdefault(story, []).append(page.name)
    return {key: names for key, names in stories.items() if len(names) > 1}
