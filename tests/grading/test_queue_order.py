"""The tasks of a run are sent longest expected first, so that it ends on short tasks: a worker
that finishes does not idle while another grades a long one (longest processing time first)."""

import nbformat
from support.nbutil import chapter_names, submission

from autograder.grading import run
from autograder.grading.task import CellScore, Result
from autograder.outcome import Outcome

FIRST, SECOND, THIRD = chapter_names()[:3]


def test_the_chapter_that_took_longest_before_goes_first():
    recorded = [
        Outcome("x", FIRST, "graded", seconds=9.0),
        Outcome("y", FIRST, "unchanged", seconds=7.0),  # median 8 s
        Outcome("x", SECOND, "graded", seconds=1.0),
        Outcome("y", SECOND, "graded", seconds=2.0),
        Outcome("z", SECOND, "graded", seconds=30.0),  # median 2 s: one slow student is not it
        Outcome("x", THIRD, "failed", seconds=50.0),  # not graded: says nothing of its cost
    ]
    keys = [(s, c) for s in ("b", "a") for c in (FIRST, SECOND, THIRD)]
    assert run.queue_order(keys, recorded) == [
        ("a", THIRD),  # no grading time known: first
        ("b", THIRD),
        ("a", FIRST),  # 8 s
        ("b", FIRST),
        ("a", SECOND),  # 2 s
        ("b", SECOND),
    ]


def test_chapters_never_graded_go_later_chapter_first():
    keys = [("a", FIRST), ("a", SECOND), ("b", FIRST), ("b", THIRD)]
    assert run.queue_order(keys, []) == [("b", THIRD), ("a", SECOND), ("a", FIRST), ("b", FIRST)]


class Recorder:
    """Grades nothing: full points for every test cell; keeps the order of the tasks sent."""

    def __init__(self):
        self.sent = []

    def check(self, settings, code):
        pass

    def describe(self):
        return "a recorder"

    def results(self, package, tasks):
        for task in tasks:
            self.sent.append((task.student, task.chapter))
            release = nbformat.reads(package.releases[task.chapter], as_version=4)
            cells = [
                CellScore(m["grade_id"], m["points"], m["points"])
                for m in (c.metadata.get("nbgrader", {}) for c in release.cells)
                if m.get("grade") and "points" in m
            ]
            graded = Result(task.student, task.chapter, "graded", cells=cells, seconds=1.0)
            graded.graded_notebook = task.notebook
            yield task, graded


def test_a_run_sends_its_tasks_in_that_order(tmp_path):
    subs = tmp_path / "subs"
    for student in ("a", "b"):
        (subs / student).mkdir(parents=True)
        for chapter in (FIRST, SECOND):
            nbformat.write(submission(chapter), subs / student / f"{chapter}.ipynb")
    executor = Recorder()
    run.grade(
        subs,
        tmp_path / "course",
        selected=[FIRST, SECOND],
        executor=executor,
        progress=lambda _: None,
    )
    assert executor.sent == [("a", SECOND), ("b", SECOND), ("a", FIRST), ("b", FIRST)]
