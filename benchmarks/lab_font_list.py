"""What the live lab's start-up saves by correcting matplotlib's font list (measured, printed).

    .venv/bin/python -m benchmarks.lab_font_list [--lab _build/html/lab]

Pyodide 0.27.7 ships matplotlib's font list stamped 390 for a FontManager of version 330, so
matplotlib rebuilds the list at every kernel start; the lab's start-up
(``nnlearn.fonts.fix_shipped_font_list``) corrects the stamp first. This
runs the lab's own Pyodide and matplotlib (its ``static/pyodide/``) in Node, and times
matplotlib's loading of its font list with the shipped stamp (a rebuild) and after
``fix_shipped_font_list`` (a read), twice each. Needs Node.js and a built book (``make book``).
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "nnlearn" / "fonts" / "__init__.py"

MEASURE = """
import importlib.util, json, pathlib, time
folder = importlib.util.find_spec("matplotlib").submodule_search_locations[0]
path = pathlib.Path(folder) / "fontlist.json"
shipped = json.loads(path.read_text())["_version"]  # before matplotlib rewrites it on import
import matplotlib.font_manager as fm
times = []
for fixed in [False, True, False, True]:
    fonts = json.loads(path.read_text())
    fonts["_version"] = shipped
    path.write_text(json.dumps(fonts))
    if fixed:
        fix_shipped_font_list()
    start = time.perf_counter()
    fm._load_fontmanager(try_read_cache=True)
    times.append([fixed, time.perf_counter() - start])
json.dumps({"shipped": shipped, "expected": fm.FontManager.__version__, "times": times})
"""

NODE = """
const [dir, code] = process.argv.slice(-2);
(async () => {
  const { loadPyodide } = require(dir + "/pyodide.js");
  const pyodide = await loadPyodide({ indexURL: dir + "/" });
  await pyodide.loadPackage(["matplotlib"], { messageCallback: () => {} });
  console.log(pyodide.runPython(code));
})();
"""


def fix_source() -> str:
    source = FONTS.read_text(encoding="utf-8")
    tree = ast.parse(source)
    function = next(n for n in tree.body if getattr(n, "name", "") == "fix_shipped_font_list")
    return ast.get_source_segment(source, function)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lab", type=Path, default=REPO / "_build" / "html" / "lab")
    args = parser.parse_args()
    pyodide = (args.lab / "static" / "pyodide").resolve()
    code = fix_source() + "\n" + MEASURE
    proc = subprocess.run(
        ["node", "-e", NODE, str(pyodide), code], capture_output=True, text=True, check=True
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"font list shipped with version {result['shipped']}, FontManager {result['expected']}")
    for fixed, seconds in result["times"]:
        what = "stamp corrected (read) " if fixed else "as shipped (rebuilt)   "
        print(f"  {what} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
