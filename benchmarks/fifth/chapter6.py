"""Chapter 6 (making it work): relu_forward/backward, sgd_step, minibatches, momentum_step,
rmsprop_step, adam_step, train_with_optimiser."""

import numpy as np

from benchmarks.fifth import bug, correct, paired
from benchmarks.fifth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.fifth.chapter4 import two_layer_backward, two_layer_forward
from benchmarks.fifth.chapter5 import init_params

# ---------------------------------------------------------------- correct versions


def relu_forward(z):
    """(max(z, 0), cache); the cache is a float copy of z."""
    z = np.asarray(z)
    return np.maximum(z, 0), np.array(z, dtype=np.float64)


def relu_backward(dout, cache):
    """dout where z > 0, 0 elsewhere."""
    return np.where(cache > 0, dout, 0.0)


def sgd_step(w, grad, lr):
    """w - lr grad, a new array."""
    return w - lr * grad


def minibatches(n, batch_size, seed=0):
    """A shuffled 0 .. n-1 cut into batches of batch_size (the last may be shorter)."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def momentum_step(w, grad, v, lr, beta=0.9):
    """v' = beta v + grad; w' = w - lr v'."""
    v_new = beta * v + grad
    return w - lr * v_new, v_new


def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    """s' = rho s + (1 - rho) grad^2; w' = w - lr grad / (sqrt(s') + eps)."""
    s_new = rho * s + (1.0 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction; m and s are returned uncorrected."""
    m_new = beta1 * m + (1.0 - beta1) * grad
    s_new = beta2 * s + (1.0 - beta2) * grad**2
    m_hat = m_new / (1.0 - beta1**t)
    s_hat = s_new / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def _targets(y):
    y = np.asarray(y, dtype=np.float64)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def train_with_optimiser(optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0):
    """Mini-batch training with sgd / momentum / adam; the earliest best epoch's weights."""
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimiser {optimiser!r}")
    y, y_val = _targets(y), _targets(y_val)
    N = X.shape[0]
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    first = {k: np.zeros_like(p) for k, p in params.items()}  # v, or Adam's m
    second = {k: np.zeros_like(p) for k, p in params.items()}  # Adam's s
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for e in range(epochs):
        for idx in minibatches(N, batch_size, seed=e):
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
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
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
    # fault: z[z < 0] = 0 sets the caller's z to zero where negative; out and cache are z
    z[z < 0] = 0
    return z, z


def relu_forward__relu6(z):
    # fault: np.clip(z, 0, 6), the ReLU6 of mobile Keras models: large z are cut at 6
    out = np.clip(z, 0, 6)
    return out, np.array(z, dtype=np.float64)


def relu_forward__leaky(z):
    # fault: np.maximum(z, 0.01 * z), Keras's LeakyReLU: negative z give 0.01 z, not 0
    out = np.maximum(z, 0.01 * z)
    return out, np.array(z, dtype=np.float64)


def relu_backward__at_zero_passes(dout, cache):
    # fault: dout * (z >= 0): the gradient passes at z = 0
    return dout * (cache >= 0)


def relu_backward__in_place_dout(dout, cache):
    # fault: dout[z <= 0] = 0: the caller's dout is overwritten
    dout[cache <= 0] = 0
    return dout


def relu_backward__mask_only(dout, cache):
    # fault: returns the local derivative (z > 0) as floats, not multiplied by dout
    return (cache > 0).astype(np.float64)


def sgd_step__in_place(w, grad, lr):
    # fault: w -= lr * grad, like optimizer.step(): updates the caller's w
    w -= lr * grad
    return w


def sgd_step__no_return(w, grad, lr):
    # fault: updates w in place and returns nothing (PyTorch's optimizer.step() habit)
    w -= lr * grad


def minibatches__global_seed(n, batch_size, seed=0):
    # fault: np.random.seed + np.random.permutation: the global legacy generator, reseeded
    np.random.seed(seed)  # noqa: NPY002 - the student's choice
    order = np.random.permutation(n)  # noqa: NPY002
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__shuffle_returns_none(n, batch_size, seed=0):
    # fault: order = rng.shuffle(...): shuffle works in place and returns None
    rng = np.random.default_rng(seed)
    order = rng.shuffle(np.arange(n))
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def minibatches__array_split(n, batch_size, seed=0):
    # fault: np.array_split(order, n // batch_size) makes n // batch_size near-equal batches
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, max(n // batch_size, 1))


def minibatches__one_batch_too_many(n, batch_size, seed=0):
    # fault: n // batch_size + 1 batches: an empty batch when batch_size divides n
    order = np.random.default_rng(seed).permutation(n)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size + 1)]


def momentum_step__average(w, grad, v, lr, beta=0.9):
    # fault: v = beta v + (1 - beta) grad, the averaged form of the lectures
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def momentum_step__lr_in_velocity(w, grad, v, lr, beta=0.9):
    # fault: CS231n's v = beta v - lr grad, w + v: the returned v is -lr times the velocity
    v = beta * v - lr * grad
    return w + v, v


def momentum_step__in_place(w, grad, v, lr, beta=0.9):
    # fault: v *= beta; v += grad; w -= lr * v: the caller's w and v are overwritten
    v *= beta
    v += grad
    w -= lr * v
    return w, v


def momentum_step__nesterov(w, grad, v, lr, beta=0.9):
    # fault: steps by beta v' + grad (PyTorch's nesterov=True), not by v'
    v = beta * v + grad
    return w - lr * (beta * v + grad), v


def rmsprop_step__eps_under_root(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: sqrt(s + eps): eps under the square root
    s = rho * s + (1 - rho) * grad**2
    return w - lr * grad / np.sqrt(s + eps), s


def rmsprop_step__old_average(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: steps with the previous s, updating the average only afterwards
    w_new = w - lr * grad / (np.sqrt(s) + eps)
    return w_new, rho * s + (1 - rho) * grad**2


def rmsprop_step__in_place_average(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: s *= rho; s += ...: the caller's s is overwritten
    s *= rho
    s += (1 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s) + eps), s


def rmsprop_step__gradient_not_squared(w, grad, s, lr, rho=0.9, eps=1e-8):
    # fault: s averages grad, not grad ** 2: its root is nan for negative gradients
    s = rho * s + (1 - rho) * grad
    return w - lr * grad / (np.sqrt(s) + eps), s


def adam_step__t_plus_one(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: the correction uses t + 1, as if t counted from 0
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t + 1))
    s_hat = s / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__eps_under_root(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: sqrt(s_hat + eps): eps under the square root
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / np.sqrt(s_hat + eps), m, s


def adam_step__corrects_in_place(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: m /= (1 - beta1^t) on the new averages: the corrected values are returned as state
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m /= 1 - beta1**t
    s /= 1 - beta2**t
    return w - lr * m / (np.sqrt(s) + eps), m, s


def adam_step__second_moment_of_m(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: s averages m ** 2 (the new first moment) instead of grad ** 2
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * m**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step__no_root(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # fault: divides by s_hat + eps, the square root forgotten
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (s_hat + eps), m, s


def train_with_optimiser__t_per_parameter(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: Adam's t is incremented once per parameter inside the loop over keys:
    # W1 gets t = 1, b1 t = 2, ...; after the first batch the corrections are too small
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    y_val = y_val.reshape(-1, 1) if y_val.ndim == 1 else y_val
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            for k in params:
                t += 1
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__shallow_copy_in_place(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: best = params.copy() copies the dict only, and the arrays are written in place
    # (params[k][...] = new, the .data habit): best_params follows the last epoch
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    y_val = y_val.reshape(-1, 1) if y_val.ndim == 1 else y_val
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = params.copy()
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k][...] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k][...], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k][...], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = params.copy()
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__epochs_from_one(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: epochs counted from 1 (for epoch in range(1, epochs + 1)): the shuffles use
    # seeds 1 .. epochs instead of 0 .. epochs - 1
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    y_val = y_val.reshape(-1, 1) if y_val.ndim == 1 else y_val
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(1, epochs + 1):
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
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__keras_history(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: the training loss of an epoch is the mean of its batch losses, taken during
    # the epoch (Keras's history["loss"]), not mse_loss on the whole set after it
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    y_val = y_val.reshape(-1, 1) if y_val.ndim == 1 else y_val
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {k: p.copy() for k, p in params.items()}
    for epoch in range(epochs):
        batch_losses = []
        for idx in minibatches(len(X), batch_size, seed=epoch):
            out, cache = two_layer_forward(X[idx], params)
            batch_losses.append(mse_loss(out, y[idx]))
            grads = two_layer_backward(mse_loss_grad(out, y[idx]), cache)
            t += 1
            for k in params:
                if optimiser == "sgd":
                    params[k] = sgd_step(params[k], grads[k], lr)
                elif optimiser == "momentum":
                    params[k], v[k] = momentum_step(params[k], grads[k], v[k], lr)
                else:
                    params[k], m[k], s[k] = adam_step(params[k], grads[k], m[k], s[k], t, lr)
        train_losses.append(float(np.mean(batch_losses)))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__latest_tie(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: <= keeps the latest of the epochs tied for the lowest validation loss
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    y_val = y_val.reshape(-1, 1) if y_val.ndim == 1 else y_val
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best, best_val = {k: p.copy() for k, p in params.items()}, val_losses[0]
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
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] <= best_val:
            best, best_val = {k: p.copy() for k, p in params.items()}, val_losses[-1]
    return best, np.array(train_losses), np.array(val_losses)


def train_with_optimiser__y_val_not_reshaped(
    optimiser, X, y, X_val, y_val, lr, epochs, batch_size, n_hidden=8, seed=0
):
    # fault: y is reshaped to (N, 1) but y_val is not: the validation loss compares
    # (M, 1) with (M,), an (M, M) broadcast
    if optimiser not in ("sgd", "momentum", "adam"):
        raise ValueError(optimiser)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    t = 0
    train_losses = [mse_loss(two_layer_forward(X, params)[0], y)]
    val_losses = [mse_loss(two_layer_forward(X_val, params)[0], y_val)]
    best = {k: p.copy() for k, p in params.items()}
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
        train_losses.append(mse_loss(two_layer_forward(X, params)[0], y))
        val_losses.append(mse_loss(two_layer_forward(X_val, params)[0], y_val))
        if val_losses[-1] < min(val_losses[:-1]):
            best = {k: p.copy() for k, p in params.items()}
    return best, np.array(train_losses), np.array(val_losses)


BUGS = paired(
    [
        bug(relu_forward__in_place, "z[z < 0] = 0 on the caller's z", "in-place"),
        bug(relu_forward__relu6, "np.clip(z, 0, 6): ReLU6", "clip"),
        bug(relu_forward__leaky, "leaky ReLU, 0.01 z for z < 0", "formula"),
        bug(relu_backward__at_zero_passes, "dout * (z >= 0)", "boundary"),
        bug(relu_backward__in_place_dout, "dout[z <= 0] = 0 on the caller's dout", "in-place"),
        bug(relu_backward__mask_only, "the mask (z > 0) without dout", "chain"),
        bug(sgd_step__in_place, "w -= lr * grad on the caller's w", "in-place"),
        bug(sgd_step__no_return, "in place, returns None", "in-place"),
        bug(minibatches__global_seed, "np.random.seed: the global generator", "rng"),
        bug(minibatches__shuffle_returns_none, "rng.shuffle returns None", "api-habit"),
        bug(minibatches__array_split, "array_split into n // batch_size parts", "api-habit"),
        bug(minibatches__one_batch_too_many, "n // bs + 1 batches: an empty one", "off-by-one"),
        bug(momentum_step__average, "v = beta v + (1 - beta) grad", "formula"),
        bug(momentum_step__lr_in_velocity, "v = beta v - lr grad; w + v", "convention"),
        bug(momentum_step__in_place, "w and v updated in place", "in-place"),
        bug(momentum_step__nesterov, "Nesterov step beta v' + grad", "formula"),
        bug(rmsprop_step__eps_under_root, "sqrt(s + eps)", "epsilon"),
        bug(rmsprop_step__old_average, "steps with the old s", "order"),
        bug(rmsprop_step__in_place_average, "s updated in place", "in-place"),
        bug(rmsprop_step__gradient_not_squared, "s averages grad, not grad^2", "formula"),
        bug(adam_step__t_plus_one, "bias correction with t + 1", "off-by-one"),
        bug(adam_step__eps_under_root, "sqrt(s_hat + eps)", "epsilon"),
        bug(adam_step__corrects_in_place, "corrected m and s returned as state", "state"),
        bug(adam_step__second_moment_of_m, "s averages m^2, not grad^2", "wrong-var"),
        bug(adam_step__no_root, "m_hat / (s_hat + eps): no square root", "formula"),
        bug(train_with_optimiser__t_per_parameter, "t += 1 for every parameter", "state"),
        bug(
            train_with_optimiser__shallow_copy_in_place,
            "dict.copy() of arrays written in place: best follows the live weights",
            "aliasing",
        ),
        bug(train_with_optimiser__epochs_from_one, "shuffle seeds 1 .. epochs", "off-by-one"),
        bug(
            train_with_optimiser__keras_history,
            "training loss = mean of the batch losses during the epoch",
            "reduction",
        ),
        bug(train_with_optimiser__latest_tie, "<=: the latest tied epoch", "boundary"),
        bug(
            train_with_optimiser__y_val_not_reshaped,
            "y_val not reshaped: (M, 1) - (M,) broadcast",
            "broadcast",
        ),
    ],
    CORRECT,
    {"relu_forward": "relu_backward", "relu_backward": "relu_forward"},
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2.0, 0.0, 3.0], [1.5, -0.5, 0.0]])
    out, cache = relu_forward(z)
    assert np.array_equal(out, [[0, 0, 3], [1.5, 0, 0]])
    d = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert np.array_equal(relu_backward(d, cache), [[0, 0, 3], [4, 0, 0]])
    w = np.array([1.0, -1.0])
    assert np.array_equal(sgd_step(w, np.array([2.0, 4.0]), 0.5), [0.0, -3.0])
    batches = minibatches(10, 4, seed=3)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))
    assert all(
        np.array_equal(a, b) for a, b in zip(batches, minibatches(10, 4, seed=3), strict=True)
    )
    # momentum, beta 1/2, lr 0.1 from rest at (1, 1): the notebook's worked steps
    w, v = np.array([1.0, 1.0]), np.zeros(2)
    for g, w_t in (([2.0, -4.0], [0.8, 1.4]), ([0.0, 3.0], [0.7, 1.3])):
        w, v = momentum_step(w, np.array(g), v, 0.1, beta=0.5)
        assert np.allclose(w, w_t)
    # rmsprop, rho 3/4: s1 = g^2 / 4, the step is 0.2 sign(g)
    g = np.array([2.0, -3.0])
    w, s = rmsprop_step(np.ones(2), g, np.zeros(2), 0.1, rho=0.75)
    assert np.allclose(s, [1.0, 2.25]) and np.allclose(w, [0.8, 1.2])
    # adam, beta1 = beta2 = 1/2, eps 0, lr 1: w = -1 then -2/3 (worked by hand)
    hyper = {"beta1": 0.5, "beta2": 0.5, "eps": 0.0}
    w, m, s = adam_step(np.zeros(1), np.array([2.0]), np.zeros(1), np.zeros(1), 1, 1.0, **hyper)
    assert np.allclose([w[0], m[0], s[0]], [-1.0, 1.0, 2.0])
    w, m, s = adam_step(w, np.array([-2.0]), m, s, 2, 1.0, **hyper)
    assert np.allclose([w[0], m[0], s[0]], [-2 / 3, -0.5, 3.0])
    # train_with_optimiser: lr 0 keeps the start, every loss equal, best the start
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(9, 2)), (rng.random(9) > 0.5).astype(float)
    Xv, yv = rng.normal(size=(5, 2)), (rng.random(5) > 0.5).astype(float)
    best, tr, va = train_with_optimiser("adam", X, y, Xv, yv, 0.0, 3, 4, n_hidden=3, seed=2)
    start = init_params(2, 3, 1, seed=2)
    assert all(np.array_equal(best[k], start[k]) for k in start)
    assert tr.shape == (4,) and np.allclose(tr, tr[0]) and np.allclose(va, va[0])
    # sgd with one batch of everything is full-batch gradient descent (chapter 5's train)
    best, tr, va = train_with_optimiser("sgd", X, y, Xv, yv, 1.0, 2, 9, n_hidden=3, seed=2)
    p = start
    for _ in range(2):
        out, cache = two_layer_forward(X, p)
        grads = two_layer_backward((out - y[:, None]) / 9, cache)
        p = {k: p[k] - grads[k] for k in p}
    assert np.isclose(tr[2], np.sum((two_layer_forward(X, p)[0] - y[:, None]) ** 2) / 18)
    try:
        train_with_optimiser("rmsprop", X, y, Xv, yv, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown optimiser must raise ValueError")


if __name__ == "__main__":
    _sanity()
    print("chapter 6: correct versions pass their hand checks")
