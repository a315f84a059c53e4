"""Grading a whole class: serial vs parallel wall time, seconds per notebook, peak memory.

    .venv/bin/python benchmarks/class_scale.py [--students 200] [--jobs 2] [--chapters ...]

Synthetic students hand in every chapter: nine in ten solved it, one in ten left the released
stub. The class is graded twice into fresh course folders,
once with one worker and once with ``--jobs`` workers (default: one per core), in the sandbox.
Printed, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "benchmarks")]
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def write_class(folder: Path, students: int, chapters: list[str]) -> None:
    import nbformat
    from nbutil import CHAPTERS, read, submission

    solved = {ch: submission(ch) for ch in chapters}
    stubs = {ch: read(CHAPTERS / f"{ch}.ipynb") for ch in chapters}
    for i in range(students):
        student = folder / f"student{i:03d}"
        student.mkdir(parents=True)
        for chapter in chapters:
            nb = stubs[chapter] if i % 10 == 9 else solved[chapter]
            nbformat.write(nb, student / f"{chapter}.ipynb")


def run(folder: Path, chapters: list[str], jobs: int) -> tuple[float, list]:
    from autograder.grading.run import grade

    start = time.perf_counter()
    done = 0

    def progress(line: str) -> None:  # a line every 60 notebooks: a long run can be read early
        nonlocal done
        done += 1
        if done % 60 == 0:
            print(f"  ... {done} notebooks in {time.perf_counter() - start:.0f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="nnl-class-") as tmp:
        outcomes = grade(
            folder, Path(tmp) / "course", selected=chapters, jobs=jobs, progress=progress
        )
        return time.perf_counter() - start, outcomes


def peak_mib() -> float:
    """Largest resident set of this process or any child it waited for (kernels, workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    from run import kernel_start_stop

    from autograder.chapters import names as all_chapters

    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chapters", nargs="*", default=None)
    parser.add_argument("--skip-serial", action="store_true")
    args = parser.parse_args()
    chapters = args.chapters or all_chapters()

    kernel = statistics.median(kernel_start_stop() for _ in range(3))
    print(f"bare kernel start + shutdown: {kernel:.2f} s")
    with tempfile.TemporaryDirectory(prefix="nnl-subs-") as tmp:
        folder = Path(tmp)
        write_class(folder, args.students, chapters)
        notebooks = args.students * len(chapters)
        print(f"{args.students} students x {len(chapters)} chapters = {notebooks} notebooks")
        runs = [(1, "serial"), (args.jobs, "parallel")]
        if args.skip_serial:
            runs = runs[1:]
        for jobs, name in runs:
            wall, outcomes = run(folder, chapters, jobs)
            graded = [o for o in outcomes if o.status == "graded"]
            per = statistics.median(o.seconds for o in graded)
            print(
                f"{name:8} ({jobs} job{'s' if jobs > 1 else ''}): wall {wall:8.1f} s, "
                f"{wall / notebooks:5.2f} s per notebook of wall time; median "
                f"{per:5.2f} s per notebook in its worker ({per / kernel:.1f} x a bare kernel "
                f"start); {len(graded)}/{notebooks} graded"
            )
    print(f"peak resident memory of one process (grader, worker or kernel): {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
