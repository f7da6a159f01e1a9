"""Speaker resolution on PolNeAR dev: how many sources are pronouns or descriptions, and how many get a name.

Runs the whole pipeline (:func:`saidwhat.pipeline.analyse_text`) on every dev
text, and reads each predicted statement's source mention:

- *pronoun*: the mention is one pronoun ("he", "they", "we");
- *description*: the mention holds no capitalised name ("the spokesman",
  "officials", "the campaign"); a sentence-initial article does not count;
- *named*: anything else.

For pronouns and descriptions it counts the share that the resolver links to
a *named speaker* of the article: a person, body or country whose canonical
name is a name (every word capitalised but connectors and a trailing kind of
body, as in "Jeb Bush campaign") other than the mention itself, or a group
whose members are known. A seeded sample of those links is written as TSV (``--sample``) with an
empty ``verdict`` column to fill by hand (``ok`` / ``wrong``); ``--score``
reads a filled sample back and prints the hand-checked precision.

    python bench/speakers_polnear.py --sample dev/saidwhat_dev/eval/data/speakers/polnear_dev_sample.tsv
    python bench/speakers_polnear.py --score dev/saidwhat_dev/eval/data/speakers/polnear_dev_sample.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
NAMED_TYPES = {"person", "organisation", "government", "country"}


def classify(mention: str) -> str:
    from saidwhat.speakers.lexicon import words

    w = words()
    toks = mention.split()
    if len(toks) == 1 and toks[0].lower().strip(".,") in set(w.pronouns) | w.first_person:
        return "pronoun"
    rest = toks[1:] if toks and toks[0].lower() in w.determiners else toks
    if any(t[:1].isupper() for t in rest):
        return "named"
    return "description"


def is_named(article, speaker, mention: str) -> bool:  # type: ignore[no-untyped-def]
    from saidwhat.speakers.lexicon import norm

    if speaker.type.value == "group":
        return bool(speaker.members)
    if speaker.type.value not in NAMED_TYPES or norm(speaker.name) == norm(mention):
        return False
    # A name, not a description: every word capitalised but connectors ("Secretary of State")
    # and the kind of body after an owner's name ("Jeb Bush campaign").
    from saidwhat.speakers.lexicon import words

    parts = speaker.name.split()
    while len(parts) > 1 and parts[-1] in words().organisation_heads:
        parts.pop()
    return all(p[:1].isupper() or p in ("of", "for", "the", "and", "de", "von", "van", "al") for p in parts)


def context(text: str, start: int, end: int, width: int = 160) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ").replace("\t", " ")
    right = text[end : end + 60].replace("\n", " ").replace("\t", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def run(split: str, limit: int | None, seed: int, sample_path: Path | None, size: int) -> dict[str, object]:
    from saidwhat.core.options import Options
    from saidwhat.pipeline import analyse_text
    from saidwhat.speakers.stage import ResolveSpeakers

    counts: Counter[str] = Counter()
    linked: list[dict[str, str]] = []
    started = time.perf_counter()
    stage = ResolveSpeakers(Options())
    stage_seconds = 0.0
    for path in sorted((POLNEAR / split / "text").glob("*.txt"))[:limit]:
        text = path.read_text(encoding="utf-8")
        article = analyse_text(text)
        tick = time.perf_counter()
        stage(article)  # again, to time the speaker stage alone (it replaces its own output)
        stage_seconds += time.perf_counter() - tick
        counts["articles"] += 1
        for st in article.statements:
            counts["statements"] += 1
            if st.source is None:
                continue
            counts["with_source"] += 1
            mention = article.slice(st.source)
            kind = classify(mention)
            counts[kind] += 1
            speaker = article.speaker(st.speaker) if st.speaker else None
            if speaker is not None:
                counts[f"{kind}_resolved"] += 1
            if kind != "named" and speaker is not None and is_named(article, speaker, mention):
                counts[f"{kind}_named"] += 1
                members = [m.name for m in (article.speaker(i) for i in speaker.members) if m is not None]
                linked.append(
                    {
                        "article": path.stem,
                        "start": str(st.source.start),
                        "kind": kind,
                        "mention": mention,
                        "speaker": speaker.name + (f" ({' + '.join(members)})" if members else ""),
                        "type": speaker.type.value,
                        "context": context(text, st.source.start, st.source.end),
                        "verdict": "",
                    }
                )
    seconds = time.perf_counter() - started
    share = {
        kind: round(counts[f"{kind}_named"] / counts[kind], 3) if counts[kind] else 0.0
        for kind in ("pronoun", "description")
    }
    both = counts["pronoun"] + counts["description"]
    share["pronoun_or_description"] = (
        round((counts["pronoun_named"] + counts["description_named"]) / both, 3) if both else 0.0
    )
    if sample_path is not None:
        rng = random.Random(seed)
        sample = rng.sample(linked, min(size, len(linked)))
        sample.sort(key=lambda r: (r["article"], int(r["start"])))
        with sample_path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(sample[0]) if sample else ["article"], delimiter="\t")
            writer.writeheader()
            writer.writerows(sample)
    per_article = 1000 * stage_seconds / counts["articles"] if counts["articles"] else 0.0
    return {
        "counts": dict(counts),
        "linked_to_named_share": share,
        "seconds": round(seconds, 1),
        "speaker_stage_ms_per_article": round(per_article, 1),
    }


def score(path: Path) -> dict[str, object]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    verdicts = Counter(r["verdict"].strip().lower() for r in rows)
    checked = verdicts["ok"] + verdicts["wrong"]
    by_kind = {
        kind: {
            "ok": sum(1 for r in rows if r["kind"] == kind and r["verdict"].strip().lower() == "ok"),
            "n": sum(1 for r in rows if r["kind"] == kind),
        }
        for kind in ("pronoun", "description")
    }
    return {
        "checked": checked,
        "ok": verdicts["ok"],
        "precision": round(verdicts["ok"] / checked, 3) if checked else None,
        "by_kind": by_kind,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sample", type=Path, help="write a seeded sample of pronoun/description links (TSV)"
    )
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--score", type=Path, help="read a hand-checked sample and print its precision")
    parser.add_argument("--split", default="dev", choices=("dev", "train"), help="train is for development")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    if args.score:
        print(json.dumps(score(args.score), indent=2))
        return 0
    if not (POLNEAR / args.split).exists():
        print(f"{POLNEAR / args.split} is absent", file=sys.stderr)
        return 1
    print(json.dumps(run(args.split, args.limit, args.seed, args.sample, args.size), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
