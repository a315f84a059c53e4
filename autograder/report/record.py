"""The course's record of what became of every (student, chapter), kept across grading runs.

``COURSE/report.json`` holds every row of ``report.csv`` (an
:class:`~autograder.outcome.Outcome` each). A run replaces the rows it covers, those of its
students (all of the download's and the roster's, or those of ``--student``) for its chapters
(those of ``--chapter`` that someone handed in), and the rows of files that name no chapter or
no student; every other row is kept as an earlier run recorded it. ``report.csv`` and the class
report are then written from the whole record, so a ``--chapter`` or ``--student`` run updates
its rows and loses none. The scores of the rows kept come from the gradebook where a run changes
them (the late policy of a chapter graded again applies to every student of it).
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, fields, replace
from pathlib import Path

from autograder import coursedir
from autograder.csvsafe import original
from autograder.outcome import Outcome

RECORD = coursedir.RECORD


class RecordError(ValueError):
    """The course's record cannot be read; the message says what to do."""


_FIELDS = {f.name for f in fields(Outcome)}


def load(course_root: Path) -> list[Outcome]:
    """The rows recorded in the course: ``report.json``; for a course graded before there was
    one, the rows of its ``report.csv`` (their reason as it was written); [] for a new course."""
    path = Path(course_root) / RECORD
    if not path.is_file():
        return _from_report_csv(Path(course_root) / coursedir.REPORT)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [Outcome(**{k: v for k, v in row.items() if k in _FIELDS}) for row in rows]
    except (ValueError, TypeError, AttributeError) as err:
        raise RecordError(
            f"{path} is not a record of this grader ({err}): delete it to start the report "
            "afresh (the gradebook keeps the grades; the next full run writes the rows again)"
        ) from None


def _from_report_csv(path: Path) -> list[Outcome]:
    if not path.is_file():
        return []
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            return [
                Outcome(
                    original(row["student"]),  # written by csvsafe
                    original(row["chapter"]),
                    original(row["status"]),
                    float(row["score"] or 0),
                    float(row["max_score"] or 0),
                    float(row["seconds"] or 0),
                    original(row["reason"] or ""),
                )
                for row in csv.DictReader(fh)
            ]
    except (KeyError, ValueError, TypeError) as err:
        raise RecordError(
            f"{path} is not a report.csv of this grader ({err}): move it away to start the "
            "report afresh (the gradebook keeps the grades)"
        ) from None


def save(course_root: Path, outcomes: list[Outcome]) -> None:
    path = Path(course_root) / RECORD
    rows = [asdict(o) for o in sorted(outcomes, key=_order)]
    path.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


def merge(recorded: list[Outcome], current: list[Outcome], students, chapters) -> list[Outcome]:
    """``current`` (this run's rows) with the rows of ``recorded`` it does not cover; see the
    module's description. ``students``, ``chapters``: those of this run (``"?"`` among the
    students: the run read the whole download, so the rows of files that name no student are
    replaced too)."""
    students, chapters = set(students), set(chapters)
    keys = {(o.student, o.chapter) for o in current}

    def covered(o: Outcome) -> bool:
        return (o.student, o.chapter) in keys or (
            o.student in students and (o.chapter in chapters or o.chapter == "?")
        )

    graded_before = {(o.student, o.chapter): o for o in recorded if o.scored}
    return sorted(
        [o for o in recorded if not covered(o)]
        + [_kept_if_missing(o, graded_before) for o in current],
        key=_order,
    )


def _kept_if_missing(row: Outcome, graded_before: dict) -> Outcome:
    """A ``missing`` row of this run does not replace a grade an earlier run recorded: the
    gradebook still holds that grade (a download that lacks the notebook, such as a second
    LMS download of late work only, does not withdraw it). The earlier row stands, saying so."""
    earlier = graded_before.get((row.student, row.chapter))
    if row.status != "missing" or earlier is None:
        return row
    note = "not in this run's submissions: the grade recorded earlier stands"
    return replace(earlier, reason="; ".join(filter(None, [earlier.reason, note])))


def _order(o: Outcome):
    return (o.student, o.chapter, o.status, o.reason)
