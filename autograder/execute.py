"""nbgrader's Execute preprocessor, bounded and split: the student's cells run elsewhere.

* Split (``split = True``, the default of a course): the grading kernel runs only the
  instructor's code: the test cells nbgrader restored from the source, and every cell whose code
  is a code cell of the instructor's source notebook. Any other cell (answer cells, cells the
  student added or edited) is sent to the sandboxed student process (:mod:`autograder.sandbox`).

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

from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, Unicode

from autograder.sandbox import TEST_CELL_MARK

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

    split = Bool(
        False, help="Run the student's cells in a sandboxed process, apart from the tests."
    ).tag(config=True)

    source_dir = Unicode(
        "", help="nbgrader's source/ folder: cells whose code is the instructor's are trusted."
    ).tag(config=True)

    def _trusted_sources(self, resources) -> set[str]:
        info = (resources or {}).get("nbgrader", {})
        path = Path(self.source_dir) / str(info.get("assignment")) / f"{info.get('notebook')}.ipynb"
        if not self.source_dir or not path.is_file():
            return set()
        source = nbformat.read(str(path), as_version=4)
        return {
            cell.source
            for cell in source.cells
            if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("solution")
        }

    def _student_wrote(self, cell) -> bool:
        """Code that is not a code cell of the instructor's source (answer cells excepted).

        Decided by the code alone, never by the cell's metadata, which the student can edit:
        test cells are the instructor's because nbgrader restored their code from the source.
        """
        return cell.source not in self._trusted

    def preprocess(self, nb, resources=None, retries=None):
        self._trusted = self._trusted_sources(resources) if self.split else set()
        # The cap goes into the kernel's command line here, not in an override of
        # async_start_new_kernel: nbclient's synchronous start_new_kernel, which nbgrader
        # calls, is bound to the base class's coroutine and would never see the override.
        # A restarted kernel (after a crash) reuses the same command line, so it is capped too.
        extra = [a for a in self.extra_arguments if not a.startswith("--IPKernelApp.exec_lines")]
        lines = memory_limit_lines(self.memory_limit)
        if self.split:
            lines.append("import autograder.sandbox as _nnl_sandbox; _nnl_sandbox.install()")
        self.extra_arguments = extra + [f"--IPKernelApp.exec_lines={line}" for line in lines]
        return super().preprocess(nb, resources, retries)

    def _source_to_run(self, cell) -> str:
        """What the kernel runs for ``cell``: the student's code goes to the student process."""
        if not self.split or cell.cell_type != "code" or not cell.source.strip():
            return cell.source
        if self._student_wrote(cell):
            return f"_nnl_sandbox.run_cell({cell.source!r})"
        if cell.metadata.get("nbgrader", {}).get("grade"):
            return TEST_CELL_MARK + cell.source
        return cell.source

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        shown, cell.source = cell.source, self._source_to_run(cell)
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
        finally:
            cell.source = shown
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
