"""The grading processes started before the course's set-up (LocalExecutor.start): they import
what grading needs while the client works, then grade every task once, with the run's package."""

import os
import sys
import threading

from autograder.grading import local
from autograder.grading import task as grading_task
from autograder.grading.local import LocalExecutor
from autograder.grading.task import Package, Result, Task
from autograder.settings import Settings

WARMED = []  # in a grading process: its warm-up ran there


def _fake_grade(package, task):
    """What the process knows: its pid, the package it was given, whether it warmed up."""
    imported = {"nbgrader.converters", "autograder.pipeline.feedback"} <= set(sys.modules)
    warmed = imported and WARMED == [os.getpid()]
    return Result(task.student, task.chapter, "graded", reason=f"{package}|{warmed}|{os.getpid()}")


def test_a_pool_started_early_grades_every_task_once_with_the_package(monkeypatch):
    monkeypatch.setattr(local, "grade_task", _fake_grade)  # the forked processes inherit it
    real = local.warm

    def marked():
        real()
        WARMED.append(os.getpid())

    monkeypatch.setattr(local, "warm", marked)
    executor = LocalExecutor(jobs=2)
    executor.start()
    tasks = [Task(f"s{i}", "ch", "{}", "", "") for i in range(7)]
    try:
        results = list(executor.results({"package": 1}, tasks))
    finally:
        executor.stop()
    assert sorted(task.student for task, _ in results) == sorted(t.student for t in tasks)
    for task, result in results:
        assert result.student == task.student and result.status == "graded"
        package, warmed, pid = result.reason.split("|")
        assert package == "{'package': 1}" and warmed == "True"
        assert int(pid) != os.getpid()  # graded in the processes started early
    assert executor._pool is None  # stopped: nothing left running


def test_one_job_started_early_grades_in_its_process_not_this_one(monkeypatch):
    monkeypatch.setattr(local, "grade_task", _fake_grade)
    executor = LocalExecutor(jobs=1)
    executor.start()
    try:
        results = list(executor.results("p", [Task("a", "ch", "{}", "", "")]))
    finally:
        executor.stop()
    [(task, result)] = results
    assert int(result.reason.split("|")[2]) != os.getpid()


def test_an_executor_never_started_grades_one_job_here(monkeypatch):
    monkeypatch.setattr(local, "grade_task", _fake_grade)
    [(_, result)] = list(LocalExecutor(jobs=1).results("p", [Task("a", "ch", "{}", "", "")]))
    assert int(result.reason.split("|")[2]) == os.getpid()


def test_a_task_waits_until_warm_has_imported(monkeypatch):
    """A Dask worker warms in one thread (client.run) while its first task may start in
    another: two threads importing nbconvert at once met it half made ("cannot import name
    'PDFExporter' from partially initialized module") and that task failed. Nothing of a task,
    its imports included, runs while warm() holds the worker's lock."""
    # imported already, so that a task not held back reaches its check at once
    import nbgrader.api  # noqa: F401

    import autograder.pipeline.course  # noqa: F401

    started = threading.Event()

    def check_worker(settings, code):
        started.set()
        raise RuntimeError("stopped here")

    monkeypatch.setattr(grading_task, "check_worker", check_worker)
    package = Package({}, {}, b"", Settings(timeout=5).to_dict(), "code")
    one = Task("student", "chapter", "{}", "", "fingerprint")
    failed = []
    thread = threading.Thread(target=lambda: failed.append(local._safely(package, one)))
    with grading_task._one_at_a_time:  # as warm() holds it while it imports
        thread.start()
        assert not started.wait(1.0), "the task ran while warm() was importing"
    thread.join(timeout=60)
    assert started.is_set() and "stopped here" in failed[0].reason
