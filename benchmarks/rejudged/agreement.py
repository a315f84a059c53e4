"""How often a later blind judge agrees with the labels of the independent sets.

    python -m benchmarks.rejudged.agreement

Prints, for each round of re-judged bugs (README.md), each bug where the original label and the
later judge's differ, counting only ids that name a cause (as ``Bug.labels`` does), and the
bugs whose original label disagreed with the name the checks give; then the agreement on the
bugs sampled at random.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.eighth.labels import LABELS as EIGHTH
from benchmarks.fifth.labels import LABELS as FIFTH
from benchmarks.fourth.labels import LABELS as FOURTH
from benchmarks.heldout.labels import LABELS as HELDOUT
from benchmarks.independent.labels import LABELS as INDEPENDENT
from benchmarks.ninth.labels import LABELS as NINTH
from benchmarks.seventh.labels import LABELS as SEVENTH
from benchmarks.sixth.labels import LABELS as SIXTH
from benchmarks.tenth.labels import LABELS as TENTH
from benchmarks.third.labels import LABELS as THIRD
from nnlearn.mistakes import CATALOGUE

HERE = Path(__file__).parent
ORIGINAL = {
    "independent": INDEPENDENT,
    "heldout": HELDOUT,
    "third": THIRD,
    "fourth": FOURTH,
    "fifth": FIFTH,
    "sixth": SIXTH,
    "seventh": SEVENTH,
    "eighth": EIGHTH,
    "ninth": NINTH,
    "tenth": TENTH,
}
ROUNDS = ("round1", "round2", "round3", "round4", "round5", "round6", "round7")
# The bugs whose original label and the checks' name differ (docs/diagnoses.md), put among a
# round's bugs before its judge saw any of them; the judge was not told which they were.
DISPUTED = {
    "heldout:chapter1:perceptron_predict:minus_bias",
    "heldout:chapter2:mse_loss_grad:factor_two",
    "heldout:chapter4:sigmoid:sign",
    "heldout:chapter6:momentum_step:swapped",
    "independent:chapter6:minibatches:legacy_seed",
    "fourth:chapter4:two_layer_forward:logits_out",
    "independent:chapter5:init_params:legacy_seed",
    "heldout:chapter5:init_params:legacy_seed",
    "third:chapter5:init_params:global_seed",
    "fifth:chapter3:numerical_gradient:nudges_w_in_place",
    "fifth:chapter4:two_layer_forward:linear_hidden",
    "sixth:chapter1:xor_network:unit_per_row",
    "sixth:chapter4:two_layer_forward:no_hidden_sigmoid",
    "sixth:chapter6:train_with_optimiser:last_params",
    "seventh:chapter1:accuracy:divided_by_shape",
    "seventh:chapter4:two_layer_forward:b1_in_layer_two",
    "eighth:chapter1:perceptron_predict:bias_column",
    "eighth:chapter4:two_layer_forward:linear_output",
    "eighth:chapter5:init_params:torch_shapes",
    "heldout:chapter4:linear_backward:order",
    "ninth:chapter6:train_with_optimiser:one_state_dict",
    "tenth:chapter4:two_layer_forward:no_hidden_sigmoid",
    "tenth:chapter4:two_layer_backward:reshape_not_T",
}


def causes(ids) -> frozenset[str]:
    """The ids among `ids` that name a cause (symptoms dropped)."""
    if isinstance(ids, str):
        ids = ids.split(",")
    ids = (i.strip() for i in ids)
    return frozenset(i for i in ids if i in CATALOGUE and CATALOGUE[i].diagnosis)


def later_judge(folder: Path) -> dict[str, frozenset[str]]:
    """Item number -> the causes the round's judge gave (labels.md, one line per item)."""
    rows = re.findall(r"^(\d+) \| \S+ \| ([^|]+) \|", (folder / "labels.md").read_text(), re.M)
    return {n: causes("" if ids.strip() == "()" else ids) for n, ids in rows}


def agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two readings agree when both give no cause or they share one."""
    return a == b or bool(a & b)


def show(ids: frozenset[str]) -> str:
    return ", ".join(sorted(ids)) or "()"


def main() -> None:
    for round_ in ROUNDS:
        folder = HERE / round_
        key = json.loads((folder / "key.json").read_text())
        later = later_judge(folder)
        sampled = disputed = 0
        print(f"{round_}: {len(key)} bugs\n{'bug':55} {'original label':28} later judge")
        for n, bug in key.items():
            corpus, rest = bug.split(":", 1)
            original = causes(ORIGINAL[corpus].get(rest, ()))
            same = agree(original, later[n])
            if bug in DISPUTED:
                disputed += 1
            else:
                sampled += same
            if not same or bug in DISPUTED:
                mark = "disputed" if bug in DISPUTED else "sampled"
                print(f"{bug:55} {show(original):28} {show(later[n])}  [{mark}]")
        print(
            "sampled at random: the later judge agrees with the original label on "
            f"{sampled} of {len(key) - disputed}\n"
        )


if __name__ == "__main__":
    main()
