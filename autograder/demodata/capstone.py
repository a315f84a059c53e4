"""Demo data of chapter 6's capstone: the chapter's ``train_with_optimiser`` (the instructor's
reference, which runs the reference optimisers and mini-batches of the chapter and the network of
chapters 4 and 5) on noisy XOR, for every combination of the demo's sliders.

Arrays:

``capstone_optimisers``, ``capstone_rates``  the three optimisers and each one's base learning
                                             rate (the chapter's comparison);
``capstone_hidden``, ``capstone_batches``, ``capstone_factors``  the sliders: hidden units,
                                             batch size, factor on every base rate;
``capstone_train``, ``capstone_val``  losses on the training and validation sets at the start
                                      and after each epoch, shape (hidden, batches, factors,
                                      optimisers, epochs + 1).
"""

from __future__ import annotations

import numpy as np

from autograder.hidden.reference import load_reference
from nnlearn.datasets import noisy_xor

CHAPTER = "06_making_it_work"
RATES = {"sgd": 5.0, "momentum": 0.5, "adam": 0.05}
HIDDEN = [8, 20]
BATCHES = [8, 40]
FACTORS = [0.5, 1.0, 2.0]
EPOCHS = 300
VALIDATION = {"n_per_corner": 100, "seed": 1}  # the training set is noisy_xor()


def generate() -> dict[str, np.ndarray]:
    run = load_reference(CHAPTER)["train_with_optimiser"]
    X, y = noisy_xor()
    X_val, y_val = noisy_xor(**VALIDATION)
    shape = (len(HIDDEN), len(BATCHES), len(FACTORS), len(RATES), EPOCHS + 1)
    train, val = np.empty(shape), np.empty(shape)
    for i, hidden in enumerate(HIDDEN):
        for j, batch in enumerate(BATCHES):
            for k, factor in enumerate(FACTORS):
                for m, (name, rate) in enumerate(RATES.items()):
                    _, train[i, j, k, m], val[i, j, k, m] = run(
                        name, X, y, X_val, y_val, rate * factor, EPOCHS, batch, n_hidden=hidden
                    )
    return {
        "capstone_optimisers": np.array(list(RATES)),
        "capstone_rates": np.array(list(RATES.values())),
        "capstone_hidden": np.array(HIDDEN),
        "capstone_batches": np.array(BATCHES),
        "capstone_factors": np.array(FACTORS),
        # float32 is plenty for drawing, and halves the file
        "capstone_train": train.astype(np.float32),
        "capstone_val": val.astype(np.float32),
    }
