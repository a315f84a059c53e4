"""Chapter 6, making it work: relu_forward, relu_backward, sgd_step, momentum_step,
rmsprop_step, adam_step, minibatches, train_with_optimiser.

Buggy student versions written from the chapter text and the contracts only. relu_forward
caches z (the buggy relu_backward versions read that, see ``Bug.companions``).
"""

import sys

import numpy as np

from benchmarks.independent import Bug
from benchmarks.independent.chapter2 import mse_loss__correct as mse_loss  # noqa: F401 - _course
from benchmarks.independent.chapter2 import mse_loss_grad__correct as mse_loss_grad
from benchmarks.independent.chapter4 import two_layer_backward__correct as two_layer_backward
from benchmarks.independent.chapter4 import two_layer_forward__correct as two_layer_forward
from benchmarks.independent.chapter5 import init_params__correct as init_params

# ---------------------------------------------------------------- correct versions


def relu_forward__correct(z):
    z = np.asarray(z, float)
    return np.maximum(z, 0.0), z.copy()


def relu_backward__correct(dout, cache):
    return np.where(cache > 0, dout, 0.0)


def sgd_step__correct(w, grad, lr):
    return w - lr * grad


def momentum_step__correct(w, grad, v, lr, beta=0.9):
    v_new = beta * v + grad
    return w - lr * v_new, v_new


def rmsprop_step__correct(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step__correct(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    s_hat = s_new / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def minibatches__correct(n, batch_size, seed=0):
    perm = np.random.default_rng(seed).permutation(n)
    return [perm[i : i + batch_size] for i in range(0, n, batch_size)]


# The names train_with_optimiser finds outside a notebook (_course).
sgd_step, momentum_step, adam_step = sgd_step__correct, momentum_step__correct, adam_step__correct
minibatches = minibatches__correct

_KEYS = ("W1", "b1", "W2", "b2")


def _col(y):
    y = np.asarray(y, float)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def _course(name):
    """The course's function ``name`` as the notebook that runs train_with_optimiser holds it
    (its own sgd_step, momentum_step, adam_step, minibatches, mse_loss, ..., or the checks'
    spies on them), as a student's function, defined in the notebook, finds it: the contract
    asks for "your sgd_step, momentum_step or adam_step of this chapter". Outside a notebook
    (the sanity checks), this module's correct version."""
    frame = sys._getframe(1)
    while frame is not None:
        g = frame.f_globals
        if g.get("__name__") == "__main__" and "train_with_optimiser" in g and name in g:
            return g[name]
        frame = frame.f_back
    return globals()[name]


def _loss(params, X, y):
    out, _ = _course("two_layer_forward")(X, params)
    return _course("mse_loss")(out, y)


def train_with_optimiser__correct(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    X = np.asarray(X, float)
    X_val = np.asarray(X_val, float)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(params[k]) for k in _KEYS}
    m = {k: np.zeros_like(params[k]) for k in _KEYS}
    s = {k: np.zeros_like(params[k]) for k in _KEYS}
    t = 0
    train_losses = [_loss(params, X, y)]
    val_losses = [_loss(params, X_val, y_val)]
    best = {k: params[k].copy() for k in _KEYS}
    best_val = val_losses[0]
    for epoch in range(epochs):
        for idx in _course("minibatches")(X.shape[0], batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            new = {}
            for k in _KEYS:
                if optimiser == "sgd":
                    new[k] = _course("sgd_step")(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], v[k] = _course("momentum_step")(params[k], grads[k], v[k], lr)
                else:
                    adam = _course("adam_step")
                    new[k], m[k], s[k] = adam(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(_loss(params, X, y))
        val_losses.append(_loss(params, X_val, y_val))
        if val_losses[-1] < best_val:
            best_val = val_losses[-1]
            best = {k: params[k].copy() for k in _KEYS}
    return best, np.array(train_losses), np.array(val_losses)


# ---------------------------------------------------------------- relu_forward


def relu_forward__in_place(z):
    cache = z
    z[z < 0] = 0
    return z, cache


def relu_forward__swapped(z):
    return z.copy(), np.maximum(z, 0)


def relu_forward__leaky(z):
    out = np.maximum(z, 0.01 * z)  # mixed up with leaky ReLU
    return out, z


def relu_forward__np_max(z):
    out = np.max(z, 0)  # reduces over axis 0 instead of comparing with 0
    return out, z


# ---------------------------------------------------------------- relu_backward


def relu_backward__ge_zero(dout, cache):
    return dout * (cache >= 0)


def relu_backward__no_dout(dout, cache):
    return (cache > 0).astype(float)


def relu_backward__in_place(dout, cache):
    dout[cache <= 0] = 0
    return dout


def relu_backward__mask_from_dout(dout, cache):
    return np.where(dout > 0, dout, 0.0)


def relu_backward__relu_of_dout_times_z(dout, cache):
    # "derivative of max(z, 0) is max(z, 0)/z" ... computed as dout * relu(z)
    return dout * np.maximum(cache, 0)


# ---------------------------------------------------------------- sgd_step


def sgd_step__in_place(w, grad, lr):
    w -= lr * grad
    return w


def sgd_step__plus(w, grad, lr):
    return w + lr * grad


def sgd_step__no_lr(w, grad, lr):
    return w - grad


def sgd_step__returns_update(w, grad, lr):
    update = lr * grad
    return update


# ---------------------------------------------------------------- momentum_step


def momentum_step__ema(w, grad, v, lr, beta=0.9):
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def momentum_step__swapped(w, grad, v, lr, beta=0.9):
    v_new = beta * v + grad
    return v_new, w - lr * v_new


def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    w_new = w - lr * v
    v_new = beta * v + grad
    return w_new, v_new


def momentum_step__in_place(w, grad, v, lr, beta=0.9):
    v *= beta
    v += grad
    w_new = w - lr * v
    return w_new, v


def momentum_step__cs231n_form(w, grad, v, lr, beta=0.9):
    v_new = beta * v - lr * grad
    return w + v_new, v_new


def momentum_step__state_dropped(w, grad, v, lr, beta=0.9):
    v = np.zeros_like(w)  # "start at zero"
    v = beta * v + grad
    return w - lr * v, v


# ---------------------------------------------------------------- rmsprop_step


def rmsprop_step__eps_inside_sqrt(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s_new + eps), s_new


def rmsprop_step__old_s(w, grad, s, lr, rho=0.9, eps=1e-8):
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    s_new = rho * s + (1 - rho) * grad**2
    return w_new, s_new


def rmsprop_step__no_one_minus_rho(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def rmsprop_step__no_sqrt(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (s_new + eps), s_new


def rmsprop_step__rho_swapped(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = (1 - rho) * s + rho * grad * grad
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def rmsprop_step__swapped_return(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * np.square(grad)
    w = w - lr * grad / (np.sqrt(s) + eps)
    return s, w


# ---------------------------------------------------------------- adam_step


def adam_step__t_from_zero(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = t - 1  # "steps count from 0"
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    mh = m / (1 - beta1**t)
    sh = s / (1 - beta2**t)
    return w - lr * mh / (np.sqrt(sh) + eps), m, s


def adam_step__t_plus_one(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    mh = m / (1 - beta1 ** (t + 1))
    sh = s / (1 - beta2 ** (t + 1))
    return w - lr * mh / (np.sqrt(sh) + eps), m, s


def adam_step__no_bias_correction(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__divides_by_beta_power(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    return w - lr * (m / beta1**t) / (np.sqrt(s / beta2**t) + eps), m, s


def adam_step__returns_hats(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m = m / (1 - beta1**t)  # overwrites the running averages with the corrected ones
    s = s / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__order_w_s_m(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    w_new, m_new, s_new = adam_step__correct(w, grad, m, s, t, lr, beta1, beta2, eps)
    return w_new, s_new, m_new


def adam_step__in_place_moments(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1
    m += (1 - beta1) * grad
    s *= beta2
    s += (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


# ---------------------------------------------------------------- minibatches


def minibatches__no_shuffle(n, batch_size, seed=0):
    idx = np.arange(n)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__legacy_seed(n, batch_size, seed=0):
    np.random.seed(seed)  # noqa: NPY002 (the bug)
    idx = np.random.permutation(n)  # noqa: NPY002 (the bug)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__drops_last(n, batch_size, seed=0):
    idx = np.random.default_rng(seed).permutation(n)
    n_batches = n // batch_size
    return [idx[b * batch_size : (b + 1) * batch_size] for b in range(n_batches)]


def minibatches__with_replacement(n, batch_size, seed=0):
    rng = np.random.default_rng(seed)
    idx = rng.choice(n, size=n)  # replace=True by default: repeats and misses
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__array_split(n, batch_size, seed=0):
    idx = np.random.default_rng(seed).permutation(n)
    k = max(1, int(np.ceil(n / batch_size)))
    return np.array_split(idx, k)  # spreads the remainder: sizes differ from batch_size


def minibatches__seed_ignored(n, batch_size, seed=0):
    rng = np.random.default_rng()
    idx = rng.permutation(n)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


# ---------------------------------------------------------------- train_with_optimiser


def _update(optimiser, params, grads, state, t, lr):
    """The correct per-parameter update (shared by the buggy trainers below where the bug
    is not in the update itself). state: dict with v, m, s (dicts of arrays)."""
    new = {}
    for k in _KEYS:
        if optimiser == "sgd":
            new[k] = _course("sgd_step")(params[k], grads[k], lr)
        elif optimiser == "momentum":
            new[k], state["v"][k] = _course("momentum_step")(params[k], grads[k], state["v"][k], lr)
        elif optimiser == "adam":
            new[k], state["m"][k], state["s"][k] = _course("adam_step")(
                params[k], grads[k], state["m"][k], state["s"][k], t, lr
            )
        else:
            raise ValueError(optimiser)
    return new


def _zeros(params):
    return {n: {k: np.zeros_like(params[k]) for k in _KEYS} for n in ("v", "m", "s")}


def train_with_optimiser__state_reset_each_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        state = _zeros(params)  # new optimiser state every epoch ...
        t = 0  # ... and Adam's counter restarts
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__t_counts_epochs(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            params = _update(optimiser, params, g, state, e + 1, lr)  # t = epoch number
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__best_aliased(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best_params = params  # same dict: it follows every later update
    best_val = va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            new = _update(optimiser, params, g, state, t, lr)
            for k in _KEYS:
                params[k] = new[k]
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best_val = va[-1]
            best_params = params
    return best_params, np.array(tr), np.array(va)


def train_with_optimiser__no_start_loss(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [], []
    best, best_val = dict(params), np.inf
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__same_shuffle_every_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for _e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=seed):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__ties_keep_latest(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] <= best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__unknown_is_sgd(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            if optimiser in ("momentum", "adam"):
                params = _update(optimiser, params, g, state, t, lr)
            else:
                params = {k: _course("sgd_step")(params[k], g[k], lr) for k in _KEYS}
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__m_and_s_share_dict(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = m = s = {k: np.zeros_like(params[k]) for k in _KEYS}  # one dict under three names
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in _KEYS:
                if optimiser == "sgd":
                    params[k] = _course("sgd_step")(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = _course("momentum_step")(params[k], g[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = _course("adam_step")(params[k], g[k], m[k], s[k], t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__grad_over_full_N(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    N = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(N, batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward((out - y[idx]) / N, cache)  # N of the whole set
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__y_val_flat(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = _col(y)  # reshaped the training targets, forgot the validation ones

    def val_loss(p):
        out, _ = two_layer_forward(X_val, p)
        return float(np.sum((out - y_val) ** 2) / (2 * len(X_val)))

    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [val_loss(params)]
    best, best_val = dict(params), va[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(val_loss(params))
        if va[-1] < best_val:
            best, best_val = dict(params), va[-1]
    return best, np.array(tr), np.array(va)


def train_with_optimiser__best_by_train_loss(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = _col(y), _col(y_val)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state = _zeros(params)
    t = 0
    tr, va = [_loss(params, X, y)], [_loss(params, X_val, y_val)]
    best, best_loss = dict(params), tr[0]
    for e in range(epochs):
        for idx in _course("minibatches")(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            g = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            params = _update(optimiser, params, g, state, t, lr)
        tr.append(_loss(params, X, y))
        va.append(_loss(params, X_val, y_val))
        if tr[-1] < best_loss:  # early stopping on the training loss
            best, best_loss = dict(params), tr[-1]
    return best, np.array(tr), np.array(va)


def sgd_step__several(w, grad, lr):
    w -= lr * grad / len(w)  # in place, and an invented normalisation by len(w)
    return w


def relu_forward__several(z):
    out = z
    out[out < 0] = 0.0  # aliasing: z is zeroed too
    return out, out > 0  # the cache is a mask computed from the modified array


_RELU_F = {"relu_forward": relu_forward__correct}
_RELU_B = {"relu_backward": relu_backward__correct}

_ALL_BUGS = [
    Bug(
        "relu_forward",
        "in_place",
        relu_forward__in_place,
        "zeroes the negative entries of z in place (and caches the modified z)",
        "in-place",
        companions=_RELU_B,
    ),
    Bug(
        "relu_forward",
        "swapped",
        relu_forward__swapped,
        "returns (cache, out)",
        "tuple-order",
        companions=_RELU_B,
    ),
    Bug(
        "relu_forward",
        "leaky",
        relu_forward__leaky,
        "leaky ReLU max(z, 0.01 z) instead of max(z, 0)",
        "wrong-formula",
        companions=_RELU_B,
    ),
    Bug(
        "relu_forward",
        "np_max",
        relu_forward__np_max,
        "np.max(z, 0) reduces over axis 0 instead of np.maximum(z, 0)",
        "wrong-function",
        companions=_RELU_B,
    ),
    Bug(
        "relu_backward",
        "ge_zero",
        relu_backward__ge_zero,
        "lets the gradient through at z = 0 too (z >= 0)",
        "boundary-at-zero",
        companions=_RELU_F,
    ),
    Bug(
        "relu_backward",
        "no_dout",
        relu_backward__no_dout,
        "returns the mask z > 0 without multiplying by dout",
        "chain-rule",
        companions=_RELU_F,
    ),
    Bug(
        "relu_backward",
        "in_place",
        relu_backward__in_place,
        "zeroes dout in place and returns it",
        "in-place",
        companions=_RELU_F,
    ),
    Bug(
        "relu_backward",
        "mask_from_dout",
        relu_backward__mask_from_dout,
        "masks by the sign of dout instead of the sign of z",
        "wrong-variable",
        companions=_RELU_F,
    ),
    Bug(
        "relu_backward",
        "times_relu_z",
        relu_backward__relu_of_dout_times_z,
        "multiplies dout by max(z, 0) instead of by the 0/1 derivative",
        "wrong-derivative",
        companions=_RELU_F,
    ),
    Bug(
        "sgd_step",
        "in_place",
        sgd_step__in_place,
        "w -= lr * grad changes the caller's w",
        "in-place",
    ),
    Bug("sgd_step", "plus", sgd_step__plus, "w + lr * grad", "sign"),
    Bug(
        "sgd_step", "no_lr", sgd_step__no_lr, "forgets the learning rate: w - grad", "missing-term"
    ),
    Bug(
        "sgd_step",
        "returns_update",
        sgd_step__returns_update,
        "returns the step lr * grad instead of the new w",
        "return-value",
    ),
    Bug(
        "momentum_step",
        "ema",
        momentum_step__ema,
        "v' = beta v + (1 - beta) grad (the EMA form, not the contract's)",
        "wrong-formula",
    ),
    Bug(
        "momentum_step",
        "swapped",
        momentum_step__swapped,
        "returns (v', w') instead of (w', v')",
        "tuple-order",
    ),
    Bug(
        "momentum_step",
        "old_velocity",
        momentum_step__old_velocity,
        "moves w with the old velocity v, before updating it",
        "order-of-ops",
    ),
    Bug(
        "momentum_step",
        "in_place",
        momentum_step__in_place,
        "updates v in place: the caller's velocity changes",
        "in-place",
    ),
    Bug(
        "momentum_step",
        "cs231n_form",
        momentum_step__cs231n_form,
        "v' = beta v - lr grad; w' = w + v': another convention, different v",
        "wrong-formula",
    ),
    Bug(
        "momentum_step",
        "state_dropped",
        momentum_step__state_dropped,
        "resets the velocity to zero inside the step: plain SGD",
        "state-not-carried",
    ),
    Bug(
        "rmsprop_step",
        "eps_inside_sqrt",
        rmsprop_step__eps_inside_sqrt,
        "sqrt(s' + eps) instead of sqrt(s') + eps",
        "eps-placement",
    ),
    Bug(
        "rmsprop_step",
        "old_s",
        rmsprop_step__old_s,
        "divides by the old s, then updates it (first step divides by eps)",
        "order-of-ops",
    ),
    Bug(
        "rmsprop_step",
        "no_one_minus_rho",
        rmsprop_step__no_one_minus_rho,
        "s' = rho s + grad^2 without the (1 - rho)",
        "missing-term",
    ),
    Bug(
        "rmsprop_step",
        "no_sqrt",
        rmsprop_step__no_sqrt,
        "divides by s' instead of sqrt(s')",
        "wrong-formula",
    ),
    Bug(
        "rmsprop_step",
        "rho_swapped",
        rmsprop_step__rho_swapped,
        "s' = (1 - rho) s + rho grad^2: rho and 1 - rho swapped",
        "wrong-formula",
    ),
    Bug(
        "rmsprop_step",
        "swapped_return",
        rmsprop_step__swapped_return,
        "returns (s', w') instead of (w', s')",
        "tuple-order",
    ),
    Bug(
        "adam_step",
        "t_from_zero",
        adam_step__t_from_zero,
        "uses t - 1 in the bias correction: divides by 0 at the first step",
        "bias-correction-t",
    ),
    Bug(
        "adam_step",
        "t_plus_one",
        adam_step__t_plus_one,
        "uses t + 1 in the bias correction (thinks t counts from 0)",
        "bias-correction-t",
    ),
    Bug(
        "adam_step",
        "no_bias_correction",
        adam_step__no_bias_correction,
        "no bias correction: m and s used as they are",
        "bias-correction-missing",
    ),
    Bug(
        "adam_step",
        "divides_by_beta_power",
        adam_step__divides_by_beta_power,
        "corrects by dividing by beta**t instead of (1 - beta**t)",
        "bias-correction-formula",
    ),
    Bug(
        "adam_step",
        "returns_hats",
        adam_step__returns_hats,
        "returns the bias-corrected m-hat, s-hat as the new state",
        "state-corrupted",
    ),
    Bug(
        "adam_step",
        "order_w_s_m",
        adam_step__order_w_s_m,
        "returns (w', s', m') instead of (w', m', s')",
        "tuple-order",
    ),
    Bug(
        "adam_step",
        "in_place_moments",
        adam_step__in_place_moments,
        "updates m and s in place: the caller's arrays change",
        "in-place",
    ),
    Bug(
        "minibatches",
        "no_shuffle",
        minibatches__no_shuffle,
        "no shuffle: batches in the order 0, 1, ..., n - 1",
        "no-shuffle",
    ),
    Bug(
        "minibatches",
        "legacy_seed",
        minibatches__legacy_seed,
        "np.random.seed + np.random.permutation: another order than default_rng(seed)",
        "rng-api",
    ),
    Bug(
        "minibatches",
        "drops_last",
        minibatches__drops_last,
        "n // batch_size batches: the short last batch is lost",
        "off-by-one",
    ),
    Bug(
        "minibatches",
        "with_replacement",
        minibatches__with_replacement,
        "rng.choice with replacement: some indices twice, some never",
        "sampling",
    ),
    Bug(
        "minibatches",
        "array_split",
        minibatches__array_split,
        "np.array_split spreads the remainder: batch sizes differ from batch_size",
        "batch-sizes",
    ),
    Bug(
        "minibatches",
        "seed_ignored",
        minibatches__seed_ignored,
        "default_rng() without the seed: not reproducible",
        "rng-seed",
    ),
    Bug(
        "train_with_optimiser",
        "state_reset_each_epoch",
        train_with_optimiser__state_reset_each_epoch,
        "optimiser state and Adam's t restart every epoch (SGD unaffected)",
        "state-not-carried",
    ),
    Bug(
        "train_with_optimiser",
        "t_counts_epochs",
        train_with_optimiser__t_counts_epochs,
        "Adam's t is the epoch number, not the update count (Adam only)",
        "bias-correction-t",
    ),
    Bug(
        "train_with_optimiser",
        "best_aliased",
        train_with_optimiser__best_aliased,
        "best_params is the same dict as params, updated in place: returns the last weights",
        "aliasing",
    ),
    Bug(
        "train_with_optimiser",
        "no_start_loss",
        train_with_optimiser__no_start_loss,
        "no loss at the start: epochs values instead of epochs + 1, start never a candidate",
        "off-by-one",
    ),
    Bug(
        "train_with_optimiser",
        "same_shuffle_every_epoch",
        train_with_optimiser__same_shuffle_every_epoch,
        "minibatches(N, batch_size, seed=seed) every epoch instead of seed=e",
        "rng-seed",
    ),
    Bug(
        "train_with_optimiser",
        "ties_keep_latest",
        train_with_optimiser__ties_keep_latest,
        "compares with <=: on a tie keeps the latest epoch, not the earliest",
        "tie-breaking",
    ),
    Bug(
        "train_with_optimiser",
        "unknown_is_sgd",
        train_with_optimiser__unknown_is_sgd,
        "any unknown optimiser name silently runs SGD (no ValueError)",
        "validation",
    ),
    Bug(
        "train_with_optimiser",
        "m_and_s_share_dict",
        train_with_optimiser__m_and_s_share_dict,
        "v = m = s = {...}: one dict, Adam's m overwritten by s (Adam only)",
        "aliasing",
    ),
    Bug(
        "train_with_optimiser",
        "grad_over_full_N",
        train_with_optimiser__grad_over_full_N,
        "batch gradient divided by the whole set's N instead of the batch size",
        "normalisation",
    ),
    Bug(
        "train_with_optimiser",
        "y_val_flat",
        train_with_optimiser__y_val_flat,
        "reshapes y but not y_val: validation loss broadcasts to (N, N)",
        "broadcasting",
    ),
    Bug(
        "train_with_optimiser",
        "best_by_train_loss",
        train_with_optimiser__best_by_train_loss,
        "picks the best epoch by training loss, not validation loss",
        "wrong-variable",
    ),
    Bug(
        "sgd_step",
        "several",
        sgd_step__several,
        "several bugs at once: modifies w in place and divides the step by len(w)",
        "several",
        specific=False,
    ),
    Bug(
        "relu_forward",
        "several",
        relu_forward__several,
        "several bugs at once: out is z itself (z modified), the cache is a boolean mask",
        "several",
        specific=False,
    ),
]

# At most six bugs per function in BUGS (the brief's range); the others, just as real,
# in EXTRA_BUGS.
_EXTRA = {
    ("adam_step", "order_w_s_m"),
    ("train_with_optimiser", "ties_keep_latest"),
    ("train_with_optimiser", "m_and_s_share_dict"),
    ("train_with_optimiser", "grad_over_full_N"),
    ("train_with_optimiser", "y_val_flat"),
    ("train_with_optimiser", "best_by_train_loss"),
}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]

CORRECT = {
    "relu_forward": relu_forward__correct,
    "relu_backward": relu_backward__correct,
    "sgd_step": sgd_step__correct,
    "momentum_step": momentum_step__correct,
    "rmsprop_step": rmsprop_step__correct,
    "adam_step": adam_step__correct,
    "minibatches": minibatches__correct,
    "train_with_optimiser": train_with_optimiser__correct,
}


def _sanity():
    z = np.array([[-1.0, 0.0, 2.0]])
    out, cache = relu_forward__correct(z)
    assert np.array_equal(out, [[0.0, 0.0, 2.0]]) and np.array_equal(z, [[-1.0, 0.0, 2.0]])
    assert np.array_equal(relu_backward__correct(np.array([[5.0, 5.0, 5.0]]), cache), [[0, 0, 5]])
    w = np.array([1.0, -2.0])
    g = np.array([0.5, 1.0])
    assert np.allclose(sgd_step__correct(w, g, 0.1), [0.95, -2.1])
    # momentum: v' = 0.9 * 1 + 0.5 = 1.4; w' = 1 - 0.1 * 1.4 = 0.86
    wn, vn = momentum_step__correct(np.array([1.0]), np.array([0.5]), np.array([1.0]), 0.1)
    assert np.allclose(wn, 0.86) and np.allclose(vn, 1.4)
    # rmsprop from s = 0: s' = 0.1 g^2, step = lr * g / (sqrt(0.1) |g|)
    wn, sn = rmsprop_step__correct(np.array([0.0]), np.array([2.0]), np.array([0.0]), 0.1)
    assert np.allclose(sn, 0.4) and np.allclose(wn, -0.1 / np.sqrt(0.1), rtol=1e-6)
    # adam, first step: m_hat = g, s_hat = g^2, so w moves by lr * sign(g)
    wn, mn, sn = adam_step__correct(
        np.array([1.0, 1.0]), np.array([3.0, -0.2]), np.zeros(2), np.zeros(2), 1, 0.01
    )
    assert np.allclose(wn, [0.99, 1.01]) and np.allclose(mn, [0.3, -0.02])
    assert np.allclose(sn, [0.009, 0.00004])
    b = minibatches__correct(10, 4, seed=3)
    assert [len(x) for x in b] == [4, 4, 2]
    assert sorted(np.concatenate(b).tolist()) == list(range(10))
    assert all(np.array_equal(p, q) for p, q in zip(b, minibatches__correct(10, 4, 3), strict=True))
    assert np.array_equal(np.concatenate(b), np.random.default_rng(3).permutation(10))
    # train_with_optimiser: lr = 0 does not move; losses constant, best = start
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    best, tr, va = train_with_optimiser__correct("adam", X, y, X[:8], y[:8], 0.0, 3, 6)
    assert tr.shape == (4,) and np.allclose(tr, tr[0]) and np.allclose(va, va[0])
    assert np.array_equal(best["W1"], init_params(2, 8, 1, 0)["W1"])
    for opt in ("sgd", "momentum", "adam"):
        best, tr, va = train_with_optimiser__correct(opt, X, y, X[:8], y[:8], 0.05, 30, 4)
        assert tr[-1] < tr[0]
        assert np.isclose(_loss(best, X[:8], _col(y[:8])), va.min())
    try:
        train_with_optimiser__correct("nag", X, y, X, y, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("no ValueError")
    print("chapter6: correct versions pass the hand checks")


if __name__ == "__main__":
    _sanity()
