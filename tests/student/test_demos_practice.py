"""Figures and demos of chapter 6, and the demo data they read.

Expected values are computed here, another way: per-layer gradients by numpy backpropagation
(not the scalar engine), optimiser paths on the quadratic ravine from closed forms (matrix powers
of the linear recurrences) or from loops written here, the full-batch fit from its recurrence.
Demos are driven through their sliders, as in a notebook.

The stored data may come from another CPU, which rounds differently in the last bits; none of
these runs amplifies that (unlike chapter 5's chaotic training runs). Measured: starting points
and learning rates off by one ulp move the race's paths by at most 1e-7 of the tolerance of
:func:`close`, the mini-batch runs by at most 3e-11 relative (5e-16 for the full batch), and the
capstone's runs by at most 3e-13 relative.
"""

import base64
import re

import ipywidgets as widgets
import numpy as np
import pytest

from autograder.demodata.practice import LINE_EPOCHS, line_data
from nnlearn.data import load
from nnlearn.demos import practice
from nnlearn.demos.practice import (
    RAVINE_CURVATURES,
    RAVINE_START,
    DepthSlider,
    OptimiserRace,
    layer_gradient_norms,
)

LAMBDA = np.array(RAVINE_CURVATURES)
W0 = np.array(RAVINE_START)
DATA = load("practice")


def image_of(demo) -> bytes:
    match = re.fullmatch(
        r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"[^>]*>', demo.view.widget.value
    )
    assert match, "the view holds one inline PNG with alt text"
    return base64.b64decode(match.group(1))


def artists(fig) -> int:
    return sum(len(ax.get_children()) for ax in fig.axes)


# -- vanishing gradients -----------------------------------------------------------------------


def numpy_layer_norms(depth: int, activation: str, seed: int) -> np.ndarray:
    """The network of practice._one_network, forward and backward in numpy, for one seed."""
    width, examples, max_depth = practice.WIDTH, practice.EXAMPLES, practice.MAX_DEPTH
    rng = np.random.default_rng(seed)
    gain = 2.0 if activation == "relu" else 1.0
    Ws = [np.sqrt(gain / width) * rng.standard_normal((width, width)) for _ in range(max_depth)]
    readout = rng.standard_normal(width) / np.sqrt(width)
    X = rng.standard_normal((examples, width))
    y = rng.standard_normal(examples)
    if activation == "relu":
        act, slope = (lambda z: np.maximum(z, 0)), (lambda z: (z > 0).astype(float))
    else:
        act = lambda z: 0.5 * (1 + np.tanh(z / 2))  # noqa: E731
        slope = lambda z: act(z) * (1 - act(z))  # noqa: E731
    inputs, sums, a = [], [], X
    for W in Ws[:depth]:
        inputs.append(a)
        sums.append(a @ W)
        a = act(sums[-1])
    out = a @ readout
    d_a = np.outer((out - y) / examples, readout)  # L = 1/(2N) sum (out - y)^2
    norms = []
    for W, a_in, z in zip(Ws[:depth][::-1], inputs[::-1], sums[::-1], strict=True):
        d_z = d_a * slope(z)
        norms.append(np.linalg.norm(a_in.T @ d_z))
        d_a = d_z @ W.T
    return np.array(norms[::-1])


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("depth", [1, 4, 15])
def test_layer_gradient_norms_agree_with_numpy_backpropagation(activation, depth):
    per_network = [numpy_layer_norms(depth, activation, s) for s in range(practice.NETWORKS)]
    geometric_mean = np.exp(np.mean(np.log(per_network), axis=0))
    got = layer_gradient_norms(depth, activation)
    assert got.shape == (depth,)
    assert got == pytest.approx(geometric_mean, rel=1e-9)


def test_sigmoid_gradients_vanish_and_relu_gradients_do_not():
    """What the chapter says about the measurement, checked on the numbers it shows."""
    for depth in range(2, practice.MAX_DEPTH + 1):
        sigmoid, relu = layer_gradient_norms(depth, "sigmoid"), layer_gradient_norms(depth, "relu")
        assert np.all(np.isfinite(relu)) and np.all(relu > 0), "log scale: no zero gradient"
        # every sigmoid layer learns less than the one above it; ReLU within a factor 10
        assert np.all(np.diff(sigmoid) > 0), depth
        assert 0.1 < relu[0] / relu[-1] < 10, depth
    ten = layer_gradient_norms(10, "sigmoid")
    assert 1e-6 < ten[0] / ten[-1] < 1e-5, "the chapter: 'a few millionths' at depth 10"
    per_layer = (ten[-1] / ten[0]) ** (1 / 9)
    assert 3.5 < per_layer < 4.5, "the chapter: 'about four times smaller' per layer"


def test_gradient_norms_reject_bad_arguments():
    with pytest.raises(ValueError, match="activation"):
        layer_gradient_norms(3, "tanh")
    with pytest.raises(ValueError, match="depth"):
        layer_gradient_norms(practice.MAX_DEPTH + 1)


def test_depth_slider_draws_each_depth():
    demo = DepthSlider()
    assert demo.slider.value == 10
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    demo.slider.value = 4
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count
    for name in ("sigmoid", "relu"):
        x, y = demo.lines[name].get_data()
        assert list(x) == [1, 2, 3, 4]
        assert y == pytest.approx(
            np.exp(np.mean([np.log(numpy_layer_norms(4, name, s)) for s in range(3)], axis=0)),
            rel=1e-9,
        )
    gx, gy = demo.guide.get_data()
    sigmoid_last = demo.lines["sigmoid"].get_data()[1][-1]
    assert gy == pytest.approx(sigmoid_last * np.array([1 / 64, 1 / 16, 1 / 4, 1]))
    ratio = layer_gradient_norms(4, "sigmoid")
    assert f"{ratio[0] / ratio[-1]:.1e}" in demo.readout.get_text()


# -- mini-batches --------------------------------------------------------------------------------


def test_full_batch_run_follows_its_recurrence():
    A, y = line_data()
    n = len(y)
    best = np.linalg.solve(A.T @ A, A.T @ y)
    w, expected = np.array([-1.0, 2.0]), []
    for _ in range(LINE_EPOCHS + 1):
        expected.append(0.5 * (w - best) @ (A.T @ A / n) @ (w - best))  # loss above the best
        w = w - 0.05 * A.T @ (A @ w - y) / n
    assert DATA["line_excess_b200"] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_minibatch_runs_show_what_the_chapter_says():
    n = int(DATA["line_points"])
    last_epoch = {}
    for b in DATA["line_batches"]:
        excess = DATA[f"line_excess_b{b}"]
        assert excess.shape == (LINE_EPOCHS * -(-n // b) + 1,)
        assert excess.min() > -1e-12, "nothing beats the least-squares fit"
        last_epoch[int(b)] = np.median(excess[-(n // b) :])
    decayed = np.median(DATA["line_excess_b1_decay"][-n:])
    # Per epoch, a fixed rate leaves a noise floor that is higher for smaller batches ...
    assert last_epoch[1] > last_epoch[10]
    # ... and decaying the rate lowers it.
    assert decayed < last_epoch[1] / 10
    # After the first epoch |B| = 1 leads; per update, |B| = 10 and the full batch agree early on.
    first = {int(b): DATA[f"line_excess_b{b}"][n // b] for b in DATA["line_batches"]}
    assert first[1] < first[10] < first[50] < first[200]
    assert DATA["line_excess_b10"][:5] == pytest.approx(DATA["line_excess_b200"][:5], rel=0.3)


# -- the optimiser race --------------------------------------------------------------------------


def ravine_loss(path):
    return 0.05 * path[..., 0] ** 2 + path[..., 1] ** 2


def linear_path(step_matrix, steps=80) -> np.ndarray:
    """Per coordinate c, state (w, v) -> M_c (w, v), from (w0, 0): the points w_t."""
    out = np.empty((steps + 1, 2))
    for c in range(2):
        M = step_matrix(LAMBDA[c])
        state = np.array([W0[c], 0.0])
        for t in range(steps + 1):
            out[t, c] = (np.linalg.matrix_power(M, t) @ state)[0]
    return out


def cut(path, limit=1e3):
    """NaN from the first point that left [-limit, limit]: how the data marks divergence."""
    path = path.copy()
    bad = np.flatnonzero(np.any(np.abs(path) > limit, axis=1))
    if bad.size:
        path[bad[0] :] = np.nan
    return path


def close(stored, expected):
    return np.allclose(stored, expected, rtol=2e-6, atol=2e-6, equal_nan=True)


def test_gradient_descent_paths_are_the_closed_form():
    t = np.arange(81)[:, None]
    for i, lr in enumerate(DATA["race_lr"]):
        expected = cut((1 - lr * LAMBDA) ** t * W0)
        assert close(DATA["race_sgd"][i], expected), lr
    # lr = 1.05 > 2 / 2: the steep coordinate grows by 1.1 per step and leaves the range.
    assert np.isnan(DATA["race_sgd"][-1][-1]).all()


def momentum_matrix(lr, beta):
    """v' = beta v + lam w, w' = w - lr v' = (1 - lr lam) w - lr beta v."""
    return lambda lam: np.array([[1 - lr * lam, -lr * beta], [lam, beta]])


def nesterov_matrix(lr, beta):
    """v' = beta v + lam (w - lr beta v) = lam w + beta (1 - lr lam) v, w' = w - lr v'."""
    return lambda lam: np.array(
        [[1 - lr * lam, -lr * beta * (1 - lr * lam)], [lam, beta * (1 - lr * lam)]]
    )


def test_momentum_and_nesterov_paths_are_matrix_powers():
    for i, lr in enumerate(DATA["race_lr"]):
        for j, beta in enumerate(DATA["race_beta"]):
            momentum = cut(linear_path(momentum_matrix(lr, beta)))
            nesterov = cut(linear_path(nesterov_matrix(lr, beta)))
            assert close(DATA["race_momentum"][i, j], momentum), (lr, beta)
            assert close(DATA["race_nesterov"][i, j], nesterov), (lr, beta)
            if beta == 0:
                assert close(DATA["race_momentum"][i, j], DATA["race_sgd"][i])


def adaptive_path(lr, beta, rho, adam: bool) -> np.ndarray:
    """RMSprop (beta unused) or Adam on the ravine, written out step by step."""
    w, m, s = W0.copy(), np.zeros(2), np.zeros(2)
    out = [w.copy()]
    for t in range(1, 81):
        g = LAMBDA * w
        s = rho * s + (1 - rho) * g * g
        if adam:
            m = beta * m + (1 - beta) * g
            w = w - lr * (m / (1 - beta**t)) / (np.sqrt(s / (1 - rho**t)) + 1e-8)
        else:
            w = w - lr * g / (np.sqrt(s) + 1e-8)
        out.append(w.copy())
    return np.array(out)


def test_rmsprop_and_adam_paths_match_a_direct_computation():
    for i, lr in enumerate(DATA["race_lr"]):
        for k, rho in enumerate(DATA["race_rho"]):
            rms = adaptive_path(lr, None, rho, adam=False)
            assert close(DATA["race_rmsprop"][i, k], cut(rms)), (lr, rho)
            for j, beta in enumerate(DATA["race_beta"]):
                adam = adaptive_path(lr, beta, rho, adam=True)
                assert close(DATA["race_adam"][i, j, k], cut(adam)), (lr, beta, rho)


def test_race_sliders_offer_the_data_grid():
    demo = OptimiserRace()
    assert len(demo.sliders) == 3
    for widget, key in zip(demo.sliders, ["race_lr", "race_beta", "race_rho"], strict=True):
        assert isinstance(widget, widgets.SelectionSlider)
        assert [value for _, value in widget.options] == list(DATA[key])
    assert demo.values == [0.2, 0.9, 0.9]


def test_race_draws_the_paths_losses_and_step_counts():
    demo = OptimiserRace()
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    lr_slider, beta_slider, rho_slider = demo.sliders
    lr_slider.value, beta_slider.value, rho_slider.value = 0.95, 0.5, 0.999
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count
    i = list(DATA["race_lr"]).index(0.95)
    j = list(DATA["race_beta"]).index(0.5)
    k = list(DATA["race_rho"]).index(0.999)
    expected = {
        "sgd": DATA["race_sgd"][i],
        "momentum": DATA["race_momentum"][i, j],
        "nesterov": DATA["race_nesterov"][i, j],
        "rmsprop": DATA["race_rmsprop"][i, k],
        "adam": DATA["race_adam"][i, j, k],
    }
    for key, path in expected.items():
        x, y = demo.paths[key].get_data()
        assert np.array_equal(np.column_stack([x, y]), path, equal_nan=True), key
        steps, losses = demo.curves[key].get_data()
        assert list(steps) == list(range(81))
        assert losses == pytest.approx(ravine_loss(path.astype(float)), rel=1e-12, nan_ok=True)
        below = [t for t, value in enumerate(losses) if value < 1e-3]
        result = below[0] if below else "diverged" if np.isnan(path).any() else "> 80"
        assert demo.labels[key].get_text().endswith(f": {result}"), key
    assert demo.labels["nesterov"].get_text() == "Nesterov: diverged"
    # Gradient descent at 0.95 is stable (0.95 < 2/2): the coordinates shrink by the factors
    # 1 - 0.95 * 0.1 and |1 - 0.95 * 2| per step; the first step with a loss below 1e-3:
    t = next(t for t in range(81) if 0.05 * (4.5 * 0.905**t) ** 2 + (1.5 * 0.9**t) ** 2 < 1e-3)
    assert demo.labels["sgd"].get_text() == f"gradient descent: {t}"


def test_race_names_a_diverged_run():
    demo = OptimiserRace()
    demo.sliders[0].value = 1.05
    assert demo.labels["sgd"].get_text() == "gradient descent: diverged"
    x, _ = demo.paths["sgd"].get_data()
    assert np.isnan(x[-1]) and np.isfinite(x[0])


# -- static figures -------------------------------------------------------


@pytest.mark.parametrize(
    ("plot", "start"),
    [
        (practice.plot_activations, "Left: the sigmoid rises"),
        (practice.plot_gradient_ratio, "On a logarithmic scale against the depth"),
        (practice.plot_minibatch_curves, "Two panels of the loss above the best fit"),
        (practice.plot_optimiser_family, "A family tree of optimisers"),
    ],
)
def test_static_figures_have_alt_text(monkeypatch, plot, start):
    shown = []
    monkeypatch.setattr("nnlearn.figures.display", shown.append)
    plot()
    (html,) = shown
    assert re.search(rf'<img src="data:image/png;base64,[^"]+" alt="{start}', html.data)


# -- the capstone --------------------------------------------------------------------------------

CAPSTONE = load("capstone")


def capstone_run(name, lr, epochs, batch_size, n_hidden, seed=0):
    """The capstone's training, written here with numpy: the network and its gradients, the
    three optimisers, the shuffles of minibatches(n, size, seed=epoch). Returns the training
    and validation losses at the start and after each epoch."""
    from nnlearn.datasets import noisy_xor

    X, y = noisy_xor()
    Xv, yv = noisy_xor(n_per_corner=100, seed=1)
    Y, Yv = y.reshape(-1, 1), yv.reshape(-1, 1)
    rng = np.random.default_rng(seed)  # init_params: W1 then W2, 1/sqrt(fan-in)
    p = {
        "W1": rng.normal(0.0, 1 / np.sqrt(2), (2, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1 / np.sqrt(n_hidden), (n_hidden, 1)),
        "b2": np.zeros(1),
    }
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731

    def loss(x, t):
        return 0.5 * np.sum((sig(sig(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]) - t) ** 2) / len(x)

    first = {k: np.zeros_like(v) for k, v in p.items()}
    second = {k: np.zeros_like(v) for k, v in p.items()}
    t, train, val = 0, [loss(X, Y)], [loss(Xv, Yv)]
    for epoch in range(epochs):
        order = np.random.default_rng(epoch).permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            x, target = X[batch], Y[batch]
            a = sig(x @ p["W1"] + p["b1"])
            out = sig(a @ p["W2"] + p["b2"])
            dz2 = (out - target) / len(x) * out * (1 - out)
            dz1 = (dz2 @ p["W2"].T) * a * (1 - a)
            g = {"W2": a.T @ dz2, "b2": dz2.sum(0), "W1": x.T @ dz1, "b1": dz1.sum(0)}
            t += 1
            for k in p:
                if name == "sgd":
                    p[k] = p[k] - lr * g[k]
                elif name == "momentum":
                    first[k] = 0.9 * first[k] + g[k]
                    p[k] = p[k] - lr * first[k]
                else:
                    first[k] = 0.9 * first[k] + 0.1 * g[k]
                    second[k] = 0.999 * second[k] + 0.001 * g[k] ** 2
                    m_hat, s_hat = first[k] / (1 - 0.9**t), second[k] / (1 - 0.999**t)
                    p[k] = p[k] - lr * m_hat / (np.sqrt(s_hat) + 1e-8)
        train.append(loss(X, Y))
        val.append(loss(Xv, Yv))
    return np.array(train), np.array(val)


@pytest.mark.parametrize(
    ("n_hidden", "batch_size", "factor"), [(8, 8, 1.0), (20, 8, 2.0), (20, 40, 0.5)]
)
def test_capstone_data_are_the_runs_written_here(n_hidden, batch_size, factor):
    i = list(CAPSTONE["capstone_hidden"]).index(n_hidden)
    j = list(CAPSTONE["capstone_batches"]).index(batch_size)
    k = list(CAPSTONE["capstone_factors"]).index(factor)
    epochs = CAPSTONE["capstone_train"].shape[-1] - 1
    for m, name in enumerate(CAPSTONE["capstone_optimisers"]):
        lr = float(CAPSTONE["capstone_rates"][m]) * factor
        train, val = capstone_run(str(name), lr, epochs, batch_size, n_hidden)
        np.testing.assert_allclose(CAPSTONE["capstone_train"][i, j, k, m], train, rtol=1e-5)
        np.testing.assert_allclose(CAPSTONE["capstone_val"][i, j, k, m], val, rtol=1e-5)


def test_capstone_race_draws_the_stored_runs_and_what_the_chapter_says():
    demo = practice.CapstoneRace()
    assert [s.description for s in demo.sliders] == [
        "hidden units",
        "batch size",
        "learning rates ×",
    ]
    assert demo.values == [20, 8, 1.0]
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    chapter = {}
    for h in CAPSTONE["capstone_hidden"]:
        for b in CAPSTONE["capstone_batches"]:
            for f in CAPSTONE["capstone_factors"]:
                demo.sliders[0].value, demo.sliders[1].value, demo.sliders[2].value = h, b, f
                for name in ("sgd", "momentum", "adam"):
                    _, val = demo.val[name].get_data()
                    _, train = demo.train[name].get_data()
                    best = int(np.argmin(val))
                    assert list(demo.best[name].get_data()[0]) == [best]
                    assert f"epoch {best}," in demo.labels[name].get_text()
                    chapter[(int(h), int(b), float(f), name)] = (best, val[best], train[-1])
    assert image_of(demo) != before and demo.view.figure is fig and artists(fig) == count
    # The chapter's claims about the demo:
    assert chapter[(20, 8, 1.0, "adam")][0] == 86
    best, _, last = chapter[(20, 8, 2.0, "adam")]
    assert best == 32 and last == pytest.approx(0.03, abs=0.005)
    assert chapter[(20, 40, 0.5, "adam")][1] == pytest.approx(0.054, abs=0.0005)
    assert min(chapter[(20, 40, 0.5, name)][1] for name in ("sgd", "momentum")) > 0.11
    at_batch_8 = [v for (h, b, f, name), (_, v, _) in chapter.items() if b == 8]
    assert round(float(min(at_batch_8)), 3) == 0.051 and round(float(max(at_batch_8)), 3) <= 0.06


def test_a_readers_own_curves_are_drawn_with_their_numbers(monkeypatch):
    shown = []
    monkeypatch.setattr("nnlearn.figures.display", shown.append)
    curves = {
        "sgd": ([0.125, 0.1, 0.09], [0.13, 0.11, 0.12]),
        "adam": ([0.125, 0.08, 0.06], [0.13, 0.09, 0.07]),
    }
    practice.plot_optimiser_curves(curves)
    (html,) = shown
    alt = re.search(r'alt="([^"]+)"', html.data).group(1)
    assert "over 2 epochs" in alt and "gradient descent ends at a training loss of 0.090" in alt
    assert "Adam ends at a training loss of 0.060" in alt
    assert practice.best_epoch(np.array([0.3, 0.1, 0.1, 0.2])) == 1, "the earliest lowest epoch"
