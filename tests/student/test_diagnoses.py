"""The diagnosis benchmark (benchmarks/diagnoses.py) as tests: every mutant is caught, each
single-fault one is named correctly (one test per diagnosis), and no visible check is ever
confidently wrong.

The mutants are realistic mistakes put into the instructor's solutions, each labelled with the
catalogue id a good check names it by (tests/support/mutants.py). They run in-process: every
chapter's solution cells with the mutant substituted, then its visible and hidden test cells.
"""

import functools

import pytest
from support.mutants import MUTANTS

from benchmarks.diagnoses import apply, judge, run_chapter
from nnlearn.earlier import DEFINED_IN
from nnlearn.mistakes import CATALOGUE

NOT_NAMED_YET: set[str] = set()
"""Single-fault mutants whose mistake no check names yet: an honest gap, listed, never hidden by
removing the mutant."""
BY_NAME = {m.name: m for m in MUTANTS}


@functools.cache
def verdict(name: str):
    return judge(BY_NAME[name])


def test_the_mutant_set_is_large_labelled_and_covers_every_function():
    single = [m for m in MUTANTS if m.single]
    assert len(single) >= 80 and len(MUTANTS) - len(single) >= 10
    assert len(BY_NAME) == len(MUTANTS), "mutant names are unique"
    assert {i for m in MUTANTS for i in m.labels} <= set(CATALOGUE)
    assert all(CATALOGUE[i].diagnosis for m in MUTANTS for i in m.labels), "labels are causes"
    functions = set().union(*(m.functions for m in MUTANTS))
    exercises = set(DEFINED_IN) | {
        "step", "perceptron_predict", "accuracy", "xor_network", "softmax", "cross_entropy_loss",
        "softmax_cross_entropy_grad", "numerical_gradient", "gradient_descent", "relu_forward",
        "relu_backward", "sgd_step", "minibatches", "momentum_step", "rmsprop_step", "adam_step",
    }  # fmt: skip
    assert exercises - functions == set(), "every exercise function has a mutant"
    for mutant in MUTANTS:
        assert apply(mutant), mutant.name  # every edit applies to today's solutions


@pytest.mark.parametrize("chapter", sorted({m.chapter for m in MUTANTS}))
def test_the_unmutated_solutions_pass_every_test_cell(chapter):
    failed = [(r.grade_id, str(r.error)[:200]) for r in run_chapter(chapter) if r.failed]
    assert failed == []


@pytest.mark.parametrize("name", [m.name for m in MUTANTS if m.single])
def test_each_single_fault_mutant_is_caught_and_named(name):
    """One test per mistake the checks diagnose: the check that should name it does."""
    result = verdict(name)
    failed = [(c.grade_id, str(c.error)[-300:]) for c in result.cells if c.failed]
    assert result.overall != "missed"
    if name not in NOT_NAMED_YET:
        assert result.overall == "named", failed


@pytest.mark.parametrize("name", [m.name for m in MUTANTS if not m.single])
def test_each_double_fault_mutant_is_caught_and_never_misnamed(name):
    assert verdict(name).overall in ("named", "unnamed")


def test_no_visible_check_is_ever_confidently_wrong():
    """Over the whole set: a correctness property of the checks, not a timing."""
    wrong = {}
    for mutant in MUTANTS:
        cells = [c for c in verdict(mutant.name).wrong_cells() if c.visible]
        if cells:
            wrong[mutant.name] = [(c.grade_id, str(c.error)[-300:]) for c in cells]
    assert wrong == {}
