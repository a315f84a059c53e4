"""The course's tables after grading: ``report.csv`` (ours) and ``grades.csv`` (nbgrader's
columns), both written by :func:`autograder.csvsafe.write`."""

from __future__ import annotations

from pathlib import Path

from autograder import coursedir, csvsafe
from autograder.outcome import Outcome

REPORT_FIELDS = ["student", "chapter", "status", "score", "max_score", "seconds", "reason"]


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """One row per student and chapter: status, score (after the late penalty), seconds, and
    the reason: what happened, the flags for review (tampering, the scan), the late policy."""
    rows = [
        [o.student, o.chapter, o.status, o.score, o.max_score, round(o.seconds, 2), o.full_reason]
        for o in outcomes
    ]
    csvsafe.write(path, REPORT_FIELDS, rows)


GRADES_FIELDS = [
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
]


def export_grades(db_url: str, path: Path) -> None:
    """nbgrader's CSV export (``nbgrader export``: one row per student and assignment, the
    same columns, 0 points where nothing was handed in), written by our writer: nbgrader's own
    joins the fields with commas, unquoted, and writes names that start like a formula as
    they are."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(db_url, coursedir.COURSE_ID) as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    sub = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    timestamp, raw, penalty = None, 0.0, 0.0
                else:
                    timestamp, raw = sub.timestamp, float(sub.score)
                    penalty = float(sub.late_submission_penalty or 0.0)
                rows.append(
                    [
                        assignment.name,
                        assignment.duedate,
                        timestamp,
                        student.id,
                        student.last_name,
                        student.first_name,
                        student.email,
                        raw,
                        penalty,
                        max(0.0, raw - penalty),
                        float(assignment.max_score),
                    ]
                )
    csvsafe.write(path, GRADES_FIELDS, rows)
