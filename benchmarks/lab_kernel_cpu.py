"""Where the live lab's kernel spends its CPU time: its start, then each cell of a chapter's Run
All (measured, printed, never asserted).

    .venv/bin/python -m benchmarks.lab_kernel_cpu [--book _build/html] [--book OTHER/_build/html]
                                                  [--chapter 01_decision_boundaries]

Runs the built lab's own files (``<book>/lab/static/pyodide/``) in Node as the kernel's worker
does (jupyterlite-pyodide-kernel 0.6.1): the interpreter restored from the kernel's snapshot,
the preloaded packages of the site's ``jupyter-lite.json`` loaded in one batch (but those the
lab's loader leaves out, as it does: book/lite/kernel-pyodide.js), ``piplite``,
IPython and ``pyodide_kernel`` imported (the shell, with the lab's start-up file), then every
code cell of the chapter's student notebook run through the kernel, as Run All does. Printed:
the CPU seconds of the Node process for each phase and each cell that took 0.1 s or more. On a
shared machine the CPU seconds change less than the wall clock (benchmarks/live_lab.py times the
same in Chromium). Several ``--book``: each in turn, to compare builds. Needs Node.js.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_RUN = r"""
const fs = require("fs");
const zlib = require("zlib");
const [dir, notebook, tmp] = process.argv.slice(-3);
const { loadPyodide } = require(dir + "pyodide.js");
const site = JSON.parse(fs.readFileSync(dir + "../../jupyter-lite.json"));
const plugins = site["jupyter-config-data"].litePluginSettings;
const options = plugins["@jupyterlite/pyodide-kernel-extension:kernel"].loadPyodideOptions;
let last = process.cpuUsage();
const cpu = () => {
  const now = process.cpuUsage();
  const used = (now.user - last.user + now.system - last.system) / 1e6;
  last = now;
  return used;
};
const say = (seconds, label) => console.log(seconds.toFixed(2).padStart(7) + " CPU s  " + label);
// as the lab's loader (book/lite/kernel-pyodide.js): the packages it leaves out, out of the
// packages loaded and of every package's dependencies in the lock
const left = options.nnlearnNotLoaded || [];
const packages = options.packages.filter((name) => !left.includes(name));
const lock = JSON.parse(fs.readFileSync(dir + "pyodide-lock.json"));
for (const entry of Object.values(lock.packages)) {
  entry.depends = entry.depends.filter((name) => !left.includes(name));
}
const lockFileURL = tmp + "/pyodide-lock.json";
fs.writeFileSync(lockFileURL, JSON.stringify(lock));
(async () => {
  const snapshot = zlib.gunzipSync(fs.readFileSync(dir + "nnlearn-kernel-snapshot.bin.gz"));
  const pyodide = await loadPyodide({
    indexURL: dir,
    lockFileURL,
    _loadSnapshot: new Uint8Array(snapshot),
  });
  say(cpu(), "the kernel's snapshot unpacked and restored");
  pyodide.runPython("import os; os.environ.update(" + JSON.stringify(options.env) + ")");
  await pyodide.loadPackage(packages, { messageCallback: () => {} });
  say(cpu(), "the preloaded packages loaded (" + packages.join(", ") + ")");
  for (const module of ["piplite.piplite", "IPython", "pyodide_kernel"]) {
    pyodide.runPython("import " + module);
    say(cpu(), "import " + module);
  }
  pyodide.runPython(`
import contextlib, io, sys, pyodide_kernel
sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
kernel = pyodide_kernel.kernel_instance
kernel.interpreter.send_comm = lambda *args, **kwargs: None  # no front end: comms go nowhere
kernel._parent_header = {"content": {"stop_on_error": False}}  # as Run All asks
`);
  const cells = JSON.parse(fs.readFileSync(notebook)).cells
    .filter((cell) => cell.cell_type === "code")
    .map((cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source));
  let total = 0;
  for (let i = 0; i < cells.length; i++) {
    pyodide.globals.set("code", cells[i]);
    await pyodide.runPythonAsync(
      "with contextlib.redirect_stdout(io.StringIO()), " +
        "contextlib.redirect_stderr(io.StringIO()):\n    await kernel.run(code)"
    );
    const used = cpu();
    total += used;
    if (used >= 0.1) {
      say(used, "  cell " + i + "  " + cells[i].trim().split("\n")[0].slice(0, 50));
    }
  }
  say(total, "Run All, every cell");
  process.exit(0);
})();
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--book", type=Path, action="append", help="default _build/html; again to compare"
    )
    parser.add_argument("--chapter", default="01_decision_boundaries")
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node not found: install Node.js")
    notebook = REPO / "chapters" / f"{args.chapter}.ipynb"
    with tempfile.TemporaryDirectory(prefix="nnlearn-kernel-cpu-") as tmp:
        script = Path(tmp) / "run.js"
        script.write_text(_RUN)
        for book in args.book or [REPO / "_build" / "html"]:
            load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"--- {book}, chapter {args.chapter} (load {load})", flush=True)
            pyodide = (book / "lab" / "static" / "pyodide").resolve()
            subprocess.run([node, str(script), f"{pyodide}/", str(notebook), tmp], check=True)


if __name__ == "__main__":
    main()
