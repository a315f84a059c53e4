"""Blind labels of the independent bugs with catalogue ids (nnlearn/mistakes.py).

Written from the bug code and cause text and the catalogue only, before seeing what the checks
named. A key is "chapterN:function:name" (bug names repeat across functions within a chapter,
e.g. chapter2 "sign", so the function is part of the key). A value holds the cause ids any of
which would be a correct name; () = no catalogued cause fits. Symptom ids are never listed.
"""

LABELS = {
    # ---------------------------------------------------------------- chapter 1
    "chapter1:step:strict_greater": ("step-at-zero",),
    "chapter1:step:returns_bool": ("bool-dtype",),
    # in place; "ints stay ints" is the integer-dtype consequence of the same line
    "chapter1:step:in_place": ("input-modified", "integer-dtype"),
    "chapter1:step:sign_half": ("step-at-zero",),  # step(0) = 0.5: "step(0) must be 1"
    "chapter1:step:python_loop_1d": (),
    "chapter1:step:heaviside_zero": ("step-at-zero",),
    # only the bias has the wrong sign; "check the sign of your formula" leads to -b
    "chapter1:perceptron_predict:bias_subtracted": ("wrong-sign",),
    "chapter1:perceptron_predict:column_output": ("extra-axis",),
    "chapter1:perceptron_predict:w0_twice": (),
    "chapter1:perceptron_predict:strict": ("step-at-zero",),  # z > 0 instead of z >= 0
    "chapter1:perceptron_predict:int_output": ("integer-dtype",),
    "chapter1:perceptron_predict:placeholder": (),  # not specific (a stub)
    "chapter1:accuracy:count": ("not-divided-by-n",),  # a count = the mean not divided by N
    "chapter1:accuracy:error_rate": ("error-rate",),
    "chapter1:accuracy:floor_division": ("integer-dtype",),  # // keeps an integer, fraction lost
    "chapter1:accuracy:percent": ("percentage",),
    # (N, 1) column against (N,): both ids describe this cause
    "chapter1:accuracy:broadcast_column": ("extra-axis", "column-minus-flat"),
    "chapter1:accuracy:rounded": (),
    "chapter1:xor_network:or_only": ("xor-is-or",),
    "chapter1:xor_network:thresholds_at_corners": ("xor-line-in-square",),
    # the OR line x1 + x2 = 0 passes through the (0, 0) square (here even its corner)
    "chapter1:xor_network:or_bias_zero": ("xor-line-in-square",),
    # output is constant 1 (OR of OR and NAND), not OR of the inputs; xor-is-or's fix misleads
    "chapter1:xor_network:or_of_hidden": (),
    "chapter1:xor_network:column_output": ("extra-axis",),
    # ---------------------------------------------------------------- chapter 2
    "chapter2:mse_loss:no_half": ("missing-half",),
    "chapter2:mse_loss:mean_over_all": ("mean-over-all-entries-halved", "mean-over-all-entries"),
    "chapter2:mse_loss:no_batch_mean": ("not-divided-by-n",),
    "chapter2:mse_loss:per_example": ("not-a-single-number",),
    "chapter2:mse_loss:square_of_sum": (),
    # sum / 2 / N / K = mean / 2
    "chapter2:mse_loss:loop_divides_inside": (
        "mean-over-all-entries-halved",
        "mean-over-all-entries",
    ),
    "chapter2:mse_loss_grad:sign": ("wrong-sign",),
    "chapter2:mse_loss_grad:over_NK": ("mean-over-all-entries",),
    "chapter2:mse_loss_grad:no_N": ("not-divided-by-n",),
    "chapter2:mse_loss_grad:factor_two": ("missing-half",),  # 2x too large: the 1/2 forgotten
    "chapter2:mse_loss_grad:divides_by_K": ("mean-over-outputs",),
    "chapter2:softmax:unstable": ("overflow",),
    # column sums and column max: both ids name a real part of the axis-0 mistake
    "chapter2:softmax:axis0": ("rows-not-normalised", "max-not-per-row"),
    "chapter2:softmax:global_max": ("max-not-per-row",),
    "chapter2:softmax:no_keepdims": ("rows-not-normalised",),  # fix says: own row sum, keepdims
    "chapter2:softmax:in_place": ("input-modified",),
    # axis=1 instead of the last axis; the fix "along the last axis" leads there
    "chapter2:softmax:only_2d": ("rows-not-normalised",),
    "chapter2:cross_entropy_loss:nan_on_zero": (),  # 0 * log 0; only the nan-or-inf symptom
    "chapter2:cross_entropy_loss:mean_over_all": ("mean-over-all-entries",),
    "chapter2:cross_entropy_loss:no_minus": ("wrong-sign",),
    "chapter2:cross_entropy_loss:log10": (),
    "chapter2:cross_entropy_loss:sum_axis0_mean": ("mean-over-outputs",),  # / K instead of / N
    "chapter2:cross_entropy_loss:clip_eps": (),
    "chapter2:softmax_cross_entropy_grad:no_N": ("not-divided-by-n",),
    "chapter2:softmax_cross_entropy_grad:sign": ("wrong-sign",),
    "chapter2:softmax_cross_entropy_grad:z_not_softmax": ("forgot-softmax",),
    "chapter2:softmax_cross_entropy_grad:over_NK": ("mean-over-all-entries",),
    # its own softmax normalises columns (and subtracts column maxima)
    "chapter2:softmax_cross_entropy_grad:softmax_axis0": ("rows-not-normalised", "max-not-per-row"),
    "chapter2:softmax_cross_entropy_grad:only_true_class": (),
    # ---------------------------------------------------------------- chapter 3
    "chapter3:numerical_gradient:forward_difference": ("forward-difference",),
    "chapter3:numerical_gradient:divides_by_h": ("divided-by-h",),
    # nudges the caller's w; on an int w the nudges are lost (a float copy fixes both)
    "chapter3:numerical_gradient:in_place_restore": ("input-modified", "integer-steps-lost"),
    "chapter3:numerical_gradient:no_float_cast": ("integer-steps-lost", "integer-dtype"),
    "chapter3:numerical_gradient:1d_only": (),
    "chapter3:numerical_gradient:perturbations_accumulate": (),  # copies, but never reset
    "chapter3:gradient_descent:no_start": (),
    "chapter3:gradient_descent:aliased_rows": ("aliased-rows",),
    "chapter3:gradient_descent:ascent": ("uphill",),
    "chapter3:gradient_descent:modifies_w0": ("input-modified",),
    "chapter3:gradient_descent:one_step_too_many": (),
    "chapter3:gradient_descent:int_start": ("integer-dtype",),
    # ---------------------------------------------------------------- chapter 4
    "chapter4:sigmoid:naive_overflow": ("overflow",),
    "chapter4:sigmoid:exp_ratio": ("overflow",),
    "chapter4:sigmoid:sign": ("wrong-sign",),  # exp(z) for exp(-z): a sign in the formula
    "chapter4:sigmoid:where_in_place": ("input-modified",),
    "chapter4:sigmoid:tanh_wrong_scale": (),
    "chapter4:sigmoid:clipped_rounded": (),
    "chapter4:sigmoid_forward:swapped": ("wrong-return-structure",),  # (cache, out) order
    "chapter4:sigmoid_forward:only_out": ("wrong-return-structure",),
    "chapter4:sigmoid_forward:tanh": (),
    "chapter4:sigmoid_forward:naive": ("overflow",),
    "chapter4:sigmoid_forward:tanh_activation": (),  # not specific: tanh, cache z
    "chapter4:sigmoid_backward:no_dout": ("forgot-dout",),
    "chapter4:sigmoid_backward:resigmoid_cache": ("derivative-of-sigmoid-of-s",),
    "chapter4:sigmoid_backward:missing_one_minus": (),
    "chapter4:sigmoid_backward:sign": ("wrong-sign",),
    "chapter4:sigmoid_backward:in_place": ("input-modified",),
    "chapter4:linear_forward:no_bias": ("forgot-bias",),
    "chapter4:linear_forward:swapped": ("wrong-return-structure",),
    "chapter4:linear_forward:transposed_out": ("transposed",),  # W^T X^T + b^T = (XW + b)^T
    "chapter4:linear_forward:bias_column": ("extra-axis",),  # b made an (M, 1) column
    # not specific: no bias, and [cache, out] list in the wrong order; each id names one part
    "chapter4:linear_forward:several": ("forgot-bias", "wrong-return-structure"),
    "chapter4:linear_backward:db_not_summed": ("forgot-batch-sum",),
    "chapter4:linear_backward:db_mean": ("divided-by-n",),  # mean = sum / N in a layer
    "chapter4:linear_backward:dW_transposed": ("transposed",),
    "chapter4:linear_backward:divides_by_N": ("divided-by-n",),
    "chapter4:linear_backward:wrong_order": ("wrong-return-structure",),
    "chapter4:linear_backward:db_axis1": ("wrong-sum-axis",),
    # layers-miswired's fix spells the forward chain X -> linear -> sigmoid -> linear -> sigmoid
    "chapter4:two_layer_forward:no_output_sigmoid": ("layers-miswired",),
    "chapter4:two_layer_forward:no_hidden_sigmoid": ("layers-miswired",),  # layer 2 fed z1
    "chapter4:two_layer_forward:bias_after_activation": ("layers-miswired",),
    "chapter4:two_layer_forward:lowercase_keys": (),
    "chapter4:two_layer_forward:b1_in_output": ("layers-miswired",),  # layer 2 fed b1, not b2
    "chapter4:two_layer_backward:no_output_derivative": ("missing-activation-derivative",),
    "chapter4:two_layer_backward:derivative_of_z": ("derivative-of-z",),
    "chapter4:two_layer_backward:no_hidden_derivative": ("missing-activation-derivative",),
    "chapter4:two_layer_backward:biases_not_summed": ("forgot-batch-sum",),
    "chapter4:two_layer_backward:d_prefixed_keys": ("wrong-return-structure",),
    # the gradients are transposed; the weights were used correctly (not weights-transposed)
    "chapter4:two_layer_backward:dW_transposed": ("transposed",),
    "chapter4:two_layer_backward:averaged_again": ("divided-by-n",),
    "chapter4:two_layer_backward:tuple": ("wrong-return-structure",),
    "chapter4:gradient_check:signed": (),
    "chapter4:gradient_check:mean": ("mean-relative-error",),
    # |n| alone instead of |a| alone: the same one-sided denominator, fix is |a| + |n|
    "chapter4:gradient_check:relative_to_numerical": ("divided-by-analytic-only",),
    "chapter4:gradient_check:no_floor": (),
    "chapter4:gradient_check:fixed_floor": (),
    # a whole-array ratio instead of the entry-wise largest; fix "return the largest" leads there
    "chapter4:gradient_check:global_norm": ("mean-relative-error",),
    "chapter4:gradient_check:nudges_w": ("input-modified",),
    # ---------------------------------------------------------------- chapter 5
    "chapter5:init_params:std_over_D": ("std-one-over-fan-in",),
    "chapter5:init_params:W2_first": ("w2-drawn-first",),
    # the seed is used (np.random.seed); "another seed gives the same numbers" is false
    "chapter5:init_params:legacy_seed": (),
    "chapter5:init_params:uniform": (),
    "chapter5:init_params:transposed": ("weights-transposed",),  # fix: W1 (D, H), W2 (H, K)
    "chapter5:init_params:fresh_rng_per_layer": ("w2-new-generator",),
    "chapter5:init_params:bias_rows": ("extra-axis",),
    "chapter5:init_params:fan_out": (),
    "chapter5:init_params:seed_ignored": ("seed-ignored",),
    "chapter5:train:loss_after_update": ("loss-after-update",),
    "chapter5:train:flat_y_not_reshaped": ("column-minus-flat",),
    # flat y not reshaped to (N, 1) (fails earlier, at y.shape[1]); the fix is the same
    "chapter5:train:shape1_of_flat_y": ("column-minus-flat",),
    "chapter5:train:one_epoch_short": (),
    "chapter5:train:grad_not_averaged": ("not-divided-by-n",),
    "chapter5:train:gradient_ascent": ("uphill",),
    "chapter5:train:seed_ignored": ("seed-ignored",),
    "chapter5:train:biases_frozen": ("biases-not-updated",),
    "chapter5:train:extra_final_loss": (),
    # recorded loss np.mean((out - y)**2): no 1/2 and / (N K)
    "chapter5:train:loss_mean_over_NK": ("mean-over-all-entries", "missing-half"),
    "chapter5:predict:strict": ("threshold-excludes-half",),
    "chapter5:predict:bool": ("bool-dtype",),
    "chapter5:predict:round": ("threshold-excludes-half",),  # 0.5 -> 0: fix ">= 0.5"
    "chapter5:predict:flattened": (),  # an axis too few, the opposite of extra-axis
    "chapter5:predict:argmax": (),
    # its own forward pass lacks the output sigmoid (same cause as two_layer_forward's)
    "chapter5:predict:own_forward_no_output_sigmoid": ("layers-miswired",),
    # ---------------------------------------------------------------- chapter 6
    "chapter6:relu_forward:in_place": ("input-modified",),
    "chapter6:relu_forward:swapped": ("wrong-return-structure",),
    "chapter6:relu_forward:leaky": (),
    "chapter6:relu_forward:np_max": (),
    "chapter6:relu_forward:several": ("input-modified",),  # not specific; z is modified
    "chapter6:relu_backward:ge_zero": ("relu-kink",),
    "chapter6:relu_backward:no_dout": ("forgot-dout",),
    "chapter6:relu_backward:in_place": ("input-modified",),
    "chapter6:relu_backward:mask_from_dout": (),
    "chapter6:relu_backward:times_relu_z": (),
    "chapter6:sgd_step:in_place": ("input-modified",),
    "chapter6:sgd_step:plus": ("uphill",),
    "chapter6:sgd_step:no_lr": ("forgot-lr",),
    "chapter6:sgd_step:returns_update": (),  # right kind and number of values, wrong quantity
    "chapter6:sgd_step:several": ("input-modified",),  # not specific; w modified in place
    "chapter6:momentum_step:ema": ("momentum-averaged",),
    "chapter6:momentum_step:swapped": ("wrong-return-structure",),
    "chapter6:momentum_step:old_velocity": ("old-velocity",),
    "chapter6:momentum_step:in_place": ("input-modified",),
    "chapter6:momentum_step:cs231n_form": (),
    # the velocity is zeroed inside the step: it is not carried from one step to the next
    "chapter6:momentum_step:state_dropped": ("state-not-carried",),
    "chapter6:rmsprop_step:eps_inside_sqrt": ("eps-inside-sqrt",),
    "chapter6:rmsprop_step:old_s": ("old-square-average",),
    "chapter6:rmsprop_step:no_one_minus_rho": (),
    "chapter6:rmsprop_step:no_sqrt": ("forgot-sqrt",),
    "chapter6:rmsprop_step:rho_swapped": (),
    "chapter6:rmsprop_step:swapped_return": ("wrong-return-structure",),
    # t - 1 rather than t + 1, but the same off-by-one in t; the fix (1 - beta1**t) is exact
    "chapter6:adam_step:t_from_zero": ("t-off-by-one",),
    "chapter6:adam_step:t_plus_one": ("t-off-by-one",),
    "chapter6:adam_step:no_bias_correction": ("no-bias-correction",),
    # there is a correction, with the wrong formula: "there is no bias correction" is false
    "chapter6:adam_step:divides_by_beta_power": (),
    "chapter6:adam_step:returns_hats": (),
    "chapter6:adam_step:order_w_s_m": ("wrong-return-structure",),
    "chapter6:adam_step:in_place_moments": ("input-modified",),
    "chapter6:minibatches:no_shuffle": ("not-shuffled",),
    "chapter6:minibatches:legacy_seed": (),  # the seed is used, through another API
    "chapter6:minibatches:drops_last": ("last-batch-dropped",),
    "chapter6:minibatches:with_replacement": (),
    "chapter6:minibatches:array_split": (),
    "chapter6:minibatches:seed_ignored": ("seed-ignored",),
    "chapter6:train_with_optimiser:state_reset_each_epoch": (
        "state-not-carried",
        "adam-t-restarts",
    ),
    "chapter6:train_with_optimiser:t_counts_epochs": ("adam-t-restarts",),
    "chapter6:train_with_optimiser:best_aliased": ("params-updated-in-place",),
    "chapter6:train_with_optimiser:no_start_loss": (),
    "chapter6:train_with_optimiser:same_shuffle_every_epoch": (),
    "chapter6:train_with_optimiser:ties_keep_latest": (),
    "chapter6:train_with_optimiser:unknown_is_sgd": (),
    "chapter6:train_with_optimiser:m_and_s_share_dict": (),
    # batch gradient / full N: too small by N / B, not "N times"; no catalogued cause
    "chapter6:train_with_optimiser:grad_over_full_N": (),
    "chapter6:train_with_optimiser:y_val_flat": ("column-minus-flat",),
    "chapter6:train_with_optimiser:best_by_train_loss": (),
}
