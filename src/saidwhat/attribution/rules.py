"""Rule-based attribution: statements from cue words, quotation marks and light noun phrases.

The rules cover the constructions news uses most, each a small function over
the tokens of one *unit* (a sentence, or the sentences one quotation runs
over, capped in length), tried in this order for every cue word:

==============  ============================================================
rule            form
==============  ============================================================
according       ``According to X, ...`` / ``..., according to X.``
passive         ``... – emphasized by X.``
continued       ``..., he said, adding that ...`` / ``X said A and warned
                that B`` / ``X praised Y, saying ...`` (source of the
                statement before, or the subject of the sentence)
inverted        ``"...," X said.`` / ``"...," said X.`` /
                ``..., reads X's press release.``
parenthetical   ``The minister, the ministry said, had offered ...`` /
                ``"A," he said, "B."``
prefix          ``X said: "..."`` / ``X said (that) ...`` / ``X told reporters ...``
headline        ``X: ...`` in a title or heading block (kind HEADLINE)
unattributed    a quotation with no speaker in reach (source None, low
                confidence); a quotation sentence right after a direct
                statement continues it instead (``"A," he said. "B."``)
==============  ============================================================

A statement whose content is reported speech is searched again for a cue
(``The ministry said that the minister replied that "..."``): what is found
there is a relayed statement whose ``parent`` is the outer one.

Spans, decided once for all rules:

- *Content* of a direct statement is the inner part(s) of its quotation(s):
  the marks are excluded, and so is a trailing comma that belongs to the
  reporting sentence (``"We will win," he said`` gives ``We will win``).
  Indirect and mixed content is the reported clause as it stands, its
  complementizer included (``said that the plan failed`` gives ``that the
  plan failed``, as PolNeAR annotates it), without the sentence's final stop
  and without an adverbial clause of the reporting sentence (``, but ...``);
  quotation marks inside it are kept. A content that is one quotation after
  ``that`` is direct. Content may be several spans (an interrupted quotation,
  a parenthetical cue, a multi-paragraph quotation).
- *Cue* is the verb group: the auxiliaries and adverbs between source and
  verb, and the adjuncts between the verb and ``that`` (``has also said``,
  ``said in a statement that``); a colon or a listener is not part of it.
- *Source* is a noun phrase found with light patterns (pronouns, capitalised
  sequences, determiner + noun, titles + names, ``X's press release``,
  ``officials familiar with the matter``, appositions), never resolved here:
  who "he" is belongs to the speaker stage. A relative clause is left out
  (``said Warren, who ...`` gives ``Warren``).

Word lists are data (``data/cues.json``); everything runs on tokens, per
unit, so the work is linear in the text. The patterns were calibrated on
PolNeAR train texts; dev is only measured, with
``saidwhat eval polnear --split dev --attribution rules``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Article, Block, BlockKind, Quote, Span, Statement, StatementKind
from ..nlp.tokens import ABBREVIATIONS, Token, line_spans, sentences, tokenize
from .lexicon import Cue, Lexicon, lexicon, normalise

__all__ = ["find_statements"]

MAX_UNIT_TOKENS = 250  # a longer sentence is cut: bounds every rule's work
MAX_NP = 12  # tokens in a source noun phrase
MAX_TAIL = 12  # tokens allowed after "X said" before the end of the sentence
MAX_ADVERBS = 4  # tokens allowed between a source and its cue (has also said)
MAX_ADJUNCTS_BACK = 6  # ... or of adjuncts (on Thursday evening said)
MAX_RELAY_DEPTH = 3
MAX_HEADLINE_SOURCE = 5
MAX_ACCORDING = 25  # tokens of an "according to" source (early results of the exit poll by ...)
MAX_APPOSITION = 20  # tokens between a name and the comma before its cue (X, who ..., said)
_POST_NOUN = frozenset({"of", "for", "at", "in", "from", "with", "on", "to"})  # a noun's complement follows
_RELATIVES = frozenset({"who", "whose", "which", "whom"})
_CLOSING_MARKS = frozenset({'"', "'", "”", "’", "»", "«", "“", "」", "›"})
_FINAL = frozenset({".", "!", "?", "…", "...", ")", "]"})
_DASHES = frozenset({"—", "–", "--", "-"})
_TRIM = " \t\r\n,;:—–-"
_CLAUSE_OPENERS = frozenset(
    {
        ",",
        ";",
        ":",
        "(",
        "—",
        "–",
        "--",
        "-",
        "and",
        "but",
        "while",
        "as",
        "because",
        "when",
        "although",
        "though",
        "so",
        "yet",
        "since",
        "after",
        "before",
        "if",
        "where",
        "whereas",
        "or",
        "then",
        "meanwhile",
        "however",
        "than",
        "which",
        "who",
        "what",
        "how",
        "why",
        "whether",
        "that",
    }
)
_COORDINATORS = frozenset({"and", "but"})
_PREPOSITIONS = frozenset({"in", "at", "on", "during", "after", "before", "to", "from", "with", "via"})
_ADVERBIAL = frozenset(
    {"but", "while", "although", "though", "whereas", "before", "after", "despite", "even"}
)
_QUESTION_WORDS = frozenset({"whether", "if"})  # asked whether ...: kept in the content
_AUXILIARIES = frozenset({"was", "were", "is", "are", "been", "has", "have", "had", "being", "be", "as"})
_CONFIDENCE = {
    "according": 0.85,
    "passive": 0.7,
    "continued": 0.7,
    "inverted": 0.75,
    "parenthetical": 0.75,
    "prefix": 0.7,
    "headline": 0.7,
    "unattributed": 0.3,
}
_DIRECT_BONUS = 0.15  # a quotation with an explicit cue and source is the rules' surest case
_THAT_BONUS = 0.1  # "said that ..." is surer than a bare clause


@dataclass(slots=True)
class _Unit:
    """The tokens a rule looks at: one sentence (or a few joined by a quotation)."""

    tokens: list[Token]
    words: list[str]  # normalised token texts
    quoted: list[bool]  # token inside a quotation (marks included): its cues are not the article's
    block: Block


@dataclass(slots=True)
class _Match:
    """What a rule found, before it becomes a Statement."""

    rule: str
    cue: tuple[int, int]  # token range
    source: tuple[int, int] | None
    content: list[Span]
    that: bool = False  # content introduced by "that", a colon or a quotation
    relay: bool = True  # the content may hold a relayed statement


@dataclass(slots=True)
class _Rules:
    """State of one article's rule pass."""

    article: Article
    lex: Lexicon
    quotes: list[Quote]  # outermost quotations, by position
    starts: list[int] = field(default_factory=list)
    found: list[Statement] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [q.span.start for q in self.quotes]

    @property
    def text(self) -> str:
        return self.article.text

    # -- quotations ------------------------------------------------------------------------
    def quote_at(self, offset: int) -> Quote | None:
        """The outermost quotation whose span contains ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.quotes[k].span.end:
            return self.quotes[k]
        return None

    def opens(self, tok: Token) -> bool:
        q = self.quote_at(tok.start)
        return q is not None and q.span.start == tok.start

    def closes(self, tok: Token) -> bool:
        q = self.quote_at(tok.start)
        return q is not None and q.span.end == tok.end

    def quote_after(self, offset: int) -> Quote | None:
        """The quotation that starts right after ``offset`` (only spaces between)."""
        k = bisect.bisect_left(self.starts, offset)
        if k < len(self.quotes) and not self.text[offset : self.quotes[k].span.start].strip():
            return self.quotes[k]
        return None

    def next_id(self) -> str:
        return f"r{len(self.found) + 1}"


# -- units ------------------------------------------------------------------------------------
def _units(r: _Rules, block: Block) -> list[_Unit]:
    spans = [piece for s in sentences(r.text, [block.span]) for piece in _split_at_quotes(r, s)]
    merged: list[Span] = []
    for s in spans:
        if merged:
            q = r.quote_at(merged[-1].end - 1)
            if q is not None and q.span.end > merged[-1].end and s.start < q.span.end + 1:
                merged[-1] = Span(merged[-1].start, s.end)
                continue
        merged.append(s)
    units = []
    for span in merged:
        tokens = tokenize(r.text, span.start, span.end)
        for k in range(0, len(tokens), MAX_UNIT_TOKENS):
            units.append(_unit(r, tokens[k : k + MAX_UNIT_TOKENS], block))
    return units


def _split_at_quotes(r: _Rules, span: Span) -> list[Span]:
    """Cut a sentence where a quotation opens after a full stop (``said. ''We ...''``), which the
    sentence splitter may miss with unusual marks."""
    out = []
    start = span.start
    k = bisect.bisect_right(r.starts, span.start)
    while k < len(r.quotes) and r.quotes[k].span.start < span.end:
        q = r.quotes[k].span.start
        before = r.text[start:q].rstrip()
        if before and before[-1] in ".!?" and len(before) < len(r.text[start:q]):
            out.append(Span(start, start + len(before)))
            start = q
        k += 1
    out.append(Span(start, span.end))
    return out


def _unit(r: _Rules, tokens: list[Token], block: Block) -> _Unit:
    words = [normalise(t.text) for t in tokens]
    return _Unit(tokens, words, [r.quote_at(t.start) is not None for t in tokens], block)


# -- noun phrases ---------------------------------------------------------------------------
def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _headish(r: _Rules, u: _Unit, i: int) -> bool:
    w = u.words[i]
    if _capitalised(u.tokens[i]):
        return w not in r.lex.words["not_names"] and w not in r.lex.words["determiners"]
    if w[:1].isdigit() and w.endswith("%"):
        return True  # 42% say ...
    return r.lex.has("source_nouns", w) or r.lex.has("document_nouns", w)


def _abbrev_dot(u: _Unit, i: int) -> bool:
    """A full stop glued to a title or an initial (Sen. , J.) belongs to the name."""
    if u.words[i] != "." or i == 0 or u.tokens[i - 1].end != u.tokens[i].start:
        return False
    prev = u.tokens[i - 1].text
    return prev.lower() in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())


def _np_word(r: _Rules, u: _Unit, i: int) -> bool:
    w = u.words[i]
    return _headish(r, u, i) or r.lex.has("modifiers", w) or _abbrev_dot(u, i) or w[:1].isdigit()


def _extend_left(r: _Rules, u: _Unit, head: int, lo: int) -> int:
    a = head
    while a - 1 >= lo and head - a < MAX_NP:
        w = u.words[a - 1]
        if r.lex.has("determiners", w):
            return a - 1
        if (
            _np_word(r, u, a - 1)
            and not u.quoted[a - 1]
            or r.lex.has("connectors", w)
            and a - 2 >= lo
            and _np_word(r, u, a - 2)
            or _adjective_between(r, u, a - 1, lo)
        ):
            a -= 1
        else:
            break
    # lower-case modifiers up to a determiner: "the newly appointed spokesman"
    for b in range(a - 1, max(lo - 1, a - 4), -1):
        w = u.words[b]
        if r.lex.has("determiners", w):
            return b
        if not w.isalpha() or w in r.lex.words["not_names"] or u.tokens[b].text[:1].isupper():
            break
    return a


def _adjective_between(r: _Rules, u: _Unit, b: int, lo: int) -> bool:
    """``Democratic presidential candidate``: a plain word between two capitalised ones."""
    w = u.words[b]
    if not w.isalpha() or w in r.lex.words["not_names"] or r.lex.has("adjuncts", w):
        return False
    return b - 1 >= lo and _capitalised(u.tokens[b - 1]) and _np_word(r, u, b - 1)


def _np_before(r: _Rules, u: _Unit, k: int, lo: int) -> tuple[int, int] | None:
    """The source noun phrase ending just before token ``k``, as a token range."""
    j = k - 1
    if j < lo or u.quoted[j]:
        return None
    if u.words[j] == ",":
        return _appositive(r, u, j, lo)
    if u.words[j] == ")":
        return _parenthesised(r, u, j, lo)
    if r.lex.has("pronouns", u.words[j]) or u.words[j] == "who":
        return (j, k)  # "who" as PolNeAR marks it: the antecedent is the speaker stage's business
    head = j
    if not _headish(r, u, j):
        head = -1
        for m in range(j, max(lo, k - 9), -1):
            if r.lex.phrase_at("postmodifiers", u.words, m) > m and _headish(r, u, m - 1):
                if all(w.isalpha() for w in u.words[m:k]):
                    head = m - 1
                break
        if head < lo:
            det = _determiner_left(r, u, j, lo)
            return (det, k) if det is not None else None
    return (_extend_left(r, u, head, lo), k)


def _determiner_left(r: _Rules, u: _Unit, j: int, lo: int) -> int | None:
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


def _appositive(r: _Rules, u: _Unit, comma: int, lo: int) -> tuple[int, int] | None:
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
        if u.words[nxt] not in _RELATIVES:
            np = _np_after(r, u, nxt, comma, limit=MAX_APPOSITION)
            if np is None or not (np[1] == comma or u.words[np[1]] in _POST_NOUN):
                return None
        if m - 1 < lo or u.words[m - 1] == ",":
            return None
        name = _np_before(r, u, m, lo)
        if name is None:
            return None
        # PolNeAR keeps an apposition in the source but not a relative clause
        return name if u.words[nxt] in _RELATIVES else (name[0], comma)
    return None


def _parenthesised(r: _Rules, u: _Unit, close: int, lo: int) -> tuple[int, int] | None:
    """``Rep. Hank Johnson (D-Ga.) said``: a name followed by a bracketed note."""
    for m in range(close - 1, max(lo, close - 8) - 1, -1):
        if u.words[m] == "(":
            name = _np_before(r, u, m, lo) if m - 1 >= lo and u.words[m - 1] not in ",()" else None
            return (name[0], close + 1) if name is not None else None
    return None


def _np_after(r: _Rules, u: _Unit, a: int, end: int, limit: int = MAX_NP) -> tuple[int, int] | None:
    """The noun phrase starting at token ``a`` (before ``end``), as a token range."""
    if a >= end or u.quoted[a]:
        return None
    if r.lex.has("pronouns", u.words[a]):
        return (a, a + 1)
    b = a + 1 if r.lex.has("determiners", u.words[a]) else a
    first = b
    while b < end and b - a < limit and not u.quoted[b]:
        w = u.words[b]
        if (
            _np_word(r, u, b)
            and (b > first or not _abbrev_dot(u, b))
            or (
                (r.lex.has("connectors", w) or r.lex.has("determiners", w))
                and b > first
                and b + 1 < end
                and (_np_word(r, u, b + 1) or r.lex.has("determiners", u.words[b + 1]))
            )
        ):
            b += 1
        else:
            break
    while b > first and (r.lex.has("connectors", u.words[b - 1]) or r.lex.has("determiners", u.words[b - 1])):
        b -= 1
    if b == first or not any(_headish(r, u, i) for i in range(first, b)):
        return None
    return (a, b)


# -- helpers ----------------------------------------------------------------------------------
def _clause_end(u: _Unit, lo: int) -> int:
    """Index after the last token of the unit that is not its final punctuation."""
    e = len(u.tokens)
    while e > lo and u.words[e - 1] in _FINAL:
        e -= 1
    return e


def _source_before(r: _Rules, u: _Unit, i: int, lo: int) -> tuple[int, int] | None:
    """The source of the cue at ``i``, with adverbs (has also said) or adjuncts (on Thursday
    evening said) allowed between them."""
    k = _skip_adverbs_back(r, u, i, lo)
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


def _skip_adverbs_back(r: _Rules, u: _Unit, i: int, lo: int) -> int:
    k = i
    while k - 1 >= lo and i - k < MAX_ADVERBS and r.lex.has("adverbs", u.words[k - 1]):
        k -= 1
    return k


def _span(u: _Unit, a: int, b: int) -> Span | None:
    return Span(u.tokens[a].start, u.tokens[b - 1].end) if b > a else None


def _before_separator(r: _Rules, u: _Unit, sep: int, lo: int) -> Span | None:
    """Content ending at the separator token ``sep`` (a comma, a dash, or a closing mark)."""
    if sep < lo:
        return None
    tok = u.tokens[sep]
    if r.closes(tok):
        return Span(u.tokens[lo].start, tok.end)
    if tok.text in _CLOSING_MARKS and sep - 1 > lo and u.words[sep - 1] in (",", "?", "!", "."):
        return Span(u.tokens[lo].start, tok.end)  # a quotation whose opening mark was not found
    if u.words[sep] in (",", ":") or u.words[sep] in _DASHES:
        return _span(u, lo, sep)
    return None


def _tail_ok(r: _Rules, u: _Unit, t: int, end: int) -> bool:
    """What may follow ``X said`` to the end of the sentence: adjuncts, or ``, adding ...``."""
    if t >= end:
        return True
    first = t + 1 if u.words[t] == "," else t  # ", surrounded by aides" is an aside too
    if first >= end:
        return False
    w = u.words[first]
    if first > t and (w in _ADVERBIAL or w in _RELATIVES):
        return True  # "..., he said, before insisting ..." / "said X, who ...": the rest is the reporter's
    if end - t > MAX_TAIL:
        return False
    if first > t and not (
        r.lex.has("adjuncts", w) or (w.endswith(("ed", "ing", "en")) and w not in _AUXILIARIES)
    ):
        return False
    if first == t and not (r.lex.has("adjuncts", w) or w.endswith("ing")):
        return False
    for i in range(t, end):
        if u.words[i] == "that" or u.quoted[i] or r.lex.match_cue(u.words, i) is not None:
            return False
    return True


def _tail_end(r: _Rules, u: _Unit, t: int, end: int) -> int:
    """Where the tail after a cue stops: at ``, adding`` if any, else at the clause end."""
    for i in range(t, end - 1):
        nxt = r.lex.match_cue(u.words, i + 1)
        if u.words[i] == "," and nxt is not None and nxt[1].gerund:
            return i
    return end


def _skip_object(r: _Rules, u: _Unit, c: int, end: int, cue: Cue) -> int:
    """The listener of ``told``: him, reporters, Fox News, the show."""
    if not cue.object or c >= end:
        return c
    if r.lex.has("object_pronouns", u.words[c]):
        return c + 1
    obj = _np_after(r, u, c, end, limit=6)
    if obj is not None:
        return obj[1]
    nxt = u.words[c + 1] if c + 1 < end else ""
    if r.lex.has("determiners", u.words[c]) and nxt.isalpha() and nxt not in r.lex.words["not_names"]:
        return c + 2
    return c


def _skip_to_that(r: _Rules, u: _Unit, c: int, end: int) -> int:
    """Skip adjuncts (in a statement on Tuesday, at a festival in Houston last week) when a
    'that' or a colon follows them."""
    phrase = c < end and u.words[c] in _PREPOSITIONS  # a prepositional phrase: any plain words
    for t in range(c, min(end, c + (12 if phrase else 9))):
        w = u.words[t]
        if w in ("that", ":") or (w == "," and t + 1 < end and r.opens(u.tokens[t + 1])):
            return t
        if u.quoted[t] or r.lex.match_cue(u.words, t) is not None:
            break
        if not (
            (phrase and (w.isalpha() or w[:1].isdigit()))
            or r.lex.has("adjuncts", w)
            or r.lex.has("determiners", w)
            or _capitalised(u.tokens[t])
            or r.lex.has("document_nouns", w)
            or w == ","
        ):
            break
    return c


# -- the rules --------------------------------------------------------------------------------
def _according(r: _Rules, u: _Unit, i: int, j: int, cue: Cue, lo: int) -> _Match | None:
    if cue.kind != "according":
        return None
    end = _clause_end(u, j)
    b = j
    while b < end and u.words[b] not in (",", ":") and b - j < MAX_ACCORDING:
        b += 1  # a quotation may stand in the source: according to his book ''The Art of the Deal''
    if any(u.quoted[t] for t in range(j, min(b, j + 1))):
        return None
    if b == j or (b < end and u.words[b] not in (",", ":")):
        return None
    source = (j, b)
    rest = _span(u, b + 1, _coordinated_end(r, u, b + 1, end)) if b < end else None
    if i == lo or (i == lo + 1 and u.words[lo] in _CLAUSE_OPENERS):
        return _Match("according", (i, j), source, [rest], relay=True) if rest else None
    before = _before_separator(r, u, i - 1, lo) if i - 1 > lo else None
    if before is None:
        return None
    return _Match("according", (i, j), source, [before] + ([rest] if rest else []))


def _passive(r: _Rules, u: _Unit, i: int, j: int, cue: Cue, lo: int) -> _Match | None:
    if not cue.participle or j >= len(u.words) or u.words[j] != "by":
        return None
    end = _clause_end(u, j + 1)
    source = _np_after(r, u, j + 1, end)
    if source is None or source[1] != end:
        return None
    s = i
    while s - 1 > lo and u.words[s - 1] in _AUXILIARIES:
        s -= 1
    content = _before_separator(r, u, s - 1, lo)
    if content is None and s < i and s > lo:
        content = _span(u, lo, s)
    return _Match("passive", (i, j + 1), source, [content]) if content else None


def _gerund(r: _Rules, u: _Unit, i: int, j: int, cue: Cue, lo: int) -> _Match | None:
    """``..., he said, adding that ...`` / ``X said A and warned that B``: the source of the
    statement just found in this unit."""
    k = _skip_adverbs_back(r, u, i, lo)
    if k - 1 < lo:
        return None
    joined = u.words[k - 1] in _COORDINATORS and not cue.gerund
    if not (joined or (cue.gerund and u.words[k - 1] == ",")):
        return None
    previous = r.found[-1] if r.found else None
    source = None
    same_unit = (
        previous is not None
        and previous.cue is not None
        and (u.tokens[lo].start <= previous.cue.start < u.tokens[i].start)
    )
    if same_unit and previous is not None and previous.source is not None:
        source = _token_range(u, previous.source)
    if source is None:
        source = _subject(r, u, lo, k - 1)
    if source is None:
        return None
    c = _skip_to_that(r, u, j, len(u.words))
    that = c < len(u.words) and u.words[c] in ("that", ":")
    c += 1 if that and u.words[c] == ":" else 0
    content = _span(u, c, _coordinated_end(r, u, c, _clause_end(u, c)))
    return _Match("continued", (i, j), source, [content], that=that) if content else None


def _subject(r: _Rules, u: _Unit, lo: int, limit: int) -> tuple[int, int] | None:
    """``Carson rejected the notion, saying ...``: the noun phrase that opens the sentence."""
    starts = [lo] + [k + 1 for k in range(lo, min(limit, lo + 10)) if u.words[k] == ","][:1]
    for a in starts:
        while a < limit and (u.words[a] in _CLAUSE_OPENERS or r.opens(u.tokens[a])):
            a += 1
        np = _np_after(r, u, a, limit)
        if np is None:
            continue
        b = np[1]
        if b < limit and u.words[b] == ",":  # Gary Emineth, a former chairman, became ...
            b = next((t + 1 for t in range(b + 1, min(limit, b + MAX_APPOSITION)) if u.words[t] == ","), b)
        if b < limit and u.words[b].isalpha() and r.lex.match_cue(u.words, b) is None:
            return np
    return None


def _token_range(u: _Unit, span: Span) -> tuple[int, int] | None:
    a = next((k for k, t in enumerate(u.tokens) if t.start == span.start), None)
    b = next((k for k, t in enumerate(u.tokens) if t.end == span.end), None)
    return (a, b + 1) if a is not None and b is not None else None


def _verb_group(r: _Rules, u: _Unit, i: int, j: int, source: tuple[int, int], lo: int) -> tuple[int, int]:
    """The cue as PolNeAR marks it: with the auxiliaries and adverbs between the source and the
    verb (``has also said``) and the adjuncts before a ``that`` (``said in a statement that``)."""
    k = _skip_adverbs_back(r, u, i, lo)
    start = k if source[1] == k else i
    while j - 1 > i and u.words[j - 1] == ",":
        j -= 1
    return (start, j)


def _inverted(r: _Rules, u: _Unit, i: int, j: int, cue: Cue, lo: int) -> _Match | None:
    """``..., X said.`` (source before the cue), else ``..., said X.`` (after it)."""
    end = _clause_end(u, j)
    before = _source_before(r, u, i, lo)
    # "Nancy Pelosi, the House speaker, said the bill ...": a subject before the cue rules out "said X"
    subject = before is not None and (before[0] == lo or u.words[before[0] - 1] in _CLAUSE_OPENERS)
    after = None if subject else _np_inverted(r, u, j, end)
    forms = [
        (before, before[0] - 1 if before else -1, _skip_object(r, u, j, end, cue)),
        (after, i - 1, after[1] if after else -1),
    ]
    for source, sep, tail in forms:
        if source is None or sep <= lo or not _tail_ok(r, u, tail, _tail_end(r, u, tail, end)):
            continue
        content = _before_separator(r, u, sep, lo)
        if content is not None:
            return _Match("inverted", _verb_group(r, u, i, j, source, lo), source, [content], relay=False)
    return None


def _np_inverted(r: _Rules, u: _Unit, j: int, end: int) -> tuple[int, int] | None:
    """The source after an inverted cue (``said one party activist``), with an apposition
    running to the end of the sentence (``said Jim Clyburn, a Democratic congressman``)."""
    np = _np_after(r, u, j, end)
    if np is None or (np[1] < end and u.words[np[1]] != "," and not r.lex.has("adjuncts", u.words[np[1]])):
        starts = j < end and (r.lex.has("determiners", u.words[j]) or _np_word(r, u, j))
        b = j
        while (
            starts
            and b < end
            and b - j < MAX_NP
            and not u.quoted[b]
            and (u.words[b].isalpha() or _abbrev_dot(u, b) or r.lex.has("connectors", u.words[b]))
            and (b == j or not (r.lex.has("adjuncts", u.words[b]) or u.words[b] in _AUXILIARIES))
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
    if b + 1 >= end or u.words[b] != "," or u.words[b + 1] in _RELATIVES:
        return np  # ", who ..." is left to the tail: PolNeAR keeps relative clauses out of sources
    nxt = b + 1
    if not (_np_word(r, u, nxt) or r.lex.has("determiners", u.words[nxt])):
        return np
    for t in range(nxt, end):  # an apposition runs to the end, or to a relative clause
        if u.quoted[t]:
            return np
        if u.words[t] == "," and t + 1 < end and u.words[t + 1] in _RELATIVES:
            return (np[0], t)
    return (np[0], end)


def _apposition_before_quote(r: _Rules, u: _Unit, np: tuple[int, int], end: int) -> tuple[int, int]:
    """``"A," said Robert Klein, chairman of the institute, "B."``: the apposition is the source's."""
    b = np[1]
    if b + 1 >= end or u.words[b] != "," or u.words[b + 1] in _RELATIVES or r.opens(u.tokens[b + 1]):
        return np
    for t in range(b + 1, min(end - 1, b + MAX_APPOSITION)):
        if u.quoted[t] or r.lex.match_cue(u.words, t) is not None:
            return np
        if u.words[t] == "," and r.opens(u.tokens[t + 1]):
            return (np[0], t)
    return np


def _parenthetical(r: _Rules, u: _Unit, i: int, j: int, cue: Cue, lo: int) -> _Match | None:
    end = _clause_end(u, j)
    source = _source_before(r, u, i, lo)
    if source is not None:
        sep1, sep2 = source[0] - 1, _skip_object(r, u, j, end, cue)
    else:
        source = _np_after(r, u, j, end)
        if source is None:
            return None
        source = _apposition_before_quote(r, u, source, end)
        sep1, sep2 = i - 1, source[1]
    if sep1 <= lo or sep2 + 1 >= end or u.words[sep2] != ",":
        return None
    if r.closes(u.tokens[sep1]) and not r.opens(u.tokens[sep2 + 1]):
        return None  # '"A," he said, before adding ...': an aside after a quotation, not a parenthesis
    first = _before_separator(r, u, sep1, lo)
    rest = _span(u, sep2 + 1, end)
    if first is None or rest is None:
        return None
    if r.opens(u.tokens[sep2 + 1]) and not r.closes(u.tokens[sep1]):
        return None  # "Yesterday, Smith said, "...": an introduction, not a parenthesis
    return _Match("parenthetical", _verb_group(r, u, i, j, source, lo), source, [first, rest])


def _prefix(r: _Rules, u: _Unit, i: int, j: int, cue: Cue, lo: int) -> _Match | None:
    source = _source_before(r, u, i, lo)
    if source is None:
        return None
    a = source[0]
    pronoun = source[1] - a == 1 and (r.lex.has("pronouns", u.words[a]) or u.words[a] == "who")
    pronoun = pronoun and u.words[a] != "it"
    if a > lo and u.words[a - 1] not in _CLAUSE_OPENERS and not r.opens(u.tokens[a - 1]) and not pronoun:
        return None
    n = len(u.words)
    listener = _skip_object(r, u, j, n, cue)
    c = _skip_to_that(r, u, listener, n)
    cue_range = _verb_group(r, u, i, c if listener == j and c > j else j, source, lo)
    that = False
    if c < n and u.words[c] == "that":  # the complementizer belongs to the content, as in PolNeAR
        that = True
    elif (
        c < n and u.words[c] == ":" or c < n and u.words[c] == "," and c + 1 < n and r.opens(u.tokens[c + 1])
    ):
        c, that = c + 1, True
    elif c < n and (r.opens(u.tokens[c]) or u.words[c] in _QUESTION_WORDS):
        that = True
    if not that and cue.clause != "bare":
        return None
    end = _coordinated_end(r, u, c, _clause_end(u, c))
    if end <= c:
        if c > j and u.words[c - 1] == ":":
            quote = r.quote_after(u.tokens[c - 1].end)
            if quote is not None:
                return _Match("prefix", cue_range, source, [quote.span], that=True)
        return None
    if end - c < 2 and not (r.opens(u.tokens[c]) or _capitalised(u.tokens[c])):
        return None
    return _Match("prefix", cue_range, source, [Span(u.tokens[c].start, u.tokens[end - 1].end)], that=that)


def _coordinated_end(r: _Rules, u: _Unit, c: int, end: int) -> int:
    """``X said A and warned that B`` / ``X praised A, saying B``: content A stops before the
    coordinated cue; and before an adverbial clause of the reporting sentence (``, but``,
    ``, while``, ``;``), which PolNeAR leaves out of the content."""
    for t in range(c + 1, end - 1):
        if u.quoted[t]:
            continue
        w = u.words[t]
        if w == ";" or (w == "," and u.words[t + 1] in _ADVERBIAL):
            return t
        if w == "but" and (r.lex.has("pronouns", u.words[t + 1]) or _capitalised(u.tokens[t + 1])):
            return t
        if w == ",":
            hit = r.lex.match_cue(u.words, t + 1)
            if hit is not None and hit[1].gerund:
                return t
        if u.words[t] in _COORDINATORS and not u.quoted[t]:
            k = t + 1
            while k < end and k - t <= MAX_ADVERBS and r.lex.has("adverbs", u.words[k]):
                k += 1
            hit = r.lex.match_cue(u.words, k) if k < end else None
            if hit is not None and hit[1].kind == "verb" and not hit[1].gerund:
                return t - 1 if u.words[t - 1] == "," else t
    return end


_RULES = (_according, _passive, _gerund, _inverted, _parenthetical, _prefix)


# -- from matches to statements ---------------------------------------------------------------
def _strip(text: str, span: Span) -> Span | None:
    s, e = span.start, span.end
    while s < e and (text[s] in _TRIM or (text[s] in "([" and ")]"["([".index(text[s])] not in text[s:e])):
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return Span(s, e) if e > s else None


def _snap(r: _Rules, span: Span) -> Span:
    """Widen a content span that starts or ends inside a quotation to the whole quotation."""
    s, e = span.start, span.end
    q = r.quote_at(s)
    if q is not None and q.span.start < s:
        s = q.span.start
    q = r.quote_at(e - 1)
    if q is not None and q.span.end > e:
        e = q.span.end
    return Span(s, e)


def _whole_quote(r: _Rules, span: Span) -> Quote | None:
    q = r.quote_at(span.start)
    if q is None or q.span.start != span.start or q.span.end > span.end:
        return None
    rest = r.text[q.span.end : span.end]
    return q if all(not ch.isalnum() for ch in rest) else None


def _quote_content(r: _Rules, quote: Quote) -> list[Span]:
    parts = []
    for part in quote.parts:
        e = part.end
        while e > part.start and r.text[e - 1] in ", \t\n":
            e -= 1
        parts.append(Span(part.start, e) if e > part.start else part)
    return parts


def _without_that(text: str, span: Span) -> Span:
    """``that "we will not resign"``: the span without its complementizer."""
    if len(span) > 5 and text[span.start : span.start + 5].lower() in ("that ", "that\n"):
        return _strip(text, Span(span.start + 5, span.end)) or span
    return span


def _content(r: _Rules, spans: Sequence[Span | None]) -> tuple[list[Span], StatementKind] | None:
    cleaned = []
    for span in spans:
        if span is None:
            continue
        stripped = _strip(r.text, span)
        if stripped is not None:
            cleaned.append(_snap(r, stripped))
    if not cleaned:
        return None
    quotes = [_whole_quote(r, _without_that(r.text, s)) for s in cleaned]
    if all(q is not None for q in quotes):
        return [p for q in quotes if q is not None for p in _quote_content(r, q)], StatementKind.DIRECT
    k = bisect.bisect_left(r.starts, cleaned[0].start)
    mixed = any(k < len(r.quotes) and r.quotes[k].span.start < s.end for s in cleaned)
    return cleaned, (StatementKind.MIXED if mixed else StatementKind.INDIRECT)


def _emit(r: _Rules, u: _Unit, m: _Match, parent: str | None) -> Statement | None:
    content = _content(r, m.content)
    if content is None:
        return None
    spans, kind = content
    confidence = _CONFIDENCE[m.rule]
    if kind is StatementKind.DIRECT:
        confidence += _DIRECT_BONUS
    elif m.that:
        confidence += _THAT_BONUS
    if parent is not None:
        confidence *= 0.9
    st = Statement(
        id=r.next_id(),
        kind=kind,
        content=spans,
        source=_span(u, *m.source) if m.source else None,
        cue=_span(u, *m.cue),
        parent=parent,
        confidence=round(min(confidence, 0.99), 3),
        method=f"rule:{m.rule}",
    )
    r.found.append(st)
    return st


def _sub_unit(r: _Rules, u: _Unit, span: Span) -> _Unit | None:
    keep = [k for k, t in enumerate(u.tokens) if span.start <= t.start and t.end <= span.end]
    if len(keep) < 3:
        return None
    a, b = keep[0], keep[-1] + 1
    return _Unit(u.tokens[a:b], u.words[a:b], u.quoted[a:b], u.block)


def _apply(r: _Rules, u: _Unit, parent: str | None = None, depth: int = 0) -> list[Statement]:
    """Run the rules on every cue of a unit; relayed statements are searched in the contents."""
    out: list[Statement] = []
    used = [False] * len(u.words)
    i = 0
    while i < len(u.words):
        hit = None if (used[i] or u.quoted[i]) else r.lex.match_cue(u.words, i)
        if hit is None:
            i += 1
            continue
        j, cue = hit
        found = _first_rule(r, u, i, j, cue, parent)
        if found is None:
            i += 1
            continue
        st, m = found
        out.append(st)
        _mark_used(u, used, st)
        if depth < MAX_RELAY_DEPTH and st.kind is not StatementKind.DIRECT and m.relay:
            for span in st.content:
                sub = _sub_unit(r, u, span)
                if sub is not None:
                    out.extend(_apply(r, sub, st.id, depth + 1))
        i = j
    return out


def _first_rule(
    r: _Rules, u: _Unit, i: int, j: int, cue: Cue, parent: str | None
) -> tuple[Statement, _Match] | None:
    for rule in _RULES:
        m = rule(r, u, i, j, cue, 0)
        if m is not None:
            st = _emit(r, u, m, parent)
            if st is not None:
                return st, m
    return None


def _mark_used(u: _Unit, used: list[bool], st: Statement) -> None:
    spans = list(st.content) + [s for s in (st.source, st.cue) if s is not None]
    for k, tok in enumerate(u.tokens):
        if any(s.start <= tok.start and tok.end <= s.end for s in spans):
            used[k] = True


# -- headlines and leftovers ------------------------------------------------------------------
def _headline(r: _Rules, block: Block) -> Statement | None:
    tokens = tokenize(r.text, block.span.start, min(block.span.end, block.span.start + 2000))
    u = _unit(r, tokens, block)
    colon = next((k for k in range(min(len(tokens), MAX_HEADLINE_SOURCE + 1)) if u.words[k] == ":"), -1)
    if colon < 1 or colon + 2 > len(tokens) or not _capitalised(tokens[0]):
        return None
    label = " ".join(u.words[:colon])
    if r.lex.phrase_at("headline_labels", u.words, 0) == colon or label in r.lex.words["headline_labels"]:
        return None
    ok = all(
        _np_word(r, u, k)
        or r.lex.has("connectors", u.words[k])
        or r.lex.has("determiners", u.words[k])
        or r.lex.has("pronouns", u.words[k])
        for k in range(colon)
    )
    if not ok or not any(_headish(r, u, k) or r.lex.has("pronouns", u.words[k]) for k in range(colon)):
        return None
    content = _content(r, [Span(tokens[colon + 1].start, block.span.end)])
    if content is None:
        return None
    st = Statement(
        id=r.next_id(),
        kind=StatementKind.HEADLINE,
        content=content[0],
        source=Span(tokens[0].start, tokens[colon - 1].end),
        cue=Span(tokens[colon].start, tokens[colon].end),
        confidence=_CONFIDENCE["headline"],
        method="rule:headline",
    )
    r.found.append(st)
    return st


def _continue_quote(r: _Rules, u: _Unit, last: Statement | None) -> bool:
    """``"A," he said. "B."``: a unit that is one quotation (or opens one that runs on over the
    next paragraphs) continues the direct statement before it."""
    if last is None or last.kind is not StatementKind.DIRECT or last.source is None or not u.tokens:
        return False
    span = Span(u.tokens[0].start, u.tokens[-1].end)
    quote = r.quote_at(span.start)
    if quote is None or quote.span.start != span.start:
        return False
    if quote.span.end <= span.end and _whole_quote(r, span) is None:
        return False
    if quote.span.end > span.end and len(quote.parts) < 2:
        return False
    gap = r.text[last.content[-1].end : quote.span.start]
    if "\n" in gap or len(gap) > 200:
        return False
    last.content.extend(_quote_content(r, quote))
    return True


def _speech_like(r: _Rules, quote: Quote) -> bool:
    """A quotation worth reporting alone: a few words, or a sentence (not a scare quote)."""
    inner = " ".join(p.slice(r.text) for p in quote.parts).strip()
    return len(inner.split()) >= 3 or inner[-1:] in ".!?…"


def _unattributed(r: _Rules) -> None:
    covered = sorted(s for st in r.found for s in st.content)
    ends = [s.end for s in covered]
    for q in r.quotes:
        k = bisect.bisect_right(ends, q.span.start)
        if k < len(covered) and covered[k].start < q.span.end:
            continue
        if not _speech_like(r, q):
            continue
        r.found.append(
            Statement(
                id=r.next_id(),
                kind=StatementKind.DIRECT,
                content=_quote_content(r, q),
                confidence=_CONFIDENCE["unattributed"],
                method="rule:unattributed",
            )
        )


def find_statements(article: Article, lex: Lexicon | None = None) -> list[Statement]:
    """Every statement the rules find in ``article`` (needs ``article.quotes`` set).

    Ids are ``r1``, ``r2``... in the order found; :mod:`saidwhat.attribution.stage`
    renumbers them after merging with the model.
    """
    r = _Rules(article, lex or lexicon(), [q for q in article.quotes if q.depth == 0])
    blocks = sorted(article.blocks, key=lambda b: b.span.start) or [
        Block(BlockKind.PARAGRAPH, s) for s in line_spans(article.text)
    ]
    for block in blocks:
        if block.kind in (BlockKind.TITLE, BlockKind.HEADING) and _headline(r, block) is not None:
            continue
        last: Statement | None = None
        for u in _units(r, block):
            found = _apply(r, u)
            if found:
                last = next((s for s in reversed(found) if s.parent is None), found[-1])
            elif not _continue_quote(r, u, last):
                last = None
    _unattributed(r)
    return r.found
