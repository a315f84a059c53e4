// Loaded on pages with widget snapshots, after require.js and before the widget manager
// (html-manager/embed-amd.js), both served from this book's _static/ folder.
(function () {
  "use strict";
  // Each AMD module of the widget manager's bundle ("@jupyter-widgets/base", ".../controls",
  // ".../html-manager", ".../html-manager/dist/libembed-amd", ...) finds the Font Awesome fonts
  // it bundles next to its own URL, which RequireJS places relative to the page unless told
  // where the modules live: all of them in html-manager/, next to this script.
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  require.config({
    paths: {
      "@jupyter-widgets": here + "html-manager/.",
      "@jupyter-widgets/html-manager/dist": here + "html-manager",
    },
  });

  // The widget manager typesets widget labels with MathJax 2's API,
  // MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). The book loads MathJax 3, which has
  // no Hub: map the call to MathJax 3's typesetPromise. MathJax is a deferred script, so it
  // exists by DOMContentLoaded, before the widgets render.
  document.addEventListener("DOMContentLoaded", function () {
    var mathjax = window.MathJax;
    if (!mathjax || mathjax.Hub || !mathjax.startup) {
      return;
    }
    mathjax.Hub = {
      Queue: function (command) {
        var element = command[2];
        return mathjax.startup.promise.then(function () {
          return mathjax.typesetPromise([element]);
        });
      },
    };
  });
})();
