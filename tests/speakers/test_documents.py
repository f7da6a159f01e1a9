"""Documents as sources: a statement, a report or a letter speaks for its issuer."""

from __future__ import annotations

from saidwhat.core.model import SpeakerType


def test_a_statement_is_attributed_to_the_body_that_issued_it(resolve):
    text = (
        "The Foreign Ministry summoned the ambassador.\n"
        "The ministry's statement said the arrests were unacceptable.\n"
        "A statement from the Kremlin said the arrests were lawful."
    )
    _, (a, b) = resolve(
        text,
        [
            ("The ministry's statement", "the arrests were unacceptable"),
            ("A statement from the Kremlin", "the arrests were lawful"),
        ],
    )
    assert a.name == "Foreign Ministry" and a.type is SpeakerType.GOVERNMENT
    assert b.name == "Russia" and b.type is SpeakerType.COUNTRY


def test_a_document_named_earlier_is_attributed_to_its_issuer(resolve):
    text = (
        "The Hungarian government issued a statement on Monday.\n"
        "The statement said the law protected national sovereignty."
    )
    _, (sp,) = resolve(text, [("The statement", "the law protected")])
    assert sp.name == "Hungary"


def test_a_document_whose_issuer_is_unknown_is_a_document(resolve):
    text = "The communique said the two sides would meet again. The communique also called for calm."
    _, (a, b) = resolve(
        text, [("The communique", "would meet again"), ("The communique", "also called for calm")]
    )
    assert a is b and a.type is SpeakerType.DOCUMENT
