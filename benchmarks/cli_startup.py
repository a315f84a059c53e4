"""Print how long the command line takes to answer: ``python -m autograder --help`` and a refused
input, beside a bare ``python -c pass`` (measured, never asserted: the machines are shared).

    .venv/bin/python -m benchmarks.cli_startup [--runs 9]

Each command runs in turn with the others (A B C A B C ...), so a machine whose speed drifts
moves them alike; the median of each is printed, with its ratio to the bare interpreter. A
command imports what it needs when it runs: --help and a refusal load no nbformat (whose
jsonschema -> rfc3987_syntax took 5-8 s on a quiet machine; tests/grading/test_cli_startup.py checks
which modules they load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def commands(tmp: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -m autograder --help": [python, "-m", "autograder", "--help"],
        "grade --jobs 0 (refused by the parser)": [
            *(python, "-m", "autograder", "grade", str(tmp), "--course", str(tmp / "c")),
            *("--jobs", "0"),
        ],
        "grade of a missing folder (refused by intake)": [
            *(python, "-m", "autograder", "grade", str(tmp / "nowhere")),
            *("--course", str(tmp / "c")),
        ],
        "python -c 'import nbformat' (what --help loaded before)": [
            python,
            "-c",
            "import nbformat",
        ],
        "python -c 'import autograder.grading, nbformat' (as grade loads it)": [
            python,
            "-c",
            "import autograder.grading, nbformat",
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="nnl-cli-") as tmp:
        todo = commands(Path(tmp))
        times: dict[str, list[float]] = {name: [] for name in todo}
        for _ in range(runs):
            for name, argv in todo.items():
                start = time.perf_counter()
                subprocess.run(argv, cwd=REPO, capture_output=True, check=False)
                times[name].append(time.perf_counter() - start)
    bare = statistics.median(times["python -c pass"])
    print(f"command line start-up, median of {runs} runs (seconds, x python -c pass)")
    print(f"  load average: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {name:70} {median:6.2f} s  {median / bare:6.1f} x")


if __name__ == "__main__":
    main()
