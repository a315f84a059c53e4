"""End to end: release -> a class of submissions, honest and broken -> autograde -> feedback, CSV.

One run grades the whole class (module fixture); each test reads one outcome. Two students hand
in every chapter: one with every exercise solved, one with the released stubs untouched. The
other students hand in the backpropagation chapter with one realistic bug each; the expected
score of each is derived from the point values in the instructor source and from which cells the
bug must break, reasoned out below, not copied from a run. One more student solved the training
chapter but left the backpropagation chapter it builds on as released: the training chapter
runs on the instructor's backpropagation functions while it is graded, so it scores full marks.
"""

import csv
import json
import os
import re

import nbformat
import pytest
from support.leaks import secret_lines
from support.nbutil import (
    CHAPTERS,
    SOLUTIONS,
    chapter_names,
    grade_id,
    nbgrader,
    points,
    read,
    submission,
)

from autograder.grading.run import grade
from autograder.settings import Settings

pytestmark = pytest.mark.slow

ALL_CHAPTERS = chapter_names()
CHAPTER = "04_backpropagation"  # the chapter the bugs are injected into
LATER = "05_training_an_mlp"  # builds on CHAPTER's functions (nnlearn.earlier)
SOURCE = read(SOLUTIONS / f"{CHAPTER}.ipynb")
POINTS = points(SOURCE)
TOTAL = sum(POINTS.values())
LATER_POINTS = points(read(SOLUTIONS / f"{LATER}.ipynb"))


def solution_of(gid: str) -> str:
    cell = next(c for c in SOURCE.cells if grade_id(c) == gid)
    return re.sub(r"[ \t]*### (BEGIN|END) SOLUTION\n", "", cell.source)


# Bugs injected into otherwise correct submissions -------------------------------------------

LINEAR = solution_of("linear")
WRONG_DW = LINEAR.replace("dW = X.T @ dout", "dW = -(X.T @ dout)")
SIGMOID = solution_of("sigmoid")
LOOPING_SIGMOID = SIGMOID.replace(
    'def sigmoid(z):\n    """', 'def sigmoid(z):\n    while True:\n        pass\n    """', 1
)
# A loop the interrupt cannot stop (SIGINT ignored), like a long computation in C code.
STUCK_LINEAR = LINEAR.replace(
    'def linear_forward(X, W, b):\n    """',
    "def linear_forward(X, W, b):\n    import signal\n\n"
    "    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    '    while True:\n        pass\n    """',
    1,
)
# The naive sigmoid: np.exp overflows for z = -1000 and prints a RuntimeWarning; the value is right,
# but the exercise asks for a stable sigmoid, and the checks now say so (mistake "overflow").
NAIVE_SIGMOID = re.sub(
    r"(def sigmoid\(z\):\n    \"\"\".*?\"\"\"\n).*?(\ndef )",
    r"\1    return 1.0 / (1.0 + np.exp(-z))\n\2",
    SIGMOID,
    flags=re.S,
)
# Correct, with a line left over from debugging that prints a numpy RuntimeWarning (log of 0 in
# the visible test's X): a warning on stderr must not cost the points of a correct answer.
WARNING_LINEAR = LINEAR.replace(
    "def linear_forward(X, W, b):",
    'def linear_forward(X, W, b):\n    print("smallest log |x|:", np.log(np.abs(X)).min())',
    1,
)
# 4 GB inside linear_forward: above the grading kernel's 2 GiB address-space cap, but within
# this machine's memory, so a cap that stopped working would show up as points scored here.
MEMORY_HOG = LINEAR.replace(
    "def linear_forward(X, W, b):",
    "def linear_forward(X, W, b):\n    np.ones(2**29)",
    1,
)
TWO_LAYER = solution_of("two_layer")
CRASHING_TWO_LAYER = TWO_LAYER.replace(
    "def two_layer_backward(dout, cache):",
    "def two_layer_backward(dout, cache):\n    import os\n\n    os._exit(1)",
    1,
)

# Which graded cells each bug must fail (everything else must pass) -------------------------
# Each function has a test cell pair of its own (visible, hidden). The composite functions are
# checked with stand-in parts (nnlearn.standins) in their visible cells and with the instructor's
# parts in their hidden ones, and a part whose own checks did not pass is never run by a later
# cell: so a mistake costs the cells of its own function only.
# - dW with the wrong sign: the linear_backward tests. The visible two-layer checks use stand-in
#   layers (and only note that the student's own linear_backward is wrong); the hidden two-layer
#   tests substitute the reference layers.
# - a sigmoid that never returns: the sigmoid tests (interrupted by the timeout). sigmoid_forward
#   and sigmoid_backward are checked with a stand-in sigmoid, the two-layer network with stand-in
#   layers, and the student's sigmoid, which has not passed its checks, is not run again.
# - a linear_forward that ignores the interrupt: its first caller (the visible linear_forward
#   test) times out; the student's process does not stop when interrupted, so it is killed with
#   everything it defined: the linear tests after it fail (linear_backward's visible test does not
#   run linear_forward, whose checks did not pass; the hidden ones find no function). The
#   two-layer cell runs in a fresh student process; its tests use stand-in or reference layers and
#   pass: the stuck layer is charged in its own cells only. The sigmoid tests, graded before, keep
#   their points.
# - a syntax error in the linear cell: no linear function exists (NameError) for the linear
#   tests; the two-layer tests use stand-in or reference layers.
# - a linear_forward that runs out of memory: MemoryError in the linear tests that call it.
# - os._exit in two_layer_backward: the student's process ends in the first cell calling it (the
#   visible two_layer_backward test); no answer cell follows to define the functions again, so the
#   hidden two_layer_backward test fails too.
# - the naive sigmoid: its values are right, but it overflows. The visible sigmoid test sees the
#   warning and fails. The hidden one does not see it again: the student's process prints a
#   warning once per line of code (Python's default), and it printed this one in the visible test.
# - a correct linear_forward that prints a RuntimeWarning: nothing fails.
LINEAR_CELLS = {
    "test_linear_forward",
    "test_linear_forward_hidden",
    "test_linear_backward",
    "test_linear_backward_hidden",
}
FAILS = {
    "correct": set(),
    "stub": set(POINTS),
    "wrong_gradient": {"test_linear_backward", "test_linear_backward_hidden"},
    "infinite_loop": {"test_sigmoid", "test_sigmoid_hidden"},
    "ignores_interrupt": LINEAR_CELLS,
    "syntax_error": LINEAR_CELLS,
    "deleted_test_cells": set(),
    "naive_sigmoid": {"test_sigmoid"},
    "runtime_warning": set(),
    "kernel_crash": {"test_two_layer_backward", "test_two_layer_backward_hidden"},
    "memory_hog": LINEAR_CELLS,
    "misnamed": set(),
}


DELETED = ("test_linear_backward", "test_linear_backward_hidden")


def _deleted_test_cells():
    """Correct code whose linear_backward test cells were deleted: they are put back and pass."""
    nb = submission(CHAPTER)
    nb.cells = [c for c in nb.cells if grade_id(c) not in DELETED]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs = root / "submissions"
    for chapter in ALL_CHAPTERS:
        for student, nb in [
            ("correct", submission(chapter)),
            ("stub", read(CHAPTERS / f"{chapter}.ipynb")),
        ]:
            (subs / student).mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, subs / student / f"{chapter}.ipynb")
    notebooks = {
        "wrong_gradient": submission(CHAPTER, {"linear": WRONG_DW}),
        "infinite_loop": submission(CHAPTER, {"sigmoid": LOOPING_SIGMOID}),
        "ignores_interrupt": submission(CHAPTER, {"linear": STUCK_LINEAR}),
        "syntax_error": submission(CHAPTER, {"linear": "def linear_forward(X, W, b)\n    pass\n"}),
        "deleted_test_cells": _deleted_test_cells(),
        "naive_sigmoid": submission(CHAPTER, {"sigmoid": NAIVE_SIGMOID}),
        "runtime_warning": submission(CHAPTER, {"linear": WARNING_LINEAR}),
        "kernel_crash": submission(CHAPTER, {"two_layer": CRASHING_TWO_LAYER}),
        "memory_hog": submission(CHAPTER, {"linear": MEMORY_HOG}),
    }
    for student, nb in notebooks.items():
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / f"{CHAPTER}.ipynb")
    (subs / "chapter4_stubs").mkdir()
    nbformat.write(
        read(CHAPTERS / f"{CHAPTER}.ipynb"), subs / "chapter4_stubs" / f"{CHAPTER}.ipynb"
    )
    nbformat.write(submission(LATER), subs / "chapter4_stubs" / f"{LATER}.ipynb")
    (subs / "misnamed").mkdir()
    nbformat.write(submission(CHAPTER), subs / "misnamed" / "backprop (1).ipynb")
    (subs / "malformed").mkdir()
    (subs / "malformed" / f"{CHAPTER}.ipynb").write_text('{"cells": [')
    (subs / "missing").mkdir()
    (subs / "missing" / "notes.txt").write_text("I forgot to upload it")
    before = {p: p.read_bytes() for p in subs.rglob("*") if p.is_file()}

    course = root / "course"
    log = []
    environment = dict(os.environ)
    # 15 s of own time per cell: chapter 5's training cell, correct, is charged about 4.7 s (its
    # 16,000 calls into the kernel's chapter 4 functions, the student's side of each message).
    outcomes = grade(subs, course, settings=Settings(timeout=15), progress=log.append)
    return {
        "environment": (environment, dict(os.environ)),
        "outcomes": {(o.student, o.chapter): o for o in outcomes},
        "course": course,
        "subs": subs,
        "before": before,
        "log": log,
    }


def cell_scores(course, student, chapter=CHAPTER) -> dict[str, float]:
    from nbgrader.api import Gradebook

    from autograder.coursedir import COURSE_ID

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        nb = gb.find_submission_notebook(chapter, chapter, student)
        return {g.name: g.score for g in nb.grades}


def test_the_bugs_were_really_injected():
    assert WRONG_DW != LINEAR and LOOPING_SIGMOID != SIGMOID
    assert NAIVE_SIGMOID != SIGMOID and CRASHING_TWO_LAYER != TWO_LAYER
    assert MEMORY_HOG != LINEAR and STUCK_LINEAR != LINEAR and WARNING_LINEAR != LINEAR
    assert set().union(*FAILS.values()) <= set(POINTS)


@pytest.mark.parametrize("chapter", ALL_CHAPTERS)
def test_every_chapter_solved_scores_full_marks_and_its_stub_zero(graded, chapter):
    chapter_points = points(read(SOLUTIONS / f"{chapter}.ipynb"))
    solved = graded["outcomes"][("correct", chapter)]
    assert solved.status == "graded", solved
    assert cell_scores(graded["course"], "correct", chapter) == chapter_points
    assert solved.score == solved.max_score == sum(chapter_points.values())
    stub = cell_scores(graded["course"], "stub", chapter)
    assert stub == dict.fromkeys(chapter_points, 0.0), "a test cell passes on the released stub"


@pytest.mark.parametrize("student", sorted(FAILS))
def test_each_cell_scores_as_reasoned(graded, student):
    outcome = graded["outcomes"][(student, CHAPTER)]
    assert outcome.status == "graded", outcome
    scores = cell_scores(graded["course"], student)
    assert set(scores) == set(POINTS), "every test cell is graded, deleted ones included"
    failed = {gid for gid, score in scores.items() if score < POINTS[gid]}
    assert failed == FAILS[student]
    assert outcome.score == TOTAL - sum(POINTS[g] for g in FAILS[student])
    assert outcome.max_score == TOTAL


def test_deleted_test_cells_are_reported(graded):
    outcome = graded["outcomes"][("deleted_test_cells", CHAPTER)]
    assert outcome.flags == [
        f"test cell {gid} deleted: put back from the release and graded" for gid in DELETED
    ]
    report = {
        (r["student"], r["chapter"]): r
        for r in csv.DictReader(open(graded["course"] / "report.csv"))
    }
    reason = report[("deleted_test_cells", CHAPTER)]["reason"]
    assert reason.startswith("flagged for review: test cell test_linear_backward deleted"), reason
    from nbgrader.api import Gradebook

    from autograder.coursedir import COURSE_ID

    with Gradebook(f"sqlite:///{graded['course'] / 'gradebook.db'}", COURSE_ID) as gb:
        assert gb.find_submission_notebook(CHAPTER, CHAPTER, "deleted_test_cells").flagged
        assert not gb.find_submission_notebook(CHAPTER, CHAPTER, "correct").flagged


def test_grading_leaves_this_process_environment_as_it_was(graded):
    """Kernels started later must not inherit the grading course's NNL_SOURCE_DIR."""
    before, after = graded["environment"]
    assert after == before


def test_a_mistake_in_chapter_4_costs_no_points_in_chapter_5(graded):
    assert graded["outcomes"][("chapter4_stubs", CHAPTER)].score == 0
    later = graded["outcomes"][("chapter4_stubs", LATER)]
    assert later.status == "graded", later
    assert cell_scores(graded["course"], "chapter4_stubs", LATER) == LATER_POINTS


def test_grading_chapter_5_alone_finds_chapter_4(tmp_path):
    """Only chapter 5 is graded, in a fresh course: chapter 4's source is there all the same."""
    student = tmp_path / "submissions" / "alice"
    student.mkdir(parents=True)
    nbformat.write(read(CHAPTERS / f"{CHAPTER}.ipynb"), student / f"{CHAPTER}.ipynb")
    nbformat.write(submission(LATER), student / f"{LATER}.ipynb")
    (outcome,) = grade(
        tmp_path / "submissions", tmp_path / "course", selected=[LATER], progress=lambda _: 0
    )
    assert (outcome.chapter, outcome.status) == (LATER, "graded"), outcome
    assert outcome.score == outcome.max_score == sum(LATER_POINTS.values())


def test_bad_input_is_reported_not_fatal(graded):
    out = graded["outcomes"]
    malformed = out[("malformed", CHAPTER)]
    assert malformed.status == "invalid" and "not valid JSON" in malformed.reason
    for chapter in ALL_CHAPTERS:
        assert out[("missing", chapter)].status == "missing"
        assert "the folder holds notes.txt" in out[("missing", chapter)].reason
    assert "misnamed" in out[("misnamed", CHAPTER)].reason
    assert out[("misnamed", CHAPTER)].score == TOTAL


def test_an_invalid_notebook_gets_a_feedback_page_saying_what_to_do(graded):
    page = graded["course"] / "feedback" / "malformed" / CHAPTER / f"{CHAPTER}.html"
    text = re.sub(r"<[^>]+>", "", page.read_text())
    assert f"Your file {CHAPTER}.ipynb was not graded: not valid JSON" in text
    assert "What to do" in text and "Open it in JupyterLab" in text


def test_submissions_are_never_modified(graded):
    now = {p: p.read_bytes() for p in graded["subs"].rglob("*") if p.is_file()}
    assert now == graded["before"]


def test_feedback_explains_without_revealing_hidden_tests(graded):
    feedback = graded["course"] / "feedback"
    for student in FAILS:
        assert (feedback / student / CHAPTER / f"{CHAPTER}.html").is_file(), student
    page = (feedback / "wrong_gradient" / CHAPTER / f"{CHAPTER}.html").read_text()
    assert "A sign is wrong" in page and "wrong-sign]" in page
    text = re.sub(r"<[^>]+>", "", page)
    hidden = {line for line in secret_lines() if "_h" in line or "check_gradient" in line}
    assert not [line for line in hidden if line in text]
    assert "BEGIN HIDDEN TESTS" not in page


@pytest.mark.parametrize(
    ("student", "words"),
    [
        ("memory_hog", "MemoryError"),
        ("kernel_crash", "the process running your code stopped while running this cell"),
        ("infinite_loop", "time limit of 15 s per cell"),
        ("ignores_interrupt", "did not stop when interrupted"),
        ("syntax_error", "SyntaxError"),
    ],
)
def test_feedback_names_what_stopped_a_submission(graded, student, words):
    page = graded["course"] / "feedback" / student / CHAPTER / f"{CHAPTER}.html"
    assert words in re.sub(r"<[^>]+>", "", page.read_text())


def test_csv_exports(graded):
    course = graded["course"]
    rows = list(csv.DictReader(open(course / "grades.csv")))
    exported = {(r["student_id"], r["assignment"]): float(r["raw_score"]) for r in rows}
    assert exported[("correct", CHAPTER)] == TOTAL
    assert exported[("stub", CHAPTER)] == 0
    assert (
        exported[("wrong_gradient", CHAPTER)]
        == graded["outcomes"][("wrong_gradient", CHAPTER)].score
    )
    report = {(r["student"], r["chapter"]): r for r in csv.DictReader(open(course / "report.csv"))}
    assert set(report) == set(graded["outcomes"])
    students = {p.name for p in graded["subs"].iterdir()}
    assert set(report) == {(s, ch) for s in students for ch in ALL_CHAPTERS}
    assert report[("malformed", CHAPTER)]["status"] == "invalid"
    assert json.dumps(graded["log"])  # progress lines were produced
    assert any("correct" in line for line in graded["log"])


def test_visible_test_cells_are_the_ones_students_see():
    released = {grade_id(c) for c in read(CHAPTERS / f"{CHAPTER}.ipynb").cells if nbgrader(c)}
    assert set(POINTS) <= released
