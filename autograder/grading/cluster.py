"""The tasks graded by the workers of a Dask cluster (``--scheduler tcp://HOST:8786``).

A running Dask cluster: ``dask scheduler`` and ``dask worker`` processes on one or many machines,
or a Slurm/PBS/HTCondor/Kubernetes cluster through dask-jobqueue / dask-kubernetes. The run's
package is sent to every worker once; a task carries its submission; a result comes back as
plain data (:mod:`autograder.grading.task`).

Every worker checks, as it joins (:class:`GraderCheck`, a worker plugin), that its sandbox starts
and that it runs the same code as the client (:func:`~autograder.grading.task.code_version`);
only then does it take the resource :data:`RESOURCE`, one unit, which every task needs: a worker
that cannot sandbox never grades, and a worker grades one submission at a time whatever its
number of threads. Dask runs the tasks of a worker that dies again on the others (up to
``distributed.scheduler.allowed-failures`` times per task); if the scheduler cannot be reached
or goes away, the run stops with :class:`ClusterLost`, and what was recorded stays recorded.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError

from distributed import Client, WorkerPlugin, as_completed

from autograder.grading.task import Package, Result, Task, check_worker, grade_task, warm
from autograder.sandbox.launch import SandboxUnavailable
from autograder.settings import Settings

logger = logging.getLogger("distributed.worker")
RESOURCE = "nnl-grader"
"""The Dask worker resource a grading task needs; a worker takes one unit once it can grade."""


class ClusterLost(RuntimeError):
    """The Dask scheduler cannot be reached, or went away during the run."""


class GraderCheck(WorkerPlugin):
    """Each worker, as it joins: can it grade (sandbox, same code as the client)? If it can, it
    takes one unit of :data:`RESOURCE`; if not, it keeps the reason and the fix
    (:func:`refusal`) and takes no grading task."""

    name = "nnl-grader-check"

    def __init__(self, settings: dict, code: str):
        self.settings, self.code = settings, code

    async def setup(self, worker) -> None:
        settings = Settings.from_dict(self.settings)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, check_worker, settings, self.code)
        except Exception as err:  # noqa: BLE001 - any reason not to grade is a refusal
            worker.nnl_refusal = str(err)
            logger.error("this worker refuses to grade: %s", err)
            return
        worker.nnl_refusal = ""
        await worker.set_resources(**{RESOURCE: 1})


def refusal(dask_worker) -> str:
    """Why a worker refuses to grade ("" if it grades); run on each worker by the client."""
    return getattr(dask_worker, "nnl_refusal", "its check has not run")


async def _warm_soon() -> None:
    """:func:`~autograder.grading.task.warm` off the worker's event loop (an async function:
    what ``Client.run(..., wait=False)`` takes)."""
    await asyncio.get_running_loop().run_in_executor(None, warm)


class DaskExecutor:
    """Tasks graded by the workers of the Dask cluster whose scheduler is at ``address``."""

    def __init__(self, address: str, connect_timeout: float = 10.0):
        self.address = address
        self.refusals: dict = {}
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
        text = f"the Dask cluster at {self.address} ({len(workers)} worker(s))"
        refused = "".join(f"\n  refused: {w}: {why}" for w, why in sorted(self.refusals.items()))
        return text + refused

    def check(self, settings: Settings, code: str) -> None:
        """Every worker checks that it can grade; fail if none can, and say why."""
        self.client.register_plugin(GraderCheck(settings.to_dict(), code))
        workers = self.client.scheduler_info().get("workers", {})
        if not workers:
            raise ClusterLost(
                f"the Dask cluster at {self.address} has no workers: start some with "
                f"`dask worker {self.address} --nthreads 1` "
                "(docs/instructors.md, Grading on a cluster)"
            )
        reasons = self.client.run(refusal)
        self.refusals = {
            f"{workers.get(address, {}).get('name', address)} ({address})": why
            for address, why in reasons.items()
            if why
        }
        if len(self.refusals) == len(reasons):
            raise SandboxUnavailable(
                "no worker of the cluster can grade:\n"
                + "\n".join(f"  {worker}: {why}" for worker, why in sorted(self.refusals.items()))
            )

    def start(self) -> None:
        """Every worker imports what grading needs (:func:`~autograder.grading.task.warm`) now,
        while the client sets the course up; not waited for here (a worker's first task waits
        for it)."""
        self.client.run(_warm_soon, wait=False)

    def _lost(self, err: BaseException) -> ClusterLost:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return ClusterLost(
            f"lost the Dask scheduler at {self.address} ({first}); the submissions recorded so "
            "far stay recorded: start the same command again to grade the rest"
        )

    def results(self, package: Package, tasks: Iterable[Task]) -> Iterator[tuple[Task, Result]]:
        """Each task submitted as ``tasks`` yields it, then ``(task, result)`` as each ends."""
        run = uuid.uuid4().hex[:8]  # keys of this run: a resumed run never meets an old task
        try:
            shared = self._reached(self.client.scatter, package, broadcast=True, hash=False)
            futures = {}
            for task in tasks:  # (what goes wrong in the caller's preparing is not the cluster's)
                future = self._reached(
                    self.client.submit,
                    grade_task,
                    shared,
                    task,
                    key=f"grade-{run}-{task.student}-{task.chapter}",
                    pure=False,
                    resources={RESOURCE: 1},
                )
                futures[future] = task
            yield from self._ended(futures)
        finally:
            self.client.close()

    def _ended(self, futures: dict) -> Iterator[tuple[Task, Result]]:
        """``(task, result)`` of each future of ``futures`` (future -> task) as it ends."""
        try:
            for future in as_completed(futures, loop=self.client.loop):
                task = futures[future]
                try:
                    yield task, future.result()
                except (CancelledError, OSError, TimeoutError) as err:
                    raise self._lost(err) from None
                except Exception as err:  # noqa: BLE001 - a task failed (its workers died)
                    if self.client.status != "running":
                        raise self._lost(err) from None
                    failed = f"the grader failed: {type(err).__name__}: {err}"
                    yield task, Result.failure(task, failed)
        except (CancelledError, OSError, TimeoutError) as err:
            raise self._lost(err) from None

    def _reached(self, call, *args, **kwargs):
        """``call(*args, **kwargs)`` of the client; a scheduler that cannot be reached is
        :class:`ClusterLost`."""
        try:
            return call(*args, **kwargs)
        except (CancelledError, OSError, TimeoutError) as err:
            raise self._lost(err) from None
