"""A busy machine, on purpose: a CPU quota for some processes, or CPU burners for all of them.

``cpu_quota(fraction)`` moves this process (and with it every process it starts from then on:
grading kernels, student processes) into a cgroup-v1 ``cpu`` group with a CFS quota of
``fraction`` of one core, and back out on exit (processes already running can be moved in
too). ``burners(n)`` keeps ``n`` processes spinning
on the CPU. Root and the cgroup-v1 ``cpu`` controller are there on these machines and in CI;
where they are not, the tests fail with the reason, they never skip.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from pathlib import Path

CPU = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000


def _own_group() -> Path:
    """The cpu cgroup this process is in now (cgroup v1: the line ``N:cpu:/path``)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return CPU / path.lstrip("/")
    raise AssertionError("this process is in no cgroup-v1 cpu group (see /proc/self/cgroup)")


@contextlib.contextmanager
def cpu_quota(fraction: float, pids: tuple[int, ...] = ()):
    """Run the block (and everything it starts), and the processes ``pids``, with ``fraction``
    of one core at most, all of them together."""
    if not (CPU / "cgroup.procs").is_file() or not os.access(CPU, os.W_OK):
        raise AssertionError(
            f"the load tests need a writable cgroup-v1 cpu controller at {CPU} (run as root on "
            "a machine that mounts it); it is missing here"
        )
    home = _own_group()
    group = CPU / f"nnl-load-{os.getpid()}-{time.monotonic_ns()}"
    group.mkdir()
    try:
        (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (group / "cpu.cfs_quota_us").write_text(str(int(fraction * PERIOD_US)))
        for pid in (os.getpid(), *pids):
            (group / "cgroup.procs").write_text(str(pid))
        yield group
    finally:
        (home / "cgroup.procs").write_text(str(os.getpid()))
        for _ in range(100):  # children that outlived the block leave it as they end
            for pid in (group / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):
                    (home / "cgroup.procs").write_text(pid)
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.05)


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
