"""Chapter 6 (making it work): the ReLU layer, sgd_step, minibatches, momentum_step,
rmsprop_step, adam_step and train_with_optimiser (which runs the notebook's optimisers,
minibatches, init_params, network and loss; here this set's correct versions).

Cache format of the correct relu_forward: a float copy of z. A forward bug runs with the
correct backward pass, a backward bug with the correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.eighth import bug, correct, paired
from benchmarks.eighth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.eighth.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.eighth.chapter5 import init_params

# ---------------------------------------------------------------- correct versions


def relu_forward(z):
    z = np.array(z, dtype=np.float64)
    return np.maximum(z, 0.0), z


def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)


def sgd_step(w, grad, lr):
    return w - lr * grad


def minibatches(n, batch_size, seed=0):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def momentum_step(w, grad, v, lr, beta=0.9):
    v = beta * v + grad
    return w - lr * v, v


def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s) + eps), s


def adam_step(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def _targets(X, y):
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64).reshape(len(X), -1)


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            new = {}
            for key in params:
                if optimiser == "sgd":
                    new[key] = sgd_step(params[key], grads[key], lr)
                elif optimiser == "momentum":
                    new[key], first[key] = momentum_step(params[key], grads[key], first[key], lr)
                else:
                    new[key], first[key], second[key] = adam_step(
                        params[key], grads[key], first[key], second[key], t, lr
                    )
            params = new
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


CORRECT = correct(
    relu_forward,
    relu_backward,
    sgd_step,
    minibatches,
    momentum_step,
    rmsprop_step,
    adam_step,
    train_with_optimiser,
)

# ---------------------------------------------------------------- bugs


def relu_forward__in_place(z):
    # fault: z[z < 0] = 0 to save memory: the caller's z is changed, and is the cache
    z[z < 0] = 0
    return z, z


def relu_forward__relu6(z):
    # fault: np.clip(z, 0, 6), the ReLU6 of a mobile-network tutorial
    z = np.array(z, dtype=np.float64)
    return np.clip(z, 0.0, 6.0), z


def relu_backward__mask_from_dout(dout, cache):
    # fault: the mask taken from dout > 0 instead of from z > 0
    return np.where(dout > 0, dout, 0.0)


def relu_backward__dout_in_place(dout, cache):
    # fault: dout[z <= 0] = 0 in place: the caller's dout is changed
    dout[cache <= 0] = 0.0
    return dout


def sgd_step__in_place(w, grad, lr):
    # fault: w -= lr * grad, as optimizer.step() does in place: the caller's w is changed
    w -= lr * grad
    return w


def sgd_step__weight_decay(w, grad, lr):
    # fault: a weight decay of 1e-4 pasted with the update rule: w - lr (grad + 1e-4 w)
    return w - lr * (grad + 1e-4 * w)


def minibatches__drop_last(n, batch_size, seed=0):
    # fault: drop_last as in a DataLoader: n // batch_size full batches, the rest lost
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size)]


def minibatches__array_split(n, batch_size, seed=0):
    # fault: np.array_split into n // batch_size parts: sizes balanced, not batch_size
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, max(n // batch_size, 1))


def minibatches__one_too_many(n, batch_size, seed=0):
    # fault: n // batch_size + 1 batches: an empty batch at the end when batch_size divides n
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size + 1)]


def momentum_step__average(w, grad, v, lr, beta=0.9):
    # fault: the velocity as an average, beta v + (1 - beta) grad (the EMA form of a course video)
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def momentum_step__lr_in_velocity(w, grad, v, lr, beta=0.9):
    # fault: CS231n's v = beta v - lr grad; w + v, with the book's v read as that one
    v = beta * v - lr * grad
    return w + v, v


def momentum_step__velocity_reset(w, grad, v, lr, beta=0.9):
    # fault: the start-up line v = zeros kept inside the step: the velocity never carries over
    v = np.zeros_like(w)
    v = beta * v + grad
    return w - lr * v, v


def rmsprop_step__eps_under_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: TensorFlow's sqrt(s + eps) instead of sqrt(s) + eps
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s


def rmsprop_step__no_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: left half done: divided by s + eps, the square root never taken
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (s + eps), s


def adam_step__no_correction(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: left half done: the bias correction never written (t unused)
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__eps_under_root(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: sqrt(s_hat + eps) instead of sqrt(s_hat) + eps
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / np.sqrt(s_hat + eps), m, s


def adam_step__momentum_sum(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: m updated as momentum's velocity, beta1 m + grad, not as an average
    m = beta1 * m + grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def _update(optimiser, params, grads, first, second, t, lr):
    """One update of every parameter, as the correct train_with_optimiser makes it."""
    new = {}
    for key in params:
        if optimiser == "sgd":
            new[key] = sgd_step(params[key], grads[key], lr)
        elif optimiser == "momentum":
            new[key], first[key] = momentum_step(params[key], grads[key], first[key], lr)
        else:
            new[key], first[key], second[key] = adam_step(
                params[key], grads[key], first[key], second[key], t, lr
            )
    return new


def train_with_optimiser__last_batch_dropped(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: only the N // batch_size full batches of each epoch used: the short last one skipped
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        batches = minibatches(len(X), batch_size, seed=epoch)
        for b in range(len(X) // batch_size):
            batch = batches[b]
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__same_shuffle(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: minibatches(N, batch_size, seed=seed) every epoch: the same order each time
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for _ in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=seed):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__t_reset(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: t = 0 set at the top of each epoch: Adam's step counter restarts every epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        t = 0
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__no_early_stopping(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: left half done: the validation losses recorded, but the last parameters returned
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
    return params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__batch_loss(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the training loss recorded is the last mini-batch's (before its update), not the set's
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            batch_loss = mse_loss(out, y[batch])
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(batch_loss)
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__t_from_zero(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: t incremented after the step: Adam's first call gets t = 0 (a division by 0)
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            params = _update(optimiser, params, grads, first, second, t, lr)
            t += 1
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__flat_y(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: flat targets never reshaped: (B, 1) outputs against (B,) targets broadcast
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, X_val = np.asarray(X, dtype=np.float64), np.asarray(X_val, dtype=np.float64)
    y, y_val = np.asarray(y, dtype=np.float64), np.asarray(y_val, dtype=np.float64)
    k = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, k, seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__sum_reduction(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the batch gradient out - y of a "sum" loss, not mse_loss_grad's (out - y) / B
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, y = _targets(X, y)
    X_val, y_val = _targets(X_val, y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {key: np.zeros_like(value) for key, value in params.items()}
    second = {key: np.zeros_like(value) for key, value in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {key: value.copy() for key, value in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(out - y[batch], cache)
            t += 1
            params = _update(optimiser, params, grads, first, second, t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {key: value.copy() for key, value in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


_PAIRS = {"relu_forward": "relu_backward", "relu_backward": "relu_forward"}

BUGS = paired(
    [
        bug(relu_forward__in_place, "z changed in place.", "in-place"),
        bug(relu_forward__relu6, "Clipped at 6 (ReLU6).", "web-paste"),
        bug(relu_backward__mask_from_dout, "Mask from dout, not z.", "wrong-variable"),
        bug(relu_backward__dout_in_place, "dout changed in place.", "in-place"),
        bug(sgd_step__in_place, "w changed in place.", "in-place"),
        bug(sgd_step__weight_decay, "A weight decay added.", "web-paste"),
        bug(minibatches__drop_last, "The short last batch dropped.", "off-by-one"),
        bug(minibatches__array_split, "np.array_split: balanced sizes.", "web-paste"),
        bug(minibatches__one_too_many, "An empty batch at the end.", "off-by-one"),
        bug(momentum_step__average, "Velocity averaged: (1 - beta) grad.", "web-paste"),
        bug(momentum_step__lr_in_velocity, "v = beta v - lr grad; w + v.", "web-paste"),
        bug(momentum_step__velocity_reset, "Velocity reset to 0 every step.", "half-done"),
        bug(rmsprop_step__eps_under_root, "eps under the root.", "web-paste"),
        bug(rmsprop_step__no_root, "No square root.", "half-done"),
        bug(adam_step__no_correction, "No bias correction.", "half-done"),
        bug(adam_step__eps_under_root, "eps under the root.", "web-paste"),
        bug(adam_step__momentum_sum, "m summed like momentum's velocity.", "wrong-layer"),
        bug(
            train_with_optimiser__last_batch_dropped, "The short last batch skipped.", "off-by-one"
        ),
        bug(train_with_optimiser__same_shuffle, "The same seed every epoch.", "schedule"),
        bug(train_with_optimiser__t_reset, "t reset every epoch.", "schedule"),
        bug(train_with_optimiser__no_early_stopping, "Last parameters returned.", "half-done"),
        bug(train_with_optimiser__batch_loss, "Last batch's loss recorded.", "wrong-data"),
        bug(train_with_optimiser__t_from_zero, "Adam's t starts at 0.", "off-by-one"),
        bug(train_with_optimiser__flat_y, "A flat y not reshaped.", "broadcast"),
        bug(train_with_optimiser__sum_reduction, "Batch gradient not divided by B.", "web-paste"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, 10.0]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0.0, 0.0, 3.0], [0.5, 0.0, 10.0]])
    dout = np.array([[1.0, 2.0, -3.0], [4.0, 5.0, 6.0]])
    assert np.array_equal(relu_backward(dout, cache), [[0.0, 0.0, -3.0], [4.0, 0.0, 6.0]])
    assert np.allclose(sgd_step(np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.25), [0.875, -3])
    batches = minibatches(10, 4, seed=3)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))
    assert np.array_equal(np.concatenate(batches), np.random.default_rng(3).permutation(10))
    # momentum, beta 1/2, lr 0.1, from rest at w = 1, gradients 1 then 2:
    # v = 1, w = 0.9; v = 1/2 + 2 = 2.5, w = 0.9 - 0.25 = 0.65
    w, v = momentum_step(np.array([1.0]), np.array([1.0]), np.zeros(1), 0.1, 0.5)
    w, v = momentum_step(w, np.array([2.0]), v, 0.1, 0.5)
    assert np.allclose([w[0], v[0]], [0.65, 2.5])
    # RMSprop, rho 3/4, lr 0.1, eps 0, gradient 2 twice: s = 1, w = 1 - 0.2;
    # s = 3/4 + 1 = 7/4, w = 0.8 - 0.2 / sqrt(7/4)
    w, s = rmsprop_step(np.array([1.0]), np.array([2.0]), np.zeros(1), 0.1, 0.75, 0.0)
    w, s = rmsprop_step(w, np.array([2.0]), s, 0.1, 0.75, 0.0)
    assert np.allclose([w[0], s[0]], [0.8 - 0.2 / np.sqrt(1.75), 1.75])
    # Adam, constant gradient: m_hat = g and s_hat = g^2 at every t, a step of lr (eps 0)
    w, m, s = np.ones(2), np.zeros(2), np.zeros(2)
    for t in range(1, 4):
        w, m, s = adam_step(w, np.array([3.0, -0.5]), m, s, t, 0.01, eps=0.0)
    assert np.allclose(w, [0.97, 1.03]) and np.allclose(m, (1 - 0.9**3) * np.array([3, -0.5]))
    # train_with_optimiser at lr = 0: nothing moves, all losses equal, best = start
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(9, 2)), rng.integers(0, 2, size=9).astype(float)
    best, tr, va = train_with_optimiser("adam", X, y, X[:4], y[:4], 0.0, 3, 4, n_hidden=3)
    start = init_params(2, 3, 1, 0)
    assert tr.shape == (4,) and np.allclose(tr, tr[0]) and np.allclose(va, va[0])
    assert all(np.array_equal(best[k], start[k]) for k in start)
    # one epoch of sgd with batches of 9 (the whole set) is one full-batch step: chapter 5's
    from benchmarks.eighth.chapter5 import train

    best, tr, _ = train_with_optimiser("sgd", X, y, X, y, 0.5, 1, 9, n_hidden=3)
    params, losses = train(X, y, 3, 0.5, 2)
    assert np.isclose(tr[1], losses[1])
    try:
        train_with_optimiser("rmsprop", X, y, X, y, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown optimiser must raise ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
