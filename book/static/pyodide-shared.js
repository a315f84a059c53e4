// What the two workers that start the lab's Pyodide share: the lab's kernel
// (book/lite/kernel-pyodide.js) and the book's live demos (live-demos-worker.js). Each loads this
// file with importScripts: the book's build puts it in _static/ (html_static_path), beside the
// demos' worker; the lab's build (book/lite/build.py) beside kernel-pyodide.js.
"use strict";

// The lab's pyodide-lock.json (at `indexURL`) without the packages named in `left` among any
// package's dependencies (every other entry, sha256 included, as it is), as a URL that
// loadPyodide reads it from.
self.nnlearnLockWithout = async function (indexURL, left) {
  var lock = await (await fetch(indexURL + "pyodide-lock.json")).json();
  Object.keys(lock.packages).forEach(function (name) {
    var entry = lock.packages[name];
    entry.depends = entry.depends.filter(function (dependency) {
      return left.indexOf(dependency) === -1;
    });
  });
  var blob = new Blob([JSON.stringify(lock)], { type: "application/json" });
  return URL.createObjectURL(blob);
};

// The memory snapshot `name` (gzipped, at `indexURL`: book/lite/snapshot.py makes both), unpacked,
// as loadPyodide's `_loadSnapshot` takes it. Needs DecompressionStream.
self.nnlearnSnapshot = async function (indexURL, name) {
  var response = await fetch(indexURL + name);
  if (!response.ok) {
    throw new Error(name + ": " + response.status);
  }
  var unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(unpacked).arrayBuffer());
};
