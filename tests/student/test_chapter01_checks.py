"""Chapter 1's test cells catch the mistakes they name and accept every correct answer.

Each case runs, in this process, the chapter's import cell, the four solution cells (some
replaced by a realistic mistake or by another correct answer) and then test cells, visible or
hidden, as nbgrader would. A test cell "fails" when it raises, and the message must say what
is wrong.
"""

import pytest
from support.nbutil import SOLUTIONS, grade_id, read, solution_source

from nnlearn.checks import forget_passed

NB = read(SOLUTIONS / "01_decision_boundaries.ipynb")
SETUP = next(c.source for c in NB.cells if c.cell_type == "code")
CELLS = {grade_id(c): c for c in NB.cells if grade_id(c)}
EXERCISES = ["step", "perceptron_predict", "accuracy", "xor_network"]


def run(test_cells: list[str], **answers: str) -> None:
    """Execute the solutions, with ``answers`` (grade_id -> source) replacing some."""
    forget_passed()  # a fresh notebook run: no check has passed yet
    namespace: dict = {}
    exec(SETUP, namespace)
    for gid in EXERCISES:
        exec(answers.get(gid) or solution_source(CELLS[gid]), namespace)
    for gid in test_cells:
        exec(CELLS[gid].source, namespace)


def failure(test_cells: list[str], **answers: str) -> str:
    with pytest.raises(Exception) as info:  # noqa: PT011 - any failure; the message is checked
        run(test_cells, **answers)
    return str(info.value)


def xor_answer(W_hidden, b_hidden, w_out, b_out) -> str:
    return f"""
def xor_network(X):
    A = step(X @ np.array({W_hidden}) + np.array({b_hidden}))
    return step(A @ np.array({w_out}) + {b_out})
"""


STEP_TESTS = ["test_step", "test_step_hidden"]
PERCEPTRON_TESTS = ["test_perceptron_predict", "test_perceptron_predict_hidden"]
ACCURACY_TESTS = ["test_accuracy", "test_accuracy_hidden"]
XOR_TESTS = ["test_xor_network", "test_xor_network_hidden"]
ALL_TESTS = STEP_TESTS + PERCEPTRON_TESTS + ACCURACY_TESTS + XOR_TESTS

# Unit 1 fires where x1 - x2 >= 0.5, unit 2 where x2 - x1 >= 0.5, the output is their OR: a
# correct network other than the instructor's. x1 - x2 stays within 0.4 of its corner value
# (-1, 0 or 1) inside each square, so no line enters a square.
WIDE = xor_answer([[1.0, -1.0], [-1.0, 1.0]], [-0.5, -0.5], [1.0, 1.0], -0.5)
# Lines through the corners: x1 + x2 = 1 and x1 + x2 = 2. Right on the truth table only
# because step(0) = 1; at (0.8, 0.8) both sums are 1.6 -> a1 = 1, a2 = 0 -> answer 1, wrong.
THROUGH_CORNERS = xor_answer([[1.0, 1.0], [1.0, 1.0]], [-1.0, -2.0], [1.0, -1.0], -0.5)
# Unit 1 fires where x1 + 0.4 x2 >= 0.3 (a tilted "or" line), unit 2 where x1 + x2 >= 1.5.
# Right on the corners and on the four square corners the visible check uses, e.g.
# (0.2, 0.2): 0.2 + 0.08 - 0.3 < 0; but at (-0.2, 0.8), in the square of (0, 1):
# -0.2 + 0.32 - 0.3 < 0, so unit 1 is silent and the answer is 0 instead of 1.
TILTED = xor_answer([[1.0, 1.0], [0.4, 1.0]], [-0.3, -1.5], [1.0, -1.0], -0.5)


def test_the_solutions_pass_every_test_cell():
    run(ALL_TESTS)


def test_another_correct_xor_network_passes():
    run(XOR_TESTS, xor_network=WIDE)


@pytest.mark.parametrize(
    ("answer", "cells", "words"),
    [
        ("def step(z):\n    return np.where(z > 0, 1.0, 0.0)", STEP_TESTS[:1], "not z > 0"),
        ("def step(z):\n    return np.where(z > 0, 1.0, 0.0)", STEP_TESTS[1:], "not z > 0"),
        ("def step(z):\n    return np.where(z >= 0, 0.0, 1.0)", STEP_TESTS[:1], "swapped"),
        ("def step(z):\n    return z >= 0", STEP_TESTS[:1], "dtype bool"),
        ("def step(z):\n    return (z >= 0) * 1", STEP_TESTS[:1], "dtype int64"),
        (
            "def step(z):\n    z[z >= 0] = 1.0\n    z[z < 0] = 0.0\n    return z",
            STEP_TESTS[:1],
            "modified its input z",
        ),
        (  # right on floats, but keeps the dtype of an integer input
            "def step(z):\n    out = np.zeros_like(z)\n    out[z >= 0] = 1\n    return out",
            STEP_TESTS[1:],
            "integer array has dtype int64",
        ),
    ],
)
def test_step_mistakes_are_named(answer, cells, words):
    assert words in failure(cells, step=answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("def perceptron_predict(X, w, b):\n    return step(X @ w)", "forgot the bias"),
        (
            "def perceptron_predict(X, w, b):\n    return step(X @ w.reshape(2, 1) + b)",
            "has shape (6, 1), expected (6,)",
        ),
        ("def perceptron_predict(X, w, b):\n    return X @ w + b", "wrong values"),
    ],
)
def test_perceptron_mistakes_are_named(answer, words):
    assert words in failure(PERCEPTRON_TESTS[:1], perceptron_predict=answer)
    assert failure(PERCEPTRON_TESTS[1:], perceptron_predict=answer)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("float(np.sum(y_pred == y))", "N = 4 times too large"),
        ("float(np.mean(y_pred != y))", "fraction of mistakes"),
        ("100 * float(np.mean(y_pred == y))", "percentage"),
        ("np.asarray(np.mean(y_pred == y))", "should return a float"),
        # A count is a count, whatever its type: the missing division is what matters.
        ("int(np.sum(y_pred == y))", "N = 4 times too large"),
    ],
)
def test_accuracy_mistakes_are_named(body, words):
    answer = f"def accuracy(y_pred, y):\n    return {body}"
    assert words in failure(ACCURACY_TESTS[:1], accuracy=answer)
    assert failure(ACCURACY_TESTS[1:], accuracy=answer)


def test_xor_through_the_corners_passes_the_truth_table_only():
    message = failure(XOR_TESTS[:1], xor_network=THROUGH_CORNERS)
    assert "near the corners" in message and "runs through a dotted square" in message
    assert failure(XOR_TESTS[1:], xor_network=THROUGH_CORNERS)


# The OR line x1 + x2 = 1 through the corners (0, 1) and (1, 0), the AND line where it belongs:
# right at the four corners and at (0.2, 0.8) and (0.8, 0.2), which are on the line (step(0) =
# 1); wrong at (0.85, 0.1), just inside the square of (1, 0): 0.95 < 1.
OR_ON_CORNERS = xor_answer([[1.0, 1.0], [1.0, 1.0]], [-1.0, -1.5], [1.0, -1.0], -0.5)
# The OR line x1 + x2 = 0 through the corner (0, 0): wrong there, right at (-0.1, -0.1).
OR_AT_ORIGIN = xor_answer([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.5], [1.0, -1.0], -0.5)
# NOT AND: wrong at (0, 0) too (the same four answers), but also everywhere around it.
NAND = xor_answer([[1.0, 1.0], [1.0, 1.0]], [-0.5, -1.5], [0.0, -1.0], 0.5)


def test_an_or_line_on_two_corners_fails_the_visible_points_inside_their_squares():
    message = failure(XOR_TESTS[:1], xor_network=OR_ON_CORNERS)
    assert "near the corners" in message and "5: expected 1, got 0" in message
    assert "runs through a dotted square" in message


def test_a_wrong_corner_names_no_line_through_its_square():
    """A right point in a wrong corner's square was once read as a line through it; a blind
    author gave that network no cause, and NOT AND gives the same four answers."""
    for network in (OR_AT_ORIGIN, NAND):
        message = failure(XOR_TESTS[:1], xor_network=network)
        assert "at the four corners" in message and "dotted square" not in message


def test_a_line_that_cuts_a_square_far_from_the_centre_fails_visible_and_hidden_points():
    # (-0.2, 0.8), an outer corner of the square round (0, 1), is a visible point
    assert "8: expected 1, got 0" in failure(XOR_TESTS[:1], xor_network=TILTED)
    assert "within 0.2 of the corners" in failure(XOR_TESTS[1:], xor_network=TILTED)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (xor_answer([[1.0, 1.0], [1.0, 1.0]], [-0.5, -1.5], [1.0, 0.0], -0.5), "computes OR"),
        (xor_answer([[1.0, 1.0], [1.0, 1.0]], [-0.5, -1.5], [0.0, 1.0], -0.5), "computes AND"),
        (xor_answer([[1.0, 1.0], [1.0, 1.0]], [-0.5, -1.5], [-1.0, 1.0], 0.5), "opposite"),
        (
            "def xor_network(X):\n    return np.array([0.0, 1.0, 1.0, 0.0])",
            "near the corners",
        ),
    ],
)
def test_xor_mistakes_are_named(answer, words):
    assert words in failure(XOR_TESTS[:1], xor_network=answer)


def test_a_broken_step_costs_points_only_in_its_own_cells():
    broken = "def step(z):\n    raise NotImplementedError()"
    assert failure(STEP_TESTS[:1], step=broken) == ""
    run(["test_perceptron_predict_hidden", "test_xor_network_hidden"], step=broken)


def test_xor_shape_mistakes_get_the_shape_message_not_the_line_hint():
    column = "def xor_network(X):\n    return np.zeros((len(X), 1))"
    message = failure(XOR_TESTS[1:], xor_network=column)
    assert "has shape (4, 1), expected (4,)" in message and "line" not in message
