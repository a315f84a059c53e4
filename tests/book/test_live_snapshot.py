"""The memory snapshot the book's live demos start from (book/lite/snapshot.py).

It must hold IPython's stand-in and the demos' plain-Python modules already imported (what makes
the start faster), and nothing that needs a package's shared library (which a snapshot cannot
hold: such a module would point at code that is not loaded after a restore). Restored here under
Node from the built lab's files, as the page's worker restores it.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from book.lite import snapshot

# Restore the snapshot (argv: the lab's Pyodide folder, the raw snapshot) and print what Python
# holds: the modules imported, what IPython is, the names left in __main__.
_RESTORE = r"""
const { loadPyodide } = require(process.argv.at(-2) + "pyodide.js");
(async () => {
  const data = new Uint8Array(require("fs").readFileSync(process.argv.at(-1)));
  const pyodide = await loadPyodide({ indexURL: process.argv.at(-2), _loadSnapshot: data });
  console.log(pyodide.runPython(`
import json, sys
import IPython
json.dumps({
    "modules": sorted(sys.modules),
    "ipython": [IPython.__doc__, IPython.get_ipython()],
    "main": sorted(name for name in globals() if not name.startswith("_")),
})
`));
  process.exit(0);
})();
"""

REPO = Path(__file__).resolve().parents[2]
SHARED_LIBRARIES = ["numpy", "matplotlib", "PIL", "kiwisolver", "contourpy"]


def test_only_the_wheels_without_a_shared_library_are_unpacked():
    lock = {
        "packages": {
            "nnlearn": {
                "depends": ["numpy", "ipywidgets"],
                "file_name": "nnlearn-0.1-py3-none-any.whl",
            },
            "numpy": {
                "depends": [],
                "file_name": "numpy-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
            },
            "ipywidgets": {
                "depends": ["ipython", "traitlets"],
                "file_name": "ipywidgets-8-py3-none-any.whl",
            },
            "ipython": {
                "depends": ["traitlets", "pygments"],
                "file_name": "ipython-8-py3-none-any.whl",
            },
            "pygments": {"depends": [], "file_name": "pygments-2-py3-none-any.whl"},
            "traitlets": {"depends": [], "file_name": "traitlets-5-py3-none-any.whl"},
            "pytz": {"depends": [], "file_name": "pytz-2024-py3-none-any.whl"},
        }
    }
    assert snapshot.pure_wheels(lock, ["nnlearn"], ["ipython"]) == [
        "ipywidgets-8-py3-none-any.whl",
        "nnlearn-0.1-py3-none-any.whl",
        "traitlets-5-py3-none-any.whl",
    ]


@pytest.mark.slow
def test_the_snapshot_holds_the_stand_in_and_plain_python_only(built_book, tmp_path):
    node = shutil.which("node")
    assert node, "the snapshot is made and restored under Node"
    pyodide = built_book / "lab" / "static" / "pyodide"
    raw = tmp_path / "snapshot.bin"
    raw.write_bytes(gzip.decompress((pyodide / snapshot.SNAPSHOT).read_bytes()))
    out = subprocess.run(
        [node, "-e", _RESTORE, f"{pyodide}/", str(raw)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    held = json.loads(out.strip().splitlines()[-1])
    tops = {name.split(".")[0] for name in held["modules"]}
    # the plain-Python packages the demos import, already imported
    assert {"ipywidgets", "traitlets", "comm", "pyparsing", "dateutil", "cycler"} <= tops
    # IPython is the stand-in: nothing displayed, no kernel
    doc, shell = held["ipython"]
    assert doc.startswith("A stand-in") and shell is None
    # nothing that needs a shared library, and nothing of the build left in __main__
    assert not tops & set(SHARED_LIBRARIES)
    assert held["main"] == ["IPython", "json", "sys"], held["main"]


def test_the_worker_leaves_out_what_the_snapshot_stands_in_for():
    worker = (REPO / "book" / "static" / "live-demos-worker.js").read_text(encoding="utf-8")
    not_loaded = json.loads(re.search(r"var NOT_LOADED = (\[.*?\]);", worker).group(1))
    assert not_loaded == snapshot.NOT_LOADED
