"""nbgrader's Execute preprocessor, bounded: a memory limit and survival of a lost kernel.

* Time: nbgrader's own per-cell ``Execute.timeout`` (the cell is interrupted, grading goes on).
* Memory: the kernel caps its own address space (``RLIMIT_AS``) before any student code runs,
  so a memory-hungry cell gets a ``MemoryError`` in that cell instead of swapping the machine.
* A kernel that is lost, because it died (``os._exit``, a segfault, the OOM killer) or because
  it ignored the interrupt after a timeout (a loop in C code, a SIGINT handler), no longer
  aborts the whole notebook (stock nbgrader then leaves the student ungraded): the cell gets an
  error output that says what happened, a fresh kernel is started and the remaining cells run
  in it. Cells graded before keep their points; later cells fail unless they stand on their own.
"""

from __future__ import annotations

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

KERNEL_DIED = (
    "KernelDied",
    "the Python kernel stopped while running this cell (the code exited the interpreter, "
    "crashed, or used more memory than allowed). The remaining cells ran in a fresh kernel.",
)
KERNEL_STUCK = (
    "CellTimeoutError",
    "this cell ran longer than the time limit and did not stop when interrupted, so the kernel "
    "was restarted. The remaining cells ran in a fresh kernel.",
)


def memory_limit_lines(limit_bytes: int) -> list[str]:
    """Kernel start-up lines that cap the kernel's address space at ``limit_bytes``."""
    if limit_bytes <= 0:
        return []
    return [
        "import resource as _nnl_resource; "
        f"_nnl_resource.setrlimit(_nnl_resource.RLIMIT_AS, ({limit_bytes}, {limit_bytes})); "
        "_nnl_resource.setrlimit(_nnl_resource.RLIMIT_CORE, (0, 0)); "
        "del _nnl_resource"
    ]


class BoundedExecute(Execute):
    """Execute with a memory cap per kernel and recovery from a dead or stuck kernel."""

    memory_limit = Integer(
        2 * 1024**3, help="Address-space limit of the grading kernel in bytes (0: none)."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, retries=None):
        # The cap goes into the kernel's command line here, not in an override of
        # async_start_new_kernel: nbclient's synchronous start_new_kernel, which nbgrader
        # calls, is bound to the base class's coroutine and would never see the override.
        # A restarted kernel (after a crash) reuses the same command line, so it is capped too.
        extra = [a for a in self.extra_arguments if not a.startswith("--IPKernelApp.exec_lines")]
        lines = memory_limit_lines(self.memory_limit)
        self.extra_arguments = extra + [f"--IPKernelApp.exec_lines={line}" for line in lines]
        return super().preprocess(nb, resources, retries)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        try:
            return await super().async_execute_cell(
                cell, cell_index, execution_count=execution_count, store_history=store_history
            )
        except DeadKernelError:
            self.log.warning("Kernel died in cell %d; restarting it", cell_index)
            problem = KERNEL_DIED
        except CellTimeoutError:
            self.log.warning("Kernel ignored the interrupt in cell %d; restarting it", cell_index)
            problem = KERNEL_STUCK
        ename, evalue = problem
        cell.outputs.append(
            NotebookNode(
                output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
            )
        )
        await self._restart_kernel()
        return cell

    # nbconvert calls the synchronous wrapper, which the base class bound to its own coroutine.
    execute_cell = run_sync(async_execute_cell)

    async def _restart_kernel(self):
        if self.kc is not None:
            self.kc.stop_channels()
        await self.km.restart_kernel(now=True)
        await self.async_start_new_kernel_client()
