# ruff: noqa: E501 - mutants quote whole source lines of the solutions
"""The labelled mutant set of the diagnosis benchmark (benchmarks/diagnoses.py, and
tests/student/test_diagnoses.py).

Each mutant is a realistic mistake, written as a text edit of the instructor's solution cell and
labelled with the id (nnlearn.mistakes) that a good check names it by. Double-fault mutants carry
two labels; naming either one, and nothing false, counts as named correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nnlearn.earlier import solution_cells

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)[ \t]*\n", re.M)


@dataclass(frozen=True)
class Mutant:
    """One realistic mistake (or two) in the instructor's solution.

    ``edits`` maps a solution cell's grade id to (old, new) text replacements in it.
    """

    name: str
    labels: tuple[str, ...]
    edits: dict[str, list[tuple[str, str]]]
    chapter: str

    @property
    def single(self) -> bool:
        return len(self.labels) == 1

    @property
    def functions(self) -> set[str]:
        """The functions whose definitions an edit touches."""
        found = set()
        for gid, edits in self.edits.items():
            source = solution_sources(self.chapter)[gid]
            for old, _ in edits:
                found.add(function_at(source, source.index(old)))
        return found


def solution_sources(chapter: str) -> dict[str, str]:
    return {
        gid: MARKERS.sub("", src) for gid, src in solution_cells(SOLUTIONS / f"{chapter}.ipynb")
    }


def function_at(source: str, offset: int) -> str:
    names = [(m.start(), m.group(1)) for m in re.finditer(r"^def (\w+)\(", source, re.M)]
    before = [name for start, name in names if start <= offset]
    return before[-1] if before else names[0][1]


CH1, CH2, CH3 = "01_decision_boundaries", "02_objective_functions", "03_gradient_descent"
CH4, CH5, CH6 = "04_backpropagation", "05_training_an_mlp", "06_making_it_work"


def m(name, labels, chapter, cell, *edits):
    labels = (labels,) if isinstance(labels, str) else tuple(labels)
    return Mutant(name, labels, {cell: list(edits)}, chapter)


def m2(name, labels, chapter, edits):
    return Mutant(name, tuple(labels), edits, chapter)


STEP = "    return np.where(z >= 0, 1.0, 0.0)"
GRAD_CHECK = "    return float(np.max(np.abs(analytic - numeric) / np.maximum(sizes, floor)))"

MUTANTS = [
    # -- chapter 1 -----------------------------------------------------------------------
    m("step z > 0", "step-at-zero", CH1, "step", (STEP, "    return np.where(z > 0, 1.0, 0.0)")),
    m(
        "step swapped",
        "step-sides-swapped",
        CH1,
        "step",
        (STEP, "    return np.where(z >= 0, 0.0, 1.0)"),
    ),
    m(
        "step <= 0",
        "step-sides-swapped",
        CH1,
        "step",
        (STEP, "    return np.where(z <= 0, 1.0, 0.0)"),
    ),
    m("step bool", "bool-dtype", CH1, "step", (STEP, "    return z >= 0")),
    m("step ints", "integer-dtype", CH1, "step", (STEP, "    return np.where(z >= 0, 1, 0)")),
    m(
        "step in place",
        "input-modified",
        CH1,
        "step",
        (STEP, "    z[...] = np.where(z >= 0, 1.0, 0.0)\n    return z * 1.0"),
    ),
    m("step no return", "missing-return", CH1, "step", (STEP, "    np.where(z >= 0, 1.0, 0.0)")),
    m(
        "perceptron no bias",
        "forgot-bias",
        CH1,
        "perceptron_predict",
        ("    return step(X @ w + b)", "    return step(X @ w)"),
    ),
    m(
        "perceptron in place",
        "input-modified",
        CH1,
        "perceptron_predict",
        ("    return step(X @ w + b)", "    X *= w\n    return step(X.sum(axis=1) + b)"),
    ),
    m(
        "accuracy error rate",
        "error-rate",
        CH1,
        "accuracy",
        ("float(np.mean(y_pred == y))", "float(np.mean(y_pred != y))"),
    ),
    m(
        "accuracy percentage",
        "percentage",
        CH1,
        "accuracy",
        ("float(np.mean(y_pred == y))", "float(100 * np.mean(y_pred == y))"),
    ),
    m(
        "accuracy count",
        "not-divided-by-n",
        CH1,
        "accuracy",
        ("float(np.mean(y_pred == y))", "float(np.sum(y_pred == y))"),
    ),
    # an int count: at N = 1 it is the right number as an int, no fraction lost (issue 24)
    m(
        "accuracy count as int",
        "not-divided-by-n",
        CH1,
        "accuracy",
        ("float(np.mean(y_pred == y))", "int(np.sum(y_pred == y))"),
    ),
    # floor division: 0 for 3 of 4; at N = 1 the right number, as an int
    m(
        "accuracy floor division",
        "integer-dtype",
        CH1,
        "accuracy",
        ("float(np.mean(y_pred == y))", "np.sum(y_pred == y) // len(y)"),
    ),
    m(
        "xor is or",
        "xor-is-or",
        CH1,
        "xor_network",
        ("w_out = np.array([1.0, -1.0])", "w_out = np.array([1.0, 0.0])"),
    ),
    m(
        "xor inverted",
        "xor-inverted",
        CH1,
        "xor_network",
        (
            "w_out = np.array([1.0, -1.0])\n    b_out = -0.5",
            "w_out = np.array([-1.0, 1.0])\n    b_out = 0.5",
        ),
    ),
    m(
        "xor line in square",
        "xor-line-in-square",
        CH1,
        "xor_network",
        ("b_hidden = np.array([-0.5, -1.5])", "b_hidden = np.array([-0.5, -1.7])"),
    ),
    m(
        # the OR line x1 + x2 = 1 through the corners (0, 1) and (1, 0): right at the four
        # corners (step(0) = 1) and at (0.2, 0.8), wrong just inside their squares
        "xor or line through corners",
        "xor-line-in-square",
        CH1,
        "xor_network",
        ("b_hidden = np.array([-0.5, -1.5])", "b_hidden = np.array([-1.0, -1.5])"),
    ),
    m(
        # the OR line x1 + x2 = 0.9: right at the corners and inside the unit square, wrong
        # at the outer corners (-0.2, 0.8) and (0.8, -0.2) of the squares round (0, 1), (1, 0)
        "xor or line too close to two corners",
        "xor-line-in-square",
        CH1,
        "xor_network",
        ("b_hidden = np.array([-0.5, -1.5])", "b_hidden = np.array([-0.9, -1.5])"),
    ),
]

MSE = "    return float(np.sum((y_pred - y) ** 2) / (2 * n_examples))"
MSE_GRAD = "    return (y_pred - y) / y_pred.shape[0]"
SOFTMAX_SHIFT = "    shifted = z - np.max(z, axis=-1, keepdims=True)  # largest exponent: 0"
SOFTMAX_SUM = "    return exps / np.sum(exps, axis=-1, keepdims=True)"
CE = "    return float(-np.sum(y * logs) / n_examples)"
SCE = "    return (softmax(z) - y) / z.shape[0]"

MUTANTS += [
    # -- chapter 2 -----------------------------------------------------------------------
    m(
        "mse no half",
        "missing-half",
        CH2,
        "mse",
        (MSE, "    return float(np.sum((y_pred - y) ** 2) / n_examples)"),
    ),
    m(
        "mse mean of all",
        "mean-over-all-entries",
        CH2,
        "mse",
        (MSE, "    return float(np.mean((y_pred - y) ** 2))"),
    ),
    m(
        "mse mean of all halved",
        "mean-over-all-entries-halved",
        CH2,
        "mse",
        (MSE, "    return float(np.mean((y_pred - y) ** 2) / 2)"),
    ),
    m(
        "mse no N",
        "not-divided-by-n",
        CH2,
        "mse",
        (MSE, "    return float(np.sum((y_pred - y) ** 2) / 2)"),
    ),
    m("mse grad no N", "not-divided-by-n", CH2, "mse", (MSE_GRAD, "    return y_pred - y")),
    m(
        "mse grad sign",
        "wrong-sign",
        CH2,
        "mse",
        (MSE_GRAD, "    return (y - y_pred) / y_pred.shape[0]"),
    ),
    m(
        "mse grad 2N",
        "extra-half",
        CH2,
        "mse",
        (MSE_GRAD, "    return (y_pred - y) / (2 * y_pred.shape[0])"),
    ),
    m(
        "mse grad factor 2",
        "missing-half",
        CH2,
        "mse",
        (MSE_GRAD, "    return 2 * (y_pred - y) / y_pred.shape[0]"),
    ),
    m(
        "mse grad NK",
        "mean-over-all-entries",
        CH2,
        "mse",
        (MSE_GRAD, "    return (y_pred - y) / y_pred.size"),
    ),
    m(
        "mse grad in place",
        "input-modified",
        CH2,
        "mse",
        (MSE_GRAD, "    y_pred -= y\n    return y_pred / y_pred.shape[0]"),
    ),
    m("softmax unstable", "overflow", CH2, "softmax", (SOFTMAX_SHIFT, "    shifted = z")),
    m(
        "softmax whole array",
        "rows-not-normalised",
        CH2,
        "softmax",
        (SOFTMAX_SUM, "    return exps / np.sum(exps)"),
    ),
    m(
        "softmax columns",
        "rows-not-normalised",
        CH2,
        "softmax",
        (SOFTMAX_SUM, "    return exps / np.sum(exps, axis=0, keepdims=True)"),
    ),
    m(
        "softmax in place",
        "input-modified",
        CH2,
        "softmax",
        ("    z = np.asarray(z, dtype=np.float64)\n", ""),
        (SOFTMAX_SHIFT, "    z -= np.max(z, axis=-1, keepdims=True)\n    shifted = z"),
    ),
    m(
        "softmax whole array's max, nan zeroed",
        "max-not-per-row",
        CH2,
        "softmax",
        (SOFTMAX_SHIFT, "    shifted = z - z.max()"),
        (
            SOFTMAX_SUM,
            "    p = exps / np.sum(exps, axis=-1, keepdims=True)\n"
            "    p[np.isnan(p)] = 0.0  # just in case\n    return p",
        ),
    ),
    # the row maxima without keepdims: numpy refuses (N,) against (N, K); a square z shows it
    m(
        "softmax max without keepdims",
        "max-not-per-row",
        CH2,
        "softmax",
        (SOFTMAX_SHIFT, "    shifted = z - z.max(axis=1)"),
    ),
    m(
        "ce all classes",
        "all-classes-in-loss",
        CH2,
        "cross_entropy",
        (CE, "    return float(-np.sum(np.log(p)) / n_examples)"),
    ),
    m(
        "ce mean of all",
        "mean-over-all-entries",
        CH2,
        "cross_entropy",
        (CE, "    return float(-np.mean(y * logs))"),
    ),
    m(
        "ce sign",
        "wrong-sign",
        CH2,
        "cross_entropy",
        (CE, "    return float(np.sum(y * logs) / n_examples)"),
    ),
    m(
        "ce no N",
        "not-divided-by-n",
        CH2,
        "cross_entropy",
        (CE, "    return float(-np.sum(y * logs))"),
    ),
    m(
        "sce no softmax",
        "forgot-softmax",
        CH2,
        "softmax_cross_entropy_grad",
        (SCE, "    return (z - y) / z.shape[0]"),
    ),
    m(
        "sce no N",
        "not-divided-by-n",
        CH2,
        "softmax_cross_entropy_grad",
        (SCE, "    return softmax(z) - y"),
    ),
    m(
        "sce sign",
        "wrong-sign",
        CH2,
        "softmax_cross_entropy_grad",
        (SCE, "    return (y - softmax(z)) / z.shape[0]"),
    ),
    m(
        "sce divided by K",
        "mean-over-outputs",
        CH2,
        "softmax_cross_entropy_grad",
        (SCE, "    return (softmax(z) - y) / z.shape[1]"),
    ),
    m(
        "sce own unshifted softmax",
        "overflow",
        CH2,
        "softmax_cross_entropy_grad",
        (
            SCE,
            "    e = np.exp(z)\n    return (e / e.sum(axis=1, keepdims=True) - y) / z.shape[0]",
        ),
    ),
]

NG_DIFF = "        grad[index] = (f(w + step) - f(w - step)) / (2 * h)"
NG_COPY = "    w = np.array(w, dtype=np.float64)  # a private copy, in float64"
GD_STEP = "        w = w - lr * grad_f(w)"
GD_START = "    w = np.array(w0, dtype=np.float64)"

MUTANTS += [
    # -- chapter 3 -----------------------------------------------------------------------
    m(
        "ng forward difference",
        "forward-difference",
        CH3,
        "numerical_gradient",
        (NG_DIFF, "        grad[index] = (f(w + step) - f(w)) / h"),
    ),
    m(
        "ng divided by h",
        "divided-by-h",
        CH3,
        "numerical_gradient",
        (NG_DIFF, "        grad[index] = (f(w + step) - f(w - step)) / h"),
    ),
    m(
        "ng ignored h",
        "ignored-h",
        CH3,
        "numerical_gradient",
        ("        step[index] = h", "        step[index] = 1e-5"),
        (NG_DIFF, "        grad[index] = (f(w + step) - f(w - step)) / 2e-5"),
    ),
    m(
        "ng integer steps",
        "integer-steps-lost",
        CH3,
        "numerical_gradient",
        (NG_COPY, "    w = np.array(w)"),
        ("    grad = np.zeros_like(w)", "    grad = np.zeros(w.shape)"),
    ),
    m(
        "ng in place",
        "input-modified",
        CH3,
        "numerical_gradient",
        (NG_COPY, "    w = np.asarray(w, dtype=np.float64)"),
        (
            "        step = np.zeros_like(w)\n        step[index] = h\n" + NG_DIFF,
            "        w[index] += h\n        f_plus = f(w)\n        w[index] -= 2 * h\n"
            "        grad[index] = (f_plus - f(w)) / (2 * h)",
        ),
    ),
    m(
        "ng nudged in place and put back",
        "input-modified",
        CH3,
        "numerical_gradient",
        (NG_COPY, "    w = np.asarray(w, dtype=np.float64)"),
        (
            "        step = np.zeros_like(w)\n        step[index] = h\n" + NG_DIFF,
            "        saved = w[index]\n        w[index] = saved + h\n        f_plus = f(w)\n"
            "        w[index] = saved - h\n        f_minus = f(w)\n        w[index] = saved\n"
            "        grad[index] = (f_plus - f_minus) / (2 * h)",
        ),
    ),
    m(
        "ng error swallowed",
        "error-swallowed",
        CH3,
        "numerical_gradient",
        (
            NG_DIFF,
            "        try:\n    " + NG_DIFF + "\n        except Exception:\n"
            "            grad[index] = np.nan",
        ),
    ),
    m("gd uphill", "uphill", CH3, "gradient_descent", (GD_STEP, "        w = w + lr * grad_f(w)")),
    m(
        "gd rate written in",
        "forgot-lr",
        CH3,
        "gradient_descent",
        (GD_STEP, "        w = w - 0.5 * grad_f(w)  # a step size that works"),
    ),
    m(
        "gd aliased rows",
        "aliased-rows",
        CH3,
        "gradient_descent",
        ("    path = np.empty((n_steps + 1,) + w.shape)\n    path[0] = w\n", "    path = [w]\n"),
        (
            GD_STEP + "\n        path[k + 1] = w\n    return path",
            "        w -= lr * grad_f(w)\n        path.append(w)\n    return np.array(path)",
        ),
    ),
    m(
        "gd gradient of w0",
        "gradient-at-wrong-point",
        CH3,
        "gradient_descent",
        ("    for k in range(n_steps):", "    g0 = grad_f(w)\n    for k in range(n_steps):"),
        (GD_STEP, "        w = w - lr * g0"),
    ),
    # a path made first, the slope then read at the row about to be filled (still zero)
    m(
        "gd gradient at the next row",
        "gradient-at-wrong-point",
        CH3,
        "gradient_descent",
        (
            "    path = np.empty((n_steps + 1,) + w.shape)",
            "    path = np.zeros((n_steps + 1,) + w.shape)",
        ),
        (GD_STEP, "        w = w - lr * grad_f(path[k + 1])"),
    ),
    m(
        "gd w0 in place",
        "input-modified",
        CH3,
        "gradient_descent",
        (GD_START, "    w = np.asarray(w0, dtype=np.float64)"),
        (GD_STEP, "        w -= lr * grad_f(w)"),
    ),
    m(
        "gd integer path",
        "integer-dtype",
        CH3,
        "gradient_descent",
        (
            "    path = np.empty((n_steps + 1,) + w.shape)",
            "    path = np.empty((n_steps + 1,) + w.shape, dtype=np.asarray(w0).dtype)",
        ),
    ),
]

SIG = "    e = np.exp(-np.abs(z))  # exponent <= 0: never overflows\n    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))"
SIG_BACK = "    return dout * s * (1.0 - s)"
LIN_F = "    return X @ W + b, (X, W)"
DX, DW, DB = "    dX = dout @ W.T", "    dW = X.T @ dout", "    db = dout.sum(axis=0)"
TL_B1 = "    dz2 = sigmoid_backward(dout, output_sigmoid)"
TL_B2 = "    dz1 = sigmoid_backward(dhidden, hidden_sigmoid)"

MUTANTS += [
    # -- chapter 4 -----------------------------------------------------------------------
    m("sigmoid naive", "overflow", CH4, "sigmoid", (SIG, "    return 1.0 / (1.0 + np.exp(-z))")),
    m(
        "sigmoid naive where",
        "overflow",
        CH4,
        "sigmoid",
        (SIG, "    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))"),
    ),
    m(
        "sigmoid in place",
        "input-modified",
        CH4,
        "sigmoid",
        (
            "    z = np.asarray(z, dtype=np.float64)\n" + SIG,
            "    e = np.exp(-np.abs(z))\n    z[...] = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n    return z.copy()",
        ),
    ),
    m(
        "sigmoid forward stores z, backward uses z(1-z)",
        "derivative-of-z",
        CH4,
        "sigmoid",
        ("    s = sigmoid(z)\n    return s, s", "    s = sigmoid(z)\n    return s, z"),
        ("    s = cache\n" + SIG_BACK, "    z = cache\n    return dout * z * (1.0 - z)"),
    ),
    m(
        "sigmoid backward unchanged",
        "forgot-activation-derivative",
        CH4,
        "sigmoid",
        (SIG_BACK, "    return dout"),
    ),
    m(
        "sigmoid backward no dout",
        "forgot-dout",
        CH4,
        "sigmoid",
        (SIG_BACK, "    return s * (1.0 - s)"),
    ),
    m(
        "sigmoid backward twice",
        "derivative-of-sigmoid-of-s",
        CH4,
        "sigmoid",
        (SIG_BACK, "    t = sigmoid(s)\n    return dout * t * (1.0 - t)"),
    ),
    m(
        "sigmoid backward in place",
        "input-modified",
        CH4,
        "sigmoid",
        (SIG_BACK, "    dout *= s * (1.0 - s)\n    return dout"),
    ),
    m(
        "sigmoid forward no tuple",
        "wrong-return-structure",
        CH4,
        "sigmoid",
        ("    s = sigmoid(z)\n    return s, s", "    return sigmoid(z)"),
    ),
    m("linear no bias", "forgot-bias", CH4, "linear", (LIN_F, "    return X @ W, (X, W)")),
    m("linear dW transposed", "transposed", CH4, "linear", (DW, "    dW = dout.T @ X")),
    m("linear dX transposed", "transposed", CH4, "linear", (DX, "    dX = W @ dout.T")),
    m("linear dW sign", "wrong-sign", CH4, "linear", (DW, "    dW = -(X.T @ dout)")),
    m("linear dW over N", "divided-by-n", CH4, "linear", (DW, "    dW = X.T @ dout / len(X)")),
    m("linear db all axes", "summed-all-axes", CH4, "linear", (DB, "    db = dout.sum()")),
    m("linear db no sum", "forgot-batch-sum", CH4, "linear", (DB, "    db = dout")),
    m("linear db axis 1", "wrong-sum-axis", CH4, "linear", (DB, "    db = dout.sum(axis=1)")),
    m(
        "linear db keepdims",
        "extra-axis",
        CH4,
        "linear",
        (DB, "    db = dout.sum(axis=0, keepdims=True)"),
    ),
    m("linear db mean", "divided-by-n", CH4, "linear", (DB, "    db = dout.mean(axis=0)")),
    m(
        "two layer no output derivative",
        "missing-activation-derivative",
        CH4,
        "two_layer",
        (TL_B1, "    dz2 = dout"),
    ),
    m(
        "two layer no hidden derivative",
        "missing-activation-derivative",
        CH4,
        "two_layer",
        (TL_B2, "    dz1 = dhidden"),
    ),
    m(
        "two layer no output sigmoid",
        "layers-miswired",
        CH4,
        "two_layer",
        ("    out, output_sigmoid = sigmoid_forward(z2)", "    out, output_sigmoid = z2, None"),
    ),
    m(
        "two layer second layer on X",
        "layers-miswired",
        CH4,
        "two_layer",
        (
            'linear_forward(hidden, params["W2"], params["b2"])',
            'linear_forward(z1, params["W2"], params["b2"])',
        ),
    ),
    m(
        "two layer caches swapped",
        "layers-miswired",
        CH4,
        "two_layer",
        (
            "    dz2 = sigmoid_backward(dout, output_sigmoid)",
            "    dz2 = sigmoid_backward(dout, hidden_sigmoid)",
        ),
    ),
]

W1_LINE = "    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))"
W2_LINE = "    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))"
UPDATE = "        params = {key: params[key] - lr * grads[key] for key in params}"
PREDICT = "    return np.where(out >= 0.5, 1.0, 0.0)"

MUTANTS += [
    m(
        "gradient check mean",
        "mean-relative-error",
        CH4,
        "gradient_check",
        (GRAD_CHECK, GRAD_CHECK.replace("np.max(", "np.mean(", 1)),
    ),
    m(
        "gradient check absolute",
        "absolute-error",
        CH4,
        "gradient_check",
        (GRAD_CHECK, "    return float(np.max(np.abs(analytic - numeric)))"),
    ),
    m(
        "gradient check over |a|",
        "divided-by-analytic-only",
        CH4,
        "gradient_check",
        ("    sizes = np.abs(analytic) + np.abs(numeric)", "    sizes = np.abs(analytic)"),
    ),
    # -- chapter 5 -----------------------------------------------------------------------
    m(
        "init W2 first",
        "w2-drawn-first",
        CH5,
        "init_params",
        (W1_LINE + "\n" + W2_LINE, W2_LINE + "\n" + W1_LINE),
    ),
    m(
        "init std 1",
        "std-one",
        CH5,
        "init_params",
        (W1_LINE, "    W1 = rng.normal(0.0, 1.0, size=(n_in, n_hidden))"),
        (W2_LINE, "    W2 = rng.normal(0.0, 1.0, size=(n_hidden, n_out))"),
    ),
    m(
        "init std 1/fan-in",
        "std-one-over-fan-in",
        CH5,
        "init_params",
        (W1_LINE, "    W1 = rng.normal(0.0, 1.0 / n_in, size=(n_in, n_hidden))"),
        (W2_LINE, "    W2 = rng.normal(0.0, 1.0 / n_hidden, size=(n_hidden, n_out))"),
    ),
    m(
        "init zeros",
        "zero-init",
        CH5,
        "init_params",
        (W1_LINE, "    W1 = np.zeros((n_in, n_hidden))"),
    ),
    m(
        "init seed ignored",
        "seed-ignored",
        CH5,
        "init_params",
        ("    rng = np.random.default_rng(seed)", "    rng = np.random.default_rng(0)"),
    ),
    m("train uphill", "uphill", CH5, "train", (UPDATE, UPDATE.replace("- lr", "+ lr"))),
    m(
        "train biases frozen",
        "biases-not-updated",
        CH5,
        "train",
        (
            UPDATE,
            '        params = {key: params[key] - lr * grads[key] if key[0] == "W" else params[key]'
            " for key in params}",
        ),
    ),
    m(
        "train loss after update",
        "loss-after-update",
        CH5,
        "train",
        ("        losses[epoch] = mse_loss(out, targets)\n", ""),
        (
            UPDATE,
            UPDATE + "\n        losses[epoch] = mse_loss(two_layer_forward(X, params)[0], targets)",
        ),
    ),
    m(
        "train y flat",
        "column-minus-flat",
        CH5,
        "train",
        (
            "    targets = y.reshape(len(X), -1)\n    params = init_params(X.shape[1], n_hidden, targets.shape[1], seed)",
            "    targets = y\n    params = init_params(X.shape[1], n_hidden, 1 if y.ndim == 1 else y.shape[1], seed)",
        ),
    ),
    m("predict output", "returned-output", CH5, "predict", (PREDICT, "    return out")),
    m(
        "predict > 0.5",
        "threshold-excludes-half",
        CH5,
        "predict",
        (PREDICT, "    return np.where(out > 0.5, 1.0, 0.0)"),
    ),
    m(
        "predict inverted",
        "predictions-inverted",
        CH5,
        "predict",
        (PREDICT, "    return np.where(out < 0.5, 1.0, 0.0)"),
    ),
    m("predict bool", "bool-dtype", CH5, "predict", (PREDICT, "    return out >= 0.5")),
]

RELU_B = "    return np.where(z > 0, dout, 0.0)"
MB_ORDER = "    order = np.random.default_rng(seed).permutation(n)"
MB_CUT = "    return [order[i : i + batch_size] for i in range(0, n, batch_size)]"
MOM = "    return w - lr * v_new, v_new"
RMS = "    return w - lr * grad / (np.sqrt(s_new) + eps), s_new"
ADAM_W = "    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new"

MUTANTS += [
    # -- chapter 6 -----------------------------------------------------------------------
    m(
        "relu forward in place",
        "input-modified",
        CH6,
        "relu",
        ("    return np.maximum(z, 0.0), z", "    z[z < 0] = 0.0\n    return z.copy(), z.copy()"),
    ),
    m("relu kink", "relu-kink", CH6, "relu", (RELU_B, "    return np.where(z >= 0, dout, 0.0)")),
    m(
        "relu backward unchanged",
        "forgot-activation-derivative",
        CH6,
        "relu",
        (RELU_B, "    return dout"),
    ),
    m(
        "relu backward no dout",
        "forgot-dout",
        CH6,
        "relu",
        (RELU_B, "    return np.where(z > 0, 1.0, 0.0)"),
    ),
    m(
        "relu backward in place",
        "input-modified",
        CH6,
        "relu",
        (RELU_B, "    dout[z <= 0] = 0.0\n    return dout"),
    ),
    m("sgd uphill", "uphill", CH6, "sgd", ("    return w - lr * grad", "    return w + lr * grad")),
    m("sgd no lr", "forgot-lr", CH6, "sgd", ("    return w - lr * grad", "    return w - grad")),
    m(
        "sgd rate set inside",
        "forgot-lr",
        CH6,
        "sgd",
        ("    return w - lr * grad", "    lr = 0.1  # the default\n    return w - lr * grad"),
    ),
    m(
        "sgd in place",
        "input-modified",
        CH6,
        "sgd",
        ("    return w - lr * grad", "    w -= lr * grad\n    return w"),
    ),
    m(
        "minibatches not shuffled",
        "not-shuffled",
        CH6,
        "minibatches",
        (MB_ORDER, "    order = np.arange(n)"),
    ),
    m(
        "minibatches seed ignored",
        "seed-ignored",
        CH6,
        "minibatches",
        (MB_ORDER, "    order = np.random.default_rng(0).permutation(n)"),
    ),
    m(
        "minibatches last dropped",
        "last-batch-dropped",
        CH6,
        "minibatches",
        (
            MB_CUT,
            "    return [order[i : i + batch_size] for i in range(0, n - batch_size + 1, batch_size)]",
        ),
    ),
    m(
        "minibatches float indices",
        "indices-not-integers",
        CH6,
        "minibatches",
        (MB_ORDER, MB_ORDER + ".astype(float)"),
    ),
    m(
        "momentum averaged",
        "momentum-averaged",
        CH6,
        "momentum",
        ("    v_new = beta * v + grad", "    v_new = beta * v + (1 - beta) * grad"),
    ),
    m(
        "momentum old velocity",
        "old-velocity",
        CH6,
        "momentum",
        (MOM, "    return w - lr * v, v_new"),
    ),
    m("momentum uphill", "uphill", CH6, "momentum", (MOM, "    return w + lr * v_new, v_new")),
    m(
        "momentum in place",
        "input-modified",
        CH6,
        "momentum",
        (
            "    v_new = beta * v + grad\n" + MOM,
            "    v *= beta\n    v += grad\n    return w - lr * v, v.copy()",
        ),
    ),
    m(
        "rmsprop no sqrt",
        "forgot-sqrt",
        CH6,
        "rmsprop",
        (RMS, "    return w - lr * grad / (s_new + eps), s_new"),
    ),
    m(
        "rmsprop old s",
        "old-square-average",
        CH6,
        "rmsprop",
        (RMS, "    return w - lr * grad / (np.sqrt(s) + eps), s_new"),
    ),
    m(
        "rmsprop eps inside",
        "eps-inside-sqrt",
        CH6,
        "rmsprop",
        (RMS, "    return w - lr * grad / np.sqrt(s_new + eps), s_new"),
    ),
    m("rmsprop uphill", "uphill", CH6, "rmsprop", (RMS, RMS.replace("w - lr", "w + lr"))),
    m(
        "adam no bias correction",
        "no-bias-correction",
        CH6,
        "adam",
        (ADAM_W, "    return w - lr * m_new / (np.sqrt(s_new) + eps), m_new, s_new"),
    ),
    m(
        "adam t + 1",
        "t-off-by-one",
        CH6,
        "adam",
        (
            "    m_hat = m_new / (1.0 - beta1**t)\n    s_hat = s_new / (1.0 - beta2**t)",
            "    m_hat = m_new / (1.0 - beta1 ** (t + 1))\n    s_hat = s_new / (1.0 - beta2 ** (t + 1))",
        ),
    ),
    m(
        "adam eps inside",
        "eps-inside-sqrt",
        CH6,
        "adam",
        (ADAM_W, "    return w - lr * m_hat / np.sqrt(s_hat + eps), m_new, s_new"),
    ),
    m("adam uphill", "uphill", CH6, "adam", (ADAM_W, ADAM_W.replace("w - lr", "w + lr"))),
    m(
        "adam in place",
        "input-modified",
        CH6,
        "adam",
        (
            "    m_new = beta1 * m + (1.0 - beta1) * grad",
            "    m *= beta1\n    m += (1.0 - beta1) * grad\n    m_new = m.copy()",
        ),
    ),
]

# -- two mistakes at once -------------------------------------------------------------------
MUTANTS += [
    m2(
        "linear dW sign + db all axes",
        ["wrong-sign", "summed-all-axes"],
        CH4,
        {"linear": [(DW, "    dW = -(X.T @ dout)"), (DB, "    db = dout.sum()")]},
    ),
    m2(
        "linear no bias + dX transposed",
        ["forgot-bias", "transposed"],
        CH4,
        {"linear": [(LIN_F, "    return X @ W, (X, W)"), (DX, "    dX = W @ dout.T")]},
    ),
    m2(
        "sigmoid naive + backward in place",
        ["overflow", "input-modified"],
        CH4,
        {
            "sigmoid": [
                (SIG, "    return 1.0 / (1.0 + np.exp(-z))"),
                (SIG_BACK, "    dout *= s * (1.0 - s)\n    return dout"),
            ]
        },
    ),
    m2(
        "mse no half + grad no N",
        ["missing-half", "not-divided-by-n"],
        CH2,
        {
            "mse": [
                (MSE, "    return float(np.sum((y_pred - y) ** 2) / n_examples)"),
                (MSE_GRAD, "    return y_pred - y"),
            ]
        },
    ),
    m2(
        "softmax unstable + sce no N",
        ["overflow", "not-divided-by-n"],
        CH2,
        {
            "softmax": [(SOFTMAX_SHIFT, "    shifted = z")],
            "softmax_cross_entropy_grad": [(SCE, "    return softmax(z) - y")],
        },
    ),
    m2(
        "step z > 0 + perceptron no bias",
        ["step-at-zero", "forgot-bias"],
        CH1,
        {
            "step": [(STEP, "    return np.where(z > 0, 1.0, 0.0)")],
            "perceptron_predict": [("    return step(X @ w + b)", "    return step(X @ w)")],
        },
    ),
    m2(
        "gd uphill + w0 in place",
        ["uphill", "input-modified"],
        CH3,
        {
            "gradient_descent": [
                (GD_START, "    w = np.asarray(w0, dtype=np.float64)"),
                (GD_STEP, "        w += lr * grad_f(w)"),
            ]
        },
    ),
    m2(
        "ng forward + integer steps",
        ["forward-difference", "integer-steps-lost"],
        CH3,
        {
            "numerical_gradient": [
                (NG_COPY, "    w = np.array(w)"),
                ("    grad = np.zeros_like(w)", "    grad = np.zeros(w.shape)"),
                (NG_DIFF, "        grad[index] = (f(w + step) - f(w)) / h"),
            ]
        },
    ),
    m2(
        "train uphill + biases frozen",
        ["uphill", "biases-not-updated"],
        CH5,
        {
            "train": [
                (
                    UPDATE,
                    '        params = {key: params[key] + lr * grads[key] if key[0] == "W" else params[key]'
                    " for key in params}",
                )
            ]
        },
    ),
    m2(
        "adam no bias correction + eps inside",
        ["no-bias-correction", "eps-inside-sqrt"],
        CH6,
        {"adam": [(ADAM_W, "    return w - lr * m_new / np.sqrt(s_new + eps), m_new, s_new")]},
    ),
    m2(
        "relu kink + sgd uphill",
        ["relu-kink", "uphill"],
        CH6,
        {
            "relu": [(RELU_B, "    return np.where(z >= 0, dout, 0.0)")],
            "sgd": [("    return w - lr * grad", "    return w + lr * grad")],
        },
    ),
    m2(
        "two layer no output derivative + linear db all axes",
        ["missing-activation-derivative", "summed-all-axes"],
        CH4,
        {"two_layer": [(TL_B1, "    dz2 = dout")], "linear": [(DB, "    db = dout.sum()")]},
    ),
]

# -- mistakes that the hypotheses of turn 3 name (issue 24) -------------------------------------
TWO_FWD = 'linear_forward(X, params["W1"], params["b1"])'
MB_LOOP = "            for batch in minibatches(len(X), batch_size, seed=epoch - 1):"
MUTANTS += [
    m(
        "mse over K",
        "mean-over-outputs",
        CH2,
        "mse",
        ("    n_examples = y_pred.shape[0]", "    n_examples = y_pred.shape[1]"),
    ),
    m(
        "mse grad over K",
        "mean-over-outputs",
        CH2,
        "mse",
        (MSE_GRAD, "    return (y_pred - y) / y_pred.shape[1]"),
    ),
    m(
        "softmax global max",
        "max-not-per-row",
        CH2,
        "softmax",
        (SOFTMAX_SHIFT, "    shifted = z - np.max(z)"),
    ),
    m(
        "softmax column max",
        "max-not-per-row",
        CH2,
        "softmax",
        (SOFTMAX_SHIFT, "    shifted = z - np.max(z, axis=0, keepdims=True)"),
    ),
    m("linear dX no .T", "missing-transpose", CH4, "linear", (DX, "    dX = dout @ W")),
    m("linear dW no .T", "missing-transpose", CH4, "linear", (DW, "    dW = X @ dout")),
    # np.dot and .dot are named by the hypothesis of the check refused alike
    m(
        "linear dX np.dot no .T",
        "missing-transpose",
        CH4,
        "linear",
        (DX, "    dX = np.dot(dout, W)"),
    ),
    m("linear dW .dot no .T", "missing-transpose", CH4, "linear", (DW, "    dW = X.dot(dout)")),
    # the gradients returned in the order the parameters are usually listed, weights first
    m(
        "linear gradients dW first",
        "wrong-return-structure",
        CH4,
        "linear",
        ("    return dX, dW, db", "    return dW, dX, db"),
    ),
    m(
        "two layer W1 transposed",
        "weights-transposed",
        CH4,
        "two_layer",
        (TWO_FWD, 'linear_forward(X, params["W1"].T, params["b1"])'),
    ),
    m(
        "init W2 from a new generator",
        "w2-new-generator",
        CH5,
        "init_params",
        (W2_LINE, "    rng = np.random.default_rng(seed)\n" + W2_LINE),
    ),
    m(
        "capstone params in place",
        "params-updated-in-place",
        CH6,
        "train_with_optimiser",
        ("                params = new\n", "                params.update(new)\n"),
    ),
    m(
        "capstone velocity reset",
        "state-not-carried",
        CH6,
        "train_with_optimiser",
        (
            "                            value, grads[key], first, lr\n",
            "                            value, grads[key], np.zeros_like(value), lr\n",
        ),
    ),
    m(
        "capstone adam t restarts",
        "adam-t-restarts",
        CH6,
        "train_with_optimiser",
        (MB_LOOP, "            step = 0\n" + MB_LOOP),
    ),
]

# -- mistakes that two causes explained on a degenerate input (issue 24): each check now has an
# input that tells them apart, so the cause is named, and the other never is.
MUTANTS += [
    # the threshold form w.x >= b mixed up with w.x + b >= 0 (not "forgot-bias")
    m(
        "perceptron bias subtracted",
        "wrong-sign",
        CH1,
        "perceptron_predict",
        ("    return step(X @ w + b)", "    return step(X @ w - b)"),
    ),
    # N = K = 3 in the visible check: / (N K) is also / N twice (not "divided-by-n")
    m(
        "softmax grad over all entries",
        "mean-over-all-entries",
        CH2,
        "softmax_cross_entropy_grad",
        ("    return (softmax(z) - y) / z.shape[0]", "    return (softmax(z) - y) / z.size"),
    ),
    # sigmoid(-z) = 1 - sigmoid(z): on an antisymmetric z, also the transpose
    m(
        "sigmoid exponent sign",
        "wrong-sign",
        CH4,
        "sigmoid",
        (SIG, "    return 1.0 / (1.0 + np.exp(np.clip(z, -500, 500)))"),
    ),
    # W1 created as (H, D): the shape given in the wrong order, no matrix product involved
    m(
        "init W1 shape transposed",
        "weights-transposed",
        CH5,
        "init_params",
        ("size=(n_in, n_hidden))", "size=(n_hidden, n_in))"),
    ),
    # gradients N times too large: the loss may grow, but nothing was added (not "uphill")
    m(
        "train gradient not averaged",
        "not-divided-by-n",
        CH5,
        "train",
        (
            "dout = mse_loss_grad(out, targets)",
            "dout = out - targets",
        ),
    ),
    # the velocity reset inside the step: from step 2 on, v_new = grad (not "momentum-averaged")
    m(
        "momentum velocity dropped",
        "state-not-carried",
        CH6,
        "momentum",
        ("    v_new = beta * v + grad", "    v_new = beta * np.zeros_like(v) + grad"),
    ),
]

# -- the right values in the wrong order: the value that belongs first is found second
MUTANTS += [
    m(
        "momentum returns v first",
        "wrong-return-structure",
        CH6,
        "momentum",
        ("    return w - lr * v_new, v_new", "    return v_new, w - lr * v_new"),
    ),
    m(
        "relu forward returns cache first",
        "wrong-return-structure",
        CH6,
        "relu",
        ("    return np.maximum(z, 0.0), z", "    return z, np.maximum(z, 0.0)"),
    ),
]

# -- the exercises of issue 26: tanh's backward pass, and train's cross-entropy run
TANH = "    return dout * (1.0 - t**2)"
CE_DOUT = "            dout = (out - targets) / (len(X) * out * (1.0 - out))"
MUTANTS += [
    m("tanh backward dout alone", "tanh-forgot-derivative", CH4, "tanh", (TANH, "    return dout")),
    m(
        "tanh backward sigmoid's rule",
        "tanh-sigmoid-derivative",
        CH4,
        "tanh",
        (TANH, "    return dout * t * (1 - t)"),
    ),
    m(
        "tanh backward 1 - t",
        "tanh-derivative-linear",
        CH4,
        "tanh",
        (TANH, "    return dout * (1.0 - t)"),
    ),
    m("tanh backward no dout", "tanh-forgot-dout", CH4, "tanh", (TANH, "    return 1.0 - t**2")),
    m(
        "train ce takes the squared error's steps",
        "ce-dout-is-error",
        CH5,
        "train",
        (CE_DOUT, "            dout = (out - targets) / len(X)"),
    ),
    m(
        "train ce not averaged",
        "ce-not-averaged",
        CH5,
        "train",
        (CE_DOUT, "            dout = (out - targets) / (out * (1.0 - out))"),
    ),
    m(
        "train ce over every entry",
        "mean-over-all-entries",
        CH5,
        "train",
        (
            CE_DOUT,
            "            n_entries = targets.shape[0] * targets.shape[1]\n"
            "            dout = (out - targets) / (n_entries * out * (1.0 - out))",
        ),
    ),
    m(
        "train ce records the cross-entropy",
        "ce-losses-recorded",
        CH5,
        "train",
        (
            "        losses[epoch] = mse_loss(out, targets)",
            "        p = np.clip(out, 1e-12, 1 - 1e-12)\n"
            "        losses[epoch] = (\n"
            '            mse_loss(out, targets) if loss == "mse"\n'
            "            else -np.sum(targets * np.log(p) + (1 - targets) * np.log(1 - p)) / len(X)\n"
            "        )",
        ),
    ),
]

# -- mistakes that passed every check, visible and hidden (issue 24, the held-out set's
# EXTRA_BUGS and the first independent set's uncaught bugs): a visible case now catches each.
MUTANTS += [
    # the layer's own formula, not the stable sigmoid: overflows at z = -1000
    m(
        "sigmoid forward naive",
        "overflow",
        CH4,
        "sigmoid",
        ("    s = sigmoid(z)\n", "    s = 1.0 / (1.0 + np.exp(-z))\n"),
    ),
    # tanh's own formula (the third blind set's exp_formula): inf / inf = nan at |z| = 1000
    m(
        "tanh forward exp formula",
        "overflow",
        CH4,
        "tanh",
        (
            "    t = np.tanh(z)\n",
            "    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))\n",
        ),
    ),
    # numpy's legacy global generator: another order, and everyone's generator changed
    m(
        "minibatches global seed",
        "global-generator",
        CH6,
        "minibatches",
        (MB_ORDER, "    np.random.seed(seed)\n    order = np.random.permutation(n)"),
    ),
    # every update with the gradient of the whole training set
    m(
        "capstone full-batch gradient",
        "full-batch-gradient",
        CH6,
        "train_with_optimiser",
        (
            "                out, cache = two_layer_forward(X[batch], params)\n"
            "                grads = two_layer_backward(\n"
            "                    mse_loss_grad(out, targets[batch]), cache\n",
            "                out, cache = two_layer_forward(X, params)\n"
            "                grads = two_layer_backward(\n"
            "                    mse_loss_grad(out, targets), cache\n",
        ),
    ),
    # a tie keeps the later epoch
    m(
        "capstone later tie",
        "later-tie",
        CH6,
        "train_with_optimiser",
        ("        if val_losses[-1] < best:", "        if val_losses[-1] <= best:"),
    ),
]

# -- causes the first independent set left unnamed (issue 24, third round): a hypothesis or a
# predicate of the visible check now singles each out.
MUTANTS += [
    # (1 + sign(z)) / 2: step(0) = 0.5, neither side
    m(
        "step half at zero",
        "step-at-zero",
        CH1,
        "step",
        (STEP, "    return (1.0 + np.sign(z)) / 2.0"),
    ),
    # a generator without a seed: other numbers at every call
    m(
        "init unseeded generator",
        "seed-ignored",
        CH5,
        "init_params",
        ("    rng = np.random.default_rng(seed)", "    rng = np.random.default_rng()"),
    ),
    # numpy's legacy global generator, seeded: the same numbers every call, but not rng's, and
    # everyone's generator moved
    m(
        "init legacy global seed",
        "global-generator",
        CH5,
        "init_params",
        (
            "    rng = np.random.default_rng(seed)\n"
            "    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))\n"
            "    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))",
            "    np.random.seed(seed)\n"
            "    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)\n"
            "    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)",
        ),
    ),
    # train starts from init_params' default seed
    m(
        "train seed not passed",
        "seed-ignored",
        CH5,
        "train",
        (
            "    params = init_params(X.shape[1], n_hidden, targets.shape[1], seed)",
            "    params = init_params(X.shape[1], n_hidden, targets.shape[1])",
        ),
    ),
    # a generator without a seed: another order at every call
    m(
        "minibatches unseeded generator",
        "seed-ignored",
        CH6,
        "minibatches",
        (MB_ORDER, "    order = np.random.default_rng().permutation(n)"),
    ),
]

# -- causes the first independent set left unnamed (issue 24, fourth round).
MUTANTS += [
    # Adam's t counts the epochs, not the updates
    m(
        "capstone adam t counts epochs",
        "adam-t-restarts",
        CH6,
        "train_with_optimiser",
        ("                step += 1\n", "                step = epoch\n"),
    ),
    # only the full batches: len(X) // batch_size of them, the short last one left out
    m(
        "capstone full batches only",
        "last-batch-dropped",
        CH6,
        "train_with_optimiser",
        (
            "minibatches(len(X), batch_size, seed=epoch - 1):",
            "minibatches(len(X), batch_size, seed=epoch - 1)[: len(X) // batch_size]:",
        ),
    ),
    # the training targets reshaped to a column, the validation targets left flat
    m(
        "capstone y_val left flat",
        "column-minus-flat",
        CH6,
        "train_with_optimiser",
        ("    val_targets = y_val.reshape(len(X_val), -1)\n", "    val_targets = y_val\n"),
    ),
    # Adam's t increased after the update, so the first update gets t = 0
    m(
        "capstone adam t from zero",
        "adam-t-restarts",
        CH6,
        "train_with_optimiser",
        ("                step += 1\n", ""),
        (
            "                params = new\n",
            "                params = new\n                step += 1\n",
        ),
    ),
    # the output computed from z1 by hand: the hidden sigmoid skipped, no layer sees it
    m(
        "two-layer output from z1",
        "layers-miswired",
        CH4,
        "two_layer",
        (
            "    out, output_sigmoid = sigmoid_forward(z2)\n",
            "    out, output_sigmoid = sigmoid_forward(z2)\n"
            '    out = 1 / (1 + np.exp(-(z1 @ params["W2"] + params["b2"])))\n',
        ),
    ),
    # the relative error taken against the numerical gradient alone
    m(
        "gradient check over |n|",
        "divided-by-analytic-only",
        CH4,
        "gradient_check",
        ("    sizes = np.abs(analytic) + np.abs(numeric)", "    sizes = np.abs(numeric)"),
    ),
]

# -- causes the first and third independent sets left unnamed (issue 24, sixth round).
MUTANTS += [
    # an extra .T: X.T @ w, refused by numpy unless N = 2 (X is (N, 2))
    m(
        "perceptron X transposed",
        "missing-transpose",
        CH1,
        "perceptron_predict",
        ("    return step(X @ w + b)", "    return step(X.T @ w + b)"),
    ),
    # the product written as a call, its factors in the order of the formula w . x
    m(
        "perceptron np.matmul w first",
        "missing-transpose",
        CH1,
        "perceptron_predict",
        ("    return step(X @ w + b)", "    return step(np.matmul(w, X) + b)"),
    ),
    # W_hidden written one hidden unit per row (OR and NAND, then AND): X @ W
    # reads columns, so the units see x1 - x2
    m(
        "xor weights by row",
        "weights-transposed",
        CH1,
        "xor_network",
        (
            "    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])",
            "    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])",
        ),
        ("    b_hidden = np.array([-0.5, -1.5])", "    b_hidden = np.array([-0.5, 1.5])"),
        ("    w_out = np.array([1.0, -1.0])", "    w_out = np.array([1.0, 1.0])"),
        ("    b_out = -0.5", "    b_out = -1.5"),
    ),
    # one unit per row again, OR's weights (1, 1) then AND's (2, 2): X @ W gives both units
    # x1 + 2 x2, right at the four corners and wrong near them
    m(
        "xor weights by row right at the corners",
        "weights-transposed",
        CH1,
        "xor_network",
        (
            "    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])",
            "    W_hidden = np.array([[1.0, 1.0], [2.0, 2.0]])",
        ),
        ("    b_hidden = np.array([-0.5, -1.5])", "    b_hidden = np.array([-0.5, -3.0])"),
    ),
    # the nudged "copy" is the caller's w itself: f sees w + h e_i, then w
    m(
        "ng nudges w itself",
        "input-modified",
        CH3,
        "numerical_gradient",
        (NG_COPY, "    w = np.asarray(w)  # no copy"),
        (
            NG_DIFF,
            "        plus = w\n        plus[index] += h\n        f_plus = f(plus)\n"
            "        minus = w\n        minus[index] -= h\n"
            "        grad[index] = (f_plus - f(minus)) / (2 * h)",
        ),
    ),
    # numerical_gradient called without its h: the default step, nearly exact
    m(
        "gradient check default h",
        "ignored-h",
        CH4,
        "gradient_check",
        ("    numeric = numerical_gradient(f, w, h)", "    numeric = numerical_gradient(f, w)"),
    ),
]

# -- a bias left out of the network, a sigmoid applied twice in it (issue 24, round 8) ----------
TL_FWD = (
    '    z1, hidden_linear = linear_forward(X, params["W1"], params["b1"])\n'
    "    hidden, hidden_sigmoid = sigmoid_forward(z1)\n"
    '    z2, output_linear = linear_forward(hidden, params["W2"], params["b2"])\n'
    "    out, output_sigmoid = sigmoid_forward(z2)\n"
    "    return out, (hidden_linear, hidden_sigmoid, output_linear, output_sigmoid)"
)
TL_BWD = (
    "    hidden_linear, hidden_sigmoid, output_linear, output_sigmoid = cache\n"
    "    dz2 = sigmoid_backward(dout, output_sigmoid)\n"
    "    dhidden, dW2, db2 = linear_backward(dz2, output_linear)\n"
    "    dz1 = sigmoid_backward(dhidden, hidden_sigmoid)\n"
    "    _, dW1, db1 = linear_backward(dz1, hidden_linear)\n"
    '    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}'
)


def _inline_forward(z1: str, z2: str) -> str:
    """A forward pass written without the layer functions, its cache a dict."""
    return (
        f"    z1 = {z1}\n"
        "    hidden = sigmoid(z1)\n"
        f"    out = sigmoid({z2})\n"
        '    return out, {"X": X, "params": params, "hidden": hidden, "out": out}'
    )


INLINE_FORWARD = _inline_forward(
    'X @ params["W1"] + params["b1"]', 'hidden @ params["W2"] + params["b2"]'
)
"""The right forward pass, written without the layer functions."""


def _inline_backward(hidden_slope: str) -> str:
    return (
        '    X, params, hidden, out = cache["X"], cache["params"], cache["hidden"], cache["out"]\n'
        "    dz2 = dout * out * (1 - out)\n"
        f'    dz1 = dz2 @ params["W2"].T * {hidden_slope}\n'
        '    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": hidden.T @ dz2, "b2": dz2.sum(0)}'
    )


MUTANTS += [
    m(
        "two layer inline no b1",
        "forgot-bias",
        CH4,
        "two_layer",
        (TL_FWD, _inline_forward('X @ params["W1"]', 'hidden @ params["W2"] + params["b2"]')),
        (TL_BWD, _inline_backward("hidden * (1 - hidden)")),
    ),
    m(
        "two layer inline W1 on the way back",
        "layers-miswired",
        CH4,
        "two_layer",
        (
            TL_FWD,
            INLINE_FORWARD,
        ),
        (
            TL_BWD,
            _inline_backward("hidden * (1 - hidden)").replace(
                'dz2 @ params["W2"].T', 'dz2 @ params["W1"].T'
            ),
        ),
    ),
    m(
        "two layer inline W1 transposed",
        "weights-transposed",
        CH4,
        "two_layer",
        (
            TL_FWD,
            _inline_forward(
                'X @ params["W1"].T + params["b1"]', 'hidden @ params["W2"] + params["b2"]'
            ),
        ),
        (TL_BWD, _inline_backward("hidden * (1 - hidden)")),
    ),
    m(
        "two layer sigmoid without b2",
        "forgot-bias",
        CH4,
        "two_layer",
        (
            '    z2, output_linear = linear_forward(hidden, params["W2"], params["b2"])',
            '    z2, output_linear = hidden @ params["W2"], (hidden, params["W2"])',
        ),
    ),
    m(
        "two layer inline hidden sigmoid twice",
        "derivative-of-sigmoid-of-s",
        CH4,
        "two_layer",
        (
            TL_FWD,
            INLINE_FORWARD,
        ),
        (TL_BWD, _inline_backward("sigmoid(hidden) * (1 - sigmoid(hidden))")),
    ),
]

# -- the fifth blind set's unnamed causes with a hypothesis that runs (issue 24, round 8) -------
MUTANTS += [
    m(
        "two layer inline hidden derivative at z1",
        "derivative-of-z",
        CH4,
        "two_layer",
        (
            TL_FWD,
            INLINE_FORWARD.replace('"out": out}', '"out": out, "z1": z1}'),
        ),
        (
            TL_BWD,
            _inline_backward('cache["z1"] * (1 - cache["z1"])'),
        ),
    ),
    m(
        "two layer inline W2 without .T",
        "weights-transposed",
        CH4,
        "two_layer",
        (
            TL_FWD,
            INLINE_FORWARD,
        ),
        (
            TL_BWD,
            _inline_backward("hidden * (1 - hidden)").replace('params["W2"].T', 'params["W2"]'),
        ),
    ),
    m(
        "adam no square root",
        "forgot-sqrt",
        CH6,
        "adam",
        (
            "    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new",
            "    return w - lr * m_hat / (s_hat + eps), m_new, s_new",
        ),
    ),
]

# a bias made a row (1, H): named extra-axis by init_params's check (the fourth set's row_biases)
MUTANTS += [
    m(
        "init biases as rows",
        "extra-axis",
        CH5,
        "init_params",
        ('"b1": np.zeros(n_hidden)', '"b1": np.zeros((1, n_hidden))'),
    ),
]
