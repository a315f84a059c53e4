"""A blind set's correct versions through the student edition's visible check cells, as a
student runs the notebook: each chapter's code cells in order in a ``__main__`` namespace, the
solution cells replaced by the set's CORRECT, and the names a ``your_functions(...)`` cell loads
replaced by them too. Prints every check cell's output and any warning.

Each set's ``notebooks.py`` calls :func:`main` with its own chapters, e.g.
``python -m benchmarks.ninth.notebooks [04 05 ...]``.
"""

import contextlib
import io
import json
import re
import traceback
import warnings
from pathlib import Path

import matplotlib


def main(chapters, only):
    """Run the student edition's chapters whose file names contain one of ``only`` (all when
    empty) with the CORRECT of ``chapters()``, a blind set's chapter modules."""
    matplotlib.use("Agg")
    correct = {}
    for m in chapters():
        correct.update(m.CORRECT)
    quiet = True
    for path in sorted(Path("chapters").glob("0*.ipynb")):
        if only and not any(o in path.name for o in only):
            continue
        namespace = {"__name__": "__main__"}
        print("=====", path)
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if "YOUR CODE HERE" in source:
                for name in re.findall(r"^def (\w+)\(", source, re.M):
                    namespace[name] = correct[name]
                continue
            out = io.StringIO()
            with (
                warnings.catch_warnings(record=True) as caught,
                contextlib.redirect_stdout(out),
                contextlib.redirect_stderr(out),
            ):
                warnings.simplefilter("always")
                try:
                    exec(compile(source, f"<cell {grade_id}>", "exec"), namespace)  # noqa: S102
                    error = None
                except Exception:  # noqa: BLE001 (reported below)
                    error = traceback.format_exc()
            if "your_functions" in source:
                for name in re.findall(r'"(\w+)"', source):
                    if name in correct:
                        namespace[name] = correct[name]
            text = out.getvalue().strip()
            if grade_id.startswith("test_") and not grade_id.endswith("_hidden") or error:
                print(f"[{grade_id or 'demo cell'}] {'ERROR' if error else 'ok'}: {text}")
                quiet = quiet and error is None and text.startswith("The public checks")
                quiet = quiet and "\n" not in text
            if error:
                print(error)
            for w in caught:
                print(f"    {w.category.__name__}: {w.message}")
                quiet = False
    print("every check passed, with no warning or note" if quiet else "NOT all silent: see above")
