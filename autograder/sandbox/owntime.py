"""Own time: what a cell of a student's code is charged for, whatever else the machine does.

A wall clock charges a submission for the grader's load: on a busy machine (a JupyterHub node, a
CI runner, a cgroup with a small CPU quota) a correct cell runs out of time that an idle machine
would have given it. A cell here is charged its student process's *own time* instead:

* the time the process's main thread spent running on a CPU, or asleep of its own accord
  (``time.sleep``, a blocking read, waiting for a child it started);
* not the time it waited for a CPU: Linux counts that per thread as ``run_delay`` in
  ``/proc/PID/schedstat``, and a cgroup's CPU quota holding the process back counts there too;
* not the time it waited for the grading kernel. While the kernel has its *turn* (from a
  message of the student process arriving to the kernel waiting for the next one: it reads the
  message, serves a callback such as a loss function handed to ``numerical_gradient`` or an
  earlier chapter's function, sends the answer), the process is charged the kernel's CPU time
  *inside the callbacks* instead (:meth:`Meter.serve`): the work done on the student's behalf,
  not the wire's (reading and writing the messages is this package's plumbing: a correct
  ``train`` of chapter 5 makes 16,000 round trips, and charging the kernel's side of them
  doubled its own time). And the kernel's wake-up delay when a message came (its own
  ``run_delay`` while it waited in ``select``) is taken off the time the process slept just
  before: it was waiting to be answered.

So, over one request to the student process::

    charged = sum over the kernel's waits of
                  student CPU + student sleep - min(kernel wake-up delay, student sleep)
            + sum over the kernel's turns of  student CPU
            + the kernel's CPU inside the callbacks it served

Every term is measured outside the student process, which cannot change them. A loop that never
ends is charged one second per second of CPU it gets; a loop of ``time.sleep`` one second per
second it sleeps; a correct cell the same on an idle and on an overloaded machine (to within the
CPU time that caches and shared cores add, far below the limits).
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["Meter", "schedstat"]


def schedstat(line: bytes | str) -> tuple[float, float]:
    """A thread's ``/proc/.../schedstat`` line: (seconds on a CPU, seconds waiting for one)."""
    on_cpu, waiting = line.split()[:2]
    return int(on_cpu) / 1e9, int(waiting) / 1e9


class _Schedstat:
    """``/proc/.../schedstat`` of one thread, kept open: (seconds on a CPU, seconds waiting)."""

    def __init__(self, path: str):
        try:
            self.fd: int | None = os.open(path, os.O_RDONLY)
        except OSError:
            self.fd = None
        self.last = (0.0, 0.0)

    def read(self) -> tuple[float, float]:
        if self.fd is not None:
            try:
                self.last = schedstat(os.pread(self.fd, 128, 0))
            except (OSError, ValueError):  # the thread is gone: its clocks stop
                self.close()
        return self.last

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class Meter:
    """The own time of the student process with pid ``pid``, as the grading kernel sees it.

    The kernel's side of the wire tells the meter what it does: :meth:`begin` and :meth:`end`
    a request, :meth:`waiting` before it waits for a message from the student process and
    :meth:`woken` after (with the kernel's wake-up delay if a message came). :meth:`charged` is
    the own time used since :meth:`new_cell`.
    """

    def __init__(self, pid: int):
        self.student = _Schedstat(f"/proc/{pid}/schedstat")
        self.kernel = _Schedstat(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/schedstat")
        self.spent = 0.0  # charged in this cell, up to the last mark
        self.served = 0.0  # the kernel's CPU seconds inside callbacks, all along
        self._mark: tuple[float, float, float, float] | None = None  # wall, student cpu, delay,
        # served when the present wait or turn began; None outside requests
        self._turn = False  # the kernel's turn (True) or its wait for the student (False)

    def _now(self) -> tuple[float, float, float, float]:
        on_cpu, delay = self.student.read()
        return time.monotonic(), on_cpu, delay, self.served

    def _since_mark(self, wake_delay: float = 0.0, now: tuple | None = None) -> float:
        """Own time since the mark, up to ``now`` (a :meth:`_now`; by default read now): see
        the module's formula."""
        if self._mark is None:
            return 0.0
        now = now or self._now()
        wall, cpu, delay, served = (b - a for a, b in zip(self._mark, now, strict=True))
        if self._turn:
            return cpu + served
        # Linux adds a wait for a CPU to run_delay when the wait ends, so a wait still under way
        # looks like sleep until then: the terms are not clamped one by one (they add up right
        # over consecutive marks), only the total (charged).
        sleep = wall - cpu - delay
        return cpu + sleep - min(wake_delay, max(sleep, 0.0)) + served

    def _advance(self, turn: bool, wake_delay: float = 0.0) -> None:
        now = self._now()  # one reading ends this stretch and begins the next
        self.spent += self._since_mark(wake_delay, now)
        self._mark, self._turn = now, turn

    def serve(self, callback):
        """Run ``callback()`` (a call the student's code made into the kernel), charging its
        CPU time."""
        start = time.thread_time()
        try:
            return callback()
        finally:
            self.served += time.thread_time() - start

    def kernel_delay(self) -> float:
        """The grading kernel thread's own wait for a CPU so far (seconds)."""
        return self.kernel.read()[1]

    def new_cell(self) -> None:
        self.spent = 0.0
        if self._mark is not None:
            self._mark = self._now()

    def begin(self) -> None:
        self._mark, self._turn = self._now(), True  # the kernel sends the request

    def end(self) -> None:
        self._advance(turn=True)
        self._mark = None

    def waiting(self) -> None:
        """The kernel is about to wait for the student process."""
        self._advance(turn=False)

    def woken(self, wake_delay: float | None) -> None:
        """The kernel's wait ended: a message came (and the kernel then waited ``wake_delay``
        s for a CPU), or, with None, it only looks at the clock (the wait goes on)."""
        if wake_delay is None:
            self._advance(turn=False)
        else:
            self._advance(turn=True, wake_delay=wake_delay)

    def charged(self) -> float:
        """Own time of this cell so far, the open wait or turn included (seconds)."""
        return max(self.spent + self._since_mark(), 0.0)

    def close(self) -> None:
        self.student.close()
        self.kernel.close()
