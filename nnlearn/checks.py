"""Self-checks that tell a student *what* is wrong, not just *that* something is.

Each check raises ``AssertionError`` with a message written for a student. Checks run in a fixed
order and stop at the first problem, one problem per message: type, then shape, then dtype, then
NaN/inf, then values. When values differ, the message lists the first differing entries
(expected vs got) and a diagnosis of the usual mistakes:

* wrong sign (got = -expected),
* off by a constant factor: 2 or 1/2 (the 1/2 in the loss), N or 1/N (the batch size),
* transposed (got = expected.T),
* summed over the wrong axis / forgot to sum over the batch (shape-level hints),
* all zeros,
* NaN or inf,
* a named wrong answer the caller anticipated (``mistakes={"forgot s(1-s)": wrong_array}``).

:func:`diagnose` holds the logic and returns the hints as a list of strings, so the instructor's
gradient checker (``autograder.gradcheck``) reuses it for numerical gradient checks.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = [
    "check_array",
    "check_keys",
    "check_scalar",
    "check_tuple",
    "check_unchanged",
    "diagnose",
    "passed",
    "shape_hint",
]

_MAX_LISTED = 5


def passed(what: str) -> None:
    """Print the message a visible test cell ends with.

    It says *public* checks: hidden tests run at grading time and may still find a mistake.
    """
    print(f"The public checks for {what} passed. More tests run when your notebook is graded.")


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def shape_hint(got_shape: tuple, expected_shape: tuple, batch_size: int | None = None) -> str:
    """Explain a shape mismatch in terms of the usual causes (transpose, summing axes)."""
    got_shape, expected_shape = tuple(got_shape), tuple(expected_shape)
    if len(got_shape) == 2 and got_shape[::-1] == expected_shape:
        return "the shape is transposed: check the order of the factors in your matrix product."
    if len(got_shape) == len(expected_shape) + 1:
        for axis in range(len(got_shape)):
            if got_shape[:axis] + got_shape[axis + 1 :] == expected_shape:
                if got_shape[axis] == 1:
                    return (
                        f"axis {axis} of length 1 is one axis too many: a column (D, 1) or "
                        "a row (1, D) where a flat array (D,) belongs? (Keep vectors 1-D; "
                        "sum without keepdims=True.)"
                    )
                what = "the batch axis (axis 0)" if axis == 0 else f"axis {axis}"
                return f"there is one axis too many: did you forget to sum over {what}?"
    if len(got_shape) == len(expected_shape) and len(got_shape) >= 1:
        diff = [i for i, (g, e) in enumerate(zip(got_shape, expected_shape, strict=True)) if g != e]
        if len(diff) == 1 and got_shape[diff[0]] == 1:
            return (
                f"axis {diff[0]} has length 1: did you sum with keepdims=True, or over the "
                "wrong axis?"
            )
    if batch_size and batch_size in got_shape and batch_size not in expected_shape:
        return (
            f"an axis of length N = {batch_size} (the batch) is still there: you summed over "
            "the wrong axis; sum over the batch axis 0."
        )
    if len(got_shape) + 1 == len(expected_shape):
        return (
            "one axis is missing: did you sum over an axis that should stay "
            "(for a bias gradient, sum over the batch axis 0 only)?"
        )
    if got_shape == ():
        return "you returned a single number where an array is expected."
    return ""


def _factor_hint(c: float, batch_size: int | None) -> str:
    """Name a constant factor c with got = c * expected."""
    candidates = [(-1.0, "the sign is wrong everywhere: check the sign of your formula.")]
    if batch_size and batch_size not in (1, 2):
        n = batch_size
        candidates += [
            (float(n), f"the result is N = {n} times too large: divide by the batch size N."),
            (1.0 / n, f"the result is N = {n} times too small: divide by N only once."),
            (-float(n), f"wrong sign and N = {n} times too large."),
        ]
    candidates += [
        (2.0, "the result is 2 times too large: remember the 1/2 in front of the loss."),
        (0.5, "the result is 2 times too small: differentiating (1/2)x^2 gives x, not x/2."),
        (-2.0, "wrong sign and 2 times too large."),
        (-0.5, "wrong sign and 2 times too small."),
    ]
    for value, text in candidates:
        if np.isclose(c, value, rtol=1e-6):
            return text
    return (
        f"the result is off by the same factor {c:.6g}: look for a constant you dropped or added."
    )


def diagnose(
    got: np.ndarray,
    expected: np.ndarray,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    batch_size: int | None = None,
    mistakes: Mapping[str, np.ndarray] | None = None,
) -> list[str]:
    """Return hints explaining how ``got`` differs from ``expected`` (same shape assumed).

    An empty list means no known pattern matched.
    """
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    hints: list[str] = []
    for text, wrong in (mistakes or {}).items():
        wrong = np.asarray(wrong, dtype=np.float64)
        if _close(got, wrong, rtol, atol):
            hints.append(text)
    if hints:
        return hints
    bad = ~np.isfinite(got)
    if bad.any():
        return [
            f"{int(bad.sum())} entries are NaN or inf: look for an overflow (np.exp of a large "
            "number), a division by zero or log(0)."
        ]
    if not np.any(got) and np.any(expected):
        return ["every entry is zero: is the function still a stub, or did you return zeros?"]
    if got.ndim == 2 and got.shape[0] == got.shape[1] and got.shape[0] > 1:
        if _close(got, expected.T, rtol, atol) and not _close(expected, expected.T, rtol, atol):
            return ["the result is the transpose of the right answer: check the matrix product."]
    denom = float(np.vdot(expected, expected))
    if denom > 0 and np.any(got):
        c = float(np.vdot(got, expected)) / denom
        if abs(c - 1.0) > 1e-6 and _close(got, c * expected, max(rtol, 1e-6), atol):
            hints.append(_factor_hint(c, batch_size))
    return hints


def _as_array(name: str, got) -> np.ndarray:
    if got is None:
        raise AssertionError(
            f"{name} is None: did you forget a `return` statement, or is the function a stub?"
        )
    if isinstance(got, tuple | list) and any(isinstance(g, np.ndarray) for g in got):
        raise AssertionError(
            f"{name} is a {type(got).__name__} of {len(got)} items, expected one numpy array. "
            "Check what your function returns (and how many values)."
        )
    if not isinstance(got, np.ndarray):
        raise AssertionError(
            f"{name} should be a numpy array, got {type(got).__name__}. Use numpy operations "
            "(np.asarray, np.exp, @) so the result is an array."
        )
    return got


def _differing_entries(got: np.ndarray, expected: np.ndarray, mask: np.ndarray) -> str:
    idx = np.argwhere(mask)
    lines = []
    for i in idx[:_MAX_LISTED]:
        key = tuple(int(k) for k in i)
        shown = key if len(key) != 1 else key[0]
        lines.append(f"    {shown}: expected {expected[key] + 0.0:.8g}, got {got[key] + 0.0:.8g}")
    if len(idx) > _MAX_LISTED:
        lines.append(f"    ... and {len(idx) - _MAX_LISTED} more")
    return "\n".join(lines)


def _dtype_hint(got: np.ndarray) -> str:
    if got.dtype == np.bool_:
        return (
            "A comparison such as `z >= 0` gives True/False: turn it into 1.0/0.0 with "
            "`.astype(np.float64)`."
        )
    if np.issubdtype(got.dtype, np.integer):
        return (
            "Integer arithmetic (`* 1`, `np.int64`, `astype(int)`) gives whole numbers: use "
            "floats (`1.0`, not `1`) or `.astype(np.float64)`."
        )
    return "Keep the computation in float64 (do not cast to float32 or int)."


def check_array(
    name: str,
    got,
    expected,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    batch_size: int | None = None,
    mistakes: Mapping[str, np.ndarray] | None = None,
) -> None:
    """Assert that array ``got`` equals ``expected`` within tolerance, or explain the difference.

    Parameters
    ----------
    name : what the student calls this value, e.g. ``"dW"`` or ``"linear_forward(X, W, b)"``.
    got : the student's result.
    expected : the right answer (any shape).
    batch_size : N, so that a factor N in the result can be named.
    mistakes : ``{"explanation": wrong_answer}`` for mistakes worth naming.
    """
    expected = np.asarray(expected, dtype=np.float64)
    got = _as_array(name, got)
    if got.shape != expected.shape:
        hint = shape_hint(got.shape, expected.shape, batch_size)
        raise AssertionError(
            f"{name} has shape {got.shape}, expected {expected.shape}."
            + (f"\nHint: {hint}" if hint else "")
        )
    if got.dtype != np.float64:
        raise AssertionError(f"{name} has dtype {got.dtype}, expected float64. {_dtype_hint(got)}")
    bad = ~np.isfinite(got)
    if bad.any() and np.isfinite(expected).all():
        raise AssertionError(
            f"{name} contains {int(bad.sum())} NaN/inf entries, for example at index "
            f"{tuple(int(k) for k in np.argwhere(bad)[0])}.\nHint: "
            + diagnose(got, expected, batch_size=batch_size)[0]
        )
    mismatch = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not mismatch.any():
        return
    hints = diagnose(got, expected, rtol=rtol, atol=atol, batch_size=batch_size, mistakes=mistakes)
    message = (
        f"{name} has the right shape but wrong values: {int(mismatch.sum())} of "
        f"{mismatch.size} entries differ.\n{_differing_entries(got, expected, mismatch)}"
    )
    if hints:
        message += "\nDiagnosis: " + " ".join(hints)
    raise AssertionError(message)


def check_scalar(
    name: str,
    got,
    expected: float,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    batch_size: int | None = None,
    mistakes: Mapping[str, float] | None = None,
) -> None:
    """Assert that ``got`` is a single number equal to ``expected``, or explain the difference."""
    if got is None:
        raise AssertionError(f"{name} is None: did you forget a `return` statement?")
    arr = np.asarray(got)
    if arr.shape != ():
        hint = (
            " Average (or sum) over all entries to get one number."
            if arr.size > 1
            else " Convert the 1-element array to a number with float(...)."
        )
        raise AssertionError(f"{name} should be a single number, got shape {arr.shape}.{hint}")
    if not np.issubdtype(arr.dtype, np.floating):
        raise AssertionError(f"{name} should be a float, got {type(got).__name__}.")
    value = float(arr)
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return
    hints = diagnose(
        np.array([value]),
        np.array([expected], dtype=np.float64),
        rtol=rtol,
        atol=atol,
        batch_size=batch_size,
        mistakes={k: np.asarray([v]) for k, v in (mistakes or {}).items()},
    )
    raise AssertionError(
        f"{name} is {value:.8g}, expected {expected:.8g}."
        + ("\nDiagnosis: " + " ".join(hints) if hints else "")
    )


def check_unchanged(name: str, before: np.ndarray, after: np.ndarray) -> None:
    """Assert that an input array was not modified in place by the student's function."""
    if before.shape != np.shape(after) or not np.array_equal(before, after, equal_nan=True):
        raise AssertionError(
            f"your function modified its input {name} in place. Build new arrays instead "
            "(for example `x = x + 1`, not `x += 1`; `out = np.maximum(z, 0)`, not "
            "`z[z < 0] = 0`)."
        )


def check_tuple(name: str, got, length: int) -> tuple:
    """Assert that a function returned a tuple of ``length`` items; return it for unpacking.

    ``out, cache = check_tuple("sigmoid_forward(z)", sigmoid_forward(z), 2)``
    """
    if got is None:
        raise AssertionError(f"{name} returned None: did you forget a `return` statement?")
    if not isinstance(got, tuple):
        raise AssertionError(
            f"{name} should return a tuple of {length} values, got a {type(got).__name__}. "
            f"Return them separated by commas: `return a, b`."
        )
    if len(got) != length:
        raise AssertionError(f"{name} should return {length} values, got {len(got)}.")
    return got


def check_keys(name: str, got, keys) -> dict:
    """Assert that a function returned a dict with exactly ``keys``; return it."""
    if not isinstance(got, dict):
        raise AssertionError(
            f"{name} should return a dict with the keys {list(keys)}, got a {type(got).__name__}."
        )
    missing, extra = set(keys) - set(got), set(got) - set(keys)
    problems = [f"missing {sorted(missing)}"] if missing else []
    problems += [f"unexpected {sorted(extra)}"] if extra else []
    if problems:
        raise AssertionError(
            f"{name} should have exactly the keys {list(keys)}: {'; '.join(problems)}."
        )
    return got
