"""Costly answers stay bounded: a cached page's p95 at rest, then while 8 clients send distinct requests of
one costly kind (facts searches, routes through 12 places, exports at the data's change dates, OGC filters)
to `corridor serve` for --seconds each. Goal (issue 26): the cached page's p95 under 50 ms under every kind;
printed as a ratio to its p95 at rest, measured in the same run.

    python bench/costly.py [--seconds 20] [--clients 8]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, as for the other benchmarks
sys.path.insert(1, str(ROOT / "tests"))  # the traffic helpers the tests use

import argparse
from collections import Counter

from hostile import COSTLY_KINDS, corridor_serve, costly_paths, flood, free_port, get, probe  # noqa: E402

from bench.lib import print_table, ratio  # noqa: E402
from corridor.atlas.load import load_atlas  # noqa: E402
from corridor.exports.formats import selection_keys  # noqa: E402

CACHED_PAGE = "/corridors/chaman-onward"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kinds", nargs="*", default=list(COSTLY_KINDS), choices=COSTLY_KINDS)
    options = parser.parse_args()
    atlas = load_atlas()
    dates = [day.isoformat() for day in atlas.index.change_dates]
    port = free_port()
    rows = []
    with corridor_serve(port):
        get(port, CACHED_PAGE)
        rest = probe(port, [CACHED_PAGE], duration_s=options.seconds)
        rows.append(["at rest", len(rest.statuses), f"{rest.p95_ms():.1f}", "1.00×", "-"])
        for kind in options.kinds:
            paths = costly_paths(kind, 20000, list(atlas.places), selection_keys(atlas), dates)
            with flood(port, paths, clients=options.clients) as costly:
                seen = probe(port, [CACHED_PAGE], duration_s=options.seconds)
            answered = Counter(costly.statuses)
            summary = ", ".join(f"{count} × {status}" for status, count in sorted(answered.items()))
            failed = len(seen.failures) + sum(status != 200 for status in seen.statuses)
            p95 = f"{seen.p95_ms():.1f}" + (f" ({failed} failed)" if failed else "")
            rows.append([kind, len(seen.statuses), p95, ratio(seen.p95_ms(), rest.p95_ms()), summary])
    print(f"{options.clients} clients, {options.seconds:g} s per kind; the cached page is {CACHED_PAGE}")
    print_table(["costly requests", "cached page answers", "cached p95 ms", "p95 vs at rest", "costly answers"], rows)


if __name__ == "__main__":
    main()
