"""End to end, with as few notebooks as the behaviours need (three gradings in all): an LMS
download zipped, a roster, a due date with a late penalty, --student with and without --force,
the exports. The penalties are worked out by hand from the policy (docs/instructors.md,
"Due dates").
"""

import csv
import datetime as dt
import hashlib
import zipfile

import nbformat
import pytest
from support.nbutil import SOLUTIONS, points, read, submission

from autograder.grading.admin import Admin
from autograder.grading.run import grade
from autograder.pipeline.late import parse_due

pytestmark = pytest.mark.slow

CH = "01_decision_boundaries"
FULL = sum(points(read(SOLUTIONS / f"{CH}.ipynb")).values())
DUE = "2025-03-01 23:59 Europe/Berlin"  # 22:59 UTC
ROSTER = (
    "id,first_name,last_name,email,lms_user_id,extension\n"
    "s01,Ada,Lovelace,ada@x.edu,340934,\n"
    "s02,Bo,Li,bo@x.edu,,1d\n"
    "s03,Cy,Ng,cy@x.edu,,\n"
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("lms")
    solved = nbformat.writes(submission(CH))
    archive = root / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"lovelaceada_340934_208490284_{CH}.ipynb", solved)  # Canvas
        zf.writestr(f"s02/{CH}/{CH}.ipynb", solved)  # nbgrader's layout, handed in ...
        zf.writestr(f"s02/{CH}/timestamp.txt", "2025-03-03 00:59:00.000000 UTC")  # ... 26 h late
        zf.writestr(f"s02/{CH}/backup.ipynb", solved)  # a second notebook: not graded
        zf.writestr("notes.txt", "what is this?")
    (root / "roster.csv").write_text(ROSTER)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    course = root / "course"
    quiet = {"selected": [CH], "jobs": 1, "progress": lambda _: None}
    admin = Admin(
        roster_file=root / "roster.csv", due=parse_due(DUE), late_penalty=10.0, grace=900.0
    )
    first = grade(archive, course, admin=admin, **quiet)
    graded = course / "autograded"
    times = {s: (graded / s / CH / f"{CH}.ipynb").stat().st_mtime_ns for s in ("s01", "s02")}
    first_report = csv_rows(course / "report.csv")
    forced = grade(archive, course, admin=Admin(only=["s02"], force=True), **quiet)
    after_force = {s: (graded / s / CH / f"{CH}.ipynb").stat().st_mtime_ns for s in times}
    forced_report = csv_rows(course / "report.csv")
    reused = grade(archive, course, admin=Admin(only=["s02"]), **quiet)
    after_reuse = (graded / "s02" / CH / f"{CH}.ipynb").stat().st_mtime_ns
    return {
        "course": course,
        "first": {(o.student, o.chapter): o for o in first},
        "forced": forced,
        "reused": reused,
        "times": (times, after_force, after_reuse),
        "reports": (first_report, forced_report, csv_rows(course / "report.csv")),
        "untouched": hashlib.sha256(archive.read_bytes()).hexdigest() == digest,
    }


def csv_rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_zipped_download_is_graded_under_the_roster_ids(runs):
    first = runs["first"]
    assert first[("s01", CH)].status == "graded" and first[("s01", CH)].score == FULL
    assert first[("s03", CH)].status == "missing"  # enrolled, handed in nothing
    assert "notes.txt" in first[("?", "?")].reason and first[("?", "?")].status == "invalid"
    assert runs["untouched"]


def test_the_late_penalty_is_nbgraders_with_the_extension(runs):
    # 26 h after the due date, 2 h after due + 1 d extension: one started day, 10%.
    s02 = runs["first"][("s02", CH)]
    assert s02.score == pytest.approx(0.9 * FULL) and "1 started day" in s02.full_reason
    rows = {r["student_id"]: r for r in csv_rows(runs["course"] / "grades.csv")}
    assert float(rows["s02"]["late_submission_penalty"]) == pytest.approx(0.1 * FULL)
    assert float(rows["s02"]["score"]) == pytest.approx(0.9 * FULL)
    assert (rows["s01"]["first_name"], rows["s01"]["email"]) == ("Ada", "ada@x.edu")
    assert rows["s01"]["timestamp"] == ""  # Canvas: the download does not say when


def test_the_lms_exports_are_written_after_the_run(runs):
    course = runs["course"]
    canvas = {r["Student"]: r for r in csv_rows(course / "grades_canvas.csv")}
    assert canvas["Lovelace, Ada"]["ID"] == "340934"
    assert float(canvas["Lovelace, Ada"][CH]) == FULL
    assert float(canvas["Li, Bo"][CH]) == pytest.approx(0.9 * FULL, abs=0.005)
    moodle = {r["Email address"]: r for r in csv_rows(course / "grades_moodle.csv")}
    assert moodle["cy@x.edu"][CH] == ""
    # the zips carry the feedback pages as they are (hidden tests redacted), nothing else
    page = (course / "feedback" / "s01" / CH / f"{CH}.html").read_bytes()
    with zipfile.ZipFile(course / "feedback_zips" / "s01.zip") as zf:
        assert zf.namelist() == [f"{CH}/{CH}.html"] and zf.read(f"{CH}/{CH}.html") == page
    with zipfile.ZipFile(course / "feedback_zips" / f"canvas_{CH}.zip") as zf:
        assert zf.namelist() == [f"lovelaceada_340934_208490284_{CH}_feedback.html"]
        assert zf.read(zf.namelist()[0]) == page


def test_student_and_force_regrade_that_student_only(runs):
    times, after_force, after_reuse = runs["times"]
    assert [(o.student, o.status) for o in runs["forced"]] == [("s02", "graded")]
    assert after_force["s02"] != times["s02"], "--force did not grade s02 again"
    assert after_force["s01"] == times["s01"], "--student s02 touched s01"
    assert runs["forced"][0].score == pytest.approx(0.9 * FULL)  # the policy was kept
    assert [(o.student, o.status) for o in runs["reused"]] == [("s02", "unchanged")]
    assert after_reuse == after_force["s02"], "without --force an unchanged one was regraded"
    # reused: the seconds of the grading that made the grade, not 0
    assert runs["reused"][0].seconds == runs["forced"][0].seconds > 0


def test_a_student_run_updates_its_rows_and_keeps_the_others(runs):
    """report.csv and the class report after --student s02: s02's row is this run's, the other
    students' rows (and the file that names no student) are the first run's."""
    first, forced, reused = runs["reports"]

    def rows(report):
        return {
            (r["student"], r["chapter"]): (r["status"], r["score"], r["reason"]) for r in report
        }

    assert (
        set(rows(forced)) == set(rows(first)) == {("s01", CH), ("s02", CH), ("s03", CH), ("?", "?")}
    )
    for key in [("s01", CH), ("s03", CH), ("?", "?")]:
        assert rows(forced)[key] == rows(reused)[key] == rows(first)[key], key
    assert rows(reused)[("s02", CH)][0] == "unchanged"
    students = csv_rows(runs["course"] / "class_report_students.csv")
    assert {(r["student"], r["status"]) for r in students} == {
        ("s01", "graded"),
        ("s02", "unchanged"),
        ("s03", "missing"),
        ("?", "invalid"),
    }
    s02 = next(r for r in students if r["student"] == "s02")
    assert float(s02["late_penalty"]) == pytest.approx(0.1 * FULL)


def test_a_second_notebook_for_a_chapter_is_named_not_a_row_of_its_own(runs):
    s02 = runs["first"][("s02", CH)]
    assert s02.status == "graded" and not [
        k for k in runs["first"] if k[0] == "s02" and k != ("s02", CH)
    ]
    assert (
        f"2 notebooks for {CH}: graded {CH}.ipynb (the one named {CH}.ipynb); "
        "not graded: backup.ipynb" in s02.reason
    )


def test_the_due_date_is_nbgraders(runs):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{runs['course'] / 'gradebook.db'}") as gb:
        assert gb.find_assignment(CH).duedate == dt.datetime(2025, 3, 1, 22, 59)
        assert gb.find_submission(CH, "s02").extension == dt.timedelta(days=1)
