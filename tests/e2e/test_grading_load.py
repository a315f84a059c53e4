"""Grades that do not depend on the machine: a busy grader gives the scores an idle one gives.

The class of tests/e2e/test_grading_e2e.py is graded there on an idle machine, and its expected
scores are reasoned out cell by cell (``FAILS``). Here a representative part of it is graded
again on a machine made busy on purpose (tests/support/load.py): every chapter solved, and the
submissions whose code never stops (an endless loop, a loop that ignores the interrupt, a sleep
loop). Each must score exactly what it scores idle. Chapter 5, whose training cells are the
longest of the course, is graded on 5% of one core; the rest beside three CPU burners per
core, with a limit of 5 s per cell (their longest cell is charged about 0.9 s idle). Time limits
charge the student's code its own time (autograder/owntime.py), so a correct cell is not stopped
because other work held the CPU, and the endless loops are stopped all the same.
"""

import os

import nbformat
import pytest
from support.load import burners, kernels_on_quota
from support.nbutil import SOLUTIONS, chapter_names, points, read, submission
from test_grading_e2e import (
    CHAPTER,
    FAILS,
    LATER,
    LATER_POINTS,
    LOOPING_SIGMOID,
    POINTS,
    SIGMOID,
    STUCK_LINEAR,
    cell_scores,
)

from autograder.grading.run import grade
from autograder.settings import Settings

pytestmark = pytest.mark.slow

SLEEPING_SIGMOID = SIGMOID.replace(
    'def sigmoid(z):\n    """',
    'def sigmoid(z):\n    import time\n\n    while True:\n        time.sleep(0.05)\n    """',
    1,
)
LOOPS = {
    "infinite_loop": LOOPING_SIGMOID,
    "ignores_interrupt": STUCK_LINEAR,
    "sleep_loop": SLEEPING_SIGMOID,
}
EXPECTED_FAILS = {
    "infinite_loop": FAILS["infinite_loop"],
    "ignores_interrupt": FAILS["ignores_interrupt"],
    # a sigmoid that sleeps forever fails where one that spins forever does (see FAILS)
    "sleep_loop": FAILS["infinite_loop"],
}


BUSY_CHAPTERS = [chapter for chapter in chapter_names() if chapter != LATER]  # LATER: 5% of a core


def test_the_sleep_loop_was_really_injected():
    assert SLEEPING_SIGMOID != SIGMOID


def test_a_correct_chapter_5_at_5_percent_of_one_core_scores_full_marks(tmp_path):
    """Idle it scores full marks (test_grading_e2e); its kernel and student process here get
    5% of one core, 20 times less than idle: a 30 s wall-clock limit per cell would stop
    cells that run 2 s idle."""
    student = tmp_path / "submissions" / "alice"
    student.mkdir(parents=True)
    nbformat.write(submission(LATER), student / f"{LATER}.ipynb")
    with kernels_on_quota(0.05) as moved:
        (outcome,) = grade(
            tmp_path / "submissions", tmp_path / "course", selected=[LATER], progress=print
        )
    assert moved, "no grading kernel was put on the quota"
    assert outcome.status == "graded", outcome
    assert cell_scores(tmp_path / "course", "alice", LATER) == LATER_POINTS


@pytest.fixture(scope="module")
def busy_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("busy")
    subs = root / "submissions"
    for chapter in BUSY_CHAPTERS:
        (subs / "correct").mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(chapter), subs / "correct" / f"{chapter}.ipynb")
    for student, source in LOOPS.items():
        cell = "linear" if source is STUCK_LINEAR else "sigmoid"
        (subs / student).mkdir()
        nbformat.write(submission(CHAPTER, {cell: source}), subs / student / f"{CHAPTER}.ipynb")
    with burners(3 * (os.cpu_count() or 1)):  # three CPU-burning processes per core
        grade(subs, root / "course", settings=Settings(timeout=5), jobs=2, progress=print)
    return root / "course"


@pytest.mark.parametrize("chapter", BUSY_CHAPTERS)
def test_on_a_busy_machine_every_chapter_solved_scores_full_marks(busy_class, chapter):
    expected = points(read(SOLUTIONS / f"{chapter}.ipynb"))
    assert cell_scores(busy_class, "correct", chapter) == expected


@pytest.mark.parametrize("student", sorted(LOOPS))
def test_on_a_busy_machine_code_that_never_stops_is_stopped_as_when_idle(busy_class, student):
    scores = cell_scores(busy_class, student)
    failed = {gid for gid, score in scores.items() if score < POINTS[gid]}
    assert failed == EXPECTED_FAILS[student]
