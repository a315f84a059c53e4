"""The tasks graded on this machine: ``jobs`` processes (one per core), or this one for one job.

An executor takes the run's :class:`~autograder.grading.task.Package` and its tasks and yields
``(task, result)`` as each task ends, in whatever order; the client records each result as it
comes (:mod:`autograder.grading.gradebook`). :class:`LocalExecutor` is the default; the same
tasks go to a Dask cluster with :class:`autograder.grading.cluster.DaskExecutor`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from autograder.grading.task import Package, Result, Task, check_worker, grade_task
from autograder.sandbox.launch import SandboxUnavailable
from autograder.settings import Settings


class LocalExecutor:
    """Tasks graded on this machine, ``jobs`` at a time."""

    def __init__(self, jobs: int | None = None):
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        self.jobs = jobs or os.cpu_count() or 1

    def describe(self) -> str:
        return f"{self.jobs} process(es) on this machine"

    def check(self, settings: Settings, code: str) -> None:
        check_worker(settings, code)

    def results(self, package: Package, tasks: list[Task]) -> Iterator[tuple[Task, Result]]:
        if self.jobs == 1 or len(tasks) <= 1:
            for task in tasks:
                yield task, _safely(package, task)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # fork: a worker starts in milliseconds and does not re-run the caller's script (spawn
        # would); the package goes to each worker once, as the pool starts it.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_keep, initargs=(package,)
        ) as pool:
            futures = {pool.submit(_grade_kept, task): task for task in tasks}
            try:
                for future in as_completed(futures):
                    task = futures[future]
                    try:
                        yield task, future.result()
                    except Exception as err:  # noqa: BLE001 - the process died: that task failed
                        yield task, Result.failure(task, f"the grading process failed: {err!r}")
            except BaseException:  # Ctrl-C, or the caller stopped: no task is waited for
                _stop(pool)
                raise


def _stop(pool) -> None:
    """End the pool's processes now (what is graded but not recorded is graded again by the
    next run). Python 3.14's ``ProcessPoolExecutor.terminate_workers`` does this; before it, the
    processes are the pool's ``_processes``."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


_package: Package | None = None


def _keep(package: Package) -> None:
    global _package
    _package = package


def _grade_kept(task: Task) -> Result:
    return _safely(_package, task)


def _safely(package: Package, task: Task) -> Result:
    """grade_task, with any failure of the grader's own turned into a failed result."""
    try:
        return grade_task(package, task)
    except SandboxUnavailable:
        raise
    except Exception as err:  # noqa: BLE001 - one broken task must not stop the class
        return Result.failure(task, f"the grader failed: {type(err).__name__}: {err}")
