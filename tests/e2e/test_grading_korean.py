"""End to end: a notebook of the Korean edition (chapters/ko/) is graded by the same tests as the
English one, cell for cell, and its feedback page speaks Korean; the class report stays English.

The language is the notebook's (metadata.nnlearn.language), set in the grading kernel before any
cell runs: a student who deleted the first cell (nnlearn.i18n.use("ko")) still reads Korean, and
a notebook whose language is anything else is graded as usual, in English.

One chapter, gradient descent. Each student hands in the same work in both editions: all solved
(every test cell scores its points), and the same but with the update stepping uphill,
``w + lr * grad``: the two gradient_descent test cells fail (their check names the mistake
"uphill"), the numerical_gradient ones keep their points.
"""

import copy
import re

import nbformat
import pytest
from babel.messages.pofile import read_po
from support.nbutil import CHAPTERS, SOLUTIONS, grade_id, points, read, submission

from autograder.grading.run import grade
from autograder.settings import Settings
from nnlearn import i18n
from nnlearn.mistakes import mistake

pytestmark = pytest.mark.slow

CHAPTER = "03_gradient_descent"
POINTS = points(read(SOLUTIONS / f"{CHAPTER}.ipynb"))
HANGUL = re.compile("[\uac00-\ud7a3]")


def uphill_overrides() -> dict[str, str]:
    cell = next(c for c in submission(CHAPTER).cells if grade_id(c) == "gradient_descent")
    wrong = cell.source.replace("w = w - lr * grad_f(w)", "w = w + lr * grad_f(w)")
    assert wrong != cell.source
    return {"gradient_descent": wrong}


def korean(nb):
    """The Korean edition's notebook with the answer cells of ``nb`` (an English one)."""
    answers = {grade_id(c): c.source for c in nb.cells if grade_id(c)}
    ko = copy.deepcopy(read(CHAPTERS / "ko" / f"{CHAPTER}.ipynb"))
    for cell in ko.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return ko


def catalogue_korean(english: str) -> str:
    with (i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / "nnlearn.po").open("rb") as f:
        entry = read_po(f).get(english)
    assert entry is not None and entry.string and not entry.fuzzy
    return entry.string


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("korean")
    solved, uphill = submission(CHAPTER), submission(CHAPTER, uphill_overrides())
    no_first_cell = korean(uphill)
    assert "nnlearn.i18n.use" in no_first_cell.cells[0].source
    del no_first_cell.cells[0]
    hostile = korean(uphill)
    hostile.metadata["nnlearn"] = {"language": {"ko": ["ko"]}}
    students = {
        "en_solved": solved,
        "ko_solved": korean(solved),
        "en_uphill": uphill,
        "ko_uphill": korean(uphill),
        "ko_no_first_cell": no_first_cell,
        "ko_hostile": hostile,
    }
    for student, nb in students.items():
        (root / "subs" / student).mkdir(parents=True)
        nbformat.write(nb, root / "subs" / student / f"{CHAPTER}.ipynb")
    course = root / "course"
    outcomes = grade(root / "subs", course, settings=Settings(timeout=10))
    return course, {o.student: o for o in outcomes}


def cell_scores(course, student) -> dict[str, float]:
    from nbgrader.api import Gradebook

    from autograder.coursedir import COURSE_ID

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        nb = gb.find_submission_notebook(CHAPTER, CHAPTER, student)
        return {g.name: g.score for g in nb.grades}


def page(course, student) -> str:
    return (course / "feedback" / student / CHAPTER / f"{CHAPTER}.html").read_text()


def test_both_editions_score_the_same_cell_by_cell(graded):
    course, outcomes = graded
    assert all(o.status == "graded" for o in outcomes.values()), outcomes
    assert cell_scores(course, "en_solved") == POINTS
    failing = {"test_gradient_descent", "test_gradient_descent_hidden"}
    expected = {g: 0.0 if g in failing else p for g, p in POINTS.items()}
    assert cell_scores(course, "en_uphill") == expected
    for edition in ["ko_solved", "ko_uphill", "ko_no_first_cell", "ko_hostile"]:
        english = "en_solved" if edition == "ko_solved" else "en_uphill"
        assert cell_scores(course, edition) == cell_scores(course, english), edition
        assert outcomes[edition].score == outcomes[english].score


@pytest.mark.parametrize("student", ["ko_uphill", "ko_no_first_cell"])
def test_a_korean_notebook_gets_its_feedback_in_korean(graded, student):
    course, _ = graded
    text = page(course, student)
    entry = mistake("uphill")
    assert '<html lang="ko"' in text
    assert catalogue_korean(entry.says) in text, "the diagnosis is not the catalogue's Korean"
    assert entry.says not in text
    assert "점수" in text and ">Score" not in text
    assert "숨은 테스트" in text and "hidden tests: their code" not in text


@pytest.mark.parametrize("student", ["en_uphill", "ko_hostile"])
def test_an_english_or_unknown_notebook_gets_its_feedback_in_english(graded, student):
    course, _ = graded
    text = page(course, student)
    entry = mistake("uphill")
    assert '<html lang="en"' in text
    assert entry.says in text and catalogue_korean(entry.says) not in text
    assert "Score" in text and "점수" not in text


def test_the_class_report_stays_english(graded):
    course, _ = graded
    reports = sorted(course.glob("*.csv")) + sorted(course.glob("*.html"))
    assert reports, "no class report"
    for path in reports:
        assert not HANGUL.search(path.read_text(encoding="utf-8")), path.name
