"""Syndicated copies: the labelled near-duplicate set, and MinHash LSH measured on it (datasketch vs Spark ML).

The set (``bench/data/near_duplicates/``, README there) is built from wire
stories: every PolNeAR article (train and dev) that credits a news agency
(AP, UPI, Reuters, AFP) and the twelve pages of the demo corpus are the
*origins*; each gets three copies made by rule — an outlet's copy (its own
title line and a credit line added), a rewritten lead (the first paragraph
replaced by another), a truncated copy (the first 35 to 70 % of paragraphs) —
and two demo stories also have a translated copy (``translated/``). Two pairs
of PolNeAR articles are real reprints (the same Washington Post story on two
days). Every other PolNeAR article is a distractor, and two hard negatives are
labelled: the demo corpus's two outlets' accounts of the Rhône talks (one
event, two texts) and two "10 Things to Know for Today" digests (one template,
two days). ``pairs.tsv`` lists every labelled pair (1: copies of one story, 0:
hard negative); precision and recall are over all pairs of the corpus (two
documents are predicted copies when they end in one cluster; every pair not in
one story is a negative).

    .venv/bin/python bench/near_duplicates.py [--write-pairs] [--spark] [--json FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
SET = ROOT / "bench" / "data" / "near_duplicates"
DEMO = ROOT / "src" / "saidwhat" / "demo" / "pages"
WIRES = {"AP", "UPI", "reuters", "Reuters", "AFP"}
REPRINTS = [
    (
        "wash-post_2015-12-12_misinformation-enters-mainstream",
        "wash-post_2015-12-13_misinformation-enters-mainstream",
    ),
    (
        "wash-post_2015-12-22_as-spotlight-shines-on-trump-and",
        "wash-post_2015-12-23_as-spotlight-shines-on-trump-and",
    ),
]
HARD_NEGATIVES = [
    ("demo:04-rhone-talks-swiss-account", "demo:08-rhone-talks-french-account"),
    (
        "polnear:breitbart_2016-02-04_things-to-know-for-today",
        "polnear:breitbart_2016-08-25_things-to-know-for-today",
    ),
]
OUTLETS = ["Daily Courier", "Evening Post", "Morning Herald", "City Ledger"]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def copies(doc: str, text: str, rng: random.Random) -> dict[str, str]:
    """The three rule-made copies of one origin: outlet's copy, rewritten lead, truncated."""
    paras = _paragraphs(text)
    title, body = paras[0], paras[1:] or paras
    outlet = rng.choice(OUTLETS)
    cut = max(2, round(len(paras) * rng.uniform(0.35, 0.7)))
    lead = f"{title.rstrip('.')}: {outlet} has the story, which our correspondents followed through the day."
    return {
        f"{doc}#copy": "\n\n".join(
            [f"{title} | {outlet}", *body, f"Reporting by the wire service for {outlet}."]
        ),
        f"{doc}#lead": "\n\n".join([title, lead, *body[1:]]),
        f"{doc}#cut": "\n\n".join(paras[:cut]),
    }


def _polnear() -> tuple[dict[str, str], set[str]]:
    """Every PolNeAR text (train and dev), and the ids of those that credit a wire service."""
    texts, wire = {}, set()
    lines = (POLNEAR / "metadata.tsv").read_text("utf-8").splitlines()
    head = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(head, line.split("\t")))
        doc = f"polnear:{row['filename']}"
        texts[doc] = (POLNEAR / row["compartment"] / "text" / f"{row['filename']}.txt").read_text("utf-8")
        if row["wire"] in WIRES:
            wire.add(doc)
    return texts, wire


def _demo() -> dict[str, str]:
    import saidwhat

    return {f"demo:{p.name.rsplit('.', 1)[0]}": saidwhat.extract(str(p)).text for p in sorted(DEMO.iterdir())}


def corpus() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(texts, story of each document, kind of each copy)."""
    rng = random.Random(2026)
    texts, wire = _polnear()
    demo = _demo()
    texts.update(demo)
    story = {doc: doc for doc in texts}
    kind: dict[str, str] = {}
    for doc in sorted(wire | set(demo)):
        for copy, text in copies(doc, texts[doc], rng).items():
            texts[copy], story[copy], kind[copy] = text, doc, copy.rsplit("#", 1)[1]
    for path in sorted((SET / "translated").glob("*.txt")):
        doc = f"demo:{path.name.split('.')[0]}"
        copy = f"{doc}#translated"
        texts[copy], story[copy], kind[copy] = path.read_text("utf-8"), doc, "translated"
    for a, b in REPRINTS:
        story[f"polnear:{b}"] = f"polnear:{a}"
        kind[f"polnear:{b}"] = "reprint"
    return texts, story, kind


def labelled_pairs(story: dict[str, str], kind: dict[str, str]) -> list[tuple[str, str, int, str]]:
    groups: dict[str, list[str]] = {}
    for doc, s in story.items():
        groups.setdefault(s, []).append(doc)
    out = []
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            kinds = sorted(kind.get(x, "origin") for x in (a, b))
            out.append((a, b, 1, "+".join(kinds)))
    out += [(a, b, 0, "hard negative") for a, b in HARD_NEGATIVES]
    return sorted(out)


# -- the two methods ---------------------------------------------------------------------------------


def datasketch_clusters(texts: dict[str, str]) -> dict[str, str]:
    """saidwhat's own path (saidwhat.executors.duplicates), with the bands grouped in Python."""
    from saidwhat.executors.duplicates import components, containment, signature

    sigs = {doc: s for doc, text in texts.items() if (s := signature(text)) is not None}
    buckets: dict[tuple[int, int], list[str]] = {}
    for doc, sig in sigs.items():
        for band, value in enumerate(sig.bands):
            buckets.setdefault((band, value), []).append(doc)
    candidates = set()
    for ids in buckets.values():
        ids = sorted(ids)
        pairs = itertools.combinations(ids, 2) if len(ids) <= 50 else ((ids[0], x) for x in ids[1:])
        candidates.update(pairs)
    from saidwhat.executors.duplicates import MIN_CONTAINMENT

    copies_ = [(a, b) for a, b in candidates if containment(sigs[a], sigs[b]) >= MIN_CONTAINMENT]
    return {doc: group[0] for group in components(copies_) for doc in group}


def spark_ml_clusters(texts: dict[str, str], max_distance: float, tables: int) -> dict[str, str]:
    """Spark ML: shingles hashed to sparse vectors, MinHashLSH, approxSimilarityJoin on Jaccard distance."""
    from pyspark.ml.feature import HashingTF, MinHashLSH

    from saidwhat.executors.duplicates import components, shingles
    from saidwhat.executors.spark import session

    spark = session("local[2]", app="saidwhat-minhash-bench")
    rows = [(doc, sorted(s.decode() for s in shingles(text))) for doc, text in texts.items()]
    frame = spark.createDataFrame([r for r in rows if len(r[1]) >= 10], "id string, shingles array<string>")
    vectors = HashingTF(
        inputCol="shingles", outputCol="features", numFeatures=1 << 20, binary=True
    ).transform(frame)
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=tables, seed=13).fit(vectors)
    joined = model.approxSimilarityJoin(vectors, vectors, max_distance, distCol="distance")
    pairs = [(r[0], r[1]) for r in joined.selectExpr("datasetA.id", "datasetB.id").collect() if r[0] < r[1]]
    return {doc: group[0] for group in components(pairs) for doc in group}


def score(predicted: dict[str, str], story: dict[str, str], kind: dict[str, str]) -> dict[str, object]:
    def cluster(doc: str) -> str:
        return predicted.get(doc, doc)

    docs = sorted(story)
    by_story = Counter(story[d] for d in docs)
    by_cluster = Counter(cluster(d) for d in docs)
    joint = Counter((story[d], cluster(d)) for d in docs)
    pairs = lambda n: n * (n - 1) // 2
    tp = sum(pairs(n) for n in joint.values())
    positives, predicted_pairs = sum(map(pairs, by_story.values())), sum(map(pairs, by_cluster.values()))
    recall_by_kind: dict[str, list[int]] = {}
    for a, b, label, what in labelled_pairs(story, kind):
        if label:
            hit = recall_by_kind.setdefault(what, [0, 0])
            hit[0] += cluster(a) == cluster(b)
            hit[1] += 1
    negatives_split = [cluster(a) != cluster(b) for a, b in HARD_NEGATIVES]
    return {
        "documents": len(docs),
        "positive_pairs": positives,
        "precision": round(tp / predicted_pairs, 4) if predicted_pairs else 1.0,
        "recall": round(tp / positives, 4),
        "recall_by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(recall_by_kind.items())},
        "hard_negatives_kept_apart": f"{sum(negatives_split)}/{len(negatives_split)}",
    }


def timed(fn: Callable[[], dict[str, str]]) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--write-pairs", action="store_true", help="write bench/data/near_duplicates/pairs.tsv"
    )
    parser.add_argument("--spark", action="store_true", help="measure Spark ML's MinHashLSH too")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    texts, story, kind = corpus()
    if args.write_pairs:
        lines = ["doc_a\tdoc_b\tlabel\tkind"] + ["\t".join(map(str, p)) for p in labelled_pairs(story, kind)]
        (SET / "pairs.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    results = []
    predicted, seconds = timed(lambda: datasketch_clusters(texts))
    results.append({"method": "datasketch (saidwhat)", "seconds": seconds, **score(predicted, story, kind)})
    if args.spark:
        for distance, tables in ((0.5, 10), (0.7, 10), (0.7, 20)):
            predicted, seconds = timed(lambda d=distance, t=tables: spark_ml_clusters(texts, d, t))
            name = f"Spark ML MinHashLSH (distance <= {distance}, {tables} tables)"
            results.append({"method": name, "seconds": seconds, **score(predicted, story, kind)})
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
