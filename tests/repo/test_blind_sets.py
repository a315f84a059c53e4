"""The blind sets of buggy student code (benchmarks/*/labels.py) stay measurable: every bug has
its label and every label its bug, every label names an entry the catalogue still has (an entry
renamed would silently turn a set's labels into "no cause"), and each chapter's hand-computed
checks of its correct versions pass."""

import importlib
from pathlib import Path

import pytest

from benchmarks.independent import chapters_of
from nnlearn.mistakes import CATALOGUE

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SETS = sorted(p.parent.name for p in BENCHMARKS.glob("*/labels.py"))


def test_the_sets_are_found():
    assert {"independent", "heldout", "ninth"} <= set(SETS)


@pytest.mark.parametrize("name", SETS)
def test_labels_match_bugs_and_catalogue(name):
    labels = importlib.import_module(f"benchmarks.{name}.labels").LABELS
    bugs, extra = set(), set()
    for n, module in enumerate(chapters_of(name), start=1):
        bugs |= {f"chapter{n}:{b.function}:{b.name}" for b in module.BUGS}
        extra |= {f"chapter{n}:{b.function}:{b.name}" for b in getattr(module, "EXTRA_BUGS", [])}
    assert sorted(bugs - set(labels)) == [], "bugs without a label"
    assert sorted(set(labels) - bugs - extra) == [], "labels without a bug"
    unknown = {i for ids in labels.values() for i in ids if i not in CATALOGUE}
    assert sorted(unknown) == [], "labels naming no catalogue entry"


@pytest.mark.parametrize("name", SETS)
def test_correct_versions_pass_their_hand_computed_checks(name):
    for module in chapters_of(name):
        assert module.CORRECT, module.__name__
        module._sanity()
