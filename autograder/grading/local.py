"""The tasks graded on this machine: ``jobs`` processes (one per core).

An executor takes the run's :class:`~autograder.grading.task.Package` and its tasks (an
iterable, which it reads to its end, sending each task as it comes: the client prepares them as
the first are graded) and yields ``(task, result)`` as each task ends, in whatever order; the
client records each result as it comes (:mod:`autograder.grading.gradebook`).
:class:`LocalExecutor` is the default; the same tasks go to a Dask cluster with
:class:`autograder.grading.cluster.DaskExecutor`.

The client starts the processes (:meth:`LocalExecutor.start`) before it sets the course up:
each imports what grading needs (:func:`~autograder.grading.task.warm`) while the client makes
the course, the releases and the package, so that a run's first task does not pay those imports
after them. An executor not started grades one job in this process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator

from autograder.grading.task import Package, Result, Task, check_worker, grade_task, warm
from autograder.sandbox.launch import SandboxUnavailable
from autograder.settings import Settings


class LocalExecutor:
    """Tasks graded on this machine, ``jobs`` at a time."""

    def __init__(self, jobs: int | None = None):
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        self.jobs = jobs or os.cpu_count() or 1
        self._pool = None
        self._used = False  # a task was sent to the pool

    def describe(self) -> str:
        return f"{self.jobs} process(es) on this machine"

    def check(self, settings: Settings, code: str) -> None:
        check_worker(settings, code)

    def start(self) -> None:
        """Start the ``jobs`` grading processes now (after :meth:`check`: they inherit its
        result), each importing what grading needs while the caller goes on."""
        if self._pool is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: a worker starts in milliseconds and does not re-run the caller's script (spawn
        # would); a forked pool starts all its processes at its first task
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=warm)
        self._pool.submit(int)

    def stop(self, now: bool = False) -> None:
        """Let the processes finish and end (their workspaces removed as they exit); ``now``:
        end them at once (the run stopped)."""
        if self._pool is not None:
            if now or not self._used:  # (unused: nothing to finish, no workspace to remove)
                _stop(self._pool)
            else:
                self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool, self._used = None, False

    def results(self, package: Package, tasks: Iterable[Task]) -> Iterator[tuple[Task, Result]]:
        """Each task sent to a grading process as ``tasks`` yields it (the first graded while
        the caller prepares the next), then ``(task, result)`` as each task ends."""
        if self._pool is None:
            tasks = list(tasks)
            if self.jobs == 1 or len(tasks) <= 1:
                try:
                    for task in tasks:
                        yield task, _safely(package, task)
                finally:
                    if tasks:  # a task does not wait for its kernel's exit: the run does
                        from autograder.pipeline.execute import reap_kernels

                        reap_kernels()
                return
        from concurrent.futures import as_completed

        started = self._pool is None
        self.start()
        pool = self._pool
        sent = pickle.dumps(package)  # once, not once per task; a worker unpickles it once
        futures = {}
        try:
            for task in tasks:
                futures[pool.submit(_grade_sent, sent, task)] = task
                self._used = True
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield task, future.result()
                except Exception as err:  # noqa: BLE001 - the process died: that task failed
                    yield task, Result.failure(task, f"the grading process failed: {err!r}")
        except BaseException:  # Ctrl-C, or the caller stopped: no task is waited for
            self.stop(now=True)
            raise
        if started:
            self.stop()


def _stop(pool) -> None:
    """End the pool's processes now (what is graded but not recorded is graded again by the
    next run). Python 3.14's ``ProcessPoolExecutor.terminate_workers`` does this; before it, the
    processes are the pool's ``_processes``."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


_sent: tuple[bytes, Package] | None = None  # this process's package, and the bytes it came as


def _grade_sent(sent: bytes, task: Task) -> Result:
    global _sent
    if _sent is None or _sent[0] != sent:
        _sent = (sent, pickle.loads(sent))
    return _safely(_sent[1], task)


def _safely(package: Package, task: Task) -> Result:
    """grade_task, with any failure of the grader's own turned into a failed result."""
    try:
        return grade_task(package, task)
    except SandboxUnavailable:
        raise
    except Exception as err:  # noqa: BLE001 - one broken task must not stop the class
        return Result.failure(task, f"the grader failed: {type(err).__name__}: {err}")
