"""Grading a whole class: serial, a local pool, a Dask cluster; seconds per notebook, memory.

    .venv/bin/python -m benchmarks.class_scale [--students 200] [--jobs 2] [--chapters ...]
        [--skip-serial] [--skip-dask]

Synthetic students hand in every chapter: nine in ten solved it, one in ten left the released
stub. The class is graded into fresh course folders, in the sandbox: with one process, with a
local pool of ``--jobs`` processes (default: one per core), and by a Dask cluster of ``--jobs``
one-thread workers started on this machine (``dask scheduler`` / ``dask worker``, as in
tests/support/cluster.py). For each: wall time, notebooks per minute per core, the median and 95th
percentile of seconds per notebook in its worker; the cluster's wall time against the local
pool's; the scheduler's overhead per task (a round trip of an empty task, and what the real run
spent outside its tasks). Printed, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def write_class(folder: Path, students: int, chapters: list[str]) -> None:
    import nbformat

    from tests.support.nbutil import CHAPTERS, read, submission

    solved = {ch: submission(ch) for ch in chapters}
    stubs = {ch: read(CHAPTERS / f"{ch}.ipynb") for ch in chapters}
    for i in range(students):
        student = folder / f"student{i:03d}"
        student.mkdir(parents=True)
        for chapter in chapters:
            nb = stubs[chapter] if i % 10 == 9 else solved[chapter]
            nbformat.write(nb, student / f"{chapter}.ipynb")


def run(folder: Path, chapters: list[str], **where) -> tuple[float, list]:
    """Grade the class in ``folder``; ``where``: jobs=N or scheduler=ADDRESS."""
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
            folder, Path(tmp) / "course", selected=chapters, progress=progress, **where
        )
        return time.perf_counter() - start, outcomes


def empty_task_ms(address: str, count: int = 200) -> float:
    """Median milliseconds of one empty task sent to the cluster and its result back."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        times = []
        for i in range(count):
            start = time.perf_counter()
            client.submit(int, i, pure=False).result()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peak_mib() -> float:
    """Largest resident set of this process or any child it waited for (kernels, workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    from autograder.chapters import names as all_chapters
    from benchmarks.run import kernel_start_stop
    from tests.support.cluster import Cluster

    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chapters", nargs="*", default=None)
    parser.add_argument("--skip-serial", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    chapters = args.chapters or all_chapters()
    cores = os.cpu_count() or 1

    kernel = statistics.median(kernel_start_stop() for _ in range(3))
    print(f"bare kernel start + shutdown: {kernel:.2f} s")
    with tempfile.TemporaryDirectory(prefix="nnl-subs-") as tmp:
        folder = Path(tmp) / "class"
        write_class(folder, args.students, chapters)
        notebooks = args.students * len(chapters)
        print(f"{args.students} students x {len(chapters)} chapters = {notebooks} notebooks")
        walls = {}
        runs = [("serial", {"jobs": 1})] if not args.skip_serial else []
        runs.append(("local pool", {"jobs": args.jobs}))
        with contextlib.ExitStack() as stack:
            if not args.skip_dask:
                cluster = stack.enter_context(Cluster(Path(tmp) / "cluster", workers=args.jobs))
                runs.append((f"dask, {args.jobs} workers", {"scheduler": cluster.address}))
            for name, where in runs:
                wall, outcomes = run(folder, chapters, **where)
                walls[name] = wall
                graded = [o.seconds for o in outcomes if o.status == "graded"]
                print(
                    f"{name:18}: wall {wall:8.1f} s, {notebooks / (wall / 60) / cores:5.2f} "
                    f"notebooks per minute per core; per notebook in its worker: median "
                    f"{statistics.median(graded):5.2f} s ({statistics.median(graded) / kernel:.1f}"
                    f" x a bare kernel start), p95 {percentile(graded, 0.95):5.2f} s; "
                    f"{len(graded)}/{notebooks} graded"
                )
                if "scheduler" in where:
                    outside = (args.jobs * wall - sum(graded)) / max(len(graded), 1)
                    print(
                        f"{'':18}  scheduler overhead: an empty task's round trip "
                        f"{empty_task_ms(where['scheduler']):.1f} ms; this run spent "
                        f"{outside:.2f} s per notebook outside its task (all workers together)"
                    )
        if "local pool" in walls and len(walls) > 1 and not args.skip_dask:
            dask = walls[f"dask, {args.jobs} workers"]
            print(f"dask cluster / local pool wall time: {dask / walls['local pool']:.2f}")
    print(f"peak resident memory of one process (grader, worker or kernel): {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
