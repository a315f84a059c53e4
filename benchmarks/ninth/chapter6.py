"""Chapter 6 (making it work): the ReLU layer, sgd_step, minibatches, momentum_step,
rmsprop_step, adam_step, train_with_optimiser.

relu_forward caches a float copy of z. train_with_optimiser and its bugs call this set's
correct chapter 2, 4 and 5 functions and this chapter's optimisers and minibatches,
replaced in a notebook by the notebook's own (``in_notebook``); ``_mse`` is a helper of
their module (the loss of params on a whole set).
"""

import numpy as np

from benchmarks.ninth import bug, correct, paired
from benchmarks.ninth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.ninth.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.ninth.chapter5 import init_params


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


def _mse(X, y, params):
    return mse_loss(two_layer_forward(X, params)[0], y)


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = {k: p.copy() for k, p in params.items()}
    return best_params, np.array(train_losses), np.array(val_losses)


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


def relu_forward__in_place(z):
    # fault: zeroes the negative entries of the caller's z in place
    z[z < 0] = 0
    return z, z


def relu_forward__leaky(z):
    # fault: leaky ReLU (0.01 z for z < 0) where the plain ReLU belongs
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, 0.01 * z), z.copy()


def relu_backward__ge(dout, cache):
    # fault: passes the gradient where z >= 0, so also at z = 0
    return dout * (cache >= 0)


def relu_backward__dout_in_place(dout, cache):
    # fault: zeroes the caller's dout in place and returns it
    dout[cache <= 0] = 0
    return dout


def sgd_step__in_place(w, grad, lr):
    # fault: w -= lr * grad changes the caller's array
    w -= lr * grad
    return w


def sgd_step__lr_fixed(w, grad, lr):
    # fault: lr ignored, 0.01 written in
    return w - 0.01 * grad


def minibatches__global_shuffle(n, batch_size, seed=0):
    # fault: np.random.shuffle uses the global generator: seed ignored
    idx = np.arange(n)
    np.random.shuffle(idx)  # noqa: NPY002
    return [idx[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__drop_last(n, batch_size, seed=0):
    # fault: range(n // batch_size) drops the last, shorter batch
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size)]


def minibatches__generator(n, batch_size, seed=0):
    # fault: returns a generator, not a list: a second pass finds it empty
    order = np.random.default_rng(seed).permutation(n)
    return (order[i : i + batch_size] for i in range(0, n, batch_size))


def minibatches__array_split(n, batch_size, seed=0):
    # fault: np.array_split into n // batch_size parts: sizes spread, not batch_size each
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, max(n // batch_size, 1))


def minibatches__memo(n, batch_size, seed=0, _made={}):  # noqa: B006
    # fault: a mutable default dict caches by (n, batch_size): a new seed gets old batches
    if (n, batch_size) not in _made:
        order = np.random.default_rng(seed).permutation(n)
        _made[(n, batch_size)] = [order[i : i + batch_size] for i in range(0, n, batch_size)]
    return _made[(n, batch_size)]


def momentum_step__average(w, grad, v, lr, beta=0.9):
    # fault: velocity as an average beta v + (1 - beta) g, not the sum of section 5.1
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    # fault: the step uses the previous velocity, updated afterwards
    w_new = w - lr * v
    return w_new, beta * v + grad


def momentum_step__in_place(w, grad, v, lr, beta=0.9):
    # fault: updates v and w in place: the caller's arrays change
    v *= beta
    v += grad
    w -= lr * v
    return w, v


def rmsprop_step__eps_inside(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: eps under the root, sqrt(s + eps)
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s


def rmsprop_step__old_s(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: divides by the previous step's s, then updates it
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    return w_new, rho * s + (1 - rho) * grad**2


def adam_step__t_from_zero(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: correction with t + 1, as if t counted from 0
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat, s_hat = m / (1 - beta1 ** (t + 1)), s / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__stores_corrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: returns the corrected m_hat, s_hat as the new state
    m = (beta1 * m + (1 - beta1) * grad) / (1 - beta1**t)
    s = (beta2 * s + (1 - beta2) * grad**2) / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__betas_swapped(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: beta2 used for m and beta1 for s
    m = beta2 * m + (1 - beta2) * grad
    s = beta1 * s + (1 - beta1) * grad**2
    m_hat, s_hat = m / (1 - beta2**t), s / (1 - beta1**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__returns_t(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: returns the next t as a fourth value
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s, t + 1


def train_with_optimiser__best_follows(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: best_params is the params dict itself, updated in place: it follows the last epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params, best = params, val_losses[0]
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], m[k] = momentum_step(params[k], grads[k], m[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < best:
            best, best_params = val_losses[-1], params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__same_batches(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: every epoch uses minibatches(N, batch_size, seed=seed), not seed=epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = params
    for _ in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=seed):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__adam_t_is_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: Adam's t is the epoch number + 1, not the count of steps taken
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = params
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
            new = {}
            for k in params:
                if optimiser == "sgd":
                    new[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    new[k], m[k] = momentum_step(params[k], grads[k], m[k], lr)
                else:
                    new[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], epoch + 1, lr)
            params = new
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__state_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the optimiser state (m, s, t) is reset to zero at the start of every epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = params
    for epoch in range(epochs):
        m = {k: np.zeros_like(p) for k, p in params.items()}
        s = {k: np.zeros_like(p) for k, p in params.items()}
        t = 0
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__one_state_dict(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: m = s = {...}: one dict for both moments, so Adam's s overwrites its m
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = params
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__no_start(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: losses recorded only after each epoch: (epochs,), and the start is never best
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [], []
    best_params, best = params, np.inf
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < best:
            best, best_params = val_losses[-1], params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__no_value_error(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: an unknown optimiser name silently trains with Adam (the else branch)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = params
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__hidden_default(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: init_params(D, 8, K, seed): the n_hidden argument ignored
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y, y_val = y.reshape(len(y), -1), y_val.reshape(len(y_val), -1)
    params = init_params(X.shape[1], 8, y.shape[1], seed)
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses, val_losses = [_mse(X, y, params)], [_mse(X_val, y_val, params)]
    best_params = params
    for epoch in range(epochs):
        for batch in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[batch], params)
            grads = two_layer_backward(mse_loss_grad(out, y[batch]), cache)
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
        train_losses.append(_mse(X, y, params))
        val_losses.append(_mse(X_val, y_val, params))
        if val_losses[-1] < min(val_losses[:-1]):
            best_params = params
    return best_params, np.array(train_losses), np.array(val_losses)


BUGS = paired(
    [
        bug(relu_forward__in_place, "zeroes the caller's z in place", "in-place"),
        bug(relu_forward__leaky, "leaky ReLU instead of ReLU", "chapter-mixup"),
        bug(relu_backward__ge, "gradient passed at z = 0 (>= instead of >)", "boundary"),
        bug(relu_backward__dout_in_place, "zeroes the caller's dout in place", "in-place"),
        bug(sgd_step__in_place, "w -= lr * grad changes the caller's w", "in-place"),
        bug(sgd_step__lr_fixed, "lr ignored, 0.01 written in", "argument-ignored"),
        bug(
            minibatches__global_shuffle,
            "np.random.shuffle: global generator, seed ignored",
            "generator",
        ),
        bug(minibatches__drop_last, "last short batch dropped", "off-by-one"),
        bug(minibatches__generator, "returns a generator, not a list", "generator-once"),
        bug(minibatches__array_split, "array_split into n // batch_size parts", "batch-size"),
        bug(minibatches__memo, "mutable default cache ignores the seed", "mutable-default"),
        bug(momentum_step__average, "velocity averaged with (1 - beta)", "convention"),
        bug(momentum_step__old_velocity, "step with the old velocity", "update-order"),
        bug(momentum_step__in_place, "w and v updated in place", "in-place"),
        bug(rmsprop_step__eps_inside, "eps under the root", "eps-placement"),
        bug(rmsprop_step__old_s, "divides by the previous s", "update-order"),
        bug(adam_step__t_from_zero, "bias correction with t + 1", "off-by-one"),
        bug(adam_step__stores_corrected, "corrected m, s returned as state", "state"),
        bug(adam_step__betas_swapped, "beta1 and beta2 swapped", "arguments-swapped"),
        bug(adam_step__returns_t, "returns a fourth value t + 1", "extra-return"),
        bug(train_with_optimiser__best_follows, "best_params aliases the updated dict", "aliasing"),
        bug(
            train_with_optimiser__same_batches,
            "seed=seed for every epoch's batches",
            "argument-misused",
        ),
        bug(train_with_optimiser__adam_t_is_epoch, "Adam's t is epoch + 1", "state"),
        bug(train_with_optimiser__state_per_epoch, "optimiser state reset every epoch", "state"),
        bug(train_with_optimiser__one_state_dict, "m and s are one dict", "aliasing"),
        bug(train_with_optimiser__no_start, "start not recorded: losses (epochs,)", "off-by-one"),
        bug(train_with_optimiser__no_value_error, "unknown optimiser runs Adam", "validation"),
        bug(
            train_with_optimiser__hidden_default,
            "n_hidden ignored: 8 hidden units",
            "argument-ignored",
        ),
    ],
    CORRECT,
    {"relu_forward": "relu_backward", "relu_backward": "relu_forward"},
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2, 0, 3]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0.0, 0.0, 3.0]]) and np.array_equal(z, [[-2, 0, 3]])
    assert np.array_equal(relu_backward(np.array([[5.0, 6.0, 7.0]]), cache), [[0.0, 0.0, 7.0]])
    w = np.array([1.0, -2.0])
    assert np.allclose(sgd_step(w, np.array([4.0, 2.0]), 0.5), [-1.0, -3.0])
    assert np.array_equal(w, [1.0, -2.0])
    b = minibatches(7, 3, seed=5)
    assert [len(x) for x in b] == [3, 3, 1]
    assert np.array_equal(np.concatenate(b), np.random.default_rng(5).permutation(7))
    # momentum: constant g = 1, beta 0.5: v = 1, 1.5, 1.75 (g (1 - beta^t) / (1 - beta))
    w, v = np.array([0.0]), np.array([0.0])
    for expected_v in [1.0, 1.5, 1.75]:
        w, v = momentum_step(w, np.array([1.0]), v, 0.1, beta=0.5)
        assert np.isclose(v[0], expected_v)
    assert np.isclose(w[0], -0.1 * (1 + 1.5 + 1.75))
    # RMSprop, rho 0.75, g = 2 from s = 0: s = 0.25 * 4 = 1, step lr * 2 / (1 + eps)
    w, s = rmsprop_step(np.array([1.0]), np.array([2.0]), np.array([0.0]), 0.1, rho=0.75)
    assert np.isclose(s[0], 1.0) and np.isclose(w[0], 1.0 - 0.2 / (1 + 1e-8))
    # Adam: a constant gradient gives a step of lr per coordinate at every t (section 5.4)
    w, m, s = np.array([1.0, 1.0]), np.zeros(2), np.zeros(2)
    for t in range(1, 4):
        w, m, s = adam_step(w, np.array([3.0, -0.5]), m, s, t, 0.01)
        assert np.isclose(m[0], 3.0 * (1 - 0.9**t)) and np.isclose(s[1], 0.25 * (1 - 0.999**t))
    assert np.allclose(w, [1.0 - 0.03, 1.0 + 0.03], atol=1e-8)
    # train_with_optimiser, one epoch of sgd with one batch of all N = full-batch step
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6).astype(float)
    Xv, yv = rng.normal(size=(4, 3)), rng.integers(0, 2, size=4).astype(float)
    best, tr, va = train_with_optimiser("sgd", X, y, Xv, yv, 0.5, 1, 6, n_hidden=5, seed=2)
    p0 = init_params(3, 5, 1, 2)
    out, cache = two_layer_forward(X[minibatches(6, 6, 0)[0]], p0)
    g = two_layer_backward((out - y[minibatches(6, 6, 0)[0], None]) / 6, cache)
    p1 = {k: p0[k] - 0.5 * g[k] for k in p0}
    assert np.isclose(tr[0], np.sum((two_layer_forward(X, p0)[0][:, 0] - y) ** 2) / 12)
    assert np.isclose(tr[1], np.sum((two_layer_forward(X, p1)[0][:, 0] - y) ** 2) / 12)
    v0 = np.sum((two_layer_forward(Xv, p0)[0][:, 0] - yv) ** 2) / 8
    v1 = np.sum((two_layer_forward(Xv, p1)[0][:, 0] - yv) ** 2) / 8
    assert np.allclose(va, [v0, v1])
    assert all(np.allclose(best[k], (p1 if v1 < v0 else p0)[k]) for k in p0)
    try:
        train_with_optimiser("rmsprop", X, y, Xv, yv, 0.5, 1, 6)
    except ValueError:
        pass
    else:
        raise AssertionError("no ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
