"""The line network of the text-dump layout (saidwhat.pages.dump_lines): loading and its forward pass."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from saidwhat.core.errors import ModelError
from saidwhat.pages.dump_layout import (
    DEFAULT_MODEL,
    LINES_FILE,
    LayoutModel,
    layout_features,
    main_run,
    prose_lines,
)
from saidwhat.pages.dump_lines import LineNet, compact, page_facts
from saidwhat.pages.furniture_data import furniture_data
from saidwhat_dev.train.dumps import analyse

LINES = [
    "Home | World | Sport",
    "Council approves new cycle lanes",
    "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre.",
    "Work will start in spring, the mayor said, and the lanes should open before the summer holidays.",
    "Share this article",
]


def test_the_shipped_layout_model_reads_the_line_network_beside_the_crf():
    model = LayoutModel.load()
    assert (DEFAULT_MODEL.parent / LINES_FILE).is_file()
    assert model.lines is not None
    settings = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text("utf-8"))
    assert model.lines.members == settings["lines_members"] >= 2  # the networks of every seed, averaged
    facts, xs, probs, labels = analyse(LINES)
    xseq = layout_features(facts, xs, probs, labels, furniture_data())
    net = model.lines.body(facts, xseq, labels, main_run(facts, prose_lines(facts)))
    crf = model.body_marginals(xseq)
    both = model.body(facts, xseq, labels)
    assert len(net) == len(facts) and all(0.0 <= p <= 1.0 for p in net)
    assert both == pytest.approx([(a + b) / 2 for a, b in zip(crf, net)])
    assert min(both[2:4]) > max(both[0], both[4])  # the article's sentences over the menu and share line
    assert model.lines.body([], [], [], (-1, -1)) == []


def test_a_bad_line_network_file_is_a_model_error(tmp_path: Path):
    bad = tmp_path / "dump_lines.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="line network"):
        LineNet.load(bad)
    np.savez(bad, mu=np.zeros(28))  # the other weights missing
    with pytest.raises(ModelError, match="line network"):
        LineNet.load(bad)


def test_a_line_network_whose_input_layer_does_not_fit_its_inputs_is_refused(tmp_path: Path):
    shipped = LineNet.load()
    path = tmp_path / "dump_lines.npz"
    np.savez(path, **{**shipped.weights, "inp_w": shipped.weights["inp_w"][:, :, :-1]})  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="input layer"):
        LineNet.load(path)
    np.savez(path, **{**shipped.weights, "out_b": shipped.weights["out_b"][:1]})  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="same members"):
        LineNet.load(path)


def test_compact_and_page_facts_have_one_row_per_segment():
    facts, xs, probs, labels = analyse(LINES)
    xseq = layout_features(facts, xs, probs, labels, furniture_data())
    rows = compact(facts, xseq, labels)
    assert rows.shape == (len(facts), 20)
    assert labels[2] == "paragraph" and rows[2, 4 + 1] == 1.0  # the classifier's label, one-hot
    place = page_facts(len(facts), (2, 3))
    assert place.shape == (len(facts), 8)
    assert place[:, 4].tolist() == [1.0, 1.0, 0.0, 0.0, 0.0]  # before the main run
    assert place[:, 5].tolist() == [0.0, 0.0, 0.0, 0.0, 1.0]  # after it
