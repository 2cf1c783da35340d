"""How fast the command line starts: `corridor --help` and `corridor validate` in fresh processes, against a
bare Python start (`python -c pass`) measured in the same run, and which heavy libraries each command imports.
Goals: `--help` under 0.5 s and `validate` under 1.5 s on this machine; neither imports folium, matplotlib or
geopandas.

    python bench/startup.py [--runs 7]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import argparse
import json
import resource
import subprocess
import time

from bench.lib import ROOT, print_table, ratio

HEAVY = ("folium", "matplotlib", "geopandas", "pyogrio", "flask", "waitress")
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "corridor --help": ["-m", "bench.startup", "--as-cli", "--help"],
    "corridor validate": ["-m", "bench.startup", "--as-cli", "validate"],
}
GOALS_S = {"corridor --help": 0.5, "corridor validate": 1.5}


def best_seconds(arguments: list[str], runs: int) -> tuple[float, float]:
    """The fastest of `runs` fresh processes: wall-clock seconds, and CPU seconds (user + system), which other
    work on the machine disturbs less."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, *arguments], cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(walls), min(cpus)


def as_cli(arguments: list[str]) -> None:
    """Run the console script's entry point, then report (on stderr) which heavy libraries it imported."""
    from corridor_web.cli import main

    try:
        main(arguments, standalone_mode=False)
    finally:
        print(json.dumps(sorted(m for m in HEAVY if m in sys.modules)), file=sys.stderr)


def imported(arguments: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, *arguments], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="processes per command; the fastest counts")
    parser.add_argument("--as-cli", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.as_cli is not None:
        as_cli(options.as_cli)
        return
    measured = {name: best_seconds(arguments, options.runs) for name, arguments in COMMANDS.items()}
    base_wall, base_cpu = measured["python -c pass"]
    rows = [["python -c pass", f"{base_wall:.3f}", f"{base_cpu:.3f}", "1.00×", "-", "-", "-"]]
    for name, goal in GOALS_S.items():
        wall, cpu = measured[name]
        heavy = imported(COMMANDS[name])
        verdict = "met" if min(wall, cpu) <= goal and not heavy else "missed"
        heavy_text = ", ".join(heavy) or "none"
        rows.append([name, f"{wall:.3f}", f"{cpu:.3f}", ratio(wall, base_wall), f"< {goal}", heavy_text, verdict])
    print(f"fastest of {options.runs} fresh processes each; the goal counts CPU time when other work slows the clock\n")
    print_table(["command", "wall s", "CPU s", "× bare python (wall)", "goal s", "heavy imports", "goal"], rows)


if __name__ == "__main__":
    main()
