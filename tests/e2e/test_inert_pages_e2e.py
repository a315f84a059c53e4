"""End to end: a hostile student graded into a course; every page and CSV it reaches is inert.

One run grades a submission of the first chapter, solved, whose student folder is named like a
formula (``=1+1...``) and whose notebook carries every Markdown payload of tests/test_safepage.py
(fetching from a listener on 127.0.0.1) and a cell that displays HTML, its folder name holding
terminal control bytes too; and a file that is no notebook from another such student (its
not-graded notice).
Then: the score is the one the code earns; the feedback page, the notice and the class report
run nothing and fetch nothing in Chromium; the feedback page keeps its MathML; the CSVs have no
formula cell and give the names back; the progress lines show the control bytes escaped.
"""

import csv
import urllib.parse

import nbformat
import pytest
from support.nbutil import submission
from support.pages import MARKDOWN, SVG64, Listener, dangers, visit
from support.spreadsheet import formulas, import_csv

from autograder import csvsafe
from autograder.coursedir import safe_id
from autograder.grading.run import grade
from autograder.safepage import CSP
from autograder.settings import Settings

pytestmark = pytest.mark.slow

CHAPTER = "01_decision_boundaries"  # 10 points
FORMULA = "=1+1\x1b[2J\u202e"  # a formula, ESC (clear the screen), a bidi override
CONTROL = "\x1b]0;PWNED\x07eve\r"  # ESC (set the window title), BEL, CR
# the ids they are graded under: printable, bounded (intake's safe_id); FORMULA's still starts
# like a formula
FORMULA_ID, CONTROL_ID = safe_id(FORMULA), safe_id(CONTROL)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("inert")
    subs = root / "submissions"
    with Listener() as listener:
        nb = submission(CHAPTER)
        at = 1
        for name, payload in MARKDOWN.items():
            cell = nbformat.v4.new_markdown_cell(
                f"## {name}\n\n{payload.replace('{port}', str(listener.port))}\n"
            )
            del cell["id"]  # the chapter notebooks are nbformat 4.4: no cell ids
            if name == "attachment":
                cell.attachments = {"evil.svg": {"image/svg+xml": SVG64}}
            nb.cells.insert(at, cell)
        code = nbformat.v4.new_code_cell(
            "from IPython.display import HTML, display\n"
            'display(HTML("<img src=x onerror=\\"window.__pwned=\'display\'\\">"))'
        )
        del code["id"]
        nb.cells.insert(at, code)
        (subs / FORMULA).mkdir(parents=True)
        nbformat.write(nb, subs / FORMULA / f"{CHAPTER}.ipynb")
        (subs / CONTROL).mkdir()
        (subs / CONTROL / f"{CHAPTER}.ipynb").write_text("<script>window.__pwned=1</script>")
        lines = []
        outcomes = grade(
            subs,
            root / "course",
            settings=Settings(timeout=20),
            selected=[CHAPTER],
            progress=lines.append,
        )
        yield {
            "course": root / "course",
            "outcomes": {o.student: o for o in outcomes},
            "lines": lines,
            "listener": listener,
        }


def test_the_hostile_student_gets_the_score_the_code_earns(graded):
    o = graded["outcomes"][FORMULA_ID]
    assert (o.status, o.score, o.max_score) == ("graded", 10.0, 10.0), o
    assert graded["outcomes"][CONTROL_ID].status == "invalid"


def test_the_feedback_page_keeps_its_math_and_nothing_that_runs(graded):
    page = (graded["course"] / "feedback" / FORMULA_ID / CHAPTER / f"{CHAPTER}.html").read_text()
    assert dangers(page) == []
    assert f'content="{CSP}"' in page[: page.index("<body")]
    assert page.count("<math") > 10  # the chapter's formulas, as MathML


@pytest.mark.browser
def test_in_chromium_no_page_of_the_run_runs_or_fetches_anything(graded, chromium_context):
    from support.browser import static_server

    course, listener = graded["course"], graded["listener"]
    pages = [f"feedback/{FORMULA_ID}/{CHAPTER}/{CHAPTER}.html", "class_report.html"]
    pages.append(f"feedback/{CONTROL_ID}/{CHAPTER}/{CHAPTER}.html")
    assert all((course / p).is_file() for p in pages)
    with static_server(course) as base:
        for page in pages:
            url = f"{base}/{urllib.parse.quote(page)}"
            seen = visit(chromium_context, url, listener)
            assert seen["pwned"] == [] and "PWNED" not in seen["titles"], (page, seen)
            assert [urllib.parse.unquote(u) for u in seen["urls"]] == [urllib.parse.unquote(url)]
            assert seen["hits"] == [] and seen["requests"] == [] and seen["blocked"] == [], seen


def test_the_csvs_of_the_run_hold_no_formula_and_give_the_names_back(graded, tmp_path):
    course = graded["course"]
    for name in ("report.csv", "grades.csv", "class_report_students.csv", "class_report.csv"):
        assert formulas(import_csv(course / name, tmp_path)) == [], name
    for name in ("report.csv", "class_report_students.csv"):
        with open(course / name, newline="", encoding="utf-8") as fh:
            students = {csvsafe.original(row[0]) for row in csv.reader(fh)}
        assert {FORMULA_ID, CONTROL_ID} <= students and FORMULA_ID[0] == "=", name


def test_the_progress_lines_show_control_bytes_escaped(graded):
    text = "\n".join(graded["lines"])
    assert f"{FORMULA_ID} 01_decision_boundaries: graded 10/10" in text, text
    assert not any(c in text for c in "\x1b\x07\r\u202e")
