"""The book's rebuild with the instructor notebooks' outputs cached (book/edition_cache.py).

    .venv/bin/python -m benchmarks.book_rebuild

Copies the checkout (its git-listed files, as they are in the work tree) into a temporary
folder and times ``jupyter-book build --all -W -n --keep-going`` there, as ``make book`` runs
it (the live lab, built after it by ``make book``, is not timed), in one build folder:

1. cold: no ``_build`` at all;
2. rebuild, nothing changed: every chapter's outputs from the cache;
3. rebuild with the cache emptied: every instructor notebook executed, as every rebuild did
   before the cache;
4. rebuild after touching one instructor notebook (a new mtime, the same bytes);
5. rebuild after editing one instructor notebook's prose (its chapter only is executed again);
6. rebuild after editing an answer cell of chapter 1 (every chapter runs chapter 1's answers:
   all are executed again).

Each line gives the wall-clock time, the number of instructor notebooks executed (counted in the
build's log), the CPU seconds of the build and its children, and the load average before it:
the machine is shared, the times grow with the load. Printed, never asserted.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXECUTING = "book edition: executing"


def copy_checkout(to: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = REPO / name
        if source.is_file():
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / name)


def build(book: Path) -> tuple[float, int, float]:
    """(wall seconds, instructor notebooks executed, CPU seconds) of one build of ``book``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [BIN / "jupyter-book", "build", "--all", "-W", "-n", "--keep-going", str(book)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}"),
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"the build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, proc.stdout.count(EXECUTING), cpu


def edit(path: Path, answer: bool) -> None:
    """Append a line to the first markdown cell, or (``answer``) to the first answer cell."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        is_answer = cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
        if (answer and is_answer) or (not answer and cell.cell_type == "markdown"):
            cell.source += "\n# edited" if answer else "\n\nEdited."
            break
    nbformat.write(nb, path)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nnlearn-book-rebuild-") as folder:
        book = Path(folder)
        copy_checkout(book)
        solutions = sorted((book / "solutions").glob("*.ipynb"))
        steps = [
            ("cold build (no _build)", lambda: None),
            ("rebuild, nothing changed", lambda: None),
            (
                "rebuild, cache emptied (= every rebuild before)",
                lambda: shutil.rmtree(book / "_build" / ".edition-cache"),
            ),
            (f"rebuild, touched {solutions[-1].name}", lambda: os.utime(solutions[-1])),
            (f"rebuild, edited prose of {solutions[-1].name}", lambda: edit(solutions[-1], False)),
            (f"rebuild, edited an answer of {solutions[0].name}", lambda: edit(solutions[0], True)),
        ]
        print(f"{'':50} {'wall s':>7} {'executed':>8} {'CPU s':>7}  load (1, 5, 15 min) before")
        for label, change in steps:
            change()
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            wall, executed, cpu = build(book)
            print(f"{label:50} {wall:7.1f} {executed:>8} {cpu:7.1f}  {load}", flush=True)
    print(f"{os.cpu_count()} CPUs; load now {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
