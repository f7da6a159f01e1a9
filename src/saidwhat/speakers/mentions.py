"""Named mentions of an article that are not (only) sources: persons, organisations, places, seats.

A speaker is often named once and then called "the spokesman", "Berg" or
"he". To resolve those, the resolver needs every name in the article with what
the article says about it. This module finds them with light linear patterns,
sentence by sentence, over tokens (no parser):

- a *name run* is a sequence of capitalised tokens, possibly joined by
  connectors ("Ministry of Defence", "Ursula von der Leyen"); leading titles
  and role words ("German Chancellor", "Foreign Minister", "Mr") are split off
  as a role and a gender hint;
- a *role* is also read from a lower-case title before the name ("spokesman
  Anna Berg") and from appositions on either side ("Anna Berg, the
  spokeswoman for the president," / "The spokesman for the president, Anna
  Berg,");
- mentions joined by "and" form a *coordination* ("Merkel and Macron"), the
  members of a later "the two leaders".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..core.model import Span
from ..lang import quote_marks
from ..nlp.tokens import Token, sentences, tokenize
from .lexicon import Aliases, Seat, aliases, first_name_gender, known_first_name, norm, places, titles, words

__all__ = ["Coordination", "NameMention", "Role", "Scan", "parse_role", "scan"]

_MAX_SENTENCE_TOKENS = 400  # bounds the work per sentence on hostile input
_MAX_PHRASE = 12  # longest apposition or role phrase read
_MAX_QUOTED = 30  # tokens after a mark where a closing mark makes it a quotation
_MENTION_END = ",.;:)" + quote_marks().chars("mention_closers")  # what ends a mention after it
_MENTION_START = ",.;:(" + quote_marks().chars("mention_openers")  # and before it
_AGE = re.compile(r",\s?\d{1,3},")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")


@dataclass(slots=True, frozen=True)
class Role:
    """A role description read as a head noun and a set of modifiers ("spokesman", {"president"})."""

    head: str
    mods: frozenset[str]

    def covers(self, other: Role) -> bool:
        """True when ``other`` (a shorter description) can mean this role."""
        return _same_head(self.head, other.head) and other.mods <= self.mods


def _same_head(a: str, b: str) -> bool:
    return a == b or a.rstrip("s") == b.rstrip("s")


@dataclass(slots=True)
class NameMention:
    span: Span  # the name itself, without titles
    full: Span  # with its title or role prefix
    kind: str  # person | organisation | government | country | seat | single | name (unknown kind)
    text: str
    sentence: int
    first: str = ""
    last: str = ""
    gender: str | None = None
    guessed: bool = False  # the gender is gender-guesser's for the first name, not the text's
    country: str | None = None  # ISO code: the place itself, or the nationality of a person or body
    roles: list[Role] = field(default_factory=list)
    seat: Seat | None = None
    subject: bool = False
    role_spans: list[Span] = field(default_factory=list)  # appositions and titles that gave a role


@dataclass(slots=True)
class Coordination:
    span: Span
    members: list[int]  # indices into Scan.mentions


@dataclass(slots=True)
class Scan:
    sentences: list[Span]
    mentions: list[NameMention]
    coordinations: list[Coordination]
    table: Aliases  # the alias table the names were read with

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence containing (or last starting before) character ``pos``."""
        lo, hi = 0, len(self.sentences) - 1
        best = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].start <= pos:
                best = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return best


def _key(tok: Token) -> str:
    return tok.text.lower().rstrip(".")


def _is_cap(tok: Token) -> bool:
    first = tok.text[:1]
    return first.isalpha() and first.isupper() and _key(tok) not in words().non_name_words


def _pronoun_surname(toks: list[Token], j: int) -> bool:
    """``Liu He``: a capitalised word spelled like a pronoun, one space after a name word inside
    the run, is a surname."""
    tok, prev = toks[j], toks[j - 1]
    return (
        tok.text[:1].isupper()
        and tok.text[1:].islower()
        and _key(tok) in words().pronouns
        and prev.end + 1 == tok.start
        and prev.text[:1].isupper()
        and prev.text.isalpha()
    )


def _is_title(key: str) -> bool:
    w = words()
    return key in titles() or key in w.person_roles or key in w.honorific_genders


def _is_role_head(key: str) -> bool:
    w = words()
    if key in w.person_roles:
        return True
    return key in titles() and key not in w.role_modifiers and key not in w.honorific_genders


def parse_role(toks: list[str]) -> Role | None:
    """Read a role phrase (lower-case words, possessive "'s" kept as a word) as a Role."""
    w = words()
    toks = [t for t in toks if t and t not in w.determiners and t not in (",", ".")]
    toks = [part for t in toks for part in w.title_abbreviations.get(t, t).split()]
    cut = next((i for i, t in enumerate(toks) if t in w.mention_prepositions), len(toks))
    heads = [i for i in range(cut) if _is_role_head(toks[i])]
    if not heads:
        return None
    head = toks[heads[-1]]
    mods = set()
    for i, t in enumerate(toks):
        if i == heads[-1] or t in w.mention_prepositions or t in ("'s", "’s"):
            continue
        code = places().country_of(t)
        mods.add(f"@{code}" if code else norm(t))
    return Role(head, frozenset(m for m in mods if m))


def _is_initial(tok: Token, toks: list[Token], after: int) -> bool:
    """A middle initial ("James P. Kennedy"): one capital letter, its period, then a capitalised word."""
    return (
        len(tok.text) == 1
        and tok.text.isupper()
        and after < len(toks)
        and toks[after].text[:1].isupper()
        and toks[after].start == toks[after - 1].end + 1
    )


def _run_end(toks: list[Token], i: int) -> int:
    """End (exclusive) of the name run starting at ``toks[i]``."""
    w = words()
    j = i + 1
    n = len(toks)
    while j < n:
        tok = toks[j]
        if _is_cap(tok) or _pronoun_surname(toks, j) or (
            tok.text == "."
            and toks[j - 1].end == tok.start
            and (_is_title(_key(toks[j - 1])) or _is_initial(toks[j - 1], toks, j + 1))
        ):
            j += 1
            continue
        if _inner_mark(toks, j):
            j += 2  # "Siti ‘Aisyah": a mark for a letter (the ayn) inside the name
            continue
        key = tok.text.lower()
        if tok.text[:1].isupper() and key in words().title_case_links and j + 1 < n and _is_cap(toks[j + 1]):
            j += 2  # "Reporters Without Borders", "Bank Of Valletta"
            continue
        k = j
        while k < n and k - j < 3 and toks[k].text.lower() in w.person_particles:
            k += 1  # "von der Leyen"
        if k > j and k < n and _is_cap(toks[k]):
            j = k
            continue
        if (
            key in w.name_connectors
            and key != "and"
            and j + 1 < n
            and _is_cap(toks[j + 1])
            and (_key(toks[j + 1]) not in w.calendar_words)
        ):
            before = {_key(t) for t in toks[i:j]}
            if before & (w.organisation_heads | titles() | w.person_roles):
                j += 1
                continue
        break
    while j > i + 1 and toks[j - 1].text == ".":
        j -= 1
    return j


def _inner_mark(toks: list[Token], j: int) -> bool:
    """A quotation mark written for a letter at the start of a name word ("Siti ‘Aisyah", "Ka'bah"):
    after a space that follows a name word, glued to the capitalised word after it, with no mark
    closing that word (‘Fake News’ is a quotation)."""
    drops = quote_marks().chars("name_drops")
    if j + 1 >= len(toks) or toks[j].text not in drops or not toks[j - 1].text.isalpha():
        return False
    mark, word = toks[j], toks[j + 1]
    if not (_is_cap(toks[j - 1]) and toks[j - 1].end + 1 == mark.start and mark.end == word.start):
        return False
    if not (_is_cap(word) and word.text.isalpha()):
        return False
    for k in range(j + 2, min(len(toks), j + _MAX_QUOTED)):
        after = toks[k + 1] if k + 1 < len(toks) else None
        if toks[k].text in drops and toks[k].start == toks[k - 1].end and (after is None or after.start > toks[k].end):
            return False  # a mark closes a word after it: a quotation ("Johnson 'Brexit means Brexit'")
    return True


def _seat_of(text: str, table: Aliases) -> Seat | None:
    return table.seats.get(norm(text))


def _classify(toks: list[Token], text: str, sentence: int, table: Aliases) -> NameMention | None:
    w = words()
    full = Span(toks[0].start, toks[-1].end)
    whole = text[full.start : full.end]
    seat = _seat_of(whole, table)
    if seat is not None:
        return NameMention(full, full, "seat", whole, sentence, seat=seat, country=seat.country)
    code = places().countries.get(norm(whole)) or places().capitals.get(norm(whole))
    if code:
        return NameMention(full, full, "country", whole, sentence, country=code)
    real = [t for t in toks if t.text != "." and t.text not in quote_marks().chars("name_drops")]
    keys = [_key(t) for t in real]
    title_idx = [k for k, key in enumerate(keys) if _is_title(key) or key in w.role_modifiers]
    org_idx = [k for k, key in enumerate(keys) if key in w.organisation_heads]
    if len(keys) > 1 and (keys[-1] in w.outlet_heads or _legal_form(keys[-1])) and not org_idx:
        # "New York Times", "San Francisco Chronicle": a newspaper; "Walt Disney Co.": a company
        org_idx = [len(keys) - 1]
    last_title = max((k for k in title_idx if keys[k] not in w.role_modifiers), default=-1)
    if len(keys) == 1 and org_idx:
        return None  # "Company blames ...": a capitalised common noun, not a name
    if len(keys) > 1 and not org_idx and _is_role_head(keys[-1]):
        return None  # "Google Stadia Founder": a role, its holder is named elsewhere
    if org_idx and (last_title < org_idx[-1] or last_title == len(keys) - 1):
        kind = "government" if keys[org_idx[-1]] in w.government_heads else "organisation"
        return NameMention(full, full, kind, whole, sentence, country=_nationality(keys))
    # The name starts after the last true title ("Former New York Gov. | George Pataki"); role
    # modifiers alone do not make a title ("New York Times" is no "New" + "York Times").
    prefix = last_title + 1 if 0 <= last_title < len(keys) - 1 else 0
    if prefix == 0 and len(keys) >= 3 and not known_first_name(real[0].text):
        # "Baudezernent Henrik Vollmer", "Union boss Tomas Berg": a known first name starts the name.
        prefix = next((k for k in range(1, len(keys) - 1) if known_first_name(real[k].text)), 0)
    if prefix == 0 and len(keys) >= 4:
        # "Cleveland DL Larry Ogunjobi", "Browns QB Baker Mayfield": a short role in capitals ends
        # what stands before the name, even when the word before it is also a first name
        prefix = next(
            (
                k + 1
                for k in range(1, len(keys) - 2)
                if _role_abbreviation(real[k].text) and known_first_name(real[k + 1].text)
            ),
            0,
        )
    while prefix < len(keys) - 1 and (
        places().demonyms.get(keys[prefix])
        or (prefix > 0 and (keys[prefix] in w.role_modifiers or keys[prefix] in ("of", "for", "the")))
    ):
        prefix += 1  # "Secretary of State | Hillary Clinton"
    return _person(real, keys, prefix, text, full, sentence)


def _legal_form(key: str) -> bool:
    """A company's legal form ending a name ("Co", "Inc", "LLC"); not one of two letters other than
    "Co", which may be a surname or a title ("Jose Sa", "the New York AG")."""
    return key in words().legal_forms and (len(key) > 2 or key == "co")


def _role_abbreviation(word: str) -> bool:
    """A position or office abbreviated in capitals (QB, DL, CEO), not an initial."""
    return 2 <= len(word) <= 4 and word.isalpha() and word.isupper()


def _nationality(keys: list[str]) -> str | None:
    for key in keys:
        code = places().demonyms.get(key) or places().countries.get(key)
        if code:
            return code
    return None


@functools.lru_cache(maxsize=16384)
def _name_parts(name: str) -> tuple[str, str]:
    """First and last name by nameparser ("Ursula von der Leyen" -> Ursula, von der Leyen)."""
    from nameparser import HumanName

    parsed = HumanName(name)
    return str(parsed.first), str(parsed.last)


def _person(
    real: list[Token], keys: list[str], prefix: int, text: str, full: Span, sentence: int
) -> NameMention | None:
    w = words()
    name_toks = real[prefix:]
    name_keys = keys[prefix:]
    if not name_toks or len(name_toks) > 4 or any(k in w.calendar_words for k in name_keys):
        return None
    span = Span(name_toks[0].start, name_toks[-1].end)
    name = text[span.start : span.end]
    if norm(name) in places().cities or norm(name) in places().countries or places().demonyms.get(norm(name)):
        return None
    pre = keys[:prefix]
    gender = next((w.honorific_genders[k] for k in pre if k in w.honorific_genders), None)
    if len(name_toks) == 1:
        mention = NameMention(span, full, "person" if pre else "single", name, sentence, last=name)
    else:
        first, last = _name_parts(name)
        last = last or name_toks[-1].text
        # A first name that gender-guesser does not know, with no title, is no evidence of a
        # person ("Nordwind Energy", "Relief Without Borders"): such a run stays a plain name.
        known = known_first_name(first)
        kind = "person" if known or pre else "name"
        mention = NameMention(span, full, kind, name, sentence, first=first, last=last)
        if gender is None:
            gender = first_name_gender(first)
            mention.guessed = gender is not None
    mention.gender = gender
    mention.country = _nationality(pre)
    role = parse_role(pre) if pre else None
    if role is not None:
        mention.roles.append(role)
    return mention


def _with_span(role: Role | None, first: Token, last: Token) -> tuple[Role, Span] | None:
    return (role, Span(first.start, last.end)) if role is not None else None


def _role_before(toks: list[Token], start: int) -> tuple[Role, Span] | None:
    """A lower-case role right before a name: "spokesman Anna Berg", "Kremlin spokesman Dmitry Peskov"."""
    w = words()
    i = start - 1
    taken: list[str] = []
    while i >= 0 and len(taken) < 6:
        key = _key(toks[i])
        if (
            key in w.person_roles
            or key in w.role_modifiers
            or key in ("'s", "’s")
            or _is_cap(toks[i])
            and key not in w.determiners
        ):
            taken.append(key)
        else:
            break
        i -= 1
    taken.reverse()
    if not taken or not _is_role_head(taken[-1]):
        return None
    return _with_span(parse_role(taken), toks[i + 1], toks[start - 1])


def _apposition_after(toks: list[Token], end: int) -> tuple[Role, Span] | None:
    """ "NAME, the spokeswoman for the president," -> the role after the comma."""
    if end >= len(toks) or toks[end].text != ",":
        return None
    phrase: list[str] = []
    closed = end + 1 + _MAX_PHRASE >= len(toks)
    for tok in toks[end + 1 : end + 1 + _MAX_PHRASE]:
        key = _key(tok)
        if key in words().clause_stops:
            break
        if tok.text in _MENTION_END:
            closed = True
            break
        phrase.append("'s" if key in ("'s", "’s") else key)
    # "In Pennsylvania, the vice president said" is no apposition: an apposition is closed.
    if (
        not closed
        or not phrase
        or not (
            phrase[0] in words().determiners
            or _is_title(phrase[0])
            or phrase[0] in words().role_modifiers
            or places().country_of(phrase[0])
        )
    ):
        return None
    return _with_span(parse_role(phrase), toks[end + 1], toks[end + len(phrase)])


def _apposition_before(toks: list[Token], start: int) -> tuple[Role, Span] | None:
    """ "The spokesman for the president, NAME," -> the role before the comma."""
    if start < 2 or toks[start - 1].text != ",":
        return None
    i = start - 2
    phrase: list[str] = []
    while i >= 0 and len(phrase) < _MAX_PHRASE and toks[i].text not in _MENTION_START:
        phrase.append(_key(toks[i]))
        i -= 1
    phrase.reverse()
    if not phrase or any(k in words().clause_stops for k in phrase):
        return None
    owned = "'s" in phrase and _is_role_head(phrase[-1])  # "President Luc Garnier's spokesman, Paul Henry"
    if phrase[0] not in words().determiners and not owned:
        return None
    return _with_span(parse_role(phrase), toks[i + 1], toks[start - 2])


def _take_possessor(
    mention: NameMention, found: list[NameMention], toks: list[Token], i: int, text: str
) -> None:
    """ "Russia's Foreign Ministry" is one name: the country before "'s" joins the body it owns."""
    owner = found[-1]
    if (
        i < 2
        or toks[i - 1].text not in ("'s", "’s")
        or owner.kind != "country"
        or owner.full.end != toks[i - 2].end
    ):
        return
    found.pop()
    mention.full = mention.span = Span(owner.full.start, mention.full.end)
    mention.text = text[mention.full.start : mention.full.end]
    mention.country = owner.country


def _common_opener(tok: Token, lower_words: frozenset[str]) -> bool:
    key = _key(tok)
    w = words()
    if key.endswith("ing") and len(key) > 5 and not known_first_name(tok.text):
        return True  # "Hosting Cook, Benioff said": a participle opens the sentence
    return key in lower_words and not (
        _is_title(key) or key in w.role_modifiers or places().demonyms.get(key) or key in w.organisation_heads
    )


def _scan_sentence(
    text: str, sent: Span, index: int, table: Aliases, lower_words: frozenset[str] = frozenset()
) -> list[NameMention]:
    toks = tokenize(text, sent.start, sent.end)[:_MAX_SENTENCE_TOKENS]
    found: list[NameMention] = []
    letters = [t.text for t in toks if t.text.isalpha() and len(t.text) > 1]
    if len(letters) >= 3 and sum(w.isupper() for w in letters) >= 0.8 * len(letters):
        return found  # a shouted headline: capitals say nothing about names
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i]):
            i += 1
            continue
        j = _run_end(toks, i)
        if i == 0 and j > 1 and _common_opener(toks[0], lower_words):
            i = 1  # "Whatever Apple decides": the sentence's first word is capitalised, not a name
            continue
        if j - i > 1 and all(t.text.isupper() or not t.text.isalpha() for t in toks[i:j]):
            i = j  # a shouted headline ("AUSTRALIAN OLYMPIC TEAM REFUSES") names nobody
            continue
        mention = _classify(toks[i:j], text, index, table)
        if mention is not None and mention.kind in ("organisation", "government") and found:
            _take_possessor(mention, found, toks, i, text)
        if mention is not None:
            # a name of unknown kind with a person's role beside it ("Zippy Duvall, the president
            # of the American Farm Bureau,") is a person too
            if mention.kind in ("person", "single", "name"):
                for found_role in (
                    _role_before(toks, i),
                    _apposition_after(toks, j),
                    _apposition_before(toks, i),
                ):
                    if found_role is not None:
                        mention.roles.append(found_role[0])
                        mention.role_spans.append(found_role[1])
                        mention.kind = "person"
            if mention.kind == "name" and _AGE.match(text, mention.full.end):
                mention.kind = "person"  # "Singh Jabarjung, 24, said": only persons have ages
            found.append(mention)
        i = j
    if found and not _AFTER_PREPOSITION.search(text, max(0, found[0].full.start - 12), found[0].full.start):
        found[0].subject = True  # the first name of the sentence, unless "... the offices of Omar"
    return found


_AFTER_PREPOSITION = re.compile(r"\b(?:of|to|for|with|at|from|by|in|on|about|against|into|toward)\s+(?:the\s+)?$")


def _title_case(text: str, span: Span) -> bool:
    """A Title Case Headline: capitals there say nothing about names."""
    long_words = [w for w in text[span.start : span.end].split() if len(w) > 3 and w.isalpha()]
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.85 * len(long_words)


def scan(
    text: str,
    blocks: list[Span] | None = None,
    table: Aliases | None = None,
    headings: list[Span] | None = None,
) -> Scan:
    """Every named mention of ``text`` (sentence by sentence) and their coordinations.

    ``headings`` (title and heading blocks) are skipped when written in Title Case."""
    table = table or aliases()
    sents = sentences(text, blocks)
    mentions: list[NameMention] = []
    coordinations: list[Coordination] = []
    skip = [h for h in headings or [] if _title_case(text, h)]
    lower_words = frozenset(_LOWER_WORD.findall(text))
    for index, sent in enumerate(sents):
        if any(h.contains(sent) for h in skip):
            continue
        found = _scan_sentence(text, sent, index, table, lower_words)
        base = len(mentions)
        mentions.extend(found)
        coordinations.extend(_coordinations(text, found, base))
    return Scan(sents, mentions, coordinations, table)


def _coordinations(text: str, found: list[NameMention], base: int) -> list[Coordination]:
    out: list[Coordination] = []
    group: list[int] = []
    last_gap = ""
    for k in range(len(found)):
        if group:
            gap = text[found[k - 1].full.end : found[k].full.start].strip().lower()
            if gap in (",", "and", ", and") and last_gap in ("", ","):
                group.append(k)
                last_gap = gap
                continue
            if len(group) > 1 and last_gap.endswith("and"):
                out.append(_coordination(found, group, base))
        group = [k]
        last_gap = ""
    if len(group) > 1 and last_gap.endswith("and"):
        out.append(_coordination(found, group, base))
    return out


def _coordination(found: list[NameMention], group: list[int], base: int) -> Coordination:
    return Coordination(
        Span(found[group[0]].full.start, found[group[-1]].full.end), [base + k for k in group]
    )
