"""What this machine allows two workers: how much slower a CPU-bound task is when two run at once.

    .venv/bin/python -m benchmarks.machine_ceiling [--repeats 3] [--only python] [--grading 12]
        [--idle 6]

Three workloads, each run as one copy alone and as two copies at once (separate processes,
started together once each has imported what it needs), in turn, ``--repeats`` times:

(a) a pure-Python loop (the interpreter alone: no I/O, no other process);
(b) numpy as a chapter's cells use it: a small two-layer network trained by full-batch gradient
    descent (200 x 2 inputs, 16 hidden units; many small arrays, one BLAS thread as the grading
    kernel has: ``OPENBLAS_NUM_THREADS=1``);
(c) a bare kernel start + shutdown with jupyter_client, several in a row (the kernel, its
    ZMQ threads, the client's).

For each: a copy's wall seconds and CPU seconds (its own and its children's, the kernels too)
alone and beside the other copy, and the **ceiling**: the work of two copies done in the wall
time two at once take, against one alone (``2 x wall alone / wall of the pair``). On a machine
with two free cores and nothing shared it is 2.00 x; what two copies of a workload lose beside
each other (a shared cache, memory bandwidth, the hypervisor's scheduling, another tenant) takes
it below. No grading can do better than its own workloads' ceiling on this machine. Each repeat
prints the cores other processes used meanwhile (``/proc/stat``: the machine's busy CPU less
the copies'); the ceiling is the median of the repeats where that stayed under
:data:`QUIET_CORES` (of all of them if none did: then it measures the other tenants too).

``--grading N``: also ``python -m autograder grade`` of N correct chapter-4 notebooks with
``--jobs 1``, ``--jobs 2`` and ``--jobs 3`` (into copies of a course graded once), and the
grading's ratio (``--jobs 1`` / ``--jobs 2``) against each ceiling measured in the same run.

``--idle N``: where one grading worker waits: N correct chapter-4 notebooks graded one after the
other in this process (after one to warm up), and for each task its wall seconds split into the
CPU seconds of the worker and the processes under it (the grading kernel, the student's), the
seconds their main threads waited for a CPU (``/proc/PID/schedstat``, sampled every 20 ms, as
the wall-clock ceiling of a cell counts them), and the rest: **idle**, none of them running or
waiting to run (a sleep, a poll, the disk). Idle time is what a second worker on a second core
cannot make up for; it does not depend on the load (a process waiting for a CPU is not idle).

Printed, never asserted; the load average is printed with each measure (another tenant's work
counts against the pair).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUIET_CORES = 0.1
"""A repeat is quiet if other processes used less than this many cores during each of its two
measures; the ceiling is the median of the quiet repeats (of all, if none was)."""
WORKLOADS = {
    "python": "(a) pure-Python loop",
    "numpy": "(b) numpy, a chapter's small arrays",
    "kernel": "(c) kernel start + shutdown (jupyter_client)",
}


# -- the workloads, in a child process of their own ----------------------------------------------


def python_loop(size: int = 40_000_000) -> int:
    total = 0
    for i in range(size):
        total += i * i % 7
    return total


def numpy_training(steps: int = 50_000) -> float:
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    W1, b1 = rng.normal(scale=0.5, size=(2, 16)), np.zeros(16)
    W2, b2 = rng.normal(scale=0.5, size=(16, 1)), np.zeros(1)
    for _ in range(steps):
        h = np.tanh(X @ W1 + b1)
        p = 1 / (1 + np.exp(-(h @ W2 + b2)))
        d2 = (p - y) / len(X)
        dh = (d2 @ W2.T) * (1 - h**2)
        W2 -= 0.5 * h.T @ d2
        b2 -= 0.5 * d2.sum(axis=0)
        W1 -= 0.5 * X.T @ dh
        b1 -= 0.5 * dh.sum(axis=0)
    return float(np.mean((p > 0.5) == y))


def kernel_starts(count: int = 4) -> None:
    """``count`` kernels started and shut down, over ZMQ ``ipc`` files as grading's kernels."""
    from jupyter_client.manager import KernelManager

    with tempfile.TemporaryDirectory() as folder:
        for i in range(count):
            km = KernelManager(kernel_name="python3", transport="ipc")
            km.ip = os.path.join(folder, f"kernel{i}")
            km.connection_file = os.path.join(folder, f"kernel{i}.json")
            km.start_kernel()
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def cpu_seconds() -> float:
    """CPU seconds of this process and of the children it waited for (a kernel, once shut down)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child(kind: str) -> None:
    """Import what ``kind`` needs, say so, wait for "go" on stdin, run it, print its seconds."""
    work = {"python": python_loop, "numpy": numpy_training, "kernel": kernel_starts}[kind]
    if kind == "numpy":
        import numpy  # noqa: F401
    elif kind == "kernel":
        import jupyter_client.manager  # noqa: F401
    print("ready", flush=True)
    sys.stdin.readline()
    wall, cpu = time.perf_counter(), cpu_seconds()
    work()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu}), flush=True)


# -- the parent: one copy, then two at once ------------------------------------------------------


def machine_cpu() -> tuple[float, float]:
    """CPU seconds the whole machine has spent busy (every process, the kernel's work) and the
    seconds the hypervisor gave its CPUs to another guest (steal), from ``/proc/stat``."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def copies(kind: str, count: int) -> list[dict]:
    """Run ``count`` copies of ``kind`` at once; each copy's {"wall", "cpu"}, and in the first
    the machine's CPU seconds meanwhile that were not the copies' ("others", cores) and the
    hypervisor's steal (cores)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "benchmarks.machine_ceiling", "--child", kind]
    procs = [
        subprocess.Popen(
            command, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the {kind} child did not start")
    busy, steal, start = *machine_cpu(), time.perf_counter()
    for proc in procs:  # as close together as two writes
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.stdout.readline()) for proc in procs]
    (now_busy, now_steal), wall = machine_cpu(), time.perf_counter() - start
    for proc in procs:
        proc.wait()
    others = now_busy - busy - sum(r["cpu"] for r in results)
    results[0].update(others=max(others, 0.0) / wall, steal=(now_steal - steal) / wall)
    return results


def measure(kind: str, repeats: int) -> dict:
    """Alone and in pairs, in turn; medians of each copy's wall and CPU seconds, and of the
    ceiling of each repeat (2 x the alone wall / the pair's slower copy)."""
    alone_wall, alone_cpu, pair_wall, pair_cpu, ceilings, loads = [], [], [], [], [], []
    others, steal = [], []
    for _ in range(repeats):
        loads.append(os.getloadavg()[0])
        (one,) = copies(kind, 1)
        two = copies(kind, 2)
        alone_wall.append(one["wall"])
        alone_cpu.append(one["cpu"])
        pair_wall.extend(c["wall"] for c in two)
        pair_cpu.extend(c["cpu"] for c in two)
        ceilings.append(2 * one["wall"] / max(c["wall"] for c in two))
        others.append(max(one["others"], two[0]["others"]))
        steal += [one["steal"], two[0]["steal"]]
    med = statistics.median
    row = {
        "alone wall": med(alone_wall),
        "alone cpu": med(alone_cpu),
        "pair wall": med(pair_wall),
        "pair cpu": med(pair_cpu),
        "ceiling": med(ceilings),
        "ceilings": ceilings,
        "loads": loads,
        "others": max(others),
        "steal": max(steal),
    }
    quiet = [c for c, o in zip(ceilings, others, strict=True) if o < QUIET_CORES]
    if quiet:  # the repeats that had the machine to themselves
        row["ceiling"] = med(quiet)
    each = ", ".join(
        f"{c:.2f} (others {o:.2f} cores)" for c, o in zip(ceilings, others, strict=True)
    )
    print(
        f"  {WORKLOADS[kind]:46} alone {row['alone wall']:5.2f} s wall {row['alone cpu']:5.2f} "
        f"CPU s | two at once, each {row['pair wall']:5.2f} s wall {row['pair cpu']:5.2f} CPU s "
        f"({row['pair wall'] / row['alone wall'] - 1:+.0%} wall, "
        f"{row['pair cpu'] / row['alone cpu'] - 1:+.0%} CPU) | ceiling {row['ceiling']:.2f} x "
        f"({f'of {len(quiet)} quiet repeats' if quiet else 'no quiet repeat: of all'}; each: "
        f"{each}; load at each start {', '.join(f'{x:.1f}' for x in loads)}; steal at most "
        f"{row['steal']:.2f} cores)",
        flush=True,
    )
    return row


def grading(notebooks: int, repeats: int) -> float:
    """``grade --jobs 1, 2, 3`` on ``notebooks`` notebooks, in turn; prints the medians of
    ``--jobs 1`` / ``--jobs 2`` and / ``--jobs 3``, returns the first."""
    from benchmarks.grading_floor import project, shown, warm_course, write_class

    ratios = {2: [], 3: []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        warm = warm_course(tmp)
        subs = write_class(tmp / "class", notebooks)
        for _ in range(repeats):
            walls = {
                jobs: shown(f"--jobs {jobs}, {notebooks} notebooks", project(subs, tmp, jobs, warm))
                for jobs in (1, 2, 3)
            }
            for jobs in ratios:
                ratios[jobs].append(walls[1] / walls[jobs])
    for jobs, each in ratios.items():
        print(
            f"  --jobs 1 / --jobs {jobs}: {statistics.median(each):.2f} x "
            f"(each: {', '.join(f'{r:.2f}' for r in each)})"
        )
    return statistics.median(ratios[2])


def idle(tasks: int) -> None:
    """Grade ``tasks`` notebooks in this process; print each task's wall, CPU, waits, idle."""
    import threading

    import nbformat

    from autograder.grading.run import _package
    from autograder.grading.task import Task, grade_task
    from autograder.pipeline.ceiling import LoadFreeClock
    from autograder.pipeline.course import generate_assignment, make_api, setup_course
    from autograder.settings import Settings
    from benchmarks.grading_floor import CH4
    from tests.support.nbutil import submission

    settings = Settings()
    rows = []
    with tempfile.TemporaryDirectory(prefix="nnl-idle-") as tmp:
        course = setup_course(Path(tmp) / "course", settings)
        generate_assignment(make_api(course, settings), CH4)
        package = _package(course, settings, [CH4])
        notebook = nbformat.writes(submission(CH4))
        for i in range(tasks + 1):
            task = Task(f"s{i}", CH4, notebook, "2026-01-01 00:00:00.000000 UTC", "")
            clock, done = LoadFreeClock(os.getpid()), threading.Event()

            def sample(clock=clock, done=done):
                while not done.wait(0.02):
                    clock.elapsed()  # keeps what each process of the tree waited, as it goes

            sampler = threading.Thread(target=sample)
            wall, cpu = time.perf_counter(), cpu_seconds()
            sampler.start()
            result = grade_task(package, task)
            done.set()
            sampler.join()
            clock.elapsed()
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
            waited = sum(d - clock.baseline.get(p, 0.0) for p, d in clock.latest.items())
            assert result.score == result.max_score, result.reason
            if i:  # the first warms the worker up
                rows.append((wall, cpu, waited, wall - cpu - waited))
    med = statistics.median
    print(f"\none worker, {tasks} tasks (chapter 4, correct; load {os.getloadavg()[0]:.1f}):")
    labels = ("wall", "CPU", "waited for a CPU", "idle")
    for label, column in zip(labels, zip(*rows, strict=True), strict=True):
        each = ", ".join(f"{x:.2f}" for x in column)
        print(f"  {label:18} median {med(column):5.2f} s  (each: {each})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=sorted(WORKLOADS), help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--grading", type=int, default=0, metavar="N", help="notebooks graded")
    parser.add_argument("--only", choices=sorted(WORKLOADS), action="append")
    parser.add_argument("--idle", type=int, default=0, metavar="N", help="tasks timed")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"{os.cpu_count()} CPUs; one copy alone, then two at once, {args.repeats} times each")
    rows = {kind: measure(kind, args.repeats) for kind in args.only or WORKLOADS}
    if args.grading:
        print(f"\ngrading, {args.grading} correct chapter-4 notebooks, --jobs 1, 2, 3 in turn")
        ratio = grading(args.grading, args.repeats)
        print("  --jobs 1 / --jobs 2 against each ceiling:")
        for kind, row in rows.items():
            print(f"    {WORKLOADS[kind]:46} {ratio / row['ceiling']:.2f}")
    if args.idle:
        idle(args.idle)


if __name__ == "__main__":
    main()
