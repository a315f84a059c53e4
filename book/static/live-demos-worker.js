// The Web Worker of a chapter page's live demos (started by live-demos.js; book/live/README.md).
// It runs the demos' own Python in the live lab's Pyodide (the same files, checked against the
// sha256 of the lab's pyodide-lock.json as they load), and answers one message at a time:
//   {type: "init", indexURL}                 -> {type: "ready", seconds, since, phases}
//   {type: "build", id, recipe}              -> {type: "built", id, seconds}
//   {type: "frame", id, seq, values}         -> {type: "frame", id, seq, html, seconds}
// or {type: "error", id, message} when one fails. `recipe` and `values` are JSON strings (see
// nnlearn/demos/live.py: build and frame). `phases` says where the start went, in seconds
// (benchmarks/book_live.py prints it).
"use strict";

// What the demos need, by name in the lab's pyodide-lock.json: nnlearn, and with it what it
// depends on there (numpy, matplotlib, Pillow, ipywidgets), but IPython (below); and the
// bytecode of what they import, compiled when the lab was built (book/lite/bytecode.py: Python
// in WebAssembly imports about three times as fast from it as from the sources).
var PACKAGES = ["nnlearn", "nnlearn-bytecode-demos"];

// Nothing is displayed in the worker, and IPython is not loaded (11 more packages to unpack): the
// worker reads the lab's lock without it among anyone's dependencies (every other entry, sha256
// included, as it is). Its memory snapshot holds a stand-in with the names ipywidgets and nnlearn
// import (book/lite/snapshot.py: NOT_LOADED, IPYTHON_STAND_IN).
var NOT_LOADED = ["ipython"];

// Packages that matplotlib depends on in the lock but that nothing the demos run imports: pytz
// (about 600 files to unpack), fontTools (for the PDF and PostScript backends) and Pyodide's own
// browser backend (pyplot's; the demos draw with Agg). Unpacking them was about a quarter of the
// packages' time. No module of theirs is in the demos' bytecode (what their imports and a first
// draw import: book/lite/bytecode.py), checked by tests/book/test_live_worker_packages.py.
var NEVER_IMPORTED = ["pytz", "fonttools", "matplotlib-pyodide"];

// nnlearnLockWithout (the lab's lock without some packages) and nnlearnSnapshot (a snapshot
// unpacked): pyodide-shared.js, beside this file in _static/; the lab's kernel uses them too.
importScripts("pyodide-shared.js");

// Pyodide 0.27.7's matplotlib ships a font list stamped with another matplotlib's version and
// naming 488 fonts of the machine it was made on: mended before matplotlib is imported, as the
// lab's kernel does (nnlearn.fonts.fix_shipped_font_list says how and why).
var FONT_LIST_FIX = "from nnlearn.fonts import fix_shipped_font_list\nfix_shipped_font_list()";

// Pyodide's memory once booted, with every module of the demos that is plain Python already
// imported (the standard library's, ipywidgets, traitlets, pyparsing, ...) and IPython's stand-in:
// made when the lab is built (book/lite/snapshot.py), gzipped. The interpreter restored from it
// instead of started (a second instead of several). A browser that cannot unpack it (no
// DecompressionStream) keeps the page as built.
var SNAPSHOT = "nnlearn-live-snapshot.bin.gz";

// What the demos import, in the order they need it: imported one by one when Python starts, so
// that the start's phases can be timed apart (the first demo then only makes its figure). What
// is plain Python is in the snapshot already: these import what needs the packages' libraries.
var IMPORTS = [
  ["numpy", "import numpy"],
  ["matplotlib", "import matplotlib.figure, matplotlib.backends.backend_agg"],
  ["PIL", "import PIL.Image, PIL.PngImagePlugin"],
  ["ipywidgets", "import ipywidgets"],
  ["nnlearn", "import nnlearn.demos.base, nnlearn.demos.live"],
];

var pyodide = null;
var live = null; // the Python module nnlearn.demos.live
var demos = {}; // id -> the Python demo
var queue = Promise.resolve();

function seconds(start) {
  return (performance.now() - start) / 1000;
}

async function handle(message) {
  var start = performance.now();
  if (message.type === "init") {
    var phases = {};
    var phase = performance.now();
    var timed = function (name) {
      var now = performance.now();
      phases[name] = (now - phase) / 1000;
      phase = now;
    };
    if (!self.DecompressionStream) {
      throw new Error("this browser cannot unpack the interpreter (no DecompressionStream)");
    }
    importScripts(message.indexURL + "pyodide.js");
    var lockFileURL = await self.nnlearnLockWithout(
      message.indexURL,
      NOT_LOADED.concat(NEVER_IMPORTED)
    );
    timed("pyodide.js and the lock");
    // Pyodide waits for the snapshot before anything else: read and unpacked first, and timed
    // apart (unpacking it is this thread's work: begun earlier, it would only be counted in
    // whatever phase it delayed). The packages then download while the interpreter is restored,
    // and are unpacked after it.
    var snapshot = await self.nnlearnSnapshot(message.indexURL, SNAPSHOT);
    timed("snapshot read and unpacked");
    pyodide = await self.loadPyodide({
      indexURL: message.indexURL,
      lockFileURL: lockFileURL,
      packages: PACKAGES,
      _loadSnapshot: snapshot,
    });
    URL.revokeObjectURL(lockFileURL);
    timed("restore and packages");
    pyodide.runPython(FONT_LIST_FIX);
    timed("font list");
    IMPORTS.forEach(function (item) {
      pyodide.runPython(item[1]);
      timed("import " + item[0]);
    });
    live = pyodide.pyimport("nnlearn.demos.live");
    // in the page's language (nnlearn.i18n.use: its words, and the Hangul font it ships)
    if (message.language && message.language !== "en") {
      var language = JSON.stringify(message.language);
      pyodide.runPython("import nnlearn.i18n\nnnlearn.i18n.use(" + language + ")");
      timed("language " + message.language);
    }
    var since = performance.timeOrigin + start; // the page's clock differs: it gets this
    return { type: "ready", seconds: seconds(start), since: since, phases: phases };
  }
  if (message.type === "build") {
    // no first picture at 2x: the page shows it (its layout only, then a 1x picture)
    demos[message.id] = live.build(message.recipe, false);
    return { type: "built", id: message.id, seconds: seconds(start) };
  }
  if (message.type === "frame") {
    var html = live.frame(demos[message.id], message.values);
    return {
      type: "frame",
      id: message.id,
      seq: message.seq,
      html: html,
      seconds: seconds(start),
    };
  }
  throw new Error("unknown message " + message.type);
}

self.onmessage = function (event) {
  var message = event.data;
  queue = queue.then(function () {
    return handle(message).then(
      function (answer) {
        self.postMessage(answer);
      },
      function (error) {
        self.postMessage({ type: "error", id: message.id, message: String(error) });
      }
    );
  });
};
