"""The public checks of chapter 2's losses and softmax, and their diagnoses.

* ``mse_loss`` on N = 4 examples of K = 3 outputs with targets 0, worked out by hand: the mean
  of all N K entries, halved or not (*mean-over-all-entries*, *mean-over-all-entries-halved*),
  a division by 2 K (*mean-over-outputs*), a sign put in front (*wrong-sign*); one example; the
  table of section 1; one example of one output;
* ``mse_loss_grad`` on the same: a division by N K or by K instead of N; the table of section
  1; one example of one output;
* ``cross_entropy_loss`` on the table of section 1: every class in the sum
  (*all-classes-in-loss*), a division by N K or K instead of N, the minus left out; a
  probability of exactly 0 for a wrong class;
* ``softmax`` on two rows worked out by hand, (0, ln 3, ln 4) and equal scores: a row that does
  not add up to 1 (*rows-not-normalised*); a max or a sum taken without ``keepdims=True``,
  refused by numpy on these scores and told apart on square scores (*max-not-per-row*); the
  same scores plus 1000 (no overflow); two rows far apart, shifted by the largest score of the
  whole array or of each column, its 0 / 0 left NaN or made 0 (*max-not-per-row*); a single
  row of shape (3,);
* ``softmax_cross_entropy_grad`` on four rows worked out by hand, one with a score of 1000, with
  a stand-in softmax that knows their probabilities: softmax left out (*forgot-softmax*), a
  division by K or by N K instead of N (*mean-over-outputs*, *mean-over-all-entries*); then
  with the student's own softmax (a note).
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_scalar, note_own_parts, quietly, unchanged
from nnlearn.standins import StandIn, substitute

__all__ = [
    "check_cross_entropy_loss",
    "check_mse_loss",
    "check_mse_loss_grad",
    "check_softmax",
    "check_softmax_cross_entropy_grad",
]


def check_mse_loss(mse_loss) -> None:
    """Check the student's ``mse_loss``."""
    # N = 4 examples, K = 3 outputs, targets 0: the squares add up to
    # 1 + 4 + 9 + (1 + 1 + 1) = 17, and the loss is 17 / (2 N) = 17 / 8.
    # Dividing by N K = 12 (the mean of all entries) gives 17 / 24, without the
    # 1/2 17 / 12; by 2 K = 6 instead of 2 N, 17 / 6; no 1/2, 17 / 4.
    answers = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 1.0]])
    zeros = np.zeros((4, 3))
    with unchanged(y_pred=answers, y=zeros):
        loss = mse_loss(answers, zeros)
    check_scalar(
        "mse_loss(answers, zeros), N = 4 examples, K = 3 outputs",
        loss,
        17 / 8,
        batch_size=4,
        half=True,
        mistakes={
            "mean-over-all-entries": 17 / 12,
            "mean-over-all-entries-halved": 17 / 24,
            "mean-over-outputs": 17 / 6,
            # A sum of squares is never negative: only a sign put in front
            # (no missing abs) makes it so.
            "wrong-sign": -17 / 8,
        },
    )
    # One example, K = 3 outputs: 1/2 (1 + 4 + 9) = 7. (With one example, the
    # mean over all N K = 3 entries and the mean over the K outputs agree.)
    one = np.array([[1.0, 2.0, 3.0]])
    with unchanged(y_pred=one):
        loss = mse_loss(one, np.zeros((1, 3)))
    check_scalar("mse_loss([[1, 2, 3]], [[0, 0, 0]])", loss, 7.0)
    # The table of section 1: errors 1/2 (0.5^2 + 0.5^2) = 0.25,
    # 1/2 (0.6^2 + 0.6^2) = 0.36 and 1/2 (0.7^2 + 0.7^2) = 0.49;
    # their mean is (0.25 + 0.36 + 0.49) / 3 = 1.1 / 3.
    answers = np.array([[0.5, 0.5], [0.6, 0.4], [0.3, 0.7]])
    targets = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    with unchanged(y_pred=answers, y=targets):
        loss = mse_loss(answers, targets)
    check_scalar("mse_loss(answers, targets)", loss, 1.1 / 3, batch_size=3, half=True)
    # One example, one output: 1/2 (8 - 5)^2 = 9/2.
    check_scalar("mse_loss([[8]], [[5]])", mse_loss(np.array([[8.0]]), np.array([[5.0]])), 4.5)


def check_mse_loss_grad(mse_loss_grad) -> None:
    """Check the student's ``mse_loss_grad``."""
    # With targets 0 the gradient is the answers divided by N = 4 (K = 3 outputs).
    answers = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 1.0]])
    zeros = np.zeros((4, 3))
    with unchanged(y_pred=answers, y=zeros):
        grad = mse_loss_grad(answers, zeros)
    check_array(
        "mse_loss_grad(answers, zeros)",
        grad,
        answers / 4,
        batch_size=4,
        half=True,
        mistakes={
            "mean-over-all-entries": answers / 12,
            "mean-over-outputs": answers / 3,  # divided by K = 3 instead of N = 4
        },
    )
    # The table of section 1: (answers - targets) / N with N = 3.
    answers = np.array([[0.5, 0.5], [0.6, 0.4], [0.3, 0.7]])
    targets = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    with unchanged(y_pred=answers, y=targets):
        grad = mse_loss_grad(answers, targets)
    check_array(
        "mse_loss_grad(answers, targets)",
        grad,
        np.array([[-0.5, 0.5], [0.6, -0.6], [-0.7, 0.7]]) / 3,
        batch_size=3,
        half=True,
    )
    # One example, one output: the gradient of 1/2 (8 - 5)^2 is 8 - 5 = 3.
    check_array(
        "mse_loss_grad([[8]], [[5]])",
        mse_loss_grad(np.array([[8.0]]), np.array([[5.0]])),
        [[3.0]],
    )


def check_cross_entropy_loss(cross_entropy_loss) -> None:
    """Check the student's ``cross_entropy_loss``."""
    # The table of section 1 again. The probabilities of the right answers are
    # 0.5, 0.4 and 0.3: loss = -(ln 0.5 + ln 0.4 + ln 0.3) / 3 = -ln(0.06) / 3.
    answers = np.array([[0.5, 0.5], [0.6, 0.4], [0.3, 0.7]])
    targets = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    with unchanged(p=answers, y=targets):
        loss = cross_entropy_loss(answers, targets)
    check_scalar(
        "cross_entropy_loss(answers, targets)",
        loss,
        -np.log(0.06) / 3,
        batch_size=3,
        mistakes={
            "all-classes-in-loss": -np.sum(np.log(answers)) / 3,
            "mean-over-all-entries": -np.log(0.06) / 6,
            "mean-over-outputs": -np.log(0.06) / 2,  # / K = 2, not / N = 3
            "wrong-sign": np.log(0.06) / 3,  # the minus in front left out
        },
    )
    # A probability of exactly 0 for a wrong class adds nothing:
    # -(ln 1 + ln 0.75) / 2.
    sure = np.array([[1.0, 0.0], [0.25, 0.75]])
    check_scalar(
        "cross_entropy_loss([[1, 0], [0.25, 0.75]], [[1, 0], [0, 1]])",
        cross_entropy_loss(sure, np.array([[1.0, 0.0], [0.0, 1.0]])),
        -np.log(0.75) / 2,
    )


def check_softmax(softmax) -> None:
    """Check the student's ``softmax``."""
    # Row 1: softmax(0, ln 3, ln 4) = (1, 3, 4) / (1 + 3 + 4) = (1/8, 3/8, 1/2).
    # Row 2: equal scores share equally, 1/3 each.
    z = np.array([[0.0, np.log(3.0), np.log(4.0)], [2.0, 2.0, 2.0]])
    expected = np.array([[0.125, 0.375, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    # A max or a row sum taken without keepdims=True has shape (N,) = (2,), which numpy cannot
    # subtract from (or divide into) the (2, 3) scores. Which of the two it was shows on square
    # scores, where numpy pairs row k's max (or sum) with column k: scores ln A,
    # A = [[1, 2, 4], [2, 1, 1], [1, 3, 1]], whose rows' largest entries are 4, 2, 3.
    # exp(z - max) is then A[n, k] / 4, 2 or 3 (column k = 0, 1, 2), each row divided by its own
    # sum: row 1 (1/4, 1, 4/3) over 31/12. With the sum too without keepdims, column k is
    # divided by row k's sum of those instead: 31/12, 8/3, 25/12. The sum alone: exp(z - max) is
    # A[n, k] divided by row n's largest entry, and column k is divided by row k's sum 7/4, 2,
    # 5/3 (a mistake no catalogued cause names).
    square = np.log([[1.0, 2.0, 4.0], [2.0, 1.0, 1.0], [1.0, 3.0, 1.0]])
    without_keepdims = [
        (
            "max-not-per-row",
            [[3 / 31, 12 / 31, 16 / 31], [3 / 8, 3 / 8, 1 / 4], [3 / 25, 18 / 25, 4 / 25]],
        ),
        (
            "max-not-per-row",
            [[3 / 31, 3 / 4, 16 / 25], [6 / 31, 3 / 8, 4 / 25], [3 / 31, 9 / 8, 4 / 25]],
        ),
        (None, [[1 / 7, 1 / 4, 3 / 5], [4 / 7, 1 / 4, 3 / 10], [4 / 21, 1 / 2, 1 / 5]]),
    ]
    with unchanged(
        z=z,
        refusals=[
            ("max-not-per-row", lambda dot: z - np.max(z, axis=-1)),
            (None, lambda dot: z / np.sum(z, axis=-1)),
        ],
        settle=(lambda: softmax(square), without_keepdims),
    ):
        probabilities = softmax(z)

    def rows_hint(p):
        """Name the mistake when the rows of p do not add up to 1."""
        if isinstance(p, np.ndarray) and p.shape == z.shape:
            if not np.allclose(np.sum(p, axis=-1), 1.0):
                return {"rows-not-normalised": p}
        return {}

    check_array("softmax(z)", probabilities, expected, mistakes=rows_hint(probabilities))
    # Adding 1000 to every score changes nothing, and must not overflow.
    shifted = quietly("softmax(z + 1000)", softmax, z + 1000.0)
    check_array("softmax(z + 1000)", shifted, expected)
    # Rows far apart: the first row's scores are near 1000, the second's near 0. Each row is
    # shifted by its own largest score, so both come out exact: (1, 3, 4) / 8 and (4, 3, 1) / 8.
    # A shift by the largest score of the whole array (or of each column) leaves the second row
    # at exp(-1000) = 0 in every entry, and 0 / 0.
    far = np.log([[1.0, 3.0, 4.0], [4.0, 3.0, 1.0]]) + [[1000.0], [0.0]]
    far_expected = np.array([[0.125, 0.375, 0.5], [0.5, 0.375, 0.125]])
    with unchanged(z=far):
        apart = quietly(
            "softmax of two rows far apart",
            softmax,
            far,
            # The whole array's largest score (the first row's, ln 4 + 1000) or each column's
            # (the first row's again, so it becomes 1/3 each).
            hypotheses=[
                ("max-not-per-row", ([[1 / 8, 3 / 8, 1 / 2], [np.nan] * 3], "invalid")),
                ("max-not-per-row", ([[1 / 3] * 3, [np.nan] * 3], "invalid")),
                # the same with the 0 / 0 made 0 afterwards (np.nan_to_num): the warning stays
                ("max-not-per-row", ([[1 / 8, 3 / 8, 1 / 2], [0.0] * 3], "invalid")),
                ("max-not-per-row", ([[1 / 3] * 3, [0.0] * 3], "invalid")),
            ],
        )
    check_array("softmax of two rows far apart", apart, far_expected, mistakes=rows_hint(apart))
    # A single row of shape (3,): scores ln 1, ln 2, ln 5 give [1, 2, 5] / 8.
    check_array(
        "softmax(np.log([1, 2, 5]))", softmax(np.log([1.0, 2.0, 5.0])), [0.125, 0.25, 0.625]
    )


def check_softmax_cross_entropy_grad(softmax_cross_entropy_grad, namespace: dict) -> None:
    """Check the student's ``softmax_cross_entropy_grad``. ``namespace``: the notebook's
    ``globals()``, where the student's ``softmax`` is (a stand-in replaces it there while the
    function runs)."""
    # Row 1: scores (0, ln 3, ln 4) give (1, 3, 4) / 8; target class 2:
    #   (1/8, 3/8 - 1, 4/8) = (0.125, -0.625, 0.5).
    # Row 2: equal scores give 1/3 each; target class 1: (-2/3, 1/3, 1/3).
    # Row 3: scores (1000, 0, 0) give (1, 0, 0) (e^-1000 is 0 in float64);
    #   target class 1: (0, 0, 0).
    # Row 4: scores (0, 0, ln 2) give (1, 1, 2) / 4; target class 3:
    #   (1/4, 1/4, 1/2 - 1) = (0.25, 0.25, -0.5).
    # Then divide by N = 4 (not K = 3: dividing by K, or by N K, shows). Row 3's score 1000
    # overflows np.exp unless the largest score is subtracted first.
    z = np.array(
        [
            [0.0, np.log(3.0), np.log(4.0)],
            [5.0, 5.0, 5.0],
            [1000.0, 0.0, 0.0],
            [0.0, 0.0, np.log(2.0)],
        ]
    )
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    probabilities = np.array(
        [
            [1 / 8, 3 / 8, 1 / 2],
            [1 / 3, 1 / 3, 1 / 3],
            [1, 0, 0],
            [1 / 4, 1 / 4, 1 / 2],
        ]
    )
    expected = np.array(
        [
            [0.125, -0.625, 0.5],
            [-2 / 3, 1 / 3, 1 / 3],
            [0.0, 0.0, 0.0],
            [0.25, 0.25, -0.5],
        ]
    )
    # A stand-in for softmax that knows the probabilities of these scores checks
    # softmax_cross_entropy_grad alone, whatever the student's softmax does.
    stand_in = StandIn("softmax", [((z,), probabilities)])
    with substitute(namespace, softmax=stand_in), unchanged(z=z, y=y):
        grad = quietly("softmax_cross_entropy_grad(z, y)", softmax_cross_entropy_grad, z, y)
    check_array(
        "softmax_cross_entropy_grad(z, y)",
        grad,
        expected / 4,
        batch_size=4,
        mistakes={
            "forgot-softmax": (z - y) / 4,
            "mean-over-all-entries": expected / (4 * 3),
            "mean-over-outputs": expected / 3,  # divided by K = 3, not N = 4
        },
    )
    # The same with the student's own softmax (its own test says what is wrong with it).
    note_own_parts(
        "softmax_cross_entropy_grad",
        lambda: softmax_cross_entropy_grad(z, y),
        expected / 4,
        "softmax",
    )
