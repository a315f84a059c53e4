"""Chapter 6 (making it work): the ReLU layer, sgd_step, minibatches, momentum_step,
rmsprop_step, adam_step and train_with_optimiser.

relu_forward caches a float copy of z; a forward bug runs with the correct backward pass and
a backward bug with the correct forward pass (``paired``). train_with_optimiser calls the
notebook's init_params, two_layer_forward, two_layer_backward, mse_loss, mse_loss_grad and
this chapter's optimisers and minibatches; it and its bugs share the module helper
``_mse(X, y, params)``, the loss of a whole set.
"""

import numpy as np

from benchmarks.tenth import bug, correct, paired
from benchmarks.tenth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.tenth.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.tenth.chapter5 import init_params


def relu_forward(z):
    z = np.array(z, dtype=float)
    return np.maximum(z, 0.0), z


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


def _mse(X, y, params):
    return mse_loss(two_layer_forward(X, params)[0], y)


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X, X_val = np.asarray(X, dtype=float), np.asarray(X_val, dtype=float)
    y = np.asarray(y, dtype=float).reshape(len(X), -1)
    y_val = np.asarray(y_val, dtype=float).reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {k: np.zeros_like(p) for k, p in params.items()}
    second = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], first[k] = momentum_step(params[k], grads[k], first[k], lr)
                else:
                    new[k], first[k], second[k] = adam_step(
                        params[k], grads[k], first[k], second[k], t, lr
                    )
            params = new
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses, dtype=float), np.array(val_losses, dtype=float)


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


# ---- relu_forward ----
def relu_forward__inplace(z):
    # fault: z[z < 0] = 0 on the caller's array: the input is changed
    z[z < 0] = 0
    return z, z.astype(float)


def relu_forward__np_max(z):
    # fault: np.max(z, 0) (a reduction over axis 0) where np.maximum(z, 0) belongs
    out = np.max(z, 0)
    return out, np.array(z, dtype=float)


# ---- relu_backward ----
def relu_backward__ge_zero(dout, cache):
    # fault: (z >= 0): the gradient passes at z = 0 too
    return dout * (cache >= 0)


def relu_backward__inplace_dout(dout, cache):
    # fault: dout[z <= 0] = 0 on the caller's dout, returned as dz: the input is changed
    dout[cache <= 0] = 0
    return dout


# ---- sgd_step ----
def sgd_step__inplace(w, grad, lr):
    # fault: w -= lr * grad changes the caller's w
    w -= lr * grad
    return w


def sgd_step__ascent(w, grad, lr):
    # fault: w + lr * grad: a step up the loss
    return w + lr * grad


# ---- minibatches ----
def minibatches__drop_last(n, batch_size, seed=0):
    # fault: range(n // batch_size) batches: the shorter last batch is dropped
    idx = np.random.default_rng(seed).permutation(n)
    return [idx[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size)]


def minibatches__global_shuffle(n, batch_size, seed=0):
    # fault: np.random.seed + np.random.shuffle: the global generator, not default_rng(seed)
    np.random.seed(seed)  # noqa: NPY002 (the global generator, on purpose)
    idx = np.arange(n)
    np.random.shuffle(idx)  # noqa: NPY002 (the global generator, on purpose)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__array_split(n, batch_size, seed=0):
    # fault: np.array_split into n // batch_size parts: batches of unequal, larger sizes
    idx = np.random.default_rng(seed).permutation(n)
    return list(np.array_split(idx, max(n // batch_size, 1)))


# ---- momentum_step ----
def momentum_step__ema_form(w, grad, v, lr, beta=0.9):
    # fault: v = beta v + (1 - beta) grad, an average (the libraries' form), not the book's sum
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def momentum_step__old_v(w, grad, v, lr, beta=0.9):
    # fault: the step uses the old velocity, updated only after
    w_new = w - lr * v
    v_new = beta * v + grad
    return w_new, v_new


def momentum_step__inplace_v(w, grad, v, lr, beta=0.9):
    # fault: v *= beta; v += grad changes the caller's velocity array
    v *= beta
    v += grad
    return w - lr * v, v


def momentum_step__lr_in_v(w, grad, v, lr, beta=0.9):
    # fault: lr put into the velocity and again into the step (lr applied twice)
    v_new = beta * v + lr * grad
    return w - lr * v_new, v_new


def momentum_step__sutskever_v(w, grad, v, lr, beta=0.9):
    # fault: the other convention, v = beta v - lr grad and w + v: the returned velocity is
    # -lr times the book's, so from the second step on it no longer matches
    v_new = beta * v - lr * grad
    return w + v_new, v_new


# ---- rmsprop_step ----
def rmsprop_step__eps_inside(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: eps added under the root, sqrt(s + eps)
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s


def rmsprop_step__old_s(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: divides by the root of the previous s, then updates s
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    s_new = rho * s + (1 - rho) * grad**2
    return w_new, s_new


def rmsprop_step__rho_swapped(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: rho and 1 - rho swapped: the new gradient gets weight rho
    s = (1 - rho) * s + rho * grad**2
    return w - lr * grad / (np.sqrt(s) + eps), s


# ---- adam_step ----
def adam_step__no_correction(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: no bias correction: m and s used as they are
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__returns_hat(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the corrected m_hat and s_hat are returned as the new state
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m = m / (1 - beta1**t)
    s = s / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__power_paren(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the correction read as (1 - beta)^t instead of 1 - beta^t
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1) ** t
    s_hat = s / (1 - beta2) ** t
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__t_plus_1(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the correction uses t + 1, as if t counted from 0
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t + 1))
    s_hat = s / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


# ---- train_with_optimiser ----
def train_with_optimiser__state_per_batch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the optimiser's state (v; m, s) is created anew inside the batch loop: momentum
    # never builds up a velocity
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(len(X), -1)
    y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best = {k: v.copy() for k, v in params.items()}
    t = 0
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            v = {k: np.zeros_like(p) for k, p in params.items()}
            m = {k: np.zeros_like(p) for k, p in params.items()}
            s = {k: np.zeros_like(p) for k, p in params.items()}
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: v.copy() for k, v in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__t_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: Adam's t restarts at 1 at every epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(len(X), -1)
    y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        t = 0
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__best_alias(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: best_params = params keeps a reference to the dict that is updated in place:
    # the "best" parameters are always the last epoch's
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(len(X), -1)
    y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params, best_val = params, val_losses[0]
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best_params, best_val = params, val_losses[-1]
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__same_shuffle(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: minibatches(N, batch_size, seed=seed) in every epoch, instead of seed=epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(len(X), -1)
    y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best = {k: p.copy() for k, p in params.items()}
    for _ in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=seed):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__flat_y_mean_fix(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: a flat y is not reshaped; the (B, B) gradient that broadcasting gave was
    # "fixed" with .mean(axis=1, keepdims=True) until the shapes fitted
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    params = init_params(X.shape[1], n_hidden, 1 if y.ndim == 1 else y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    yl, yvl = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    train_losses, val_losses = [_mse(X, yl, params)], [_mse(X_val, yvl, params)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            dout = mse_loss_grad(out, y[idx])
            if dout.shape != out.shape:
                dout = dout.mean(axis=1, keepdims=True)
            grads = two_layer_backward(dout, cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(_mse(X, yl, params))
        val_losses.append(_mse(X_val, yvl, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__no_value_error(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: an unknown optimiser name falls through to plain SGD instead of a ValueError
    y = y.reshape(len(X), -1)
    y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                elif optimiser == "adam":
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
                else:
                    params[k] = sgd_step(params[k], grads[k], lr)
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


BUGS = paired(
    [
        bug(
            relu_forward__inplace,
            "Sets the negative entries of the caller's z to 0 in place.",
            "in-place",
        ),
        bug(
            relu_forward__np_max,
            "np.max(z, 0) reduces over axis 0 instead of np.maximum.",
            "shape-forced",
        ),
        bug(relu_backward__ge_zero, "Passes the gradient where z = 0 too (z >= 0).", "notation"),
        bug(
            relu_backward__inplace_dout,
            "Zeroes the caller's dout in place and returns it.",
            "in-place",
        ),
        bug(sgd_step__inplace, "w -= lr * grad changes the caller's w.", "in-place"),
        bug(sgd_step__ascent, "w + lr * grad: a step up the loss.", "sign-direction"),
        bug(minibatches__drop_last, "The shorter last batch is dropped.", "loop"),
        bug(minibatches__global_shuffle, "Shuffles with numpy's global generator.", "generator"),
        bug(
            minibatches__array_split,
            "np.array_split into n // batch_size parts: batch sizes other than batch_size.",
            "shape-forced",
        ),
        bug(
            momentum_step__ema_form,
            "v = beta v + (1 - beta) grad: an average, not the book's sum.",
            "notation",
        ),
        bug(momentum_step__old_v, "The step uses the old velocity.", "loop"),
        bug(momentum_step__inplace_v, "Updates the caller's velocity array in place.", "in-place"),
        bug(
            momentum_step__lr_in_v,
            "lr multiplies the gradient in v and again the step.",
            "sign-direction",
        ),
        bug(
            momentum_step__sutskever_v,
            "v = beta v - lr grad and w + v: the velocity is stored in another convention.",
            "sign-direction",
        ),
        bug(rmsprop_step__eps_inside, "eps added under the square root.", "notation"),
        bug(rmsprop_step__old_s, "Divides by the root of the previous s.", "loop"),
        bug(
            rmsprop_step__rho_swapped, "rho and 1 - rho swapped in the running average.", "notation"
        ),
        bug(adam_step__no_correction, "No bias correction.", "notation"),
        bug(adam_step__returns_hat, "Returns the corrected m_hat, s_hat as the state.", "notation"),
        bug(adam_step__power_paren, "Correction (1 - beta)^t instead of 1 - beta^t.", "notation"),
        bug(adam_step__t_plus_1, "Correction with t + 1 instead of t.", "loop"),
        bug(
            train_with_optimiser__state_per_batch,
            "The optimiser state is reset at every batch.",
            "loop",
        ),
        bug(train_with_optimiser__t_per_epoch, "Adam's t restarts at every epoch.", "loop"),
        bug(
            train_with_optimiser__best_alias,
            "best_params is the params dict itself, updated in place: it follows the last epoch.",
            "in-place",
        ),
        bug(
            train_with_optimiser__same_shuffle,
            "Every epoch uses minibatches(..., seed=seed) instead of seed=epoch.",
            "loop",
        ),
        bug(
            train_with_optimiser__flat_y_mean_fix,
            "A flat y is not reshaped and the (B, B) gradient is averaged over axis 1.",
            "shape-forced",
        ),
        bug(
            train_with_optimiser__no_value_error,
            "An unknown optimiser falls back to SGD instead of raising ValueError.",
            "notation",
        ),
    ],
    CORRECT,
    {"relu_forward": "relu_backward", "relu_backward": "relu_forward"},
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-1.5, 0.0, 2.0], [3, -4, 0.5]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0, 0, 2], [3, 0, 0.5]])
    assert np.array_equal(relu_backward(np.full((2, 3), 7.0), cache), [[0, 0, 7], [7, 0, 7]])
    assert relu_forward(np.array([-2, 3]))[0].dtype == np.float64
    w = np.array([1.0, -2.0])
    assert np.array_equal(sgd_step(w, np.array([4.0, 2.0]), 0.25), [0.0, -2.5])
    assert np.array_equal(w, [1.0, -2.0])
    batches = minibatches(10, 4, seed=3)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert np.array_equal(np.concatenate(batches), np.random.default_rng(3).permutation(10))
    # momentum, question 6 of the chapter: w = 1, v = 5, gradient 1, lr 0.1: v 5.5, w 0.45
    w1, v1 = momentum_step(np.array([1.0]), np.array([1.0]), np.array([5.0]), 0.1)
    assert np.allclose(w1, 0.45) and np.allclose(v1, 5.5)
    # RMSprop from s = 0, g = 2, rho 0.75: s = 0.25 * 4 = 1, step lr * 2 / (1 + eps)
    w2, s2 = rmsprop_step(np.array([0.0]), np.array([2.0]), np.array([0.0]), 0.5, rho=0.75)
    assert np.allclose(s2, 1.0) and np.allclose(w2, -1.0)
    # Adam on a constant gradient: every step is lr * g / (|g| + eps) per entry
    w, m, s = np.array([1.0, 1.0]), np.zeros(2), np.zeros(2)
    g = np.array([3.0, -0.5])
    for t in (1, 2, 3):
        w_new, m, s = adam_step(w, g, m, s, t, 0.01)
        assert np.allclose(w - w_new, 0.01 * np.sign(g), atol=1e-8)
        w = w_new
    assert np.allclose(m, (1 - 0.9**3) * g) and np.allclose(s, (1 - 0.999**3) * g**2)
    # train_with_optimiser with lr 0: nothing moves, the best is the start, the losses stay
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(9, 2)), rng.uniform(size=9)
    Xv, yv = rng.normal(size=(5, 2)), rng.uniform(size=5)
    best, tr, va = train_with_optimiser("adam", X, y, Xv, yv, 0.0, 3, 4, n_hidden=3)
    start = init_params(2, 3, 1, 0)
    assert tr.shape == (4,) and np.allclose(tr, _mse(X, y[:, None], start))
    assert all(np.array_equal(best[k], start[k]) for k in start)
    # one epoch of sgd, one batch of all 9 examples, equals one full-batch gradient step
    best, tr, va = train_with_optimiser("sgd", X, y, Xv, yv, 0.3, 1, 9, n_hidden=3)
    out, cache = two_layer_forward(X, start)
    grads = two_layer_backward(mse_loss_grad(out, y[:, None]), cache)
    after = {k: start[k] - 0.3 * grads[k] for k in start}
    assert np.isclose(tr[1], _mse(X, y[:, None], after))
    try:
        train_with_optimiser("rmsprop", X, y, Xv, yv, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("no ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
