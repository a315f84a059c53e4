"""Chapter 6 (making it work): the ReLU layer, sgd_step, minibatches, momentum_step,
rmsprop_step, adam_step, train_with_optimiser."""

import numpy as np

from benchmarks.third import Bug, in_notebook, paired
from benchmarks.third.chapter2 import mse_loss, mse_loss_grad
from benchmarks.third.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.third.chapter5 import init_params


def _b(impl, cause, kind, **kw):
    function, name = impl.__name__.split("__")
    return Bug(function, name, impl, cause, kind, **kw)


# ---------------------------------------------------------------- correct versions


@in_notebook
def relu_forward(z):
    """z any shape -> (max(z, 0), a copy of z)."""
    return np.maximum(z, 0), np.array(z, copy=True)


@in_notebook
def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)


@in_notebook
def sgd_step(w, grad, lr):
    return w - lr * grad


@in_notebook
def minibatches(n, batch_size, seed=0):
    """-> list of 1-D int arrays: a permutation of range(n) cut into batch_size pieces."""
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
    """-> (best_params, train_losses (epochs + 1,), val_losses (epochs + 1,))."""
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y = np.asarray(y, dtype=float).reshape(len(X), -1)
    Y_val = np.asarray(y_val, dtype=float).reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    first = {k: np.zeros_like(p) for k, p in params.items()}  # v or m
    second = {k: np.zeros_like(p) for k, p in params.items()}  # s
    t = 0

    def losses():
        return (
            mse_loss(two_layer_forward(X, params)[0], Y),
            mse_loss(two_layer_forward(X_val, params)[0], Y_val),
        )

    train_losses, val_losses = [], []
    best, best_val = None, np.inf
    for epoch in range(epochs + 1):
        if epoch > 0:
            for rows in minibatches(len(X), batch_size, seed=epoch - 1):
                out, cache = two_layer_forward(X[rows], params)
                grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
                t += 1
                for k in params:
                    if optimiser == "sgd":
                        params[k] = sgd_step(params[k], grads[k], lr)
                    elif optimiser == "momentum":
                        params[k], first[k] = momentum_step(params[k], grads[k], first[k], lr)
                    else:
                        params[k], first[k], second[k] = adam_step(
                            params[k], grads[k], first[k], second[k], t, lr
                        )
        loss_train, loss_val = losses()
        train_losses.append(loss_train)
        val_losses.append(loss_val)
        if loss_val < best_val:
            best, best_val = {k: p.copy() for k, p in params.items()}, loss_val
    return best, np.array(train_losses, dtype=float), np.array(val_losses, dtype=float)


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

# ---------------------------------------------------------------- relu


@in_notebook
def relu_backward__mask(dout, cache):
    """Companion of a forward pass that caches the mask z >= 0."""
    return dout * cache


@in_notebook
def relu_forward__in_place(z):
    z[z < 0] = 0  # fault: zeroes the caller's negative entries
    return z, z


@in_notebook
def relu_forward__leaky(z):
    return np.maximum(z, 0.01 * z), z.copy()  # fault: leaky ReLU, 0.01 z below 0


@in_notebook
def relu_forward__mask_at_zero(z):
    return np.maximum(z, 0), (z >= 0).astype(float)  # fault: the cached mask lets z = 0 through


@in_notebook
def relu_backward__at_zero(dout, cache):
    return dout * (cache >= 0)  # fault: passes the gradient at z = 0


@in_notebook
def relu_backward__into_dout(dout, cache):
    dout[cache <= 0] = 0  # fault: zeroes the caller's dout
    return dout


@in_notebook
def relu_backward__mask_only(dout, cache):
    return (cache > 0).astype(float)  # fault: the local derivative, dout left out


@in_notebook
def relu_backward__relu_of_dout(dout, cache):
    return np.maximum(dout, 0)  # fault: ReLU applied to the gradient


# ---------------------------------------------------------------- sgd_step


@in_notebook
def sgd_step__in_place(w, grad, lr):
    w -= lr * grad  # fault: moves the caller's w
    return w


@in_notebook
def sgd_step__uphill(w, grad, lr):
    return w + lr * grad  # fault: sign


@in_notebook
def sgd_step__unit_direction(w, grad, lr):
    return w - lr * grad / np.linalg.norm(grad)  # fault: normalised gradient


# ---------------------------------------------------------------- minibatches


@in_notebook
def minibatches__drops_rest(n, batch_size, seed=0):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size)]  # fault


@in_notebook
def minibatches__count_not_size(n, batch_size, seed=0):
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, batch_size)  # fault: batch_size batches, not of batch_size


@in_notebook
def minibatches__global_shuffle(n, batch_size, seed=0):
    np.random.seed(seed)  # noqa: NPY002  fault: numpy's global generator
    order = np.arange(n)
    np.random.shuffle(order)  # noqa: NPY002
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


@in_notebook
def minibatches__unshuffled(n, batch_size, seed=0):
    order = np.arange(n)
    np.random.default_rng(seed).permutation(order)  # fault: the permutation is thrown away
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


# ---------------------------------------------------------------- momentum_step


@in_notebook
def momentum_step__average(w, grad, v, lr, beta=0.9):
    v = beta * v + (1 - beta) * grad  # fault: an average, the "other libraries" form
    return w - lr * v, v


@in_notebook
def momentum_step__v_in_place(w, grad, v, lr, beta=0.9):
    v *= beta  # fault: updates the caller's velocity array
    v += grad
    return w - lr * v, v


@in_notebook
def momentum_step__old_velocity(w, grad, v, lr, beta=0.9):
    w_new = w - lr * v  # fault: steps with the velocity before the update
    return w_new, beta * v + grad


@in_notebook
def momentum_step__order(w, grad, v, lr, beta=0.9):
    v_new = beta * v + grad
    return v_new, w - lr * v_new  # fault: returns (v, w)


@in_notebook
def momentum_step__lr_inside(w, grad, v, lr, beta=0.9):
    v_new = beta * v - lr * grad  # fault: CS231n's velocity (holds -lr), not section 5.1's
    return w + v_new, v_new


# ---------------------------------------------------------------- rmsprop_step


@in_notebook
def rmsprop_step__eps_under_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s  # fault: eps under the root


@in_notebook
def rmsprop_step__old_s(w, grad, s, lr, rho=0.9, eps=1e-8):
    w_new = w - lr * grad / (np.sqrt(s) + eps)  # fault: divides by the old average
    return w_new, rho * s + (1 - rho) * grad**2


@in_notebook
def rmsprop_step__rho_swapped(w, grad, s, lr, rho=0.9, eps=1e-8):
    s = (1 - rho) * s + rho * grad**2  # fault: weights swapped
    return w - lr * grad / (np.sqrt(s) + eps), s


@in_notebook
def rmsprop_step__s_in_place(w, grad, s, lr, rho=0.9, eps=1e-8):
    s *= rho  # fault: updates the caller's s array
    s += (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s) + eps), s


# ---------------------------------------------------------------- adam_step


@in_notebook
def adam_step__t_from_zero(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t - 1))  # fault: t - 1, division by 0 at the first step
    s_hat = s / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


@in_notebook
def adam_step__stores_corrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m = m / (1 - beta1**t)  # fault: the corrected moments overwrite the state
    s = s / (1 - beta2**t)
    return w - lr * m / (np.sqrt(s) + eps), m, s


@in_notebook
def adam_step__betas_crossed(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta2**t)  # fault: each moment corrected with the other's beta
    s_hat = s / (1 - beta1**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


@in_notebook
def adam_step__moments_in_place(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1  # fault: updates the caller's m and s arrays
    m += (1 - beta1) * grad
    s *= beta2
    s += (1 - beta2) * grad**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


@in_notebook
def adam_step__no_correction(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    return w - lr * m / (np.sqrt(s) + eps), m, s  # fault: no bias correction


# ---------------------------------------------------------------- train_with_optimiser


def _setup(optimiser, X, y, X_val, y_val):
    """The part every version below shares: targets as columns and the start."""
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    Y = y.reshape(len(X), -1)
    Y_val = y_val.reshape(len(X_val), -1)
    return Y, Y_val


@in_notebook
def train_with_optimiser__best_is_params(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = params  # fault: the same dict, which the in-place updates below keep changing
    for e in range(epochs):
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k][...] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k][...], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k][...], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < min(va[:-1]):
            best = params
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__t_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        t = 0  # fault: Adam's step count restarts every epoch
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < min(va[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__state_per_epoch(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    t = 0
    for e in range(epochs):
        v = {k: np.zeros_like(p) for k, p in params.items()}  # fault: the optimiser's state
        m = {k: np.zeros_like(p) for k, p in params.items()}  # is reset every epoch
        s = {k: np.zeros_like(p) for k, p in params.items()}
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < min(va[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__t_per_parameter(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            for k in params:
                t += 1  # fault: counts parameter arrays, 4 per update
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < min(va[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__one_shuffle(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    batches = minibatches(len(X), batch_size, seed=seed)  # fault: one shuffle, seed not e
    for _ in range(epochs):
        for rows in batches:
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < min(va[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__no_start(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tr, va = [], []  # fault: the start is not measured, epochs values and not epochs + 1
    best, best_val = None, np.inf
    for e in range(epochs):
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < best_val:
            best, best_val = {k: p.copy() for k, p in params.items()}, va[-1]
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__unknown_is_sgd(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y = y.reshape(len(X), -1)  # fault: no ValueError, any other name trains with sgd
    Y_val = y_val.reshape(len(X_val), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                elif optimiser == "adam":
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
                else:
                    params[k] = sgd_step(params[k], grads[k], lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if va[-1] < min(va[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tr), np.array(va)


@in_notebook
def train_with_optimiser__best_on_train(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    Y, Y_val = _setup(optimiser, X, y, X_val, y_val)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    tr = [mse_loss(two_layer_forward(X, params)[0], Y)]
    va = [mse_loss(two_layer_forward(X_val, params)[0], Y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for rows in minibatches(len(X), batch_size, seed=e):
            out, cache = two_layer_forward(X[rows], params)
            grads = two_layer_backward(mse_loss_grad(out, Y[rows]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        tr.append(mse_loss(two_layer_forward(X, params)[0], Y))
        va.append(mse_loss(two_layer_forward(X_val, params)[0], Y_val))
        if tr[-1] < min(tr[:-1]):  # fault: the best epoch chosen on the training loss
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(tr), np.array(va)


_PAIRS = {"relu_forward": "relu_backward", "relu_backward": "relu_forward"}

BUGS = paired(
    [
        _b(relu_forward__in_place, "zeroes the input's negative entries in place", "in-place"),
        _b(relu_forward__leaky, "leaky ReLU", "formula"),
        _b(
            relu_forward__mask_at_zero,
            "caches the mask z >= 0: gradient passes at 0",
            "boundary",
            companions={"relu_backward": relu_backward__mask},
        ),
        _b(relu_backward__at_zero, "z >= 0 instead of z > 0", "boundary"),
        _b(relu_backward__into_dout, "zeroes dout in place", "in-place"),
        _b(relu_backward__mask_only, "forgot dout", "chain-rule"),
        _b(relu_backward__relu_of_dout, "max(dout, 0)", "formula"),
        _b(sgd_step__in_place, "updates w in place", "in-place"),
        _b(sgd_step__uphill, "w + lr grad", "sign"),
        _b(sgd_step__unit_direction, "divides the gradient by its norm", "formula"),
        _b(minibatches__drops_rest, "drops the last, shorter batch", "off-by-one"),
        _b(minibatches__count_not_size, "np.array_split into batch_size batches", "api"),
        _b(minibatches__global_shuffle, "np.random.seed + shuffle (global)", "global-rng"),
        _b(minibatches__unshuffled, "permutation result discarded: not shuffled", "no-shuffle"),
        _b(momentum_step__average, "v = beta v + (1 - beta) g", "momentum-average"),
        _b(momentum_step__v_in_place, "updates the velocity in place", "in-place"),
        _b(momentum_step__old_velocity, "steps with the previous velocity", "state-order"),
        _b(momentum_step__order, "returns (v, w)", "tuple-order"),
        _b(momentum_step__lr_inside, "CS231n form: velocity holds -lr g", "convention"),
        _b(rmsprop_step__eps_under_root, "sqrt(s + eps)", "eps"),
        _b(rmsprop_step__old_s, "divides by the previous s", "state-order"),
        _b(rmsprop_step__rho_swapped, "rho and 1 - rho swapped", "weights"),
        _b(rmsprop_step__s_in_place, "updates s in place", "in-place"),
        _b(adam_step__t_from_zero, "bias correction with t - 1", "bias-correction-t"),
        _b(adam_step__stores_corrected, "returns the corrected m and s", "state"),
        _b(adam_step__betas_crossed, "beta1 and beta2 swapped in the correction", "weights"),
        _b(adam_step__moments_in_place, "updates m and s in place", "in-place"),
        _b(adam_step__no_correction, "no bias correction", "bias-correction"),
        _b(
            train_with_optimiser__best_is_params,
            "best_params is the live dict, updated in place",
            "aliasing",
        ),
        _b(train_with_optimiser__t_per_epoch, "Adam's t restarts every epoch", "state-reset"),
        _b(
            train_with_optimiser__state_per_epoch,
            "velocity and moments reset every epoch",
            "state-reset",
        ),
        _b(train_with_optimiser__t_per_parameter, "t counted per parameter array", "state"),
        _b(train_with_optimiser__one_shuffle, "same batches every epoch", "shuffle-seed"),
        _b(train_with_optimiser__no_start, "losses lack the start (epochs values)", "off-by-one"),
        _b(train_with_optimiser__unknown_is_sgd, "unknown names train with sgd", "validation"),
        _b(train_with_optimiser__best_on_train, "best epoch by training loss", "early-stopping"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, 1.0]])
    out, cache = relu_forward(z)
    assert out.tolist() == [[0, 0, 3], [0.5, 0, 1]]
    d = np.array([[1.0, 2.0, -3.0], [4.0, 5.0, 6.0]])
    assert relu_backward(d, cache).tolist() == [[0, 0, -3], [4, 0, 6]]
    assert sgd_step(np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.25).tolist() == [0.875, -3]
    batches = minibatches(10, 4, seed=3)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    assert np.array_equal(np.concatenate(batches), np.random.default_rng(3).permutation(10))
    # momentum, beta 1/2, lr 0.1 from rest at [1, 1]: g1 = [2, -4] gives v1 = [2, -4],
    # w1 = [0.8, 1.4]; g2 = [0, 3] gives v2 = [1, 1], w2 = [0.7, 1.3]
    w, v = momentum_step(np.ones(2), np.array([2.0, -4.0]), np.zeros(2), 0.1, 0.5)
    assert np.allclose(v, [2, -4]) and np.allclose(w, [0.8, 1.4])
    w, v = momentum_step(w, np.array([0.0, 3.0]), v, 0.1, 0.5)
    assert np.allclose(v, [1, 1]) and np.allclose(w, [0.7, 1.3])
    # rmsprop, constant g, rho 3/4: s1 = g^2 / 4, step 0.2; s2 = 7/16 g^2, step 0.1/sqrt(7/16)
    g = np.array([2.0, -3.0])
    w, s = rmsprop_step(np.ones(2), g, np.zeros(2), 0.1, rho=0.75)
    assert np.allclose(s, g**2 / 4) and np.allclose(w, [0.8, 1.2])
    w, s = rmsprop_step(w, g, s, 0.1, rho=0.75)
    step = 0.1 / np.sqrt(7 / 16)
    assert np.allclose(s, 7 / 16 * g**2) and np.allclose(w, [0.8 - step, 1.2 + step])
    # adam, constant g: every step is lr g / (|g| + eps); m_t = (1 - 0.9^t) g
    w, m, s = np.ones(2), np.zeros(2), np.zeros(2)
    for t in range(1, 4):
        w, m, s = adam_step(w, g, m, s, t, 0.01)
        assert np.allclose(m, (1 - 0.9**t) * g) and np.allclose(s, (1 - 0.999**t) * g**2)
    assert np.allclose(w, 1 - 3 * 0.01 * np.sign(g))
    _sanity_training()


def _sanity_training():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(6, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    start = init_params(2, 3, 1, seed=4)
    # lr 0: nothing moves, the losses are the start's, best_params the start
    best, tr, va = train_with_optimiser("sgd", X, y, X[:4], y[:4], 0.0, 2, 4, 3, 4)
    assert tr.shape == va.shape == (3,) and np.allclose(tr, tr[0]) and np.allclose(va, va[0])
    assert all(np.array_equal(best[k], start[k]) for k in start)
    # adam, one batch of all six per epoch, validation = training: two steps by hand with
    # t = 1, 2 and the closed-form moments; the loss falls, so the last epoch is the best
    best, tr, va = train_with_optimiser("adam", X, y, X, y, 0.01, 2, 6, 3, 4)
    params = {k: p.copy() for k, p in start.items()}
    m = {k: np.zeros_like(p) for k, p in start.items()}
    s = {k: np.zeros_like(p) for k, p in start.items()}
    for t in (1, 2):
        out, cache = two_layer_forward(X, params)
        grads = two_layer_backward((out - y[:, None]) / 6, cache)
        for k in params:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            s[k] = 0.999 * s[k] + 0.001 * grads[k] ** 2
            m_hat, s_hat = m[k] / (1 - 0.9**t), s[k] / (1 - 0.999**t)
            params[k] = params[k] - 0.01 * m_hat / (np.sqrt(s_hat) + 1e-8)
    assert va[2] < va[1] < va[0] and np.allclose(tr, va)
    assert all(np.allclose(best[k], params[k]) for k in params)
    try:
        train_with_optimiser("nesterov", X, y, X, y, 0.1, 1, 2)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown optimiser must raise ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass")
