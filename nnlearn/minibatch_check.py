"""The public check of chapter 6's ``minibatches``, and its diagnoses.

On ``minibatches(10, 4)``: a list (*wrong-return-structure*) of batch sizes [4, 4, 2], the short
last batch kept (*last-batch-dropped*); each batch a numpy array (*not-an-array*) of integers
(*indices-not-integers*); every index once, shuffled (*not-shuffled*); the same seed the same
batches, another seed others (*seed-ignored*). Then a batch larger than the data, a batch size
that divides it, and numpy's global generator left as it was found (*global-generator*).
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_that, moves_global_generator
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import sentence

__all__ = ["check_minibatches"]


def check_minibatches(minibatches) -> None:
    """Check the student's ``minibatches``."""
    # 10 examples in batches of 4: two full batches and a last one of 2.
    batches = minibatches(10, 4)
    check_that(
        isinstance(batches, list),
        _("minibatches should return a list, got {kind}").format(kind=type(batches).__name__),
        "wrong-return-structure",
    )
    sizes = [len(batch) for batch in batches]
    check_that(
        sizes != [4, 4],
        _(
            "batch sizes [4, 4], expected [4, 4, 2].\nDiagnosis: The short last batch is "
            "missing. Keep the last batch even if it is shorter."
        ),
        "last-batch-dropped",
    )
    check_that(sizes == [4, 4, 2], _("batch sizes {sizes}, expected [4, 4, 2]").format(sizes=sizes))
    for batch in batches:
        check_that(
            isinstance(batch, np.ndarray),
            _("each batch should be a numpy array"),
            "not-an-array",
        )
        check_that(
            np.issubdtype(batch.dtype, np.integer),
            _("a batch holds indices, integers; got dtype {dtype}").format(dtype=batch.dtype),
            "indices-not-integers",
        )
    order = np.concatenate(batches)
    check_that(
        sorted(order.tolist()) == list(range(10)),
        _("the batches should hold each index 0..9 exactly once, got {order}").format(order=order),
    )
    check_that(
        not np.array_equal(order, np.arange(10)),
        _(
            "the indices are not shuffled.\nDiagnosis: Shuffle with "
            "np.random.default_rng(seed).permutation(n)."
        ),
        "not-shuffled",
    )
    again = np.concatenate(minibatches(10, 4))
    check_that(
        np.array_equal(order, again),
        _(
            "the same seed should give the same batches, and gave others.\n"
            "Diagnosis: The seed does not decide the numbers. Pass seed to "
            "np.random.default_rng(seed)."
        ),
        "seed-ignored",
    )
    other = np.concatenate(minibatches(10, 4, seed=1))
    check_that(
        not np.array_equal(order, other),
        _(
            "another seed gives the same order.\nDiagnosis: Pass seed to "
            "np.random.default_rng(seed)."
        ),
        "seed-ignored",
    )
    # A batch larger than the dataset: one batch with everything.
    sizes = [len(batch) for batch in minibatches(3, 5)]
    check_that(
        sizes == [3],
        _("minibatches(3, 5) gave batch sizes {sizes}, expected [3]").format(sizes=sizes),
    )
    # A batch size that divides the data: no empty batch at the end.
    sizes = [len(batch) for batch in minibatches(12, 4)]
    check_that(
        sizes == [4, 4, 4],
        _("minibatches(12, 4) gave batch sizes {sizes}, expected [4, 4, 4]").format(sizes=sizes),
    )
    # numpy's global generator belongs to everyone: minibatches shuffles with a generator of its
    # own and leaves the global one as it found it.
    check_that(
        not moves_global_generator(lambda: minibatches(10, 4)),
        _(
            "minibatches(10, 4) changed numpy's global random generator.\nDiagnosis: {diagnosis}"
        ).format(diagnosis=sentence("global-generator")),
        "global-generator",
    )
