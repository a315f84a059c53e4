"""A course gradebook filled by hand (nbgrader's API, no grading): for the tests of what the
client does with recorded grades (late penalties, exports)."""

from __future__ import annotations

import warnings
from pathlib import Path

from autograder.coursedir import COURSE_ID
from autograder.grading.gradebook import Writer
from autograder.pipeline.course import ensure_gradebook
from autograder.settings import Settings


def course(root: Path, points: dict[str, float], students: dict[str, dict]) -> Writer:
    """A course at ``root`` whose chapters have one test cell of ``points`` each."""
    from nbgrader.api import Gradebook

    root.mkdir(parents=True, exist_ok=True)
    Settings().save(root)
    writer = Writer(root, Settings())
    ensure_gradebook(writer.db_url)
    with Gradebook(writer.db_url, COURSE_ID) as gb:
        for chapter, max_score in points.items():
            gb.add_assignment(chapter)
            gb.add_notebook(chapter, chapter)
            gb.add_grade_cell("test", chapter, chapter, max_score=max_score, cell_type="code")
        for student, fields in students.items():
            gb.add_student(student, **fields)
    return writer


def hand_in(writer: Writer, student: str, chapter: str, score: float, timestamp=None) -> None:
    """A graded submission: ``score`` points, handed in at ``timestamp`` (None: unknown)."""
    from nbgrader.api import Gradebook

    with Gradebook(writer.db_url, COURSE_ID) as gb, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*not in session")  # nbgrader's own way
        submission = gb.add_submission(chapter, student, timestamp=timestamp)
        submission.notebooks[0].grades[0].auto_score = score
        gb.db.commit()
