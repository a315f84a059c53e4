"""The demos and figures of the training chapter.

The demos only look up stored runs (nnlearn/data/training.npz). These tests check, separately:

* that a demo draws what the stored data says: exactly, at every slider setting tried;
* that the stored runs are the instructor's ``train``: a fresh run here gives the stored losses
  to 1e-6 relative, for as many epochs as another CPU reproduces a run (rounding differs in the
  last bits between CPUs, and chaotic runs grow that difference: autograder/demodata/training.py
  measures how far each run is safe, ``*_REPRODUCIBLE``); and the stored output grids are the
  network with those weights, drawn with a forward pass written in this file;
* what the chapter says about the runs, on the stored data and, where it holds on any CPU, on a
  fresh run.
"""

import re

import numpy as np
import pytest
from test_demos import artists, image_of

from autograder.demodata.training import (
    EXPLORE_HIDDEN,
    EXPLORE_LRS,
    EXPLORE_REPRODUCIBLE,
    INIT_REPRODUCIBLE,
    OVERFIT_REPRODUCIBLE,
    encode_outputs,
)
from autograder.hidden.reference import load_reference
from nnlearn.data import load
from nnlearn.datasets import noisy_xor, xor
from nnlearn.demos.training import (
    TrainingExplorer,
    boundary_segments,
    decode_outputs,
    plot_cross_entropy,
    plot_initialisation,
    plot_learning_rates,
    plot_overfitting,
    plot_run,
)

TOLERANCE = 0.006  # the one-byte codes are within 1.5/254 of the output (see decode_outputs)
RTOL = 1e-6  # a fresh run against a stored one, within the epochs any CPU reproduces


@pytest.fixture(scope="module")
def train():
    return load_reference("05_training_an_mlp")["train"]


@pytest.fixture(scope="module")
def data():
    return load("training")


def network(points: np.ndarray, p: dict) -> np.ndarray:
    """The two-layer network's output, written with tanh: sigma(v) = (1 + tanh(v / 2)) / 2."""
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731
    return sig(sig(points @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])[:, 0]


def mse(p: dict, X: np.ndarray, y: np.ndarray) -> float:
    return 0.5 * float(np.mean((network(X, p) - y) ** 2))


def on_grid(grid: np.ndarray, p: dict) -> np.ndarray:
    """Output at (x1 = grid[j], x2 = grid[i]) in row i, column j, as imshow(origin="lower")."""
    x1, x2 = np.meshgrid(grid, grid)
    return network(np.column_stack([x1.ravel(), x2.ravel()]), p).reshape(len(grid), len(grid))


def assert_drawn_from(codes: np.ndarray, grid: np.ndarray, params: dict) -> None:
    """The stored one-byte outputs are the network's with ``params``, to the encoding's step;
    on the right side of 1/2 wherever the network is clearly on one side."""
    drawn, true = decode_outputs(codes), on_grid(grid, params)
    assert np.max(np.abs(drawn - true)) <= TOLERANCE
    clear = np.abs(true - 0.5) > 1e-6
    assert np.array_equal(np.sign(drawn - 0.5)[clear], np.sign(true - 0.5)[clear])


@pytest.fixture(scope="module")
def explorer():
    return TrainingExplorer()


def run_of(train, X, y, n_hidden, lr, epochs):
    params, losses = train(X, y, n_hidden, lr, epochs)
    return params, np.append(losses, mse(params, X, y))  # and the loss after the last update


def test_encoding_keeps_the_boundary():
    out = np.concatenate([np.linspace(0, 1, 1001), 0.5 + np.array([-1e-6, 1e-6, -3e-3, 3e-3])])
    back = decode_outputs(encode_outputs(out))
    assert np.max(np.abs(back - out)) <= TOLERANCE
    far = np.abs(out - 0.5) > 2.5e-7
    assert np.array_equal(np.sign(back - 0.5)[far], np.sign(out - 0.5)[far])


def test_explorer_sliders_cover_the_stored_runs(explorer):
    lr, hidden, epoch = explorer.sliders
    assert [v for _, v in lr.options] == [0.5, 2.0, 10.0, 50.0, 200.0]
    assert list(hidden.options) == [1, 2, 3, 4, 8]
    assert epoch.options[0] == 0 and epoch.options[-1] == 3000
    assert explorer.values == [10.0, 3, 3000], "the book shows a finished run"


def test_explorer_draws_the_stored_run(explorer, data):
    fig, count = explorer.view.figure, artists(explorer.view.figure)
    before = image_of(explorer)
    curve_epochs = data["explore_curve_epochs"]
    for lr, hidden, epoch in [(10.0, 3, 3000), (2.0, 3, 887), (2.0, 2, 0), (200.0, 8, 55)]:
        explorer.sliders[0].value = lr
        explorer.sliders[1].value = hidden
        explorer.sliders[2].value = epoch
        i, j = list(data["explore_hidden"]).index(hidden), list(data["explore_lrs"]).index(lr)
        losses = data["explore_losses"][i, j]

        # The loss curve is the whole run; the marker sits at the chosen epoch.
        x, curve = explorer.curve.get_data()
        assert np.array_equal(x, curve_epochs)
        assert np.array_equal(curve, np.maximum(losses, 1e-6))
        loss = losses[list(curve_epochs).index(epoch)]
        mx, my = explorer.marker.get_data()
        assert list(mx) == [epoch] and list(my) == [max(loss, 1e-6)]
        assert explorer.readout.get_text() == f"epoch {epoch}\nloss {loss:.5f}"
        first = data["explore_first_below"][i, j]
        words = f"at epoch {first}" if first >= 0 else "never below"
        assert words in explorer.reached.get_text()

        # The picture is the stored output of that epoch, and its boundary.
        z = decode_outputs(data["explore_outputs"][i, j, list(data["explore_epochs"]).index(epoch)])
        assert np.array_equal(np.asarray(explorer.image.get_array()), z)
        drawn, expected = explorer.boundary.get_segments(), boundary_segments(explorer.grid, z)
        assert len(drawn) == len(expected)
        assert all(np.array_equal(a, b) for a, b in zip(drawn, expected, strict=True))
    assert image_of(explorer) != before
    assert explorer.view.figure is fig and artists(fig) == count


@pytest.mark.parametrize("lr", EXPLORE_LRS)
@pytest.mark.parametrize("hidden", EXPLORE_HIDDEN)
def test_stored_runs_are_the_reference_train(data, train, hidden, lr):
    """A stored run, as far as any CPU reproduces it (to the end for learning rates up to 10):
    its loss curve, the first epoch below the threshold, and the output at the snapshot epochs
    up to 100 and at the last one."""
    i, j = list(data["explore_hidden"]).index(hidden), list(data["explore_lrs"]).index(lr)
    last = EXPLORE_REPRODUCIBLE[lr]
    X, y = xor()
    params, losses = run_of(train, X, y, hidden, lr, 3000)
    epochs = data["explore_curve_epochs"]
    upto = epochs <= last
    assert upto.sum() >= 10
    np.testing.assert_allclose(data["explore_losses"][i, j][upto], losses[epochs[upto]], rtol=RTOL)
    below = np.flatnonzero(losses[: last + 1] < 0.01)
    first = data["explore_first_below"][i, j]
    if below.size:
        assert first == below[0]
    else:
        assert first == -1 or first > last, "below the threshold only later, or never"
    snapshots = [int(e) for e in data["explore_epochs"] if e <= last]
    for epoch in [e for e in snapshots if e <= 100] + snapshots[-1:]:
        at = params if epoch == 3000 else train(X, y, hidden, lr, epoch)[0]
        s = list(data["explore_epochs"]).index(epoch)
        assert_drawn_from(data["explore_outputs"][i, j, s], data["explore_grid"], at)


def test_a_trained_network_has_a_boundary_between_the_classes(explorer, data, train):
    explorer.sliders[0].value, explorer.sliders[1].value = 10.0, 3
    explorer.sliders[2].value = 3000
    segments = explorer.boundary.get_segments()
    assert len(segments) == 2, "XOR solved: two curves, a band around (0, 1) and (1, 0)"
    X, y = xor()
    # in the stored outputs (the grid holds the four points) and in a fresh run
    i, j = list(data["explore_hidden"]).index(3), list(data["explore_lrs"]).index(10.0)
    grid, codes = list(data["explore_grid"]), data["explore_outputs"][i, j, -1]
    rows, cols = [grid.index(v) for v in X[:, 1]], [grid.index(v) for v in X[:, 0]]
    assert np.array_equal(decode_outputs(codes[rows, cols]) >= 0.5, y == 1)
    params, _ = run_of(train, X, y, 3, 10.0, 3000)
    assert np.array_equal(network(X, params) >= 0.5, y == 1)


def test_boundary_segments_of_a_known_function():
    grid = np.linspace(-1, 1, 21)
    x1, x2 = np.meshgrid(grid, grid)
    (line,) = boundary_segments(grid, 0.5 + 0.1 * (x1 - 0.3))  # output 1/2 on x1 = 0.3
    np.testing.assert_allclose(line[:, 0], 0.3, atol=1e-12)
    assert line[:, 1].min() == -1 and line[:, 1].max() == 1


@pytest.fixture
def shown(monkeypatch):
    pages = []
    monkeypatch.setattr("nnlearn.figures.display", lambda html: pages.append(html.data))
    return pages


def alt_of(page: str) -> str:
    match = re.fullmatch(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"[^>]*>', page)
    assert match, "one inline PNG with alt text"
    return match.group(1)


def test_initialisation_data_and_figure(data, train, shown):
    zero, random = data["init_zero_w"], data["init_random_w"]
    epochs = data["init_epochs"]
    upto = epochs <= INIT_REPRODUCIBLE
    # From zero, the three hidden units have the very same weight at every epoch...
    assert np.array_equal(zero[:, 0], zero[:, 1]) and np.array_equal(zero[:, 0], zero[:, 2])
    # ... and it does move: the exact gradient is zero (balanced labels), but the weights grow
    # from a rounding residue. Meanwhile the network answers 1/2 everywhere: loss 1/8.
    assert np.all(zero[0] == 0) and np.abs(zero[-1, 0]) > 1
    np.testing.assert_allclose(data["init_zero_loss"][upto], 0.125, rtol=RTOL)
    # From random weights they differ. The random run is the chapter's train.
    assert len(set(random[-1])) == 3
    X, y = noisy_xor()
    params, losses = run_of(train, X, y, 3, 10.0, INIT_REPRODUCIBLE)
    np.testing.assert_allclose(data["init_random_loss"][upto], losses[epochs[upto]], rtol=RTOL)
    assert epochs[upto][-1] == INIT_REPRODUCIBLE
    np.testing.assert_allclose(random[upto][-1], params["W1"][0], rtol=RTOL)
    assert data["init_zero_loss"][-1] > 2 * data["init_random_loss"][-1]
    plot_initialisation()
    assert "starting from zero" in alt_of(shown[-1])


def test_overfitting_data_and_figure(data, train, shown):
    X, y = noisy_xor()
    Xv, yv = noisy_xor(n_per_corner=100, seed=1)
    epochs = data["overfit_epochs"]
    lowest = []
    for k, hidden in enumerate(data["overfit_hidden"]):
        last = OVERFIT_REPRODUCIBLE[int(hidden)]
        upto = epochs <= last
        params, losses = run_of(train, X, y, hidden, 10.0, last)
        np.testing.assert_allclose(
            data["overfit_train_loss"][k][upto], losses[epochs[upto]], rtol=RTOL
        )
        assert epochs[upto][-1] == last
        assert data["overfit_val_loss"][k][upto][-1] == pytest.approx(mse(params, Xv, yv), rel=RTOL)
        # The validation loss is lowest at the stored best epoch: lower than at the epochs next
        # to it and than at every stored epoch.
        best = int(data["overfit_best_epoch"][k])
        assert best <= last
        near = {e: train(X, y, hidden, 10.0, e)[0] for e in (best - 1, best, best + 1)}
        before, at, after = (mse(p, Xv, yv) for p in near.values())
        assert at < min(before, after)
        assert data["overfit_val_loss"][k].min() >= at - 1e-12
        lowest.append(at)
        if k == 1:  # the wide network's output at its best epoch
            assert_drawn_from(data["overfit_outputs"][0], data["overfit_grid"], near[best])

    # What the chapter says, in the stored runs: the wide network memorises the training set
    # (a loss below 1/(8N) puts every output within 1/2 of its label, the wrong ones included)
    # while its validation loss ends at about twice its lowest value; the narrow one stays well
    # above zero, its validation loss rises much less, and never gets as low as the wide one's.
    (narrow, wide), (narrow_val, wide_val) = data["overfit_train_loss"], data["overfit_val_loss"]
    assert wide[-1] < 1 / (8 * len(y)) and narrow[-1] > 0.03
    assert 1.6 < wide_val[-1] / wide_val.min() < 2.4
    assert narrow_val[-1] / narrow_val.min() < 1.3 and wide_val.min() < narrow_val.min()
    # The same in a fresh run of the wide network to the end, beyond what a CPU reproduces
    # exactly: the loss differs there by up to 4% between CPUs, the story does not.
    params, losses = run_of(train, X, y, data["overfit_hidden"][1], 10.0, int(epochs[-1]))
    assert np.array_equal(network(X, params) >= 0.5, y == 1)
    assert losses[-1] < 0.002
    assert 1.6 < mse(params, Xv, yv) / lowest[1] < 2.4
    plot_overfitting()
    assert "validation loss" in alt_of(shown[-1])


def test_learning_rate_figure_and_a_readers_own_run(shown):
    plot_learning_rates(n_hidden=3)
    assert "five learning rates" in alt_of(shown[-1])
    X, y = xor()
    plot_run(np.array([0.2, 0.1, 0.05]), lambda points: points[:, :1] * 0.0 + 0.7, X, y)
    assert "from 0.2000 to 0.05" in alt_of(shown[-1])


# -- cross-entropy (autograder/demodata/cross_entropy.py) -------------------------------------


def cross_entropy_run(params: dict, lr: float, epochs: int) -> np.ndarray:
    """Full-batch descent on XOR with the cross-entropy of the sigmoid output, written here:
    dL/dz2 = (p - y) / N. Returns the squared error before each update and after the last."""
    X, y = xor()
    Y = y.reshape(-1, 1)
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731
    p = {key: value.copy() for key, value in params.items()}
    errors = []
    for _ in range(epochs + 1):
        a = sig(X @ p["W1"] + p["b1"])
        out = sig(a @ p["W2"] + p["b2"])
        errors.append(0.5 * np.sum((out - Y) ** 2) / len(X))
        dz2 = (out - Y) / len(X)
        dz1 = (dz2 @ p["W2"].T) * a * (1 - a)
        grads = {"W2": a.T @ dz2, "b2": dz2.sum(0), "W1": X.T @ dz1, "b1": dz1.sum(0)}
        p = {key: p[key] - lr * grads[key] for key in p}
    return np.array(errors)


def test_cross_entropy_runs_are_what_the_chapter_says(train, shown):
    data = load("cross_entropy")
    X, y = xor()
    reference = load_reference("05_training_an_mlp")
    # The frozen start is the weights after train's first update at learning rate 200, where
    # every output is below 0.001: the squared error's push per example, (p - y) p (1 - p), is
    # about 2e-4, the cross-entropy's, p - y, about 1/2.
    frozen, _ = train(X, y, 3, float(data["frozen_from"]), 1)
    assert reference["two_layer_forward"](X, frozen)[0].max() < 1e-3
    assert data["frozen_grad_mse"][0] < 5e-4 and data["frozen_grad_ce"][0] > 0.49
    step = int(data["frozen_epochs"][1])
    # The squared-error runs are train's own runs, continued from the frozen weights or not.
    _, plateau = train(X, y, 3, float(data["plateau_lr"]), int(data["plateau_epochs"][-1]) + 1)
    np.testing.assert_allclose(data["plateau_mse"], plateau[::step], rtol=RTOL)
    # The cross-entropy runs against the loop written above.
    start = reference["init_params"](2, 3, 1, 0)
    for name, params in [("frozen", frozen), ("plateau", start)]:
        lr, epochs = float(data[f"{name}_lr"]), int(data[f"{name}_epochs"][-1])
        fresh = cross_entropy_run(params, lr, epochs)
        np.testing.assert_allclose(data[f"{name}_ce"], fresh[::step], rtol=RTOL, atol=1e-12)
        below = np.flatnonzero(fresh < 0.01)
        assert int(data[f"{name}_first_below_ce"]) == below[0]
    # The chapter's numbers: from the frozen weights the squared error never gets below the
    # threshold and settles near 1/12; cross-entropy gets there at epoch 140; from the start,
    # 463 against 1927.
    assert int(data["frozen_first_below_mse"]) == -1
    assert data["frozen_mse"][-1] == pytest.approx(1 / 12, rel=0.01)
    assert int(data["frozen_first_below_ce"]) == 140
    assert (int(data["plateau_first_below_ce"]), int(data["plateau_first_below_mse"])) == (
        463,
        1927,
    )
    assert np.flatnonzero(plateau < 0.01)[0] == 1927
    plot_cross_entropy()
    assert alt_of(shown[-1]).startswith("Two panels of the squared error")
