"""Helpers shared by the tests: reading notebooks, filling in solutions, executing."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO / "solutions"
CHAPTERS = REPO / "chapters"
SOLUTION_BLOCK = re.compile(
    r"^[ \t]*### BEGIN SOLUTION\n(.*?)^[ \t]*### END SOLUTION\n?", re.S | re.M
)
HIDDEN_BLOCK = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS\n(.*?)^[ \t]*### END HIDDEN TESTS\n?", re.S | re.M
)


def chapter_names() -> list[str]:
    return sorted(p.stem for p in SOLUTIONS.glob("*.ipynb"))


def code_notebook(*sources):
    """A notebook of the python3 kernel whose code cells are ``sources``, in order."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


def nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def grade_id(cell) -> str | None:
    return nbgrader(cell).get("grade_id")


def grade_cells(nb) -> list:
    return [c for c in nb.cells if nbgrader(c).get("grade")]


def points(nb) -> dict[str, float]:
    return {grade_id(c): float(nbgrader(c)["points"]) for c in grade_cells(nb)}


def solution_source(cell) -> str:
    """The solution cell as a student who solved it would hand it in (markers removed)."""
    return SOLUTION_BLOCK.sub(lambda m: m.group(1), cell.source)


def submission(chapter: str, overrides: dict[str, str] | None = None):
    """The released student notebook with every solution cell filled in correctly, then the
    given cells (by grade_id) replaced by ``overrides``."""
    source = {grade_id(c): c for c in read(SOLUTIONS / f"{chapter}.ipynb").cells if grade_id(c)}
    nb = copy.deepcopy(read(CHAPTERS / f"{chapter}.ipynb"))
    for cell in nb.cells:
        gid = grade_id(cell)
        if nbgrader(cell).get("solution"):
            cell.source = solution_source(source[gid])
        if overrides and gid in overrides:
            cell.source = overrides[gid]
    return nb


def execute(nb, cwd: Path, timeout: int = 120):
    """Execute a notebook in ``cwd``; return (executed notebook, seconds)."""
    nb = copy.deepcopy(nb)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    return nb, time.perf_counter() - start


def errors(nb) -> list[tuple[int, str, str]]:
    """(cell index, grade_id, 'Ename: message') for every error output."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append((i, grade_id(cell), f"{out.ename}: {out.evalue}"))
    return found


def build_book(out: Path) -> subprocess.CompletedProcess:
    """`jupyter-book build --all -W -n --keep-going` of the repository into ``out``, then its live
    lab into ``out/_build/html/lab`` (book/lite/build.py), as `make book` does."""
    bindir = Path(sys.executable).parent
    book = subprocess.run(
        [
            bindir / "jupyter-book",
            "build",
            "--all",
            "-W",
            "-n",
            "--keep-going",
            "--path-output",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        env=dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}"),
    )
    if book.returncode != 0:
        return book
    return subprocess.run(
        [sys.executable, "-m", "book.lite.build", out / "_build" / "html" / "lab"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
