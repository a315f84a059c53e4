"""A new round of later blind judging: disputed bugs put among bugs drawn at random.

    python -m benchmarks.rejudged.draw round7 --seed 202612087 --sets ninth tenth \\
        --random 18 --disputed ninth:chapter6:train_with_optimiser:one_state_dict \\
        --judges /work/helpers

writes ``benchmarks/rejudged/ROUND/`` with ``TASK.md`` (the judge's rule), ``items.md`` (each
bug's code, without its ``# fault`` comment, and its author's one-line description, shuffled),
``catalogue.md`` (the catalogue's ids and sentences today: no detection code) and ``key.json``
(item -> bug), and the judge's copy: ``JUDGES/rejudgeN.md`` (the task) and ``JUDGES/rejudgeN/``
(items.md, catalogue.md), outside the repository the judge may not read. The judge writes
``labels.md`` there; copied into the round's folder, ``benchmarks.rejudged.agreement`` reads it.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import random
from pathlib import Path

from benchmarks.independent import chapters_of
from nnlearn.mistakes import CATALOGUE_ENTRIES

HERE = Path(__file__).parent

TASK = """# Task (NAME {name}): label buggy student functions against a catalogue of mistakes, blind

You are an independent judge for an open-source course "How Neural Networks Learn" (numpy
exercises: perceptrons, losses, gradient descent, backpropagation, an MLP on XOR, optimisers).
Its checks tell a student the *cause* of a mistake by naming an entry of a catalogue. To measure
whether the checks name causes correctly, buggy functions are labelled by judges who never saw
the checks. You are one more such judge.

THE RULE (the value of your work depends on it): read ONLY
- {folder}/items.md (the buggy functions, each with its author's one-line
  description of the fault),
- {folder}/catalogue.md (the catalogue: ids and sentences),
- if you need an exercise's contract: the student edition /work/main/chapters/*.ipynb (read the
  function's docstring; use `python3 -c` with json to print a cell, or grep).
NEVER read anything else in /work/main or any /work/wt-* (no nnlearn/, benchmarks/, docs/,
tests/, solutions/, autograder/, no git log), nor /work/helpers/ outside {name}/. Do not run
any code of the project. No issues commands.

For each item write the catalogue ids whose *sentence* ("says" with its "fix") describes the
item's fault — a cause (diagnosis = yes). Several ids if several describe it (or the function
has several faults); `()` if no entry's sentence describes the fault. Judge by the sentence and
fix as a student would read them, next to the code: would a student who reads that sentence and
fix, and then looks at this code, agree that it describes what is wrong here? You may also list
symptom ids (diagnosis = no) separately, but they are not what is asked.

Write {folder}/labels.md: one line per item,
`N | function | ids (comma-separated, or ()) | one short reason`
and at the end a short paragraph on items where you hesitated between two readings (which, and
why). Work alone; do not look up what others decided. Take about 15-20 minutes.
Your final message: the path of the file and the paragraph on hesitations.
"""


def all_bugs(sets: list[str]) -> dict[str, tuple]:
    """ "set:chapterN:function:name" -> (Bug, chapter module) for every bug of `sets`."""
    found = {}
    for s in sets:
        for n, module in enumerate(chapters_of(s), start=1):
            for b in module.BUGS:
                found[f"{s}:chapter{n}:{b.function}:{b.name}"] = (b, module)
    return found


def source(bug, module) -> str:
    """The bug's function as written, its ``# fault`` comment left out."""
    tree_source = inspect.getsource(module)
    for node in ast.parse(tree_source).body:
        if isinstance(node, ast.FunctionDef) and node.name == f"{bug.function}__{bug.name}":
            text = ast.get_source_segment(tree_source, node)
            lines = [ln for ln in text.splitlines() if not ln.strip().startswith("# fault")]
            return "\n".join(lines)
    raise LookupError(f"{bug.function}__{bug.name} not found in {module.__name__}")


def catalogue() -> str:
    rows = [
        "# The catalogue of mistakes (ids and sentences only)\n",
        "diagnosis = yes: the entry names a cause; no: a symptom (what is seen, not why).\n",
        "| id | where | looks like | says | fix | diagnosis |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in CATALOGUE_ENTRIES:
        cells = (m.id, m.where, m.looks_like, m.says, m.fix, "yes" if m.diagnosis else "no")
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("round", help="the folder to write, e.g. round7")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--sets", nargs="+", required=True, help="the sets to draw from")
    p.add_argument("--random", type=int, required=True, help="how many bugs at random")
    p.add_argument("--disputed", nargs="*", default=[], help="set:chapterN:function:name")
    p.add_argument("--judges", required=True, help="the folder holding the judge's copy")
    args = p.parse_args(argv)

    bugs = all_bugs(args.sets)
    rng = random.Random(args.seed)
    pool = sorted(k for k in bugs if k not in args.disputed)
    chosen = rng.sample(pool, args.random) + list(args.disputed)
    rng.shuffle(chosen)

    folder = HERE / args.round
    folder.mkdir()
    items = [
        f"# {len(chosen)} buggy student functions to label\n",
        "Each item: the exercise function, its author's one-line description of the fault, "
        "and the code.\n",
    ]
    for n, key in enumerate(chosen, start=1):
        bug, module = bugs[key]
        items += [
            f"## Item {n}: `{bug.function}`\n",
            f"Author's description: {bug.cause}\n",
            f"```python\n{source(bug, module)}\n```\n",
        ]
    judge = Path(args.judges) / f"rejudge{args.round.removeprefix('round')}"
    (folder / "items.md").write_text("\n".join(items))
    (folder / "catalogue.md").write_text(catalogue())
    (folder / "key.json").write_text(
        json.dumps({str(n): k for n, k in enumerate(chosen, 1)}, indent=1) + "\n"
    )
    (folder / "TASK.md").write_text(TASK.format(name=judge.name, folder=judge))
    judge.mkdir(parents=True)
    for name in ("items.md", "catalogue.md"):
        (judge / name).write_text((folder / name).read_text())
    judge.with_suffix(".md").write_text((folder / "TASK.md").read_text())
    print(f"{folder}: {len(chosen)} bugs; the judge's task: {judge.with_suffix('.md')}")


if __name__ == "__main__":
    main()
