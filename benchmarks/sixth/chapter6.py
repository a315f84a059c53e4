"""Chapter 6 (making it work): the ReLU layer, sgd_step, minibatches, momentum_step,
rmsprop_step, adam_step, train_with_optimiser.

relu_forward caches a float copy of z. train_with_optimiser calls this set's correct
init_params, two_layer_forward, two_layer_backward, mse_loss, mse_loss_grad, minibatches and
optimiser steps (replaced by the notebook's own at run time)."""

import copy

import numpy as np

from benchmarks.sixth import bug, correct, paired
from benchmarks.sixth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.sixth.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.sixth.chapter5 import init_params

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


def _loss(X, y, params):
    return mse_loss(two_layer_forward(X, params)[0], y)


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
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
    # fault: z[z < 0] = 0 zeroes the caller's array (and caches the zeroed z)
    z[z < 0] = 0
    return z, z


def relu_forward__leaky(z):
    # fault: the leaky ReLU max(z, 0.01 z) from a forum answer
    z = np.array(z, dtype=np.float64)
    return np.maximum(z, 0.01 * z), z


def relu_forward__builtin_max(z):
    # fault: Python's max(z, 0), not np.maximum: fails on arrays
    return max(z, 0), z


def relu_backward__at_zero(dout, cache):
    # fault: dout where z >= 0: passes the gradient at z = 0
    return np.where(cache >= 0, dout, 0.0)


def relu_backward__sigmoid_slope_kept(dout, cache):
    # fault: the sigmoid layer's backward copied: dout * c (1 - c)
    return dout * cache * (1 - cache)


def relu_backward__mask_only(dout, cache):
    # fault: returns the mask (z > 0) as floats, dout not multiplied in
    return (cache > 0).astype(np.float64)


def relu_backward__dout_in_place(dout, cache):
    # fault: dout[z <= 0] = 0 changes the caller's dout
    dout[cache <= 0] = 0
    return dout


def sgd_step__in_place(w, grad, lr):
    # fault: w -= lr * grad changes w; the contract asks for a new array
    w -= lr * grad
    return w


def sgd_step__uphill(w, grad, lr):
    # fault: w + lr * grad
    return w + lr * grad


def sgd_step__clipped(w, grad, lr):
    # fault: the gradient clipped to [-1, 1] before the step
    return w - lr * np.clip(grad, -1.0, 1.0)


def minibatches__drop_short(n, batch_size, seed=0):
    # fault: range(0, n - batch_size + 1, batch_size) drops the short last batch
    order = np.random.default_rng(seed).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n - batch_size + 1, batch_size)]


def minibatches__count_plus_one(n, batch_size, seed=0):
    # fault: n // batch_size + 1 batches: an empty last batch when batch_size divides n
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size + 1)]


def minibatches__global_seed(n, batch_size, seed=0):
    # fault: np.random.seed + np.random.permutation: another order, global state changed
    np.random.seed(seed)  # noqa: NPY002
    order = np.random.permutation(n)  # noqa: NPY002
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__array_split(n, batch_size, seed=0):
    # fault: np.array_split into n // batch_size parts: even sizes, not batch_size each
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, max(n // batch_size, 1))


def momentum_step__averaged(w, grad, v, lr, beta=0.9):
    # fault: v = beta v + (1 - beta) grad, an average (another course's notation)
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    # fault: steps with the old v, then updates it
    w_new = w - lr * v
    return w_new, beta * v + grad


def momentum_step__lr_in_velocity(w, grad, v, lr, beta=0.9):
    # fault: CS231n's v = beta v - lr grad, w + v: the returned v is -lr times the contract's
    v = beta * v - lr * grad
    return w + v, v


def momentum_step__in_place(w, grad, v, lr, beta=0.9):
    # fault: v *= beta; v += grad; w -= lr v: the caller's w and v are changed
    v *= beta
    v += grad
    w -= lr * v
    return w, v


def momentum_step__returns_v_w(w, grad, v, lr, beta=0.9):
    # fault: returns (v_new, w_new)
    v = beta * v + grad
    return v, w - lr * v


def momentum_step__beta_099(w, grad, v, lr, beta=0.99):
    # fault: default beta 0.99
    v = beta * v + grad
    return w - lr * v, v


def rmsprop_step__eps_inside(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: sqrt(s + eps)
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s


def rmsprop_step__old_s(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: divides by the old s, then updates it
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    return w_new, rho * s + (1 - rho) * grad**2


def rmsprop_step__abs_grad(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: the running average of |grad|, not grad ** 2
    s = rho * s + (1 - rho) * np.abs(grad)
    return w - lr * grad / (np.sqrt(s) + eps), s


def rmsprop_step__nan_guard(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: no eps; the 0 / 0 of a zero gradient hidden with np.nan_to_num
    s = rho * s + (1 - rho) * grad**2
    return w - lr * np.nan_to_num(grad / np.sqrt(s)), s


def rmsprop_step__rho_099(w, grad, s, lr, rho=0.99, eps=1e-8):
    # fault: default rho 0.99
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s) + eps), s


def adam_step__t_from_zero(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: bias correction with t + 1, as if t counted from 0
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t + 1))
    s_hat = s / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__returns_corrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: returns the corrected m_hat and s_hat as the state
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_hat, s_hat


def adam_step__returns_w_s_m(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: returns (w, s, m)
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), s, m


def adam_step__rmsprop_numerator(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: RMSprop's line kept: steps with grad, not m_hat
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    s_hat = s / (1 - beta2**t)
    return w - lr * grad / (np.sqrt(s_hat) + eps), m, s


def adam_step__correction_multiplied(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: m (1 - beta1^t) and s (1 - beta2^t): multiplied, not divided
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m * (1 - beta1**t)
    s_hat = s * (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__m_only_corrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: only m is bias-corrected
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    return w - lr * m_hat / (np.sqrt(s) + eps), m, s


def train_with_optimiser__t_before_increment(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: Adam's t passed before it is increased: t = 0 at the first step (0 / 0)
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
            t += 1
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__state_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the optimiser state (and Adam's t) made afresh at the start of every epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        state1 = {k: np.zeros_like(p) for k, p in params.items()}
        state2 = {k: np.zeros_like(p) for k, p in params.items()}
        t = 0
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__last_params(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: returns the parameters after the last epoch, the best epoch not kept
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
    return params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__init_seed_shuffle(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: minibatches(N, batch_size, seed=seed), the init seed, in every epoch (not e)
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for _ in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=seed):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__batch_loss_average(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the training loss of an epoch is the mean of its batches' losses (Keras-style)
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        batch_losses = []
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            batch_losses.append(mse_loss(out, y[idx]))
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(np.mean(batch_losses))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__shallow_best(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: best = dict(params) (a shallow copy) and the arrays updated in place with -=
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = dict(params), val_losses[0]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    new = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new, state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    new, state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
                params[k] -= params[k] - new
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = dict(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__adam_args_swapped(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: adam_step(w, grad, m, s, lr, t): the step number and the learning rate swapped
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], lr, t
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__skip_short_batch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: skips a batch shorter than batch_size "to keep the batches alike"
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X_val, y_val, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            if len(idx) < batch_size:
                continue
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X_val, y_val, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__val_on_train(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the validation line copied from the training one: val_losses on X, y
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    state1 = {k: np.zeros_like(p) for k, p in params.items()}
    state2 = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_loss(X, y, params)], [_loss(X, y, params)]
    best, best_val = copy.deepcopy(params), val_losses[0]
    for e in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], state1[k] = momentum_step(params[k], grads[k], state1[k], lr)
                else:
                    params[k], state1[k], state2[k] = adam_step(
                        params[k], grads[k], state1[k], state2[k], t, lr
                    )
        train_losses.append(_loss(X, y, params))
        val_losses.append(_loss(X, y, params))
        if val_losses[-1] < best_val:
            best, best_val = copy.deepcopy(params), val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


_PAIRS = {"relu_forward": "relu_backward", "relu_backward": "relu_forward"}

BUGS = paired(
    [
        bug(relu_forward__in_place, "zeroes the caller's z", "in-place"),
        bug(relu_forward__leaky, "leaky ReLU", "formula"),
        bug(relu_forward__builtin_max, "Python max on an array", "api"),
        bug(relu_backward__at_zero, "passes the gradient at z = 0", "boundary"),
        bug(relu_backward__sigmoid_slope_kept, "sigmoid's c (1 - c) kept", "wrong-derivative"),
        bug(relu_backward__mask_only, "dout not multiplied in", "missing-factor"),
        bug(relu_backward__dout_in_place, "dout changed in place", "in-place"),
        bug(sgd_step__in_place, "w -= ...", "in-place"),
        bug(sgd_step__uphill, "w + lr grad", "sign"),
        bug(sgd_step__clipped, "gradient clipped to [-1, 1]", "defensive"),
        bug(minibatches__drop_short, "short last batch dropped", "boundary"),
        bug(minibatches__count_plus_one, "empty last batch when it divides", "off-by-one"),
        bug(minibatches__global_seed, "global numpy generator", "rng"),
        bug(minibatches__array_split, "array_split into n // b parts", "shape"),
        bug(momentum_step__averaged, "(1 - beta) grad: an average", "formula"),
        bug(momentum_step__old_velocity, "steps with the old v", "order"),
        bug(momentum_step__lr_in_velocity, "v = beta v - lr grad", "notation"),
        bug(momentum_step__in_place, "w and v changed in place", "in-place"),
        bug(momentum_step__returns_v_w, "returns (v, w)", "tuple-order"),
        bug(momentum_step__beta_099, "default beta 0.99", "default"),
        bug(rmsprop_step__eps_inside, "sqrt(s + eps)", "formula"),
        bug(rmsprop_step__old_s, "divides by the old s", "order"),
        bug(rmsprop_step__abs_grad, "average of |grad|", "formula"),
        bug(rmsprop_step__nan_guard, "no eps, nan_to_num", "defensive"),
        bug(rmsprop_step__rho_099, "default rho 0.99", "default"),
        bug(adam_step__t_from_zero, "correction with t + 1", "off-by-one"),
        bug(adam_step__returns_corrected, "returns m_hat, s_hat", "state"),
        bug(adam_step__returns_w_s_m, "returns (w, s, m)", "tuple-order"),
        bug(adam_step__rmsprop_numerator, "grad, not m_hat, on top", "copy-paste"),
        bug(adam_step__correction_multiplied, "correction multiplied", "bias-correction"),
        bug(adam_step__m_only_corrected, "s not corrected", "bias-correction"),
        bug(train_with_optimiser__t_before_increment, "t = 0 at the first step", "off-by-one"),
        bug(train_with_optimiser__state_per_epoch, "state reset every epoch", "state"),
        bug(train_with_optimiser__last_params, "last parameters returned", "return-structure"),
        bug(train_with_optimiser__init_seed_shuffle, "shuffle seed = init seed", "shuffle"),
        bug(
            train_with_optimiser__batch_loss_average,
            "train loss = mean of batch losses",
            "normalisation",
        ),
        bug(train_with_optimiser__shallow_best, "dict(params) + in-place -=", "aliasing"),
        bug(train_with_optimiser__adam_args_swapped, "adam_step(..., lr, t)", "argument"),
        bug(train_with_optimiser__skip_short_batch, "short batch skipped", "boundary"),
        bug(train_with_optimiser__val_on_train, "val losses on the training set", "copy-paste"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-1.0, 0.0, 2.0]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0.0, 0.0, 2.0]])
    assert np.array_equal(relu_backward(np.array([[5.0, 6.0, 7.0]]), cache), [[0.0, 0.0, 7.0]])
    w = np.array([1.0, 2.0])
    assert np.array_equal(sgd_step(w, np.array([1.0, -1.0]), 0.5), [0.5, 2.5])
    assert [len(b) for b in minibatches(10, 4)] == [4, 4, 2]
    assert sorted(np.concatenate(minibatches(10, 4, seed=3)).tolist()) == list(range(10))
    assert [len(b) for b in minibatches(12, 4)] == [4, 4, 4]
    # momentum, beta 1/2, lr 0.1: g = 2, -4 -> v = (2, -4), w = 1 - 0.1 v
    w1, v1 = momentum_step(np.ones(2), np.array([2.0, -4.0]), np.zeros(2), 0.1, 0.5)
    assert np.allclose(v1, [2, -4]) and np.allclose(w1, [0.8, 1.4])
    w2, v2 = momentum_step(w1, np.array([0.0, 3.0]), v1, 0.1, 0.5)
    assert np.allclose(v2, [1, 1]) and np.allclose(w2, [0.7, 1.3])
    # rmsprop, rho 3/4: s = g^2 / 4, step lr g / (|g| / 2) = 0.2 sign(g)
    w1, s1 = rmsprop_step(np.ones(2), np.array([2.0, -3.0]), np.zeros(2), 0.1, 0.75)
    assert np.allclose(s1, [1.0, 2.25]) and np.allclose(w1, [0.8, 1.2])
    # adam, beta1 = beta2 = 1/2, eps 0, lr 1: t=1 g=2 -> w=-1; t=2 g=-2 -> w=-2/3
    h = {"beta1": 0.5, "beta2": 0.5, "eps": 0.0}
    w, m, s = adam_step(np.zeros(1), np.array([2.0]), np.zeros(1), np.zeros(1), 1, 1.0, **h)
    assert np.allclose(w, -1)
    w, m, s = adam_step(w, np.array([-2.0]), m, s, 2, 1.0, **h)
    assert np.allclose([w[0], m[0], s[0]], [-2 / 3, -0.5, 3.0])
    # train_with_optimiser with lr 0: the start is best and every loss is the start's
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 2)), (rng.random(10) > 0.5).astype(float)
    best, tr, va = train_with_optimiser("adam", X, y, X[:4], y[:4], 0.0, 3, 4, 3, 1)
    start = init_params(2, 3, 1, 1)
    assert all(np.array_equal(best[k], start[k]) for k in start)
    assert tr.shape == (4,) and np.allclose(
        tr, mse_loss(two_layer_forward(X, start)[0], y[:, None])
    )
    # one epoch of sgd in one full batch is one gradient step of chapter 5's train
    best, tr, _ = train_with_optimiser("sgd", X, y, X, y, 0.5, 1, 10, 3, 1)
    out, cache = two_layer_forward(X, start)
    g = two_layer_backward(mse_loss_grad(out, y[:, None]), cache)
    one = {k: start[k] - 0.5 * g[k] for k in start}
    assert np.isclose(tr[1], mse_loss(two_layer_forward(X, one)[0], y[:, None]))
    try:
        train_with_optimiser("rmsprop", X, y, X, y, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown optimiser should raise ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
