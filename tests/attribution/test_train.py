"""`saidwhat train` end to end on a few PolNeAR train articles (skipped without the corpus)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from saidwhat.attribution.tagger import AttributionTagger
from saidwhat.core.errors import ModelError
from saidwhat.core.model import Article, Block, BlockKind, InputInfo
from saidwhat.nlp.tokens import line_spans
from saidwhat_dev.train.attribution import TrainSettings, train_model
from saidwhat_dev.train.network import NetSettings

ARTICLES = 4
TEXT = "The senator said that the bill would not pass.\n\n“We will win,” Trump told the crowd.\n"


@pytest.fixture(scope="module")
def mini_polnear(polnear_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PolNeAR directory whose train split holds the first few articles of the real one."""
    source = polnear_dir / "train"
    root = tmp_path_factory.mktemp("polnear")
    train = root / "train"
    (train / "text").mkdir(parents=True)
    (train / "attributions").mkdir()
    names = sorted(p.stem for p in (source / "text").glob("*.txt"))[:ARTICLES]
    for name in names:
        shutil.copy(source / "text" / f"{name}.txt", train / "text")
        for ann in (source / "attributions").glob(f"{name}_*.ann"):
            shutil.copy(ann, train / "attributions")
    wanted = set(names)
    with gzip.open(source / "tokens.tsv.gz", "rt", encoding="utf-8") as fin:
        rows = [line for line in fin if line.split("\t", 1)[0] in wanted]
    with gzip.open(train / "tokens.tsv.gz", "wt", encoding="utf-8") as fout:
        fout.writelines(rows)
    return root


def _predict(model_dir: Path) -> list[str]:
    article = Article(InputInfo("-", "text"), text=TEXT)
    article.blocks = [Block(BlockKind.PARAGRAPH, s) for s in line_spans(TEXT)]
    statements = AttributionTagger.load(model_dir).predict(article)
    for st in statements:
        for span in (st.source, st.cue, *st.content):
            assert span is None or 0 <= span.start < span.end <= len(TEXT)
    return [st.id for st in statements]


@pytest.mark.slow
@pytest.mark.polnear
def test_training_the_crf_writes_a_model_that_loads(mini_polnear: Path, tmp_path: Path) -> None:
    settings = TrainSettings(architecture="crf", max_iterations=5, pos_iterations=2)
    record = train_model(mini_polnear, tmp_path, settings, log=lambda _: None)
    assert record["documents"] and record["tokens"]
    assert (tmp_path / "attribution.crfsuite").exists() and not (tmp_path / "attribution.npz").exists()
    saved = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert saved["architecture"] == "crf" and saved["files"]["labeller"] == "attribution.crfsuite"
    assert saved["settings"]["architecture"] == "crf" and "network" not in saved["settings"]
    assert saved["training"]["documents"] == record["documents"]
    _predict(tmp_path)


@pytest.mark.slow
@pytest.mark.polnear
def test_training_the_network_writes_a_model_that_loads(mini_polnear: Path, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    (tmp_path / "attribution.crfsuite").write_bytes(b"stale")  # replaced: one labeller per directory
    net = NetSettings(buckets_log2=12, dim=8, hidden=8, epochs=1, threads=1)
    record = train_model(mini_polnear, tmp_path, TrainSettings(pos_iterations=2), log=lambda _: None, net=net)
    assert record["iterations"] == 1
    assert (tmp_path / "attribution.npz").exists() and not (tmp_path / "attribution.crfsuite").exists()
    saved = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert saved["architecture"] == "bilstm-crf" and saved["files"]["labeller"] == "attribution.npz"
    assert saved["settings"]["architecture"] == "bilstm-crf"
    assert saved["settings"]["network"]["hidden"] == 8
    ids = _predict(tmp_path)
    assert ids == [f"m{i}" for i in range(1, len(ids) + 1)]


def test_an_unknown_architecture_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="unknown architecture"):
        train_model(tmp_path, tmp_path / "out", TrainSettings(architecture="transformer"), log=lambda _: None)


@pytest.mark.slow
@pytest.mark.polnear
def test_the_train_command_writes_a_model_directory_into_out(mini_polnear: Path, tmp_path: Path) -> None:
    from saidwhat.attribution.manifest import DEFAULT_MODEL_DIR, Manifest
    from saidwhat.cli import main

    shipped = (DEFAULT_MODEL_DIR / "manifest.json").read_bytes()
    out = tmp_path / "mine"
    flags = ["--architecture", "crf", "--max-iterations", "5", "--pos-iterations", "2", "--out", str(out)]
    assert main(["train", "attribution", "--data", str(mini_polnear), *flags]) == 0
    manifest = Manifest.read(out)
    assert manifest.architecture == "crf" and manifest.path("labeller").is_file()
    assert manifest.settings["max_iterations"] == 5 and manifest.training["documents"] >= ARTICLES
    ids = _predict(out)
    assert ids == [f"m{i}" for i in range(1, len(ids) + 1)]
    assert (DEFAULT_MODEL_DIR / "manifest.json").read_bytes() == shipped  # the package's model is untouched


@pytest.mark.slow
@pytest.mark.polnear
def test_training_with_negatives_adds_one_line_after_every_n_paragraphs(
    mini_polnear: Path, tmp_path: Path
) -> None:
    base = TrainSettings(architecture="crf", max_iterations=2, pos_iterations=1)
    plain = train_model(mini_polnear, tmp_path / "plain", base, log=lambda _: None)
    every = 4
    base.negatives_every, base.negatives_benchmark = every, ""  # the labelled dumps only
    mixed = train_model(mini_polnear, tmp_path / "mixed", base, log=lambda _: None)
    n = plain["paragraphs"]
    assert isinstance(n, int) and mixed["paragraphs"] == n + n // every
    assert mixed["negative_lines"] == mixed["negative_lines_furniture"] and "negative_lines" not in plain
    saved = json.loads((tmp_path / "mixed" / "manifest.json").read_text(encoding="utf-8"))
    assert saved["settings"]["negatives_every"] == every
