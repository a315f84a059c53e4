"""The timeline of one grading run: where two workers leave a core idle.

    .venv/bin/python -m benchmarks.grading_timeline [--notebooks 12 60] [--jobs 2]
        [--every-chapter]

For each size: ``python -m autograder grade --jobs JOBS`` of that many correct chapter-4
notebooks (``--every-chapter``: a notebook of each of the six chapters from each of N / 6
students, a class that hands in all, whose tasks differ in length) into a copy of a course
graded once (its cache warm, as section 4 of
:mod:`benchmarks.grading_floor` grades), in a process of its own whose steps are timed as they
run: the client's (its set-up, the package, each task prepared and each result recorded, the
reports, the pool's end) and each worker's (each task, and inside it the last task's kernel
waited for, the course directory cleaned, autograde with the kernel's start, each cell, the
kernel's shutdown, the feedback page, the gradebook read for the result), each with
``time.monotonic`` (one clock for every process of the machine), the process's id and the CPU
seconds of the process and of those under it (the grading kernel, the student's process:
``/proc/PID/stat``, the children it reaped counted too).

Printed from it: the run's serial head (from the process's start to the first task's start in a
worker) and tail (from the last task's end to the process's exit), each split into its steps;
each worker's tasks, busy time and idle gaps between tasks; the imbalance at the end (one worker
done, the other still on its last task); the client's CPU while the workers grade (it shares the
two cores with them); per phase of a task, the median wall and CPU seconds and what is left
(wall - CPU: the process tree sleeping, or waiting for a CPU). Printed, never asserted.
"""

from __future__ import annotations

import argparse
import collections
import functools
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.grading_floor import CH4, PYTHON, REPO, from_template, warm_course, write_class

_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> tuple[float, dict[int, float]]:
    """CPU seconds of ``pid`` and every live process under it, each with the children it has
    reaped (a kernel shut down counts in its parent's); and the seconds each of those processes
    has waited for a CPU (its main thread's ``run_delay``)."""
    from autograder.pipeline.ceiling import _tree
    from autograder.sandbox.owntime import schedstat

    total, waited = 0, {}
    for each in _tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            waited[each] = schedstat(Path(f"/proc/{each}/schedstat").read_text())[1]
        except (OSError, IndexError, ValueError):
            continue  # it ended meanwhile
        total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return total / _TICK, waited


def _waited(before: dict[int, float], after: dict[int, float]) -> float:
    """Seconds the processes waited for a CPU between two readings (a process that ended
    meanwhile counts nothing: a lower bound)."""
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


# -- the child: the run, its steps logged -----------------------------------------------------


def _client_steps():
    """(owner, attribute, label) of the client's steps logged from the start (their modules are
    light: the command imports them anyway before it grades)."""
    from autograder.grading import gradebook, run
    from autograder.grading.admin import Admin
    from autograder.grading.local import LocalExecutor
    from autograder.report import record

    return [
        (run, "grade", "grade()"),
        (LocalExecutor, "check", "sandbox check"),
        (LocalExecutor, "start", "pool started"),
        (run, "setup_course", "course set-up"),
        (run, "released", "releases"),
        (run, "submissions_in", "intake of the folder"),
        (run, "_package", "the package"),
        (run, "_prepared", "task prepared"),
        (gradebook.Writer, "record", "result recorded"),
        (run, "numbered_as_on_page", "flags numbered"),
        (run, "show_penalties", "late pages"),
        (record, "save", "report.json"),
        (run, "_cell_results", "class report's cells"),
        (Admin, "export", "LMS exports"),
        (LocalExecutor, "stop", "pool stopped"),
    ]


def _report_steps():
    """The client's reports, logged once the run has imported their modules (matplotlib)."""
    from autograder.report import class_report, tables

    return [
        (tables, "write_report", "report.csv"),
        (tables, "export_grades", "grades.csv"),
        (class_report, "write_class_report", "class report"),
    ]


def _worker_steps():
    """A task's steps, logged once the worker has imported their modules (``warm``), so that
    the client imports no more than a real run does."""
    import jupyter_client.manager as manager
    import nbclient.client as client

    from autograder.grading import task
    from autograder.pipeline import converters, execute

    return [
        (task.Workspace, "of", "workspace"),
        (execute, "reap_kernels", "last kernel reaped"),
        (task.Workspace, "clean", "clean"),
        (converters.Converters, "autograde", "autograde"),
        (execute.BoundedExecute, "preprocess", "execute"),
        (manager.AsyncKernelManager, "start_kernel", "kernel launch"),
        (client.NotebookClient, "start_new_kernel_client", "kernel ready"),
        (execute.BoundedExecute, "execute_cell", "cell"),
        (manager.AsyncKernelManager, "shutdown_kernel", "kernel shutdown"),
        (converters.Converters, "generate_feedback", "feedback"),
        (task, "stopped_cells", "result read"),
    ]


def _patch(steps, out: int, tree: bool = True) -> None:
    for owner, name, label in steps:
        original = getattr(owner, name)
        if isinstance(inspect.getattr_static(owner, name), classmethod):
            setattr(owner, name, classmethod(_logged(original.__func__, label, out, tree)))
        else:
            setattr(owner, name, _logged(original, label, out, tree))


def _logged(function, label: str, out: int, tree: bool = True):
    """``function`` (a coroutine function too), each call written to the file ``out`` as one
    line: label, pid, monotonic start and end, CPU of the process tree at each (``tree``
    False: of the process alone, its threads, not the grading processes under it)."""

    def cpu() -> tuple[float, dict[int, float]]:
        return tree_cpu(os.getpid()) if tree else (time.process_time(), {})

    def write(start: float, before: tuple, what: str) -> None:
        end, (cpu_end, waits) = time.monotonic(), cpu()
        line = [
            label + what,
            os.getpid(),
            start,
            end,
            before[0],
            cpu_end,
            _waited(before[1], waits),
        ]
        os.write(out, (json.dumps(line) + "\n").encode())  # O_APPEND: one write, one line

    def which(args) -> str:
        if label != "cell" or len(args) < 2:
            return ""
        preprocessor, cell = args[0], args[1]
        if cell.cell_type != "code" or not cell.source.strip():
            return " (empty)"
        if cell.source in preprocessor._skipped:
            return " (skipped)"
        return " (student's)" if preprocessor._student_wrote(cell) else " (instructor's)"

    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def wrapper(*args, **kwargs):
            what, start, before = which(args), time.monotonic(), cpu()
            try:
                return await function(*args, **kwargs)
            finally:
                write(start, before, what)
    else:

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            what, start, before = which(args), time.monotonic(), cpu()
            try:
                return function(*args, **kwargs)
            finally:
                write(start, before, what)

    return wrapper


def child(log: Path, subs: Path, course: Path, jobs: int, chapters: list[str]) -> None:
    """In a process of its own: ``python -m autograder grade``, its steps logged to ``log``."""
    out = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    first = ["imports", os.getpid(), 0, time.monotonic(), 0, 0, 0]
    os.write(out, (json.dumps(first) + "\n").encode())
    from autograder.grading import local, run

    _patch(_client_steps(), out, tree=False)
    warm, import_reports = local.warm, run._import_reports

    def warm_then_patch():  # in each worker, as it starts
        warm()
        _patch(_worker_steps(), out)

    def import_then_patch():  # in the client, in the thread that imports the reports
        import_reports()
        _patch(_report_steps(), out, tree=False)

    local.warm = _logged(warm_then_patch, "warm-up imports", out)
    local._grade_sent = _logged(local._grade_sent, "task", out)
    run._import_reports = import_then_patch
    from autograder.cli import main

    argv = ["grade", str(subs), "--course", str(course), "--jobs", str(jobs)]
    argv += [arg for chapter in chapters for arg in ("--chapter", chapter)]
    status = main(argv)
    sys.stdout.flush()
    os._exit(int(status or 0))  # as python -m autograder ends


# -- the parent: run it, read the log --------------------------------------------------------


def timeline(subs: Path, template: Path, where: Path, jobs: int, chapters: tuple[str, ...]) -> dict:
    """Grade ``subs`` into a copy of ``template``; the log, the process's start and end."""
    course = from_template(template)
    log = where / f"timeline-{time.monotonic_ns()}.jsonl"
    command = [PYTHON, "-m", "benchmarks.grading_timeline", "--child", str(log), str(subs)]
    load = os.getloadavg()[0]
    start = time.monotonic()
    proc = subprocess.run(
        [*command, str(course), str(jobs), ",".join(chapters)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    end = time.monotonic()
    if proc.returncode != 0:
        raise RuntimeError(f"{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    events = [json.loads(line) for line in log.read_text().splitlines()]
    shutil.rmtree(course, ignore_errors=True)
    return {"start": start, "end": end, "events": events, "load": load}


def report(run: dict, notebooks: int, jobs: int) -> None:
    start, end = run["start"], run["end"]
    events = [
        dict(zip(("label", "pid", "t0", "t1", "c0", "c1", "w"), e, strict=True))
        for e in run["events"]
    ]
    client = next(e["pid"] for e in events if e["label"] == "imports")
    tasks = sorted((e for e in events if e["label"] == "task"), key=lambda e: e["t0"])
    workers = sorted({e["pid"] for e in tasks})
    first, last = tasks[0], max(tasks, key=lambda e: e["t1"])

    def at(t: float) -> str:
        return f"{t - start:6.2f}"

    def steps(within: tuple[float, float], pid: int) -> None:
        for e in sorted(events, key=lambda e: e["t0"]):
            if e["pid"] == pid and e["t0"] >= within[0] and e["t1"] <= within[1]:
                if e["label"] in ("grade()", "task prepared", "result recorded", "flags numbered"):
                    continue
                print(
                    f"      {at(e['t0'])} -> {at(e['t1'])}  {e['label']:24} "
                    f"{e['t1'] - e['t0']:5.2f} s wall {e['c1'] - e['c0']:5.2f} CPU s"
                )

    wall = end - start
    print(
        f"\n{notebooks} notebooks, --jobs {jobs} (load {run['load']:.1f} at the start): "
        f"{wall:.1f} s from the process's start to its exit"
    )
    imports = next(e for e in events if e["label"] == "imports")
    grade = next(e for e in events if e["label"] == "grade()")
    print(f"  head: {first['t0'] - start:.2f} s until the first task starts in a worker")
    print(
        f"      {at(start)} -> {at(imports['t1'])}  python, the benchmark's imports "
        f"{imports['t1'] - start:.2f} s"
    )
    print(
        f"      {at(imports['t1'])} -> {at(grade['t0'])}  the command line's imports "
        f"{grade['t0'] - imports['t1']:.2f} s"
    )
    steps((grade["t0"], first["t0"]), client)
    prepared = [e for e in events if e["label"] == "task prepared"]
    if prepared:
        print(f"      {at(prepared[0]['t0'])}: first task prepared, sent {at(prepared[0]['t1'])}")
    for pid in workers:
        warm = [e for e in events if e["pid"] == pid and e["label"] == "warm-up imports"]
        mine = [e for e in tasks if e["pid"] == pid]
        if warm:
            print(
                f"      worker {pid}: warm-up {at(warm[0]['t0'])} -> {at(warm[0]['t1'])}, "
                f"first task {at(mine[0]['t0'])}"
            )
    print(f"  tail: {end - last['t1']:.2f} s from the last task's end to the process's exit")
    steps((last["t1"], end), client)
    recorded = [e for e in events if e["label"] == "result recorded" and e["t1"] >= last["t1"]]
    if recorded:
        print(
            f"      (the last result recorded {at(recorded[-1]['t0'])} -> {at(recorded[-1]['t1'])})"
        )
    print(f"      {at(grade['t1'])} -> {at(end)}  grade() returned -> the process's exit")
    print("  workers:")
    ends = []
    for pid in workers:
        mine = [e for e in tasks if e["pid"] == pid]
        gaps = [b["t0"] - a["t1"] for a, b in zip(mine, mine[1:], strict=False)]
        busy = sum(e["t1"] - e["t0"] for e in mine)
        cpu = sum(e["c1"] - e["c0"] for e in mine)
        ends.append(mine[-1]["t1"])
        print(
            f"    {pid}: {len(mine)} tasks {at(mine[0]['t0'])} -> {at(mine[-1]['t1'])}, busy "
            f"{busy:.1f} s (CPU of its tree {cpu:.1f} s), gaps between tasks {sum(gaps):.2f} s "
            f"(median {statistics.median(gaps) if gaps else 0:.3f}, max "
            f"{max(gaps, default=0):.3f})"
        )
    if len(ends) > 1:
        print(
            f"  imbalance at the end: one worker done at {at(min(ends))}, the last at "
            f"{at(max(ends))}: {max(ends) - min(ends):.2f} s with a worker idle"
        )
    during = [e for e in events if e["pid"] == client and first["t0"] <= e["t0"] <= last["t1"]]
    per = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for e in during:
        if e["label"] in ("task prepared", "result recorded", "flags numbered"):
            per[e["label"]][0] += 1
            per[e["label"]][1] += e["t1"] - e["t0"]
            per[e["label"]][2] += e["c1"] - e["c0"]
    for label, (count, seconds, _) in per.items():
        print(f"  the client meanwhile, {label}: {count} x, {seconds:.2f} s in all")
    busy_cores = sum(e["c1"] - e["c0"] for e in tasks) / wall
    print(
        f"  workers' trees: {busy_cores:.2f} cores busy over the whole run "
        f"({busy_cores * wall / (last['t1'] - first['t0']):.2f} from first task to last)"
    )

    phases(events, tasks, workers)


def phases(events: list[dict], tasks: list[dict], workers: list[int]) -> None:
    """Per phase of a task, medians over the tasks: wall, CPU of the worker's tree, the time
    its processes waited for a CPU, and the rest (asleep: a wait, a poll, the disk)."""
    by_task = collections.defaultdict(dict)  # id of the task's event -> label -> sums
    for e in events:
        if e["pid"] not in workers or e["label"] == "task":
            continue
        owner = next(
            (t for t in tasks if t["pid"] == e["pid"] and t["t0"] <= e["t0"] <= t["t1"]), None
        )
        if owner is not None:
            row = by_task[id(owner)].setdefault(e["label"], [0.0, 0.0, 0.0, 0])
            row[0] += e["t1"] - e["t0"]
            row[1] += e["c1"] - e["c0"]
            row[2] += e["w"]
            row[3] += 1
    print("  per task, medians over the tasks (s):")
    print(f"    {'':32} {'wall':>6} {'CPU':>6} {'wait':>6} {'asleep':>6}   (wait: for a CPU)")
    labels = ["task", *dict.fromkeys(label for rows in by_task.values() for label in rows)]
    for label in labels:
        if label == "task":
            rows = [[t["t1"] - t["t0"], t["c1"] - t["c0"], t["w"], 1] for t in tasks]
        else:
            rows = [r[label] for r in by_task.values() if label in r]
        wall, cpu, wait, calls = (statistics.median(r[i] for r in rows) for i in range(4))
        print(
            f"    {label:32} {wall:6.3f} {cpu:6.3f} {wait:6.3f} {wall - cpu - wait:6.3f}"
            + (f"   ({calls:g} calls)" if calls != 1 else "")
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notebooks", type=int, nargs="+", default=[12, 60])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--every-chapter",
        action="store_true",
        help="a class of N / 6 students, each with a notebook of every chapter (not chapter 4)",
    )
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        log, subs, course, jobs, chapters = args.child
        child(Path(log), Path(subs), Path(course), int(jobs), chapters.split(","))
        return
    from autograder.chapters import names

    with tempfile.TemporaryDirectory(prefix="nnl-timeline-") as tmp:
        tmp = Path(tmp)
        chapters = tuple(names()) if args.every_chapter else (CH4,)
        warm = warm_course(tmp, chapters)
        for size in args.notebooks:
            subs = write_class(tmp / f"class{size}", max(size // len(chapters), 1), chapters)
            report(timeline(subs, warm, tmp, args.jobs, chapters), size, args.jobs)


if __name__ == "__main__":
    main()
