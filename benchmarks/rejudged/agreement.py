"""How often a third blind judge agrees with the labels of the first two independent sets.

    python -m benchmarks.rejudged.agreement

Prints, for the forty re-judged bugs (README.md), the original label and the third judge's,
counting only ids that name a cause (as ``Bug.labels`` does): agreement on the bugs sampled at
random, and the five bugs whose original label disagreed with the name the checks give.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.heldout.labels import LABELS as HELDOUT
from benchmarks.independent.labels import LABELS as INDEPENDENT
from nnlearn.mistakes import CATALOGUE

HERE = Path(__file__).parent
ORIGINAL = {"independent": INDEPENDENT, "heldout": HELDOUT}
# The bugs whose original label and the checks' name differ (docs/diagnoses.md), put among the
# forty before the judge saw any of them; the judge was not told which they were.
DISPUTED = {
    "heldout:chapter1:perceptron_predict:minus_bias",
    "heldout:chapter2:mse_loss_grad:factor_two",
    "heldout:chapter4:sigmoid:sign",
    "heldout:chapter6:momentum_step:swapped",
    "independent:chapter6:minibatches:legacy_seed",
}


def causes(ids) -> frozenset[str]:
    """The ids among `ids` that name a cause (symptoms dropped)."""
    if isinstance(ids, str):
        ids = ids.split(",")
    ids = (i.strip() for i in ids)
    return frozenset(i for i in ids if i in CATALOGUE and CATALOGUE[i].diagnosis)


def third_judge() -> dict[str, frozenset[str]]:
    """Item number -> the causes the third judge gave (labels.md, one line per item)."""
    rows = re.findall(r"^(\d+) \| \S+ \| ([^|]+) \|", (HERE / "labels.md").read_text(), re.M)
    return {n: causes("" if ids.strip() == "()" else ids) for n, ids in rows}


def agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two readings agree when both give no cause or they share one."""
    return a == b or bool(a & b)


def show(ids: frozenset[str]) -> str:
    return ", ".join(sorted(ids)) or "()"


def main() -> None:
    key = json.loads((HERE / "key.json").read_text())
    third = third_judge()
    sampled = disputed = 0
    print(f"{'bug':55} {'original label':28} third judge")
    for n, bug in key.items():
        corpus, rest = bug.split(":", 1)
        original = causes(ORIGINAL[corpus].get(rest, ()))
        same = agree(original, third[n])
        if bug in DISPUTED:
            disputed += 1
        else:
            sampled += same
        if not same or bug in DISPUTED:
            mark = "disputed" if bug in DISPUTED else "sampled"
            print(f"{bug:55} {show(original):28} {show(third[n])}  [{mark}]")
    print(
        "\nsampled at random: the third judge agrees with the original label on "
        f"{sampled} of {len(key) - disputed}"
    )


if __name__ == "__main__":
    main()
