"""The direct server's connection threshold: `corridor serve` with its default settings, N slow connections
held open (each sends a header line every 2 s and never finishes, so --channel-timeout never closes it), and a
client asking for a cached page meanwhile (each request on a new connection, 2 s timeout), once the server has
had up to 20 s to accept them.
Below --connection-limit (2,000) the client is answered; from it on, new connections wait in the kernel's
backlog and the client is not answered until held ones close (after --channel-timeout). nginx in front holds
them instead (`bench/production.py --hostile`).

    python bench/connections.py [--held 1000 1900 1990 2010 2100] [--seconds 5]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, as for the other benchmarks
sys.path.insert(1, str(ROOT / "tests"))  # the connection helpers the tests use

import argparse
import time

from hostile import corridor_serve, free_port, get, hold_connections, probe  # noqa: E402

from bench.lib import print_table  # noqa: E402

CACHED_PAGE = "/corridors/chaman-onward"


def settle(port: int, within_s: float = 20) -> None:
    """Give the server time to accept the connections just opened (one answer, or `within_s` seconds)."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            get(port, CACHED_PAGE, timeout_s=deadline - time.monotonic())
            return
        except OSError:
            continue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held", type=int, nargs="+", default=[0, 1000, 1900, 1990, 2010, 2100])
    parser.add_argument("--seconds", type=float, default=5)
    options = parser.parse_args()
    port = free_port()
    rows = []
    with corridor_serve(port):
        get(port, CACHED_PAGE)
        for held_count in options.held:
            with hold_connections(port, idle=0, slow=held_count) as held:
                settle(port)
                seen = probe(port, [CACHED_PAGE], duration_s=options.seconds, timeout_s=2)
            answered = sum(status == 200 for status in seen.statuses)
            p95 = f"{seen.p95_ms():.1f}" if answered >= 2 else "-"
            rows.append([held_count, len(held.slow), answered, len(seen.failures), p95])
    print(f"corridor serve with default settings; a client asks for {CACHED_PAGE} for {options.seconds:g} s per row")
    print_table(
        ["slow connections held", "accepted by the kernel", "client answered", "client timed out", "p95 ms"], rows
    )


if __name__ == "__main__":
    main()
