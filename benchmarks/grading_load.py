"""Autograde seconds per submission, idle and on a busy machine, per chapter (printed, never
asserted: the machines are shared).

    .venv/bin/python -m benchmarks.grading_load [--students 2] [--burners-per-core 3]

For every chapter, on an idle machine and beside CPU burners (three per core by default): the
instructor notebook's kernel start + execution (nbclient, all cells: "run"), then autograde +
feedback of correct submissions one at a time (in-process nbgrader, the student's cells in the
sandbox: "grade"), median seconds per submission, and their ratio (target <= 1.3).
Every graded submission must score full marks on both machines: the grade does not depend on the
load (autograder/owntime.py), only the time does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def autograde_seconds(chapter: str, students: int) -> list[float]:
    """Seconds per correct submission of ``chapter``, graded one at a time."""
    import nbformat

    from autograder.grading.run import grade
    from tests.support.nbutil import submission

    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        for i in range(students):
            (subs / f"s{i}").mkdir(parents=True)
            nbformat.write(submission(chapter), subs / f"s{i}" / f"{chapter}.ipynb")
        outcomes = grade(
            subs, Path(tmp) / "course", selected=[chapter], jobs=1, progress=lambda _: None
        )
        wrong = [o for o in outcomes if o.status != "graded" or o.score != o.max_score]
        assert not wrong, f"a correct submission lost points: {wrong}"
        return [o.seconds for o in outcomes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2, help="submissions per chapter")
    parser.add_argument("--burners-per-core", type=int, default=3)
    args = parser.parse_args()

    from tests.support.load import burners
    from tests.support.nbutil import SOLUTIONS, chapter_names, errors, execute, read

    cores = os.cpu_count() or 1
    print(
        f"autograde + feedback per correct submission (median of {args.students}), idle and "
        f"beside {args.burners_per_core * cores} CPU burners ({args.burners_per_core} per core)"
    )
    print(
        f"{'chapter':24} {'idle: run':>9} {'grade':>7} {'ratio':>6}   "
        f"{'busy: run':>9} {'grade':>7} {'ratio':>6}"
    )
    for chapter in chapter_names():
        row = [chapter]
        for busy in (False, True):
            with burners(args.burners_per_core * cores if busy else 0):
                nb, run = execute(read(SOLUTIONS / f"{chapter}.ipynb"), SOLUTIONS)
                assert not errors(nb), errors(nb)
                graded = statistics.median(autograde_seconds(chapter, args.students))
            row.append(f"{run:8.2f}s {graded:6.2f}s {graded / run:5.2f}x")
        print(f"{row[0]:24} {row[1]}   {row[2]}")
    print("target: idle ratio <= 1.3; every submission scored full marks, idle and busy")


if __name__ == "__main__":
    main()
