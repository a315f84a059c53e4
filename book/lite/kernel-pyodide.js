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
//
// The packages of `loadPyodideOptions.nnlearnNotLoaded` (book/lite/build.py: NOT_LOADED) are
// named among the preloaded packages only so that the kernel's worker does not install them
// itself: they are left out of the packages loaded and of every package's dependencies in the
// lock Pyodide reads (the lab's pyodide-lock.json, every sha256 as it is). A cell that imports
// one of them loads it then.
(function () {
  "use strict";
  var SNAPSHOT = "nnlearn-kernel-snapshot.bin.gz";
  var NOT_LOADED = "nnlearnNotLoaded";
  // nnlearnLockWithout and nnlearnSnapshot: book/static/pyodide-shared.js, beside this file
  var SHARED = "pyodide-shared.js";

  self.loadPyodide = async function (options) {
    var start = performance.now();
    importScripts(options.indexURL + "pyodide.js"); // defines Pyodide's own loadPyodide
    importScripts(options.indexURL + SHARED);
    var load = self.loadPyodide;
    var left = options[NOT_LOADED] || [];
    var own = Object.assign({}, options, {
      packages: (options.packages || []).filter(function (name) {
        return left.indexOf(name) === -1;
      }),
    });
    delete own[NOT_LOADED];
    if (left.length) {
      own.lockFileURL = await self.nnlearnLockWithout(options.indexURL, left);
    }
    if (!self.DecompressionStream) {
      return load(own);
    }
    own._loadSnapshot = self.nnlearnSnapshot(options.indexURL, SNAPSHOT);
    var pyodide = await load(own);
    if (own.lockFileURL) {
      URL.revokeObjectURL(own.lockFileURL);
    }
    // Python's `random` may be among the snapshot's modules: seeded anew, not as when it was made
    var scope = pyodide.toPy({ env: options.env || {} }); // not the notebook's namespace
    pyodide.runPython(
      "import os, sys\nos.environ.update(env)\n" +
        "if 'random' in sys.modules:\n    sys.modules['random'].seed()",
      { globals: scope }
    );
    scope.destroy();
    // read by benchmarks/live_lab.py and tests/book/test_live_lab.py
    console.info(
      "nnlearn lab: Pyodide restored from its snapshot, with the preloaded packages, in " +
        ((performance.now() - start) / 1000).toFixed(1) + " s"
    );
    return pyodide;
  };
})();
