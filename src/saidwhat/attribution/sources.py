"""Source noun phrases: who is speaking, found with light patterns, not a parser.

The patterns cover what news writes before or after a cue: pronouns,
capitalised sequences, determiner + noun, titles + names, ``X's press
release``, ``officials familiar with the matter``, appositions and bracketed
notes. They return token ranges only; resolving "he" to a person belongs to the
speaker stage, and a relative clause is left out because PolNeAR leaves it out.
"""

from __future__ import annotations

from ..core.model import Span
from ..nlp.tokens import ABBREVIATIONS
from .units import MAX_ADVERBS, Rules, Unit, capitalised

__all__ = [
    "apposition_before_quote",
    "headish",
    "np_after",
    "np_inverted",
    "np_word",
    "skip_adverbs_back",
    "source_before",
    "subject",
    "token_range",
]


MAX_NP = 12  # tokens in a source noun phrase

MAX_ADJUNCTS_BACK = 6  # ... or of adjuncts (on Thursday evening said)

MAX_APPOSITION = 20  # tokens between a name and the comma before its cue (X, who ..., said)


def headish(r: Rules, u: Unit, i: int) -> bool:
    """A word that can head a source: a name, a source or document noun, or a share (42% say)."""
    w = u.words[i]
    if capitalised(u.tokens[i]):
        return w not in r.lex.words["not_names"] and w not in r.lex.words["determiners"]
    if w[:1].isdigit() and w.endswith("%"):
        return True  # 42% say ...
    return r.lex.has("source_nouns", w) or r.lex.has("document_nouns", w)


def _abbrev_dot(u: Unit, i: int) -> bool:
    """A full stop glued to a title or an initial (Sen. , J.) belongs to the name."""
    if u.words[i] != "." or i == 0 or u.tokens[i - 1].end != u.tokens[i].start:
        return False
    prev = u.tokens[i - 1].text
    return prev.lower() in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())


def np_word(r: Rules, u: Unit, i: int) -> bool:
    """A word that can stand inside a source noun phrase (head, modifier, initial or number)."""
    w = u.words[i]
    return headish(r, u, i) or r.lex.has("modifiers", w) or _abbrev_dot(u, i) or w[:1].isdigit()


def _extend_left(r: Rules, u: Unit, head: int, lo: int) -> int:
    """Grow a source leftwards from its head over names, modifiers and connectors, to a determiner."""
    a = head
    while a - 1 >= lo and head - a < MAX_NP:
        w = u.words[a - 1]
        if r.lex.has("determiners", w):
            if not _name_of_name(r, u, a - 1, lo):
                return a - 1
            a -= 2  # "the Office for the Western District": the name goes on before "for the"
            continue
        if (
            np_word(r, u, a - 1)
            and not u.quoted[a - 1]
            or r.lex.has("connectors", w)
            and a - 2 >= lo
            and np_word(r, u, a - 2)
            or _adjective_between(r, u, a - 1, lo)
        ):
            a -= 1
        else:
            break
    # lower-case modifiers up to a determiner: "the newly appointed spokesman", or up to a
    # possessor: "WeWork's parent company"
    for b in range(a - 1, max(lo - 1, a - 4), -1):
        w = u.words[b]
        if r.lex.has("determiners", w):
            return b
        if w in _POSSESSIVES and b - 1 >= lo and capitalised(u.tokens[b - 1]) and np_word(r, u, b - 1):
            return _extend_left(r, u, b - 1, lo)
        if w in _POSSESSIVES and b - 2 >= lo and _possessor_noun(r, u, b - 1, a + 1):
            return b - 2  # "the city's police"
        if capitalised(u.tokens[b]) and np_word(r, u, b) and not u.quoted[b]:
            continue  # "the Xinhua news agency": a name among the modifiers
        if not w.isalpha() or w in r.lex.words["not_names"] or u.tokens[b].text[:1].isupper():
            break
    return a


_POSSESSIVES = frozenset({"'s"})  # as normalised (’s is 's)


def _name_of_name(r: Rules, u: Unit, det: int, lo: int) -> bool:
    """``Office for the Western District``: a determiner after "of"/"for" that follows a
    capitalised name word continues a longer name (the phrase is kept whole, or cut)."""
    return (
        det - 2 >= lo
        and u.words[det - 1] in ("of", "for")
        and capitalised(u.tokens[det - 2])
        and np_word(r, u, det - 2)
        and not u.quoted[det - 2]
    )


def _adjective_between(r: Rules, u: Unit, b: int, lo: int) -> bool:
    """``Democratic presidential candidate``: a plain word between two capitalised ones."""
    w = u.words[b]
    if not w.isalpha() or w in r.lex.words["not_names"] or r.lex.has("adjuncts", w):
        return False
    return b - 1 >= lo and capitalised(u.tokens[b - 1]) and np_word(r, u, b - 1)


def _np_before(r: Rules, u: Unit, k: int, lo: int) -> tuple[int, int] | None:
    """The source noun phrase ending just before token ``k``, as a token range."""
    j = k - 1
    if j < lo or u.quoted[j]:
        return None
    if u.words[j] == ",":
        return _appositive(r, u, j, lo)
    if u.words[j] == ")":
        return _parenthesised(r, u, j, lo)
    if _pronoun_in_name(r, u, j, lo):
        return (_extend_left(r, u, j - 1, lo), k)  # "Vice Premier Liu He said": a surname, not "he"
    if r.lex.has("pronouns", u.words[j]) or u.words[j] in r.lex.relative_subjects:
        return (j, k)  # "who" as PolNeAR marks it: the antecedent is the speaker stage's business
    restrictive = _before_relative(r, u, j, lo)
    if restrictive is not None:
        return restrictive
    head = j
    if not headish(r, u, j):
        head = -1
        for m in range(j, max(lo, k - 9), -1):
            if r.lex.phrase_at("postmodifiers", u.words, m) > m and headish(r, u, m - 1):
                if all(w.isalpha() for w in u.words[m:k]):
                    head = m - 1
                break
        if head < lo:
            det = _determiner_left(r, u, j, lo)
            return (det, k) if det is not None else None
    return (_over_postmodifiers(r, u, _extend_left(r, u, head, lo), lo), k)


_MAX_POSTMODIFIERS = 2  # "a spokesman for the ministry of the interior": hops back over "for the", "of the"


def _over_postmodifiers(r: Rules, u: Unit, a: int, lo: int) -> int:
    """``A spokesman for the company said``: a noun phrase found from its last word ("the
    company") that a post-modifier joins to a source head before it starts at that head's
    phrase."""
    for _ in range(_MAX_POSTMODIFIERS):
        m = _postmodifier_before(r, u, a, lo)
        if m is None:
            break
        a = _extend_left(r, u, m - 1, lo)
    return a


def _postmodifier_before(r: Rules, u: Unit, a: int, lo: int) -> int | None:
    """The start of a post-modifier phrase ("for the", "of a") that reaches token ``a`` or just past
    it, right after a source head; None when there is none."""
    for m in (a - 1, a - 2):
        if m - 1 < lo or u.quoted[m] or u.quoted[m - 1]:
            continue
        end = r.lex.phrase_at("postmodifiers", u.words, m)
        if a <= end <= a + 1 and headish(r, u, m - 1) and (not capitalised(u.tokens[m - 1]) or _opens_plural(r, u, m - 1, lo)):
            return m
    return None


def _opens_plural(r: Rules, u: Unit, b: int, lo: int) -> bool:
    """``Officials at the hospital said``: a source noun capitalised only because it opens the
    sentence (in the plural, so not a name's head such as "Office for the Western District")."""
    w = u.words[b]
    return b == lo and w.endswith("s") and u.tokens[b].text[1:].islower() and r.lex.has("source_nouns", w)


_MAX_RELATIVE = 12  # tokens of a restrictive relative clause read back from the cue


def _pronoun_in_name(r: Rules, u: Unit, j: int, lo: int) -> bool:
    """``Liu He said``: a capitalised word spelled like a pronoun, one space after a capitalised
    word that is a name (not "What He Said"), is part of that name."""
    tok = u.tokens[j]
    if j - 1 < lo or not tok.text[:1].isupper() or not tok.text[1:].islower():
        return False
    prev, word = u.tokens[j - 1], u.words[j - 1]
    fw = r.lex.function_words
    if word in fw["clause_openers"] or word in fw["question_words"] or word in fw["auxiliaries"]:
        return False
    return (
        prev.text[:1].isupper()
        and prev.text.isalpha()
        and prev.end + 1 == tok.start
        and headish(r, u, j - 1)
        and not r.lex.has("adverbs", word)
    )


def _before_relative(r: Rules, u: Unit, j: int, lo: int) -> tuple[int, int] | None:
    """``A firefighter who did not want to be named said ...``: the noun phrase before a relative
    clause that runs up to the cue (no comma: a restrictive clause), without the clause, as
    PolNeAR leaves relative clauses out of sources."""
    for w in range(j - 1, max(lo, j - _MAX_RELATIVE) - 1, -1):
        word = u.words[w]
        if u.quoted[w] or not (word.isalpha() or word in ("'", "’")):
            return None
        if word in r.lex.person_relatives and w - 1 >= lo and u.words[w - 1].isalpha():
            return _np_before(r, u, w, lo)
    return None


def _determiner_left(r: Rules, u: Unit, j: int, lo: int) -> int | None:
    """``the insider said``: a plain noun is a source when a determiner stands close before it."""
    if (
        not u.words[j].isalpha()
        or u.words[j] in r.lex.words["not_names"]
        or r.lex.has("adjuncts", u.words[j])
    ):
        return None
    for b in range(j - 1, max(lo - 1, j - 4), -1):
        w = u.words[b]
        if r.lex.has("determiners", w):
            return b
        if not w.isalpha() or w in r.lex.words["not_names"] or r.lex.has("adjuncts", w):
            return None
    return None


def _appositive(r: Rules, u: Unit, comma: int, lo: int) -> tuple[int, int] | None:
    """The source before ``, said``: ``X, however, said`` (X), ``Nancy Pelosi, the House
    speaker, said`` and ``X, who ..., said`` (the name with its apposition)."""
    for m in range(comma - 1, max(lo, comma - 5) - 1, -1):
        if u.words[m] == ",":
            if r.lex.phrase_at("interjections", u.words, m + 1) == comma:
                return _np_before(r, u, m, lo) if m - 1 >= lo and u.words[m - 1] != "," else None
            break
    for m in range(comma - 1, max(lo, comma - MAX_APPOSITION) - 1, -1):
        if u.quoted[m]:
            return None
        if u.words[m] != ",":
            continue
        nxt = m + 1
        if u.words[nxt] not in r.lex.relatives:
            np = np_after(r, u, nxt, comma, limit=MAX_APPOSITION)
            described = np is not None and (np[1] == comma or u.words[np[1]] in r.lex.noun_complements)
            if not described and not _loose_apposition(r, u, m, comma):
                return None
        if m - 1 < lo or u.words[m - 1] == ",":
            return None
        name = _np_before(r, u, m, lo)
        if name is None:
            return None
        # PolNeAR keeps an apposition in the source but not a relative clause
        return name if u.words[nxt] in r.lex.relatives else (name[0], comma)
    return None


_APPOSITION_MARKS = frozenset(["'s", "’s", "-", "&", "."])


def _loose_apposition(r: Rules, u: Unit, m: int, comma: int) -> bool:
    """``Charles Simpson, program administrator for the Refugees in Towns Project, told ...``: a
    name, then between two commas words that the noun lists do not know but that read as a
    description (no clause: no verb of saying, auxiliary, pronoun, clause opener or quotation),
    right before the cue."""
    if m < 1 or not capitalised(u.tokens[m - 1]) or not headish(r, u, m - 1):
        return False
    words = u.words[m + 1 : comma]
    if not words or len(words) > MAX_APPOSITION or any(u.quoted[m + 1 : comma]):
        return False
    for k, w in enumerate(words, m + 1):
        if w in _APPOSITION_MARKS:
            if w != "&" and u.tokens[k - 1].end != u.tokens[k].start:
                return False  # glued marks only: "34-year-old", "Tufts University's", "Sen."
        elif not w.replace("-", "").isalnum() or _clause_word(r, u, k):
            return False
    return True


def _clause_word(r: Rules, u: Unit, k: int) -> bool:
    """A word that makes a clause rather than a description: an opener, an auxiliary, a pronoun,
    an adverb or a cue."""
    w, fw = u.words[k], r.lex.function_words
    return (
        w in fw["clause_openers"]
        or w in fw["auxiliaries"]
        or r.lex.has("pronouns", w)
        or r.lex.has("adverbs", w)
        or r.lex.match_cue(u.words, k) is not None
    )


def _parenthesised(r: Rules, u: Unit, close: int, lo: int) -> tuple[int, int] | None:
    """``Rep. Hank Johnson (D-Ga.) said``: a name followed by a bracketed note."""
    for m in range(close - 1, max(lo, close - 8) - 1, -1):
        if u.words[m] == "(":
            name = _np_before(r, u, m, lo) if m - 1 >= lo and u.words[m - 1] not in ",()" else None
            return (name[0], close + 1) if name is not None else None
    return None


def np_after(r: Rules, u: Unit, a: int, end: int, limit: int = MAX_NP) -> tuple[int, int] | None:
    """The noun phrase starting at token ``a`` (before ``end``), as a token range."""
    if a >= end or u.quoted[a]:
        return None
    if r.lex.has("pronouns", u.words[a]):
        return (a, a + 1)
    b = a + 1 if r.lex.has("determiners", u.words[a]) else a
    first = b
    while b < end and b - a < limit and not u.quoted[b]:
        w = u.words[b]
        if _possessive(r, u, b, first, end):
            b += 1
        elif b == first and _possessor_noun(r, u, b, end):
            b += 2  # "the city's police": a plain noun that owns the phrase's head
        elif _participle_modifier(r, u, b, end):
            b += 2  # "the newly appointed chair": an adverb and a participle before a word of the phrase
        elif b == first > a and capitalised(u.tokens[b]) and b + 1 < end and capitalised(u.tokens[b + 1]):
            b += 1  # "The We Company": a capitalised word between "The" and a name is the name's
        elif (
            (np_word(r, u, b) or _unknown_modifier(r, u, b, end))
            and (b > first or not _abbrev_dot(u, b))
            or (
                (r.lex.has("connectors", w) or r.lex.has("determiners", w))
                and b > first
                and b + 1 < end
                and (np_word(r, u, b + 1) or r.lex.has("determiners", u.words[b + 1]))
            )
        ):
            b += 1
        else:
            break
    while b > first and (r.lex.has("connectors", u.words[b - 1]) or r.lex.has("determiners", u.words[b - 1])):
        b -= 1
    if b == first or not any(headish(r, u, i) for i in range(first, b)):
        return None
    return (a, b)


def _possessive(r: Rules, u: Unit, b: int, first: int, end: int) -> bool:
    """``Acme's recently named chair``: a possessive ending after a word of the phrase, with the
    phrase going on after it."""
    return (
        u.words[b] in _POSSESSIVES
        and b > first
        and b + 1 < end
        and (np_word(r, u, b + 1) or _participle_modifier(r, u, b + 1, end))
    )


def _possessor_noun(r: Rules, u: Unit, b: int, end: int) -> bool:
    """``the city's police`` / ``the company's chief``: a lower-case noun and its possessive ending
    right after a determiner, before a word of the phrase."""
    return (
        b > 0
        and r.lex.has("determiners", u.words[b - 1])
        and u.words[b].isalpha()
        and u.tokens[b].text.islower()
        and b + 2 < end
        and u.words[b + 1] in _POSSESSIVES
        and np_word(r, u, b + 2)
    )


def _participle_modifier(r: Rules, u: Unit, b: int, end: int) -> bool:
    """``newly appointed`` / ``recently named`` before a word of the phrase."""
    w = u.words[b]
    return (
        b + 2 < end
        and w.endswith("ly")
        and w.isalpha()
        and u.tokens[b].text.islower()
        and u.words[b + 1].endswith("ed")
        and u.words[b + 1].isalpha()
        and u.tokens[b + 1].text.islower()
        and np_word(r, u, b + 2)
    )


def _unknown_modifier(r: Rules, u: Unit, b: int, end: int) -> bool:
    """``study co-author Anezina Solomonidou``: a plain lower-case word the lists do not know,
    right before a word of a source, read as its modifier. Not a verb by its look (no -ed, -ing),
    no function word, adverb or cue."""
    w = u.words[b]
    if b + 1 >= end or not w.replace("-", "").isalpha() or not u.tokens[b].text.islower():
        return False
    if w.endswith(("ed", "ing")) or _clause_word(r, u, b):
        return False
    fw = r.lex.function_words
    if w in fw["prepositions"] or w in fw["relatives"] or w in fw["noun_complements"]:
        return False
    return not r.lex.has("not_names", w) and not r.lex.has("adjuncts", w) and np_word(r, u, b + 1)


def source_before(r: Rules, u: Unit, i: int, lo: int) -> tuple[int, int] | None:
    """The source of the cue at ``i``, with adverbs (has also said) or adjuncts (on Thursday
    evening said) allowed between them."""
    k = skip_adverbs_back(r, u, i, lo)
    source = _np_before(r, u, k, lo)
    if source is not None:
        return source
    b = k
    while (
        b - 1 >= lo
        and k - b < MAX_ADJUNCTS_BACK
        and not u.quoted[b - 1]
        and (
            r.lex.has("adjuncts", u.words[b - 1])
            or r.lex.has("adverbs", u.words[b - 1])
            or u.words[b - 1].isdigit()
            or (b < k and r.lex.has("determiners", u.words[b - 1]))
        )
    ):
        b -= 1
    if b == k or not r.lex.has("adjuncts", u.words[b]):
        return None
    return _np_before(r, u, b, lo)


def skip_adverbs_back(r: Rules, u: Unit, i: int, lo: int) -> int:
    """Step back over adverbs before a cue (has also said), so that the source is found before them."""
    k = i
    while k - 1 >= lo and i - k < MAX_ADVERBS and r.lex.has("adverbs", u.words[k - 1]):
        k -= 1
    return k


def subject(r: Rules, u: Unit, lo: int, limit: int) -> tuple[int, int] | None:
    """``Carson rejected the notion, saying ...``: the noun phrase that opens the sentence."""
    starts = [lo] + [k + 1 for k in range(lo, min(limit, lo + 10)) if u.words[k] == ","][:1]
    for a in starts:
        while a < limit and (u.words[a] in r.lex.clause_openers or r.opens(u.tokens[a])):
            a += 1
        np = np_after(r, u, a, limit)
        if np is None:
            continue
        b = np[1]
        if b < limit and u.words[b] == ",":  # Gary Emineth, a former chairman, became ...
            b = next((t + 1 for t in range(b + 1, min(limit, b + MAX_APPOSITION)) if u.words[t] == ","), b)
        if b < limit and u.words[b].isalpha() and r.lex.match_cue(u.words, b) is None:
            return np
    return None


def token_range(u: Unit, span: Span) -> tuple[int, int] | None:
    """The token range of a span found earlier, when it lies on this unit's token boundaries."""
    a = next((k for k, t in enumerate(u.tokens) if t.start == span.start), None)
    b = next((k for k, t in enumerate(u.tokens) if t.end == span.end), None)
    return (a, b + 1) if a is not None and b is not None else None


def np_inverted(r: Rules, u: Unit, j: int, end: int) -> tuple[int, int] | None:
    """The source after an inverted cue (``said one party activist``), with an apposition
    running to the end of the sentence (``said Jim Clyburn, a Democratic congressman``)."""
    np = np_after(r, u, j, end)
    if np is None or (np[1] < end and u.words[np[1]] != "," and not r.lex.has("adjuncts", u.words[np[1]])):
        starts = j < end and (r.lex.has("determiners", u.words[j]) or np_word(r, u, j))
        b = j
        while (
            starts
            and b < end
            and b - j < MAX_NP
            and not u.quoted[b]
            and (u.words[b].isalpha() or _abbrev_dot(u, b) or r.lex.has("connectors", u.words[b]))
            and (b == j or not (r.lex.has("adjuncts", u.words[b]) or u.words[b] in r.lex.auxiliaries))
            and u.words[b] not in r.lex.subordinators  # said a spokesperson when contacted: not hers
        ):
            b += 1
        np = (j, b) if starts and b > j + (1 if r.lex.has("determiners", u.words[j]) else 0) else None
    if np is None:
        return None
    b = np[1]
    if b < end and u.words[b] == "(":
        close = next((t for t in range(b + 1, min(len(u.words), b + 8)) if u.words[t] == ")"), None)
        if close is not None:
            np = (np[0], close + 1)
            b = close + 1
    if b + 1 >= end or u.words[b] != "," or u.words[b + 1] in r.lex.relatives:
        return np  # ", who ..." is left to the tail: PolNeAR keeps relative clauses out of sources
    nxt = b + 1
    if not (np_word(r, u, nxt) or r.lex.has("determiners", u.words[nxt])):
        return np
    for t in range(nxt, end):  # an apposition runs to the end, or to a relative clause
        if u.quoted[t]:
            return np
        if u.words[t] == "," and t + 1 < end and u.words[t + 1] in r.lex.relatives:
            return (np[0], t)
    return (np[0], end)


def apposition_before_quote(r: Rules, u: Unit, np: tuple[int, int], end: int) -> tuple[int, int]:
    """``"A," said Robert Klein, chairman of the institute, "B."``: the apposition is the source's."""
    b = np[1]
    if b + 1 >= end or u.words[b] != "," or u.words[b + 1] in r.lex.relatives or r.opens(u.tokens[b + 1]):
        return np
    for t in range(b + 1, min(end - 1, b + MAX_APPOSITION)):
        if u.quoted[t] or r.lex.match_cue(u.words, t) is not None:
            return np
        if u.words[t] == "," and r.opens(u.tokens[t + 1]):
            return (np[0], t)
    return np
