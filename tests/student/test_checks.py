"""The diagnostic checks: each common mistake is named, and a correct answer passes.

Every "wrong" input is the correct value with one deliberate, realistic bug applied, so each test
fails if its diagnosis is lost or misattributed. Failures are read by their mistake ids
(``CheckFailure.mistakes``, and the trailer line of the message), as the class report reads them.
"""

import warnings

import numpy as np
import pytest

from autograder.hidden.gradcheck import check_gradient, numerical_gradient, relative_error
from nnlearn.checks import (
    CheckFailure,
    check_array,
    check_keys,
    check_scalar,
    check_that,
    check_tuple,
    check_unchanged,
    earlier,
    forget_passed,
    has_passed,
    note_own_parts,
    passed,
    quietly,
    unchanged,
)
from nnlearn.mistakes import CATALOGUE, ids_in

RNG = np.random.default_rng(7)
N, D, M = 4, 3, 5
X = RNG.standard_normal((N, D))
W = RNG.standard_normal((D, M))
DOUT = RNG.standard_normal((N, M))
DW = X.T @ DOUT  # gradient of sum((X @ W) * DOUT) with respect to W, by hand


def loss_of_w(w):
    return float(np.sum((X @ w) * DOUT))


def failure(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def ids(fn, *args, **kwargs) -> tuple[str, ...]:
    """The mistake ids of the failure, checked against the message's trailer line."""
    with pytest.raises(CheckFailure) as info:
        fn(*args, **kwargs)
    assert tuple(ids_in(str(info.value))) == info.value.mistakes
    return info.value.mistakes


# --- numerical gradient itself ----------------------------------------------------------------


def test_numerical_gradient_matches_closed_form_and_leaves_input_alone():
    w = W.copy()
    grad = numerical_gradient(loss_of_w, w)
    assert np.array_equal(w, W)
    assert np.max(np.abs(grad - DW)) < 1e-8


def test_numerical_gradient_of_a_quadratic_any_shape():
    x = RNG.standard_normal((2, 3, 2))
    grad = numerical_gradient(lambda v: 0.5 * float(np.sum(v**2)), x)
    assert grad.shape == x.shape
    assert np.allclose(grad, x, atol=1e-8)


def test_relative_error_is_small_for_noise_near_zero_entries():
    a = np.array([1.0, 0.0])
    assert relative_error(a, np.array([1.0, 1e-12])).max() < 1e-8
    assert relative_error(a, np.array([-1.0, 0.0])).max() == pytest.approx(1.0)


# --- check_gradient: one test per diagnosis ---------------------------------------------------


def test_correct_gradient_passes_with_tiny_error():
    assert check_gradient("dW", DW.copy(), loss_of_w, W) < 1e-8


def test_wrong_sign():
    msg = failure(check_gradient, "dW", -DW, loss_of_w, W)
    assert "dW" in msg and "sign is wrong" in msg


@pytest.mark.parametrize(
    ("factor", "words", "mistake"),
    [
        (N, "N = 4 times too large", "not-divided-by-n"),
        (1 / N, "N = 4 times too small", "divided-by-n"),
    ],
)
def test_the_batch_size_factor_is_named(factor, words, mistake):
    msg = failure(check_gradient, "dW", factor * DW, loss_of_w, W, batch_size=N)
    assert words in msg
    assert ids(check_gradient, "dW", factor * DW, loss_of_w, W, batch_size=N) == (
        "gradient-differs",
        mistake,
    )


@pytest.mark.parametrize(("factor", "mistake"), [(2, "missing-half"), (0.5, "extra-half")])
def test_a_factor_2_is_the_loss_half_only_where_the_formula_has_one(factor, mistake):
    assert ids(check_array, "loss grad", factor * DW, DW, batch_size=N, half=True)[1:] == (mistake,)
    # A layer has no 1/2: the factor is reported as what it is, no cause is named.
    assert ids(check_array, "dW", factor * DW, DW, batch_size=N)[1:] == ("constant-factor",)


@pytest.mark.parametrize("factor", [2, 0.5])
def test_with_two_examples_a_factor_2_names_no_cause(factor):
    """N = 2: the batch size and the loss's 1/2 give the same factor; say neither."""
    grad = DW[:2]
    found = ids(check_array, "grad", factor * grad, grad, batch_size=2, half=True)
    assert found == ("values-differ", "constant-factor")


def test_one_number_is_given_no_unnamed_factor():
    assert ids(check_scalar, "loss", 0.37, 0.25, batch_size=4) == ("values-differ",)
    assert ids(check_array, "w", np.array([0.37]), [0.25]) == ("values-differ",)
    assert ids(check_scalar, "loss", 1.0, 0.25, batch_size=4)[1:] == ("not-divided-by-n",)


def test_sign_and_factor_combine():
    found = ids(check_array, "g", -N * DW, DW, batch_size=N)
    assert found == ("values-differ", "wrong-sign", "not-divided-by-n")


def test_unnamed_constant_factor_is_still_reported():
    msg = failure(check_gradient, "dW", 3.7 * DW, loss_of_w, W, batch_size=N)
    assert "same factor 3.7" in msg
    assert not CATALOGUE["constant-factor"].diagnosis, "a factor alone names no cause"


def test_transposed_shape():
    msg = failure(check_gradient, "dW", DW.T.copy(), loss_of_w, W)
    assert "shape (5, 3)" in msg and "transpose" in msg
    assert ids(check_gradient, "dW", DW.T.copy(), loss_of_w, W) == ("shape-differs", "transposed")


def test_transposed_values_of_a_square_gradient():
    w_sq = RNG.standard_normal((D, D))
    dout = RNG.standard_normal((N, D))
    grad = X.T @ dout
    msg = failure(
        check_gradient, "dW", grad.T.copy(), lambda w: float(np.sum((X @ w) * dout)), w_sq
    )
    assert "transpose of the right answer" in msg
    assert "transposed" in ids(check_array, "dW", grad.T.copy(), grad)


def test_forgot_to_sum_over_the_batch():
    b = np.zeros(M)
    msg = failure(
        check_gradient, "db", DOUT.copy(), lambda b_: float(np.sum((X @ W + b_) * DOUT)), b
    )
    assert "the batch axis is still there" in msg
    assert ids(check_array, "db", DOUT.copy(), np.zeros(M), batch_size=N)[1:] == (
        "forgot-batch-sum",
    )


def test_summed_over_the_wrong_axis():
    b = np.zeros(M)
    msg = failure(
        check_gradient,
        "db",
        DOUT.sum(axis=1),
        lambda b_: float(np.sum((X @ W + b_) * DOUT)),
        b,
        batch_size=N,
    )
    assert "wrong axis" in msg
    assert ids(check_array, "db", DOUT.sum(axis=1), np.zeros(M), batch_size=N)[1:] == (
        "wrong-sum-axis",
    )


def test_a_bias_gradient_summed_over_every_axis_is_named():
    """`db = dout.sum()` is a numpy number: not "use numpy operations", but "axis=0"."""
    msg = failure(check_array, "db", DOUT.sum(), DOUT.sum(axis=0), batch_size=N)
    assert "summed over every axis" in msg and "axis=0" in msg
    assert "numpy operations" not in msg
    assert ids(check_array, "db", DOUT.sum(), DOUT.sum(axis=0), batch_size=N) == (
        "shape-differs",
        "summed-all-axes",
    )


def test_all_zeros():
    msg = failure(check_gradient, "dW", np.zeros_like(DW), loss_of_w, W)
    assert "Every entry is zero" in msg


def test_nan_and_inf():
    bad = DW.copy()
    bad[0, 1] = np.nan
    bad[2, 2] = np.inf
    msg = failure(check_gradient, "dW", bad, loss_of_w, W)
    assert "NaN or inf" in msg and "overflow" in msg
    assert ids(check_gradient, "dW", bad, loss_of_w, W) == ("nan-or-inf",)


def test_float32_is_refused():
    msg = failure(check_gradient, "dW", DW.astype(np.float32), loss_of_w, W)
    assert "float32" in msg and "float64" in msg


def test_named_common_mistake_wins():
    z = RNG.standard_normal((N, M))
    s = 1 / (1 + np.exp(-z))
    dout = RNG.standard_normal((N, M))
    msg = failure(
        check_gradient,
        "dz",
        dout.copy(),
        lambda z_: float(np.sum(dout / (1 + np.exp(-z_)))),
        z,
        mistakes={"forgot-activation-derivative": dout},
    )
    assert "returned dout unchanged" in msg
    assert (
        check_gradient(
            "dz", dout * s * (1 - s), lambda z_: float(np.sum(dout / (1 + np.exp(-z_)))), z
        )
        < 1e-7
    )


def test_message_lists_entries_expected_vs_got():
    wrong = DW.copy()
    wrong[1, 2] += 1.0
    msg = failure(check_gradient, "dW", wrong, loss_of_w, W)
    assert "1 of 15 entries differ" in msg
    assert f"(1, 2): expected {DW[1, 2]:.8g}, got {wrong[1, 2]:.8g}" in msg


def test_returning_none_or_a_tuple_is_explained():
    assert "forget a `return`" in failure(check_gradient, "dW", None, loss_of_w, W)
    assert "tuple of 2 items" in failure(check_gradient, "dW", (DW, DW), loss_of_w, W)


# --- check_array / check_scalar / check_unchanged --------------------------------------------


def test_check_array_passes_and_orders_checks():
    check_array("out", X @ W, X @ W)
    assert "should be a numpy array, got list" in failure(check_array, "out", [1.0], np.ones(1))
    assert "has shape (3,), expected (4,)" in failure(check_array, "out", np.ones(3), np.ones(4))
    msg = failure(check_array, "out", np.ones(4, dtype=np.int64), np.ones(4))
    assert "dtype int64" in msg and "not `1`" in msg
    assert ids(check_array, "out", np.ones(4, dtype=np.int64), np.ones(4)) == ("integer-dtype",)
    msg = failure(check_array, "out", np.ones(4, dtype=bool), np.ones(4))
    assert "dtype bool" in msg and "True/False" in msg
    assert "float32" in failure(check_array, "out", np.ones(4, dtype=np.float32), np.ones(4))


def test_an_extra_axis_of_length_one_is_named():
    msg = failure(check_array, "out", np.ones((3, 1)), np.ones(3))
    assert "has shape (3, 1), expected (3,)" in msg and "axis of length 1 too many" in msg
    msg = failure(check_array, "db", np.ones((1, 4)), np.ones(4), batch_size=5)
    assert "keepdims" in msg
    assert "batch axis is still there" in failure(check_array, "db", np.ones((5, 4)), np.ones(4))


def test_check_array_diagnoses_values():
    msg = failure(check_array, "grad", -(X @ W), X @ W)
    assert "right shape but wrong values" in msg and "sign is wrong" in msg


def test_check_scalar():
    check_scalar("loss", np.float64(0.25), 0.25)
    assert "2 times too large" in failure(check_scalar, "loss", 0.5, 0.25, half=True)
    assert "2 times" not in failure(check_scalar, "loss", 0.5, 0.25), "no 1/2 in this formula"
    assert "single number, got shape (2,)" in failure(check_scalar, "loss", np.ones(2), 0.25)
    assert "N = 4 times too large" in failure(check_scalar, "loss", 1.0, 0.25, batch_size=4)


def test_check_unchanged_detects_in_place_modification():
    before = X.copy()
    after = X.copy()
    check_unchanged("X", before, after)
    after[0, 0] = 0.0
    assert "modified its input X in place" in failure(check_unchanged, "X", before, after)


def in_place_sigmoid_backward(dout, s):
    dout *= s * (1 - s)  # the in-place habit: the caller's dout is changed
    return dout


def test_an_input_modified_in_place_is_reported_before_any_value():
    """The issue's case: the result is right, but the caller's dout is gone."""
    s = 1 / (1 + np.exp(-X))
    dout = RNG.standard_normal(X.shape)
    expected = dout * s * (1 - s)

    def run():
        with unchanged(dout=dout, cache=s):
            got = in_place_sigmoid_backward(dout, s)
        check_array("dz", got, expected, mistakes={"forgot-activation-derivative": dout})

    assert ids(run) == ("input-modified",)
    assert "modified its input dout in place" in failure(run)


def test_unchanged_looks_inside_dicts_and_passes_errors_on():
    params = {"W1": W.copy()}
    with pytest.raises(CheckFailure, match=r'params\["W1"\]'):
        with unchanged(params=params):
            params["W1"][0, 0] += 1.0
    with pytest.raises(ZeroDivisionError), unchanged(x=X.copy()):
        _ = 1 / 0


def naive_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def stable_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def test_an_overflow_warning_is_named_even_where_the_value_is_right():
    z = np.array([-1000.0, 0.0, 1000.0])
    assert np.array_equal(naive_sigmoid(z), stable_sigmoid(z))  # the values agree ...
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ... even when the warning was shown before
        naive_sigmoid(z)
    assert ids(quietly, "sigmoid(z)", naive_sigmoid, z) == ("overflow",)
    assert np.array_equal(quietly("sigmoid(z)", stable_sigmoid, z), [0.0, 0.5, 1.0])


def test_a_warning_printed_by_another_process_is_seen(capsys):
    """While grading, the student's function runs elsewhere and its warning arrives as text."""
    import sys

    def remote(z):
        sys.stderr.write("<your cell>:2: RuntimeWarning: overflow encountered in exp\n")
        return z

    assert ids(quietly, "sigmoid(z)", remote, X) == ("overflow",)


def test_an_earlier_function_is_blamed_by_name_not_the_function_under_test():
    def run():
        with earlier("mse_loss_grad", "chapter 2"):
            check_array("mse_loss_grad", 3 * DW, DW, batch_size=3)

    with pytest.raises(CheckFailure) as info:
        run()
    assert info.value.mistakes == ("earlier-function-fails",)
    assert info.value.function == "mse_loss_grad"
    assert str(info.value).startswith(
        "Your mse_loss_grad from chapter 2 fails its checks. Fix it there first"
    )


def test_check_that_fails_with_a_symptom_unless_told_the_cause():
    check_that(True, "never shown")
    assert ids(check_that, False, "the loss went up") == ("wrong-behaviour",)
    assert ids(check_that, False, "the loss went up", "uphill") == ("uphill",)


def test_every_failure_message_ends_with_a_trailer_naming_known_ids():
    msg = failure(check_array, "grad", -(X @ W), X @ W)
    assert msg.splitlines()[-1].startswith("[mistakes: values-differ, wrong-sign]")
    assert ids_in(msg) == ["values-differ", "wrong-sign"]
    with pytest.raises(KeyError, match="no mistake"):
        CheckFailure("x", ["no-such-mistake"])


def test_passed_never_claims_all_tests(capsys):
    passed("linear_forward")
    out = capsys.readouterr().out
    assert "public checks for linear_forward passed" in out
    assert "all tests" not in out.lower()


def test_check_tuple_explains_a_wrong_return_structure():
    pair = (np.ones(2), "cache")
    assert check_tuple("f(z)", pair, 2) is pair
    assert "forget a `return`" in failure(check_tuple, "f(z)", None, 2)
    assert "tuple of 2 values, got a ndarray" in failure(check_tuple, "f(z)", np.ones(2), 2)
    assert "should return 3 values, got 2" in failure(check_tuple, "f(z)", pair, 3)


def test_check_keys_names_missing_and_unexpected_keys():
    grads = {"W1": 1, "b1": 2}
    assert check_keys("g", grads, ["W1", "b1"]) is grads
    assert "got a tuple" in failure(check_keys, "g", (1, 2), ["W1", "b1"])
    msg = failure(check_keys, "g", {"W1": 1, "db1": 2}, ["W1", "b1"])
    assert "missing ['b1']; unexpected ['db1']" in msg


# --- turn 3: causes named by construction, the message first, state that follows the student ---


def test_an_anticipated_mistake_that_a_generic_cause_also_explains_is_not_named():
    """2 x expected is both the anticipated mistake and the loss's missing 1/2: say neither."""
    found = ids(check_array, "g", 2 * DW, DW, batch_size=N, half=True, mistakes={"uphill": 2 * DW})
    assert found == ("values-differ",)
    assert ids(check_array, "g", 2 * DW, DW, mistakes={"uphill": 2 * DW}) == (
        "values-differ",
        "uphill",
    )


def test_no_factor_is_read_between_the_entries_of_a_constant_array():
    """A learning rate of 0 makes every expected entry the same: any constant answer is then
    "a factor" of it, which says nothing."""
    message = failure(check_array, "losses", np.full(3, 8.07 * 0.125), np.full(3, 0.125))
    assert "factor" not in message
    assert ids(check_array, "losses", np.full(3, 0.5), np.full(3, 0.125), batch_size=4)[1:] == (
        "not-divided-by-n",
    )


def test_a_failed_check_shows_its_message_and_no_traceback():
    with pytest.raises(CheckFailure) as info:
        check_array("dW", -DW, DW)
    shown = info.value._render_traceback_()
    assert shown[0].startswith("CheckFailure: dW has the right shape but wrong values")
    assert "checks.py" not in "\n".join(shown) and "Traceback" not in "\n".join(shown)


def linear_backward_without_t(dout, cache):
    x, w = cache
    dx = dout @ w
    return dx, x.T @ dout, dout.sum(axis=0)


def two_layer_with_w1_transposed(x, w1):
    return linear_forward_plain(x, w1.T)


def linear_forward_plain(x, w):
    return x @ w


def test_a_matmul_error_names_the_shapes_and_the_missing_transpose():
    with pytest.raises(CheckFailure) as info, unchanged(dout=DOUT):
        linear_backward_without_t(DOUT, (X, W))
    message = str(info.value)
    assert "dout has shape (4, 5) and w has shape (3, 5)" in message
    assert "dout @ w" in message and "w.T has shape (5, 3)" in message
    assert info.value.mistakes == ("shapes-do-not-fit", "missing-transpose")


def test_a_missing_transpose_where_weights_are_used_names_no_cause():
    """In two_layer_backward, `dz2 @ W2` is a weight matrix used transposed as much as a
    missing .T (the catalogue has both there): the shapes are said, no cause is named. The
    same line in linear_backward, where the catalogue has no weights-transposed, names it."""

    def two_layer_backward(dz2, w2):
        return dz2 @ w2

    with pytest.raises(CheckFailure) as info, unchanged():
        two_layer_backward(DOUT, W)
    assert "dz2 has shape (4, 5) and w2 has shape (3, 5)" in str(info.value)
    assert info.value.mistakes == ("shapes-do-not-fit",)

    def linear_backward(dz2, w2):
        return dz2 @ w2

    with pytest.raises(CheckFailure) as info, unchanged():
        linear_backward(DOUT, W)
    assert info.value.mistakes == ("shapes-do-not-fit", "missing-transpose")


def test_a_matmul_error_in_a_function_called_by_another_names_no_cause():
    """The operands came from the caller: the mistake may be there, not where numpy raised."""
    with pytest.raises(CheckFailure) as info, unchanged():
        two_layer_with_w1_transposed(X, W)
    assert "called by two_layer_with_w1_transposed" in str(info.value)
    assert info.value.mistakes == ("shapes-do-not-fit",)


def test_a_frame_that_hides_itself_is_not_a_caller_of_the_students_function():
    """A wrapper between the check and the student's function (the blind sets' in_notebook)
    marks its frame with __tracebackhide__: the student's function is still the one called,
    as in a notebook, so the line names the missing transpose."""

    def wrapper(*args):
        __tracebackhide__ = True
        return linear_backward_without_t(*args)

    with pytest.raises(CheckFailure) as info, unchanged(dout=DOUT):
        wrapper(DOUT, (X, W))
    assert "called by" not in str(info.value)
    assert info.value.mistakes == ("shapes-do-not-fit", "missing-transpose")


def test_a_broadcast_error_lists_the_arrays_and_other_errors_pass_on():
    def loss(y_pred, y):
        return float(np.sum((y_pred - y) ** 2))

    with pytest.raises(CheckFailure) as info, unchanged():
        loss(np.ones((4, 3)), np.ones(4))
    assert "y_pred (4, 3), y (4,)" in str(info.value)
    assert info.value.mistakes == ("shapes-do-not-fit",)
    with pytest.raises(ValueError, match="not numpy's"), unchanged():
        raise ValueError("not numpy's")


def test_a_broadcast_of_a_column_against_its_rows_names_no_cause():
    """b.reshape(-1, 1) of shape (M, 1) against X @ W of shape (N, M), N != M: the shapes are
    said in words, but no cause is named. Two blind judges read the same code two ways (an
    extra axis; a shape clash alone), so the evidence does not single the cause out."""

    def linear_with_column_bias(x, w, b):
        return x @ w + b.reshape(-1, 1)

    with pytest.raises(CheckFailure) as info, unchanged():
        linear_with_column_bias(np.ones((3, 4)), np.ones((4, 4)), np.ones(4))
    assert "(3,4) (4,1)" in str(info.value)
    assert info.value.mistakes == ("shapes-do-not-fit",)


def linear_backward_dot(dout, cache):
    x, _w = cache
    return np.dot(dout, cache[1]), x.T @ dout, dout.sum(axis=0)


def linear_backward_dw_without_t(dout, cache):
    x, w = cache
    return dout @ w.T, x @ dout, dout.sum(axis=0)


def test_a_refusal_names_the_one_mistake_numpy_refuses_alike():
    """A refusal is evidence: of the check's hypotheses, the one numpy refuses with the same
    type and message (the same sizes) is named, here where the line alone names nothing
    (`cache[1]`: no name whose shape can be read without running code). Written with @ or
    np.dot, the hypothesis is the same."""
    refusals = [
        ("missing-transpose", lambda dot: dot(DOUT, W), {"operand": "W", "shape": (M, D)}),
        ("missing-transpose", lambda dot: dot(X, DOUT), {"operand": "X", "shape": (D, N)}),
    ]
    with pytest.raises(CheckFailure) as info, unchanged():
        linear_backward_dot(DOUT, (X, W))
    assert info.value.mistakes == ("shapes-do-not-fit",)  # no hypothesis: words only
    assert f"shapes ({N},{M}) and ({D},{M}) not aligned" in str(info.value)
    with pytest.raises(CheckFailure) as info, unchanged(refusals=refusals):
        linear_backward_dot(DOUT, (X, W))
    assert info.value.mistakes == ("shapes-do-not-fit", "missing-transpose")
    assert f"W.T has shape ({M}, {D})" in str(info.value)
    with pytest.raises(CheckFailure) as info, unchanged(refusals=refusals):
        linear_backward_dw_without_t(DOUT, (X, W))
    assert f"X.T has shape ({D}, {N})" in str(info.value)


def test_two_mistakes_numpy_refuses_alike_are_named_by_neither():
    """x @ dout and w.T @ dout are refused with the same sizes (N against D): the refusal
    cannot tell them apart, so no cause is named, not even the missing .T the line suggests."""
    refusals = [
        ("missing-transpose", lambda dot: dot(X, DOUT), {"operand": "X", "shape": (D, N)}),
        ("transposed", lambda dot: dot(W.T, DOUT)),
    ]
    with pytest.raises(CheckFailure) as info, unchanged(refusals=refusals):
        linear_backward_dw_without_t(DOUT, (X, W))
    assert info.value.mistakes == ("shapes-do-not-fit",)
    assert "x has shape" in str(info.value)  # the shapes, in words
    with pytest.raises(CheckFailure) as info, unchanged(refusals=refusals[:1]):
        linear_backward_dw_without_t(DOUT, (X, W))
    assert info.value.mistakes == ("shapes-do-not-fit", "missing-transpose")


def row_max_without_keepdims(z):
    return z - np.max(z, axis=-1)


def row_sum_without_keepdims(z):
    return z / np.sum(z, axis=-1)


def test_causes_refused_alike_are_told_apart_on_the_settling_input():
    """(2, 3) against (2,) is refused alike whether the max or the sum lost its axis; on a
    square input, where neither is refused, the student's function gives one answer or the
    other. The one it gives is named, a mistake of id None never; a function that fails
    there too settles nothing."""
    z = np.array([[1.0, 2.0, 4.0], [3.0, 1.0, 1.0]])
    square = np.array([[1.0, 2.0, 4.0], [3.0, 1.0, 1.0], [2.0, 5.0, 1.0]])
    refusals = [
        ("max-not-per-row", lambda dot: row_max_without_keepdims(z)),
        (None, lambda dot: row_sum_without_keepdims(z)),
    ]

    def settle(function):
        answers = [
            ("max-not-per-row", row_max_without_keepdims(square)),
            (None, row_sum_without_keepdims(square)),
        ]
        return (lambda: function(square), answers)

    for function, named in [
        (row_max_without_keepdims, ("shapes-do-not-fit", "max-not-per-row")),
        (row_sum_without_keepdims, ("shapes-do-not-fit",)),
    ]:
        with pytest.raises(CheckFailure) as info, unchanged(refusals=refusals):
            function(z)
        assert info.value.mistakes == ("shapes-do-not-fit",)  # refused alike: neither
        with (
            pytest.raises(CheckFailure) as info,
            unchanged(refusals=refusals, settle=settle(function)),
        ):
            function(z)
        assert info.value.mistakes == named
    with (
        pytest.raises(CheckFailure) as info,
        unchanged(refusals=refusals, settle=settle(row_sum_without_keepdims)),
    ):
        row_max_without_keepdims(z)  # the settling input gives the other answer: none
    assert info.value.mistakes == ("shapes-do-not-fit",)
    with (
        pytest.raises(CheckFailure) as info,
        unchanged(refusals=refusals, settle=(lambda: row_max_without_keepdims(z), [])),
    ):
        row_max_without_keepdims(z)  # fails on the settling input too
    assert info.value.mistakes == ("shapes-do-not-fit",)


def test_a_note_about_a_part_is_cleared_when_the_part_is_fixed(capsys):
    forget_passed()
    note_own_parts("two_layer_forward", lambda: 1.0, 1.0, "sigmoid_forward")
    assert "has not passed its own checks" in capsys.readouterr().out
    passed("two_layer_forward")
    assert not has_passed("two_layer_forward", with_own_parts=True)
    passed("sigmoid_forward")  # the part fixed, its cell run again
    note_own_parts("two_layer_forward", lambda: 1.0, 1.0, "sigmoid_forward")
    passed("two_layer_forward")  # the composition's cell run again: no note, no stale record
    assert "Note" not in capsys.readouterr().out
    assert has_passed("two_layer_forward", with_own_parts=True)
    forget_passed()


def test_a_note_tolerates_the_precision_of_published_figures(capsys):
    forget_passed()
    passed("part")
    note_own_parts("whole", lambda: np.array([0.1 + 7.3e-9]), np.array([0.1]), "part", atol=1e-8)
    assert "Note" not in capsys.readouterr().out.split("passed.")[-1]
    note_own_parts("whole", lambda: np.array([0.1 + 7.3e-7]), np.array([0.1]), "part", atol=1e-8)
    assert "a part is wrong" in capsys.readouterr().out
    forget_passed()


def softmax_global_max(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)


def test_a_warning_is_blamed_on_the_one_hypothesis_that_gives_it():
    far = np.log([[1.0, 3.0, 4.0], [4.0, 3.0, 1.0]]) + [[1000.0], [0.0]]
    right_then_nan = ([[1 / 8, 3 / 8, 1 / 2], [np.nan] * 3], "invalid value")
    assert ids(
        quietly, "softmax", softmax_global_max, far, hypotheses={"max-not-per-row": right_then_nan}
    ) == ("max-not-per-row",)
    # The same warning, and a hypothesis that gives another answer: no cause.
    other = ([[1 / 3] * 3, [np.nan] * 3], "invalid value")
    assert ids(
        quietly, "softmax", softmax_global_max, far, hypotheses={"max-not-per-row": other}
    ) == ("wrong-behaviour",)


# -- a cause is named only where the evidence singles it out (issue 24) -----------------------


def test_a_leading_axis_of_one_is_named_only_when_the_batch_is_known_to_be_larger():
    """With one example (or N unknown), a (1, M) bias gradient is the unsummed batch axis as
    much as an axis added by keepdims: say neither."""
    for n in (None, 1):
        assert ids(check_array, "db", np.ones((1, 4)), np.ones(4), batch_size=n) == (
            "shape-differs",
        )
    assert ids(check_array, "db", np.ones((1, 4)), np.ones(4), batch_size=5)[1:] == ("extra-axis",)
    assert ids(check_array, "db", np.ones((5, 4)), np.ones(4), batch_size=5)[1:] == (
        "forgot-batch-sum",
    )


def test_a_square_result_where_a_flat_one_belongs_names_no_axis_cause():
    """(N, N) where (N,) belongs: the batch axis left over, or an (N, 1) column that met an
    (N,) array and broadcast (a bias made a column, a prediction reshaped): say neither. A
    batch axis left over on a result of another length is still named."""
    assert ids(check_array, "y", np.ones((5, 5)), np.ones(5), batch_size=5) == ("shape-differs",)
    assert ids(check_array, "db", np.ones((5, 4)), np.ones(4), batch_size=5)[1:] == (
        "forgot-batch-sum",
    )


def test_a_factor_n_is_no_evidence_where_another_axis_has_length_n():
    """N = K: dividing by K, or by N K, gives the factor N too."""
    square = RNG.standard_normal((3, 3))
    assert "divided-by-n" not in ids(check_array, "g", square / 3, square, batch_size=3)
    assert "not-divided-by-n" not in ids(check_array, "g", 3 * square, square, batch_size=3)
    wide = RNG.standard_normal((3, 2))
    assert ids(check_array, "g", wide / 3, wide, batch_size=3)[1:] == ("divided-by-n",)


def test_the_sign_of_one_number_is_no_evidence_unless_the_check_anticipates_it():
    """-x is also what a missing abs() gives; a loss whose formula has a minus says so."""
    assert ids(check_scalar, "error", -0.25, 0.25) == ("values-differ",)
    assert ids(check_array, "errors", np.full(3, -0.5), np.full(3, 0.5)) == ("values-differ",)
    assert ids(check_scalar, "loss", -0.25, 0.25, mistakes={"wrong-sign": -0.25})[1:] == (
        "wrong-sign",
    )
    assert ids(check_array, "g", -DW, DW)[1:] == ("wrong-sign",)


def test_a_stuck_0_1_answer_names_no_cause():
    """One prediction, or all of them the same, is what any dead output gives."""
    found = ids(
        check_array, "p", np.zeros((1, 1)), [[1.0]], mistakes={"predictions-inverted": [[0.0]]}
    )
    assert "predictions-inverted" not in found
    ones = ids(check_array, "p", np.ones(3), [0.0, 1.0, 0.0], mistakes={"forgot-bias": np.ones(3)})
    assert "forgot-bias" not in ones
    mixed = [0.0, 1.0, 1.0]
    inverted = [1.0, 0.0, 0.0]
    assert ids(
        check_array, "p", np.array(inverted), mixed, mistakes={"predictions-inverted": inverted}
    )[1:] == ("predictions-inverted",)
    # A real-valued answer of zeros (weights never drawn) is still evidence.
    w = RNG.standard_normal((2, 3))
    assert ids(check_array, "W1", np.zeros((2, 3)), w, mistakes={"zero-init": np.zeros((2, 3))})[
        1:
    ] == ("zero-init",)


def test_a_transposed_shape_names_the_mistake_the_check_gives():
    """A weight matrix created with its shape in the wrong order is not a matrix product whose
    factors are in the wrong order."""
    w = RNG.standard_normal((2, 3))
    assert ids(check_array, "W1", w.T.copy(), w)[1:] == ("transposed",)
    found = ids(check_array, "W1", w.T.copy(), w, transposed="weights-transposed")
    assert found[1:] == ("weights-transposed",)


def test_values_returned_in_the_wrong_order_are_named_only_when_one_sits_elsewhere():
    """(v, w) for (w, v): the right w is there, at the other position. A wrong w that is
    nowhere else names nothing here (the value checks explain it)."""
    from nnlearn.checks import check_order

    w, v = np.array([0.8, 1.4]), np.array([2.0, -4.0])
    check_order("step", (w, v), {0: w, 1: v})
    assert ids(check_order, "step", (v, w), {0: w, 1: v}) == ("wrong-return-structure",)
    check_order("step", (w + 1.0, v), {0: w, 1: v})  # wrong, but not swapped: no failure
    # A cache that holds out (a sigmoid layer caches s = out) is no swap when out is right.
    check_order("sigmoid_forward(z)", (w, w), {0: w})
    assert ids(check_order, "sigmoid_forward(z)", (v, w), {0: w}) == ("wrong-return-structure",)
    # Where the other position rightly holds the same value (out = cache = s), a value there is
    # no evidence of a swap: (z, s) may be a wrong out beside a right cache.
    check_order("sigmoid_forward(z)", (v, w), {0: w, 1: w})


def test_a_check_of_nnlearn_names_every_function_of_the_student_below_it():
    """A check moved out of its cell into nnlearn (check_train) holds the ``with`` block in a
    frame of nnlearn: the student's train below it is still a caller, as from a notebook's
    cell, not dropped as if it were the block's frame."""
    from autograder.hidden.reference import load_reference
    from nnlearn.train_check import check_train

    namespace = dict(load_reference("05_training_an_mlp"))

    def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
        return two_layer_with_w1_transposed(X, np.ones((X.shape[1], n_hidden)))

    with pytest.raises(CheckFailure) as info:
        check_train(train, namespace)
    assert "called by two_layer_with_w1_transposed <- train)" in str(info.value)
    assert info.value.mistakes == ("shapes-do-not-fit",)


def test_a_product_written_as_a_call_is_read_as_the_operator():
    """np.dot(a, b), np.matmul(a, b) and a.dot(b) are a @ b: the same shapes said, the same
    missing transpose named (a 1-D w before an (N, 2) X: only X's transpose fits)."""
    w, x = np.array([2.0, 1.0]), np.arange(10.0).reshape(5, 2)

    def by_dot(w, x):
        return np.dot(w, x)

    def by_matmul(w, x):
        return np.matmul(w, x)

    def by_method(w, x):
        return w.dot(x)

    for product in (by_dot, by_matmul, by_method):
        with pytest.raises(CheckFailure) as info, unchanged():
            product(w, x)
        message = str(info.value)
        assert "w has shape (2,) and x has shape (5, 2)" in message, message
        assert "x.T has shape (2, 5)" in message, message
        assert info.value.mistakes == ("shapes-do-not-fit", "missing-transpose")


def test_a_named_mistake_says_the_n_it_was_given():
    """A factor N that is no axis of the result (a loss after a step whose gradient was not
    divided by N = 4): the sentence says N = 4, not N = None."""
    got = np.array([4.0])
    msg = failure(check_array, "loss", got, [1.0], mistakes={"not-divided-by-n": [4.0]}, n=4)
    assert "N = 4 times too large" in msg, msg


def test_an_axis_of_length_one_where_several_belong_names_no_cause():
    """(1,) where (3,) belongs is no axis of length 1 too many (a loop that returned after its
    first pass, the ninth blind set's early returns); nor is (4, 1) where (4, 3) belongs: the
    axes are as many as they should be (a size given as 1, the tenth set's layer sizes passed
    in the wrong order, looks the same as an axis kept by keepdims). (4, 1) where (4,) belongs
    is one axis too many."""
    assert ids(check_array, "losses", np.ones(1), np.ones(3), batch_size=3) == ("shape-differs",)
    assert ids(check_array, "g", np.ones((4, 1)), np.ones((4, 3))) == ("shape-differs",)
    assert ids(check_array, "g", np.ones((4, 1)), np.ones(4))[1:] == ("extra-axis",)
