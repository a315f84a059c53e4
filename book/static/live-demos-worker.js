// The Web Worker of a chapter page's live demos (started by live-demos.js; book/live/README.md).
// It runs the demos' own Python in the live lab's Pyodide (the same files, checked against the
// sha256 of the lab's pyodide-lock.json as they load), and answers one message at a time:
//   {type: "init", indexURL}                 -> {type: "ready", seconds}
//   {type: "build", id, recipe}              -> {type: "built", id, seconds}
//   {type: "frame", id, seq, values}         -> {type: "frame", id, seq, html, seconds}
// or {type: "error", id, message} when one fails. `recipe` and `values` are JSON strings (see
// nnlearn/demos/live.py: build and frame).
"use strict";

// What the demos need, by name in the lab's pyodide-lock.json: nnlearn, and with it what it
// depends on there (numpy, matplotlib, Pillow, IPython, ipywidgets).
var PACKAGES = ["nnlearn"];

// Pyodide 0.27.7's matplotlib ships its font list (matplotlib/fontlist.json) marked with
// another matplotlib's version number, so matplotlib would throw it away and list the fonts
// again at every start (~0.5 s). The list is of the same font files: mark it with this
// matplotlib's version before matplotlib is imported.
var FONT_LIST_FIX = [
  "import importlib.util, json, pathlib, re",
  "folder = pathlib.Path(importlib.util.find_spec('matplotlib').origin).parent",
  "source = (folder / 'font_manager.py').read_text()",
  "version = int(re.search(r'^    __version__ = (\\d+)$', source, re.M).group(1))",
  "fonts = json.loads((folder / 'fontlist.json').read_text())",
  "if fonts.get('_version') != version:",
  "    fonts['_version'] = version",
  "    (folder / 'fontlist.json').write_text(json.dumps(fonts))",
  "del folder, source, version, fonts",
].join("\n");

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
    importScripts(message.indexURL + "pyodide.js");
    pyodide = await self.loadPyodide({ indexURL: message.indexURL, packages: PACKAGES });
    pyodide.runPython(FONT_LIST_FIX);
    live = pyodide.pyimport("nnlearn.demos.live");
    return { type: "ready", seconds: seconds(start) };
  }
  if (message.type === "build") {
    demos[message.id] = live.build(message.recipe);
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
