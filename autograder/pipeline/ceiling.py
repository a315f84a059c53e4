"""The wall-clock ceiling of a cell, with the machine's load taken out.

The student's code is stopped by its own time (:mod:`autograder.sandbox.owntime`); the ceiling
is the last resort for a cell that hangs where that time does not grow. Measured on a plain wall
clock it made grades depend on the load after all: a correct training cell of chapter 5 makes
thousands of round trips between the grading kernel and the student's process (the student's
``train`` calls chapter 4's functions, which stay in the kernel), each waking a process that
then waits for a CPU. Idle it takes 9 s; beside six CPU burners on two cores it ran past a
ceiling of 50 s and scored 0.

So the ceiling is charged the cell's wall time *less the time the grading kernel and the
processes under it (the sandbox, the student's process) waited for a CPU* (``run_delay`` of
each process's main thread in ``/proc/PID/schedstat``; a cgroup's CPU quota holding a process
back counts there too). What is left is the time they ran or slept, the same on an idle and on
a busy machine. The processes are the student's to start, so what they waited for is not
believed without bound: the ceiling stretches at most :data:`MAX_STRETCH` times its wall-clock
length.
"""

from __future__ import annotations

import time
from pathlib import Path

from autograder.sandbox.owntime import schedstat

__all__ = ["MAX_STRETCH", "LoadFreeClock"]

MAX_STRETCH = 10.0
"""A cell's wall time counts for at least 1 / MAX_STRETCH, whatever its processes waited for."""


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it (the ``children`` file of each of their threads)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in children.read_text().split())
            except (OSError, ValueError):  # the process or thread ended meanwhile
                pass
    return found


def _run_delays(pid: int) -> dict[int, float]:
    """Seconds each process of the tree under ``pid`` has waited for a CPU (its main thread)."""
    delays = {}
    for each in _tree(pid):
        try:
            delays[each] = schedstat(Path(f"/proc/{each}/schedstat").read_text())[1]
        except (OSError, ValueError, IndexError):
            pass
    return delays


class LoadFreeClock:
    """Seconds since :meth:`start` that the process tree under ``pid`` did not spend waiting
    for a CPU (a plain wall clock if ``pid`` is None)."""

    def __init__(self, pid: int | None):
        self.pid = pid
        self.start()

    def _delays(self) -> dict[int, float]:
        return {} if self.pid is None else _run_delays(self.pid)

    def start(self) -> None:
        self.began = time.monotonic()
        self.baseline = self._delays()
        self.latest = dict(self.baseline)  # a process that ended keeps what it had waited

    def elapsed(self) -> float:
        wall = time.monotonic() - self.began
        self.latest.update(self._delays())
        waited = sum(delay - self.baseline.get(pid, 0.0) for pid, delay in self.latest.items())
        return max(wall - waited, wall / MAX_STRETCH)
