"""The stage as a pipeline step: shape of its output, and hostile input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from saidwhat.core.model import Article, InputInfo, Span, Statement, StatementKind
from saidwhat.core.options import Options
from saidwhat.io.writers.json import article_to_dict
from saidwhat.speakers.stage import ResolveSpeakers


def test_article_without_statements_is_untouched():
    article = Article(input=InputInfo(path="-"), text="Nothing was said.")
    assert ResolveSpeakers(Options())(article).speakers == []


def test_statements_without_source_keep_no_speaker(make_article):
    article = make_article("Anna Berg said it was fine.", [("Anna Berg", "it was fine")])
    article.statements.append(Statement("s9", StatementKind.DIRECT, [Span(0, 4)]))
    ResolveSpeakers(Options())(article)
    assert article.statements[-1].speaker is None
    assert article.statements[0].speaker == "p1"


def test_speakers_have_ids_names_types_keys_and_mentions_in_the_json(make_article):
    text = "Foreign Minister Katrin Vogel met the envoy.\nVogel said the talks were hard."
    article = ResolveSpeakers(Options())(make_article(text, [("Vogel", "the talks were hard")]))
    data = article_to_dict(article)
    (speaker,) = data["speakers"]
    assert speaker["id"] == "p1" and speaker["name"] == "Katrin Vogel" and speaker["type"] == "person"
    assert speaker["key"] == "person:katrin vogel"
    assert data["statements"][0]["source"]["speaker"] == "p1"
    for mention in article.speakers[
        0
    ].mentions:  # the full name and the source mention, as spans over the text
        assert article.slice(mention) in ("Foreign Minister Katrin Vogel", "Vogel")
    assert len(article.speakers[0].mentions) == 2


def test_every_speaker_mention_and_member_points_into_the_article(make_article):
    text = (
        "Anna Berg and Jonas Weber met in Lyon. The two said talks would go on.\n"
        "A source said otherwise. It was unclear, the ministry said."
    )
    article = ResolveSpeakers(Options())(
        make_article(
            text,
            [
                ("The two", "talks would go on"),
                ("A source", "otherwise"),
                ("the ministry", "It was unclear"),
            ],
        )
    )
    ids = {sp.id for sp in article.speakers}
    for sp in article.speakers:
        assert set(sp.members) <= ids
        assert all(0 <= m.start <= m.end <= len(article.text) for m in sp.mentions)


def test_hostile_text_and_odd_sources_do_not_raise():
    junk = ("Ministry " * 3000) + "of " * 500 + "\u202e" + "X" * 10_000 + " the of 's , , ,"
    text = junk + "\nHe said it was fine."
    article = Article(input=InputInfo(path="-"), text=text)
    article.statements = [
        Statement(
            "s1",
            StatementKind.INDIRECT,
            [Span(len(text) - 12, len(text))],
            source=Span(len(junk) + 1, len(junk) + 3),
        ),
        Statement("s2", StatementKind.INDIRECT, [Span(0, 5)], source=Span(0, len(junk))),
        Statement("s3", StatementKind.INDIRECT, [Span(0, 5)], source=Span(3, 3)),
        Statement("s4", StatementKind.INDIRECT, [Span(0, 5)], source=Span(len(junk) - 8, len(junk))),
    ]
    ResolveSpeakers(Options())(article)
    assert all(st.speaker is None or article.speaker(st.speaker) is not None for st in article.statements)


def test_one_failing_source_costs_one_speaker(monkeypatch, make_article):
    from saidwhat.speakers import resolve as resolve_module

    real = resolve_module.Resolver.resolve

    def flaky(self, span, parent=None):  # type: ignore[no-untyped-def]
        if self.text[span.start : span.end] == "Weber":
            raise ValueError("odd source")
        return real(self, span, parent)

    monkeypatch.setattr(resolve_module.Resolver, "resolve", flaky)
    text = "Anna Berg said yes. Weber said no."
    article = ResolveSpeakers(Options())(make_article(text, [("Anna Berg", "yes"), ("Weber", "no")]))
    assert [st.speaker for st in article.statements] == ["p1", None]


def test_a_resolver_bug_costs_the_speakers_not_the_article(monkeypatch, make_article):
    from saidwhat.speakers import stage

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(stage, "scan", broken)
    article = ResolveSpeakers(Options())(make_article("Anna Berg said yes.", [("Anna Berg", "yes")]))
    assert article.speakers == [] and article.statements[0].speaker is None


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("Aa Bb.,'\n\"Mr He she it They the Ministry of Kremlin")), max_size=300
    ),
    cuts=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40)), max_size=6),
)
def test_any_text_and_source_spans_give_consistent_speakers(text, cuts):
    article = Article(input=InputInfo(path="-"), text=text)
    for n, (start, length) in enumerate(cuts):
        start = min(start, len(text))
        end = min(len(text), start + length)
        article.statements.append(
            Statement(f"s{n}", StatementKind.INDIRECT, [Span(start, end)], source=Span(start, end))
        )
    ResolveSpeakers(Options())(article)
    ids = {sp.id for sp in article.speakers}
    assert all(s.speaker is None or s.speaker in ids for s in article.statements)
    for sp in article.speakers:
        assert set(sp.members) <= ids
        assert all(0 <= m.start <= m.end <= len(text) for m in sp.mentions)


def test_first_person_outside_quotations_in_a_signed_piece_is_the_author(make_article):
    text = "I believe the plan will fail. Jonas Weber disagrees."
    article = make_article(text, [("I", "the plan will fail")])
    article.metadata.authors = ["Claire Moreau"]
    ResolveSpeakers(Options())(article)
    speaker = article.speaker(article.statements[0].speaker or "")
    assert speaker is not None and speaker.name == "Claire Moreau"
    article = make_article(text, [("I", "the plan will fail")])  # unsigned: nobody
    ResolveSpeakers(Options())(article)
    assert article.statements[0].speaker is None


def test_running_the_stage_again_gives_the_same_speakers(make_article):
    text = "Anna Berg met Jonas Weber. She said the talks were useful. The two said they would meet again."
    article = make_article(text, [("She", "the talks were useful"), ("The two", "they would meet again")])
    stage = ResolveSpeakers(Options())
    first = [(sp.id, sp.name, sp.key, sp.members) for sp in stage(article).speakers]
    assert [(sp.id, sp.name, sp.key, sp.members) for sp in stage(article).speakers] == first
    assert first[0][1] == "Anna Berg" and first[1][3] == ["p1", "p3"]
