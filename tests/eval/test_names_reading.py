"""How ``saidwhat eval names`` finds a mention in its page and decides which speaker it is."""

from __future__ import annotations

from saidwhat.core.model import Span
from saidwhat_dev.eval.names import _in_passing, find_mention


def test_a_mention_is_found_as_whole_words() -> None:
    body = "the Russian and Syrian ministries said ... Russia is unlikely to agree"
    assert find_mention(body, "Russia") == body.index("Russia is")
    assert find_mention("Governor @MattBevin won", "Matt") == len("Governor @")  # nowhere else


def test_a_name_inside_a_source_that_names_someone_else_is_not_that_speaker() -> None:
    text = "said planetary geologist Rosaly Lopes of NASA's Jet Propulsion Laboratory in California."
    source = Span(text.index("planetary"), text.index(" in California") + len(" in California"))
    lab = text.index("NASA's")
    assert _in_passing(text, source, lab, lab + len("NASA's Jet Propulsion Laboratory"), "Rosaly Lopes")
    lopes = text.index("Rosaly")
    assert not _in_passing(text, source, lopes, lopes + len("Rosaly Lopes"), "Rosaly Lopes")
    assert not _in_passing(text, source, source.start, source.end, "Rosaly Lopes")
