"""Grades and feedback for the LMS: gradebook-import CSVs for Canvas and Moodle, feedback zips.

Written after every ``grade`` run, or by ``python -m autograder export --course DIR --format
canvas|moodle|feedback``, from the gradebook (the source of truth; ``grades.csv`` stays
nbgrader's own export):

``grades_canvas.csv``   Canvas's gradebook import (Grades > Import): ``Student, ID, SIS User ID,
                        SIS Login ID, Section``, one column per chapter, a ``Points Possible``
                        row. Canvas finds the student by ``ID`` (the Canvas user id), else the
                        SIS ids, else the name; a column whose title is no assignment's makes a
                        new assignment.
``grades_moodle.csv``   Moodle's "Import grades: CSV file": ``First name, Last name, ID number``
                        (or ``Student ID`` when the roster has no ``idnumber``; a student
                        without one has the student id there), ``Email
                        address``, one column per chapter; map the user by email address (or ID
                        number) and each chapter column to its grade item.
``feedback_zips/<student>.zip``          every feedback page of one student
``feedback_zips/canvas_<chapter>.zip``   Canvas's bulk upload of feedback (the assignment's
                        "Re-Upload Submissions", which attaches each file as a comment to
                        its submission): files named as the download named them
                        (``name_userid_fileid_...``), for the submissions that came from a
                        Canvas download (not anonymous ones: Canvas cannot match those)
``feedback_zips/moodle_<chapter>.zip``   Moodle's "Upload multiple feedback files in a zip":
                        ``Full Name_participantid_assignfeedback_file_/...``, for the
                        submissions that came from a Moodle download

Scores are nbgrader's final score (after the late penalty), rounded to 2 decimals; a student with
no graded submission of a chapter gets an empty cell (Canvas leaves its grade as it is; enter 0
yourself where work is missing). Every cell is written by :func:`autograder.csvsafe.write`: a
score is a number; a name or id that starts like a formula is quoted. What Canvas or Moodle need
to take feedback back (their ids of each submission) is kept from the downloads in
``COURSE/lms_submissions.json``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from autograder import coursedir, csvsafe

FORMATS = ("canvas", "moodle", "feedback")


def remember(course_root: Path, submissions: dict) -> None:
    """Keep the LMS ids of these submissions ((student, chapter) -> intake.Submission)."""
    path = Path(course_root) / coursedir.LMS_SUBMISSIONS
    known = json.loads(path.read_text()) if path.is_file() else {}
    for (student, chapter), sub in submissions.items():
        if sub.lms:
            known.setdefault(student, {})[chapter] = sub.lms
        else:
            known.get(student, {}).pop(chapter, None)
    path.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")


def remembered(course_root: Path) -> dict:
    path = Path(course_root) / coursedir.LMS_SUBMISSIONS
    return json.loads(path.read_text()) if path.is_file() else {}


def lms_user_ids(submissions: dict) -> dict[str, str]:
    """Canvas user ids the downloads told, per student (for nbgrader's ``lms_user_id``)."""
    return {
        student: sub.lms["user_id"]
        for (student, _), sub in submissions.items()
        if sub.lms.get("lms") == "canvas" and sub.lms.get("user_id", "").isdigit()
    }


def write(course_root: Path, db_url: str, roster, formats=FORMATS) -> list[Path]:
    """Write the exports ``formats`` of the course at ``course_root``; return their paths.

    ``roster``: the course's :class:`~autograder.intake.roster.Roster` (its SIS ids and
    sections go into the Canvas export), or None."""
    course_root = Path(course_root)
    table = _table(db_url)
    written = []
    if "canvas" in formats:
        written.append(write_canvas(table, roster, course_root / coursedir.CANVAS_GRADES))
    if "moodle" in formats:
        written.append(write_moodle(table, roster, course_root / coursedir.MOODLE_GRADES))
    if "feedback" in formats:
        written += feedback_zips(course_root, table["students"])
    return written


def _table(db_url: str) -> dict:
    """The gradebook as plain data: students (with their fields), chapters with at least one
    submission and their points, final scores per (student, chapter)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, coursedir.COURSE_ID) as gb:
        students = {
            s.id: {
                "first_name": s.first_name or "",
                "last_name": s.last_name or "",
                "email": s.email or "",
                "lms_user_id": s.lms_user_id or "",
            }
            for s in gb.students
        }
        chapters, points, scores = [], {}, {}
        for assignment in sorted(gb.assignments, key=lambda a: a.name):
            submissions = list(assignment.submissions)
            if not submissions:
                continue
            chapters.append(assignment.name)
            points[assignment.name] = float(assignment.max_score)
            for sub in submissions:
                final = max(0.0, float(sub.score) - float(sub.late_submission_penalty or 0.0))
                scores[(sub.student.id, assignment.name)] = final
    return {"students": students, "chapters": chapters, "points": points, "scores": scores}


def _score(table: dict, student: str, chapter: str) -> float | None:
    score = table["scores"].get((student, chapter))
    return None if score is None else round(score, 2)


def write_canvas(table: dict, roster, path: Path) -> Path:
    chapters = table["chapters"]
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *chapters]
    rows = [["Points Possible", "", "", "", "", *(table["points"][c] for c in chapters)]]
    for student, info in sorted(table["students"].items()):
        enrolled = roster.students.get(student) if roster else None
        name = ", ".join(filter(None, [info["last_name"], info["first_name"]])) or student
        rows.append(
            [
                name,
                info["lms_user_id"],
                enrolled.sis_user_id if enrolled else "",
                enrolled.sis_login_id if enrolled else "",
                enrolled.section if enrolled else "",
                *(_score(table, student, c) for c in chapters),
            ]
        )
    return csvsafe.write(path, header, rows)


def write_moodle(table: dict, roster, path: Path) -> Path:
    chapters = table["chapters"]
    has_idnumber = roster is not None and any(s.idnumber for s in roster.students.values())
    identifier = "ID number" if has_idnumber else "Student ID"
    header = ["First name", "Last name", identifier, "Email address", *chapters]
    rows = []
    for student, info in sorted(table["students"].items()):
        enrolled = roster.students.get(student) if roster else None
        # a student the roster gives no idnumber keeps an identifier: the student id
        ident = ((enrolled.idnumber if enrolled else "") if has_idnumber else "") or student
        rows.append(
            [
                info["first_name"],
                info["last_name"],
                ident,
                info["email"],
                *(_score(table, student, c) for c in chapters),
            ]
        )
    return csvsafe.write(path, header, rows)


def feedback_zips(course_root: Path, students) -> list[Path]:
    """One zip per student; one per chapter in Canvas's and Moodle's bulk-upload layouts."""
    feedback = course_root / coursedir.FEEDBACK
    folder = course_root / coursedir.FEEDBACK_ZIPS
    folder.mkdir(exist_ok=True)
    written = []
    for student in sorted(students):
        try:
            pages = sorted(p for p in (feedback / student).rglob("*") if p.is_file())
        except OSError:  # an id no folder can have: no page was written for it
            continue
        if pages:
            name = coursedir.file_name(student, ".zip")
            written.append(_zip(folder / name, pages, feedback / student))
    bulk: dict[tuple[str, str], list[tuple[Path, str]]] = {}
    for student, chapters in remembered(course_root).items():
        for chapter, ids in chapters.items():
            page = feedback / student / chapter / f"{chapter}.html"
            if not page.is_file():
                continue
            if ids.get("lms") == "canvas" and "anon_" not in ids["prefix"]:
                name = f"{ids['prefix']}_{ids['file_id']}_{chapter}_feedback.html"
                bulk.setdefault(("canvas", chapter), []).append((page, name))
            elif ids.get("lms") == "moodle":
                name = f"{ids['prefix']}_assignfeedback_file_/{chapter}_feedback.html"
                bulk.setdefault(("moodle", chapter), []).append((page, name))
    for (lms, chapter), entries in sorted(bulk.items()):
        path = folder / f"{lms}_{chapter}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for page, name in sorted(entries, key=lambda e: e[1]):
                zf.write(page, name)
        written.append(path)
    return written


def _zip(path: Path, files: list[Path], base: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in files:
            zf.write(file, file.relative_to(base).as_posix())
    return path
