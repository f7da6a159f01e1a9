"""Build an article's clean text block by block, keeping offsets exact."""

from __future__ import annotations

from ..core.model import Block, BlockKind, Span

__all__ = ["TextBuilder"]

SEPARATOR = "\n\n"


class TextBuilder:
    """Append blocks of text; each becomes a :class:`Block` spanning exactly its text.

    Blocks are separated by a blank line, so that paragraph boundaries survive
    in the plain text too.
    """

    __slots__ = ("_length", "_parts", "blocks")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(self, kind: BlockKind, text: str) -> Block | None:
        text = text.strip()
        if not text:
            return None
        if self._parts:
            self._parts.append(SEPARATOR)
            self._length += len(SEPARATOR)
        block = Block(kind, Span(self._length, self._length + len(text)))
        self._parts.append(text)
        self._length += len(text)
        self.blocks.append(block)
        return block

    @property
    def text(self) -> str:
        return "".join(self._parts)
