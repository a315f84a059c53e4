"""nbgrader's Execute preprocessor, bounded and split: the student's cells run elsewhere.

* Split (``split = True``, the default of a course): the grading kernel runs only the
  instructor's code: the test cells nbgrader restored from the source, and every cell whose code
  is a code cell of the instructor's source notebook. Any other cell (answer cells, cells the
  student added or edited) is sent to the sandboxed student process
  (:mod:`autograder.sandbox.kernel`).

* Time: the student's code is charged its own time per cell
  (:mod:`autograder.sandbox.owntime`), not the machine's load; the sandbox interrupts it past
  ``cell_seconds``. nbgrader's per-cell ``Execute.timeout`` is only the wall-clock ceiling,
  the last resort for a cell that hangs where nothing is charged, and it too is charged the
  cell's wall time less what the kernel and the student's process waited for a CPU
  (:mod:`autograder.pipeline.ceiling`): nbclient waits :data:`POLL_SECONDS` at a time and the
  cell goes on while that clock is under the ceiling. When it fires, the cell gets a
  ``WallClockLimit`` error that says so (:data:`WALL_CLOCK`), and the report gives the reason.
* Cells of the instructor's source tagged ``skip-in-grading`` (demos, figures, the chapter's own
  runs of the student's functions) are not run at grading time: no test depends on them, and
  they would only cost time. A student's edited copy of such a cell is the student's code and
  runs as usual.
* Language: the notebook's own (``metadata.nnlearn.language``, :func:`~autograder.edition_ko.
  language_of`; anything else is English), set in the kernel before any cell runs, so that its
  checks explain in the language the student reads.
* Memory: ``memory_limit`` caps the kernel's own address space (``RLIMIT_AS``) before any code
  runs. A course's kernels are split and run only the instructor's code: they are not capped
  (``memory_limit = 0``); the course's ``--memory`` caps the student process instead
  (:class:`~autograder.sandbox.launch.Limits`), where a memory-hungry cell gets a ``MemoryError``.
* Transport: the kernel's sockets are ZMQ ``ipc`` files in a private folder of the grader's
  (mode 0700, removed after the notebook), not TCP ports on localhost.
* Ready: the kernel is taken as ready when it has answered ``kernel_info`` and its IOPub
  channel has delivered a message (:class:`PromptKernelClient`); jupyter_client then also waits
  until IOPub has been silent for 0.2 s, idle time in every task, to drop messages that nbclient
  ignores anyway (it reads only the outputs whose parent is the request it sent). At the end,
  the kernel is asked to shut down and the task goes on (the feedback page, its result) while it
  exits: a thread of this process waits for its exit, as jupyter_client would have waited
  (``shutdown_wait_time``, then SIGTERM, then SIGKILL to its process group), and
  :func:`reap_kernels` waits for those threads: before a worker's next task touches the course
  directory, at the end of a run graded in this process, and as the process exits. A kernel
  killed or restarted is waited for at once, its exit looked for every
  :data:`EXIT_POLL_SECONDS`, not every 0.1 s (:class:`PromptKernelManager`).
* A kernel that is lost, because it died (``os._exit``, a segfault, the OOM killer) or because
  it ignored the interrupt after a timeout (a loop in C code, a SIGINT handler), no longer
  aborts the whole notebook (stock nbgrader then leaves the student ungraded): the cell gets an
  error output that says what happened, a fresh kernel is started and the remaining cells run
  in it. Cells graded before keep their points; later cells fail unless they stand on their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Integer, Unicode

from autograder.chapters import Chapter
from autograder.edition_ko import SOURCE_LANGUAGE, language_of
from autograder.pipeline.ceiling import LoadFreeClock
from autograder.sandbox.kernel import TEST_CELL_MARK

POLL_SECONDS = 2.0
"""How long nbclient waits for a cell's reply before it looks at the ceiling's clock again."""

EXIT_POLL_SECONDS = 0.01
"""How often the grader looks whether the kernel it asked to shut down has exited."""

KERNEL_DIED = (
    "KernelDied",
    "the Python kernel stopped while running this cell (the code exited the interpreter, "
    "crashed, or used more memory than allowed). The remaining cells ran in a fresh kernel.",
)
WALL_CLOCK = (
    "WallClockLimit",
    "this cell ran past the wall-clock ceiling of {seconds} s and was stopped. The student's "
    "code is charged its own time per cell; the ceiling is for a cell that hangs where its own "
    "time does not grow, or a grading machine far too busy: grade the notebook again.",
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


def language_lines(language: str) -> list[str]:
    """Kernel start-up lines that set nnlearn's language (:func:`nnlearn.i18n.use`): the
    checks and diagnoses of a notebook of the Korean edition in Korean, whether or not the
    student kept its first cell. English needs none."""
    if language == SOURCE_LANGUAGE:
        return []
    return [f"import nnlearn.i18n as _nnl_i18n; _nnl_i18n.use({language!r}); del _nnl_i18n"]


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready without waiting for IOPub to fall silent."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel has replied to ``kernel_info`` on the shell channel and IOPub
        is connected (a message came on it: its subscription missed none of what follows; if
        none came, ask again). jupyter_client's own wait then reads IOPub until nothing comes
        for 0.2 s: the status messages of those ``kernel_info`` requests, which nbclient skips
        (their parent is not a cell's request)."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass  # IOPub not connected yet: ask again
                    else:
                        self._handle_kernel_info_reply(msg)
                        return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


class PromptKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, that does not wait for a kernel asked to shut down to
    exit (a thread of this process does: :func:`reap_kernels`), and looks every
    :data:`EXIT_POLL_SECONDS` (not every 0.1 s) whether a kernel killed or restarted has
    exited."""

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        await super()._async_wait(pollinterval=min(pollinterval, EXIT_POLL_SECONDS))

    async def _async_finish_shutdown(
        self, waittime: float | None = None, pollinterval: float = 0.1, restart: bool = False
    ) -> None:
        process = getattr(self.provisioner, "process", None)
        if restart or not isinstance(process, subprocess.Popen):
            await super()._async_finish_shutdown(waittime, pollinterval, restart)
            return
        if waittime is None:
            waittime = max(self.shutdown_wait_time, 0)
        waittime = self.provisioner.get_shutdown_wait_time(recommended=waittime)
        group = getattr(self.provisioner, "pgid", None)
        self.provisioner.process = None  # this manager has let it go: the thread waits for it
        _wait_in_background(process, group, waittime)


_exiting: list[threading.Thread] = []  # this process's threads that wait for a kernel's exit
_reaper_pid: int | None = None  # the process that registered reap_kernels to run as it exits


def _wait_in_background(process: subprocess.Popen, group: int | None, waittime: float) -> None:
    """Wait for ``process`` (a kernel asked to shut down) in a thread, as jupyter_client's
    ``finish_shutdown`` would: half of ``waittime`` for it to exit, then SIGTERM, the other
    half, then SIGKILL (to its process ``group`` where it has one)."""
    global _reaper_pid
    if _reaper_pid != os.getpid():
        from multiprocessing.util import Finalize

        # multiprocessing's finalizers run as a pool's worker exits, and at the interpreter's
        # exit elsewhere (atexit's do not run in a pool's worker); before the workspace's (10)
        Finalize(None, reap_kernels, exitpriority=20)
        _reaper_pid = os.getpid()
        _exiting.clear()  # (a forked process's list is its parent's)
    thread = threading.Thread(
        target=_wait_for_exit, args=(process, group, waittime), name="nnl-kernel-exit"
    )
    thread.daemon = True
    thread.start()
    _exiting.append(thread)


def _wait_for_exit(process: subprocess.Popen, group: int | None, waittime: float) -> None:
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            process.wait(timeout=waittime / 2)
            break
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                if group:
                    os.killpg(group, sent)
                else:
                    process.send_signal(sent)
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream:
            stream.close()


def reap_kernels() -> None:
    """Wait until every kernel this process asked to shut down has exited (killed past its
    ``shutdown_wait_time``), and with it the student process it stopped as it exited."""
    while _exiting and _reaper_pid == os.getpid():
        _exiting.pop(0).join()


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

    kernel_env = Dict(
        {}, help="Environment variables of the grading kernel's process (and its alone)."
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", PromptKernelManager)
        super().__init__(*args, **kwargs)

    def _chapter(self, resources) -> Chapter | None:
        """The instructor's source of the notebook being graded (None if there is none)."""
        info = (resources or {}).get("nbgrader", {})
        name, notebook = str(info.get("assignment")), str(info.get("notebook"))
        path = Path(self.source_dir) / name / f"{notebook}.ipynb"
        return Chapter(name, path) if self.source_dir and path.is_file() else None

    def _student_wrote(self, cell) -> bool:
        """Code that is not a code cell of the instructor's source (answer cells excepted).

        Decided by the code alone, never by the cell's metadata, which the student can edit:
        test cells are the instructor's because nbgrader restored their code from the source.
        """
        return cell.source not in self._trusted

    def preprocess(self, nb, resources=None, retries=None):
        chapter = self._chapter(resources) if self.split else None
        self._trusted = chapter.instructor_code if chapter else frozenset()
        self._skipped = chapter.skipped_code if chapter else frozenset()
        self._ceiling_hit = False
        # The cap goes into the kernel's command line here, not in an override of
        # async_start_new_kernel: nbclient's synchronous start_new_kernel, which nbgrader
        # calls, is bound to the base class's coroutine and would never see the override.
        # A restarted kernel (after a crash) reuses the same command line, so it is capped too.
        extra = [a for a in self.extra_arguments if not a.startswith("--IPKernelApp.exec_lines")]
        lines = memory_limit_lines(self.memory_limit) + language_lines(language_of(nb))
        if self.split:
            lines.append("import autograder.sandbox.kernel as _nnl_sandbox; _nnl_sandbox.install()")
        self.extra_arguments = extra + [f"--IPKernelApp.exec_lines={line}" for line in lines]
        self._ipc_dir = tempfile.mkdtemp(prefix="nnl-kernel-")  # mode 0700: this user's alone
        try:
            return super().preprocess(nb, resources, retries)
        finally:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)

    def create_kernel_manager(self):
        """The kernel's sockets are files in a private folder (ZMQ's ``ipc`` transport), not
        TCP ports on localhost that any local user could connect to (and ipykernel then warns,
        once per notebook, that it runs over TCP without encryption)."""
        km = super().create_kernel_manager()
        km.client_class = f"{__name__}.{PromptKernelClient.__name__}"
        km.transport = "ipc"
        km.ip = os.path.join(self._ipc_dir, "kernel")
        km.connection_file = os.path.join(self._ipc_dir, "kernel.json")
        return km

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
        if cell.cell_type == "code" and cell.source in self._skipped:
            cell.outputs = []  # not needed for grading (SKIP_TAG)
            return cell
        shown, cell.source = cell.source, self._source_to_run(cell)
        self._ceiling_hit = False
        self._clock = LoadFreeClock(getattr(self.km.provisioner, "pid", None))
        self._last_poll = self._clock.began
        try:
            await super().async_execute_cell(
                cell, cell_index, execution_count=execution_count, store_history=store_history
            )
            problem = None
        except DeadKernelError:
            self.log.warning("Kernel died in cell %d; restarting it", cell_index)
            problem = KERNEL_DIED
        except CellTimeoutError:
            self.log.warning("Kernel ignored the interrupt in cell %d; restarting it", cell_index)
            problem = KERNEL_STUCK
        finally:
            cell.source = shown
        if self._ceiling_hit:
            self._explain_ceiling(cell)
        if problem is None:
            return cell
        cell.outputs.append(_error_output(*problem))
        await self._restart_kernel()
        return cell

    def _get_timeout(self, cell):
        """nbclient waits for a reply this long, then asks :meth:`_async_handle_timeout`."""
        ceiling = super()._get_timeout(cell)
        return None if ceiling is None else min(ceiling, POLL_SECONDS)

    async def _async_handle_timeout(self, timeout, cell=None):
        """Under the ceiling by the load-free clock: go on waiting (nbclient waits another
        ``timeout`` at most). Over it: interrupt the kernel, as nbclient does."""
        if self._clock.elapsed() < self.timeout:
            if time.monotonic() - self._last_poll < POLL_SECONDS / 2:
                await asyncio.sleep(0.1)  # nbclient's next wait is 0 s: not a busy loop
            self._last_poll = time.monotonic()
            return None
        self._ceiling_hit = True
        return await super()._async_handle_timeout(self.timeout, cell)

    def _explain_ceiling(self, cell) -> None:
        """One error output that names the wall-clock ceiling, instead of nbgrader's bare
        "No reply from kernel before timeout" and the KeyboardInterrupt it caused."""
        noise = {"CellTimeoutError", "KeyboardInterrupt"}
        cell.outputs = [out for out in cell.outputs if out.get("ename") not in noise]
        if not any(out.get("ename") == WALL_CLOCK[0] for out in cell.outputs):
            ename, evalue = WALL_CLOCK
            cell.outputs.append(_error_output(ename, evalue.format(seconds=self.timeout)))

    # nbconvert calls the synchronous wrapper, which the base class bound to its own coroutine.
    execute_cell = run_sync(async_execute_cell)

    async def async_start_new_kernel(self, **kwargs):
        kwargs.setdefault("env", {**os.environ, **self.kernel_env})
        await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)

    async def _restart_kernel(self):
        if self.kc is not None:
            self.kc.stop_channels()
        await self.km.restart_kernel(now=True)
        await self.async_start_new_kernel_client()
