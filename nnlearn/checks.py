"""Self-checks that tell a student *what* is wrong, not just *that* something is.

Each check raises :class:`~nnlearn.mistakes.CheckFailure` (an ``AssertionError``) with a message
written for a student, ending with the ids of what it found (the catalogue is
:mod:`nnlearn.mistakes`). Checks run in a fixed order and stop at the first problem, one problem
per message: inputs modified in place (:func:`unchanged`, before any value is looked at), type,
shape, dtype, NaN/inf, then values. When values differ, the message lists the first differing
entries (expected vs got) and a diagnosis, given only when the evidence singles it out.

Every cause is a *hypothesis that runs*: a wrong answer computed from the check's own inputs,
either anticipated by the test (``mistakes={"uphill": wrong_answer}``, the reference with the
mistake put in) or generic (:func:`hypotheses`: the wrong sign, -expected, not of one number; a
factor of the batch size N, named only when N is not 1 or 2 and no other axis has length N; the
loss's 1/2 where the formula has one, ``half=True``; the transpose of a square, non-symmetric
matrix). A cause is named only when the
student's result equals its hypothesis and no other hypothesis of the check gives that same
answer (:func:`coinciding`); tests/test_diagnoses.py runs every check of the instructor's
notebooks and fails when two hypotheses of one check coincide, so a check's inputs separate its
causes by construction. A factor between the entries of a constant expected array (a learning
rate of 0) or of one number is no evidence: only a named factor is reported there. Symptoms that
need no hypothesis: a sum over the wrong axes (from the shapes), all zeros, NaN or inf.

numpy's own shape errors raised inside the student's function (a matrix product whose inner
sizes differ, arrays that do not broadcast, an axis that is not there) become a failure that
names the operands' shapes in words (:func:`unchanged`, :func:`explain_numpy_error`). A refusal
is evidence too: a check lists the mistakes numpy refuses on its inputs
(``unchanged(refusals=...)``, each run on the same inputs), and the one refused with the same
exception and message (the same sizes) is named; none when several are, unless the student's
function on a second input where none is refused gives exactly one's answer there
(``unchanged(settle=...)``).

:func:`diagnose` holds the value logic and returns ``(id, sentence)`` pairs, so the instructor's
gradient checker (``autograder.hidden.gradcheck``) reuses it for numerical gradient checks.

Every message is written in English as ``_("... {placeholder}").format(...)`` and translated
when it is made, into the kernel's language (:func:`nnlearn.i18n.use`: a Korean notebook's
first cell), like the diagnoses it quotes.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import linecache
import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from nnlearn.i18n import N_
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import CATALOGUE, CheckFailure, sentence

__all__ = [
    "CheckFailure",
    "as_array",
    "check_array",
    "check_keys",
    "check_order",
    "check_scalar",
    "check_that",
    "check_tuple",
    "check_unchanged",
    "coinciding",
    "diagnose",
    "differing_entries",
    "explain_numpy_error",
    "earlier",
    "fail",
    "forget_passed",
    "has_passed",
    "hypotheses",
    "lr_ignored",
    "note_own_parts",
    "passed",
    "quietly",
    "recording",
    "recording_refusals",
    "refusals_of",
    "shape_hint",
    "unchanged",
]

_MAX_LISTED = 5


_PASSED: set[str] = set()  # functions whose public checks passed, with the student's own parts
_NOTED: set[str] = set()  # functions that passed with stand-ins only


def passed(what: str) -> None:
    """Print the message a visible test cell ends with, and remember that ``what`` passed.

    It says *public* checks: hidden tests run at grading time and may still find a mistake.
    """
    print(
        _(
            "The public checks for {what} passed. More tests run when your notebook is graded."
        ).format(what=what)
    )
    _PASSED.add(what)


def has_passed(function: str, *, with_own_parts: bool = False) -> bool:
    """Whether ``function``'s public checks passed in this session; ``with_own_parts``: not
    only with stand-ins for the parts it calls, but with the student's own parts too."""
    return function in _PASSED and not (with_own_parts and function in _NOTED)


def forget_passed() -> None:
    """Forget which checks passed (a fresh notebook run; the benchmark runs many in one process)."""
    _PASSED.clear()
    _NOTED.clear()


def fail(message: str, *ids: str, function: str | None = None):
    """Raise a :class:`CheckFailure` with ``message`` and the mistake ``ids``."""
    raise CheckFailure(message, ids, function=function)


def check_that(condition, message: str, *ids: str) -> None:
    """Assert ``condition``; otherwise fail with ``message`` and ``ids`` (default: a symptom)."""
    if not condition:
        fail(message, *(ids or ("wrong-behaviour",)))


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def shape_hint(
    got_shape: tuple,
    expected_shape: tuple,
    batch_size: int | None = None,
    transposed: str = "transposed",
) -> tuple[str, str] | None:
    """Explain a shape mismatch by its usual cause, as ``(id, sentence)``, or None.

    ``transposed``: the mistake a transposed (non-square) shape names. For the result of a
    matrix product that is the order of its factors ("transposed"); for an array the function
    creates, such as a weight matrix, the shape given in the wrong order
    ("weights-transposed").
    """
    got_shape, expected_shape = tuple(got_shape), tuple(expected_shape)
    if len(got_shape) == 2 and got_shape[::-1] == expected_shape:
        return transposed, sentence(transposed)
    if len(got_shape) == len(expected_shape) + 1:
        extra = [  # the axes whose removal leaves the expected shape: neighbours of one size
            axis
            for axis in range(len(got_shape))
            if got_shape[:axis] + got_shape[axis + 1 :] == expected_shape
        ]
        if extra:
            axis, size = extra[0], got_shape[extra[0]]
            if size != 1 and len(extra) > 1:
                # (N, N) where (N,) belongs: a batch axis left over, or an (N, 1) column
                # that met an (N,) array and broadcast; the shape cannot tell which
                return None
            if size == 1 and axis == 0 and batch_size in (None, 1):
                return None  # the batch axis of one example (not summed), or an extra axis?
            if size == 1:
                return "extra-axis", sentence("extra-axis")
            if axis == 0 and size == (batch_size or size):
                return "forgot-batch-sum", sentence("forgot-batch-sum")
            return None
    if (
        batch_size
        and batch_size not in expected_shape
        and len(got_shape) == len(expected_shape) == 1
        and got_shape == (batch_size,)
    ):
        return "wrong-sum-axis", sentence("wrong-sum-axis")
    if got_shape == () and len(expected_shape) == 1 and batch_size:
        return "summed-all-axes", sentence("summed-all-axes")
    return None


def _batch_factor(batch_size: int | None, shape: tuple = ()) -> int | None:
    """N, where a factor N is evidence of a mistake with N: not for N = 1 or 2 (a factor 1 is
    no mistake, a factor 2 is the loss's 1/2), and not where another axis of the result has
    length N too (N = K): dividing by K, or by N K, gives that factor as well."""
    if not batch_size or batch_size in (1, 2) or batch_size in tuple(shape)[1:]:
        return None
    return batch_size


def _factor(c: float, batch_size: int | None, half: bool, shape: tuple = ()) -> list[str]:
    """The mistake ids that explain got = c * expected (a symptom when none does)."""
    sign = ["wrong-sign"] if c < 0 else []
    size = abs(c)
    if np.isclose(size, 1.0, rtol=1e-6):
        return sign
    n = _batch_factor(batch_size, shape)
    if n and np.isclose(size, n, rtol=1e-6):
        return [*sign, "not-divided-by-n"]
    if n and np.isclose(size, 1.0 / n, rtol=1e-6):
        return [*sign, "divided-by-n"]
    if half and batch_size != 2 and np.isclose(size, 2.0, rtol=1e-6):
        return [*sign, "missing-half"]
    if half and batch_size != 2 and np.isclose(size, 0.5, rtol=1e-6):
        return [*sign, "extra-half"]
    return ["constant-factor"]


def _pairs(mistakes) -> list[tuple[str, object]]:
    """``{id: wrong}`` or ``[(id, wrong), ...]`` (one id may have several wrong answers)."""
    if mistakes is None:
        return []
    return list(mistakes.items()) if isinstance(mistakes, Mapping) else list(mistakes)


def _constant(expected: np.ndarray) -> bool:
    """One number, or every entry the same: a factor between got and expected says nothing,
    and neither does a sign (-x is also what a missing abs() gives)."""
    return expected.size <= 1 or bool(np.all(expected == expected.flat[0]))


def _stuck(wrong: np.ndarray, expected: np.ndarray) -> bool:
    """Where the result is made of 0/1 entries (a prediction, a step), a wrong answer whose
    entries are all the same is what a stuck output gives (a stub, a dead network, a threshold
    on the wrong quantity): matching it singles out no cause. One 0/1 entry is such an answer:
    it can be wrong in only one way."""
    return (
        wrong.ndim > 0
        and bool(np.all((expected == 0.0) | (expected == 1.0)))
        and wrong.size >= 1
        and bool(np.all(wrong == wrong.flat[0]))
        and wrong.flat[0] in (0.0, 1.0)
    )


def hypotheses(
    expected,
    *,
    batch_size: int | None = None,
    mistakes=None,
    half: bool = False,
) -> list[tuple[str, np.ndarray]]:
    """Every cause a check can name, as ``(id, the answer that cause gives)`` on its inputs.

    The anticipated ``mistakes`` (computed by the test from the reference with the mistake put
    in) and the generic ones: the wrong sign (not of one number or a constant array, where a
    missing abs() gives it too); a factor N (not for N = 1 or 2, nor where another axis has
    length N: N = K); the loss's 1/2 (``half``, not for N = 2); the transpose of a square,
    non-symmetric matrix. A generic factor is a hypothesis only where a factor is evidence: not
    between the entries of a constant array. An anticipated answer that is a stuck 0/1 output
    (:func:`_stuck`) is dropped: it is no evidence.
    """
    expected = np.asarray(expected, dtype=np.float64)
    found = [(id_, np.asarray(wrong, dtype=np.float64)) for id_, wrong in _pairs(mistakes)]
    found = [(id_, wrong) for id_, wrong in found if not _stuck(wrong, expected)]
    if not np.any(expected):
        return found
    if not _constant(expected):  # one number: a missing abs() flips its sign too
        found.append(("wrong-sign", -expected))
    n = _batch_factor(batch_size, expected.shape)
    if n:
        found += [("not-divided-by-n", n * expected), ("divided-by-n", expected / n)]
    if half and batch_size != 2:
        found += [("missing-half", 2 * expected), ("extra-half", expected / 2)]
    square = expected.ndim == 2 and expected.shape[0] == expected.shape[1] > 1
    if square and not np.allclose(expected, expected.T):
        found.append(("transposed", expected.T))
    return found


def coinciding(
    expected, found: list[tuple[str, np.ndarray]], *, rtol: float = 1e-7, atol: float = 1e-12
) -> list[tuple[str, str]]:
    """The pairs of different causes in ``found`` (from :func:`hypotheses`) that give the same
    wrong answer on these inputs: a check whose inputs cannot tell them apart."""
    expected = np.asarray(expected, dtype=np.float64)
    pairs = []
    for i, (a, wrong_a) in enumerate(found):
        if wrong_a.shape != expected.shape or _close(wrong_a, expected, rtol, atol):
            continue  # not a wrong answer on these inputs: it cannot be confused with another
        for b, wrong_b in found[i + 1 :]:
            if b != a and _close(wrong_a, wrong_b, rtol, atol):
                pairs.append((a, b))
    return pairs


_RECORDS: list | None = None


@contextlib.contextmanager
def recording():
    """Collect what every value check of the block compares, for tests/test_diagnoses.py::

    with recording() as checks:
        ...  # run test cells
    for name, expected, found in checks: ...   # found: hypotheses(...)
    """
    global _RECORDS
    saved, _RECORDS = _RECORDS, []
    try:
        yield _RECORDS
    finally:
        _RECORDS = saved


_REFUSALS: list | None = None


@contextlib.contextmanager
def recording_refusals():
    """Collect the refusal hypotheses of every :func:`unchanged` block, for
    tests/test_diagnoses.py::

    with recording_refusals() as blocks:
        ...  # run test cells
    for inputs, refused, settle in blocks: ...   # refusals_of(...), settle's answers
    """
    global _REFUSALS
    saved, _REFUSALS = _REFUSALS, []
    try:
        yield _REFUSALS
    finally:
        _REFUSALS = saved


def _record(name: str, expected, **kwargs) -> None:
    if _RECORDS is not None:
        expected = np.asarray(expected, dtype=np.float64)
        _RECORDS.append((name, expected, hypotheses(expected, **kwargs)))


def _one_of(named: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Several causes give this answer: list them, claim none."""
    causes = " / ".join(dict(named).values())
    return [("", _("It could be one of these mistakes: {causes}").format(causes=causes))]


def diagnose(
    got: np.ndarray,
    expected: np.ndarray,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    batch_size: int | None = None,
    mistakes: Mapping[str, np.ndarray] | None = None,
    half: bool = False,
    n: int | None = None,
) -> list[tuple[str, str]]:
    """``(id, sentence)`` pairs explaining how ``got`` differs from ``expected`` (same shape).

    An empty list means no known pattern matched. An anticipated mistake is named only when no
    other hypothesis of this check (:func:`hypotheses`) gives the same answer; when several do,
    all are listed and none is claimed. ``n``: the N of the sentences (default ``batch_size``).
    """
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    fields = {"n": n or batch_size}
    found = hypotheses(expected, batch_size=batch_size, mistakes=mistakes, half=half)
    matched = [id_ for id_, wrong in found if _close(got, wrong, rtol, atol)]
    explicit = {id_ for id_, _ in _pairs(mistakes)}
    named = [(id_, sentence(id_, **fields)) for id_ in dict.fromkeys(matched)]
    if len(named) > 1:
        return _one_of(named)
    if named and named[0][0] in explicit:
        return named
    bad = ~np.isfinite(got)
    if bad.any():
        return [("nan-or-inf", sentence("nan-or-inf"))]
    if got.ndim and not np.any(got) and np.any(expected):
        return [("all-zeros", sentence("all-zeros"))]
    if got.ndim == 2 and got.shape[0] == got.shape[1] and got.shape[0] > 1:
        if _close(got, expected.T, rtol, atol) and not _close(expected, expected.T, rtol, atol):
            return [("transposed", sentence("transposed"))]
    denom = float(np.vdot(expected, expected))
    if denom > 0 and np.any(got):
        c = float(np.vdot(got, expected)) / denom
        if abs(c - 1.0) > 1e-6 and _close(got, c * expected, max(rtol, 1e-6), atol):
            ids = _factor(c, batch_size, half, expected.shape)
            if _constant(expected) and ("constant-factor" in ids or ids == ["wrong-sign"]):
                return []  # one ratio fits any factor, and -x a missing abs(): no evidence
            return [(i, sentence(i, factor=f"{c:.6g}", **fields)) for i in ids]
    return []


def diagnosis_lines(found: list[tuple[str, str]]) -> str:
    """The ``Diagnosis:`` line of a message ("" when nothing was found)."""
    if not found:
        return ""
    if len(found) > 1 and all(i in _ALTERNATIVE_OK for i, _text in found):
        return "\n" + _diagnosis(" ".join(text for _id, text in found))
    if len(found) > 1:
        causes = " / ".join(text for _id, text in found)
        return "\n" + _("Diagnosis, one of these: {causes}").format(causes=causes)
    return "\n" + _diagnosis(found[0][1])


def _diagnosis(text: str) -> str:
    """The line that names a cause."""
    return _("Diagnosis: {diagnosis}").format(diagnosis=text)


def _hint(text: str) -> str:
    """The line that suggests a cause (a symptom's usual one)."""
    return _("Hint: {hint}").format(hint=text)


# Ids that combine (a wrong sign *and* a factor) rather than compete.
_ALTERNATIVE_OK = {"wrong-sign", "not-divided-by-n", "divided-by-n", "missing-half", "extra-half"}


def as_array(name: str, got, *, scalar_ok: bool = False) -> np.ndarray:
    """``got`` as an array, or a failure naming what it is instead.

    A numpy or Python number becomes a 0-d array (the shape check then explains it).
    """
    if got is None:
        fail(
            _(
                "{name} is None: did you forget a `return` statement, or is the function a stub?"
            ).format(name=name),
            "missing-return",
        )
    if isinstance(got, tuple | list) and any(isinstance(g, np.ndarray) for g in got):
        fail(
            _(
                "{name} is a {kind} of {count} items, expected one numpy array. "
                "Check what your function returns (and how many values)."
            ).format(name=name, kind=type(got).__name__, count=len(got)),
            "wrong-return-structure",
        )
    if isinstance(got, np.generic | float | int) and not isinstance(got, bool):
        return np.asarray(got)
    if not isinstance(got, np.ndarray):
        fail(
            _(
                "{name} should be a numpy array, got {kind}. Use numpy operations "
                "(np.asarray, np.exp, @) so the result is an array."
            ).format(name=name, kind=type(got).__name__),
            "not-an-array",
        )
    return got


def differing_entries(got: np.ndarray, expected: np.ndarray, mask: np.ndarray) -> str:
    """The first differing entries, one per line: index, expected, got."""
    idx = np.argwhere(mask)
    lines = []
    for i in idx[:_MAX_LISTED]:
        key = tuple(int(k) for k in i)
        shown = key if len(key) != 1 else key[0]
        entry = _("{index}: expected {expected}, got {got}").format(
            index=shown, expected=f"{expected[key] + 0.0:.8g}", got=f"{got[key] + 0.0:.8g}"
        )
        lines.append(f"    {entry}")
    if len(idx) > _MAX_LISTED:
        lines.append("    " + _("... and {count} more").format(count=len(idx) - _MAX_LISTED))
    return "\n".join(lines)


def check_dtype(name: str, got: np.ndarray) -> None:
    """Fail unless ``got`` is float64, naming integer and boolean results."""
    if got.dtype == np.float64:
        return
    wrong = _("{name} has dtype {dtype}, expected float64.").format(name=name, dtype=got.dtype)
    if got.dtype == np.bool_:
        fail(f"{wrong} {sentence('bool-dtype')}", "bool-dtype")
    if np.issubdtype(got.dtype, np.integer):
        fail(f"{wrong} {sentence('integer-dtype')}", "integer-dtype")
    keep = _("Keep the computation in float64 (do not cast to float32 or int).")
    fail(f"{wrong} {keep}", "float32-dtype")


def check_shape(
    name: str,
    got: np.ndarray,
    expected_shape: tuple,
    batch_size: int | None,
    what: str = "",  # the caller's words, in the kernel's language
    transposed: str = "transposed",
) -> None:
    """Fail unless ``got`` has ``expected_shape``, with the usual cause when one fits
    (``transposed``: see :func:`shape_hint`)."""
    if got.shape == tuple(expected_shape):
        return
    hint = shape_hint(got.shape, expected_shape, batch_size, transposed)
    if got.shape == () and hint is None:
        hint = (
            "shape-differs",
            _("You returned a single number where an array is expected."),
        )
    fields = {"name": name, "got": got.shape, "expected": tuple(expected_shape), "what": what}
    if what:
        message = _("{name} has shape {got}, {what} {expected}.").format(**fields)
    else:
        message = _("{name} has shape {got}, expected {expected}.").format(**fields)
    if hint is None:
        fail(message, "shape-differs")
    line = _diagnosis if CATALOGUE[hint[0]].diagnosis else _hint  # a cause, or a symptom's
    fail(f"{message}\n{line(hint[1])}", "shape-differs", hint[0])


def check_array(
    name: str,
    got,
    expected,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    batch_size: int | None = None,
    mistakes: Mapping[str, np.ndarray] | None = None,
    half: bool = False,
    transposed: str = "transposed",
    n: int | None = None,
) -> None:
    """Assert that array ``got`` equals ``expected`` within tolerance, or explain the difference.

    Parameters
    ----------
    name : what the student calls this value, e.g. ``"dW"`` or ``"linear_forward(X, W, b)"``.
    got : the student's result.
    expected : the right answer (any shape).
    batch_size : N, so that a factor N in the result (or a batch axis left over) can be named.
    mistakes : ``{mistake_id: wrong_answer}`` for mistakes worth naming (see nnlearn.mistakes),
        each wrong answer computed from the unmodified inputs.
    half : the formula has the loss's 1/2, so a factor 2 is named as that 1/2.
    transposed : the mistake a transposed shape names (see :func:`shape_hint`).
    n : the N that the sentence of a mistake of ``mistakes`` speaks of, where it is not an axis
        of the result (a loss after a step whose gradient was not divided by N = 4); default
        ``batch_size``.
    """
    expected = np.asarray(expected, dtype=np.float64)
    _record(name, expected, batch_size=batch_size, mistakes=mistakes, half=half)
    got = as_array(name, got)
    check_shape(name, got, expected.shape, batch_size, transposed=transposed)
    check_dtype(name, got)
    bad = ~np.isfinite(got)
    if bad.any() and np.isfinite(expected).all():
        message = _(
            "{name} contains {count} NaN/inf entries, for example at index {index}."
        ).format(name=name, count=int(bad.sum()), index=tuple(int(k) for k in np.argwhere(bad)[0]))
        fail(f"{message}\n{_hint(sentence('nan-or-inf'))}", "nan-or-inf")
    mismatch = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not mismatch.any():
        return
    found = diagnose(
        got,
        expected,
        rtol=rtol,
        atol=atol,
        batch_size=batch_size,
        mistakes=mistakes,
        half=half,
        n=n,
    )
    message = _(
        "{name} has the right shape but wrong values: {count} of {size} entries differ."
    ).format(name=name, count=int(mismatch.sum()), size=mismatch.size)
    message += f"\n{differing_entries(got, expected, mismatch)}"
    fail(message + diagnosis_lines(found), "values-differ", *(i for i, _ in found if i))


def check_scalar(
    name: str,
    got,
    expected: float,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    batch_size: int | None = None,
    mistakes: Mapping[str, float] | None = None,
    half: bool = False,
) -> None:
    """Assert that ``got`` is a single number equal to ``expected``, or explain the difference.

    With one number there is no pattern to see, so a factor is named only as an anticipated
    mistake or where it cannot be confused: the batch size N (not 1 or 2) or, with ``half``,
    the loss's 1/2. The right number as an integer names an integer dtype only where a count
    not divided by N would give another number (not for N = 1, nor an expected 0); an integer
    that is a fractional expected number's integer part (or rounding) names it always.
    """
    _record(name, expected, batch_size=batch_size, mistakes=mistakes, half=half)
    if got is None:
        fail(
            _("{name} is None: did you forget a `return` statement?").format(name=name),
            "missing-return",
        )
    arr = np.asarray(got)
    if arr.shape != ():
        hint = (
            _("Average (or sum) over all entries to get one number.")
            if arr.size > 1
            else _("Convert the 1-element array to a number with float(...).")
        )
        fail(
            _("{name} should be a single number, got shape {shape}. {hint}").format(
                name=name, shape=arr.shape, hint=hint
            ),
            "not-a-single-number",
        )
    not_a_float = _("{name} should be a float, got {kind}.").format(
        name=name, kind=type(got).__name__
    )
    if np.issubdtype(arr.dtype, np.integer) and np.isclose(float(arr), expected, rtol, atol):
        # The right number as an integer. Where a count not divided by N gives that number
        # too (N = 1, or an expected 0), the type is all the evidence: no fraction was lost.
        count_too = batch_size == 1 or expected == 0
        fail(not_a_float, "wrong-behaviour" if count_too else "integer-dtype")
    if not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        fail(not_a_float, "not-an-array")
    value = float(arr)
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return
    if np.issubdtype(arr.dtype, np.integer) and value in (np.floor(expected), np.round(expected)):
        # A fraction expected, its integer part (or rounding) got: the fraction was lost.
        fail(
            _("{name} is {value} ({kind}), expected {expected}.").format(
                name=name, value=f"{value:.8g}", kind=type(got).__name__, expected=f"{expected:.8g}"
            )
            + diagnosis_lines([("integer-dtype", sentence("integer-dtype"))]),
            "values-differ",
            "integer-dtype",
        )
    found = diagnose(
        np.asarray(value),
        np.asarray(float(expected)),
        rtol=rtol,
        atol=atol,
        batch_size=batch_size,
        mistakes=[(id_, np.asarray(float(wrong))) for id_, wrong in _pairs(mistakes)],
        half=half,
    )
    fail(
        _("{name} is {value}, expected {expected}.").format(
            name=name, value=f"{value:.8g}", expected=f"{expected:.8g}"
        )
        + diagnosis_lines(found),
        "values-differ",
        *(i for i, _ in found if i),
    )


def note_own_parts(
    name: str, got, expected, parts, *, rtol: float = 1e-7, atol: float = 1e-9
) -> None:
    """After a composition passed with stand-ins, run it on the student's own parts: if the
    result differs, say which part is to blame (a note, not a failure: each part's own test
    charges its mistakes, once). ``got`` is the result, or a function that computes it; a part
    whose own checks have not passed is not run at all (it may loop or crash).

    ``rtol``, ``atol``: the precision of ``expected``. Published figures rounded to d decimals
    are only good to half a unit of the d-th decimal: pass that as ``atol``, so that correct
    code never gets a note.

    Each run replaces the verdict of the last one: once the parts are fixed and the cell runs
    again, the note is gone here and in every later check that asks :func:`has_passed`.
    """
    parts = [parts] if isinstance(parts, str) else list(parts)
    _NOTED.discard(name)  # this run's verdict replaces the last one: a fixed part clears it
    waiting = [p for p in parts if not has_passed(p, with_own_parts=True)]
    if waiting:
        _NOTED.add(name)
        print(
            _(
                "Note: {name} is right with stand-in parts. It was not run with your own "
                "{parts}: that part has not passed its own checks above yet. Fix it "
                "there; this cell does not count it."
            ).format(name=name, parts=_(" and ").join(waiting))
        )
        return
    try:
        got = got() if callable(got) else got
        same = np.allclose(np.asarray(got, dtype=np.float64), expected, rtol=rtol, atol=atol)
    except Exception:  # noqa: BLE001 - a part that raises is a wrong part too
        same = False
    if not same:
        _NOTED.add(name)
        print(
            _(
                "Note: {name} is right with stand-in parts, but with your own "
                "{parts} the result differs: a part is wrong on this input although "
                "it passed its public checks. This cell does not count it."
            ).format(name=name, parts=_(" and ").join(parts))
        )


def check_unchanged(name: str, before: np.ndarray, after: np.ndarray) -> None:
    """Assert that an input array was not modified in place by the student's function."""
    if np.shape(before) != np.shape(after) or not np.array_equal(before, after, equal_nan=True):
        fail(sentence("input-modified", input=name), "input-modified")


def _snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: _snapshot(v) for key, v in value.items()}
    return None


def _compare(name: str, before, after) -> None:
    if isinstance(before, np.ndarray):
        check_unchanged(name, before, after)
    elif isinstance(before, dict):
        for key, value in before.items():
            _compare(f'{name}["{key}"]', value, after.get(key) if isinstance(after, dict) else None)


_MATMUL = re.compile(r"matmul: Input operand \d has a mismatch in its core dimension")
_BROADCAST = re.compile(r"operands could not be broadcast together")
_DOT = re.compile(r"shapes \([\d, ]*\) and \([\d, ]*\) not aligned")
_LIBRARIES = (str(Path(np.__file__).parent), str(Path(__file__).parent), contextlib.__file__)
# The functions where a weight matrix of the network is used: there a product that fits only
# with one operand transposed (`dz2 @ W2`) is a weight matrix used transposed as much as a
# missing .T, two causes for the same code, so its line names neither.
_WEIGHTS_USED = frozenset(CATALOGUE["weights-transposed"].where.split(", "))


def _own_frames(err: BaseException) -> list:
    """The traceback entries of ``err`` outside numpy and nnlearn, below the check's own
    ``with`` block (the first frame after the context manager's, in a notebook's cell or in a
    check of nnlearn such as :func:`nnlearn.train_check.check_train`): the student's functions,
    outermost first. A frame whose locals set ``__tracebackhide__`` (a wrapper that is not the
    student's, which pytest and IPython hide too) is not one of them."""
    tb, found = err.__traceback__, []
    while tb is not None and tb.tb_frame.f_code.co_flags & inspect.CO_GENERATOR:
        tb = tb.tb_next  # the context manager's own frame (a generator)
    tb = tb and tb.tb_next  # the with block's
    while tb is not None:
        frame = tb.tb_frame
        if not frame.f_code.co_filename.startswith(_LIBRARIES) and not frame.f_locals.get(
            "__tracebackhide__"
        ):
            found.append(tb)
        tb = tb.tb_next
    return found


def _shape_of(expr: ast.expr, frame) -> tuple | None:
    """The shape of ``expr`` if it is a plain name or a name's ``.T`` (nothing is called)."""
    transposed = isinstance(expr, ast.Attribute) and expr.attr == "T"
    node = expr.value if transposed else expr
    if not isinstance(node, ast.Name):
        return None
    value = frame.f_locals.get(node.id, frame.f_globals.get(node.id))
    if not isinstance(value, np.ndarray):
        return None
    return value.shape[::-1] if transposed else value.shape


def _operands(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """The two operands of a matrix product written ``a @ b``, ``np.dot(a, b)``,
    ``np.matmul(a, b)`` or ``a.dot(b)`` (the same product for 1-D and 2-D operands)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) or node.keywords:
        return None
    function = node.func
    if (
        function.attr in ("dot", "matmul")
        and isinstance(function.value, ast.Name)
        and function.value.id in ("np", "numpy")
        and len(node.args) == 2
    ):
        return node.args[0], node.args[1]
    if function.attr == "dot" and len(node.args) == 1:
        return function.value, node.args[0]
    return None


def _products(line: str, frame) -> list[tuple[str, tuple, str, tuple]]:
    """Every matrix product on ``line`` (see :func:`_operands`) whose operands' shapes can be
    read without running code."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        operands = _operands(node)
        if operands:
            left, right = (_shape_of(operand, frame) for operand in operands)
            if left and right:
                found.append((ast.unparse(operands[0]), left, ast.unparse(operands[1]), right))
    return found


def _refusal(err: BaseException) -> tuple[type, str]:
    """What numpy refused, as evidence: the exception's type and its first line (which holds
    the operands' sizes or shapes)."""
    text = str(err)
    return type(err), text.splitlines()[0] if text else ""


def _refused_alike(err: BaseException, refusals) -> dict[str, dict]:
    """The causes among ``refusals`` that numpy refuses exactly as it refused the student's
    function: ``{id: fields}``.

    ``refusals``: ``[(id, wrong), ...]`` or ``[(id, wrong, fields), ...]`` (``fields``: the
    sentence's, e.g. the operand of *missing-transpose*), or ``{id: wrong}``; ``wrong(dot)``
    computes the reference with the mistake put in, on the check's own inputs, with ``dot``
    the matrix product (run as ``np.matmul``, which is ``@``, and as ``np.dot``, which is
    also ``a.dot(b)``: numpy words their refusals differently).
    """
    target, found = _refusal(err), {}
    for id_, wrong, *fields in _pairs(refusals):
        for dot in (np.matmul, np.dot):
            try:
                wrong(dot)
            except Exception as other:  # noqa: BLE001 - a refusal is what is compared
                if _refusal(other) == target:
                    found.setdefault(id_, fields[0] if fields else {})
                    break
    return found


def _settled(alike: dict, settle) -> dict:
    """Of several causes refused alike, the one whose answer the student's function gives on
    an input where numpy refuses none of them: ``settle = (call, [(id, answer), ...])``,
    ``call()`` the student's function on that input, each answer the reference with the
    mistake put in there (id None: a mistake with no catalogued cause). ``alike`` as it was
    unless exactly one of its causes gives that answer."""
    call, answers = settle
    try:
        got, _texts = _warnings_of(call)
        got = np.asarray(got, dtype=np.float64)
    except Exception:  # noqa: BLE001 - a function that fails there settles nothing
        return alike
    kept = {
        id_: fields
        for id_, fields in alike.items()
        if any(
            i == id_ and got.shape == np.shape(a) and np.allclose(got, a, rtol=1e-7, atol=1e-12)
            for i, a in _pairs(answers)
        )
    }
    return kept if len(kept) == 1 else alike


def refusals_of(refusals) -> list[tuple[str, tuple[type, str] | None]]:
    """Each cause of ``refusals`` (see :func:`_refused_alike`) with what numpy refuses in it
    (with ``@``), or None where it runs: for the test that two causes never refuse alike."""
    found = []
    for id_, wrong, *_fields in _pairs(refusals):
        try:
            wrong(np.matmul)
        except Exception as err:  # noqa: BLE001 - the refusal is the hypothesis's answer
            found.append((id_, _refusal(err)))
        else:
            found.append((id_, None))
    return found


def _numpy_refusal(err: BaseException) -> bool:
    """Whether ``err`` is numpy refusing operands by their shapes: a matrix product's inner
    sizes (``@``, ``np.dot``), arrays that do not broadcast, an axis that is not there."""
    text = str(err)
    return isinstance(err, ValueError) and bool(
        _MATMUL.search(text)
        or _BROADCAST.search(text)
        or _DOT.search(text)
        or isinstance(err, np.exceptions.AxisError)
    )


def explain_numpy_error(err: BaseException, refusals=None, settle=None) -> CheckFailure | None:
    """numpy's shape error raised inside the student's function, in words: which line, which
    operands, which shapes; and its cause where the evidence singles it out. None for any
    other error.

    ``refusals`` (:func:`_refused_alike`): the check's hypotheses that numpy refuses. When
    exactly one cause refuses exactly alike (same type, same message: the same sizes), it is
    named; when several do, none is. When none does (or none is given), the line itself: a
    matrix product where only one operand's transpose fits (in the function called) names
    *missing-transpose*, except in a function where the catalogue has *weights-transposed*
    (the same code, another cause: a blind judge labels `dz2 @ W2` in two_layer_backward so,
    where `dout @ W` in linear_backward is a missing .T to all three). A broadcast error
    names no cause: an (M, 1) bias column met by (N, M) is *extra-axis* to one blind judge
    and a shape clash alone to another. ``settle`` (:func:`_settled`): where several causes
    are refused alike, the student's function on an input where none is refused tells them
    apart (a cause with id None, a mistake with no catalogued cause, is never named).
    """
    text = str(err)
    if not _numpy_refusal(err):
        return None
    frames = _own_frames(err)
    if not frames:
        return None
    tb = frames[-1]
    frame, code = tb.tb_frame, tb.tb_frame.f_code
    line = linecache.getline(code.co_filename, tb.tb_lineno).strip()
    where = (
        _("In {function}, at `{line}`").format(function=code.co_name, line=line)
        if line
        else _("In {function}").format(function=code.co_name)
    )
    if len(frames) > 1:  # the operands came from a caller: the mistake may be there
        callers = " <- ".join(f.tb_frame.f_code.co_name for f in frames[-2::-1])
        where = _("{where} (called by {callers})").format(where=where, callers=callers)
    message = _("{where}, numpy raised: {error}").format(where=where, error=text.splitlines()[0])
    products = [p for p in _products(line, frame) if p[1][-1] != p[3][-2 if len(p[3]) > 1 else 0]]
    cause, hint = None, True
    if (_MATMUL.search(text) or _DOT.search(text)) and len(products) == 1:
        a, a_shape, b, b_shape = products[0]
        inner = b_shape[-2] if len(b_shape) > 1 else b_shape[0]
        message += "\n" + _(
            "{a} has shape {a_shape} and {b} has shape {b_shape}: a matrix product needs "
            "the last size of the left operand ({last}) to equal the first size of the "
            "right one ({inner})."
        ).format(a=a, a_shape=a_shape, b=b, b_shape=b_shape, last=a_shape[-1], inner=inner)
        hint = False
        fits = []
        if len(b_shape) == 2 and a_shape[-1] == b_shape[1]:
            fits.append((b, b_shape[::-1]))
        if len(a_shape) == 2 and a_shape[0] == inner:
            fits.append((a, a_shape[::-1]))
        # in the function called, and no weight matrix there to have been used transposed
        if len(fits) == 1 and len(frames) == 1 and code.co_name not in _WEIGHTS_USED:
            operand, shape = fits[0]
            cause = ("missing-transpose", {"operand": operand, "shape": shape})
    else:
        arrays = [
            f"{name} {value.shape}"
            for name, value in frame.f_locals.items()
            if isinstance(value, np.ndarray) and not name.startswith("_")
        ]
        if arrays:
            message += "\n" + _("The arrays in {function} at that moment: {arrays}.").format(
                function=code.co_name, arrays=", ".join(arrays[:8])
            )
    alike = _refused_alike(err, refusals)
    if len(alike) > 1 and settle is not None:
        alike = _settled(alike, settle)
    if alike:  # the check's own hypotheses: exactly one, or (several) none
        cause = next(iter(alike.items())) if len(alike) == 1 else None
    if cause is not None and cause[0] is not None:
        id_, fields = cause
        return CheckFailure(
            f"{message}\n{_diagnosis(sentence(id_, **fields))}", ("shapes-do-not-fit", id_)
        )
    if hint:
        message += "\n" + _hint(sentence("shapes-do-not-fit"))
    return CheckFailure(message, ("shapes-do-not-fit",))


def moves_global_generator(call) -> bool:
    """Whether ``call()`` moves numpy's legacy global random generator; it is put back as it
    was found either way (the generator belongs to everyone: an exercise draws from its own)."""
    saved = np.random.get_state()  # noqa: NPY002 - the legacy one
    call()
    now = np.random.get_state()  # noqa: NPY002
    np.random.set_state(saved)  # noqa: NPY002 - as it was
    return not (np.array_equal(now[1], saved[1]) and now[2] == saved[2])


def lr_ignored(got, again, start) -> bool:
    """Whether the learning rate is not used: ``again()``, the student's call at another rate,
    gives ``got`` again (numbers of one shape), and ``got`` moved away from ``start``. A
    predicate on the student's function, so a rate written in (``w - 0.01 * grad``) is found
    as well as none (``w - grad``); the check offers ``got`` as *forgot-lr*'s answer when it
    holds."""
    try:
        got = np.asarray(got, dtype=np.float64)
        again = np.asarray(again(), dtype=np.float64)
        start = np.broadcast_to(np.asarray(start, dtype=np.float64), got.shape)
    except Exception:  # noqa: BLE001 - not numbers, or the second call fails: no evidence
        return False
    return _close(got, again, 1e-7, 1e-12) and not _close(got, start, 1e-7, 1e-12)


@contextlib.contextmanager
def unchanged(*, refusals=None, settle=None, **inputs):
    """Check, when the block ends, that it modified none of ``inputs`` (arrays, dicts of arrays).

    ::

        with unchanged(dout=dout):
            dz = sigmoid_backward(dout, cache)
        check_array("dz", dz, expected)   # values only after the inputs are known intact

    numpy's shape errors raised inside the block become a failure that names the shapes
    (:func:`explain_numpy_error`), and a cause when exactly one of ``refusals`` (mistakes
    numpy refuses on these inputs, :func:`_refused_alike`) is refused alike, or, of several
    refused alike, the one ``settle`` singles out on another input (:func:`_settled`); any
    other error is passed on as it is.
    """
    saved = {name: _snapshot(value) for name, value in inputs.items()}
    if _REFUSALS is not None and refusals:
        answers = _pairs(settle[1]) if settle else []
        _REFUSALS.append((", ".join(inputs), refusals_of(refusals), answers))
    try:
        yield
    except ValueError as err:
        explained = explain_numpy_error(err, refusals, settle)
        if explained is None:
            raise
        raise explained from err
    for name, before in saved.items():
        _compare(name, before, inputs[name])


def _warnings_of(function, *args, **kwargs):
    """``function(*args, **kwargs)`` and the warnings it printed, as texts."""
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(printed):
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    texts = [f"{w.category.__name__}: {w.message}" for w in caught]
    texts += [line.strip() for line in printed.getvalue().splitlines() if "Warning" in line]
    return result, texts


def _same_warning(result, texts, wrong, args, kwargs) -> bool:
    """Whether a hypothesis gives ``result`` with the same warnings. ``wrong`` is a function
    (the reference with the mistake put in), run on the same inputs, or ``(answer, words)``:
    the answer that mistake gives (NaN where it gives NaN) and words its warning contains."""
    if callable(wrong):
        try:
            answer, wrong_texts = _warnings_of(wrong, *args, **kwargs)
        except Exception:  # noqa: BLE001 - a hypothesis that raises does not fit
            return False
        same_warnings = set(wrong_texts) == set(texts)
    else:
        answer, words = wrong
        same_warnings = all(words in text for text in texts)
    try:
        got = np.asarray(result, dtype=np.float64)
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return (
        same_warnings
        and got.shape == answer.shape
        and bool(np.allclose(got, answer, rtol=1e-7, atol=1e-12, equal_nan=True))
    )


def quietly(name: str, function, *args, hypotheses=None, **kwargs):
    """Call ``function(*args, **kwargs)``; fail if it printed a warning (numpy's overflow).

    The warnings are caught here and, when the function runs in another process (grading), in
    what that process printed. An overflow warning, which only np.exp of a large number gives,
    is named as such. ``hypotheses``: ``{id: wrong}`` or ``[(id, wrong), ...]``, mistakes that
    warn otherwise (see
    :func:`_same_warning`); the warning is blamed on one only when exactly that one gives this
    result with these warnings.
    """
    result, texts = _warnings_of(function, *args, **kwargs)
    if not texts:
        return result
    if "overflow" in " ".join(texts):
        hint, ids = sentence("overflow"), ["overflow"]
    else:
        hint, ids = _("Compute it without a warning."), ["wrong-behaviour"]
        fits = {
            id_
            for id_, wrong in _pairs(hypotheses)
            if _same_warning(result, texts, wrong, args, kwargs)
        }
        if len(fits) == 1:
            hint, ids = sentence(*fits), [*fits]
    warned = _("{name} printed a warning: {warning}.").format(name=name, warning=texts[0])
    fail(f"{warned}\n{_diagnosis(hint)}", *ids)


# Where an earlier function is, as the test cells and the stand-ins name it (translated when the
# message is made: the test cells are the same in both editions).
EARLIER_PLACES = [N_("the exercise above"), N_("chapter 2"), N_("chapter 3"), N_("chapter 4")]


@contextlib.contextmanager
def earlier(function: str, where: str, *, unless_passed: bool = False):
    """Run checks that depend on a function the one under test builds on (an earlier chapter's,
    or an earlier exercise of this notebook).

    A failure inside is reported as that function's, not the one under test::

        with earlier("mse_loss_grad", "chapter 2"):
            check_array("mse_loss_grad(...)", mse_loss_grad(a, t), expected)

    ``unless_passed``: ``function`` is an exercise of this notebook. If its public checks passed
    (above), a failure inside is the block's own and is passed on as it is; only if they have
    not is it blamed on ``function``. So a check that merely calls a wrong part charges it only
    when the part changes the result.
    """
    from nnlearn.earlier import EarlierChapterError

    try:
        yield
    except (EarlierChapterError, NotImplementedError):
        raise
    except Exception as err:  # a check failed, or the function raised
        if unless_passed and has_passed(function):
            raise
        detail = (
            err.text
            if isinstance(err, CheckFailure)
            else _("It raised {error_type}: {error}").format(
                error_type=type(err).__name__, error=err
            )
        )
        fail(
            sentence("earlier-function-fails", function=function, where=_(where)) + f"\n{detail}",
            "earlier-function-fails",
            function=function,
        )


def check_tuple(name: str, got, length: int) -> tuple:
    """Assert that a function returned a tuple of ``length`` items; return it for unpacking.

    ``out, cache = check_tuple("sigmoid_forward(z)", sigmoid_forward(z), 2)``
    """
    if got is None:
        fail(
            _("{name} returned None: did you forget a `return` statement?").format(name=name),
            "missing-return",
        )
    if not isinstance(got, tuple):
        fail(
            _(
                "{name} should return a tuple of {length} values, got a {kind}. "
                "Return them separated by commas: `return a, b`."
            ).format(name=name, length=length, kind=type(got).__name__),
            "wrong-return-structure",
        )
    if len(got) != length:
        fail(
            _("{name} should return {length} values, got {count}.").format(
                name=name, length=length, count=len(got)
            ),
            "wrong-return-structure",
        )
    return got


def check_order(name: str, values: tuple, expected: Mapping[int, object]) -> None:
    """Fail when the values of a returned tuple are right but in the wrong order.

    ``expected`` maps a position of ``values`` to the right value there (the positions the
    check knows). The evidence: a position does not hold its right value, and another
    position holds exactly that value (an array of its shape and entries), so the value was
    computed and returned, in the wrong place. Not where that other position rightly holds
    the same value (a sigmoid layer's cache is its output s): there it is no evidence of a
    swap. Otherwise nothing is said here: the value checks that follow explain what is wrong.
    """
    for i, right in expected.items():
        right = np.asarray(right, dtype=np.float64)
        if _holds(values[i], right):
            continue
        for j, value in enumerate(values):
            rightly_there = j in expected and _holds(
                np.asarray(expected[j], dtype=np.float64), right
            )
            if j != i and not rightly_there and _holds(value, right):
                swapped = _(
                    "{name}[{found}] holds what belongs at position {position} "
                    "(and {name}[{position}] does not)."
                ).format(name=name, found=j, position=i)
                order = _("The values are right but in the wrong order.")
                cause = f"{sentence('wrong-return-structure')} {order}"
                fail(f"{swapped}\n{_diagnosis(cause)}", "wrong-return-structure")


def _holds(value, right: np.ndarray) -> bool:
    """Whether ``value`` is an array with exactly the entries of ``right``."""
    return (
        isinstance(value, np.ndarray)
        and value.shape == right.shape
        and np.issubdtype(value.dtype, np.number)
        and bool(np.allclose(value, right, rtol=1e-12, atol=1e-15))
    )


def check_keys(name: str, got, keys) -> dict:
    """Assert that a function returned a dict with exactly ``keys``; return it."""
    if got is None:
        fail(
            _("{name} returned None: did you forget a `return` statement?").format(name=name),
            "missing-return",
        )
    if not isinstance(got, dict):
        fail(
            _("{name} should return a dict with the keys {keys}, got a {kind}.").format(
                name=name, keys=list(keys), kind=type(got).__name__
            ),
            "wrong-return-structure",
        )
    missing, extra = set(keys) - set(got), set(got) - set(keys)
    problems = [_("missing {keys}").format(keys=sorted(missing))] if missing else []
    problems += [_("unexpected {keys}").format(keys=sorted(extra))] if extra else []
    if problems:
        fail(
            _("{name} should have exactly the keys {keys}: {problems}.").format(
                name=name, keys=list(keys), problems="; ".join(problems)
            ),
            "wrong-return-structure",
        )
    return got
