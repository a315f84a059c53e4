"""The diagnosis benchmark (benchmarks/diagnoses.py) as tests: a diagnosis is never confidently
wrong in a visible check, and a sample of mutants is caught and named correctly.

The mutants are realistic mistakes put into the instructor's solutions, each labelled with the
catalogue id a good check names it by (benchmarks/mutants.py). They run in-process: every chapter's
solution cells with the mutant substituted, then its visible and hidden test cells.
"""

import sys

import pytest
from nbutil import REPO

sys.path.insert(0, str(REPO))

from benchmarks.diagnoses import apply, judge, run_chapter  # noqa: E402
from benchmarks.mutants import MUTANTS  # noqa: E402
from nnlearn.earlier import DEFINED_IN  # noqa: E402
from nnlearn.mistakes import CATALOGUE  # noqa: E402

# One or two mutants per chapter, the cases among them.
SAMPLE = [
    "step z > 0",
    "mse grad no N",
    "softmax unstable",
    "ng in place",
    "gd uphill",
    "gd aliased rows",
    "sigmoid naive",
    "sigmoid backward in place",
    "linear db all axes",
    "linear dW over N",
    "two layer no output derivative",
    "train biases frozen",
    "init zeros",
    "adam t + 1",
    "rmsprop eps inside",
    "sgd uphill",
]
BY_NAME = {m.name: m for m in MUTANTS}


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


@pytest.mark.parametrize("name", SAMPLE)
def test_a_sample_of_mutants_is_caught_and_named(name):
    verdict = judge(BY_NAME[name])
    assert verdict.overall == "named", [
        (c.grade_id, str(c.error)[-300:]) for c in verdict.cells if c.failed
    ]


def test_no_visible_check_is_ever_confidently_wrong():
    """Over the whole set: a correctness property of the checks, not a timing."""
    wrong = {}
    for mutant in MUTANTS:
        verdict = judge(mutant)
        assert verdict.overall != "missed", mutant.name
        cells = [c for c in verdict.wrong_cells() if c.visible]
        if cells:
            wrong[mutant.name] = [(c.grade_id, str(c.error)[-300:]) for c in cells]
    assert wrong == {}
