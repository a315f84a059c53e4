"""The class report's points per test cell are read from the gradebook in one query, whatever
the size of the class, and are those nbgrader's objects give (a manual score over the
automatic one, extra credit added)."""

import nbformat
from sqlalchemy import event
from sqlalchemy.engine import Engine
from support.nbutil import chapter_names, submission

from autograder import coursedir
from autograder.grading import run
from autograder.grading.task import CellScore, Result
from autograder.report import record
from autograder.settings import Settings

FIRST, SECOND = chapter_names()[:2]


class HalfScorer:
    """Grades nothing: every test cell full points, but student "b" gets none on the first."""

    def check(self, settings, code):
        pass

    def describe(self):
        return "a half scorer"

    def results(self, package, tasks):
        for task in tasks:
            release = nbformat.reads(package.releases[task.chapter], as_version=4)
            points = [
                m
                for m in (c.metadata.get("nbgrader", {}) for c in release.cells)
                if m.get("grade") and "points" in m
            ]
            cells = [
                CellScore(m["grade_id"], 0.0 if task.student == "b" and i == 0 else m["points"],
                          m["points"])
                for i, m in enumerate(points)
            ]  # fmt: skip
            result = Result(task.student, task.chapter, "graded", cells=cells, seconds=1.0)
            result.graded_notebook = task.notebook
            yield task, result


def _graded(tmp_path, students):
    subs = tmp_path / "subs"
    for student in students:
        (subs / student).mkdir(parents=True)
        for chapter in (FIRST, SECOND):
            nbformat.write(submission(chapter), subs / student / f"{chapter}.ipynb")
    course = tmp_path / "course"
    run.grade(
        subs, course, selected=[FIRST, SECOND], executor=HalfScorer(), progress=lambda _: None
    )
    return course


def _by_nbgrader(url, outcomes):
    """The points nbgrader's objects give, submission by submission."""
    from nbgrader.api import Gradebook

    with Gradebook(url, coursedir.COURSE_ID) as gb:
        return {
            (o.student, o.chapter): {
                g.name: (float(g.score), float(g.max_score))
                for g in gb.find_submission_notebook(o.chapter, o.chapter, o.student).grades
            }
            for o in outcomes
        }


def test_the_points_per_cell_are_nbgraders_read_in_one_query(tmp_path):
    from nbgrader.api import Gradebook

    course = _graded(tmp_path, ["a", "b", "c"])
    url = Settings().gradebook_url(course)
    outcomes = record.load(course)
    with Gradebook(url, coursedir.COURSE_ID) as gb:  # a grader's hand over the autograder
        grade = gb.find_submission_notebook(FIRST, FIRST, "a").grades[0]
        grade.manual_score, grade.extra_credit = 0.5, 1.0
        gb.db.commit()
    statements = []

    def counted(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", counted)
    try:
        results = run._cell_results(Settings(), course, outcomes)
    finally:
        event.remove(Engine, "before_cursor_execute", counted)
    expected = _by_nbgrader(url, outcomes)
    got = {}
    for r in results:
        got.setdefault((r.student, r.chapter), {})[r.grade_id] = (r.score, r.max_score)
    assert got == expected
    first_a = expected[("a", FIRST)]
    assert any(score == 1.5 for score, _ in first_a.values())  # manual 0.5 + extra credit 1
    assert any(score == 0.0 for score, _ in expected[("b", FIRST)].values())
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 4, len(selects)  # the course's check, the grades: not per notebook
