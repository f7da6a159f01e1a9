"""The text-dump measure: renderers, the paragraphs-lost count, halves, alignment, training."""

from __future__ import annotations

import dataclasses
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.core.errors import ModelError
from saidwhat.pages.dump_layout import LayoutModel
from saidwhat.pages.furniture_data import OtherStopwords
from saidwhat_dev.eval.dump_render import available, render, render_lxml
from saidwhat_dev.eval.dumps import DEV, HELD_OUT, Lost, half_of, long_paragraphs_lost, lost_paragraphs
from saidwhat_dev.train.dumps import align, analyse

PAGE = """<html><head><title>Head title</title><style>p {color: red}</style></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>Council approves <em>new</em> cycle lanes</h1>
<div class="byline">By Jane Smith</div>
<script>var tracking = "never shown";</script>
<p>The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre.</p>
<div style="display: none">Hidden promotion</div>
<figure><img src="a.jpg"><figcaption>Cyclists on Main Street. Photo: J. Doe</figcaption></figure>
<p>Work will start in <a href="/spring">spring</a>, the mayor said.</p>
<ul><li>Related: Bus fares rise</li><li>Related: Library reopens</li></ul>
</body></html>"""

BODY = (
    "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre.\n"
    "Work will start in spring, the mayor said."
)


def test_the_lxml_renderer_writes_one_line_per_block_element():
    assert render_lxml(PAGE).split("\n") == [
        "Home World",
        "Council approves new cycle lanes",
        "By Jane Smith",
        "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre.",
        "Cyclists on Main Street. Photo: J. Doe",
        "Work will start in spring, the mayor said.",
        "Related: Bus fares rise",
        "Related: Library reopens",
    ]


def test_the_lxml_renderer_drops_scripts_styles_hidden_elements_and_the_head():
    dump = render_lxml(PAGE)
    for gone in ("tracking", "color: red", "Hidden promotion", "Head title"):
        assert gone not in dump
    assert "" not in dump.split("\n")  # blank lines are dropped
    assert render_lxml("") == ""


@pytest.mark.parametrize("name", ["inscriptis", "html2text"])
def test_the_library_renderers_give_the_visible_text_line_by_line(name):
    if available()[name]:
        pytest.skip(available()[name])
    dump = render(name, PAGE)
    assert "tracking" not in dump and "color: red" not in dump
    lines = dump.split("\n")
    assert "" not in lines
    assert any("eight kilometres of protected cycle lanes" in line for line in lines)


def test_halves_split_by_the_first_hex_digit():
    assert [half_of(c + "abc") for c in "0123456789abcdef"] == [DEV] * 8 + [HELD_OUT] * 8


def test_paragraphs_lost_counts_only_long_paragraphs_the_dump_holds():
    long_one = "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre of the old town."
    missing = "This long paragraph of the article body is not in the dump at all, so it cannot be lost by cleaning it."
    truth = f"{long_one}\nShort line.\n{missing}"
    dump = "Menu\n" + long_one + "\nShort line."
    assert long_paragraphs_lost(truth, dump, long_one) == (1, 0)
    assert long_paragraphs_lost(truth, dump, "Short line.") == (1, 1)


def test_a_lost_paragraph_is_gone_only_when_the_whole_article_lost_it_too():
    opening = "MADRID — Rafael Nadal kept Spain's hopes alive on Saturday, and his teammates completed the comeback in the doubles match."
    other = "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre of the old town."
    truth = f"{opening}\n{other}"
    dump = f"Menu\n{opening}\n{other}"
    body = opening.removeprefix("MADRID — ")  # the dateline in a block of its own; the other paragraph dropped
    text = f"MADRID —\n{body}"
    assert lost_paragraphs(truth, dump, body, text) == [Lost(opening, gone=False), Lost(other, gone=True)]
    assert lost_paragraphs(truth, dump, f"{opening}\n{other}", text) == []


def test_alignment_labels_the_dump_lines_inside_the_body():
    dump = [
        "Home | World | Sport",
        "Council approves new cycle lanes",
        "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre.",
        "Work will start in spring, the mayor said.",
        "Share this article",
    ]
    facts, _, _, _ = analyse(dump)
    assert align(facts, BODY) == ["other", "other", "body", "body", "other"]


def test_a_bad_layout_model_file_is_a_model_error(tmp_path: Path):
    bad = tmp_path / "layout.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="layout model"):
        LayoutModel.load(bad)


def _tiny_benchmark(root: Path, ids: tuple[str, ...] = ("0a", "1b", "2c", "9f")) -> Path:
    (root / "html").mkdir(parents=True)
    truth = {}
    for n, page_id in enumerate(ids):
        html = PAGE.replace("Tuesday", ["Monday", "Tuesday", "Friday", "Sunday"][n])
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth[page_id] = {
            "articleBody": BODY.replace("Tuesday", ["Monday", "Tuesday", "Friday", "Sunday"][n]),
            "url": f"https://news{n}.example.org/story",
        }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def _saidwhat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "saidwhat", *args], capture_output=True, text=True, check=False, timeout=600
    )


def test_eval_extraction_dumps_shows_the_dev_table_and_one_number_for_the_held_out_half(tmp_path: Path):
    bench = _tiny_benchmark(tmp_path / "bench")
    dev = _saidwhat("eval", "extraction", "--dumps", "--renderers", "lxml", "--data", str(bench), "--json")
    assert dev.returncode == 0, dev.stderr
    rows = json.loads(dev.stdout)
    assert {r["system"] for r in rows} == {"raw dump", "saidwhat text", "saidwhat html"}
    assert all(r["pages"] == 3 and r["half"] == "dev" for r in rows)  # 0a, 1b, 2c
    text = next(r for r in rows if r["system"] == "saidwhat text")
    raw = next(r for r in rows if r["system"] == "raw dump")
    assert text["precision"] > raw["precision"]
    held = _saidwhat(
        "eval",
        "extraction",
        "--dumps",
        "--renderers",
        "lxml",
        "--data",
        str(bench),
        "--half",
        "held-out",
        "--json",
    )
    assert held.returncode == 0, held.stderr
    assert list(json.loads(held.stdout)) == ["lxml"]  # one F1 per renderer, nothing per page


@pytest.mark.slow
def test_train_dumps_writes_a_model_that_loads_into_out_not_the_package(tmp_path: Path):
    pytest.importorskip("torch", reason="the line network trains with PyTorch (the train extra)")
    from saidwhat.pages.dump_layout import DEFAULT_MODEL

    shipped = DEFAULT_MODEL.read_bytes()
    bench = _tiny_benchmark(tmp_path / "bench")
    out = tmp_path / "model"
    polnear = tmp_path / "polnear"
    (polnear / "train" / "text").mkdir(parents=True)
    (polnear / "train" / "text" / "a.txt").write_text(
        "Council delays budget vote.\n\n"
        '"It is not ready," she said. The council will meet again next week to discuss it.\n\n'
        "The mayor said the library would open in the spring if the budget passed in time.\n",
        encoding="utf-8",
    )
    more = _tiny_benchmark(tmp_path / "more", ("a1", "b2"))
    done = _saidwhat(
        "train", "dumps", "--benchmark", str(bench), "--polnear", str(polnear), "--out", str(out), "--pages", str(more)
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["benchmark_pages"] == 3  # the held-out page 9f is never read
    assert (report["more_pages"], report["more_folders"]) == (2, [str(more)])  # every page of --pages
    assert report["short_dumps"] == 30  # synthetic short dumps from the PolNeAR folder given
    assert sorted(p.name for p in out.iterdir()) == ["dump_layout.crfsuite", "dump_layout.json", "dump_lines.npz"]
    model = LayoutModel.load(out / "dump_layout.crfsuite")
    assert (model.remove_below, model.add_above) == (report["remove_below"], report["add_above"])
    assert model.lines is not None  # the line network beside the CRF
    assert DEFAULT_MODEL.read_bytes() == shipped  # the installed model is left alone


def test_synthetic_short_dumps_are_seeded_and_labelled_by_their_body():
    import random

    from saidwhat_dev.train.dumps import Article, short_page

    art = Article(
        "Council delays budget vote",
        [
            '"It is not ready," she said. The council will meet again next week to discuss the plan.',
            "The mayor said the library would open in the spring if the budget passed in time.",
        ],
    )
    shorts = ["Share", "Comments", "Home"]
    first = short_page(random.Random("0-1-2"), art, shorts)
    assert first == short_page(random.Random("0-1-2"), art, shorts)  # deterministic
    lines, body = first
    assert art.title in lines and body
    assert all(line in lines for line in body.split("\n"))  # every body line is a line of the dump
    assert all(line in shorts for line in lines if line != art.title and line not in body.split("\n"))


def test_folds_by_site_keep_every_page_of_a_site_together():
    from saidwhat_dev.train.dumps import Analysed, fold_of, site_of

    assert site_of("https://www.example.com/news/1") == "example.com"
    assert site_of("not a url") == ""
    pages = [Analysed(f"{i:02x}aa", [], [], [], [], "", "example.com") for i in range(0, 40, 3)]
    assert len({fold_of(p, "site") for p in pages}) == 1
    assert len({fold_of(p, "page") for p in pages}) > 1
    other = Analysed("00bb", [], [], [], [], "", "")
    assert fold_of(other, "site") == fold_of(other, "page")  # no site: its page's fold
    with pytest.raises(ValueError, match="folds by"):
        fold_of(pages[0], "month")


def test_settings_from_a_spec_take_the_fields_types():
    from saidwhat_dev.train.dumps import LayoutSettings, from_spec

    settings = from_spec(LayoutSettings, "c2=1.5,short_dumps=10")
    assert settings.c2 == 1.5 and settings.short_dumps == 10 and isinstance(settings.short_dumps, int)
    assert from_spec(LayoutSettings, "") == LayoutSettings()


def test_the_numpy_line_network_computes_what_the_trained_torch_network_does():
    torch = pytest.importorskip("torch", reason="the line network trains with PyTorch (the train extra)")
    from saidwhat.pages.dump_layout import main_run, prose_lines
    from saidwhat_dev.train import dumps as train_dumps

    lines = [
        "Home | World | Sport",
        "Council approves new cycle lanes",
        "The council voted on Tuesday to build eight kilometres of protected cycle lanes across the centre.",
        "Work will start in spring, the mayor said, and the lanes should open before the summer holidays.",
        "Share this article",
    ]
    facts, xs, probs, labels = analyse(lines)
    xseq = train_dumps.layout_features(facts, xs, probs, labels, train_dumps.furniture_data())
    gold = align(facts, "\n".join(lines[2:4]))
    seqs = [train_dumps.Analysed(str(i), facts, labels, xseq, gold) for i in range(3)]
    settings = train_dumps.LayoutSettings(lines_epochs=2, lines_members=2)
    net = train_dumps.train_lines(seqs, settings)
    assert net.members == 2 and net.weights["out_w"].shape[0] == 2
    assert train_dumps.train_lines(seqs, settings).weights["out_w"].tolist() == net.weights["out_w"].tolist()
    assert net.weights["out_w"][0].tolist() != net.weights["out_w"][1].tolist()  # two seeds, two networks

    # The same weights in the PyTorch module give the same P(body) as the numpy forward pass,
    # the members' mean.
    run = main_run(facts, prose_lines(facts))
    expected = []
    for j in range(net.members):
        module = train_dumps._Net(28, 0.0)
        state = {
            key: torch.tensor(net.weights[name][j], dtype=torch.float32) for name, key in train_dumps._TORCH_NAMES.items()
        }
        module.load_state_dict(state)
        module.eval()
        x = (train_dumps._lines_inputs(seqs[0]) - net.weights["mu"][j]) / net.weights["sd"][j]
        with torch.no_grad():
            expected.append(torch.sigmoid(module(torch.tensor(x, dtype=torch.float32)[None], [len(x)]))[0].tolist())
    expected = [sum(p) / len(p) for p in zip(*expected)]
    assert net.body(facts, xseq, labels, run) == pytest.approx(expected, abs=1e-5)


def test_a_page_in_a_language_without_a_folder_is_also_trained_without_its_stop_words():
    from saidwhat_dev.train import dumps as train_dumps

    lines = [
        "Início | Notícias | Esportes",
        "Governo amplia vacinação no interior",
        "O governo anunciou nesta segunda-feira que vai ampliar o programa de vacinação para todas as cidades.",
        "Segundo o ministro, a medida deve começar no próximo mês e não tem custo para os municípios.",
        "Compartilhe",
    ]
    facts, _, _, _ = analyse(lines)
    assert train_dumps._own_language(facts)  # read with Portuguese stop words
    truth = "\n".join(lines[2:4])
    data = train_dumps.furniture_data()
    blind = train_dumps._read_blind(lines, truth, dataclasses.replace(data, others=OtherStopwords()))
    assert [f.segment.text for f in blind.facts] == [f.segment.text for f in facts]
    assert blind.gold == align(facts, truth)
    assert [f.stops for f in blind.facts] == [data.stop_ratio(f.lower) for f in facts]  # the known lists only
    assert max(f.stops for f in facts) > max(f.stops for f in blind.facts)
    assert not train_dumps._own_language(analyse(["Home", "The council voted on Tuesday to build new lanes."])[0])

    page = train_dumps.Analysed("aa", facts, [], [], [], truth, "example.com.br", "lxml", blind)
    english = train_dumps.Analysed("bb", facts, [], [], [], truth, "example.com", "lxml")
    with_copies = train_dumps._training_set([page, english], [], train_dumps.LayoutSettings())
    assert with_copies == [page, english, blind]
    without = train_dumps._training_set([page, english], [], train_dumps.LayoutSettings(blind_copies=False))
    assert without == [page, english]


def test_more_labelled_pages_are_rendered_and_aligned_and_never_the_benchmarks_own(tmp_path: Path):
    from saidwhat.core.errors import DataError, MissingInput
    from saidwhat_dev.train.dumps import BODY as BODY_LABEL
    from saidwhat_dev.train.dumps import OTHER, more_sequences

    bench = _tiny_benchmark(tmp_path / "bench")
    more = _tiny_benchmark(tmp_path / "more", ("a1", "b2", "9e"))  # every page, whatever its id
    got = more_sequences([more], bench)
    assert {(s.name, s.renderer) for s in got} >= {("more/a1", "lxml"), ("more/b2", "lxml"), ("more/9e", "lxml")}
    lxml = next(s for s in got if s.name == "more/a1" and s.renderer == "lxml")
    assert lxml.site == "news0.example.org"
    texts = {f.segment.text: gold for f, gold in zip(lxml.facts, lxml.gold)}
    assert texts["Work will start in spring, the mayor said."] == BODY_LABEL
    assert texts["Related: Bus fares rise"] == OTHER
    assert more_sequences([], bench) == []
    with pytest.raises(DataError, match="0a, 1b, 2c"):
        more_sequences([more, bench], bench)  # the benchmark's own pages, the held-out half with them
    with pytest.raises(MissingInput, match="not a folder of labelled pages"):
        more_sequences([tmp_path], bench)


def test_a_share_of_sites_is_the_same_sites_for_one_seed_and_others_for_another():
    from saidwhat_dev.train.dumps import Sites

    names = [f"site{n}.example.org" for n in range(400)]
    half = {s for s in names if Sites(0.5, 0).keeps(s)}
    assert 150 < len(half) < 250
    assert half == {s for s in names if Sites(0.5, 0).keeps(s)}
    assert half != {s for s in names if Sites(0.5, 1).keeps(s)}
    assert all(Sites().keeps(s) for s in names)
    assert not any(Sites(0.0, 3).keeps(s) for s in names)
