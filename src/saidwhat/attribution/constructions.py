"""The construction rules, one function each, tried in the order of ``CONSTRUCTIONS``.

Each takes the unit, the cue's token range ``[i, j)`` and the cue, and returns
a :class:`~saidwhat.attribution.units.Match` or None. The order matters (the
first match wins), so it is one visible tuple at the end of this module; the
table in :mod:`saidwhat.attribution.rules` shows the form each rule reads.
"""

from __future__ import annotations

from ..core.model import Span
from .clauses import (
    before_separator,
    coordinated_end,
    skip_object,
    skip_to_that,
    tail_end,
    tail_ok,
    verb_group,
)
from .lexicon import Cue
from .sources import (
    apposition_before_quote,
    np_after,
    np_inverted,
    skip_adverbs_back,
    source_before,
    subject,
    token_range,
)
from .units import (
    Match,
    Rules,
    Unit,
    capitalised,
    clause_end,
    token_span,
)

__all__ = ["CONSTRUCTIONS", "nominal"]


MAX_ACCORDING = 25  # tokens of an "according to" source (early results of the exit poll by ...)


MAX_SKIPPED_ADJUNCTS = 3  # words between an inverted cue and its source (mardi soir, am Dienstag)


def _according(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``According to X, ...`` (content after) / ``..., according to X.`` (content before)."""
    if cue.kind != "according":
        return None
    end = clause_end(u, j)
    b = j
    while b < end and u.words[b] not in (",", ":") and b - j < MAX_ACCORDING:
        b += 1  # a quotation may stand in the source: according to his book ''The Art of the Deal''
    if any(u.quoted[t] for t in range(j, min(b, j + 1))):
        return None
    if b == j or (b < end and u.words[b] not in (",", ":")):
        return None
    source = (j, b)
    rest = token_span(u, b + 1, coordinated_end(r, u, b + 1, end)) if b < end else None
    if rest is not None and i > lo and _writers_clause(r, u, b + 1):
        rest = None  # "X is investigating WeWork, according to two people, adding to ...": the writer's
    if i == lo or (i == lo + 1 and u.words[lo] in r.lex.clause_openers):
        return Match("according", (i, j), source, [rest], relay=True) if rest else None
    start = _last_clause_break(u, lo, i - 1)
    before = before_separator(r, u, i - 1, start) if i - 1 > start else None
    if before is None:
        return None
    return Match("according", (i, j), source, [before] + ([rest] if rest else []))


def _last_clause_break(u: Unit, lo: int, hi: int) -> int:
    """Where the clause that ends at ``hi`` starts: after the last dash or semicolon outside
    quotations (``It's unclear whether ... — both were said to ..., according to X``)."""
    for t in range(hi - 1, lo, -1):
        if not u.quoted[t] and u.words[t] in _CLAUSE_BREAKS:
            return t + 1
    return lo


_CLAUSE_BREAKS = frozenset({";", "—", "–", "--"})  # not "-": a hyphen inside a word is a token too


def _passive(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``... – emphasized by X.``: a participle cue with its source after ``by`` at the sentence end."""
    if not cue.participle or j >= len(u.words) or u.words[j] != "by":
        return None
    end = clause_end(u, j + 1)
    source = np_after(r, u, j + 1, end)
    if source is None or source[1] != end:
        return None
    s = i
    while s - 1 > lo and u.words[s - 1] in r.lex.auxiliaries:
        s -= 1
    content = before_separator(r, u, s - 1, lo)
    if content is None and s < i and s > lo:
        content = token_span(u, lo, s)
    return Match("passive", (i, j + 1), source, [content]) if content else None


MAX_QUOTED_BY = 10  # tokens of the outlet between a participle cue and "as saying" (quoted by ... as saying)


def _quoted_as(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``X was quoted by Reuters as saying ...``: a participle cue, perhaps its outlet after "by",
    a phrase of ``quoted_as`` ("as saying"), then the content; the subject before the cue's
    auxiliaries speaks."""
    if not cue.participle:
        return None
    n = len(u.words)
    c = _quoted_as_end(r, u, j, n)
    if c is None:
        return None
    s = i
    while s - 1 > lo and u.words[s - 1] in r.lex.auxiliaries:
        s -= 1
    source = source_before(r, u, s, lo) if s < i else None
    if source is None:
        return None
    cue_end = c
    c = skip_to_that(r, u, c, n)
    that = c < n and (u.words[c] in r.lex.complementizers or r.opens(u.tokens[c]))
    end = coordinated_end(r, u, c, clause_end(u, c))
    if end - c < 2:
        return None
    return Match("quoted", (s, cue_end), source, [Span(u.tokens[c].start, u.tokens[end - 1].end)], that=that)


def _quoted_as_end(r: Rules, u: Unit, j: int, n: int) -> int | None:
    """The end of the ``quoted_as`` phrase right after the cue or after its "by ..." outlet."""
    for k in range(j, min(n, j + 1 + MAX_QUOTED_BY)):
        if u.quoted[k] or (k > j and u.words[j] != "by") or u.words[k] in (",", ".", ";"):
            return None
        c = r.lex.phrase_at("quoted_as", u.words, k, 4)
        if c > k:
            return c if c < n else None
    return None


def _new_subject(r: Rules, u: Unit, after: int, k: int) -> tuple[int, int] | None:
    """``China said ..., while the city's police deny accusations and say ...``: a clause opened
    after the statement before, with a subject of its own, is what the joined cue continues."""
    first = next((t for t, tok in enumerate(u.tokens) if tok.start >= after), k)
    for t in range(k - 1, first - 1, -1):
        if u.words[t] in r.lex.coordinators or u.words[t] not in r.lex.clause_openers:
            continue
        np = np_after(r, u, t + 1, k)
        if np is not None and np[1] < k and u.words[np[1]].isalpha() and not r.lex.has("pronouns", u.words[np[0]]):
            return np
        return None
    return None


def _gerund(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``..., he said, adding that ...`` / ``X said A and warned that B``: the source of the
    statement just found in this unit."""
    k = skip_adverbs_back(r, u, i, lo)
    if k - 1 < lo:
        return None
    joined = u.words[k - 1] in r.lex.coordinators and not cue.gerund
    if not (joined or (cue.gerund and u.words[k - 1] == ",")):
        return None
    previous = r.found[-1] if r.found else None
    source = None
    same_unit = (
        previous is not None
        and previous.cue is not None
        and (u.tokens[lo].start <= previous.cue.start < u.tokens[i].start)
    )
    if same_unit and previous is not None and previous.source is not None and previous.cue is not None:
        source = _new_subject(r, u, previous.cue.end, k - 1) or token_range(u, previous.source)
    if source is None:
        source = subject(r, u, lo, k - 1)
    if source is None:
        return None
    c = skip_to_that(r, u, j, len(u.words))
    that = c < len(u.words) and (u.words[c] == ":" or u.words[c] in r.lex.complementizers)
    c += 1 if that and u.words[c] == ":" else 0
    content = token_span(u, c, coordinated_end(r, u, c, clause_end(u, c)))
    return Match("continued", (i, j), source, [content], that=that) if content else None


def _inverted(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``..., X said.`` (source before the cue), else ``..., said X.`` (after it)."""
    end = clause_end(u, j)
    before = source_before(r, u, i, lo)
    # "Nancy Pelosi, the House speaker, said the bill ...": a subject before the cue rules out "said X"
    subject = before is not None and (before[0] == lo or u.words[before[0] - 1] in r.lex.clause_openers)
    # "..., show Nigerian actress Kate Henshaw ...": some cues never put their source after them
    after = None if subject or not cue.inverts else np_inverted(r, u, j, end) or _after_adjuncts(r, u, j, end)
    forms = [
        (before, _separator_before(r, u, before[0], lo) if before else -1, skip_object(r, u, j, end, cue)),
        (after, i - 1, after[1] if after else -1),
    ]
    for source, sep, tail in forms:
        if source is None or sep <= lo or not tail_ok(r, u, tail, tail_end(r, u, tail, end)):
            continue
        content = before_separator(r, u, sep, lo)
        if content is not None:
            return Match("inverted", verb_group(r, u, i, j, source, lo), source, [content], relay=False)
    return None


def _separator_before(r: Rules, u: Unit, a: int, lo: int) -> int:
    """The token that ends the content before a source at ``a``: the one before it, or the comma
    before a comment opener ("they're focused on their customers, as one CEO told me")."""
    sep = a - 1
    if sep - 1 > lo and u.words[sep] in r.lex.function_words["comment_openers"] and u.words[sep - 1] == ",":
        return sep - 1
    return sep


def _after_adjuncts(r: Rules, u: Unit, j: int, end: int) -> tuple[int, int] | None:
    """The source of ``..., a déclaré mardi le ministre.`` / ``..., sagte am Dienstag der Minister.``:
    a few ``inverted_adjuncts`` (time words of languages that put them there), then a
    determiner-led noun phrase that ends the sentence."""
    k = j
    while k < end and k - j < MAX_SKIPPED_ADJUNCTS and r.lex.has("inverted_adjuncts", u.words[k]):
        k += 1
    if k == j or k >= end or not r.lex.has("determiners", u.words[k]):
        return None
    np = np_inverted(r, u, k, end)
    if np is None:
        return None
    b = np[1]
    ends = b >= end - 1 or (u.words[b] == "," and b + 1 < end and u.words[b + 1] in r.lex.relatives)
    return np if ends else None


def _writers_clause(r: Rules, u: Unit, t: int) -> bool:
    """A clause after the source that the reporter adds (", adding to ...", ", as ...", ", which
    ..."), not more of what the source said."""
    if t >= len(u.words) or not u.tokens[t].text.islower():
        return False
    w = u.words[t]
    return w.endswith("ing") or w in r.lex.subordinators or w in ("as", "which")


def _sentence_goes_on(r: Rules, u: Unit, close: int, sep2: int, lo: int) -> bool:
    """``While some carry two phones, and "we love you for that," Cook said, most do ...``: a
    quotation opened inside the sentence, and the sentence going on in plain words after the cue
    (not "before adding", "as he left"): one statement around its cue."""
    t = close - 1
    while t > lo and u.quoted[t]:
        t -= 1
    nxt = sep2 + 1
    return (
        t > lo  # words of the sentence before the quotation opens
        and nxt < len(u.words)
        and u.words[nxt].isalpha()
        and u.tokens[nxt].text.islower()
        and not _writers_clause(r, u, nxt)
        and u.words[nxt] not in ("and", "but", "then", "in", "on", "at", "for", "to", "with")
    )


def _parenthetical(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``The minister, the ministry said, had offered ...`` / ``"A," he said, "B."``: the cue
    interrupts the content."""
    end = clause_end(u, j)
    source = source_before(r, u, i, lo)
    if source is not None:
        sep1, sep2 = source[0] - 1, skip_object(r, u, j, end, cue)
    else:
        source = np_after(r, u, j, end)
        if source is None:
            return None
        source = apposition_before_quote(r, u, source, end)
        sep1, sep2 = i - 1, source[1]
    if sep1 <= lo or sep2 + 1 >= end or u.words[sep2] != ",":
        return None
    if r.closes(u.tokens[sep1]) and not r.opens(u.tokens[sep2 + 1]) and not _sentence_goes_on(r, u, sep1, sep2, lo):
        return None  # '"A," he said, before adding ...': an aside after a quotation, not a parenthesis
    first = before_separator(r, u, sep1, lo)
    rest = token_span(u, sep2 + 1, end)
    if first is None or rest is None:
        return None
    if r.opens(u.tokens[sep2 + 1]) and not r.closes(u.tokens[sep1]):
        return None  # "Yesterday, Smith said, "...": an introduction, not a parenthesis
    return Match("parenthetical", verb_group(r, u, i, j, source, lo), source, [first, rest])


def _passive_subject(r: Rules, u: Unit, i: int, j: int, cue: Cue) -> bool:
    """Whether the subject of a cue in the passive is no speaker: ``Hemsworth and Pine were said to
    have run into ...`` (someone else said it of them), ``investors have been told 176 Hong Kong
    dollars is likely ...`` (a cue that takes a listener: they are the ones told)."""
    fw = r.lex.function_words
    if i - 1 < 0 or u.words[i - 1] not in fw["passive_auxiliaries"]:
        return False
    return (j < len(u.words) and u.words[j] in fw["infinitive_markers"]) or (cue.object and cue.participle)


MAX_COMMENT_ADJUNCT = 8  # tokens between the cue of "As X noted" and its comma (in its teardown on Monday)


def _comment_clause(r: Rules, u: Unit, a: int, lo: int, c: int, n: int) -> int | None:
    """``As X noted [in ...], CONTENT``: where the content starts, when the source opens a
    comment clause (a word of ``comment_openers`` at the sentence start) whose cue ends at a
    comma; None otherwise."""
    if a - 1 != lo or u.words[lo] not in r.lex.function_words["comment_openers"]:
        return None
    for t in range(c, min(n - 1, c + MAX_COMMENT_ADJUNCT + 1)):
        w = u.words[t]
        if w == ",":
            return t + 1
        if u.quoted[t] or not (w.isalnum() or w in ("'s", ".")) or r.lex.match_cue(u.words, t) is not None:
            return None
    return None


def _prefix(r: Rules, u: Unit, i: int, j: int, cue: Cue, lo: int) -> Match | None:
    """``X said: "..."`` / ``X said (that) ...`` / ``X told reporters ...``: source and
    cue open the sentence."""
    source = source_before(r, u, i, lo)
    if source is None or _passive_subject(r, u, i, j, cue):
        return None
    a = source[0]
    pronoun = source[1] - a == 1 and (
        r.lex.has("pronouns", u.words[a]) or u.words[a] in r.lex.relative_subjects
    )
    pronoun = pronoun and u.words[a] not in r.lex.impersonal_pronouns
    if a > lo and u.words[a - 1] not in r.lex.clause_openers and not r.opens(u.tokens[a - 1]) and not pronoun:
        return None
    n = len(u.words)
    listener = skip_object(r, u, j, n, cue)
    comment = _comment_clause(r, u, a, lo, listener, n)
    if comment is not None:  # "As iFixit points out in its teardown, the keyboard is ..."
        end = coordinated_end(r, u, comment, clause_end(u, comment))
        if end - comment < 3:
            return None
        span = Span(u.tokens[comment].start, u.tokens[end - 1].end)
        return Match("prefix", verb_group(r, u, i, j, source, lo), source, [span], that=True)
    c = skip_to_that(r, u, listener, n)
    cue_range = verb_group(r, u, i, c if listener == j and c > j else j, source, lo)
    that = False
    if (
        c < n and u.words[c] in r.lex.complementizers
    ):  # the complementizer belongs to the content, as in PolNeAR
        that = True
    elif (
        c < n and u.words[c] == ":" or c < n and u.words[c] == "," and c + 1 < n and r.opens(u.tokens[c + 1])
    ):
        c, that = c + 1, True
    elif c < n and (r.opens(u.tokens[c]) or u.words[c] in r.lex.question_words):  # asked whether ...
        that = True
    elif c + 1 < n and u.words[c] == "to" and _gerund_word(u, c + 1):  # admitted to threatening ...
        c, that = c + 1, True
    if not that and cue.clause != "bare":
        return None
    end = coordinated_end(r, u, c, clause_end(u, c))
    if end <= c:
        if c > j and u.words[c - 1] == ":":
            quote = r.quote_after(u.tokens[c - 1].end)
            if quote is not None:
                return Match("prefix", cue_range, source, [quote.span], that=True)
        return None
    if end - c < 2 and not (r.opens(u.tokens[c]) or capitalised(u.tokens[c])):
        return None
    return Match("prefix", cue_range, source, [Span(u.tokens[c].start, u.tokens[end - 1].end)], that=that)


def _gerund_word(u: Unit, k: int) -> bool:
    return u.words[k].endswith("ing") and u.words[k].isalpha() and u.tokens[k].text.islower() and len(u.words[k]) > 4


MAX_BETWEEN_POSSESSOR = 4  # words between a possessor and its noun of saying (Mr. Trump's Oct. 11 announcement)

_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})
_POSSESSORS = _POSSESSIVE_PRONOUNS | {"'s", "'"}


def nominal(r: Rules, u: Unit, i: int) -> Match | None:
    """``Despite Mr. Trump's Oct. 11 announcement that A, B ...`` / ``rejected his claim that A``:
    a noun of saying with its possessor as the source and a that-clause as the content. Only
    where the phrase is a preposition's or a verb's object, not a sentence's subject ("X's claim
    that A was false": where A ends needs a parser)."""
    j = i + 1
    if j >= len(u.words) or u.words[j] not in r.lex.complementizers or u.quoted[i]:
        return None
    k = i - 1
    while k >= 0 and i - k <= MAX_BETWEEN_POSSESSOR and u.words[k] not in _POSSESSORS:
        if u.quoted[k] or not (u.words[k].isalnum() or u.words[k] == "."):
            return None
        k -= 1
    if k < 0 or i - k > MAX_BETWEEN_POSSESSOR:
        return None
    if u.words[k] in _POSSESSIVE_PRONOUNS:
        source: tuple[int, int] | None = (k, k + 1)
    else:
        source = source_before(r, u, k, 0)
    if source is None or source[0] == 0:
        return None
    before = u.words[source[0] - 1]
    opener = before in r.lex.prepositions or before in r.lex.adverbial  # "despite", "after", "in"
    if not opener and not before.isalpha():
        return None
    end = clause_end(u, j)
    if opener and source[0] - 1 == 0:  # "Despite X's announcement that A, B ...": A ends at a comma
        end = next((t for t in range(j + 1, end) if u.words[t] == "," and not u.quoted[t]), end)
    if end - j < 3:
        return None
    return Match("nominal", (i, j), source, [Span(u.tokens[j].start, u.tokens[end - 1].end)], that=True)


# Tried in this order for every cue word; the first that matches wins.
CONSTRUCTIONS = (_according, _quoted_as, _passive, _gerund, _inverted, _parenthetical, _prefix)
