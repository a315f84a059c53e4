"""Python's bytecode for the lab and the book's live demos, compiled once when the lab is built.

Pyodide's packages ship Python sources only, and Python in WebAssembly compiles every module it
imports, at every start: numpy, matplotlib and ipywidgets took about three times as long to
import from their sources as from bytecode (under Node, same files). So the lab's build starts
Pyodide under Node with the lab's packages, imports what a start imports, compiles each module
imported from site-packages to a *checked-hash* ``.pyc`` (PEP 552: Python checks the file against
its source's hash at every import and compiles the source again if they differ, so a ``.pyc``
never stands for a source it was not made from), and zips them as
``<package>/__pycache__/<module>.cpython-312.pyc``. Two archives:

- :data:`DEMOS`: what the book's live demos import (book/static/live-demos-worker.js);
- :data:`KERNEL`: what the lab's kernel and the chapters import besides (IPython, ipykernel,
  nnlearn's checks, ...).

Each is an entry of the lab's ``pyodide-lock.json``, a package like any other (unpacked into
site-packages, its sha256 checked by Pyodide as it loads): the worker loads the first, the lab's
kernel both (``PRELOAD``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from hashlib import sha256
from pathlib import Path

DEMOS = "nnlearn-bytecode-demos"
KERNEL = "nnlearn-bytecode-kernel"

# What each start imports, run in Pyodide before compiling. The demos: the worker's imports
# (live-demos-worker.js, IMPORTS), every demo module, and a figure drawn with a formula, a legend
# and a PNG, as a demo's first picture is. The kernel: what the lab's kernel imports to start.
_DEMOS_IMPORTS = """
import numpy, matplotlib.figure, matplotlib.backends.backend_agg, PIL.Image, PIL.PngImagePlugin
import ipywidgets, nnlearn.demos.base, nnlearn.demos.live, io, pkgutil, importlib, nnlearn.demos
for module in pkgutil.iter_modules(nnlearn.demos.__path__):
    importlib.import_module("nnlearn.demos." + module.name)
figure = matplotlib.figure.Figure()
axes = figure.add_subplot()
axes.plot([0, 1], [0, 1], label="$z = 0$")
axes.set(title="$w_1 x_1 + b$", xlabel="$x_1$")
axes.legend()
figure.savefig(io.BytesIO(), format="png")
"""
_KERNEL_IMPORTS = ["IPython", "ipykernel", "comm", "pyodide_kernel", "piplite", "micropip"]
# And what a chapter imports besides the demos: every module of nnlearn (the checks, their
# diagnoses, the stand-ins), numpy.random, the style of IPython's tracebacks (the checks of
# unwritten exercises show one).
_CHAPTER_IMPORTS = """
import importlib, pkgutil, nnlearn, numpy.random, pygments.styles.default
for module in pkgutil.walk_packages(nnlearn.__path__, "nnlearn."):
    importlib.import_module(module.name)
"""

_COMPILE = r"""
const { loadPyodide } = require(process.argv.at(-3) + "pyodide.js");
const fs = require("fs");
(async () => {
  const [indexURL, plan, out] = process.argv.slice(-3);
  const { packages, steps } = JSON.parse(fs.readFileSync(plan, "utf8"));
  const pyodide = await loadPyodide({ indexURL, env: { PYTHONHASHSEED: "0" } });
  await pyodide.loadPackage(packages, { messageCallback: () => {} });
  pyodide.runPython(`
import importlib.util, os, py_compile, site, sys, zipfile
SITE = site.getsitepackages()[0]
compiled = set()
def archive(path, only):
    sources = sorted(
        m.__file__ for name, m in list(sys.modules.items())
        if (getattr(m, "__file__", None) or "").startswith(SITE + "/")
        and m.__file__.endswith(".py") and m.__file__ not in compiled
        and (only is None or name.split(".")[0] in only)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for source in sources:
            pyc = importlib.util.cache_from_source(source)
            py_compile.compile(source, cfile=pyc, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
            info = zipfile.ZipInfo(os.path.relpath(pyc, SITE), (1980, 1, 1, 0, 0, 0))
            with open(pyc, "rb") as f:
                z.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
            compiled.add(source)
    return len(sources)
`);
  const archive = pyodide.globals.get("archive");
  for (const step of steps) {
    for (const code of step.code) {
      try { pyodide.runPython(code); } catch (error) { console.log(step.name + ": " + error); }
    }
    const count = archive("/tmp/" + step.file, step.only && pyodide.toPy(step.only));
    fs.writeFileSync(out + "/" + step.file, pyodide.FS.readFile("/tmp/" + step.file));
    console.log(step.name + ": " + count + " modules");
    if (step.modules) {
      // every module imported so far (the standard library's too), in the order imported
      const names = pyodide.runPython("import json, sys; json.dumps(list(sys.modules))");
      fs.writeFileSync(step.modules, names);
    }
  }
  process.exit(0);
})();
"""


def lock_entry(path: Path, name: str) -> dict:
    """The ``pyodide-lock.json`` entry of the archive ``path``: unpacked into site-packages."""
    return {
        "depends": [],
        "file_name": path.name,
        "imports": [],
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": sha256(path.read_bytes()).hexdigest(),
        "shared_library": False,
        "unvendored_tests": False,
        "version": "1.0",
    }


def closure(lock: dict, packages: list[str], without: list[str]) -> set[str]:
    """``packages`` and everything they depend on in ``lock`` (a pyodide-lock.json), but
    ``without`` (and what only they bring in)."""
    names, todo = set(), list(packages)
    while todo:
        name = todo.pop().replace("_", "-").lower()  # the lock's keys; `depends` not always
        if name not in names and name not in without:
            names.add(name)
            todo.extend(lock["packages"][name]["depends"])
    return names


def imported_names(lock: dict, packages: list[str], without: list[str]) -> list[str]:
    """The top-level modules of ``packages`` and of everything they depend on in ``lock``, but
    ``without`` (the live demos' worker does not load IPython: its memory snapshot holds a
    stand-in, book/lite/snapshot.py)."""
    names = closure(lock, packages, without)
    return sorted({module for name in names for module in lock["packages"][name]["imports"]})


def build(
    pyodide_dir: Path, lock: dict, demos: list[str], not_in_demos: list[str], kernel: list[str]
) -> tuple[list[dict], list[str], list[str]]:
    """Write the two archives into ``pyodide_dir`` (the lab's Pyodide, with ``lock`` its
    pyodide-lock.json); return their lock entries, the names of the modules the demos import
    and those of the modules the demos, the kernel and a chapter import (``sys.modules`` once
    they have, the standard library's included, in the order imported: book/lite/snapshot.py
    imports those it can before its snapshots). ``demos``, ``kernel``: what each start loads, by
    lock name; ``not_in_demos``: what the demos' worker leaves out of that."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found: install Node.js and npm (.ci/run does)")
    steps = [
        {
            "name": DEMOS,
            "file": f"{DEMOS}.zip",
            "code": [_DEMOS_IMPORTS],
            "only": imported_names(lock, demos, not_in_demos),
        },
        {
            "name": KERNEL,
            "file": f"{KERNEL}.zip",
            "code": [*(f"import {module}" for module in _KERNEL_IMPORTS), _CHAPTER_IMPORTS],
            "only": None,
        },
    ]
    packages = list(dict.fromkeys([*demos, *kernel]))
    with tempfile.TemporaryDirectory(prefix="nnlearn-bytecode-") as tmp:
        modules = Path(tmp) / "modules.json"
        steps[0]["modules"] = str(modules)
        kernel_modules = Path(tmp) / "kernel-modules.json"
        steps[1]["modules"] = str(kernel_modules)
        plan = Path(tmp) / "plan.json"
        plan.write_text(json.dumps({"packages": packages, "steps": steps}))
        subprocess.run(
            [node, "-e", _COMPILE, f"{pyodide_dir}/", str(plan), str(pyodide_dir)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        imported = json.loads(modules.read_text())
        kernel_imported = json.loads(kernel_modules.read_text())
    entries = [lock_entry(pyodide_dir / step["file"], step["name"]) for step in steps]
    return entries, imported, kernel_imported
