"""The demos and figures of the training chapter.

The demos only look up stored runs (nnlearn/data/training.npz). These tests recompute those runs
here with the instructor's ``train`` and draw the network's output with a forward pass written
in this file, then check that what the demo draws is what the network really computed.
"""

import re

import numpy as np
import pytest
from test_demos import artists, image_of

from autograder.demodata.training import encode_outputs
from autograder.reference import load_reference
from nnlearn.datasets import noisy_xor, xor
from nnlearn.demos.training import (
    TrainingExplorer,
    boundary_segments,
    decode_outputs,
    plot_initialisation,
    plot_learning_rates,
    plot_overfitting,
    plot_run,
)

TOLERANCE = 0.006  # the one-byte codes are within 1.5/254 of the output (see decode_outputs)


@pytest.fixture(scope="module")
def train():
    return load_reference("05_training_an_mlp")["train"]


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


@pytest.fixture(scope="module")
def explorer():
    return TrainingExplorer()


def run_of(train, n_hidden, lr, epochs):
    X, y = xor()
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


def test_explorer_draws_the_real_run(explorer, train):
    fig, count = explorer.view.figure, artists(explorer.view.figure)
    before = image_of(explorer)
    for lr, hidden, epoch in [(10.0, 3, 3000), (2.0, 3, 887), (2.0, 2, 0), (200.0, 8, 55)]:
        explorer.sliders[0].value = lr
        explorer.sliders[1].value = hidden
        explorer.sliders[2].value = epoch
        params, losses = run_of(train, hidden, lr, epoch)
        full = run_of(train, hidden, lr, 3000)[1]

        # The loss curve is the whole run; the marker sits at the chosen epoch.
        x, curve = explorer.curve.get_data()
        np.testing.assert_allclose(curve, np.maximum(full[np.asarray(x)], 1e-6), rtol=1e-9)
        mx, my = explorer.marker.get_data()
        assert mx[0] == epoch and my[0] == pytest.approx(max(losses[-1], 1e-6), rel=1e-9)
        assert f"loss {losses[-1]:.5f}" in explorer.readout.get_text()
        below = np.flatnonzero(full < 0.01)
        words = f"at epoch {below[0]}" if below.size else "never below"
        assert words in explorer.reached.get_text()

        # The picture is the network with the weights of that epoch.
        true = on_grid(explorer.grid, params)
        drawn = explorer.image.get_array()
        assert np.max(np.abs(drawn - true)) <= TOLERANCE
        clear = np.abs(true - 0.5) > 1e-6
        assert np.array_equal(np.sign(drawn - 0.5)[clear], np.sign(true - 0.5)[clear])
        for segment in explorer.boundary.get_segments():
            out = network(np.asarray(segment), params)
            assert np.max(np.abs(out - 0.5)) < 0.02, "the boundary is where the output is 1/2"
    assert image_of(explorer) != before
    assert explorer.view.figure is fig and artists(fig) == count


def test_a_trained_network_has_a_boundary_between_the_classes(explorer, train):
    explorer.sliders[0].value, explorer.sliders[1].value = 10.0, 3
    explorer.sliders[2].value = 3000
    segments = explorer.boundary.get_segments()
    assert len(segments) == 2, "XOR solved: two curves, a band around (0, 1) and (1, 0)"
    X, y = xor()
    params, _ = run_of(train, 3, 10.0, 3000)
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
    match = re.fullmatch(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)">', page)
    assert match, "one inline PNG with alt text"
    return match.group(1)


def test_initialisation_data_and_figure(train, shown):
    from nnlearn.data import load

    data = load("training")
    zero, random = data["init_zero_w"], data["init_random_w"]
    # From zero, the three hidden units have the very same weight at every epoch...
    assert np.array_equal(zero[:, 0], zero[:, 1]) and np.array_equal(zero[:, 0], zero[:, 2])
    assert np.abs(zero[-1, 0]) > 1, "... and it does move (noisy XOR does not cancel exactly)"
    # ... while from random weights they differ. The random run is the chapter's train.
    assert len(set(random[-1])) == 3
    X, y = noisy_xor()
    params, losses = train(X, y, 3, 10.0, 3000)
    epochs = data["init_epochs"]
    np.testing.assert_allclose(data["init_random_loss"][:-1], losses[epochs[:-1]], rtol=1e-9)
    np.testing.assert_allclose(random[-1], params["W1"][0], rtol=1e-9)
    assert data["init_zero_loss"][-1] > 2 * data["init_random_loss"][-1]
    plot_initialisation()
    assert "starting from zero" in alt_of(shown[-1])


def test_overfitting_data_and_figure(train, shown):
    from nnlearn.data import load

    data = load("training")
    X, y = noisy_xor()
    Xv, yv = noisy_xor(n_per_corner=100, seed=1)
    wide = int(data["overfit_hidden"][1])
    params, losses = train(X, y, wide, 10.0, 10000)
    epochs = data["overfit_epochs"]
    np.testing.assert_allclose(data["overfit_train_loss"][1][:-1], losses[epochs[:-1]], rtol=1e-9)
    # The validation loss at the stored best epoch, recomputed from the weights of that epoch.
    best = int(data["overfit_best_epoch"][1])
    at_best, _ = train(X, y, wide, 10.0, best)
    assert data["overfit_val_loss"][1].min() >= mse(at_best, Xv, yv) - 1e-12
    assert data["overfit_val_loss"][1][-1] == pytest.approx(mse(params, Xv, yv), rel=1e-9)
    # What the chapter says: the wide network memorises the training set (every label right,
    # the wrong ones too) while its validation loss ends at about twice its lowest value.
    assert np.array_equal(network(X, params) >= 0.5, y == 1)
    assert losses[-1] < 0.002
    assert 1.6 < mse(params, Xv, yv) / mse(at_best, Xv, yv) < 2.4
    drawn = decode_outputs(data["overfit_outputs"][1])
    assert np.max(np.abs(drawn - on_grid(data["overfit_grid"], params))) <= TOLERANCE
    plot_overfitting()
    assert "validation loss" in alt_of(shown[-1])


def test_learning_rate_figure_and_a_readers_own_run(shown):
    plot_learning_rates(n_hidden=3)
    assert "five learning rates" in alt_of(shown[-1])
    X, y = xor()
    plot_run(np.array([0.2, 0.1, 0.05]), lambda points: points[:, :1] * 0.0 + 0.7, X, y)
    assert "from 0.2000 to 0.05" in alt_of(shown[-1])
