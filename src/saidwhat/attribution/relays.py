"""Running the constructions over a unit, and relayed speech inside what was found.

``The ministry said that the minister replied that "..."``: a statement whose
content is reported speech is searched again for a cue, to a bounded depth, and
what is found there gets the outer statement as its ``parent``. Tokens a
statement covers are marked used so that one cue never yields two statements.
"""

from __future__ import annotations

from ..core.model import Span, Statement, StatementKind
from .constructions import CONSTRUCTIONS, nominal
from .lexicon import Cue
from .statements import emit
from .units import Match, Rules, Unit

__all__ = ["apply_rules"]


MAX_RELAY_DEPTH = 3



def _sub_unit(r: Rules, u: Unit, span: Span) -> Unit | None:
    """The tokens of a content span as a unit of their own, where a relayed cue is searched."""
    keep = [k for k, t in enumerate(u.tokens) if span.start <= t.start and t.end <= span.end]
    if len(keep) < 3:
        return None
    a, b = keep[0], keep[-1] + 1
    return Unit(u.tokens[a:b], u.words[a:b], u.quoted[a:b], u.block)


def apply_rules(r: Rules, u: Unit, parent: str | None = None, depth: int = 0) -> list[Statement]:
    """Run the rules on every cue of a unit; relayed statements are searched in the contents."""
    out: list[Statement] = []
    words, quoted = u.words, u.quoted
    used = [False] * len(words)
    cue_starts, speech_nouns = r.cue_starts, r.speech_nouns
    noun_markers = r.lex.function_words["noun_markers"]  # after them a cue word is a noun
    i = 0
    while i < len(words):
        word = words[i]
        noun = word in speech_nouns
        starts_cue = not quoted[i] and word in cue_starts
        if used[i] or not (noun or starts_cue):
            i += 1  # most words start nothing: two set lookups spare them the rest
            continue
        starts_cue = starts_cue and not (i > 0 and words[i - 1] in noun_markers)  # "reported the call"
        hit = r.lex.match_cue(words, i) if starts_cue else None
        found = _emitted(r, u, nominal(r, u, i), parent) if noun else None  # "her claim that ..."
        if found is None and hit is not None:
            found = _first_rule(r, u, i, hit[0], hit[1], parent)
        if found is None:
            i += 1
            continue
        j = hit[0] if hit is not None and found[1].rule != "nominal" else i + 1
        st, m = found
        out.append(st)
        _mark_used(u, used, st)
        if depth < MAX_RELAY_DEPTH and st.kind is not StatementKind.DIRECT and m.relay:
            for span in st.content:
                sub = _sub_unit(r, u, span)
                if sub is not None:
                    out.extend(apply_rules(r, sub, st.id, depth + 1))
        i = j
    return out


def _first_rule(
    r: Rules, u: Unit, i: int, j: int, cue: Cue, parent: str | None
) -> tuple[Statement, Match] | None:
    """The first construction that matches the cue and yields a statement."""
    for rule in CONSTRUCTIONS:
        found = _emitted(r, u, rule(r, u, i, j, cue, 0), parent)
        if found is not None:
            return found
    return None


def _emitted(r: Rules, u: Unit, m: Match | None, parent: str | None) -> tuple[Statement, Match] | None:
    """The statement of a construction's match, with the match; None when there is none."""
    st = emit(r, u, m, parent) if m is not None else None
    return (st, m) if st is not None and m is not None else None


def _mark_used(u: Unit, used: list[bool], st: Statement) -> None:
    """Mark tokens covered by a statement, so that its content's cues start no other one here."""
    spans = list(st.content) + [s for s in (st.source, st.cue) if s is not None]
    for k, tok in enumerate(u.tokens):
        if any(s.start <= tok.start and tok.end <= s.end for s in spans):
            used[k] = True
