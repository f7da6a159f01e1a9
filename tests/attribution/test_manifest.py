"""The attribution model directory: its manifest, the loader it drives, and ``--model DIR``."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from saidwhat.attribution.manifest import DEFAULT_MODEL_DIR, MANIFEST_FILE, Manifest
from saidwhat.attribution.neural import Network
from saidwhat.attribution.tagger import AttributionTagger
from saidwhat.core.errors import ModelError
from saidwhat.core.options import Options
from saidwhat.pipeline import extract_text

PAGE = (
    "Bridge to stay closed all summer\n\n"
    "“We need the summer for the works,” the mayor, Anna Berg, said on Tuesday.\n\n"
    "The senator said that the bill would not pass before the election, according to two aides.\n"
)


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """A copy of the shipped attribution model directory."""
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    return copy


def _edit_manifest(directory: Path, **changes: object) -> None:
    path = directory / MANIFEST_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.update(changes)
    path.write_text(json.dumps(raw), encoding="utf-8")


def test_the_shipped_manifest_describes_the_shipped_network() -> None:
    manifest = Manifest.read(DEFAULT_MODEL_DIR)
    assert manifest.architecture == "bilstm-crf" and manifest.format == 1
    assert manifest.rule_features
    assert all(manifest.path(role).is_file() for role in ("labeller", "pos", "cues"))
    network = Network.load(manifest.path("labeller"))
    assert tuple(network.labels) == manifest.labels
    assert manifest.training["documents"] > 0  # the training record is kept with it


def test_a_manifest_round_trips(model_copy: Path) -> None:
    manifest = Manifest.read(model_copy)
    (model_copy / MANIFEST_FILE).unlink()
    manifest.write()
    assert Manifest.read(model_copy) == manifest


def test_a_directory_without_manifest_is_one_model_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        AttributionTagger.load(tmp_path)
    message = str(caught.value)
    assert str(tmp_path) in message and "manifest.json" in message and "\n" not in message
    with pytest.raises(ModelError, match="no such directory"):
        Manifest.read(tmp_path / "missing")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"architecture": "transformer"}, "architecture 'transformer'"),
        ({"format": 99}, "format 99"),
        ({"labels": []}, "'labels'"),
        ({"files": {"labeller": "attribution.npz"}}, "'files'"),
        ({"files": {"labeller": "../x.npz", "pos": "pos.crfsuite", "cues": "cue_words.json"}}, "plain name"),
    ],
)
def test_an_invalid_manifest_is_one_model_error_naming_the_directory(
    model_copy: Path, changes: dict[str, object], reason: str
) -> None:
    _edit_manifest(model_copy, **changes)
    with pytest.raises(ModelError, match="invalid manifest.json") as caught:
        AttributionTagger.load(model_copy)
    assert reason in str(caught.value) and str(model_copy) in str(caught.value)


def test_unreadable_manifest_json_is_a_model_error(model_copy: Path) -> None:
    (model_copy / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read manifest.json"):
        AttributionTagger.load(model_copy)


def test_the_labeller_is_the_one_the_manifest_names_not_the_one_a_file_suggests(model_copy: Path) -> None:
    (model_copy / "attribution.crfsuite").write_bytes(b"not a crfsuite model")  # a stray file: ignored
    assert AttributionTagger.load(model_copy).predict  # the network of the manifest loads
    _edit_manifest(model_copy, architecture="crf")  # now the manifest names the CRF: its file is read
    _edit_manifest(model_copy, files={"labeller": "attribution.crfsuite", "pos": "pos.crfsuite", "cues": "cue_words.json"})
    with pytest.raises(ModelError, match="cannot load attribution model"):
        AttributionTagger.load(model_copy)


def test_labels_the_manifest_does_not_list_are_a_model_error(model_copy: Path) -> None:
    _edit_manifest(model_copy, labels=["O", "B-cue", "I-cue"])
    with pytest.raises(ModelError, match="labels the manifest does not list"):
        AttributionTagger.load(model_copy)


def _said(options: Options) -> list[tuple[str, str, str, float]]:
    article = extract_text(PAGE, "page.txt", options)
    return [
        (st.id, st.method, " ".join(article.slice(c) for c in st.content), st.confidence)
        for st in article.statements
    ]


def test_model_option_with_a_copy_of_the_shipped_model_gives_the_same_statements(model_copy: Path) -> None:
    default = _said(Options())
    assert any(method.endswith("+model") or method == "model" for _, method, _, _ in default)
    assert _said(Options(model=str(model_copy))) == default


def test_model_option_with_a_bad_directory(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ModelError, match="not an attribution model directory"):
        extract_text(PAGE, "page.txt", Options(model=str(tmp_path), attribution="model"))
    with caplog.at_level(logging.WARNING, logger="saidwhat.attribution.stage"):
        said = _said(Options(model=str(tmp_path)))  # auto: the rules alone, and a warning naming it
    assert said and all(method.startswith("rule:") for _, method, _, _ in said)
    assert any(str(tmp_path) in r.getMessage() and "rules only" in r.getMessage() for r in caplog.records)
