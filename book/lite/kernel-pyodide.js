// The lab's kernel's Pyodide: Pyodide's own pyodide.js, started from the memory snapshot of the
// booted interpreter that the lab's build makes (book/lite/snapshot.py, KERNEL_SNAPSHOT) instead
// of booting it. The Pyodide kernel (jupyterlite-pyodide-kernel 0.6.1) loads the script its `pyodideUrl`
// names with importScripts and calls the `loadPyodide` it defines, with its indexURL and the
// site's `loadPyodideOptions`; the lab's jupyter-lite.json names this file, which defines that
// `loadPyodide`. A browser without DecompressionStream boots the interpreter as before.
//
// The snapshot's interpreter read its environment when it was made: the variables of
// `loadPyodideOptions.env` (PYTHONSTARTUP, the lab's start-up file, which IPython runs when
// the kernel starts) are put into os.environ after the restore.
(function () {
  "use strict";
  var SNAPSHOT = "nnlearn-kernel-snapshot.bin.gz";

  async function snapshot(indexURL) {
    var response = await fetch(indexURL + SNAPSHOT);
    if (!response.ok) {
      throw new Error(SNAPSHOT + ": " + response.status);
    }
    var unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(unpacked).arrayBuffer());
  }

  self.loadPyodide = async function (options) {
    var start = performance.now();
    importScripts(options.indexURL + "pyodide.js"); // defines Pyodide's own loadPyodide
    var load = self.loadPyodide;
    if (!self.DecompressionStream) {
      return load(options);
    }
    var restore = { _loadSnapshot: snapshot(options.indexURL) };
    var pyodide = await load(Object.assign({}, options, restore));
    var scope = pyodide.toPy({ env: options.env || {} }); // not the notebook's namespace
    pyodide.runPython("import os\nos.environ.update(env)", { globals: scope });
    scope.destroy();
    // read by benchmarks/live_lab.py and tests/book/test_live_lab.py
    console.info(
      "nnlearn lab: Pyodide restored from its snapshot, with the preloaded packages, in " +
        ((performance.now() - start) / 1000).toFixed(1) + " s"
    );
    return pyodide;
  };
})();
