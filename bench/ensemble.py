"""Two attribution networks as one: emissions averaged, then the same CRF decoding; PolNeAR dev scores.

Measures whether an ensemble of two trained model directories (``saidwhat train
--out DIR`` with different settings or seeds) beats each alone, with the
protocol of ``saidwhat eval polnear`` (model alone, no rules merge). Transitions
and start/end scores are averaged too.

    .venv/bin/python bench/ensemble.py DIR_A DIR_B [--data ../shared/data/polnear]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, nargs=2)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()

    from saidwhat.attribution.crf_rules import corpus_blocks
    from saidwhat.attribution.neural import NETWORK_FILE, Network
    from saidwhat.attribution.tagger import AttributionTagger
    from saidwhat.core.model import Article, InputInfo, Statement
    from saidwhat_dev.eval.polnear import evaluate
    from saidwhat_dev.eval.polnear_corpus import read_split, split_dir

    nets = [Network.load(d / NETWORK_FILE) for d in args.models]
    averaged = {k: sum(n.w[k] for n in nets) / len(nets) for k in nets[0].w}

    class Averaged(Network):
        """The first network's weights for the layout, emissions averaged over all."""

        def _emissions(self, paragraphs: Sequence[Sequence[Sequence[str]]]) -> tuple[np.ndarray, list[int]]:
            results = [Network._emissions(n, paragraphs) for n in nets]
            return sum(e for e, _ in results) / len(results), results[0][1]

    ensemble = Averaged(averaged, nets[0].labels)
    tagger = AttributionTagger.load(args.models[0])
    tagger._labeller = ensemble  # same features, cue words and part of speech as the first model

    def predict(text: str) -> list[Statement]:
        article = Article(input=InputInfo(path="-", format="text"), text=text, blocks=corpus_blocks(text))
        return tagger.predict(article)

    scores = evaluate(read_split(split_dir(args.data, args.split)), predict).as_dict()
    print(
        json.dumps(
            {
                "models": [str(d) for d in args.models],
                "f1": {role: r["f1"] for role, r in scores["roles"].items()},
                "relations": {name: r["f1"] for name, r in scores["relations"].items()},
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
