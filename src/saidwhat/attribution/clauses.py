"""Boundaries shared by the constructions: where a cue, its listener and its content stop.

Kept apart from the constructions so that every rule cuts content the same
way (before a separator, before a coordinated cue or an adverbial clause of the
reporting sentence) and marks the cue as PolNeAR does (the verb group, with
the adjuncts before ``that``).
"""

from __future__ import annotations

from ..core.model import Span
from ..lang import quote_marks
from ..nlp.tokens import ABBREVIATIONS, Token
from .lexicon import Cue
from .sources import np_after, skip_adverbs_back
from .units import MAX_ADVERBS, Rules, Unit, capitalised, token_span

__all__ = [
    "before_separator",
    "coordinated_end",
    "skip_object",
    "skip_to_that",
    "tail_end",
    "tail_ok",
    "verb_group",
]


MAX_TAIL = 12  # tokens allowed after "X said" before the end of the sentence

_CLOSING_MARKS = frozenset(quote_marks().chars("loose_closers"))

_DASHES = frozenset({"—", "–", "--", "-"})


def before_separator(r: Rules, u: Unit, sep: int, lo: int) -> Span | None:
    """Content ending at the separator token ``sep`` (a comma, a dash, or a closing mark)."""
    if sep < lo:
        return None
    tok = u.tokens[sep]
    if r.closes(tok):
        return Span(_after_lead_in(r, u, tok, lo), tok.end)
    if tok.text in _CLOSING_MARKS and sep - 1 > lo and u.words[sep - 1] in (",", "?", "!", "."):
        return Span(u.tokens[lo].start, tok.end)  # a quotation whose opening mark was not found
    if u.words[sep] in (",", ":") or u.words[sep] in _DASHES:
        return token_span(u, lo, sep)
    return None


def _after_lead_in(r: Rules, u: Unit, closing: Token, lo: int) -> int:
    """Where the content of ``...: "quotation," X said`` starts: at the quotation, when the writer
    leads into it with a colon ("Harper remembered the anxiety of it: "The script just said
    ...," Harper said"); else at the clause's start."""
    q = r.quote_at(closing.start)
    start = u.tokens[lo].start
    if q is None or q.span.start <= start:
        return start
    return q.span.start if r.text[start : q.span.start].rstrip().endswith(":") else start


def tail_ok(r: Rules, u: Unit, t: int, end: int) -> bool:
    """What may follow ``X said`` to the end of the sentence: adjuncts, or ``, adding ...``."""
    if t >= end:
        return True
    first = t + 1 if u.words[t] == "," else t  # ", surrounded by aides" is an aside too
    if first >= end:
        return False
    w = u.words[first]
    if first > t and (w in r.lex.adverbial or w in r.lex.relatives):
        return True  # "..., he said, before insisting ..." / "said X, who ...": the rest is the reporter's
    if end - t > MAX_TAIL:
        return False
    if first > t and not (
        r.lex.has("adjuncts", w) or (w.endswith(("ed", "ing", "en")) and w not in r.lex.auxiliaries)
    ):
        return False
    if first == t and not (r.lex.has("adjuncts", w) or w.endswith("ing")):
        return False
    for i in range(t, end):
        if u.quoted[i] or r.lex.match_cue(u.words, i) is not None:
            return False
        if u.words[i] in r.lex.complementizers and not _relative_that(r, u, i, end):
            return False
    return True


def _relative_that(r: Rules, u: Unit, i: int, end: int) -> bool:
    """``said X in an email to staff that was reviewed by Reuters``: a "that" right after a noun
    and before an auxiliary opens a relative clause on the noun, not a clause of what was said."""
    return (
        u.words[i] == "that"
        and i + 1 < end
        and u.words[i + 1] in r.lex.auxiliaries
        and i > 0
        and u.words[i - 1].isalpha()
        and u.words[i - 1] not in r.lex.auxiliaries
    )


def tail_end(r: Rules, u: Unit, t: int, end: int) -> int:
    """Where the tail after a cue stops: at ``, adding`` if any, else at the clause end."""
    for i in range(t, end - 1):
        nxt = r.lex.match_cue(u.words, i + 1)
        if u.words[i] == "," and nxt is not None and nxt[1].gerund:
            return i
    return end


def skip_object(r: Rules, u: Unit, c: int, end: int, cue: Cue) -> int:
    """The listener of ``told``: him, reporters, Fox News, the show."""
    if not cue.object or c >= end:
        return c
    if r.lex.has("object_pronouns", u.words[c]):
        return c + 1
    obj = np_after(r, u, c, end, limit=6)
    if obj is not None:
        return obj[1]
    nxt = u.words[c + 1] if c + 1 < end else ""
    if r.lex.has("determiners", u.words[c]) and nxt.isalpha() and nxt not in r.lex.words["not_names"]:
        return c + 2
    return c


def _abbreviation_dot(u: Unit, t: int) -> bool:
    """The full stop of "Sept." or "Dec." inside a date: part of the phrase, not a sentence end."""
    return (
        u.words[t] == "."
        and t > 0
        and u.tokens[t - 1].end == u.tokens[t].start
        and u.words[t - 1] in ABBREVIATIONS
    )


def skip_to_that(r: Rules, u: Unit, c: int, end: int) -> int:
    """Skip adjuncts (in a statement on Tuesday, at a festival in Houston last week) when a
    'that' or a colon follows them."""
    phrase = c < end and u.words[c] in r.lex.prepositions  # a prepositional phrase: any plain words
    for t in range(c, min(end, c + (12 if phrase else 9))):
        w = u.words[t]
        if w == ":" or w in r.lex.complementizers or (w == "," and t + 1 < end and r.opens(u.tokens[t + 1])):
            return t
        if u.quoted[t] or r.lex.match_cue(u.words, t) is not None:
            break
        if not (
            (phrase and (w.isalpha() or w[:1].isdigit() or _abbreviation_dot(u, t)))
            or r.lex.has("adjuncts", w)
            or r.lex.has("determiners", w)
            or capitalised(u.tokens[t])
            or r.lex.has("document_nouns", w)
            or w == ","
        ):
            break
    return c


def verb_group(r: Rules, u: Unit, i: int, j: int, source: tuple[int, int], lo: int) -> tuple[int, int]:
    """The cue as PolNeAR marks it: with the auxiliaries and adverbs between the source and the
    verb (``has also said``) and the adjuncts before a ``that`` (``said in a statement that``)."""
    k = skip_adverbs_back(r, u, i, lo)
    start = k if source[1] == k else i
    while j - 1 > i and u.words[j - 1] == ",":
        j -= 1
    return (start, j)


def _trailing_attribution(r: Rules, u: Unit, a: int, end: int) -> bool:
    """Whether the sentence ends at ``a`` with a source and its cue (", the office said in a
    statement."): a statement of its own, which holds what comes before it."""
    np = np_after(r, u, a, end)
    if np is None or np[1] >= end or r.lex.has("pronouns", u.words[np[0]]):
        return False
    hit = r.lex.match_cue(u.words, np[1])
    return hit is not None and hit[1].kind == "verb" and not hit[1].gerund and tail_ok(r, u, hit[0], end)


def coordinated_end(r: Rules, u: Unit, c: int, end: int) -> int:
    """``X said A and warned that B`` / ``X praised A, saying B``: content A stops before the
    coordinated cue; and before an adverbial clause of the reporting sentence (``, but``,
    ``, while``, ``;``), which PolNeAR leaves out of the content."""
    for t in range(c + 1, end - 1):
        if r.closes(u.tokens[t]) and u.words[t - 1] == "," and _trailing_attribution(r, u, t + 1, end):
            return t + 1  # '... he said, "I'll put a bullet in her skull," the attorney's office said'
        if u.quoted[t]:
            continue
        w = u.words[t]
        if w == "," and _trailing_attribution(r, u, t + 1, end):
            return t  # "... recalled that he was there, the attorney's office said": the office's
        if w == ";" or (w == "," and u.words[t + 1] in r.lex.adverbial):
            return t
        if w in r.lex.contrast_conjunctions and (
            r.lex.has("pronouns", u.words[t + 1]) or capitalised(u.tokens[t + 1])
        ):
            return t
        if w == ",":
            hit = r.lex.match_cue(u.words, t + 1)
            if hit is not None and hit[1].gerund:
                return t
        if u.words[t] in r.lex.coordinators:  # quoted tokens were skipped above
            k = t + 1
            while k < end and k - t <= MAX_ADVERBS and r.lex.has("adverbs", u.words[k]):
                k += 1
            hit = r.lex.match_cue(u.words, k) if k < end else None
            if hit is not None and hit[1].kind == "verb" and not hit[1].gerund:
                return t - 1 if u.words[t - 1] == "," else t
    return end
