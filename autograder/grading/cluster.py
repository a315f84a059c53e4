"""The tasks graded by the workers of a Dask cluster (``--scheduler tcp://HOST:8786``).

A running Dask cluster: ``dask scheduler`` and ``dask worker`` processes on one or many machines,
or a Slurm/PBS/HTCondor/Kubernetes cluster through dask-jobqueue / dask-kubernetes. The run's
package is sent to every worker once; a task carries its submission; a result comes back as
plain data (:mod:`autograder.grading.task`). Every worker checks its sandbox as it joins
(:class:`SandboxCheck`) and again before its first task, and refuses to grade where the sandbox
cannot start. Dask runs the tasks of a worker that dies again on the others (up to
``distributed.scheduler.allowed-failures`` times per task); if the scheduler cannot be reached
or goes away, the run stops with :class:`ClusterLost`, and what was recorded stays recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from distributed import Client, WorkerPlugin, as_completed

from autograder.grading.task import Package, Result, Task, check_sandbox, grade_task
from autograder.sandbox.launch import SandboxUnavailable
from autograder.settings import Settings


class ClusterLost(RuntimeError):
    """The Dask scheduler cannot be reached, or went away during the run."""


class SandboxCheck(WorkerPlugin):
    """Dask worker plugin: each worker checks, as it joins, that its sandbox starts."""

    name = "nnl-sandbox-check"

    def __init__(self, settings: dict):
        self.settings = settings

    def setup(self, worker) -> None:
        check_sandbox(Settings.from_dict(self.settings))  # raises with the reason and the fix


class DaskExecutor:
    """Tasks graded by the workers of the Dask cluster whose scheduler is at ``address``."""

    def __init__(self, address: str, connect_timeout: float = 10.0):
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
        run = uuid.uuid4().hex[:8]  # keys of this run: a resumed run never meets an old task
        try:
            shared = self.client.scatter(package, broadcast=True, hash=False)
            futures = {
                self.client.submit(
                    grade_task,
                    shared,
                    task,
                    key=f"grade-{run}-{task.student}-{task.chapter}",
                    pure=False,
                ): task
                for task in tasks
            }
            for future in as_completed(futures, loop=self.client.loop):
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
