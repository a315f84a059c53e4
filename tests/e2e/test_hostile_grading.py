"""End to end: a class of honest students and hostile ones, graded by the real ``grade``.

Each hostile member stopped the whole class before (issue 22, items 3-4), or took the
instructor's solutions. Here one run grades them all: the run finishes, the honest students
(whatever their folder is called) keep full marks, each hostile input is that student's own row,
the solutions never reach a feedback page, and nothing outside the course directory changes.
Full marks are the sum of the points of the instructor source, not a number from a run.
"""

import json
import os
import zipfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.hostile import folder_bytes, snapshot
from support.nbutil import CHAPTERS, SOLUTIONS, points, read, submission

from autograder.grading.run import grade
from autograder.settings import Settings

pytestmark = pytest.mark.slow

CH1 = "01_decision_boundaries"
FULL = sum(points(read(SOLUTIONS / f"{CH1}.ipynb")).values())
SOLVED = nbformat.writes(submission(CH1))
STUB = (CHAPTERS / f"{CH1}.ipynb").read_text()


def hostile_json(change) -> str:
    nb = json.loads(SOLVED)
    change(nb)
    return json.dumps(nb)


def _grade_id_list(nb):
    cell = next(c for c in nb["cells"] if "nbgrader" in c["metadata"])
    cell["metadata"]["nbgrader"]["grade_id"] = ["not", "a", "string"]


def _nbgrader_none(nb):
    cell = next(c for c in nb["cells"] if "nbgrader" in c["metadata"])
    cell["metadata"]["nbgrader"] = None


def _surrogate(nb):
    nb["cells"][0]["source"] = "\ud800"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def run(root: Path, subs: Path):
    """Grade ``subs`` into ``root/course``; the outcomes by student, and the changes outside."""
    before = snapshot(root)
    course = root / "course"
    outcomes = grade(
        subs, course, settings=Settings(timeout=20), selected=[CH1], progress=lambda line: None
    )
    after = snapshot(root)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    outside = {p for p in changed if not Path(p).is_relative_to(course)}
    return {o.student: o for o in outcomes}, outside, course


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    solutions = write(root / "instructor" / "solutions" / f"{CH1}.ipynb", SOLVED)
    subs = root / "submissions"
    write(subs / "honest" / f"{CH1}.ipynb", SOLVED)
    write(subs / "stub" / f"{CH1}.ipynb", STUB)
    subs.joinpath("linked").symlink_to(solutions.parent, target_is_directory=True)
    (subs / "hardlinked").mkdir()
    os.link(solutions, subs / "hardlinked" / f"{CH1}.ipynb")
    write(subs / "deep" / f"{CH1}.ipynb", '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write(subs / "grade_id" / "homework.ipynb", hostile_json(_grade_id_list))
    write(subs / "grade_id_here" / f"{CH1}.ipynb", hostile_json(_grade_id_list))
    write(subs / "nbgrader_none" / f"{CH1}.ipynb", hostile_json(_nbgrader_none))
    write(subs / "surrogate" / f"{CH1}.ipynb", hostile_json(_surrogate))
    write(Path(os.fsdecode(bytes(subs) + b"/caf\xe9")) / f"{CH1}.ipynb", SOLVED)
    write(subs / ("x" * 255) / f"{CH1}.ipynb", SOLVED)
    write(subs / f"love\nlace_340934_208490284_{CH1}.ipynb", SOLVED)
    future = write(subs / "future" / CH1 / f"{CH1}.ipynb", SOLVED)
    write(future.parent / "timestamp.txt", "2999-01-01 00:00:00.000000 UTC")
    outcomes, outside, course = run(root, subs)
    return {"outcomes": outcomes, "outside": outside, "course": course, "subs": subs}


def test_the_run_finishes_and_honest_students_keep_full_marks(hostile_class):
    outcomes = hostile_class["outcomes"]
    assert outcomes["honest"].status == "graded"
    assert outcomes["honest"].score == FULL
    assert outcomes["stub"].score == 0


def test_nothing_outside_the_course_changes(hostile_class):
    assert hostile_class["outside"] == set()


@pytest.mark.parametrize("student", ["linked", "hardlinked"])
def test_a_link_to_the_solutions_is_refused_and_never_copied(hostile_class, student):
    rows = [o for o in hostile_class["outcomes"].values() if o.student == student]
    assert rows and all(o.status in ("invalid", "missing") for o in rows)
    assert any("link" in o.reason for o in rows)
    pages = (hostile_class["course"] / "feedback" / student).rglob("*.html")
    assert not any("def " in page.read_text() for page in pages)


@pytest.mark.parametrize(
    "student, status",
    [
        ("deep", "invalid"),
        ("surrogate", "invalid"),
        ("grade_id", "graded"),
        ("grade_id_here", "graded"),
        ("nbgrader_none", "graded"),
    ],
)
def test_a_hostile_notebook_is_its_students_row_only(hostile_class, student, status):
    outcome = hostile_class["outcomes"][student]
    assert outcome.status == status
    if status == "invalid":
        page = hostile_class["course"] / "feedback" / student / CH1 / f"{CH1}.html"
        assert "not graded" in page.read_text()


def test_names_no_file_system_likes_are_graded_under_a_bounded_id(hostile_class):
    outcomes = hostile_class["outcomes"]
    named = [o for s, o in outcomes.items() if s.startswith(("caf", "xxxx", "love"))]
    assert len(named) == 3
    for o in named:
        assert o.status == "graded" and o.score == FULL, o
        assert o.student.isprintable() and len(o.student.encode()) <= 100
    zips = hostile_class["course"] / "feedback_zips"
    for o in named:
        (zip_path,) = [p for p in zips.iterdir() if p.name.startswith(o.student[:20])]
        with zipfile.ZipFile(zip_path) as zf:
            assert zf.namelist() == [f"{CH1}/{CH1}.html"]


def test_a_hand_in_from_the_far_future_is_graded_without_a_penalty_and_said(hostile_class):
    outcome = hostile_class["outcomes"]["future"]
    assert outcome.status == "graded" and outcome.score == FULL
    assert "not a plausible hand-in time" in outcome.full_reason


@settings(max_examples=2, deadline=None, derandomize=True)
@given(name=folder_bytes, text=st.sampled_from([SOLVED, STUB, "{", "[]", '{"cells": 1}']))
def test_one_hostile_student_never_costs_the_honest_ones(tmp_path_factory, name, text):
    root = tmp_path_factory.mktemp("one")
    subs = root / "submissions"
    write(subs / "honest" / f"{CH1}.ipynb", SOLVED)
    folder = Path(os.fsdecode(bytes(subs) + b"/" + name))
    if folder.name != "honest":
        write(folder / f"{CH1}.ipynb", text)
    outcomes, outside, _ = run(root, subs)
    assert outcomes["honest"].score == FULL
    assert outside == set()
    assert len(outcomes) == 1 + (folder.name != "honest")
