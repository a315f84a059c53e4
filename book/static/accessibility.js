// 1. Every slider of a demo (an ipywidgets slider: noUiSlider's handle, role="slider") named by
// its visible label, and its value said with that name: "learning rate = 0.10". ipywidgets
// writes the label beside the handle without tying the two together, so a screen reader
// announces a nameless slider. The book's pages load this file (book/accessibility.py), and so
// does the live lab (book/lite/build.py), where the same sliders are drawn.
// 2. In the lab, a demo's sliders cannot answer while the demo's own cell is queued or runs
// (its prompt shows [*]: Run All): its callback is not there yet. They look it: disabled, and
// the demo says "Running the notebook…", until that cell is done. Then they answer, even while
// later cells run: the lab's kernel client hands a slider's move to the kernel before the
// cells still queued (book/lite/build.py, comm_messages_first).
(function () {
  "use strict";
  var count = 0;

  function nameSlider(slider) {
    var label = slider.querySelector(":scope > .widget-label");
    var handle = slider.querySelector('.noUi-handle[role="slider"]');
    if (!label || !handle || !label.textContent.trim()) {
      return;
    }
    if (!label.id) {
      count += 1;
      label.id = "nnlearn-slider-label-" + count;
    }
    if (handle.getAttribute("aria-labelledby") !== label.id) {
      handle.setAttribute("aria-labelledby", label.id);
    }
    // The value as the readout shows it (rounded as on the screen); noUiSlider rewrites
    // aria-valuetext at every move, so this runs again after it.
    var readout = slider.querySelector(":scope > .widget-readout");
    var value = readout && readout.textContent.trim();
    if (!value) {
      value = handle.getAttribute("aria-valuenow") || "";
    }
    var text = label.textContent.trim() + " = " + value;
    if (handle.getAttribute("aria-valuetext") !== text) {
      handle.setAttribute("aria-valuetext", text);
    }
  }

  var WAITING = "data-nnlearn-waiting";

  function holdWhileRunning(panel) {
    panel.querySelectorAll(".jp-OutputArea-output").forEach(function (output) {
      var targets = output.querySelectorAll(".widget-slider .noUi-target");
      if (!targets.length) {
        return;
      }
      var cell = output.closest(".jp-CodeCell");
      var prompt = cell && cell.querySelector(".jp-InputPrompt");
      var running = !!prompt && prompt.textContent.indexOf("*") >= 0;
      targets.forEach(function (target) {
        if (running && !target.hasAttribute("disabled")) {
          target.setAttribute("disabled", "true");
          target.setAttribute(WAITING, "");
        } else if (!running && target.hasAttribute(WAITING)) {
          target.removeAttribute("disabled");
          target.removeAttribute(WAITING);
        }
      });
      if (running !== output.hasAttribute(WAITING)) {
        if (running) {
          output.setAttribute(
            WAITING,
            "Running the notebook\u2026 the sliders answer once this cell has run"
          );
          output.setAttribute("aria-busy", "true");
        } else {
          output.removeAttribute(WAITING);
          output.removeAttribute("aria-busy");
        }
      }
    });
  }

  function nameAll() {
    document.querySelectorAll(".widget-slider").forEach(nameSlider);
    document.querySelectorAll(".jp-NotebookPanel").forEach(holdWhileRunning);
  }

  function addStyle() {
    var style = document.createElement("style");
    style.textContent =
      ".jp-OutputArea-output[" + WAITING + "]::before {" +
      " content: attr(" + WAITING + "); display: block; font-style: italic; }";
    document.head.appendChild(style);
  }

  var scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        nameAll();
      });
    }
  }

  function start() {
    if (document.querySelector("#jupyter-config-data")) {
      addStyle(); // the lab; the book's pages have no notebook that runs
    }
    nameAll();
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var target = records[i].target;
        var element = target.nodeType === 1 ? target : target.parentElement;
        if (
          records[i].type === "childList" ||
          (element && (element.closest(".widget-slider") || element.closest(".jp-InputPrompt")))
        ) {
          schedule();
          return;
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-valuetext", "aria-labelledby"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
