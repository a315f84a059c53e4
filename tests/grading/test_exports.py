"""Exports for the LMS: Canvas's and Moodle's gradebook-import CSVs, feedback zips.

What the LMSs accept is checked by rules restated here from their importers' code: Canvas's
``GradebookImporter`` (the header is ``Student``, ``ID``, optionally ``SIS User ID`` and ``SIS
Login ID``, then ``Section``, then the assignments; a row whose first cell holds ``Points
Possible`` gives the points; a student is found by ``ID``); Canvas's bulk feedback upload
(``Assignment#infer_comment_context_from_filename``: the first two all-digit ``_``-separated parts
of the name are the user id and the attachment id); Moodle's feedback zip import
(``assignfeedback_file_zip_importer``: a path part split on ``_`` at most 5 times gives the
name, the participant id, the plugin type and name). No notebook is graded here.
"""

import csv
import re
import zipfile

import pytest
from support.gradebooks import course, hand_in

from autograder.cli import main
from autograder.coursedir import COURSE_ID
from autograder.intake.roster import Roster
from autograder.intake.submissions import Submission
from autograder.report import exports

CH1, CH4 = "01_decision_boundaries", "04_backpropagation"
PEOPLE = {
    "s01": {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@x.edu",
        "lms_user_id": "340934",
    },
    "s02": {"first_name": "Alan", "last_name": "Turing", "email": "alan@x.edu"},
    "s03": {},
}


@pytest.fixture
def graded(tmp_path):
    writer = course(tmp_path / "course", {CH1: 5.0, CH4: 13.0, "03_gradient_descent": 7.0}, PEOPLE)
    hand_in(writer, "s01", CH1, 4.5)
    hand_in(writer, "s01", CH4, 13.0)
    hand_in(writer, "s02", CH4, 11.0)
    from nbgrader.api import Gradebook

    with Gradebook(writer.db_url, COURSE_ID) as gb:  # a late penalty recorded for s02
        gb.find_submission_notebook(CH4, CH4, "s02").late_submission_penalty = 2.2
        gb.db.commit()
    roster = "id,first_name,last_name,email,sis_user_id,section,idnumber\n"
    roster += "s01,Ada,Lovelace,ada@x.edu,A-1,Mon,900001\ns02,Alan,Turing,alan@x.edu,,,900002\n"
    Roster.parse(roster)[0].save(writer.root)
    return writer


def rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def canvas_assignment_columns(header: list[str]) -> list[str]:
    """The columns Canvas's importer reads as assignments, or an AssertionError if it would
    reject the header ("Invalid header row")."""
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1]
    columns = 3
    if re.match(r"SIS\s+Login\s+ID", header[2]):
        columns = 4
    elif re.match(r"SIS\s+User\s+ID", header[2]) and re.match(r"SIS\s+Login\s+ID", header[3]):
        columns = 5
    assert "Section" in header[columns - 1]
    return header[columns:]


def test_canvas_gradebook_import(graded):
    path = exports.write(graded.root, graded.db_url, Roster.load(graded.root), ["canvas"])[0]
    header, points, *students = rows(path)
    assert canvas_assignment_columns(header) == [CH1, CH4]  # chapters nobody handed in: left out
    assert "Points Possible" in points[0] and points[5:] == ["5", "13"]
    by_name = {r[0]: r for r in students}
    assert by_name["Lovelace, Ada"][:5] == ["Lovelace, Ada", "340934", "A-1", "", "Mon"]
    assert by_name["Lovelace, Ada"][5:] == ["4.5", "13"]
    assert by_name["Turing, Alan"][5:] == ["", "8.8"]  # 11 - 2.2 late; nothing for chapter 1
    assert by_name["s03"][5:] == ["", ""]


def test_moodle_grade_import(graded):
    path = exports.write(graded.root, graded.db_url, Roster.load(graded.root), ["moodle"])[0]
    header, *students = rows(path)
    assert header == ["First name", "Last name", "ID number", "Email address", CH1, CH4]
    by_email = {r[3]: r for r in students}
    assert by_email["ada@x.edu"] == ["Ada", "Lovelace", "900001", "ada@x.edu", "4.5", "13"]
    assert by_email["alan@x.edu"][4:] == ["", "8.8"]


def test_without_idnumbers_moodle_gets_the_student_id(graded):
    (graded.root / "roster.csv").unlink()
    header, *students = rows(
        exports.write(graded.root, graded.db_url, Roster.load(graded.root), ["moodle"])[0]
    )
    assert header[2] == "Student ID" and sorted(r[2] for r in students) == ["s01", "s02", "s03"]


def _feedback(root, student, chapter):
    page = root / "feedback" / student / chapter / f"{chapter}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<html>{student} {chapter}</html>")


def test_feedback_zipped_per_student_and_in_the_lms_bulk_layouts(graded, tmp_path):
    root = graded.root
    for student, chapter in [("s01", CH1), ("s01", CH4), ("s02", CH4), ("s03", CH4)]:
        _feedback(root, student, chapter)
    downloads = {  # what intake kept of each submission's download
        ("s01", CH4): ("canvas", "340934", "208490284", "lovelaceada_LATE_340934"),
        ("s02", CH4): ("canvas", "340935", "208490301", "turingalan_340935"),
        ("s03", CH4): ("canvas", "Xy3kQ", "5", "anon_Xy3kQ"),
        ("s01", CH1): ("moodle", "123456", None, "Ada Lovelace_123456"),
    }
    subs = {}
    for (student, chapter), (lms, user, file, prefix) in downloads.items():
        ids = {"lms": lms, "user_id": user, "prefix": prefix} | ({"file_id": file} if file else {})
        subs[(student, chapter)] = Submission(student, chapter, tmp_path, lms=ids)
    exports.remember(root, subs)
    written = exports.write(root, graded.db_url, Roster.load(root), ["feedback"])
    zips = root / "feedback_zips"
    assert sorted(p.name for p in written) == sorted(
        ["s01.zip", "s02.zip", "s03.zip", f"canvas_{CH4}.zip", f"moodle_{CH1}.zip"]
    )
    with zipfile.ZipFile(zips / "s01.zip") as zf:
        assert sorted(zf.namelist()) == [f"{CH1}/{CH1}.html", f"{CH4}/{CH4}.html"]
        assert zf.read(f"{CH4}/{CH4}.html") == b"<html>s01 04_backpropagation</html>"
    with zipfile.ZipFile(zips / f"canvas_{CH4}.zip") as zf:
        names = zf.namelist()
    ids = {tuple(p for p in name.split("_") if p.isdigit())[:2] for name in names}
    assert ids == {("340934", "208490284"), ("340935", "208490301")}  # not the anonymous one
    with zipfile.ZipFile(zips / f"moodle_{CH1}.zip") as zf:
        (name,) = zf.namelist()
    info = name.split("/")[0].split("_", 4)
    assert info[:4] == ["Ada Lovelace", "123456", "assignfeedback", "file"]
    assert name.endswith(f"/{CH1}_feedback.html")


def test_export_command(graded, tmp_path, capsys):
    assert main(["export", "--course", str(graded.root), "--format", "canvas"]) == 0
    assert (graded.root / "grades_canvas.csv").is_file()
    assert not (graded.root / "grades_moodle.csv").exists()
    assert main(["export", "--course", str(tmp_path / "nothing"), "--format", "moodle"]) == 2
    assert "not a course directory" in capsys.readouterr().err
    (graded.root / "roster.csv").write_text("id,email\ns01,a@x\ns01,b@x\n")  # damaged by hand
    assert main(["export", "--course", str(graded.root), "--format", "moodle"]) == 2
    assert "line 3: id 's01' appears twice" in capsys.readouterr().err
