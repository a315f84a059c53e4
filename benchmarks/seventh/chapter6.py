"""Chapter 6 (making it work): relu_forward, relu_backward, sgd_step, minibatches,
momentum_step, rmsprop_step, adam_step, train_with_optimiser.

relu_forward caches a float copy of z. train_with_optimiser calls this set's correct
versions of the chapter's optimisers and minibatches and of chapters 2, 4 and 5's
functions; in the notebook it calls the notebook's own.
"""

import numpy as np

from benchmarks.seventh import bug, correct, paired
from benchmarks.seventh.chapter2 import mse_loss, mse_loss_grad
from benchmarks.seventh.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.seventh.chapter5 import init_params

# ---------------------------------------------------------------- correct versions


def relu_forward(z):
    return np.maximum(z, 0.0), np.array(z, dtype=np.float64)


def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)


def sgd_step(w, grad, lr):
    return w - lr * grad


def minibatches(n, batch_size, seed=0):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def momentum_step(w, grad, v, lr, beta=0.9):
    v_new = beta * v + grad
    return w - lr * v_new, v_new


def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    s_hat = s_new / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def _losses(params, X, Y):
    return mse_loss(two_layer_forward(X, params)[0], Y)


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [_losses(params, X, Y)]
    val_losses = [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[batch]), cache)
            t += 1
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], m[k] = momentum_step(params[k], grads[k], m[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
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
    # fault: z[z < 0] = 0 on the input itself (MATLAB habit), which is also the cache
    z[z < 0] = 0
    return z, z


def relu_forward__max_for_maximum(z):
    # fault: np.max(z, 0) (a reduction over axis 0) for np.maximum(z, 0)
    return np.max(z, 0), np.array(z, dtype=np.float64)


def relu_backward__at_zero(dout, cache):
    # fault: mask z >= 0: the gradient passes at z = 0, where it should be 0
    return np.where(cache >= 0, dout, 0.0)


def relu_backward__zeroes_dout(dout, cache):
    # fault: dout[z <= 0] = 0 on the upstream gradient itself, returned as dz
    dout[cache <= 0] = 0
    return dout


def sgd_step__in_place(w, grad, lr):
    # fault: w -= lr * grad changes the caller's array
    w -= lr * grad
    return w


def sgd_step__uphill(w, grad, lr):
    # fault: w + lr * grad
    return w + lr * grad


def minibatches__global_seed(n, batch_size, seed=0):
    # fault: np.random.seed and np.random.permutation: other batches, and the global state changed
    np.random.seed(seed)  # noqa: NPY002 (the bug)
    order = np.random.permutation(n)  # noqa: NPY002
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__shuffle_returns_none(n, batch_size, seed=0):
    # fault: order = rng.shuffle(...) : shuffle works in place and returns None
    rng = np.random.default_rng(seed)
    order = rng.shuffle(np.arange(n))
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__last_dropped(n, batch_size, seed=0):
    # fault: n // batch_size full batches only: the remainder is lost
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size)]


def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    # fault: w moved with the old velocity, then the velocity updated
    w_new = w - lr * v
    v = beta * v + grad
    return w_new, v


def momentum_step__in_place(w, grad, v, lr, beta=0.9):
    # fault: v *= beta; v += grad changes the caller's velocity array
    v *= beta
    v += grad
    return w - lr * v, v


def rmsprop_step__eps_in_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: sqrt(s + eps) instead of sqrt(s) + eps
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s_new + eps), s_new


def rmsprop_step__old_average(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: the step divides by the old s, the new one computed after
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    s = rho * s + (1 - rho) * grad**2
    return w_new, s


def rmsprop_step__rho_swapped(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: (1 - rho) s + rho g^2: the decay on the wrong term
    s_new = (1 - rho) * s + rho * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step__t_from_zero(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the correction with t - 1 (steps counted from 0): 1 - beta^0 = 0 at the first step
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1 ** (t - 1))
    s_hat = s_new / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def adam_step__stores_hats(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the corrected moments overwrite m and s and are returned as the state
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m = m / (1 - beta1**t)
    s = s / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__square_of_m(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: s averages the square of the new m, not of the gradient
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * m_new**2
    m_hat = m_new / (1 - beta1**t)
    s_hat = s_new / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def _update(optimiser, params, grads, m, s, t, lr):
    """One update of every parameter, as the correct version does it (shared by the bugs
    whose fault is elsewhere)."""
    new = {}
    for k in params:
        if optimiser == "sgd":
            new[k] = sgd_step(params[k], grads[k], lr)
        elif optimiser == "momentum":
            new[k], m[k] = momentum_step(params[k], grads[k], m[k], lr)
        else:
            new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
    return new


def train_with_optimiser__shuffles_X_only(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: X reordered by the epoch's batches, y left in its order: examples lose their labels
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        Xs = X[np.concatenate(minibatches(len(X), batch_size, seed=epoch))]
        for i in range(0, len(X), batch_size):
            out, cache = two_layer_forward(Xs[i : i + batch_size], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[i : i + batch_size]), cache)
            t += 1
            params = _update(optimiser, params, grads, m, s, t, lr)
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__t_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: t = 0 set inside the epoch loop: Adam's step count restarts every epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        t = 0
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, m, s, t, lr)
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__state_per_batch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: m and s created inside the batch loop: the optimiser's state is reset every step
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    t = 0
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            m = {k: np.zeros_like(p) for k, p in params.items()}
            s = {k: np.zeros_like(p) for k, p in params.items()}
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, m, s, t, lr)
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__best_by_reference(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: best_params = params (no copy) and params updated key by key in the same dict:
    # the "best" parameters follow the training to its last step
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best_params = params
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[batch]), cache)
            t += 1
            for k, value in _update(optimiser, params, grads, m, s, t, lr).items():
                params[k] = value
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__latest_tie(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: <= when comparing with the best so far: a later epoch that ties replaces it
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    best_val = val_losses[0]
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[batch]), cache)
            t += 1
            params = _update(optimiser, params, grads, m, s, t, lr)
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] <= best_val:
            best_val = val_losses[-1]
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__t_per_parameter(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: t += 1 inside the loop over the parameters: Adam's t grows by 4 each batch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[batch]), cache)
            new = {}
            for k in params:
                t += 1
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], m[k] = momentum_step(params[k], grads[k], m[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__whole_set_gradient(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the forward pass and gradient on X, Y (all of it) at each batch: Xb computed, unused
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_losses(params, X, Y)], [_losses(params, X_val, Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            Xb, Yb = X[batch], Y[batch]  # noqa: F841 (the student's unused names)
            out, cache = two_layer_forward(X, params)
            grads = two_layer_backward(mse_loss_grad(out, Y), cache)
            t += 1
            params = _update(optimiser, params, grads, m, s, t, lr)
        train_losses.append(_losses(params, X, Y))
        val_losses.append(_losses(params, X_val, Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


_PAIRS = {"relu_forward": "relu_backward", "relu_backward": "relu_forward"}

BUGS = paired(
    [
        bug(relu_forward__in_place, "Clips z in place.", "in-place"),
        bug(relu_forward__max_for_maximum, "np.max for np.maximum.", "reduction"),
        bug(relu_backward__at_zero, "Mask z >= 0.", "boundary"),
        bug(relu_backward__zeroes_dout, "Zeroes dout in place.", "in-place"),
        bug(sgd_step__in_place, "w -= ... changes w.", "in-place"),
        bug(sgd_step__uphill, "w + lr grad.", "sign"),
        bug(minibatches__global_seed, "Global numpy generator.", "rng"),
        bug(minibatches__shuffle_returns_none, "rng.shuffle returns None.", "api"),
        bug(minibatches__last_dropped, "Last short batch dropped.", "integer-division"),
        bug(momentum_step__old_velocity, "Steps with the old velocity.", "order"),
        bug(momentum_step__in_place, "Velocity updated in place.", "in-place"),
        bug(rmsprop_step__eps_in_root, "eps inside the root.", "formula"),
        bug(rmsprop_step__old_average, "Divides by the old s.", "order"),
        bug(rmsprop_step__rho_swapped, "rho and 1 - rho swapped.", "wrong-var"),
        bug(adam_step__t_from_zero, "Correction with t - 1.", "off-by-one"),
        bug(adam_step__stores_hats, "Corrected moments stored.", "state"),
        bug(adam_step__square_of_m, "s from m^2, not g^2.", "wrong-var"),
        bug(train_with_optimiser__shuffles_X_only, "X shuffled, y not.", "shuffle"),
        bug(train_with_optimiser__t_per_epoch, "Adam's t restarts each epoch.", "state"),
        bug(train_with_optimiser__state_per_batch, "State reset every batch.", "state"),
        bug(train_with_optimiser__best_by_reference, "best_params aliases params.", "aliasing"),
        bug(train_with_optimiser__latest_tie, "<=: the latest tie wins.", "boundary"),
        bug(train_with_optimiser__t_per_parameter, "t counted per parameter.", "state"),
        bug(train_with_optimiser__whole_set_gradient, "Gradient on all of X.", "wrong-var"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-1.0, 0.0, 2.5], [3.0, -0.5, 0.0]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0.0, 0.0, 2.5], [3.0, 0.0, 0.0]])
    dout = np.arange(1.0, 7.0).reshape(2, 3)
    assert np.array_equal(relu_backward(dout, cache), [[0.0, 0.0, 3.0], [4.0, 0.0, 0.0]])
    w = np.array([1.0, 2.0])
    assert np.allclose(sgd_step(w, np.array([10.0, -10.0]), 0.1), [0.0, 3.0])
    assert np.array_equal(w, [1.0, 2.0])
    b = minibatches(10, 4, seed=3)
    assert [len(x) for x in b] == [4, 4, 2] and sorted(np.concatenate(b)) == list(range(10))
    assert all(np.array_equal(p, q) for p, q in zip(b, minibatches(10, 4, seed=3), strict=True))
    assert b[0].dtype.kind == "i"
    # momentum, beta = 1/2, lr = 0.1: v = 0.5 [1, 1] + [2, -4] = [2.5, -3.5], w = 1 - 0.1 v
    w1, v1 = momentum_step(np.ones(2), np.array([2.0, -4.0]), np.ones(2), 0.1, beta=0.5)
    assert np.allclose(v1, [2.5, -3.5]) and np.allclose(w1, [0.75, 1.35])
    # RMSprop, rho = 3/4 from s = 0, g = 2: s = 1, step lr g / 1 = 0.2
    w1, s1 = rmsprop_step(np.ones(1), np.array([2.0]), np.zeros(1), 0.1, rho=0.75, eps=0.0)
    assert np.allclose(s1, [1.0]) and np.allclose(w1, [0.8])
    # Adam, beta1 = beta2 = 1/2, eps = 0, lr = 1, g = 2 then -2 (by hand): w -1 then -2/3
    h = {"beta1": 0.5, "beta2": 0.5, "eps": 0.0}
    w1, m1, s1 = adam_step(np.zeros(1), np.array([2.0]), np.zeros(1), np.zeros(1), 1, 1.0, **h)
    assert np.allclose([w1, m1, s1], [[-1.0], [1.0], [2.0]])
    w2, m2, s2 = adam_step(w1, np.array([-2.0]), m1, s1, 2, 1.0, **h)
    assert np.allclose([w2, m2, s2], [[-2 / 3], [-0.5], [3.0]])
    # train_with_optimiser: with lr = 0 nothing moves, best is the start
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(9, 2)), (rng.random(9) > 0.5).astype(float)
    best, tl, vl = train_with_optimiser("adam", X, y, X[:4], y[:4], 0.0, 2, 4)
    start = init_params(2, 8, 1, 0)
    assert tl.shape == (3,) and np.allclose(tl, tl[0]) and np.allclose(vl, vl[0])
    assert all(np.array_equal(best[k], start[k]) for k in start)
    # one epoch of sgd in batches of 9 (all of X) is one step of full-batch gradient descent
    best, tl, vl = train_with_optimiser("sgd", X, y, X, y, 1.0, 1, 9)
    out, cache = two_layer_forward(X, start)
    grads = two_layer_backward(mse_loss_grad(out, y.reshape(-1, 1)), cache)
    after = {k: start[k] - grads[k] for k in start}
    assert np.isclose(tl[1], mse_loss(two_layer_forward(X, after)[0], y.reshape(-1, 1)))
    try:
        train_with_optimiser("nesterov", X, y, X, y, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown optimiser must raise ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
