"""A task does not wait for its grading kernel's exit: a thread of the worker does, and the
worker waits for that thread before its next task touches the course directory, at the end of
a run graded in this process, and as it exits (:func:`autograder.pipeline.execute.reap_kernels`).
Nothing is left running, and no task starts while an earlier task's kernel lives.
"""

import threading
from pathlib import Path

import nbformat
import pytest
from support.nbutil import code_notebook, submission
from traitlets.config import Config

from autograder.grading import task as task_module
from autograder.grading.local import LocalExecutor
from autograder.grading.run import _package
from autograder.grading.task import Task
from autograder.pipeline import execute
from autograder.pipeline.course import generate_assignment, make_api, setup_course
from autograder.pipeline.execute import BoundedExecute, reap_kernels
from autograder.settings import Settings

CH1 = "01_decision_boundaries"


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not been reaped (a zombie counts: not waited for)."""
    return Path(f"/proc/{pid}").exists()


def _kernel_pid(nb) -> int:
    return int(nb.cells[0].outputs[0]["text"].split()[0])


def test_the_kernel_exits_after_the_notebook_is_done_and_is_reaped_then(tmp_path):
    flag = tmp_path / "may-exit"
    nb = code_notebook(
        "import atexit, os, time\n"
        f"atexit.register(lambda: [time.sleep(0.01) for _ in iter(lambda: os.path.exists("
        f"{str(flag)!r}), True)])\n"
        "print(os.getpid())"
    )
    BoundedExecute(timeout=120, startup_timeout=120, memory_limit=0).preprocess(
        nb, {"metadata": {"path": str(tmp_path)}}
    )
    pid = _kernel_pid(nb)
    try:
        # the notebook is done while its kernel still runs its exit (waiting for the flag);
        # jupyter_client would have waited for it, then killed it
        assert _running(pid)
    finally:
        flag.write_text("")
    reap_kernels()
    assert not _running(pid)
    assert not any(t.name == "nnl-kernel-exit" for t in threading.enumerate())


def test_a_kernel_that_does_not_exit_is_killed_when_its_wait_is_over(tmp_path):
    nb = code_notebook(
        "import atexit, os, signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "atexit.register(time.sleep, 3600)\n"
        "print(os.getpid())"
    )
    config = Config({"PromptKernelManager": {"shutdown_wait_time": 1.0}})
    BoundedExecute(timeout=120, startup_timeout=120, memory_limit=0, config=config).preprocess(
        nb, {"metadata": {"path": str(tmp_path)}}
    )
    pid = _kernel_pid(nb)
    reap_kernels()
    assert not _running(pid)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    settings = Settings(timeout=20)
    course = setup_course(tmp_path_factory.mktemp("package") / "course", settings)
    generate_assignment(make_api(course, settings), CH1)
    return _package(course, settings, [CH1])


def test_no_task_starts_while_an_earlier_kernel_lives_and_the_run_ends_with_none(
    package, monkeypatch
):
    """The kernels' exits held until something waits for them (reap_kernels lets them go):
    the second task's course directory is cleaned only once the first task's kernel has been
    waited for, and the run in this process returns with none left."""
    waiting = threading.Event()
    wait_for_exit, reap = execute._wait_for_exit, execute.reap_kernels

    def held_exit(*args):
        waiting.wait(60)
        wait_for_exit(*args)

    def reap_held():
        waiting.set()
        reap()
        waiting.clear()

    def exiting():
        return [t for t in execute._exiting if t.is_alive()]

    cleaned_while = []
    clean = task_module.Workspace.clean

    def checked_clean(self):
        cleaned_while.append(len(exiting()))
        clean(self)

    monkeypatch.setattr(execute, "_wait_for_exit", held_exit)
    monkeypatch.setattr(execute, "reap_kernels", reap_held)
    monkeypatch.setattr(task_module.Workspace, "clean", checked_clean)
    tasks = [
        Task(s, CH1, nbformat.writes(submission(CH1)), "2026-01-01 00:00:00.000000 UTC", "")
        for s in ("first", "second")
    ]
    try:
        results = list(LocalExecutor(jobs=1).results(package, tasks))
        left = exiting()
    finally:
        waiting.set()
        reap()
    assert [r.status for _, r in results] == ["graded", "graded"]
    assert cleaned_while == [0, 0]
    assert left == []
