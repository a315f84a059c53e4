"""How good are the diagnoses? Labelled mutants through the visible and the hidden tests.

    .venv/bin/python -m benchmarks.diagnoses [--only ID ...]     (part of `make bench`)
    .venv/bin/python -m benchmarks.diagnoses --bugs MODULE ... [--labels MODULE]
                                                  (another set of buggy functions, judged)

Two kinds of buggy solutions run the same way. A :class:`Mutant` (the project's own set,
tests/support/mutants.py) is a text edit of the instructor's solution cell. A :class:`Bug` is a
whole function written apart, by someone who has not read the checks: ``MODULE`` (a file path
or a module name) holds ``BUGS``, a list of ``Bug(function, name, implementation, cause,
cause_kind, specific)`` records, and ``CORRECT``, ``{function: implementation}`` of its author's
correct versions (these must pass every check without a note). ``cause`` is the catalogue id (or
ids, a tuple or a comma-separated string) a good check names the bug by; ``specific`` is False
when no catalogued cause fits (then any cause named is confidently wrong).

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

* caught only by hidden tests: caught, but no visible cell failed.

The report is per function: buggy versions, caught, named correctly, confidently wrong, caught
only by hidden tests.

Targets: every mutant caught; >= 95% of single-fault mutants named correctly; no confidently
wrong diagnosis; <= 5% caught only by hidden tests.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import importlib.util
import io
import json
import linecache
import os
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

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


@dataclass(frozen=True)
class Bug:
    """A buggy version of one exercise function, written apart as a whole function."""

    function: str
    name: str
    implementation: str
    cause: str | tuple[str, ...] = ()
    cause_kind: str = ""
    specific: bool = True
    companions: tuple[tuple[str, str], ...] = ()  # (function, code): the student's own partners

    @property
    def labels(self) -> tuple[str, ...]:
        """The causes among the judge's ids: a symptom (``values-differ``, ``shapes-do-not-fit``,
        ``nan-or-inf``...) names no cause, so a bug labelled with symptoms only has none."""
        causes = self.cause.split(",") if isinstance(self.cause, str) else self.cause
        ids = [c.strip() for c in causes] if self.specific else []
        return tuple(i for i in ids if i in CATALOGUE and CATALOGUE[i].diagnosis)

    @property
    def single(self) -> bool:
        return len(self.labels) <= 1

    @property
    def functions(self) -> set[str]:
        return {self.function, *(name for name, _ in self.companions)}

    @property
    def chapter(self) -> str:
        return _home(self.function)[0]


@dataclass
class CellResult:
    chapter: str
    grade_id: str
    visible: bool
    error: BaseException | None = None
    output: str = ""  # what the cell printed

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

    @property
    def hidden_only(self) -> bool:
        """Caught, but by no visible cell: the student learns of it at grading time."""
        return self.overall != "missed" and self.visible == "missed"

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


def _home(function: str) -> tuple[str, str]:
    """The chapter and the solution cell (grade id) that define ``function``."""
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        for gid, source in solution_sources(path.stem).items():
            if re.search(rf"^def {re.escape(function)}\(", source, re.M):
                return path.stem, gid
    raise KeyError(f"no solution cell defines {function}")


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


def _run(source: str, filename: str, namespace: dict) -> None:
    """exec ``source``, registered with linecache so tracebacks (and the checks) see its lines,
    as IPython does for a cell."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)


def run_chapter(
    chapter: str,
    replaced: dict[str, str] | None = None,
    earlier: dict | None = None,
    visible_only: bool = False,
    after: dict[str, str] | None = None,
) -> list[CellResult]:
    """Run ``chapter``'s solution cells (``replaced`` by grade id, ``after[gid]`` run after its
    cell) and test cells in order."""
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
            if gid in (after or {}):
                source += "\n\n" + after[gid]
            with contextlib.suppress(Exception), contextlib.redirect_stdout(sink):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    _run(source, f"<{chapter}:{gid}>", namespace)
            continue
        visible = HIDDEN not in source
        if visible_only and not visible:
            continue
        result = CellResult(chapter, gid, visible)
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(sink):
                with warnings.catch_warnings():  # a mutant's numpy warnings: checks catch theirs
                    warnings.simplefilter("ignore")
                    _run(MARKERS.sub("", source), f"<{chapter}:{gid}>", namespace)
        except Exception as err:  # noqa: BLE001 - every failure is a result
            result.error = err
        result.output = printed.getvalue()
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


def judge(mutant: Mutant | Bug) -> Verdict:
    """Run a mutant's (or a bug's) chapter, and the visible cells of the later chapters that
    use the functions it changes, with those functions (as a student's self-check does)."""
    if isinstance(mutant, Bug):
        chapter, gid = _home(mutant.function)
        replaced, after = {}, {gid: mutant.implementation}
        for name, code in mutant.companions:  # e.g. the forward pass whose cache it reads
            home, cell = _home(name)
            if home == chapter:
                after[cell] = after.get(cell, "") + "\n\n" + code
    else:
        chapter, replaced, after = mutant.chapter, apply(mutant), {}
    verdict = Verdict(mutant, run_chapter(chapter, replaced, after=after))
    used_later = {f for f in mutant.functions if f in DEFINED_IN}
    if used_later:
        namespace: dict = {"np": __import__("numpy")}
        for name in DEFINED_IN:
            if DEFINED_IN[name] < chapter:
                namespace[name] = _reference(name)
        for gid, source in solution_sources(chapter).items():
            source = replaced.get(gid, source)
            if gid in after:
                source += "\n\n" + after[gid]
            with contextlib.suppress(Exception):
                _run(source, f"<{chapter}:{gid}>", namespace)
        mine = {name: namespace[name] for name in DEFINED_IN if name in namespace}
        for later in _later_chapters(used_later):
            if later != chapter:
                verdict.cells += run_chapter(later, earlier=mine, visible_only=True)
    return verdict


def noisy_cells(cells: list[CellResult]) -> list[tuple[str, str]]:
    """Cells that failed or printed anything beyond "The public checks for ... passed."."""
    noisy = []
    for cell in cells:
        lines = [
            line
            for line in cell.output.splitlines()
            if line.strip() and not re.fullmatch(r"The public checks for .+ passed\..*", line)
        ]
        if cell.failed or lines:
            noisy.append((cell.grade_id, str(cell.error) if cell.failed else "\n".join(lines)))
    return noisy


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


def per_function(verdicts: list[Verdict]) -> str:
    """The table of the issue: per function, how many buggy versions were caught, named
    correctly (of those where a specific cause exists), named wrongly, caught only by hidden
    tests."""
    per = defaultdict(Counter)
    for v in verdicts:
        # a bug counts for its own function, not for the partners it runs with
        functions = [v.mutant.function] if isinstance(v.mutant, Bug) else v.mutant.functions
        for function in sorted(functions):
            c = per[function]
            c["bugs"] += 1
            c["caught"] += v.overall != "missed"
            c["specific"] += bool(v.mutant.labels)
            c["named"] += v.overall == "named"
            c["wrong"] += v.overall == "wrong"
            c["hidden only"] += v.hidden_only
    lines = [
        "| function | buggy versions | caught | named correctly | confidently wrong "
        "| caught only by hidden tests |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    total = Counter()
    for function in sorted(per):
        c = per[function]
        total.update(c)
        lines.append(
            f"| `{function}` | {c['bugs']} | {c['caught']} | {c['named']} of {c['specific']} | "
            f"{c['wrong']} | {c['hidden only']} |"
        )
    lines.append(
        f"| all | {total['bugs']} | {total['caught']} | {total['named']} of "
        f"{total['specific']} | {total['wrong']} | {total['hidden only']} |"
    )
    return "\n".join(lines)


def summary(verdicts: list[Verdict]) -> dict[str, float]:
    single = [v for v in verdicts if v.mutant.single and v.mutant.labels]
    n = max(len(verdicts), 1)
    return {
        "mutants": len(verdicts),
        "single-fault": len(single),
        "double-fault": sum(len(v.mutant.labels) > 1 for v in verdicts),
        "caught %": 100 * sum(v.overall != "missed" for v in verdicts) / n,
        "single-fault named correctly %": 100
        * sum(v.overall == "named" for v in single)
        / max(len(single), 1),
        "visible checks named correctly %": 100
        * sum(v.visible == "named" for v in single)
        / max(len(single), 1),
        "confidently wrong, visible %": 100 * sum(v.visible == "wrong" for v in verdicts) / n,
        "confidently wrong, overall %": 100 * sum(v.overall == "wrong" for v in verdicts) / n,
        "caught only by hidden tests %": 100 * sum(v.hidden_only for v in verdicts) / n,
        "single-fault mutants that also fail another function's cells": sum(
            bool(v.charged_elsewhere()) for v in single
        ),
    }


def load_bugs(where: str, labels: dict | None = None) -> tuple[list[Bug], dict[str, str]]:
    """``BUGS`` and ``CORRECT`` of a module, given as a file path or a module name. Records of
    any class with the fields of :class:`Bug` (the set's own) are read as Bugs."""
    if where.endswith(".py") or os.sep in where:
        spec = importlib.util.spec_from_file_location("independent_bugs", where)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(where)
    fields = ("function", "name", "implementation", "cause", "cause_kind", "specific")
    bugs = [
        Bug(
            *(getattr(b, f) for f in fields[:2]),
            _source(b.function, b.implementation),
            *(getattr(b, f) for f in fields[3:]),
            companions=tuple(
                (name, _source(name, f)) for name, f in getattr(b, "companions", {}).items()
            ),
        )
        for b in module.BUGS
    ]
    if labels is not None:  # a judge's catalogue ids for the free-text causes
        part = module.__name__.rsplit(".", 1)[-1]
        bugs = [
            replace(b, cause=tuple(labels[key]), specific=bool(labels[key]))
            if (key := f"{part}:{b.function}:{b.name}") in labels
            else b
            for b in bugs
        ]
    correct = getattr(module, "CORRECT", {})
    return bugs, {name: _source(name, f) for name, f in correct.items()}


PARTNERS = {
    "sigmoid_forward": "sigmoid_backward",
    "linear_forward": "linear_backward",
    "two_layer_forward": "two_layer_backward",
    "relu_forward": "relu_backward",
}
"""Functions that share a cache whose format is the student's own: a correct implementation is
judged beside its correct partner."""
PARTNERS |= {b: f for f, b in PARTNERS.items()}


def _source(function: str, implementation) -> str:
    """A bug's code as a cell's text: its source, or, for a function object of an importable
    module, the line that imports it under the exercise's name (its module's helpers come along)."""
    if isinstance(implementation, str):
        return implementation
    return f"from {implementation.__module__} import {implementation.__qualname__} as {function}"


def correct_code_flagged(correct: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Each correct implementation in place of the instructor's: the cells that fail or say
    anything beyond "passed" (a false alarm), by function."""
    flagged = {}
    for function, implementation in correct.items():
        partner = PARTNERS.get(function)
        companions = ((partner, correct[partner]),) if partner in correct else ()
        bug = Bug(function, f"{function} (correct)", implementation, specific=False)
        v = judge(replace(bug, companions=companions))
        if noisy_cells(v.cells):
            flagged[function] = noisy_cells(v.cells)
    return flagged


def report(chosen, verbose: bool = False) -> list[Verdict]:
    start = time.perf_counter()
    verdicts = [judge(m) for m in chosen]
    seconds = time.perf_counter() - start
    print(per_function(verdicts))
    print()
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
        if v.overall != "named" or v.hidden_only or verbose:
            hidden = ", caught only by hidden tests" if v.hidden_only else ""
            print(f"\n-- {v.mutant.name} ({', '.join(v.mutant.labels)}): {v.overall}{hidden}")
            for cell in v.cells:
                if cell.failed:
                    text = str(cell.error).strip().splitlines()
                    print(
                        f"   {cell.grade_id}: {type(cell.error).__name__}: {text[:1]} {text[-1:]}"
                    )
    return verdicts


def main(argv=None) -> int:
    from tests.support.mutants import MUTANTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="mutant (or bug) names to run")
    parser.add_argument(
        "--bugs", action="append", help="a module (file or name) with BUGS and CORRECT"
    )
    parser.add_argument(
        "--labels",
        help="a module whose LABELS maps 'MODULE:function:bug name' to the catalogue ids that "
        "name its cause (() for none), given by a judge who did not write the checks",
    )
    parser.add_argument("--verbose", action="store_true", help="print every failing message")
    args = parser.parse_args(argv)
    if args.bugs:
        labels = importlib.import_module(args.labels).LABELS if args.labels else None
        pool, correct = [], {}
        for where in args.bugs:
            bugs, right = load_bugs(where, labels)
            pool += bugs
            correct |= right
    else:
        pool, correct = MUTANTS, {}
    chosen = [m for m in pool if not args.only or m.name in args.only]
    verdicts = report(chosen, args.verbose)
    unmapped = [v for v in verdicts if isinstance(v.mutant, Bug) and v.mutant.specific]
    unmapped = [v for v in unmapped if not v.mutant.labels]
    if unmapped:
        print("\ncauses that are not catalogue ids (judged as if no cause fits; check by hand):")
        for v in unmapped:
            named = sorted({i for c in v.cells if c.failed for i in c.diagnoses()})
            print(f"   {v.mutant.name}: cause {v.mutant.cause!r}, named {named}: {v.overall}")
    if correct:
        flagged = correct_code_flagged(correct)
        print(f"\ncorrect implementations: {len(correct)}, flagged: {len(flagged)}")
        for function, cells in flagged.items():
            for gid, text in cells:
                print(f"   {function}: {gid}: {text.strip().splitlines()[:2]}")
    unknown = {i for m in chosen if isinstance(m, Mutant) for i in m.labels} - set(CATALOGUE)
    if unknown:
        print(f"unknown labels: {sorted(unknown)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
