"""Held-out buggy versions of chapter 6: relu_forward, relu_backward, sgd_step,
minibatches, momentum_step, rmsprop_step, adam_step, train_with_optimiser.

relu_forward's correct cache is a copy of z. train_with_optimiser calls the earlier
functions by their course names (init_params, two_layer_forward, two_layer_backward,
mse_loss, mse_loss_grad, minibatches, sgd_step, momentum_step, adam_step), as a
student's notebook does.
"""

import numpy as np

from benchmarks.heldout import Bug, in_notebook, paired
from benchmarks.heldout.chapter2 import mse_loss, mse_loss_grad  # noqa: F401
from benchmarks.heldout.chapter4 import two_layer_backward, two_layer_forward  # noqa: F401
from benchmarks.heldout.chapter5 import init_params  # noqa: F401

# ---------------------------------------------------------------- correct versions


@in_notebook
def relu_forward(z):
    return np.maximum(z, 0.0), np.array(z, dtype=np.float64)


@in_notebook
def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)


@in_notebook
def sgd_step(w, grad, lr):
    return w - lr * grad


@in_notebook
def minibatches(n, batch_size, seed=0):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


@in_notebook
def momentum_step(w, grad, v, lr, beta=0.9):
    v_new = beta * v + grad
    return w - lr * v_new, v_new


@in_notebook
def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


@in_notebook
def adam_step(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    s_hat = s_new / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


@in_notebook
def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y = y.reshape(len(X), -1)
    Y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    state1 = {k: np.zeros_like(v) for k, v in params.items()}
    state2 = {k: np.zeros_like(v) for k, v in params.items()}
    t = 0

    def losses_of(p):
        return (
            mse_loss(two_layer_forward(X, p)[0], Y),
            mse_loss(two_layer_forward(X_val, p)[0], Y_val),
        )

    train_losses, val_losses = [], []
    tr, va = losses_of(params)
    train_losses.append(tr)
    val_losses.append(va)
    best, best_val = {k: v.copy() for k, v in params.items()}, va
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
                    new[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    new[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
            params = new
        tr, va = losses_of(params)
        train_losses.append(tr)
        val_losses.append(va)
        if va < best_val:
            best, best_val = {k: v.copy() for k, v in params.items()}, va
    return best, np.array(train_losses, dtype=np.float64), np.array(val_losses, dtype=np.float64)


CORRECT = {
    "relu_forward": relu_forward,
    "relu_backward": relu_backward,
    "sgd_step": sgd_step,
    "minibatches": minibatches,
    "momentum_step": momentum_step,
    "rmsprop_step": rmsprop_step,
    "adam_step": adam_step,
    "train_with_optimiser": train_with_optimiser,
}

# ---------------------------------------------------------------- correct, written differently


@in_notebook
def minibatches__variant_shuffle_split(n, batch_size, seed=0):
    idx = np.arange(n)
    np.random.default_rng(seed).shuffle(idx)  # the same draws as permutation(n)
    cuts = np.arange(batch_size, n, batch_size)
    return list(np.split(idx, cuts))


@in_notebook
def adam_step__variant_folded(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1.0 - beta1) * grad  # rebinding, not in place
    s = beta2 * s + (1.0 - beta2) * np.square(grad)
    corr1 = 1.0 - np.power(beta1, t)
    corr2 = 1.0 - np.power(beta2, t)
    step = lr * (m / corr1) / (np.sqrt(s / corr2) + eps)
    return w - step, m, s


VARIANTS = [
    Bug(
        "minibatches",
        "variant_shuffle_split",
        minibatches__variant_shuffle_split,
        "correct: rng.shuffle of arange(n), then np.split at multiples of batch_size",
        "correct",
    ),
    Bug(
        "adam_step",
        "variant_folded",
        adam_step__variant_folded,
        "correct: rebinding m and s, np.power and np.square",
        "correct",
    ),
]

# ---------------------------------------------------------------- relu_forward


@in_notebook
def relu_forward__inplace(z):
    z[z < 0] = 0
    return z, z


@in_notebook
def relu_forward__abs(z):
    return np.abs(z), z.copy()


@in_notebook
def relu_forward__no_cache(z):
    return np.maximum(0, z)


@in_notebook
def relu_forward__leaky(z):
    return np.maximum(z, 0.01 * z), z.copy()


@in_notebook
def relu_forward__int(z):
    out = np.where(z > 0, z, 0).astype(int)
    return out, z.copy()


# ---------------------------------------------------------------- relu_backward


@in_notebook
def relu_backward__at_zero(dout, cache):
    return dout * (cache >= 0)


@in_notebook
def relu_backward__mask_only(dout, cache):
    return (cache > 0).astype(float)


@in_notebook
def relu_backward__inplace(dout, cache):
    dout[cache <= 0] = 0
    return dout


@in_notebook
def relu_backward__times_z(dout, cache):
    return dout * np.maximum(cache, 0)


@in_notebook
def relu_backward__relu_of_dout(dout, cache):
    return np.maximum(dout, 0)


# ---------------------------------------------------------------- sgd_step


@in_notebook
def sgd_step__inplace(w, grad, lr):
    w -= lr * grad
    return w


@in_notebook
def sgd_step__plus(w, grad, lr):
    return w + lr * grad


@in_notebook
def sgd_step__no_lr(w, grad, lr):
    return w - grad


@in_notebook
def sgd_step__tuple(w, grad, lr):
    new_w = w - lr * grad
    return new_w, grad


@in_notebook
def sgd_step__divide(w, grad, lr):
    return w - grad / lr


# ---------------------------------------------------------------- minibatches


@in_notebook
def minibatches__no_shuffle(n, batch_size, seed=0):
    idx = np.arange(n)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


@in_notebook
def minibatches__legacy(n, batch_size, seed=0):
    np.random.seed(seed)  # noqa: NPY002 (the bug)
    idx = np.random.permutation(n)  # noqa: NPY002 (the bug)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


@in_notebook
def minibatches__drop_last(n, batch_size, seed=0):
    idx = np.random.default_rng(seed).permutation(n)
    return [idx[k * batch_size : (k + 1) * batch_size] for k in range(n // batch_size)]


@in_notebook
def minibatches__array_split_count(n, batch_size, seed=0):
    idx = np.random.default_rng(seed).permutation(n)
    return np.array_split(idx, batch_size)


@in_notebook
def minibatches__replacement(n, batch_size, seed=0):
    rng = np.random.default_rng(seed)
    idx = rng.choice(n, size=n)
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


@in_notebook
def minibatches__off_by_one(n, batch_size, seed=0):
    idx = np.random.default_rng(seed).permutation(n)
    batches = []
    start = 0
    while start + batch_size < n:
        batches.append(idx[start : start + batch_size])
        start += batch_size
    return batches


@in_notebook
def minibatches__reshape(n, batch_size, seed=0):
    idx = np.random.default_rng(seed).permutation(n)
    return list(idx.reshape(-1, batch_size))


# ---------------------------------------------------------------- momentum_step


@in_notebook
def momentum_step__average(w, grad, v, lr, beta=0.9):
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


@in_notebook
def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    w_new = w - lr * v
    v_new = beta * v + grad
    return w_new, v_new


@in_notebook
def momentum_step__cs231n(w, grad, v, lr, beta=0.9):
    v = beta * v - lr * grad
    return w + v, v


@in_notebook
def momentum_step__swapped(w, grad, v, lr, beta=0.9):
    v = beta * v + grad
    w = w - lr * v
    return v, w


@in_notebook
def momentum_step__inplace(w, grad, v, lr, beta=0.9):
    v *= beta
    v += grad
    w -= lr * v
    return w, v


@in_notebook
def momentum_step__grad_step(w, grad, v, lr, beta=0.9):
    v_new = beta * v + grad
    return w - lr * grad, v_new


# ---------------------------------------------------------------- rmsprop_step


@in_notebook
def rmsprop_step__eps_inside(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s


@in_notebook
def rmsprop_step__not_squared(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * grad
    return w - lr * grad / (np.sqrt(np.abs(s)) + eps), s


@in_notebook
def rmsprop_step__precedence(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * grad * grad
    return w - lr * grad / np.sqrt(s) + eps, s


@in_notebook
def rmsprop_step__old_s(w, grad, s, lr, rho=0.9, eps=1e-8):
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    return w_new, rho * s + (1 - rho) * grad**2


@in_notebook
def rmsprop_step__no_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (s + eps), s


@in_notebook
def rmsprop_step__rho_swapped(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = (1 - rho) * s + rho * grad**2
    return w - lr * grad / (np.sqrt(s) + eps), s


# ---------------------------------------------------------------- adam_step


@in_notebook
def adam_step__no_correction(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    return w - lr * m / (np.sqrt(s) + eps), m, s


@in_notebook
def adam_step__t_minus_one(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t - 1))
    s_hat = s / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


@in_notebook
def adam_step__returns_corrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = (beta1 * m + (1 - beta1) * grad) / (1 - beta1**t)
    s = (beta2 * s + (1 - beta2) * grad**2) / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


@in_notebook
def adam_step__eps_inside(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return w - lr * m_hat / np.sqrt(s_hat + eps), m, s


@in_notebook
def adam_step__beta1_for_s(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta1 * s + (1 - beta1) * grad**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta1**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


@in_notebook
def adam_step__times_t(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 * t)
    s_hat = s / (1 - beta2 * t)
    return w - lr * m_hat / (np.sqrt(np.abs(s_hat)) + eps), m, s


@in_notebook
def adam_step__sum_m(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + grad  # momentum's velocity instead of an average
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


# ---------------------------------------------------------------- train_with_optimiser
# Each bug is the correct version above with one change, written out in full as a student
# would (they differ in style: loops over keys, in-place updates, a shared state...).


@in_notebook
def train_with_optimiser__aliased_best(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = params.copy()  # a shallow copy: the arrays are shared
    for e in range(epochs):
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k][...] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    new, v[k] = momentum_step(params[k], g[k], v[k], lr)
                    params[k][...] = new
                else:
                    new, v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
                    params[k][...] = new
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = params.copy()
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__shared_state(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v, s, t = 0.0, 0.0, 0  # one state for the whole network
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in ["W1", "b1", "W2", "b2"]:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v = momentum_step(params[k], g[k], np.mean(v), lr)
                else:
                    params[k], m_, s_ = adam_step(params[k], g[k], np.mean(v), np.mean(s), t, lr)
                    v, s = m_, s_
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__state_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        v = {k: np.zeros_like(p) for k, p in params.items()}  # reset every epoch
        s = {k: np.zeros_like(p) for k, p in params.items()}
        t = 0
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                else:
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__t_per_parameter(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            for k in params:
                t += 1  # counts parameter updates, four per batch
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                else:
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__no_start_loss(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl, vl = [], []
    best, best_val = None, np.inf
    for e in range(epochs):
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                else:
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < best_val:
            best, best_val = {k: p.copy() for k, p in params.items()}, vl[-1]
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__latest_tie(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                else:
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] <= min(vl):  # <=: a tie moves best to the later epoch
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__same_shuffle(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    batches = minibatches(len(X), batch_size, seed=seed)  # one shuffle for every epoch
    for _ in range(epochs):
        for b in batches:
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                else:
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__fallback_sgd(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for b in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[b], params)
            g = two_layer_backward(mse_loss_grad(out, Y[b]), cache)
            t += 1
            for k in params:
                if optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                elif optimiser == "adam":
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
                else:  # anything else: plain SGD
                    params[k] = sgd_step(params[k], g[k], lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


@in_notebook
def train_with_optimiser__full_batch_grad(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    Y, Yv = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tl = [mse_loss(two_layer_forward(X, params)[0], Y)]
    vl = [mse_loss(two_layer_forward(X_val, params)[0], Yv)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for _ in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X, params)  # the whole set, not the batch
            g = two_layer_backward(mse_loss_grad(out, Y), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], g[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], g[k], v[k], lr)
                else:
                    params[k], v[k], s[k] = adam_step(params[k], g[k], v[k], s[k], t, lr)
        tl.append(mse_loss(two_layer_forward(X, params)[0], Y))
        vl.append(mse_loss(two_layer_forward(X_val, params)[0], Yv))
        if vl[-1] < min(vl[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tl), np.array(vl)


_ALL_BUGS = [
    Bug(
        "relu_forward",
        "inplace",
        relu_forward__inplace,
        "zeroes the negative entries of z in place and returns z itself",
        "in-place",
    ),
    Bug(
        "relu_forward", "abs", relu_forward__abs, "np.abs(z) instead of max(z, 0)", "wrong-formula"
    ),
    Bug(
        "relu_forward",
        "no_cache",
        relu_forward__no_cache,
        "returns only the output, no cache",
        "return-structure",
    ),
    Bug(
        "relu_forward",
        "leaky",
        relu_forward__leaky,
        "a leaky ReLU max(z, 0.01 z) instead of ReLU",
        "wrong-formula",
    ),
    Bug(
        "relu_forward",
        "int",
        relu_forward__int,
        "casts the output to int: the fractions are lost",
        "integer-dtype",
    ),
    Bug(
        "relu_backward",
        "at_zero",
        relu_backward__at_zero,
        "lets the gradient through at z = 0 too (z >= 0)",
        "boundary",
    ),
    Bug(
        "relu_backward",
        "mask_only",
        relu_backward__mask_only,
        "returns the 0/1 mask without multiplying by dout",
        "chain-rule",
    ),
    Bug(
        "relu_backward",
        "inplace",
        relu_backward__inplace,
        "zeroes entries of dout in place and returns it",
        "in-place",
    ),
    Bug(
        "relu_backward",
        "times_z",
        relu_backward__times_z,
        "multiplies dout by relu(z) instead of the derivative (z > 0)",
        "derivative",
    ),
    Bug(
        "relu_backward",
        "relu_of_dout",
        relu_backward__relu_of_dout,
        "applies ReLU to dout (keeps positive gradients) instead of masking by z",
        "derivative",
    ),
    Bug(
        "sgd_step",
        "inplace",
        sgd_step__inplace,
        "w -= lr * grad changes the caller's w",
        "in-place",
    ),
    Bug("sgd_step", "plus", sgd_step__plus, "w + lr * grad: uphill", "sign"),
    Bug("sgd_step", "no_lr", sgd_step__no_lr, "forgets the learning rate", "ignored-argument"),
    Bug(
        "sgd_step",
        "tuple",
        sgd_step__tuple,
        "returns (w_new, grad) like the stateful optimisers, instead of w_new",
        "return-structure",
    ),
    Bug("sgd_step", "divide", sgd_step__divide, "divides the gradient by lr", "wrong-formula"),
    Bug(
        "minibatches",
        "no_shuffle",
        minibatches__no_shuffle,
        "never shuffles: the batches are 0..n-1 in order",
        "no-shuffle",
    ),
    Bug(
        "minibatches",
        "legacy",
        minibatches__legacy,
        "np.random.seed + np.random.permutation: the legacy generator, another order",
        "generator",
    ),
    Bug(
        "minibatches",
        "drop_last",
        minibatches__drop_last,
        "drops the last, shorter batch",
        "off-by-one",
    ),
    Bug(
        "minibatches",
        "array_split_count",
        minibatches__array_split_count,
        "np.array_split(idx, batch_size) makes batch_size batches, not batches of that size",
        "argument-meaning",
    ),
    Bug(
        "minibatches",
        "replacement",
        minibatches__replacement,
        "rng.choice(n, n) draws with replacement: repeats some indices, misses others",
        "sampling",
    ),
    Bug(
        "minibatches",
        "off_by_one",
        minibatches__off_by_one,
        "while start + batch_size < n: loses the last batch, even when it is full",
        "off-by-one",
    ),
    Bug(
        "minibatches",
        "reshape",
        minibatches__reshape,
        "reshape(-1, batch_size): fails when batch_size does not divide n",
        "shape",
    ),
    Bug(
        "momentum_step",
        "average",
        momentum_step__average,
        "v = beta v + (1 - beta) g: an average, not the sum the chapter uses",
        "ema-vs-sum",
    ),
    Bug(
        "momentum_step",
        "old_velocity",
        momentum_step__old_velocity,
        "steps with the old velocity, then updates it",
        "order",
    ),
    Bug(
        "momentum_step",
        "cs231n",
        momentum_step__cs231n,
        "CS231n's v = beta v - lr g; w + v: another meaning of v",
        "formulation",
    ),
    Bug(
        "momentum_step",
        "swapped",
        momentum_step__swapped,
        "returns (v_new, w_new) instead of (w_new, v_new)",
        "tuple-order",
    ),
    Bug(
        "momentum_step",
        "inplace",
        momentum_step__inplace,
        "updates v and w in place: the caller's arrays change",
        "in-place",
    ),
    Bug(
        "momentum_step",
        "grad_step",
        momentum_step__grad_step,
        "updates the velocity but steps with the gradient (w - lr g)",
        "wrong-formula",
    ),
    Bug(
        "rmsprop_step",
        "eps_inside",
        rmsprop_step__eps_inside,
        "eps under the root: sqrt(s + eps)",
        "eps-placement",
    ),
    Bug(
        "rmsprop_step",
        "not_squared",
        rmsprop_step__not_squared,
        "averages the gradient instead of its square",
        "wrong-formula",
    ),
    Bug(
        "rmsprop_step",
        "precedence",
        rmsprop_step__precedence,
        "w - lr g / sqrt(s) + eps: eps is added to w, and 0 / 0 for a zero s",
        "precedence",
    ),
    Bug(
        "rmsprop_step",
        "old_s",
        rmsprop_step__old_s,
        "divides by the previous s, then updates it",
        "order",
    ),
    Bug(
        "rmsprop_step",
        "no_root",
        rmsprop_step__no_root,
        "divides by s instead of sqrt(s)",
        "wrong-formula",
    ),
    Bug(
        "rmsprop_step",
        "rho_swapped",
        rmsprop_step__rho_swapped,
        "s = (1 - rho) s + rho g^2: the weights of old and new swapped",
        "decay-swapped",
    ),
    Bug(
        "adam_step",
        "no_correction",
        adam_step__no_correction,
        "no bias correction",
        "bias-correction",
    ),
    Bug(
        "adam_step",
        "t_minus_one",
        adam_step__t_minus_one,
        "bias correction with t - 1: division by zero at t = 1",
        "bias-correction-t",
    ),
    Bug(
        "adam_step",
        "returns_corrected",
        adam_step__returns_corrected,
        "stores and returns the corrected m and s",
        "bias-correction",
    ),
    Bug("adam_step", "eps_inside", adam_step__eps_inside, "eps under the root", "eps-placement"),
    Bug(
        "adam_step",
        "beta1_for_s",
        adam_step__beta1_for_s,
        "uses beta1 for the second moment too",
        "wrong-hyperparameter",
    ),
    Bug(
        "adam_step",
        "times_t",
        adam_step__times_t,
        "1 - beta * t instead of 1 - beta ** t in the correction",
        "bias-correction-t",
    ),
    Bug(
        "adam_step",
        "sum_m",
        adam_step__sum_m,
        "m = beta1 m + g: momentum's sum instead of an average",
        "ema-vs-sum",
    ),
    Bug(
        "train_with_optimiser",
        "aliased_best",
        train_with_optimiser__aliased_best,
        "in-place updates of the parameter arrays, and best = params.copy() is shallow: "
        "best_params follows the last epoch",
        "in-place",
    ),
    Bug(
        "train_with_optimiser",
        "shared_state",
        train_with_optimiser__shared_state,
        "one optimiser state for the whole network, squashed to a number between parameters",
        "shared-state",
    ),
    Bug(
        "train_with_optimiser",
        "state_per_epoch",
        train_with_optimiser__state_per_epoch,
        "resets the velocity, the moments and Adam's t at the start of every epoch",
        "state-reset",
    ),
    Bug(
        "train_with_optimiser",
        "t_per_parameter",
        train_with_optimiser__t_per_parameter,
        "Adam's t counts parameter updates (four per batch) instead of batches",
        "bias-correction-t",
    ),
    Bug(
        "train_with_optimiser",
        "no_start_loss",
        train_with_optimiser__no_start_loss,
        "records the losses only after each epoch: epochs values, the start is left out",
        "off-by-one",
    ),
    Bug(
        "train_with_optimiser",
        "latest_tie",
        train_with_optimiser__latest_tie,
        "best epoch chosen with <=: on a tie it keeps the later epoch",
        "ties-keep-latest",
    ),
    Bug(
        "train_with_optimiser",
        "same_shuffle",
        train_with_optimiser__same_shuffle,
        "shuffles once with seed for all epochs instead of minibatches(N, B, seed=e)",
        "shuffle-seed",
    ),
    Bug(
        "train_with_optimiser",
        "fallback_sgd",
        train_with_optimiser__fallback_sgd,
        "an unknown optimiser name silently runs SGD instead of raising ValueError",
        "no-validation",
    ),
    Bug(
        "train_with_optimiser",
        "full_batch_grad",
        train_with_optimiser__full_batch_grad,
        "each update uses the gradient of the whole training set, not the batch's",
        "full-batch",
    ),
]

_EXTRA = {
    ("relu_backward", "relu_of_dout"),  # 5 kept
    ("minibatches", "reshape"),
    ("minibatches", "legacy"),  # passes every check of the course: see README.md
    ("adam_step", "sum_m"),
    ("train_with_optimiser", "latest_tie"),
    ("train_with_optimiser", "full_batch_grad"),
    ("train_with_optimiser", "fallback_sgd"),
}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]


# A forward (backward) bug runs with this module's correct backward (forward) pass.
_PAIRS = {"relu_forward": "relu_backward", "relu_backward": "relu_forward"}
BUGS = paired(BUGS, CORRECT, _PAIRS)
EXTRA_BUGS = paired(EXTRA_BUGS, CORRECT, _PAIRS)


def _sanity():
    z = np.array([[-1.5, 0.0, 2.0]])
    out, cache = relu_forward(z)
    assert out.tolist() == [[0.0, 0.0, 2.0]]
    assert relu_backward(np.array([[5.0, 6.0, 7.0]]), cache).tolist() == [[0.0, 0.0, 7.0]]
    w, g = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    assert np.allclose(sgd_step(w, g, 0.1), [0.95, -2.4])
    for f in (minibatches, minibatches__variant_shuffle_split):
        b = f(10, 4, seed=3)
        assert [len(x) for x in b] == [4, 4, 2]
        assert sorted(np.concatenate(b).tolist()) == list(range(10))
        assert np.array_equal(np.concatenate(b), np.random.default_rng(3).permutation(10))
    # the chapter's question 6: w = 1, v = 5, grad 1, lr 0.1, beta 0.9 -> v 5.5, w 0.45
    w1, v1 = momentum_step(np.array([1.0]), np.array([1.0]), np.array([5.0]), 0.1)
    assert np.allclose([w1[0], v1[0]], [0.45, 5.5])
    # RMSprop from s = 0, rho = 0.9: s = 0.1 g^2, step lr g / (sqrt(0.1) |g|)
    w2, s2 = rmsprop_step(np.array([0.0]), np.array([2.0]), np.array([0.0]), 0.1)
    assert np.allclose(s2, [0.4]) and np.allclose(w2, [-0.1 / np.sqrt(0.1)])
    # Adam's first step has length lr in every coordinate (section 5.4)
    for f in (adam_step, adam_step__variant_folded):
        w3, m3, s3 = f(np.zeros(2), np.array([3.0, -0.5]), np.zeros(2), np.zeros(2), 1, 0.01)
        assert np.allclose(w3, [-0.01, 0.01]) and np.allclose(m3, [0.3, -0.05])
        assert np.allclose(s3, [0.009, 0.00025])
    r = np.random.default_rng(1)
    X = r.normal(size=(12, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    best, tl, vl = train_with_optimiser("sgd", X, y, X[:5], y[:5], 0.0, 2, 5)
    start = init_params(2, 8, 1, 0)
    assert tl.shape == (3,) and np.allclose(tl, tl[0])
    assert all(np.array_equal(best[k], start[k]) for k in start)
    try:
        train_with_optimiser("rmsprop", X, y, X, y, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("rmsprop must raise")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: sanity checks pass")
