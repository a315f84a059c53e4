"""Chapter 6 (making it work): relu_forward, relu_backward, sgd_step, minibatches,
momentum_step, rmsprop_step, adam_step, train_with_optimiser.

relu_forward caches a copy of z. train_with_optimiser calls chapter 2, 4 and 5's exercise
functions (this set's correct versions here; the notebook's own in a notebook).
"""

import numpy as np

from benchmarks.fourth import bug, correct, paired
from benchmarks.fourth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.fourth.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.fourth.chapter5 import init_params

# ---------------------------------------------------------------- correct versions


def relu_forward(z):
    """Returns (max(z, 0), a copy of z)."""
    return np.maximum(z, 0.0), np.array(z, dtype=np.float64)


def relu_backward(dout, cache):
    """Returns dout where z > 0, else 0."""
    return np.where(cache > 0, dout, 0.0)


def sgd_step(w, grad, lr):
    """Returns the new array w - lr grad."""
    return w - lr * grad


def minibatches(n, batch_size, seed=0):
    """Returns a list of index arrays: a shuffle of 0..n-1 cut every batch_size."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def momentum_step(w, grad, v, lr, beta=0.9):
    """v_new = beta v + grad; w_new = w - lr v_new."""
    v_new = beta * v + grad
    return w - lr * v_new, v_new


def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    """s_new = rho s + (1 - rho) grad^2; w_new = w - lr grad / (sqrt(s_new) + eps)."""
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction; m, s stored uncorrected."""
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    s_hat = s_new / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    """Mini-batch training; returns (best_params, train_losses, val_losses), the losses of
    shape (epochs + 1,)."""
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    first = {k: np.zeros_like(p) for k, p in params.items()}  # velocity, or Adam's m
    second = {k: np.zeros_like(p) for k, p in params.items()}  # Adam's s
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
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
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
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
    # fault: zeroes the negative entries of z itself (no copy)
    z[z < 0] = 0
    return z, z


def relu_forward__minimum(z):
    # fault: np.minimum keeps the negative part
    out = np.minimum(z, 0)
    return out, z.copy()


def relu_forward__cache_first(z):
    # fault: returns (cache, out)
    return z.copy(), np.maximum(z, 0)


def relu_backward__kink_passes(dout, cache):
    # fault: mask z >= 0: the gradient passes at z = 0
    return dout * (cache >= 0)


def relu_backward__mask_from_dout(dout, cache):
    # fault: the mask taken from dout instead of z
    return np.where(dout > 0, dout, 0.0)


def relu_backward__zeroes_dout(dout, cache):
    # fault: writes the zeros into dout itself and returns it (no copy)
    dout[cache <= 0] = 0
    return dout


def sgd_step__plus(w, grad, lr):
    # fault: w + lr grad
    return w + lr * grad


def sgd_step__in_place(w, grad, lr):
    # fault: -= changes the caller's w
    w -= lr * grad
    return w


def sgd_step__no_rate(w, grad, lr):
    # fault: the learning rate is left out
    return w - grad


def minibatches__not_shuffled(n, batch_size, seed=0):
    # fault: no shuffle: the indices in order
    order = np.arange(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__drops_rest(n, batch_size, seed=0):
    # fault: n // batch_size batches: the shorter last batch is dropped
    order = np.random.default_rng(seed).permutation(n)
    return [order[b * batch_size : (b + 1) * batch_size] for b in range(n // batch_size)]


def minibatches__one_too_many(n, batch_size, seed=0):
    # fault: n // batch_size + 1 batches: an empty batch when batch_size divides n
    order = np.random.default_rng(seed).permutation(n)
    return [order[b * batch_size : (b + 1) * batch_size] for b in range(n // batch_size + 1)]


def minibatches__with_replacement(n, batch_size, seed=0):
    # fault: rng.integers draws indices with replacement: repeats, some left out
    order = np.random.default_rng(seed).integers(0, n, size=n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    # fault: the step uses the old velocity, updated only afterwards
    w_new = w - lr * v
    return w_new, beta * v + grad


def momentum_step__average(w, grad, v, lr, beta=0.9):
    # fault: v = beta v + (1 - beta) grad, an average; the chapter's v is a sum
    v_new = beta * v + (1 - beta) * grad
    return w - lr * v_new, v_new


def momentum_step__rate_in_velocity(w, grad, v, lr, beta=0.9):
    # fault: lr inside the velocity and again in the step: lr applied twice
    v_new = beta * v + lr * grad
    return w - lr * v_new, v_new


def momentum_step__in_place(w, grad, v, lr, beta=0.9):
    # fault: updates v and w in place (no copies): the caller's arrays change
    v *= beta
    v += grad
    w -= lr * v
    return w, v


def rmsprop_step__no_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: divides by s, not by its square root
    s_new = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (s_new + eps), s_new


def rmsprop_step__old_average(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: divides by the previous step's s (0 at the first step), then updates s
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    return w_new, rho * s + (1 - rho) * grad**2


def rmsprop_step__no_one_minus_rho(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: s = rho s + grad^2, the (1 - rho) forgotten
    s_new = rho * s + grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def rmsprop_step__rho_swapped(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: rho and 1 - rho swapped: s = (1 - rho) s + rho grad^2
    s_new = (1 - rho) * s + rho * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step__no_correction(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: no bias correction: m and s used as they are
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    return w - lr * m_new / (np.sqrt(s_new) + eps), m_new, s_new


def adam_step__stores_corrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: returns the corrected m_hat, s_hat as the state for the next step
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m = m / (1 - beta1**t)
    s = s / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__t_plus_one(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the correction uses beta ** (t + 1), as if t counted from 0
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1 ** (t + 1))
    s_hat = s_new / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def adam_step__betas_swapped(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: beta2 decays m and beta1 decays s
    m_new = beta2 * m + (1 - beta2) * grad
    s_new = beta1 * s + (1 - beta1) * grad**2
    m_hat = m_new / (1 - beta2**t)
    s_hat = s_new / (1 - beta1**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def train_with_optimiser__t_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: Adam's step number restarts at 1 every epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    train_losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for t, idx in enumerate(minibatches(len(X), batch_size, seed=epoch), start=1):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__best_is_live(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: best_params = params, no copy, and params is updated key by key in place:
    # the "best" dict is the live one and ends at the last epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best_params, best_val = params, val_losses[0]
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if val_losses[-1] < best_val:
            best_params, best_val = params, val_losses[-1]
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__same_shuffle(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: every epoch uses minibatches(N, batch_size, seed=seed), the same order
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for _ in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=seed):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
            t += 1
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__state_reset(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the optimiser's state is created inside the batch loop: zeros at every step
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            v = {k: np.zeros_like(p) for k, p in params.items()}
            m = {k: np.zeros_like(p) for k, p in params.items()}
            s = {k: np.zeros_like(p) for k, p in params.items()}
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
            t += 1
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__no_start_loss(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: losses recorded only after each epoch (epochs of them, no start), and the
    # starting weights are never a candidate for the best
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [], []
    best, best_val = None, np.inf
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
            t += 1
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
            params = new
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if val_losses[-1] < best_val:
            best, best_val = {k: p.copy() for k, p in params.items()}, val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__unknown_is_sgd(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: any name other than "momentum" or "adam" silently trains with sgd
    Y, Y_val = y.reshape(len(X), -1), y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[idx]), cache)
            t += 1
            new = {}
            for k in params:
                if optimiser == "momentum":
                    new[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                elif optimiser == "adam":
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
                else:
                    new[k] = sgd_step(params[k], grads[k], lr)
            params = new
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


_PAIRS = {"relu_forward": "relu_backward", "relu_backward": "relu_forward"}

BUGS = paired(
    [
        bug(relu_forward__in_place, "zeroes z in place", "in-place"),
        bug(relu_forward__minimum, "np.minimum(z, 0)", "formula"),
        bug(relu_forward__cache_first, "returns (cache, out)", "tuple-order"),
        bug(relu_backward__kink_passes, "mask z >= 0", "boundary"),
        bug(relu_backward__mask_from_dout, "mask from dout", "wrong-var"),
        bug(relu_backward__zeroes_dout, "zeroes dout in place", "in-place"),
        bug(sgd_step__plus, "w + lr grad", "sign"),
        bug(sgd_step__in_place, "w -= lr grad", "in-place"),
        bug(sgd_step__no_rate, "w - grad", "learning-rate"),
        bug(minibatches__not_shuffled, "no shuffle", "shuffle"),
        bug(minibatches__drops_rest, "short last batch dropped", "off-by-one"),
        bug(minibatches__one_too_many, "an empty batch when batch_size divides n", "off-by-one"),
        bug(minibatches__with_replacement, "indices drawn with replacement", "shuffle"),
        bug(momentum_step__old_velocity, "step with the old velocity", "order"),
        bug(momentum_step__average, "velocity as an average (1 - beta) g", "formula"),
        bug(momentum_step__rate_in_velocity, "lr in the velocity and the step", "learning-rate"),
        bug(momentum_step__in_place, "v and w changed in place", "in-place"),
        bug(rmsprop_step__no_root, "divides by s, no sqrt", "formula"),
        bug(rmsprop_step__old_average, "divides by the old s", "order"),
        bug(rmsprop_step__no_one_minus_rho, "s = rho s + g^2", "formula"),
        bug(rmsprop_step__rho_swapped, "rho and 1 - rho swapped", "formula"),
        bug(adam_step__no_correction, "no bias correction", "bias-correction"),
        bug(adam_step__stores_corrected, "stores the corrected m, s", "state"),
        bug(adam_step__t_plus_one, "correction with t + 1", "off-by-one"),
        bug(adam_step__betas_swapped, "beta1 and beta2 swapped", "formula"),
        bug(train_with_optimiser__t_per_epoch, "Adam's t restarts every epoch", "state"),
        bug(train_with_optimiser__best_is_live, "best_params aliases params", "aliasing"),
        bug(train_with_optimiser__same_shuffle, "the same shuffle every epoch", "seed"),
        bug(train_with_optimiser__state_reset, "optimiser state zeroed every batch", "state"),
        bug(train_with_optimiser__no_start_loss, "no loss at the start", "off-by-one"),
        bug(train_with_optimiser__unknown_is_sgd, "unknown name runs sgd", "validation"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, 1.0]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0, 0, 3], [0.5, 0, 1]])
    dout = np.array([[1.0, 2.0, -3.0], [4.0, 5.0, 6.0]])
    assert np.array_equal(relu_backward(dout, cache), [[0, 0, -3], [4, 0, 6]])
    w = np.array([1.0, -2.0])
    assert np.array_equal(sgd_step(w, np.array([2.0, 4.0]), 0.5), [0.0, -4.0])
    batches = minibatches(10, 4, seed=3)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))
    assert np.array_equal(np.concatenate(batches), np.random.default_rng(3).permutation(10))
    # question 6 of the chapter: w = 1, v = 5, grad 1, lr 0.1, beta 0.9 -> v 5.5, w 0.45
    w1, v1 = momentum_step(np.array(1.0), np.array(1.0), np.array(5.0), 0.1)
    assert np.isclose(v1, 5.5) and np.isclose(w1, 0.45)
    # RMSprop, rho 0.9, from s = 0 with grad 2: s = 0.4, step lr 2 / sqrt(0.4)
    w1, s1 = rmsprop_step(np.array([1.0]), np.array([2.0]), np.zeros(1), 0.1)
    assert np.isclose(s1[0], 0.4) and np.isclose(w1[0], 1 - 0.1 * 2 / (np.sqrt(0.4) + 1e-8))
    # Adam with a constant gradient: every step is lr g / (|g| + eps), m and s uncorrected
    w, m, s = np.array([0.0, 0.0]), np.zeros(2), np.zeros(2)
    g = np.array([3.0, -0.5])
    for t in (1, 2, 3):
        w, m, s = adam_step(w, g, m, s, t, 0.01)
        assert np.allclose(m, (1 - 0.9**t) * g) and np.allclose(s, (1 - 0.999**t) * g**2)
    assert np.allclose(w, [-0.03, 0.03], atol=1e-9)
    # train_with_optimiser: one batch of all N, lr 0, one epoch: nothing moves, and with
    # sgd one full batch = one step of chapter 5's train
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 2)), (rng.random(6) > 0.5).astype(float)
    p0 = init_params(2, 3, 1, seed=0)
    best, tr, va = train_with_optimiser("sgd", X, y, X, y, 0.5, 1, 6, n_hidden=3)
    out0, cache0 = two_layer_forward(X, p0)
    g0 = two_layer_backward((out0 - y[:, None]) / 6, cache0)
    stepped = {k: p0[k] - 0.5 * g0[k] for k in p0}
    loss1 = np.sum((two_layer_forward(X, stepped)[0] - y[:, None]) ** 2) / 12
    assert np.allclose(tr, [np.sum((out0 - y[:, None]) ** 2) / 12, loss1])
    expected_best = stepped if loss1 < tr[0] else p0
    assert all(np.allclose(best[k], expected_best[k]) for k in p0)
    try:
        train_with_optimiser("rmsprop", X, y, X, y, 0.5, 1, 6)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown optimiser must raise ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
