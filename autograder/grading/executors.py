"""Where the tasks run: on this machine, or on a Dask cluster. The same task either way.

Both executors take the run's :class:`~autograder.grading.task.Package` and its tasks and yield
``(task, result)`` as each task ends, in whatever order; the client records each result as it
comes (:mod:`autograder.grading.gradebook`).

* :class:`LocalExecutor` (the default): ``jobs`` processes of this machine (one per core), or
  this process itself for one job.
* :class:`DaskExecutor` (``--scheduler tcp://HOST:8786``): the workers of a running Dask
  cluster (``dask scheduler`` and ``dask worker`` processes on one or many machines, or a
  Slurm/PBS/HTCondor/Kubernetes cluster through dask-jobqueue / dask-kubernetes). The package
  is sent to every worker once; a task carries its submission. Every worker checks its sandbox
  before its first task (:class:`SandboxCheck`) and refuses to grade where it cannot start.
  Dask runs the tasks of a worker that dies again on the others (up to
  ``distributed.scheduler.allowed-failures`` times per task); if the scheduler goes away, the
  run stops with :class:`ClusterLost`, and what was recorded stays recorded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from autograder.grading.task import Package, Result, Task, grade_task
from autograder.sandbox.launch import SandboxUnavailable
from autograder.settings import Settings


class ClusterLost(RuntimeError):
    """The Dask scheduler cannot be reached, or went away during the run."""


class LocalExecutor:
    """Tasks graded on this machine, ``jobs`` at a time."""

    def __init__(self, jobs: int | None = None):
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        self.jobs = jobs or os.cpu_count() or 1

    def describe(self) -> str:
        return f"{self.jobs} process(es) on this machine"

    def check(self, settings: Settings) -> None:
        from autograder.grading.task import check_sandbox

        check_sandbox(settings)

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
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield task, future.result()
                except Exception as err:  # noqa: BLE001 - the process died: that task failed
                    yield task, Result.failure(task, f"the grading process failed: {err!r}")


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


class SandboxCheck:
    """Dask worker plugin: each worker checks, as it joins, that its sandbox starts."""

    name = "nnl-sandbox-check"

    def __init__(self, settings: dict):
        self.settings = settings

    def setup(self, worker) -> None:
        from autograder.grading.task import check_sandbox

        check_sandbox(Settings.from_dict(self.settings))  # raises with the reason and the fix


class DaskExecutor:
    """Tasks graded by the workers of the Dask cluster whose scheduler is at ``address``."""

    def __init__(self, address: str, connect_timeout: float = 10.0):
        from distributed import Client

        self.address = address
        try:
            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise ClusterLost(
                f"cannot reach the Dask scheduler at {address} ({err}). Start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`, or "
                "check the address and the firewall."
            ) from None

    def describe(self) -> str:
        workers = self.client.scheduler_info().get("workers", {})
        return f"the Dask cluster at {self.address} ({len(workers)} worker(s))"

    def check(self, settings: Settings) -> None:
        """Every worker checks its sandbox; fail if none can grade, and say why."""
        replies = self.client.register_plugin(SandboxCheck(settings.to_dict()))
        refusals = {
            worker: reply.get("exception", reply)
            for worker, reply in (replies or {}).items()
            if isinstance(reply, dict) and reply.get("status") == "error"
        }
        if not replies:
            raise ClusterLost(f"the Dask cluster at {self.address} has no workers")
        if len(refusals) == len(replies):
            raise SandboxUnavailable(
                "no worker of the cluster can sandbox the students' code:\n"
                + "\n".join(f"  {worker}: {why}" for worker, why in sorted(refusals.items()))
            )

    def results(self, package: Package, tasks: list[Task]) -> Iterator[tuple[Task, Result]]:
        from distributed import as_completed

        try:
            shared = self.client.scatter(package, broadcast=True, hash=False)
            futures = {
                self.client.submit(
                    grade_task, shared, task, key=f"grade-{task.student}-{task.chapter}", pure=False
                ): task
                for task in tasks
            }
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield task, future.result()
                except SandboxUnavailable as err:
                    yield task, Result.failure(task, f"a worker refused to grade: {err}")
                except Exception as err:  # noqa: BLE001 - a task failed or its worker died
                    if self.client.status != "running":
                        raise
                    yield (
                        task,
                        Result.failure(task, f"the grader failed: {type(err).__name__}: {err}"),
                    )
        except (OSError, TimeoutError) as err:
            raise ClusterLost(
                f"lost the Dask scheduler at {self.address} ({err}); the submissions recorded so "
                "far stay recorded: start the same command again to grade the rest"
            ) from None
        finally:
            self.client.close()
