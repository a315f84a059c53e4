"""A busy machine, on purpose: a CPU quota for some processes, or CPU burners for all of them.

* ``cpu_quota(fraction, pids)`` puts this process (so every process it starts from then on:
  grading kernels, student processes) and the running processes ``pids`` into a cgroup-v1
  ``cpu`` group with a CFS quota of ``fraction`` of one core, all of them together;
* ``kernels_on_quota(fraction)`` puts only the grading kernels this process starts on the quota
  (and the student processes they start), not this process, which grades at full speed;
* ``burners(n)`` keeps ``n`` processes spinning on the CPU.

Root and the cgroup-v1 ``cpu`` controller are there on these machines and in CI; where they are
not, the tests fail with the reason: they never skip.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from pathlib import Path

CPU = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000


def _group_of(pid: int) -> Path:
    """The cpu cgroup of process ``pid`` (cgroup v1: the line ``N:cpu,...:/path``)."""
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return CPU / path.lstrip("/")
    raise AssertionError(f"process {pid} is in no cgroup-v1 cpu group (see /proc/{pid}/cgroup)")


@contextlib.contextmanager
def _quota_group(fraction: float):
    """A new cpu cgroup with ``fraction`` of one core; its processes go home when it ends."""
    if not (CPU / "cgroup.procs").is_file() or not os.access(CPU, os.W_OK):
        raise AssertionError(
            f"the load tests need a writable cgroup-v1 cpu controller at {CPU} (run as root on "
            "a machine that mounts it); it is missing here"
        )
    home = _group_of(os.getpid())
    group = CPU / f"nnl-load-{os.getpid()}-{time.monotonic_ns()}"
    group.mkdir()
    try:
        (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (group / "cpu.cfs_quota_us").write_text(str(int(fraction * PERIOD_US)))
        yield group
    finally:
        for _ in range(100):  # processes still in the group go back home (or end)
            for pid in (group / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):
                    (home / "cgroup.procs").write_text(pid)
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.05)


@contextlib.contextmanager
def cpu_quota(fraction: float, pids: tuple[int, ...] = ()):
    """Run the block (and everything it starts), and the processes ``pids``, with ``fraction``
    of one core at most, all of them together."""
    with _quota_group(fraction) as group:
        for pid in (os.getpid(), *pids):
            (group / "cgroup.procs").write_text(str(pid))
        yield group


def _children() -> dict[int, str]:
    """pid -> command line of every process below this one."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                commands[int(entry.name)] = (
                    (entry / "cmdline").read_bytes().decode(errors="replace")
                )
    below, todo = {}, [os.getpid()]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in below:
                below[pid] = commands.get(pid, "")
                todo.append(pid)
    return below


@contextlib.contextmanager
def kernels_on_quota(fraction: float, marker: str = "ipykernel"):
    """Put each process this one starts whose command line holds ``marker`` (a grading kernel:
    the student processes it starts follow it) on ``fraction`` of one core, within about 10 ms
    of its start. Yields the set of pids moved so far."""
    with _quota_group(fraction) as group:
        stop, moved = threading.Event(), set()

        def follow():
            while not stop.wait(0.01):
                for pid, command in _children().items():
                    if marker in command and pid not in moved:
                        with contextlib.suppress(OSError):
                            (group / "cgroup.procs").write_text(str(pid))
                            moved.add(pid)

        thread = threading.Thread(target=follow, daemon=True)
        thread.start()
        try:
            yield moved
        finally:
            stop.set()
            thread.join()


def _spin() -> None:
    while True:
        pass


@contextlib.contextmanager
def burners(count: int):
    """``count`` processes that burn CPU for as long as the block runs."""
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_spin, daemon=True) for _ in range(count)]
    for proc in procs:
        proc.start()
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join()
