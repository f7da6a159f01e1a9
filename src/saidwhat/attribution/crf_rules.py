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

from ..model import Article, Block, BlockKind, Span, Statement
from ..nlp.tokens import line_spans
from .features import ParagraphView

__all__ = ["corpus_blocks", "rule_features", "rule_statements"]


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


def _marks(statements: Sequence[Statement]) -> tuple[dict[int, str], dict[int, str]]:
    """Role at each character covered by a rule span, and the role starting at each span start."""
    role_at: dict[int, str] = {}
    begins: dict[int, str] = {}
    for st in statements:
        parts: list[tuple[str, Span]] = [("content", c) for c in st.content]
        parts += [(r, s) for r, s in (("source", st.source), ("cue", st.cue)) if s is not None]
        for role, span in parts:
            begins.setdefault(span.start, role)
            for k in range(span.start, span.end):
                role_at.setdefault(k, role)
    return role_at, begins


def rule_features(statements: Sequence[Statement], views: Sequence[ParagraphView]) -> list[list[list[str]]]:
    """Extra attributes of every token of every view."""
    role_at, begins = _marks(statements)
    out = []
    for view in views:
        feats = []
        for tok in view.tokens:
            role = next((role_at[k] for k in range(tok.start, tok.end) if k in role_at), "none")
            f = [f"r={role}"]
            if any(k in begins for k in range(tok.start, tok.end)):
                f.append(f"rb={role}")
            feats.append(f)
        out.append(feats)
    return out
