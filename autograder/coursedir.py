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
import hashlib
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


MAX_NAME_BYTES = 255
"""The longest file or folder name Linux, macOS and Windows file systems take."""
MAX_ID_BYTES = 100
"""The longest student id: a folder name of the course, with room for what is added to it."""


def usable_id(text: str) -> bool:
    """Whether ``text`` can be a student id as it is: a folder name on every system, printable
    (it is shown on terminals and in CSVs), valid UTF-8, at most :data:`MAX_ID_BYTES`."""
    return (
        bool(text)
        and text not in (".", "..")
        and text.isprintable()
        and not any(c in text for c in '/\\:*?"<>|')
        and not any("\ud800" <= c <= "\udfff" for c in text)
        and len(text.encode("utf-8")) <= MAX_ID_BYTES
    )


def safe_id(text: str) -> str:
    """``text`` as a student id (:func:`usable_id`): itself when it is one; else with every
    character that cannot be in one replaced by ``_``, cut to fit, and a hash of the whole
    (``text`` may hold a file system's undecodable bytes as surrogate escapes), so that two
    names never become one id."""
    if usable_id(text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(raw).hexdigest()[:10]
    clean = "".join(
        "_" if not c.isprintable() or c in '/\\:*?"<>|' or "\ud800" <= c <= "\udfff" else c
        for c in text
    ).strip(". ")
    return f"{_cut(clean, MAX_ID_BYTES - len(digest) - 1)}_{digest}".lstrip("_") or digest


def file_name(stem: str, suffix: str) -> str:
    """``stem + suffix`` as a file name: ``stem`` cut and hashed (as :func:`safe_id`) when the
    name would be too long for a file system or holds what a file name cannot."""
    if usable_id(stem) and len((stem + suffix).encode("utf-8")) <= MAX_NAME_BYTES:
        return stem + suffix
    return safe_id(stem) + suffix


def _cut(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 is at most ``limit`` bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


EARLIEST_HAND_IN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST_HAND_IN_AHEAD = dt.timedelta(days=1)
"""A hand-in time before 2000 or more than a day ahead of the clock cannot be one: a clock set
wrong, or a time written by hand."""


def plausible(when: dt.datetime) -> bool:
    """Whether ``when`` (aware) can be a hand-in time."""
    now = dt.datetime.now(dt.UTC)
    return EARLIEST_HAND_IN <= when <= now + LATEST_HAND_IN_AHEAD
