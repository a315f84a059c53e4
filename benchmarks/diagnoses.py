"""How good are the diagnoses? Labelled mutants through the visible and the hidden tests.

    .venv/bin/python -m benchmarks.diagnoses [--only ID ...]     (part of `make bench`)

Each mutant of :data:`tests.support.mutants.MUTANTS` is the instructor's solution with one (or two)
realistic mistakes put in, labelled with the catalogue id (``nnlearn.mistakes``) of what it
contains. A mutant's chapter runs in-process: the solution cells with the mutant substituted,
then each test cell, visible and hidden, in notebook order (no kernel, no nbgrader: seconds for
the whole set). A later chapter that uses a mutated function (chapter 5 trains chapter 4's
network) runs its visible cells too, with the student's (mutated) function, as a student's
self-check does; graded, those come from the instructor.

A failing cell's *diagnoses* are the cause ids its :class:`~nnlearn.mistakes.CheckFailure`
names (symptoms such as "values-differ" name no cause). Per mutant:

* caught: some test cell failed;
* named wrongly (confidently wrong): a failing cell names a cause the mutant does not have
  ("earlier-function-fails" is right when it names the mutated function);
* named correctly: not wrong, and a failing cell names one of the mutant's labels;
* not named: caught, neither.

Targets: every mutant caught; >= 95% of single-fault mutants named correctly; no confidently
wrong diagnosis in a visible check, <= 1% overall.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field

os.environ.setdefault("MPLBACKEND", "Agg")

from nnlearn.checks import forget_passed  # noqa: E402
from nnlearn.earlier import DEFINED_IN  # noqa: E402
from nnlearn.mistakes import CATALOGUE, CheckFailure  # noqa: E402
from tests.support.mutants import (  # noqa: E402
    MARKERS,
    SOLUTIONS,
    Mutant,
    solution_sources,
)

HIDDEN = "### BEGIN HIDDEN TESTS"
NEUTRAL = "earlier-function-fails"


@dataclass
class CellResult:
    chapter: str
    grade_id: str
    visible: bool
    error: BaseException | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def diagnoses(self) -> tuple[str, ...]:
        if isinstance(self.error, CheckFailure):
            return self.error.diagnoses
        return ()


@dataclass
class Verdict:
    mutant: Mutant
    cells: list[CellResult] = field(default_factory=list)

    def _judge(self, cells) -> str:
        failed = [c for c in cells if c.failed]
        if not failed:
            return "missed"
        right = False
        for cell in failed:
            for id_ in cell.diagnoses():
                if id_ == NEUTRAL:
                    if cell.error.function not in self.mutant.functions:
                        return "wrong"
                elif id_ in self.mutant.labels:
                    right = True
                else:
                    return "wrong"
        return "named" if right else "unnamed"

    @property
    def overall(self) -> str:
        return self._judge(self.cells)

    @property
    def visible(self) -> str:
        return self._judge([c for c in self.cells if c.visible])

    def charged_elsewhere(self) -> list[CellResult]:
        """Failed cells of the mutant's chapter that test another function (counted twice)."""
        exercises = [c.grade_id.removeprefix("test_").removesuffix("_hidden") for c in self.cells]
        return [
            c
            for c, exercise in zip(self.cells, exercises, strict=True)
            if c.failed
            and c.chapter == self.mutant.chapter
            and not any(f.startswith(exercise) for f in self.mutant.functions)
        ]

    def wrong_cells(self) -> list[CellResult]:
        return [
            c
            for c in self.cells
            if c.failed and any(i not in self.mutant.labels and i != NEUTRAL for i in c.diagnoses())
        ]


# -- reading the instructor source ----------------------------------------------------------

_NOTEBOOKS: dict[str, dict] = {}


def _notebook(chapter: str) -> dict:
    if chapter not in _NOTEBOOKS:
        _NOTEBOOKS[chapter] = json.loads((SOLUTIONS / f"{chapter}.ipynb").read_text())
    return _NOTEBOOKS[chapter]


def _setup(chapter: str) -> tuple[str, list[str]]:
    """The imports of the chapter's own code cells, and the names it gets from earlier ones."""
    imports, earlier = [], []
    for cell in _notebook(chapter)["cells"]:
        if cell["cell_type"] != "code" or cell["metadata"].get("nbgrader"):
            continue
        tree = ast.parse("".join(cell["source"]))
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports.append(ast.unparse(node))
            elif isinstance(node, ast.Assign) and "your_functions" in ast.unparse(node.value):
                call = node.value
                earlier += [a.value for a in call.args if isinstance(a, ast.Constant)]
    return "\n".join(imports), earlier


def _cells(chapter: str):
    """(kind, grade_id, source) of each solution and test cell, in notebook order."""
    for cell in _notebook(chapter)["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        source = "".join(cell["source"])
        if meta.get("solution"):
            yield "solution", meta["grade_id"], MARKERS.sub("", source)
        elif meta.get("grade"):
            yield "test", meta["grade_id"], source


# -- running a chapter in-process ------------------------------------------------------------


def _reference(name: str):
    from autograder.hidden.reference import load_reference

    return load_reference(DEFINED_IN[name])[name]


def run_chapter(
    chapter: str,
    replaced: dict[str, str] | None = None,
    earlier: dict | None = None,
    visible_only: bool = False,
) -> list[CellResult]:
    """Run ``chapter``'s solution cells (``replaced`` by grade id) and test cells in order."""
    forget_passed()  # a fresh notebook run
    imports, earlier_names = _setup(chapter)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(imports, f"<{chapter} imports>", "exec"), namespace)
    for name in earlier_names:
        namespace[name] = (earlier or {}).get(name) or _reference(name)
    results = []
    sink = io.StringIO()
    for kind, gid, source in _cells(chapter):
        if kind == "solution":
            source = (replaced or {}).get(gid, source)
            with contextlib.suppress(Exception), contextlib.redirect_stdout(sink):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exec(compile(source, f"<{chapter}:{gid}>", "exec"), namespace)
            continue
        visible = HIDDEN not in source
        if visible_only and not visible:
            continue
        result = CellResult(chapter, gid, visible)
        try:
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                with warnings.catch_warnings():  # a mutant's numpy warnings: checks catch theirs
                    warnings.simplefilter("ignore")
                    exec(compile(MARKERS.sub("", source), f"<{chapter}:{gid}>", "exec"), namespace)
        except Exception as err:  # noqa: BLE001 - every failure is a result
            result.error = err
        results.append(result)
    return results


def apply(mutant: Mutant) -> dict[str, str]:
    cells = solution_sources(mutant.chapter)
    out = {}
    for gid, edits in mutant.edits.items():
        source = cells[gid]
        for old, new in edits:
            if old not in source:
                raise ValueError(f"mutant {mutant.name}: {old!r} is not in the cell {gid!r}")
            source = source.replace(old, new, 1)
        out[gid] = source
    return out


def _later_chapters(functions: set[str]) -> list[str]:
    chapters = sorted(p.stem for p in SOLUTIONS.glob("*.ipynb"))
    return [ch for ch in chapters if functions & set(_setup(ch)[1])]


def judge(mutant: Mutant) -> Verdict:
    replaced = apply(mutant)
    verdict = Verdict(mutant, run_chapter(mutant.chapter, replaced))
    used_later = {f for f in mutant.functions if f in DEFINED_IN}
    if used_later:
        namespace: dict = {"np": __import__("numpy")}
        for name in DEFINED_IN:
            if DEFINED_IN[name] < mutant.chapter:
                namespace[name] = _reference(name)
        for gid, source in solution_sources(mutant.chapter).items():
            exec(compile(replaced.get(gid, source), f"<{gid}>", "exec"), namespace)
        mine = {name: namespace[name] for name in DEFINED_IN if name in namespace}
        for later in _later_chapters(used_later):
            if later != mutant.chapter:
                verdict.cells += run_chapter(later, earlier=mine, visible_only=True)
    return verdict


# -- the report ------------------------------------------------------------------------------


def table(verdicts: list[Verdict]) -> str:
    per = defaultdict(Counter)
    for v in verdicts:
        key = " + ".join(v.mutant.labels)
        per[key]["mutants"] += 1
        per[key][v.overall] += 1
        per[key]["wrong in visible"] += v.visible == "wrong"
    lines = [
        "| mistake id | mutants | caught | named correctly | named wrongly | not named |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in sorted(per):
        c = per[key]
        caught = c["mutants"] - c["missed"]
        lines.append(
            f"| `{key}` | {c['mutants']} | {caught} | {c['named']} | {c['wrong']} | "
            f"{c['unnamed']} |"
        )
    return "\n".join(lines)


def summary(verdicts: list[Verdict]) -> dict[str, float]:
    single = [v for v in verdicts if v.mutant.single]
    n = len(verdicts)
    return {
        "mutants": n,
        "single-fault": len(single),
        "double-fault": n - len(single),
        "caught %": 100 * sum(v.overall != "missed" for v in verdicts) / n,
        "single-fault named correctly %": 100
        * sum(v.overall == "named" for v in single)
        / max(len(single), 1),
        "visible checks named correctly %": 100
        * sum(v.visible == "named" for v in single)
        / max(len(single), 1),
        "confidently wrong, visible %": 100 * sum(v.visible == "wrong" for v in verdicts) / n,
        "confidently wrong, overall %": 100 * sum(v.overall == "wrong" for v in verdicts) / n,
        "single-fault mutants that also fail another function's cells": sum(
            bool(v.charged_elsewhere()) for v in single
        ),
    }


def main(argv=None) -> int:
    from tests.support.mutants import MUTANTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="mutant names to run")
    parser.add_argument("--verbose", action="store_true", help="print every failing message")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    start = time.perf_counter()
    verdicts = [judge(m) for m in chosen]
    seconds = time.perf_counter() - start
    print(table(verdicts))
    print()
    for key, value in summary(verdicts).items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    print(f"seconds: {seconds:.1f}")
    for v in verdicts:
        if v.mutant.single and v.charged_elsewhere():
            cells = ", ".join(c.grade_id for c in v.charged_elsewhere())
            print(f"counted twice: {v.mutant.name}: {cells}")
    for v in verdicts:
        if v.overall != "named" or args.verbose:
            print(f"\n-- {v.mutant.name} ({', '.join(v.mutant.labels)}): {v.overall}")
            for cell in v.cells:
                if cell.failed:
                    text = str(cell.error).strip().splitlines()
                    print(
                        f"   {cell.grade_id}: {type(cell.error).__name__}: {text[:1]} {text[-1:]}"
                    )
    unknown = {i for m in chosen for i in m.labels} - set(CATALOGUE)
    if unknown:
        print(f"unknown labels: {sorted(unknown)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
