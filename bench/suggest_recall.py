"""How many of the claims already curated from each seed article `corridor suggest-claims` would have proposed,
had the article been new: the share of curated claims whose quote lies inside some suggested quote (goal: at
least 90% for every article). The article's own claims are removed from the data before suggesting, so nothing
curated guides the suggestions.

Also printed: the share of curated claims whose suggested kind (of the candidate holding their quote) is the
kind the curator chose; a sentence often holds several claims of different kinds, so this is a hint's hit rate.

Measured in the same run against a baseline that proposes every passage of the article (its sentences, short
ones joined to the one before): its recall is the most a sentence-level draft can reach, and the share of
passages proposed says how much reading the draft leaves the curator.

    python bench/suggest_recall.py
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import dataclasses
from types import MappingProxyType

from bench.lib import print_table
from corridor.atlas.load import load_atlas
from corridor.curate.suggest import passages, suggest_claims

GOAL = 0.9


def recall(curated: list[str], suggested: list[str]) -> float:
    """The share of `curated` quotes that lie inside some suggested quote."""
    return sum(any(quote in s for s in suggested) for quote in curated) / len(curated)


def main() -> int:
    atlas = load_atlas()
    rows, met = [], True
    for source in atlas.sources.values():
        curated = [f.quote for f in atlas.index.facts_by_seed[source.file]]
        without = {k: f for k, f in atlas.facts.items() if f.seed != source.file}
        as_new = dataclasses.replace(atlas, facts=MappingProxyType(without))
        candidates = suggest_claims(as_new, source.id)["claims"]
        suggested = [c["quote"] for c in candidates]
        kinds = [
            next((c["kind"] for c in candidates if f.quote in c["quote"]), None) == f.kind
            for f in atlas.index.facts_by_seed[source.file]
        ]
        every = [p.text for p in passages(atlas.seed_texts[source.file])]
        share = recall(curated, suggested)
        met = met and share >= GOAL
        rows.append(
            [
                source.id,
                str(len(curated)),
                f"{share:.0%}",
                f"{recall(curated, every):.0%}",
                f"{len(suggested)}/{len(every)}",
                f"{sum(kinds) / len(kinds):.0%}",
                "yes" if share >= GOAL else "NO",
            ]
        )
    headers = ["article", "curated", "recall", "baseline recall", "proposed/passages", "kind as curated"]
    headers.append(f"recall >= {GOAL:.0%}")
    print_table(headers, rows)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
