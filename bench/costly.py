"""Costly answers stay bounded: a cached page's p95 while 8 clients send distinct requests of one costly
kind (facts searches, routes through 12 places, exports at the data's change dates, OGC bounding boxes, CQL2
filters and sorted pages) to `corridor serve` for --seconds each, from a process of their own beside the
measuring client's, against its p95 at rest just before (so a machine whose load drifts is compared with
itself), and the CPU the server process itself used meanwhile (a share of one core: the interpreter time the
cached page competed with; render workers are not counted). A row with 8 clients asking only for cached pages
shows what any 8 greedy clients cost. Goal (issue 26): the cached page's p95 under 50 ms under every kind,
printed with its ratio to the rest before.

    python bench/costly.py [--seconds 20] [--rest-seconds 5] [--clients 8] [--kinds ...]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, as for the other benchmarks
sys.path.insert(1, str(ROOT / "tests"))  # the traffic helpers the tests use

import argparse
import multiprocessing
import os
import time
from collections import Counter

from hostile import COSTLY_KINDS, Probe, costly_paths, flood, probe  # noqa: E402
from serving import corridor_serve, free_port, get, wait_for_render_workers  # noqa: E402

from bench.lib import print_table, ratio  # noqa: E402
from corridor.atlas.load import load_atlas  # noqa: E402
from corridor.exports.formats import selection_keys  # noqa: E402

CACHED_PAGE = "/corridors/chaman-onward"


def flood_for(port: int, paths: list[str], clients: int, seconds: float, report: multiprocessing.Queue) -> None:
    """The costly clients, in a process of their own (so that they do not slow the measuring client down):
    the statuses they saw go to `report`."""
    with flood(port, paths, clients=clients) as costly:
        time.sleep(seconds)
    report.put(costly.statuses)


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def flooded(port: int, paths: list[str], options: argparse.Namespace) -> tuple[Probe, Counter]:
    """The cached page's times while `options.clients` clients ask for `paths`, and their answers' statuses."""
    report: multiprocessing.Queue = multiprocessing.Queue()
    flooding = multiprocessing.Process(
        target=flood_for, args=(port, paths, options.clients, options.seconds + 1, report)
    )
    flooding.start()
    time.sleep(0.5)
    seen = probe(port, [CACHED_PAGE], duration_s=options.seconds)
    answered = Counter(report.get(timeout=180))
    flooding.join()
    return seen, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rest-seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kinds", nargs="*", default=list(COSTLY_KINDS), choices=COSTLY_KINDS)
    options = parser.parse_args()
    atlas = load_atlas()
    dates = [day.isoformat() for day in atlas.index.change_dates]
    port = free_port()
    rows = []
    with corridor_serve(port) as server:
        get(port, CACHED_PAGE)
        wait_for_render_workers(port)  # their start is not what is measured
        for kind in ["cached pages", *options.kinds]:
            if kind == "cached pages":
                paths = ["/", "/facts", "/sources", "/corridors/uzbekistan-afghanistan-pakistan"] * 100_000
            else:
                paths = costly_paths(kind, 20000, list(atlas.places), selection_keys(atlas), dates)
            rest = probe(port, [CACHED_PAGE], duration_s=options.rest_seconds)
            cpu_before, started = cpu_s(server.pid), time.perf_counter()
            seen, answered = flooded(port, paths, options)
            busy = (cpu_s(server.pid) - cpu_before) / (time.perf_counter() - started)
            summary = ", ".join(f"{count} × {status}" for status, count in sorted(answered.items()))
            failed = len(seen.failures) + sum(status != 200 for status in seen.statuses)
            p95 = f"{seen.p95_ms():.1f}" + (f" ({failed} failed)" if failed else "")
            ratio_to_rest = ratio(seen.p95_ms(), rest.p95_ms())
            rows.append([kind, f"{rest.p95_ms():.1f}", len(seen.statuses), p95, ratio_to_rest, f"{busy:.0%}", summary])
    print(f"{options.clients} clients, {options.seconds:g} s per kind, each after {options.rest_seconds:g} s at rest;")
    print(f"the cached page is {CACHED_PAGE}; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    headers = ["costly requests", "p95 at rest ms", "cached page answers", "cached p95 ms", "p95 vs at rest"]
    print_table([*headers, "server process CPU", "costly answers"], rows)


if __name__ == "__main__":
    main()
