"""The packages the lab's kernel leaves out (book/lite/build.py: NOT_LOADED; the loader,
book/lite/kernel-pyodide.js, takes them out of the packages it loads and of the lock's
dependencies): nothing the kernel's start or a chapter imports is among them, and Tab still
completes without jedi.

Under Node, from the built lab's files: the kernel started as its worker starts it (its
snapshot restored and the packages of the site's ``jupyter-lite.json`` loaded as the loader
does, then ``piplite`` and ``pyodide_kernel``, which runs the lab's start-up file), then a
chapter's imports and a figure drawn. The kernel's snapshot too: plain-Python packages
imported, whole.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from book.lite import build, bytecode

REPO = Path(__file__).resolve().parents[2]
LOADER = REPO / "book" / "lite" / "kernel-pyodide.js"

# argv: the lab's Pyodide folder, a folder to write the loader's lock in. As the loader does: the
# kernel's snapshot restored, the packages loaded but those left out, the environment set; then
# the kernel's worker's imports. Prints, as JSON, the modules the restored interpreter holds, and
# after a chapter's imports and a figure, the modules imported and what Tab completes.
_KERNEL = r"""
const fs = require("fs");
const zlib = require("zlib");
const [dir, tmp] = process.argv.slice(-2);
const { loadPyodide } = require(dir + "pyodide.js");
const site = JSON.parse(fs.readFileSync(dir + "../../jupyter-lite.json"));
const options = site["jupyter-config-data"].litePluginSettings[
  "@jupyterlite/pyodide-kernel-extension:kernel"].loadPyodideOptions;
const left = options.nnlearnNotLoaded;
const lock = JSON.parse(fs.readFileSync(dir + "pyodide-lock.json"));
for (const entry of Object.values(lock.packages)) {
  entry.depends = entry.depends.filter((name) => !left.includes(name));
}
fs.writeFileSync(tmp + "/pyodide-lock.json", JSON.stringify(lock));
(async () => {
  const snapshot = zlib.gunzipSync(fs.readFileSync(dir + "nnlearn-kernel-snapshot.bin.gz"));
  const pyodide = await loadPyodide({
    indexURL: dir,
    lockFileURL: tmp + "/pyodide-lock.json",
    packages: options.packages.filter((name) => !left.includes(name)),
    _loadSnapshot: new Uint8Array(snapshot),
  });
  const held = pyodide.runPython("import json, sys; json.dumps(sorted(sys.modules))");
  pyodide.runPython("import os; os.environ.update(" + JSON.stringify(options.env) + ")");
  pyodide.runPython("import piplite.piplite, pyodide_kernel");
  const after = pyodide.runPython(`
import io, json, sys
sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
import numpy as np
import matplotlib.pyplot as plt
import nnlearn.checks, nnlearn.demos
figure, axes = plt.subplots(layout="constrained")
axes.plot([0, 1], [0, 1], label="$z = 0$")
axes.legend()
figure.savefig(io.BytesIO(), format="png")
shell = pyodide_kernel.ipython_shell
shell.user_ns["np"] = np
text, matches = shell.complete("np.arr", "np.arr", 6)
json.dumps({"modules": sorted(sys.modules), "matches": list(matches)})
`);
  console.log(JSON.stringify({ held: JSON.parse(held), ...JSON.parse(after) }));
  process.exit(0);
})();
"""


def test_the_site_gives_the_loader_what_to_leave_out(built_book):
    config = json.loads((built_book / "lab" / "jupyter-lite.json").read_text())
    plugin = config["jupyter-config-data"]["litePluginSettings"][build.KERNEL_PLUGIN]
    options = plugin["loadPyodideOptions"]
    assert options[build.NOT_LOADED_OPTION] == build.NOT_LOADED
    # still named among the preloaded packages: the kernel's worker would install them
    assert {"ssl", "jedi"} <= set(options["packages"])
    assert f'"{build.NOT_LOADED_OPTION}"' in LOADER.read_text(encoding="utf-8")


def test_the_kernel_bytecode_has_no_module_left_out(built_book):
    """The kernel's bytecode is compiled from what its start and a chapter import
    (book/lite/bytecode.py), the packages matplotlib depends on loaded: none of theirs."""
    pyodide = built_book / "lab" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
    with zipfile.ZipFile(pyodide / f"{bytecode.KERNEL}.zip") as archive:
        tops = {
            re.split(r"[/.]", name.removeprefix("__pycache__/"))[0] for name in archive.namelist()
        }
    assert {"IPython", "pyodide_kernel", "nnlearn"} <= tops, "not the kernel's bytecode"
    for package in build.NOT_LOADED:
        assert not set(lock[package]["imports"]) & tops, package


@pytest.fixture(scope="module")
def started(built_book, tmp_path_factory):
    """What the kernel, started under Node as the lab starts it, held and did (_KERNEL)."""
    node = shutil.which("node")
    assert node, "the kernel is started under Node"
    pyodide = built_book / "lab" / "static" / "pyodide"
    out = subprocess.run(
        [node, "-e", _KERNEL, f"{pyodide}/", str(tmp_path_factory.mktemp("lock"))],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    ).stdout
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
    return json.loads(out.strip().splitlines()[-1]), lock


@pytest.mark.slow
def test_the_kernel_starts_draws_and_completes_without_them(started):
    found, lock = started
    tops = {name.split(".")[0] for name in found["modules"]}
    assert {"IPython", "matplotlib", "nnlearn"} <= tops
    for package in build.NOT_LOADED:
        assert not set(lock[package]["imports"]) & tops, f"{package} was imported"
    assert "np.array" in found["matches"], found["matches"][:10]


@pytest.mark.slow
def test_the_kernel_snapshot_holds_whole_plain_python_packages(started):
    """The kernel's snapshot (snapshot.make_kernel) holds the plain-Python packages its start
    imports, imported; nothing that needs a shared library or talks to JavaScript; no module
    whose package is not there whole (IPython, which needs sqlite3's library)."""
    found, lock = started
    held = set(found["held"])
    tops = {name.split(".")[0] for name in held}
    assert {"traitlets", "pygments", "prompt_toolkit", "comm", "dateutil", "pyparsing"} <= tops
    assert not tops & {"IPython", "numpy", "matplotlib", "PIL", "sqlite3", "micropip"}
    for name in held:
        parts = name.split(".")
        assert all(".".join(parts[:i]) in held for i in range(1, len(parts))), name
