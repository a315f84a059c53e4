"""End to end through the command line: the score a student reads is the one recorded, a late
policy that cannot apply is said and fails the run, a notebook of the wrong chapter is named as
such, a test cell turned into Markdown is restored and flagged, a flag names a cell as its page
does (issue 22, items 5, 6 and 8). One download, graded once, then again with --ignore-times
(everything reused).
"""

import contextlib
import csv
import html
import io
import re
import zipfile

import nbformat
import pytest
from support.nbutil import SOLUTIONS, grade_id, points, read, submission

from autograder import cli

pytestmark = pytest.mark.slow

CH = "01_decision_boundaries"
OTHER = "02_objective_functions"
FULL = sum(points(read(SOLUTIONS / f"{CH}.ipynb")).values())
DUE = "2025-03-01 23:59 Europe/Berlin"  # 22:59 UTC
LATE = "2025-03-03 00:59:00.000000 UTC"  # 26 h late: 2 started days x 10% = 20%
BROKEN = "def step(z):\n    return (z >= 0.astype(float)\n"  # a syntax error in an answer cell


def _markdown_test_cell():
    nb = submission(CH)
    index = next(i for i, c in enumerate(nb.cells) if grade_id(c) == "test_step")
    old = nb.cells[index]
    nb.cells[index] = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata)
    if "id" not in old:  # a notebook of nbformat 4.4: its cells have no ids
        del nb.cells[index]["id"]
    return nb


def _cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(map(str, argv)))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("outcomes")
    archive = root / "download.zip"
    notebooks = {
        "s02": submission(CH),  # late, with its time
        "s03": submission(OTHER),  # chapter 2's notebook, under chapter 1's name
        "s04": _markdown_test_cell(),
        "s05": submission(CH, {"step": BROKEN}),
    }
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"lovelaceada_340934_208490284_{CH}.ipynb", nbformat.writes(submission(CH)))
        for student, nb in notebooks.items():
            zf.writestr(f"{student}/{CH}/{CH}.ipynb", nbformat.writes(nb))
            zf.writestr(f"{student}/{CH}/timestamp.txt", LATE if student == "s02" else "")
    course = root / "course"
    flags = ["--course", course, "--chapter", CH, "--jobs", "1"]
    first = _cli("grade", archive, *flags, "--due", DUE, "--late-penalty", "10%")
    again = _cli("grade", archive, *flags, "--ignore-times")
    with open(course / "report.csv", newline="") as fh:
        report = {r["student"]: r for r in csv.DictReader(fh)}
    return {"course": course, "first": first, "again": again, "report": report}


def page(course, student) -> str:
    return (course / "feedback" / student / CH / f"{CH}.html").read_text()


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_the_feedback_page_shows_the_final_score_and_the_penalty(runs):
    recorded = float(runs["report"]["s02"]["score"])
    assert recorded == pytest.approx(0.8 * FULL)  # 2 started days x 10%
    shown = re.sub(r"(\d)\.0\b", r"\1", text_of(page(runs["course"], "s02")))  # 8.0 -> 8
    assert f"(Score: {0.8 * FULL:g} / {FULL:g})" in shown
    assert f"Late submission penalty (Score: -{0.2 * FULL:g})" in shown
    assert "2 started days x 10% = 20%" in shown  # its reason


def test_an_on_time_page_has_no_penalty_line(runs):
    assert "Late submission penalty" not in page(runs["course"], "s04")


def test_a_late_policy_without_hand_in_times_fails_the_run_unless_ignored(runs):
    code, _, err = runs["first"]
    assert code == 1
    assert "late policy could not apply to" in err and "--ignore-times" in err
    code, _, err = runs["again"]
    assert code == 0 and "accepted" in err


def test_a_notebook_of_another_chapter_is_named_and_graded_as_nothing(runs):
    row = runs["report"]["s03"]
    assert row["status"] == "invalid" and OTHER in row["reason"]
    assert len(row["reason"]) < 300 and "flagged" not in row["reason"]
    assert OTHER in text_of(page(runs["course"], "s03"))


def test_a_test_cell_turned_into_markdown_is_restored_graded_and_flagged(runs):
    row = runs["report"]["s04"]
    assert row["status"] in ("graded", "unchanged") and float(row["score"]) == FULL
    assert "test_step turned into a markdown cell" in row["reason"]
    assert "course log" not in row["reason"]


def test_a_flag_names_the_cell_as_the_feedback_page_does(runs):
    flags = runs["report"]["s05"]["reason"]
    numbers = re.findall(r"cell \[(\d+)\]", flags)
    assert numbers, flags
    shown = page(runs["course"], "s05")
    prompts = re.split(r'<div class="prompt input_prompt">', shown)[1:]  # one per code cell
    # the prompt's space: a no-break space, as a character or (the page cleaned) an entity
    (cell,) = [p for p in prompts if re.match(rf"In(\s|&nbsp;)\[{numbers[0]}\]:", p)]
    assert "astype" in text_of(cell.split("prompt output_prompt")[0])  # the broken answer
