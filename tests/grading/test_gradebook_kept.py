"""The client's gradebook writer opens nbgrader's Gradebook once and keeps it for the run: a new
``Gradebook()`` per result made a database engine, read the tables and compiled every statement
again, more of the client's CPU (on the cores the workers grade on) than the rows it wrote."""

import warnings

import nbgrader.api
import pytest
from support.gradebooks import course

from autograder.coursedir import COURSE_ID
from autograder.grading.task import CellScore, Result, Task


@pytest.fixture
def opened(monkeypatch):
    """Each Gradebook made and each closed, in order."""
    made, init, close = [], nbgrader.api.Gradebook.__init__, nbgrader.api.Gradebook.close

    def counted_init(self, *args, **kwargs):
        made.append("made")
        init(self, *args, **kwargs)

    def counted_close(self):
        made.append("closed")
        close(self)

    monkeypatch.setattr(nbgrader.api.Gradebook, "__init__", counted_init)
    monkeypatch.setattr(nbgrader.api.Gradebook, "close", counted_close)
    return made


def _recorded(writer, student, score):
    task = Task(student, "ch", "{}", "2026-01-01 00:00:00.000000 UTC", "fingerprint")
    result = Result(student, "ch", "graded", cells=[CellScore("test", score, 2.0)])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*not in session")
        return writer.record(task, result)


def test_a_run_of_results_opens_the_gradebook_once_and_records_each(tmp_path, opened):
    writer = course(tmp_path / "course", {"ch": 2.0}, {})
    opened.clear()  # (the course's own set-up)
    scores = [_recorded(writer, f"s{i}", float(i % 3)).score for i in range(4)]
    assert opened == ["made"]
    writer.close()
    assert opened == ["made", "closed"]
    assert scores == [0.0, 1.0, 2.0, 0.0]
    with nbgrader.api.Gradebook(writer.db_url, COURSE_ID) as gb:  # written, and committed
        assert [gb.find_submission("ch", f"s{i}").score for i in range(4)] == scores
    # a later use opens it again
    assert _recorded(writer, "s9", 2.0).score == 2.0
    writer.close()
