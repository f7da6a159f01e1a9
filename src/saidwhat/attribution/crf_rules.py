"""The rules' own statements as CRF features (stacking), when the model was trained with them.

The rules of :mod:`.rules` are precise where they fire (quotations with an
explicit cue, "X said that ..."), the CRF generalises to the long tail of
cues; giving the CRF each token's rule role (``r=cue``, ``rb=cue`` at a span's
first token, the statement kind) lets it learn when to trust them. Rules are
deterministic, so no cross-validation is needed to train on their output. A
model trained this way must be retrained when the rules change (the eval
gate notices when they drift).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.model import Article, Block, BlockKind, Span, Statement
from ..nlp.tokens import line_spans
from .features import ParagraphView

__all__ = ["RuleMarks", "corpus_blocks", "rule_features", "rule_statements"]


def corpus_blocks(text: str) -> list[Block]:
    """Blocks of a corpus text as :func:`saidwhat.pipeline.analyse_text` makes them."""
    return [
        Block(BlockKind.TITLE if i == 0 else BlockKind.PARAGRAPH, s) for i, s in enumerate(line_spans(text))
    ]


def rule_statements(article: Article) -> list[Statement]:
    """The outermost statements the rules find (quotations found first when not yet set)."""
    from .quotes import find_quotes
    from .rules import find_statements

    quotes = article.quotes or find_quotes(article.text, article.blocks or None)
    probe = Article(input=article.input, text=article.text, blocks=article.blocks, quotes=quotes)
    return [s for s in find_statements(probe) if s.parent is None]


_ROLES = ("none", "content", "source", "cue")  # index = the byte that marks a character


class RuleMarks:
    """The role of the rule span over each character, and where spans begin.

    One byte per character of the text (the first role written wins, as with a
    statement's content before its source and cue), so the memory is the text's
    length whatever the number and length of the spans (a per-character dict
    took some seventy bytes per character of a page the rules covered whole).
    """

    def __init__(self, statements: Sequence[Statement], size: int) -> None:
        roles = bytearray(size)
        begins = bytearray(size)
        for st in statements:
            parts: list[tuple[str, Span]] = [("content", c) for c in st.content]
            parts += [(r, s) for r, s in (("source", st.source), ("cue", st.cue)) if s is not None]
            for role, span in parts:
                start, end = max(span.start, 0), min(span.end, size)
                if start < size:
                    begins[start] = 1
                # 0 (unmarked) becomes the role, every other byte stays: the first role wins, in C
                roles[start:end] = roles[start:end].translate(_FILL[_ROLES.index(role)])
        self._roles = bytes(roles)
        self._begins = bytes(begins)

    def features(self, views: Sequence[ParagraphView]) -> list[list[list[str]]]:
        """Extra attributes of every token of every view."""
        out = []
        for view in views:
            feats = []
            for role, begins in self.roles(view):
                feats.append([f"r={role}", f"rb={role}"] if begins else [f"r={role}"])
            out.append(feats)
        return out

    def roles(self, view: ParagraphView) -> list[tuple[str, bool]]:
        """Each token's role (``r=``) and whether a rule span begins in it (``rb=``)."""
        out = []
        marked, begun = self._roles, self._begins
        for tok in view.tokens:
            first = marked[tok.start : tok.end].lstrip(b"\0")[:1]
            out.append((_ROLES[first[0]] if first else "none", 1 in begun[tok.start : tok.end]))
        return out


_FILL = [bytes([code, *range(1, 256)]) for code in range(len(_ROLES))]


def rule_features(statements: Sequence[Statement], views: Sequence[ParagraphView]) -> list[list[list[str]]]:
    """Extra attributes of every token of every view."""
    size = max((len(v.text) for v in views), default=0)
    return RuleMarks(statements, size).features(views)
