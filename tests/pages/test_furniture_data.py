"""Stop words of a page in a language saidwhat has no folder for (jusText's lists)."""

from __future__ import annotations

from saidwhat.lang.stoplists import wide_stopwords
from saidwhat.pages.furniture_data import MIN_OTHER_SHARE, OtherStopwords, furniture_data
from saidwhat.pages.furniture_features import SegmentFacts, facts_of
from saidwhat.pages.furniture_split import split_lines

PORTUGUESE = [
    "Início",
    "Notícias",
    "Esportes",
    "O governo anunciou nesta segunda-feira que vai ampliar o programa de vacinação para todas as cidades do interior do estado.",
    "Segundo o ministro, a medida deve começar no próximo mês e não tem custo para os municípios que já fazem parte da rede.",
    "Leia também",
]
ENGLISH = [
    "Home",
    "The government said on Monday that it would extend the vaccination programme to every town in the north of the country.",
    "According to the minister, the measure should start next month and will cost nothing to the towns that are already part of it.",
]


def _facts(lines: list[str]) -> list[SegmentFacts]:
    return facts_of(split_lines(lines), lines, furniture_data())


def test_a_page_in_a_language_without_a_folder_reads_its_prose_as_prose():
    data = furniture_data()
    facts = _facts(PORTUGUESE)
    page = data.page_stopwords([f.lower for f in facts])
    assert page == wide_stopwords()["Portuguese"]
    prose = [f for f in facts if len(f.lower) > 10]
    assert len(prose) == 2
    for fact in prose:  # Spanish's list knows "o", "de" and "que"; Portuguese's knows the rest
        assert fact.stops >= data.stop_ratio(fact.lower) + 0.2 and fact.sentence
    menu = [f for f in facts if len(f.lower) == 1]
    assert len(menu) == 3 and not any(f.sentence for f in menu)


def test_a_page_in_a_known_language_keeps_its_own_lists():
    data = furniture_data()
    facts = _facts(ENGLISH)
    assert data.page_stopwords([f.lower for f in facts]) == frozenset()
    assert [f.stops for f in facts] == [data.stop_ratio(f.lower) for f in facts]


def test_the_language_whose_own_words_cover_most_of_the_page_wins():
    lists = [frozenset({"the", "och", "att"}), frozenset({"the", "de", "и", "в", "что"})]
    known = frozenset({"the", "of", "and", "to", "in", "is", "de"})
    others = OtherStopwords.build(lists, known)
    assert "the" not in others.own  # a known language's word tells no other language
    words = ["он", "сказал", "что", "в", "городе", "и", "в", "области", "the", "the", "of"]
    assert others.page_list(words) == lists[1]
    assert others.page_list(words * 5) == lists[1]  # distinct words count, not repeats
    assert others.page_list(words + ["to", "in", "and"]) == frozenset()  # the known languages' outweigh
    assert others.page_list(words + ["de"]) == lists[1]  # a word of both counts for neither
    assert others.page_list(["и", "в", "1", "½"]) == lists[1]  # numbers are no words of a language
    few = ["och"] + ["word" + "x" * k for k in range(int(2 / MIN_OTHER_SHARE))]
    assert others.page_list(few) == frozenset()  # too few to tell
    assert others.page_list([]) == frozenset()
