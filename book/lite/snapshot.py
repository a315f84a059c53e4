"""The book's live demos start from a memory snapshot of Pyodide, made when the lab is built.

A snapshot (Pyodide 0.27.7: ``loadPyodide({_makeSnapshot: true})``, ``makeMemorySnapshot()``)
holds the interpreter's WebAssembly heap and nothing else: not the file system, not the shared
libraries a package loads (numpy's, matplotlib's: each its own WebAssembly instance, with slots in
the function table; pyodide/pyodide#6418). So it can hold every module that is plain Python, and
those only: the worker of the book's live demos (book/static/live-demos-worker.js) restores it,
then loads the packages as before (their files, their shared libraries) and imports the rest.

What it holds, made under Node from the lab's own files (each checked against its sha256 in the
lab's ``pyodide-lock.json`` when the lab was built):

- the booted interpreter (its start: 1.0 s restored against 9.2-13.1 s booted, under Node on a
  loaded machine);
- the stand-in for IPython (:data:`IPYTHON_STAND_IN`: the worker does not load IPython);
- every module the demos import (:func:`book.lite.bytecode.build` lists them) that imports
  without a shared library: the standard library's, and the pure-Python packages' (ipywidgets,
  traitlets, comm, pyparsing, dateutil, cycler, packaging, ...), unpacked from their wheels for the
  snapshot only. A module that needs numpy or matplotlib fails to import here and is left to the
  worker. After a restore the worker loads those packages again (their files are not in the
  snapshot) and Python finds their modules already imported.

Made with ``loadPackage``, the snapshot would not serialize (Pyodide's package loader keeps
JavaScript objects that a snapshot cannot hold), hence the wheels unpacked by Python's zipfile.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from book.lite.bytecode import closure

SNAPSHOT = "nnlearn-live-snapshot.bin.gz"
# The live lab's kernel (book/lite/kernel-pyodide.js) restores the booted interpreter alone: its
# IPython is the real one, and what it imports is the kernel's affair.
KERNEL_SNAPSHOT = "nnlearn-kernel-snapshot.bin.gz"

# Nothing is displayed in the worker: a demo is made, its sliders set, its figure widget read.
# ipywidgets and nnlearn import IPython only to display (and to find a kernel: there is none),
# yet the real one costs 11 more packages to unpack (IPython, prompt_toolkit, pygments, sqlite3
# and seven more: 2.9 MB) and a third of the imports' time (2.9 of 7.7 s at load 5). So the worker
# loads the lab's packages without IPython (live-demos-worker.js: NOT_LOADED), and the snapshot
# holds a stand-in with the names they import: get_ipython() is None, as in plain Python;
# displaying anything raises (the demo's figure widget is read, never shown).
NOT_LOADED = ["ipython"]
IPYTHON_STAND_IN = """
import sys, types
def stand_in(name, **names):
    module = types.ModuleType(name, 'A stand-in: nothing is displayed in the worker.')
    module.__dict__.update(names)
    sys.modules[name] = module
    return module
def no_display(*args, **kwargs):
    raise RuntimeError('nothing is displayed in the live demos worker')
class InteractiveShell:
    instance = staticmethod(no_display)
    initialized = staticmethod(lambda: False)
ipython = stand_in('IPython', get_ipython=lambda: None)
ipython.display = stand_in(
    'IPython.display', display=no_display, clear_output=no_display, HTML=no_display)
ipython.core = stand_in('IPython.core')
ipython.core.interactiveshell = stand_in(
    'IPython.core.interactiveshell', InteractiveShell=InteractiveShell)
"""

# Unpack the wheels, put the stand-in in place, import what imports (run in a namespace of its
# own: nothing of it is left in the snapshot's __main__).
_PRELUDE = """
import importlib, json, os, site, zipfile
plan = json.load(open("/tmp/nnlearn-snapshot/plan.json"))
for wheel in plan["wheels"]:
    zipfile.ZipFile("/tmp/nnlearn-snapshot/" + wheel).extractall(site.getsitepackages()[0])
exec(plan["stand_in"], {})
for name in plan["modules"]:
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # it needs a package with a shared library: the worker imports it
"""

_MAKE = r"""
const { loadPyodide } = require(process.argv.at(-3) + "pyodide.js");
const fs = require("fs");
(async () => {
  const [indexURL, folder, out] = process.argv.slice(-3);
  const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
  pyodide.FS.mkdirTree("/tmp/nnlearn-snapshot");
  for (const name of fs.readdirSync(folder)) {
    pyodide.FS.writeFile("/tmp/nnlearn-snapshot/" + name, fs.readFileSync(folder + "/" + name));
  }
  pyodide.runPython("exec(open('/tmp/nnlearn-snapshot/prelude.py').read(), {})");
  pyodide.runPython("import shutil; shutil.rmtree('/tmp/nnlearn-snapshot'); del shutil");
  fs.writeFileSync(out, pyodide.makeMemorySnapshot());
  process.exit(0);
})();
"""


def pure_wheels(lock: dict, roots: list[str], without: list[str]) -> list[str]:
    """The file names of the wheels without a shared library (``py3-none-any``) among ``roots``
    and what they depend on in ``lock``, but ``without``."""
    files = [lock["packages"][name]["file_name"] for name in closure(lock, roots, without)]
    return sorted(f for f in files if f.endswith("-none-any.whl"))


def make(pyodide_dir: Path, lock: dict, roots: list[str], modules: list[str]) -> Path:
    """Write :data:`SNAPSHOT` into ``pyodide_dir`` (the lab's Pyodide, ``lock`` its
    pyodide-lock.json): the interpreter with the stand-in and those of ``modules`` that are
    plain Python imported, from the wheels of ``roots`` and their dependencies."""
    wheels = pure_wheels(lock, roots, NOT_LOADED)
    plan = {"wheels": wheels, "stand_in": IPYTHON_STAND_IN, "modules": modules}
    return _snapshot(pyodide_dir, plan, SNAPSHOT)


# The lab's kernel's snapshot: the modules its start and a chapter import that are plain Python,
# imported, as the kernel's worker would import them (pyodide_kernel's stand-ins for the
# terminal's modules in place first). Left out: what talks to JavaScript as it is imported (a
# snapshot cannot hold it: micropip, piplite, the kernel itself), and every module of a package
# that did not import whole (IPython needs sqlite3's shared library): a package imported again
# after the restore would lack the submodules found already imported as its attributes.
_KERNEL_IMPORTS = """
import importlib, json, site, sys
SITE = site.getsitepackages()[0]
kernel = {}
exec(open(SITE + "/pyodide_kernel/mocks.py").read(), kernel)
kernel["apply_mocks"]()
for name in json.loads(MODULES):
    if name.split(".")[0] in json.loads(TALKS_TO_JAVASCRIPT):
        continue
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # it needs a package with a shared library: the kernel imports it
for name in list(sys.modules):
    parts = name.split(".")
    if any(".".join(parts[:i]) not in sys.modules for i in range(1, len(parts))):
        del sys.modules[name]
"""
TALKS_TO_JAVASCRIPT = [
    "micropip",
    "piplite",
    "pyodide_kernel",
    "ipykernel",
    "js",
    "pyodide_js",
    "pyodide",
]


def make_kernel(
    pyodide_dir: Path, lock: dict, roots: list[str], modules: list[str], without: list[str]
) -> Path:
    """Write :data:`KERNEL_SNAPSHOT` into ``pyodide_dir``: the booted interpreter with those of
    ``modules`` that are plain Python imported (:data:`_KERNEL_IMPORTS`), from the wheels of
    ``roots`` (the packages the kernel loads) and their dependencies in ``lock``, but
    ``without`` (the packages the kernel leaves out)."""
    code = _KERNEL_IMPORTS.replace("MODULES", repr(json.dumps(modules))).replace(
        "TALKS_TO_JAVASCRIPT", repr(json.dumps(TALKS_TO_JAVASCRIPT))
    )
    plan = {"wheels": pure_wheels(lock, roots, without), "stand_in": code, "modules": []}
    return _snapshot(pyodide_dir, plan, KERNEL_SNAPSHOT)


def _snapshot(pyodide_dir: Path, plan: dict, name: str) -> Path:
    """Run :data:`_PRELUDE` on ``plan`` in Pyodide under Node and write its memory snapshot,
    gzipped, as ``pyodide_dir / name``."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found: install Node.js and npm (.ci/run does)")
    with tempfile.TemporaryDirectory(prefix="nnlearn-snapshot-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        for wheel in plan["wheels"]:
            shutil.copy2(pyodide_dir / wheel, folder / wheel)
        (folder / "plan.json").write_text(json.dumps(plan))
        (folder / "prelude.py").write_text(_PRELUDE)
        raw = Path(tmp) / "snapshot.bin"
        subprocess.run(
            [node, "-e", _MAKE, f"{pyodide_dir}/", str(folder), str(raw)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out = pyodide_dir / name
        # mtime 0: the same snapshot gives the same file
        with out.open("wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
            gz.write(raw.read_bytes())
    return out
