"""The catalogue of mistakes the self-checks recognise, as data.

Each :class:`Mistake` has an id (``"wrong-sign"``), what it looks like in code, the sentence a
student reads when a check finds it and the fix. The checks of :mod:`nnlearn.checks` raise
:class:`CheckFailure`, an ``AssertionError`` that carries the ids of what it found
(``error.mistakes``) and ends its message with one line naming them::

    dW has the right shape but wrong values: 12 of 12 entries differ.
        ...
    Diagnosis: A sign is wrong. Check the signs of your formula: y_pred - y, not y - y_pred; ...
    [mistakes: values-differ, wrong-sign] (see "Common mistakes" in the book)

That last line survives wherever the message goes (the notebook's error output, the grader's
feedback), so the class report counts mistakes by id (:func:`ids_in`), never by reading prose.

Every sentence here is English, the source; :func:`sentence`, :func:`in_language` and
:func:`html_table` give it in another language when asked (``language="ko"``), through
:mod:`nnlearn.i18n`, whose catalogue lists what :func:`translatable` yields.

Two kinds of entries: a *symptom* (``diagnosis=False``) says what the check saw ("the values
differ", "the shape differs") and is never wrong; a *diagnosis* names a cause ("you stepped
uphill") and is given only when the evidence singles it out. The book's "Common mistakes" page
is rendered from :data:`CATALOGUE` (:func:`html_table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nnlearn.i18n import current, translator

__all__ = [
    "CATALOGUE",
    "CheckFailure",
    "Mistake",
    "html_table",
    "ids_in",
    "in_language",
    "mistake",
    "sentence",
    "trailer",
    "translatable",
]


@dataclass(frozen=True)
class Mistake:
    id: str
    where: str  # the exercise functions it concerns, or "any"
    looks_like: str  # what it looks like in code (or in the result)
    says: str  # the sentence the check prints; may hold {fields}
    fix: str  # what to do about it; may hold {fields}
    diagnosis: bool = True  # False: a symptom the check saw, not a cause


def _m(id, where, looks_like, says, fix, diagnosis=True) -> Mistake:
    return Mistake(id, where, looks_like, says, fix, diagnosis)


CATALOGUE_ENTRIES = [
    # -- symptoms: what a check saw (always true; they name no cause) ------------------------
    _m(
        "values-differ",
        "any",
        "some entries are not the expected numbers",
        "The values differ from the expected ones.",
        "Compare your formula with the docstring.",
        False,
    ),
    _m(
        "shape-differs",
        "any",
        "an array of another shape",
        "The shape differs from the expected one.",
        "Check the shapes in the docstring.",
        False,
    ),
    _m(
        "gradient-differs",
        "any",
        "an analytic gradient that central differences do not confirm",
        "The gradient does not match the numerical gradient.",
        "Check your derivative term by term.",
        False,
    ),
    _m(
        "not-an-array",
        "any",
        "a list, a tuple or a Python number where one numpy array belongs",
        "The result is not a numpy array.",
        "Build the result with numpy operations (np.asarray, np.exp, @).",
    ),
    _m(
        "wrong-return-structure",
        "any",
        "`return a` where `return a, b` (or a dict) belongs",
        "The function returns the wrong kind, number or order of values.",
        "Return exactly what the docstring lists.",
    ),
    _m(
        "not-a-single-number",
        "any",
        "an array where one number belongs",
        "The result should be a single number.",
        "Average (or sum) over all entries, or convert with float(...).",
    ),
    _m(
        "nan-or-inf",
        "any",
        "NaN or inf entries",
        "Some entries are NaN or inf.",
        "Look for an overflow (np.exp of a large number), a division by zero or log(0).",
        False,
    ),
    _m(
        "all-zeros",
        "any",
        "every entry 0",
        "Every entry is zero.",
        "Is the function still a stub, or did you return zeros?",
        False,
    ),
    _m(
        "constant-factor",
        "any",
        "the right answer times a constant",
        "The result is off by the same factor {factor} everywhere.",
        "Look for a constant you dropped or added.",
        False,
    ),
    _m(
        "float32-dtype",
        "any",
        "`astype(np.float32)`",
        "The result is not float64.",
        "Keep the computation in float64.",
        False,
    ),
    _m(
        "shapes-do-not-fit",
        "any matrix product or entrywise operation",
        "`dout @ W` where `dout @ W.T` belongs, `y_pred - y` of shapes (N, 1) and (N,)",
        "numpy could not combine two arrays of these shapes.",
        "Compare each operand's shape with the docstring's.",
        False,
    ),
    _m(
        "wrong-behaviour",
        "any",
        "a result that breaks a rule of the docstring",
        "The result breaks a rule of the docstring.",
        "Read the message above.",
        False,
    ),
    # -- causes that any function can have --------------------------------------------------
    _m(
        "missing-return",
        "any",
        "a function body without `return`",
        "The function returned None.",
        "Did you forget a `return` statement?",
    ),
    _m(
        "wrong-sign",
        "any",
        "`-(X.T @ dout)`, `y - y_pred` instead of `y_pred - y`",
        "A sign is wrong.",
        "Check the signs of your formula: y_pred - y, not y - y_pred; + b, not - b.",
    ),
    _m(
        "not-divided-by-n",
        "losses and their gradients",
        "`(y_pred - y)` without `/ N`",
        "The result is N = {n} times too large.",
        "Divide by the batch size N (once).",
    ),
    _m(
        "divided-by-n",
        "layers, losses",
        "`X.T @ dout / N` in a layer, or `/ N` twice",
        "The result is N = {n} times too small.",
        "Divide by the batch size N only once, in the loss: a layer's backward pass does not "
        "divide by N.",
    ),
    _m(
        "missing-half",
        "mse_loss",
        "`np.sum((y_pred - y) ** 2) / N`",
        "The result is 2 times too large.",
        "Remember the 1/2 in front of the loss.",
    ),
    _m(
        "extra-half",
        "mse_loss_grad",
        "`(y_pred - y) / (2 * N)`",
        "The result is 2 times too small.",
        "Differentiating (1/2) x^2 gives x, not x / 2.",
    ),
    _m(
        "missing-transpose",
        "any matrix product",
        "`dout @ W` where `dout @ W.T` belongs",
        "A matrix product's inner sizes differ, and only the transpose of {operand} fits.",
        "Check the docstring's shapes: {operand}.T has shape {shape}.",
    ),
    _m(
        "transposed",
        "any matrix product",
        "`dout.T @ X` instead of `X.T @ dout`",
        "The result is the transpose of the right answer.",
        "Check the order of the factors in your matrix product.",
    ),
    _m(
        "extra-axis",
        "any",
        "an (N, 1) column or a (1, M) row where a flat (N,) array belongs",
        "There is an axis of length 1 too many.",
        "Keep vectors 1-D: sum without keepdims=True, or reshape to (N,).",
    ),
    _m(
        "forgot-batch-sum",
        "bias gradients",
        "`db = dout`",
        "There is one axis too many: the batch axis is still there.",
        "Sum over the batch axis: dout.sum(axis=0).",
    ),
    _m(
        "wrong-sum-axis",
        "bias gradients",
        "`dout.sum(axis=1)`",
        "The sum went over the wrong axis.",
        "Sum over the batch axis 0 only: dout.sum(axis=0).",
    ),
    _m(
        "summed-all-axes",
        "bias gradients",
        "`db = dout.sum()`",
        "You returned a single number where an array is expected: you summed over every axis.",
        "Sum over the batch axis only: dout.sum(axis=0).",
    ),
    _m(
        "integer-dtype",
        "any",
        "`* 1`, `astype(int)`, `np.zeros(n, dtype=int)`",
        "The result has an integer dtype, so fractions are lost.",
        "Use floats (`1.0`, not `1`) or `.astype(np.float64)`.",
    ),
    _m(
        "bool-dtype",
        "step, predict",
        "`return z >= 0`",
        "The result holds True/False, not 1.0/0.0.",
        "Turn the comparison into numbers with `.astype(np.float64)` or np.where.",
    ),
    _m(
        "input-modified",
        "any",
        "`dout *= s * (1 - s)`, `z[z < 0] = 0`, `w[i] += h`",
        "Your function modified its input {input} in place.",
        "Build new arrays instead: `x = x + 1`, not `x += 1`; `np.maximum(z, 0)`, not "
        "`z[z < 0] = 0`; work on a copy.",
    ),
    _m(
        "overflow",
        "sigmoid, softmax",
        "`1 / (1 + np.exp(-z))`, `np.exp(z) / np.sum(np.exp(z))`",
        "np.exp overflowed for a large |z| (numpy printed a warning).",
        "Only ever call np.exp on numbers <= 0: for the sigmoid use exp(-|z|), for the softmax "
        "subtract each row's largest score first.",
    ),
    _m(
        "uphill",
        "gradient_descent, sgd_step, momentum_step, rmsprop_step, adam_step, train",
        "`w + lr * grad`",
        "You stepped uphill: the update adds the gradient.",
        "A descent step subtracts it: w - lr * grad.",
    ),
    _m(
        "earlier-function-fails",
        "chapters that use earlier ones",
        "a correct function on top of a wrong one from an earlier chapter (or cell)",
        "Your {function} from {where} fails its checks.",
        "Fix it there first: this check runs it.",
    ),
    # -- chapter 1 -------------------------------------------------------------------------
    _m("step-at-zero", "step", "`z > 0`", "step(0) must be 1.", "The rule is z >= 0, not z > 0."),
    _m(
        "step-sides-swapped",
        "step",
        "`np.where(z >= 0, 0.0, 1.0)`, `z <= 0`",
        "The two sides are swapped.",
        "1 is for z >= 0, 0 for z < 0.",
    ),
    _m(
        "forgot-bias",
        "perceptron_predict, linear_forward, two_layer_forward",
        "`step(X @ w)`, `X @ W`",
        "You forgot the bias.",
        "Add it: step(X @ w + b) for the perceptron, X @ W + b in a linear layer.",
    ),
    _m(
        "error-rate",
        "accuracy",
        "`np.mean(y_pred != y)`",
        "You returned the fraction of mistakes (1 - accuracy).",
        "Count the entries that agree: y_pred == y.",
    ),
    _m(
        "percentage",
        "accuracy",
        "`100 * np.mean(...)`",
        "You returned a percentage.",
        "Return a fraction between 0 and 1.",
    ),
    _m(
        "xor-is-or",
        "xor_network",
        "an output unit that fires for one or two 1s",
        "Your network computes OR: (1, 1) must give 0.",
        "The output unit fires between the two hidden lines: one hidden unit on, the other off.",
    ),
    _m(
        "xor-is-and",
        "xor_network",
        "an output unit that fires only for (1, 1)",
        "Your network computes AND.",
        "Exactly one 1 must give 1.",
    ),
    _m(
        "xor-inverted",
        "xor_network",
        "the output unit's signs flipped",
        "Your answers are the opposite of XOR everywhere.",
        "Swap the output unit's sides: multiply its weights and bias by -1.",
    ),
    _m(
        "xor-line-in-square",
        "xor_network",
        "a hidden line through a dotted square",
        "A hidden line runs through a dotted square: your network is not right everywhere "
        "within 0.2 of the corners.",
        "A hidden line passes through, or too close to, a dotted square: move it clear "
        "(the demo's box counts the squares that are right).",
    ),
    # -- chapter 2 -------------------------------------------------------------------------
    _m(
        "mean-over-all-entries",
        "mse_loss, cross_entropy_loss, train",
        "`np.mean((y_pred - y) ** 2)`",
        "You averaged over all N K entries.",
        "Average over the N examples only, and add up the K outputs of each.",
    ),
    _m(
        "mean-over-all-entries-halved",
        "mse_loss",
        "`np.mean((y_pred - y) ** 2) / 2`",
        "You averaged over all N K entries and halved.",
        "Divide the sum by 2 N, not by 2 N K.",
    ),
    _m(
        "mean-over-outputs",
        "mse_loss, mse_loss_grad, softmax_cross_entropy_grad",
        "`np.sum((y_pred - y) ** 2) / (2 * K)`, `y_pred.shape[1]` where `y_pred.shape[0]` belongs",
        "You divided by the number of outputs K instead of the number of examples N.",
        "N is y_pred.shape[0], the number of rows: average over the examples.",
    ),
    _m(
        "rows-not-normalised",
        "softmax",
        "`np.exp(z) / np.sum(np.exp(z))` over the whole array",
        "The rows do not add up to 1.",
        "Divide each row by its own sum (along the last axis, with keepdims=True).",
    ),
    _m(
        "max-not-per-row",
        "softmax",
        "`np.exp(z - np.max(z))`, `z.max(axis=0)`: the whole array's or each column's largest",
        "You subtracted a largest score that is not each row's own (the whole array's, or each "
        "column's), so a row far below it underflows to 0 / 0.",
        "Subtract each row's own largest score: np.max(z, axis=-1, keepdims=True).",
    ),
    _m(
        "all-classes-in-loss",
        "cross_entropy_loss",
        "`-np.sum(np.log(p)) / N`",
        "You added up log p over every class.",
        "Only the right class counts: multiply by the one-hot y.",
    ),
    _m(
        "forgot-softmax",
        "softmax_cross_entropy_grad",
        "`(z - y) / N`",
        "You returned (z - y) / N.",
        "Apply the softmax to the scores first.",
    ),
    # -- chapter 3 -------------------------------------------------------------------------
    _m(
        "forward-difference",
        "numerical_gradient",
        "`(f(w + h e_i) - f(w)) / h`",
        "You used the forward difference (f(w + h) - f(w)) / h.",
        "Use the central one: (f(w + h e_i) - f(w - h e_i)) / (2 h).",
    ),
    _m(
        "divided-by-h",
        "numerical_gradient",
        "`(f(w + h e_i) - f(w - h e_i)) / h`",
        "You divided by h instead of 2 h.",
        "The two points are 2 h apart.",
    ),
    _m(
        "ignored-h",
        "numerical_gradient, gradient_check",
        "a fixed step such as `1e-5` instead of `h`",
        "You ignored the argument h.",
        "Use the step you are given.",
    ),
    _m(
        "integer-steps-lost",
        "numerical_gradient",
        "`w.copy()` of an integer array, then `+ h`",
        "The steps were lost in an integer array.",
        "Convert w to float64 first.",
    ),
    _m(
        "error-swallowed",
        "numerical_gradient",
        "`try: ... except: pass` around f",
        "An error raised by f did not reach the caller.",
        "Let f's errors through.",
    ),
    _m(
        "mean-relative-error",
        "gradient_check",
        "`np.mean(np.abs(a - n) / (np.abs(a) + np.abs(n)))`",
        "You returned the mean of the relative errors.",
        "Return the largest: one wrong entry must show.",
    ),
    _m(
        "absolute-error",
        "gradient_check",
        "`np.max(np.abs(a - n))`",
        "You returned the absolute error |a - n|.",
        "Divide each entry by |a| + |n|.",
    ),
    _m(
        "divided-by-analytic-only",
        "gradient_check",
        "`np.abs(a - n) / np.abs(a)`",
        "You divided by |a| alone (or by |n| alone).",
        "Divide by |a| + |n|.",
    ),
    _m(
        "aliased-rows",
        "gradient_descent",
        "`path.append(w)` after `w -= lr * g`",
        "Every row of the path is the same array.",
        "Store a new array per step: `w = w - lr * grad_f(w)`, or append `w.copy()`.",
    ),
    _m(
        "gradient-at-wrong-point",
        "gradient_descent",
        "`grad_f(w0)` in every step",
        "grad_f was not evaluated at the current point of every step.",
        "Each step uses the gradient at w_k: w_(k+1) = w_k - lr * grad_f(w_k).",
    ),
    # -- chapter 4 -------------------------------------------------------------------------
    _m(
        "forgot-activation-derivative",
        "sigmoid_backward, relu_backward",
        "`return dout`",
        "You returned dout unchanged.",
        "Multiply it by the local derivative (sigmoid: s (1 - s); ReLU: 0 where z <= 0).",
    ),
    _m(
        "derivative-of-z",
        "sigmoid_backward",
        "`dout * z * (1 - z)` with z the input",
        "You used z (1 - z).",
        "The derivative is s (1 - s), with s = sigmoid(z).",
    ),
    _m(
        "derivative-of-sigmoid-of-s",
        "sigmoid_backward, two_layer_backward",
        "`t = sigmoid(s); dout * t * (1 - t)` with s already the sigmoid's output",
        "You applied the sigmoid twice: the cache already holds s = sigmoid(z).",
        "Use s (1 - s) with the s you cached, not sigmoid(s).",
    ),
    _m(
        "forgot-dout",
        "sigmoid_backward, relu_backward",
        "`return s * (1 - s)`",
        "You returned the local derivative alone.",
        "Multiply it by dout (the chain rule).",
    ),
    _m(
        "missing-activation-derivative",
        "two_layer_backward",
        "`linear_backward(dout, cache)` straight after the output, no `sigmoid_backward`",
        "A sigmoid's derivative is missing in your backward pass.",
        "Every sigmoid of the forward pass needs its sigmoid_backward, in reverse order.",
    ),
    _m(
        "weights-transposed",
        "linear_forward, two_layer_forward, two_layer_backward, xor_network",
        '`X @ params["W1"].T`, a layer given `W.T`',
        "A weight matrix was used transposed.",
        "W1 has shape (D, H) and W2 (H, K), as the docstring says: use them as they are.",
    ),
    _m(
        "layers-miswired",
        "two_layer_forward, two_layer_backward",
        "a layer fed the wrong input (z where the sigmoid's output belongs, a sigmoid left out), "
        "or a backward step given the wrong cache",
        "The layers are connected in the wrong way.",
        "Forward: X -> linear(W1, b1) -> sigmoid -> linear(W2, b2) -> sigmoid. Backward: the "
        "same steps in reverse order, each with its own cache.",
    ),
    _m(
        "tanh-forgot-derivative",
        "tanh_backward",
        "`return dout`",
        "You returned dout unchanged.",
        "Multiply it by tanh's local derivative, written with the output t = tanh(z) that your "
        "cache keeps.",
    ),
    _m(
        "tanh-sigmoid-derivative",
        "tanh_backward",
        "`dout * t * (1 - t)`, the sigmoid's rule",
        "You used the sigmoid's derivative, t (1 - t).",
        "tanh is not the sigmoid: differentiate tanh(z) = (e^z - e^-z) / (e^z + e^-z) and write "
        "the result with t = tanh(z).",
    ),
    _m(
        "tanh-derivative-of-z",
        "tanh_backward",
        "the local derivative written with the input z instead of the output t",
        "You put z where t = tanh(z) belongs.",
        "Write the local derivative with t, the forward pass's output that the cache keeps.",
    ),
    _m(
        "tanh-derivative-linear",
        "tanh_backward",
        "`dout * (1 - t)`",
        "You used 1 - t as the local derivative.",
        "tanh flattens out towards t = 1 and towards t = -1: its derivative must vanish at both "
        "ends, and be 1 at z = 0. Differentiate again.",
    ),
    _m(
        "tanh-forgot-dout",
        "tanh_backward",
        "`return` the local derivative alone",
        "You returned the local derivative alone.",
        "Multiply it by dout (the chain rule).",
    ),
    # -- chapter 5 -------------------------------------------------------------------------
    _m(
        "w2-drawn-first",
        "init_params",
        "`W2 = rng.normal(...)` before `W1 = ...`",
        "W2 was drawn before W1.",
        "Draw W1 first, then W2, from the same generator.",
    ),
    _m(
        "w2-new-generator",
        "init_params",
        "`np.random.default_rng(seed)` called again before drawing W2",
        "W2 came from a second generator started with the same seed, so it repeats W1's numbers.",
        "Create the generator once and draw W1, then W2, from it.",
    ),
    _m(
        "std-one",
        "init_params",
        "`rng.normal(size=(D, H))`",
        "The weights have standard deviation 1.",
        "Scale them by 1 / sqrt(fan-in).",
    ),
    _m(
        "std-one-over-fan-in",
        "init_params",
        "`rng.normal(0, 1 / D, ...)`",
        "The standard deviation is 1 / fan-in.",
        "It should be 1 / sqrt(fan-in).",
    ),
    _m(
        "zero-init",
        "init_params",
        "`np.zeros((D, H))` for W1",
        "The weights start at zero, so every hidden unit is the same.",
        "Draw the weights at random (the biases may be zero).",
    ),
    _m(
        "seed-ignored",
        "init_params, minibatches",
        "`np.random.default_rng(0)`",
        "Another seed gives the same numbers.",
        "Pass seed to np.random.default_rng(seed).",
    ),
    _m(
        "loss-after-update",
        "train",
        "`losses[epoch] = ...` after the update",
        "You recorded each loss after the update, not before.",
        "Record the loss of the weights the epoch starts with.",
    ),
    _m(
        "biases-not-updated",
        "train",
        "only `W1` and `W2` updated",
        "The biases are never updated.",
        "Update b1 and b2 too: params - lr * grads.",
    ),
    _m(
        "column-minus-flat",
        "train, train_with_optimiser",
        "y of shape (N,) against an output of shape (N, 1)",
        "y of shape (N,) met the output of shape (N, 1), and numpy broadcast them to (N, N).",
        "Reshape y to (N, 1) first: y.reshape(len(X), -1).",
    ),
    _m(
        "returned-output",
        "predict",
        "`return out`",
        "You returned the network's output itself.",
        "Compare it with 0.5 and return 1.0 or 0.0.",
    ),
    _m(
        "threshold-excludes-half",
        "predict",
        "`out > 0.5`",
        "An output of exactly 0.5 counts as 1.",
        "Use >= 0.5.",
    ),
    _m(
        "predictions-inverted",
        "predict",
        "`out < 0.5`",
        "You predicted 1 where the output is below 0.5.",
        "Use out >= 0.5.",
    ),
    _m(
        "ce-dout-is-error",
        "train",
        '`loss="ce"` ignored, or `dout = (out - Y) / N` handed to `two_layer_backward`',
        'Your loss="ce" run takes the squared error\'s steps.',
        "two_layer_backward multiplies dout by the output sigmoid's slope p (1 - p): hand it the "
        "cross-entropy's gradient with respect to the output p (section 7), averaged over N, so "
        "that what reaches z is (p - y) / N.",
    ),
    _m(
        "ce-not-averaged",
        "train",
        '`dout` of a `loss="ce"` run without `/ N`',
        "Your cross-entropy steps are N times too large: its gradient is not averaged over the "
        "batch.",
        "Divide dout by N = len(X), as mse_loss_grad does.",
    ),
    _m(
        "ce-losses-recorded",
        "train",
        '`losses[epoch]` = the cross-entropy in a `loss="ce"` run',
        "You recorded the cross-entropy.",
        "losses holds the squared error (mse_loss) whichever loss train descends, so that runs on "
        "the two losses are measured alike.",
    ),
    # -- chapter 6 -------------------------------------------------------------------------
    _m(
        "relu-kink",
        "relu_backward",
        "`np.where(z >= 0, dout, 0)`",
        "At z = 0 the gradient is 0 here.",
        "Let dout through only where z > 0, not z >= 0.",
    ),
    _m(
        "forgot-lr",
        "gradient_descent, sgd_step",
        "`w - grad`, or a number written where lr belongs",
        "Your step does not use the learning rate lr.",
        "Multiply the gradient by the lr passed in: w - lr * grad.",
    ),
    _m(
        "momentum-averaged",
        "momentum_step",
        "`beta * v + (1 - beta) * grad`",
        "You averaged, v' = beta v + (1 - beta) grad.",
        "This course's momentum adds the whole gradient: v' = beta v + grad.",
    ),
    _m(
        "old-velocity",
        "momentum_step",
        "`w - lr * v` with the old v",
        "You moved w with the old velocity.",
        "Use the new one: w - lr * v_new.",
    ),
    _m(
        "forgot-sqrt",
        "rmsprop_step, adam_step",
        "`grad / (s_new + eps)`",
        "You forgot the square root.",
        "Divide by sqrt(s_new) + eps (in Adam, sqrt(s_hat) + eps).",
    ),
    _m(
        "old-square-average",
        "rmsprop_step",
        "`grad / (np.sqrt(s) + eps)` with the old s",
        "You divided by the old s.",
        "Compute s_new first and use it.",
    ),
    _m(
        "eps-inside-sqrt",
        "rmsprop_step, adam_step",
        "`np.sqrt(s_new + eps)`",
        "eps is inside the square root.",
        "It goes outside: sqrt(s_new) + eps.",
    ),
    _m(
        "no-bias-correction",
        "adam_step",
        "`m_new / (np.sqrt(s_new) + eps)`",
        "There is no bias correction.",
        "Divide m by 1 - beta1**t and s by 1 - beta2**t.",
    ),
    _m(
        "t-off-by-one",
        "adam_step",
        "`1 - beta1 ** (t + 1)`",
        "Your bias correction is one step off in t (t + 1 or t - 1), but t counts from 1.",
        "The first call has t = 1: divide by 1 - beta1**t.",
    ),
    _m(
        "params-updated-in-place",
        "train_with_optimiser",
        "`params[key] -= lr * grads[key]`, or an optimiser that changes its w",
        "best_params followed every later update: it holds the arrays (or the dict) the "
        "updates changed in place, or the last parameters were returned, not the best epoch's.",
        "Build new arrays at each update (`new[key] = sgd_step(...)`, `params = new`), and keep a "
        "copy of the best epoch's parameters to return.",
    ),
    _m(
        "state-not-carried",
        "momentum_step, train_with_optimiser",
        "`v = np.zeros_like(w)` inside the step, `momentum_step(w, g, np.zeros_like(w), lr)` at "
        "every step",
        "The optimiser's state (the velocity, Adam's moments) was not handed from one step to the "
        "next.",
        "Use the state the step is given (v, m, s) and return the new one; in the training loop, "
        "keep each parameter's state in a dict and pass the one the last step returned.",
    ),
    _m(
        "adam-t-restarts",
        "train_with_optimiser",
        "`t = 1` at the start of each epoch, the batch number as t, or `t += 1` after the step",
        "Adam's t did not count the updates from 1 across epochs.",
        "Count every update: t = 1, 2, 3, ... over all epochs.",
    ),
    _m(
        "full-batch-gradient",
        "train_with_optimiser",
        "`two_layer_forward(X, params)` inside the loop over the batches",
        "Each update used the gradient of the whole training set, not of its batch.",
        "Run the forward and backward passes on X[batch] and y[batch] only.",
    ),
    _m(
        "later-tie",
        "train_with_optimiser",
        "`if val_loss <= best:`",
        "When two epochs tie for the lowest validation loss, the later one was kept.",
        "Replace the best parameters only when the validation loss is strictly lower (<).",
    ),
    _m(
        "global-generator",
        "minibatches, init_params",
        "`np.random.seed(seed)` then `np.random.permutation(n)` or `np.random.randn(D, H)`",
        "The numbers came from numpy's global generator, which your function changed for all "
        "other code.",
        "Use a generator of your own: rng = np.random.default_rng(seed), then draw from rng.",
    ),
    _m(
        "not-shuffled",
        "minibatches",
        "`np.arange(n)` cut into pieces",
        "The indices are not shuffled.",
        "Shuffle with np.random.default_rng(seed).permutation(n).",
    ),
    _m(
        "last-batch-dropped",
        "minibatches, train_with_optimiser",
        "`range(0, n - batch_size + 1, batch_size)`",
        "The short last batch is missing.",
        "Keep the last batch even if it is shorter.",
    ),
    _m(
        "indices-not-integers",
        "minibatches",
        "`np.linspace(...)`, float indices",
        "A batch holds floats, not integer indices.",
        "Use np.random.default_rng(seed).permutation(n).",
    ),
]

CATALOGUE: dict[str, Mistake] = {m.id: m for m in CATALOGUE_ENTRIES}
assert len(CATALOGUE) == len(CATALOGUE_ENTRIES), "duplicate mistake ids"


def mistake(id: str) -> Mistake:
    """The catalogue entry ``id``; a ``KeyError`` names the unknown id."""
    try:
        return CATALOGUE[id]
    except KeyError:
        raise KeyError(f"no mistake {id!r} in the catalogue (nnlearn.mistakes)") from None


class _Fields(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def in_language(id: str, language: str | None = None) -> Mistake:
    """The catalogue entry ``id`` in ``language`` (its prose translated; id and kind as they
    are); by default in the kernel's language (:func:`nnlearn.i18n.current`)."""
    entry = mistake(id)
    _ = translator(language or current())
    where = entry.where if _names_only(entry.where) else _(entry.where)
    return replace(
        entry, where=where, looks_like=_(entry.looks_like), says=_(entry.says), fix=_(entry.fix)
    )


def sentence(id: str, language: str | None = None, **fields) -> str:
    """What a check prints for mistake ``id``: its sentence and its fix, fields filled in; by
    default in the kernel's language (:func:`nnlearn.i18n.current`: what the checks, the test
    cells and the hidden tests show a student of a Korean notebook)."""
    entry = in_language(id, language)
    return f"{entry.says} {entry.fix}".format_map(_Fields(fields))


# -- the line every failure ends with ---------------------------------------------------------

_TRAILER = '[mistakes: {ids}] (see "Common mistakes" in the book)'
_TRAILER_RE = re.compile(r"^\[mistakes: ([a-z0-9-]+(?:, [a-z0-9-]+)*)\] \(see ", re.MULTILINE)


def trailer(ids) -> str:
    """The last line of a failure message: the ids it found, for machines and the book."""
    return _TRAILER.format(ids=", ".join(ids))


def ids_in(text: str) -> list[str]:
    """The mistake ids a failure message names (its trailer lines), in order, each once."""
    found = [i for match in _TRAILER_RE.finditer(text) for i in match.group(1).split(", ")]
    return list(dict.fromkeys(i for i in found if i in CATALOGUE))


class CheckFailure(AssertionError):
    """A failed check: the message a student reads, and the ids of the mistakes it found.

    ``str(error)`` ends with :func:`trailer`; ``error.mistakes`` holds the ids (symptoms
    first, then diagnoses); ``error.function`` names the function blamed, when the check blames
    one other than the one under test (``earlier-function-fails``).
    """

    def __init__(self, message: str, mistakes, function: str | None = None):
        self.mistakes = tuple(dict.fromkeys(mistake(i).id for i in mistakes))
        self.function = function
        self.text = message
        super().__init__(f"{message}\n{trailer(self.mistakes)}" if self.mistakes else message)

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for a failed check: the message, not a traceback through the
        checker (JupyterLab, the in-browser lab and nbgrader's executed feedback all ask
        IPython for this). The message itself says where: which call, which entries, and for
        an error raised inside the student's function, its line."""
        return [f"{type(self).__name__}: {self}"]

    @property
    def diagnoses(self) -> tuple[str, ...]:
        """The ids that name a cause (not a symptom)."""
        return tuple(i for i in self.mistakes if CATALOGUE[i].diagnosis)


# -- the book's page --------------------------------------------------------------------------


# Identifiers only ("mse_loss, mse_loss_grad"): a `where` that is not translated ("any" is).
_FUNCTION_NAMES = re.compile(r"^[a-z_0-9]+(?:, [a-z_0-9]+)*$")


def _names_only(where: str) -> bool:
    return where != "any" and bool(_FUNCTION_NAMES.match(where))


_HEADINGS = ("id", "in", "looks like", "the check says", "the fix")
_SYMPTOM = "what the check saw"
_AN_EARLIER_EXERCISE = "an earlier exercise"


def html_table(language: str = "en") -> str:
    """The catalogue as an HTML table (the book's "Common mistakes" page renders it), in
    ``language``.

    One row per mistake: its id (an anchor: ``mistakes.html#wrong-sign``), the functions it
    concerns, what it looks like, what the check says and the fix.
    """
    import html

    _ = translator(language)

    def cell(text: str) -> str:
        text = html.escape(text)
        return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)

    head = "".join(f"<th>{_(h)}</th>" for h in _HEADINGS)
    rows = []
    for id in CATALOGUE:
        m = in_language(id, language)
        says = m.says.format_map(
            _Fields(
                n="N",
                input="X",
                function="f",
                factor="c",
                where=_(_AN_EARLIER_EXERCISE),
                operand="W",
            )
        )
        fix = m.fix.format_map(_Fields(operand="W", shape="(M, D)"))
        kind = "" if m.diagnosis else f" ({_(_SYMPTOM)})"
        rows.append(
            f'<tr id="{m.id}"><td><code>{m.id}</code>{kind}</td><td>{cell(m.where)}</td>'
            f"<td>{cell(m.looks_like)}</td><td>{cell(says)}</td><td>{cell(fix)}</td></tr>"
        )
    return (
        f'<table class="table"><thead><tr>{head}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def translatable():
    """Every string of this module a reader sees, as ``(text, where)`` for the catalogue's
    template (:mod:`nnlearn.i18n`): the table's headings, then each entry's prose."""
    for text in (*_HEADINGS, _SYMPTOM, _AN_EARLIER_EXERCISE):
        yield text, "nnlearn/mistakes.py:html_table"
    for m in CATALOGUE.values():
        if not _names_only(m.where):
            yield m.where, f"nnlearn/mistakes.py:{m.id}"
        for text in (m.looks_like, m.says, m.fix):
            yield text, f"nnlearn/mistakes.py:{m.id}"
