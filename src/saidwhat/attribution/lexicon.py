"""The attribution lexicon: cue words, source word lists and function words of every language.

The words are the languages' data (``cues.json`` and ``function_words.json``
of each folder of :mod:`saidwhat.lang`).

Rules are data (see STYLE.md): this module only knows how to read, check and
compile the file. Cues are matched on tokens, not with one large regular
expression: a cue phrase is a tuple of lower-cased tokens (as
:func:`saidwhat.nlp.tokens.tokenize` cuts them), looked up in a dict at each
position, longest first — linear in the text whatever the lexicon's size.

Languages are merged (in the order of :func:`saidwhat.lang.languages`): the English rules recognise ``sagte`` or ``selon`` in
the same positions as ``said`` or ``according to``, which is what a
mostly-English news stream with some foreign lines needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import DataError
from ..lang import CUE_LISTS, DEFAULT, FUNCTION_WORD_LISTS, Language, derived, languages
from ..nlp.tokens import tokenize

__all__ = ["Cue", "Lexicon", "build_lexicon", "lexicon", "normalise", "parse_lexicon"]

_DATA_FILE = "saidwhat/lang/*/cues.json"
_CLAUSES = ("bare", "that")
_FORM_NAMES = ("base", "present", "past", "participle", "gerund")
_WORD_LISTS = CUE_LISTS
_CLAUSE_PUNCTUATION = frozenset({",", ";", ":", "(", "—", "–", "--", "-"})  # open a clause in any language


@dataclass(slots=True, frozen=True)
class Cue:
    """What a matched cue phrase is: its lemma and how its content and source attach."""

    lemma: str
    kind: str  # "verb" or "according"
    clause: str = "bare"  # "bare": content may follow directly; "that": needs that / colon / quote
    object: bool = False  # takes a listener before the content (told reporters that ...)
    document: bool = False  # typical of written sources (the release reads ...)
    participle: bool = False  # this form can head a passive (emphasized by X)
    gerund: bool = False  # this form continues a statement (..., he said, adding that ...)
    inverts: bool = True  # may stand before its source ("...," said X); not "..., show photos of X"


def normalise(word: str) -> str:
    """Token text as the lexicon stores it: lower case, typographic apostrophe made straight."""
    return word.lower().replace("’", "'")


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(normalise(t.text) for t in tokenize(text))


@dataclass(slots=True, frozen=True)
class Lexicon:
    """Compiled cue phrases and word sets (all lower case)."""

    cues: Mapping[tuple[str, ...], Cue]
    max_cue: int  # tokens in the longest cue phrase
    words: Mapping[str, frozenset[str]]  # one set per name of _WORD_LISTS (single words)
    phrases: Mapping[str, frozenset[tuple[str, ...]]]  # the same lists as token tuples
    function_words: Mapping[str, frozenset[str]] = field(default_factory=dict)  # FUNCTION_WORD_LISTS

    def __post_init__(self) -> None:
        for name in FUNCTION_WORD_LISTS:  # every list exists, empty when no language has it
            if name not in self.function_words:
                object.__setattr__(self, "function_words", {**self.function_words, name: frozenset()})

    @property
    def relatives(self) -> frozenset[str]:
        return self.function_words["relatives"]

    @property
    def clause_openers(self) -> frozenset[str]:
        return self.function_words["clause_openers"]

    @property
    def coordinators(self) -> frozenset[str]:
        return self.function_words["coordinators"]

    @property
    def auxiliaries(self) -> frozenset[str]:
        return self.function_words["auxiliaries"]

    @property
    def prepositions(self) -> frozenset[str]:
        return self.function_words["prepositions"]

    @property
    def adverbial(self) -> frozenset[str]:
        return self.function_words["adverbial"]

    @property
    def question_words(self) -> frozenset[str]:
        return self.function_words["question_words"]

    @property
    def subordinators(self) -> frozenset[str]:
        return self.function_words["subordinators"]

    @property
    def noun_complements(self) -> frozenset[str]:
        return self.function_words["noun_complements"]

    @property
    def complementizers(self) -> frozenset[str]:
        return self.function_words["complementizers"]

    @property
    def relative_subjects(self) -> frozenset[str]:
        return self.function_words["relative_subjects"]

    @property
    def person_relatives(self) -> frozenset[str]:
        return self.function_words["person_relatives"]

    @property
    def contrast_conjunctions(self) -> frozenset[str]:
        return self.function_words["contrast_conjunctions"]

    @property
    def impersonal_pronouns(self) -> frozenset[str]:
        return self.function_words["impersonal_pronouns"]

    def match_cue(self, words: Sequence[str], i: int) -> tuple[int, Cue] | None:
        """The longest cue starting at token ``i`` of ``words``: (end index, cue); none where a
        phrase of ``not_cues`` starts ("adding to a series of problems" adds nothing said)."""
        if self.opens_not_cue(words, i):
            return None
        for n in range(min(self.max_cue, len(words) - i), 0, -1):
            cue = self.cues.get(tuple(words[i : i + n]))
            if cue is not None:
                return i + n, cue
        return None

    def opens_not_cue(self, words: Sequence[str], i: int) -> bool:
        """Whether a phrase of ``not_cues`` starts at token ``i`` ("asked not to be identified")."""
        return bool(self.phrases["not_cues"]) and self.phrase_at("not_cues", words, i, 4) > i

    def has(self, name: str, word: str) -> bool:
        return word in self.words[name]

    def phrase_at(self, name: str, words: Sequence[str], i: int, longest: int = 8) -> int:
        """End index of the longest phrase of list ``name`` starting at ``i``, or ``i``."""
        table = self.phrases[name]
        for n in range(min(longest, len(words) - i), 0, -1):
            if tuple(words[i : i + n]) in table:
                return i + n
        return i


def _str_list(value: Any, what: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"'{what}' must be a list of non-empty strings", where)
    return value


def _verb_cues(lang: str, verbs: Any, where: str) -> dict[tuple[str, ...], Cue]:
    if not isinstance(verbs, dict):
        raise DataError(f"{lang}: 'verbs' must be an object", where)
    out: dict[tuple[str, ...], Cue] = {}
    for lemma, entry in verbs.items():
        if not isinstance(entry, dict):
            raise DataError(f"{lang}: verb {lemma!r} must be an object", where)
        forms = _str_list(entry.get("forms"), f"{lang}.verbs.{lemma}.forms", where)
        if len(forms) != len(_FORM_NAMES):
            raise DataError(f"{lang}: verb {lemma!r} needs {len(_FORM_NAMES)} forms {_FORM_NAMES}", where)
        clause = entry.get("clause", "bare")
        if clause not in _CLAUSES:
            raise DataError(f"{lang}: verb {lemma!r}: clause must be one of {_CLAUSES}", where)
        flags = {k: entry.get(k, k == "inverts") for k in ("object", "document", "inverts")}
        if not all(isinstance(v, bool) for v in flags.values()):
            raise DataError(
                f"{lang}: verb {lemma!r}: 'object', 'document' and 'inverts' must be true or false", where
            )
        for n, form in enumerate(forms):
            key = _phrase(form)
            participle = _FORM_NAMES[n] == "participle" or (key in out and out[key].participle)
            gerund = _FORM_NAMES[n] == "gerund"
            out[key] = Cue(
                lemma, "verb", clause, flags["object"], flags["document"], participle, gerund, flags["inverts"]
            )
    return out


def parse_lexicon(
    data: Any, where: str = _DATA_FILE, function_words: Mapping[str, frozenset[str]] | None = None
) -> Lexicon:
    """Validate and compile cue data (``{"languages": {code: the content of its cues.json}}``,
    English required); raises DataError with the reason."""
    langs = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(langs, dict) or DEFAULT not in langs:
        raise DataError(f"expected an object with 'languages' including {DEFAULT!r}", where)
    cues: dict[tuple[str, ...], Cue] = {}
    lists: dict[str, set[str]] = {name: set() for name in _WORD_LISTS}
    for lang, section in langs.items():
        if not isinstance(section, dict):
            raise DataError(f"language {lang!r} must be an object", where)
        unknown = set(section) - {"verbs", "according", *_WORD_LISTS}
        if unknown:
            raise DataError(f"{lang}: unknown keys {sorted(unknown)}", where)
        cues.update(_verb_cues(lang, section.get("verbs", {}), where))
        for phrase in _str_list(section.get("according", []), f"{lang}.according", where):
            cues[_phrase(phrase)] = Cue(phrase, "according")
        for name in _WORD_LISTS:
            lists[name].update(
                normalise(w) for w in _str_list(section.get(name, []), f"{lang}.{name}", where)
            )
    if not cues:
        raise DataError("no cue at all", where)
    return Lexicon(
        cues=cues,
        max_cue=max(len(k) for k in cues),
        words={k: frozenset(v) for k, v in lists.items()},
        phrases={k: frozenset(_phrase(w) for w in v) for k, v in lists.items()},
        function_words=dict(function_words or {}),
    )


def build_lexicon(langs: Sequence[Language]) -> Lexicon:
    """The lexicon of ``langs`` merged: their cues (a later language's cue phrase wins) and
    their word lists and function words (unions)."""
    data = {"languages": {lang.code: _with_speaker_heads(lang) for lang in langs if lang.cues}}
    function_words = {
        name: frozenset(normalise(w) for lang in langs for w in lang.function_words.get(name, ()))
        for name in FUNCTION_WORD_LISTS
    }
    function_words["clause_openers"] |= _CLAUSE_PUNCTUATION
    return parse_lexicon(data, _DATA_FILE, function_words)


# the speaker words' heads of a person, a body, a group or a document head a source for the rules
# too: one list of "who can speak" per language, read by both stages
_SPEAKER_HEADS = {
    "source_nouns": (
        "person_roles",
        "organisation_heads",
        "government_heads",
        "anonymous_heads",
        "lede_heads",
        "group_nouns",
    ),
    "document_nouns": ("document_heads",),
}


def _with_speaker_heads(lang: Language) -> dict[str, Any]:
    """A language's cue data with the one-word heads of its speaker words added to its source
    and document nouns."""
    section = dict(lang.cues)
    for target, names in _SPEAKER_HEADS.items():
        heads = [w for name in names for w in lang.speaker_words.get(name, ()) if isinstance(w, str)]
        extra = [w for w in heads if w.strip() and " " not in w.strip()]
        section[target] = [*section.get(target, []), *extra]
    return section


def lexicon() -> Lexicon:
    """The lexicon of every installed language, built once (:func:`saidwhat.lang.derived`)."""
    return derived("attribution.lexicon", lambda: build_lexicon(languages()))
