"""Stand-ins: fake parts that let a check test how a function *composes* its parts.

A function built from other exercise functions (``perceptron_predict`` calls ``step``,
``two_layer_backward`` calls ``sigmoid_backward`` and ``linear_backward``) can be wrong in two
ways: its own wiring, or a part it calls. A check that runs the student's own parts charges a
wrong part twice, and cannot say which is to blame. So the composition is checked with
stand-ins: a :class:`StandIn` answers the inputs a correct composition gives it from a table of
values worked out independently (by hand, or by the scalar graph of :mod:`nnlearn.graph`),
records every call, and answers any other input with NaN. A stand-in knows answers, not a
formula: it is no solution of the part it replaces.

:func:`mazur_layers` gives the four layers of chapter 4 for Mazur's 2-2-2 network, and
:func:`mazur_stages` the network's numbers in matrix form.
"""

from __future__ import annotations

import contextlib

import numpy as np

from nnlearn.examples import MAZUR_BIASES, MAZUR_INPUTS, MAZUR_TARGETS, MAZUR_WEIGHTS, mazur_network
from nnlearn.i18n import gettext as _

__all__ = [
    "StandIn",
    "check_earlier_functions",
    "check_wiring",
    "first_wrong_part",
    "mazur_layers",
    "mazur_parts",
    "mazur_stages",
    "same",
    "substitute",
]


@contextlib.contextmanager
def substitute(namespace: dict, **functions):
    """Temporarily bind ``functions`` in ``namespace`` (a notebook's ``globals()``).

    The student's own definitions are put back afterwards, even if the body raises::

        with substitute(globals(), step=StandIn("step", [((z,), labels)])):
            got = perceptron_predict(X, w, b)
    """
    missing = object()
    saved = {name: namespace.get(name, missing) for name in functions}
    namespace.update(functions)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def same(a, b) -> bool:
    """Equal as values: arrays (and numbers) within 1e-9, tuples item by item, others by ==."""
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray | float | int) and isinstance(b, np.ndarray | float | int):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))
    return type(a) is type(b) and a == b


def _copy(item):
    if isinstance(item, tuple):
        return tuple(_copy(v) for v in item)
    return item.copy() if isinstance(item, np.ndarray) else item


def _nan_like(item):
    if isinstance(item, tuple):
        return tuple(_nan_like(v) for v in item)
    if isinstance(item, np.ndarray):
        return np.full(item.shape, np.nan)
    return item


class StandIn:
    """A fake ``name`` that answers known inputs from ``answers``, a list of (args, result).

    Every call is recorded in :attr:`calls`. An input that is not in the table gets a result
    of the right shapes filled with NaN (never an error: the composition runs to its end and
    the check then says which call was wrong).
    """

    def __init__(self, name: str, answers: list[tuple[tuple, object]]):
        self.__name__ = self.name = name
        self.answers = answers
        self.calls: list[tuple] = []

    def __call__(self, *args, **kwargs):
        args = args + tuple(kwargs.values())  # by position, whatever the names
        self.calls.append(args)
        for known, result in self.answers:
            if same(args, known):
                return _copy(result)
        return _nan_like(self.answers[0][1])

    def called_with(self, *args) -> bool:
        return any(same(call, args) for call in self.calls)

    def unexpected(self) -> list[tuple]:
        """The calls whose input is not in the table."""
        return [c for c in self.calls if not any(same(c, known) for known, _ in self.answers)]


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_describe(v) for v in value) + ")"
    return repr(value)


def _transposed_argument(stand_in: StandIn, call: tuple) -> int | None:
    """The position of the one argument of ``call`` that is the transpose of what a right
    composition gives there (all others right), for some input in ``stand_in``'s table: the
    hypothesis "this matrix transposed", run. None if no input of the table fits that way."""
    for known, _answer in stand_in.answers:
        if len(known) != len(call):
            continue
        wrong = [i for i, (a, b) in enumerate(zip(call, known, strict=True)) if not same(a, b)]
        if len(wrong) != 1:
            continue
        i = wrong[0]
        right = known[i]
        if isinstance(right, np.ndarray) and right.ndim == 2 and not same(right, right.T):
            if same(call[i], right.T):
                return i
    return None


def check_wiring(function: str, stand_ins, mistakes=()) -> None:
    """Fail (``layers-miswired``) if ``function`` gave any stand-in an input it should not get;
    name the cause when the input is a right one with one matrix transposed
    (``weights-transposed``), or when it is the input of one of ``mistakes``, a list of
    ``(id, stand-in name, args)``: the hypothesis "this mistake gives that layer these
    arguments", run on the check's input (named when exactly one id fits)."""
    from nnlearn.checks import diagnosis_lines, fail
    from nnlearn.mistakes import sentence

    wrong = [(s, call) for s in stand_ins for call in s.unexpected()]
    if wrong:
        stand_in, call = wrong[0]
        message = _(
            "With stand-in layers that know the right answers, {function} called {layer} with "
            "an input that a correctly connected network never gives it: {call}."
        ).format(function=function, layer=stand_in.name, call=f"{stand_in.name}{_describe(call)}")
        fits = {id_ for id_, name, args in mistakes if name == stand_in.name and same(call, args)}
        position = _transposed_argument(stand_in, call)
        if len(fits) == 1 and position is None:
            (id_,) = fits
            fail(message + diagnosis_lines([(id_, sentence(id_))]), id_)
        if fits:
            fail(message, "wrong-behaviour")  # more than one hypothesis fits: none is named
        if position is not None:
            transposed = _("Its argument {n} is the transpose of the right one.").format(
                n=position + 1
            )
            diagnosis = _("Diagnosis: {diagnosis}").format(diagnosis=sentence("weights-transposed"))
            fail(f"{message}\n{transposed}\n{diagnosis}", "weights-transposed")
        fail(message, "layers-miswired")


def first_wrong_part(parts) -> str | None:
    """The first of ``(name, run, expected)`` whose ``run()`` is not ``expected`` (or raises).

    A part whose own public checks have not passed is that part, without running it.
    """
    from nnlearn.checks import has_passed

    for name, run, expected in parts:
        if not has_passed(name, with_own_parts=True):
            return name
        try:
            got = run()
            if not same(tuple(got) if isinstance(got, tuple) else got, expected):
                return name
        except Exception:  # noqa: BLE001 - a part that raises is a wrong part
            return name
    return None


def mazur_stages() -> dict[str, np.ndarray]:
    """Mazur's network in matrix form: inputs, parameters and every intermediate value.

    One example (a row), W[i, j] the weight from neuron i to neuron j of the next layer, one
    bias per neuron. Forward: z1 = X W1 + b1, h = sigmoid(z1), z2 = h W2 + b2,
    out = sigmoid(z2). Backward, for L = 1/2 sum (out - target)^2: dout = dL/dout, dz2, dh,
    dz1, dX and the parameter gradients, all read off the scalar graph
    (:func:`nnlearn.examples.mazur_network`), not computed with the vectorised formulas.
    """
    n = mazur_network()
    n["L"].backward()

    def row(*names, grad=False):
        return np.array([[n[k].grad if grad else n[k].data for k in names]])

    def matrix(names, grad=False):
        return np.array([[n[k].grad if grad else n[k].data for k in r] for r in names])

    w1_names, w2_names = [["w1", "w3"], ["w2", "w4"]], [["w5", "w7"], ["w6", "w8"]]
    stages = {
        "X": np.array([MAZUR_INPUTS]),
        "target": np.array([MAZUR_TARGETS]),
        "W1": matrix(w1_names),
        "b1": np.full(2, MAZUR_BIASES["b1"]),
        "W2": matrix(w2_names),
        "b2": np.full(2, MAZUR_BIASES["b2"]),
        "z1": row("net_h1", "net_h2"),
        "h": row("out_h1", "out_h2"),
        "z2": row("net_o1", "net_o2"),
        "out": row("out_o1", "out_o2"),
        "dout": row("out_o1", "out_o2", grad=True),
        "dz2": row("net_o1", "net_o2", grad=True),
        "dh": row("out_h1", "out_h2", grad=True),
        "dz1": row("net_h1", "net_h2", grad=True),
        "dX": row("i1", "i2", grad=True),
        "dW1": matrix(w1_names, grad=True),
        "dW2": matrix(w2_names, grad=True),
    }
    stages["db1"], stages["db2"] = stages["dz1"][0], stages["dz2"][0]
    assert np.allclose(stages["W1"], [[0.15, 0.25], [0.20, 0.30]]), MAZUR_WEIGHTS
    return stages


# The tags the stand-in forward layers return as their caches.
HIDDEN_LINEAR, HIDDEN_SIGMOID = "cache of the hidden linear layer", "cache of the hidden sigmoid"
OUTPUT_LINEAR, OUTPUT_SIGMOID = "cache of the output linear layer", "cache of the output sigmoid"


def mazur_layers(scale: float = 1.0) -> dict[str, StandIn]:
    """Stand-ins for linear_forward, sigmoid_forward, linear_backward and sigmoid_backward that
    know the answers of a correctly composed two-layer network on Mazur's example; the backward
    ones for the upstream gradient ``scale * dout`` (a backward pass is linear in it)."""
    s = mazur_stages()
    s |= {
        key: scale * s[key]
        for key in ["dout", "dz2", "dh", "dz1", "dX", "dW1", "dW2", "db1", "db2"]
    }
    return {
        "linear_forward": StandIn(
            "linear_forward",
            [
                ((s["X"], s["W1"], s["b1"]), (s["z1"], HIDDEN_LINEAR)),
                ((s["h"], s["W2"], s["b2"]), (s["z2"], OUTPUT_LINEAR)),
            ],
        ),
        "sigmoid_forward": StandIn(
            "sigmoid_forward",
            [((s["z1"],), (s["h"], HIDDEN_SIGMOID)), ((s["z2"],), (s["out"], OUTPUT_SIGMOID))],
        ),
        "sigmoid_backward": StandIn(
            "sigmoid_backward",
            [((s["dout"], OUTPUT_SIGMOID), s["dz2"]), ((s["dh"], HIDDEN_SIGMOID), s["dz1"])],
        ),
        "linear_backward": StandIn(
            "linear_backward",
            [
                ((s["dz2"], OUTPUT_LINEAR), (s["dh"], s["dW2"], s["db2"])),
                ((s["dz1"], HIDDEN_LINEAR), (s["dX"], s["dW1"], s["db1"])),
            ],
        ),
    }


def mazur_parts(namespace: dict, names: list[str]) -> list[tuple[str, object, object]]:
    """The student's layers ``names`` on their steps of Mazur's output layer, as
    ``(name, run, expected)`` for :func:`first_wrong_part`. Each layer is looked up in
    ``namespace`` (a notebook's ``globals()``) only when it runs: one that was never defined
    (its cell did not run) is a wrong part, not an error of the check."""
    s = mazur_stages()

    def layer(name):
        return namespace[name]

    def linear_cache():
        return layer("linear_forward")(s["h"], s["W2"], s["b2"])[1]

    table = {
        "linear_forward": (
            lambda: layer("linear_forward")(s["h"], s["W2"], s["b2"])[0],
            s["z2"],
        ),
        "sigmoid_forward": (lambda: layer("sigmoid_forward")(s["z2"])[0], s["out"]),
        "sigmoid_backward": (
            lambda: layer("sigmoid_backward")(s["dout"], layer("sigmoid_forward")(s["z2"])[1]),
            s["dz2"],
        ),
        "linear_backward": (
            lambda: layer("linear_backward")(s["dz2"], linear_cache()),
            (s["dh"], s["dW2"], s["db2"]),
        ),
    }
    return [(name, *table[name]) for name in names]


def check_earlier_functions(functions: dict) -> None:
    """Check the earlier chapters' functions a chapter builds on, on answers worked out apart.

    ``functions`` maps names (``mse_loss``, ``mse_loss_grad``, ``two_layer_forward``,
    ``two_layer_backward``) to the functions in use. A wrong one is reported by name
    (``earlier-function-fails``): "your mse_loss_grad from chapter 2 fails its checks", not as
    a mistake of the function under test.
    """
    from nnlearn.checks import (
        check_array,
        check_keys,
        check_scalar,
        check_tuple,
        earlier,
        unchanged,
    )

    # The network first: a chapter that builds on it stops at its first unfinished part.
    s = mazur_stages()
    params = {key: s[key] for key in ("W1", "b1", "W2", "b2")}
    if "two_layer_forward" in functions:
        with earlier("two_layer_forward", "chapter 4"):
            with unchanged(X=s["X"], params=params):
                result = functions["two_layer_forward"](s["X"], params)
            out, cache = check_tuple("two_layer_forward(X, params)", result, 2)
            check_array("two_layer_forward on Mazur's network", out, s["out"])
        if "two_layer_backward" in functions:
            with earlier("two_layer_backward", "chapter 4"):
                with unchanged(dout=s["dout"]):
                    result = functions["two_layer_backward"](s["dout"], cache)
                grads = check_keys("two_layer_backward(dout, cache)", result, list(params))
                for key in params:
                    check_array(
                        f'two_layer_backward on Mazur\'s network, "{key}"', grads[key], s["d" + key]
                    )
    # The table of chapter 2: answers, targets and N = 3.
    answers = np.array([[0.5, 0.5], [0.6, 0.4], [0.3, 0.7]])
    targets = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    if "mse_loss" in functions:
        with earlier("mse_loss", "chapter 2"):
            with unchanged(y_pred=answers, y=targets):
                loss = functions["mse_loss"](answers, targets)
            check_scalar("mse_loss(answers, targets)", loss, 1.1 / 3)
    if "mse_loss_grad" in functions:
        with earlier("mse_loss_grad", "chapter 2"):
            with unchanged(y_pred=answers, y=targets):
                grad = functions["mse_loss_grad"](answers, targets)
            check_array(
                "mse_loss_grad(answers, targets)",
                grad,
                np.array([[-0.5, 0.5], [0.6, -0.6], [-0.7, 0.7]]) / 3,
            )
