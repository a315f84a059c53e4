"""The course directory: its course id, and every path and file name in it (the one place that
knows them).

Layout of a course directory::

    COURSE/autograder.json          SETTINGS: the grading settings (autograder.settings)
    COURSE/late_policy.json         LATE_POLICY: the late policy (autograder.pipeline.late)
    COURSE/roster.csv               ROSTER: the enrolled students (autograder.intake.roster)
    COURSE/lms_submissions.json     LMS_SUBMISSIONS: the LMS's ids of each graded file
    COURSE/nbgrader_config.py       CONFIG: reads the settings, for the plain nbgrader commands
    COURSE/gradebook.db             GRADEBOOK: nbgrader's SQLite gradebook (unless --db-url)
    COURSE/source/NN_name/NN_name.ipynb                  nbgrader's steps: notebook(), folder()
    COURSE/release/NN_name/NN_name.ipynb
    COURSE/submitted/STUDENT/NN_name/NN_name.ipynb       (+ TIMESTAMP, the hand-in time)
    COURSE/autograded/STUDENT/NN_name/NN_name.ipynb
    COURSE/feedback/STUDENT/NN_name/NN_name.html
    COURSE/report.json, report.csv, grades.csv          RECORD, REPORT, GRADES
    COURSE/class_report.html, .csv, _students.csv        CLASS_REPORT_HTML, _CSV, _STUDENTS
    COURSE/grades_canvas.csv, grades_moodle.csv         CANVAS_GRADES, MOODLE_GRADES
    COURSE/feedback_zips/                               FEEDBACK_ZIPS
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

COURSE_ID = "how-nn-learn"

SETTINGS = "autograder.json"
LATE_POLICY = "late_policy.json"
ROSTER = "roster.csv"
LMS_SUBMISSIONS = "lms_submissions.json"
CONFIG = "nbgrader_config.py"
GRADEBOOK = "gradebook.db"
RECORD = "report.json"
REPORT = "report.csv"
GRADES = "grades.csv"
CLASS_REPORT_HTML = "class_report.html"
CLASS_REPORT_CSV = "class_report.csv"
CLASS_REPORT_STUDENTS = "class_report_students.csv"
CANVAS_GRADES = "grades_canvas.csv"
MOODLE_GRADES = "grades_moodle.csv"
FEEDBACK_ZIPS = "feedback_zips"

SOURCE, RELEASE, SUBMITTED, AUTOGRADED, FEEDBACK = (
    "source",
    "release",
    "submitted",
    "autograded",
    "feedback",
)
"""nbgrader's steps, each a folder of the course: the first two per chapter, the others per
student and chapter."""

TIMESTAMP = "timestamp.txt"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
"""nbgrader's format of a hand-in time (``submitted/STUDENT/NN_name/timestamp.txt``), in UTC."""


def folder(course_root: Path, step: str, chapter: str, student: str | None = None) -> Path:
    """nbgrader's folder of ``chapter`` at ``step``: ``COURSE/step/[student/]chapter``."""
    base = Path(course_root) / step
    return (base / student if student is not None else base) / chapter


def notebook(course_root: Path, step: str, chapter: str, student: str | None = None) -> Path:
    """The chapter's notebook at ``step``: ``COURSE/step/[student/]chapter/chapter.ipynb``."""
    return folder(course_root, step, chapter, student) / f"{chapter}.ipynb"


def timestamp_of(path: Path) -> str:
    """The hand-in time of a file: its modification time, in nbgrader's timestamp format."""
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).strftime(TIMESTAMP_FORMAT)
