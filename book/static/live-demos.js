// The live demos of a chapter page (book/live_demos.py adds this script and its configuration;
// book/live/README.md says why it works this way).
//
// The page shows each demo as the widget manager renders its snapshot, sliders disabled. This
// script enables them and starts a Web Worker (live-demos-worker.js) that runs the demos' own
// Python in the live lab's Pyodide when a reader comes within a screen of a demo or moves one of
// its sliders (not before: a reader who never reaches a demo downloads no Python). The worker makes each demo again as the reader
// nears it. Each move of a slider sends the sliders' values to the
// worker and puts the figure it answers (an <img>, what the notebook's figure widget would hold)
// in place of the old one. Until it arrives the figure is marked "drawing…": a picture is never
// shown as true for values it was not drawn for.
(function () {
  "use strict";
  var configElement = document.getElementById("nnlearn-live-demos");
  if (!configElement || !window.Worker || !window.require || !window.IntersectionObserver) {
    return; // the page stays as built: pictures, and the link to the lab
  }
  var config = JSON.parse(configElement.textContent);
  var workerURL = document.currentScript.src.replace(/[^/]*$/, "") + "live-demos-worker.js";
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var DRAWING = "drawing…";
  var STARTING = "drawing… (starting Python in your browser)";

  // --- the worker, one per page, started by the first demo that needs it ---------------------
  var worker = null;
  var waiting = {}; // demo id -> the function that takes the worker's next answer about it
  var made = {}; // demo id -> "building", "live" or "failed", from the first build asked for
  var failed = null;
  // Where the time goes, in milliseconds of the page's clock (benchmarks/book_live.py reads it):
  // the worker's start (asked, running, ready, with the phases of Python's start in seconds),
  // and each answer (sent, answered, the seconds the worker spent on it, shown).
  var timings = (window.nnlearnLiveTimings = {
    script: performance.now(), // this script ran
    start: null,
    answers: [],
  });

  function startWorker() {
    if (worker) {
      return;
    }
    timings.start = { asked: performance.now() };
    worker = new Worker(workerURL);
    worker.onmessage = function (event) {
      var answer = event.data;
      var timing = { type: answer.type, id: answer.id, sent: inFlight, answered: performance.now() };
      inFlight = false;
      if (answer.type === "error" && answer.id === undefined) {
        fail(answer.message);
      } else if (answer.type === "ready") {
        timings.start.running = answer.since - performance.timeOrigin;
        timings.start.ready = timing.answered;
        timings.start.phases = answer.phases;
      } else if (answer.id !== undefined) {
        timing.seconds = answer.seconds;
        timings.answers.push(timing);
        if (answer.type === "built") {
          made[answer.id] = "live";
        } else if (answer.type === "error" && made[answer.id] === "building") {
          made[answer.id] = "failed";
        }
        if (waiting[answer.id]) {
          waiting[answer.id](answer);
        }
        timing.shown = performance.now();
      }
      dispatch();
    };
    worker.onerror = function (event) {
      fail(event.message || "the worker did not start");
    };
    // The page's language (<html lang="ko"> on the Korean edition): the demos draw in it.
    var language = /^ko\b/.test(document.documentElement.lang) ? "ko" : "en";
    send({
      type: "init",
      indexURL: new URL(config.pyodide, location.href).href,
      language: language,
    });
  }

  // One message at a time in the worker, the most urgent first: a frame that a reader waits
  // for goes before the demos made in advance, and a demo touched before those reached.
  var queue = [];
  var inFlight = false; // or when the message in the worker was sent (performance.now())

  function send(message, urgent) {
    queue = queue.filter(function (queued) {
      return !(queued.type === message.type && queued.id === message.id);
    });
    if (urgent) {
      queue.unshift(message);
    } else {
      queue.push(message);
    }
    dispatch();
  }

  function dispatch() {
    if (inFlight !== false || !queue.length || failed) {
      return;
    }
    inFlight = performance.now();
    worker.postMessage(queue.shift());
  }

  // Make the demo of `description` in the worker (`urgent`: a reader touches it, it goes first);
  // the worker starts with the first demo asked for. Whether its page's widgets are rendered yet
  // or not: a demo within a screen is made while the widget manager renders the page.
  function make(description, urgent) {
    var id = description.view;
    var queued = queue.some(function (message) {
      return message.type === "build" && message.id === id;
    });
    if (failed || (made[id] && !(urgent && queued))) {
      return;
    }
    made[id] = "building";
    startWorker();
    send({ type: "build", id: id, recipe: JSON.stringify(description) }, urgent);
  }

  function fail(message) {
    failed = message;
    demos.forEach(function (demo) {
      demo.fail();
    });
  }

  // --- one demo ----------------------------------------------------------------------------
  var demos = [];

  function LiveDemo(description, output, figure, sliders, note) {
    this.id = description.view;
    this.description = description;
    this.output = output; // the element of the page that holds the demo
    this.figure = figure; // the model of the figure widget (an ipywidgets.HTML)
    this.sliders = sliders; // the sliders' models, in the demo's order
    // idle -> building -> live, or made already while the page's widgets were rendered
    this.state = made[this.id] || "idle";
    this.shown = JSON.stringify(this.values()); // the values the figure was drawn for
    this.wanted = this.shown;
    this.busy = false; // a frame asked for and not yet answered
    this.seq = 0;
    var self = this;
    waiting[this.id] = function (answer) {
      self.answer(answer);
    };
    sliders.forEach(function (slider) {
      slider.set({ disabled: false, tooltip: null });
      slider.on("change:value change:index", function () {
        self.move();
      });
    });
    if (note) {
      var link = (note.get("value").match(/<a [^>]*>[^<]*<\/a>/) || [""])[0];
      note.set(
        "value",
        "<em>Move a slider and the figure redraws.</em>" +
          (link ? " " + link + " to run the whole chapter." : "")
      );
    }
    this.output.setAttribute("data-nnlearn-live", this.state === "live" ? "live" : "ready");
    if (this.state === "failed") {
      this.fail();
    }
  }

  LiveDemo.prototype.values = function () {
    return this.sliders.map(function (slider) {
      return slider.get("_model_name") === "SelectionSliderModel"
        ? { index: slider.get("index") }
        : { value: slider.get("value") };
    });
  };

  // The demo is about to be needed (`urgent`: a reader touches it): start the worker and make
  // the demo there.
  LiveDemo.prototype.start = function (urgent) {
    if (failed || this.state === "live") {
      return;
    }
    this.state = "building";
    make(this.description, urgent);
  };

  // Whether the sliders' `values` are those of `shown` (a JSON string) but for a float's last
  // bits: a float slider's view puts its value on its grid when it is rendered (-0.5 on the grid
  // of step 0.05 from -3 is -0.49999999999999956). That is not a reader's move: it neither
  // starts Python nor marks the figure.
  LiveDemo.prototype.onGrid = function (values, shown) {
    var sliders = this.sliders;
    return JSON.parse(shown).every(function (old, k) {
      var now = values[k];
      if (!("value" in old) || typeof now.value !== "number") {
        return JSON.stringify(old) === JSON.stringify(now);
      }
      return Math.abs(now.value - old.value) <= 1e-9 * (sliders[k].get("step") || 1);
    });
  };

  LiveDemo.prototype.move = function () {
    var values = this.values();
    this.wanted = JSON.stringify(values);
    if (this.wanted !== this.shown && !this.busy && this.onGrid(values, this.shown)) {
      this.shown = this.wanted;
      return;
    }
    if (failed) {
      return this.fail();
    }
    if (this.wanted !== this.shown) {
      this.mark(this.state === "live" ? DRAWING : STARTING);
    }
    this.start(true);
    this.ask();
  };

  // Ask the worker for the figure of the wanted values, one request at a time: a drag asks for
  // the newest values once the last answer is in, not for every value it passed.
  LiveDemo.prototype.ask = function () {
    if (this.state !== "live" || this.busy || this.wanted === this.shown) {
      return;
    }
    this.busy = true;
    this.seq += 1;
    this.asked = this.wanted;
    send({ type: "frame", id: this.id, seq: this.seq, values: this.wanted }, true);
  };

  LiveDemo.prototype.answer = function (answer) {
    if (answer.type === "error") {
      return this.fail(answer.message);
    }
    if (answer.type === "built") {
      this.state = "live";
      this.output.setAttribute("data-nnlearn-live", "live");
    } else if (answer.type === "frame") {
      this.busy = false;
      this.figure.set("value", answer.html);
      this.shown = this.asked;
      this.output.setAttribute("data-nnlearn-frames", String(answer.seq));
    }
    if (this.wanted === this.shown) {
      this.mark(null);
    } else {
      this.ask();
    }
  };

  LiveDemo.prototype.fail = function (message) {
    this.state = "failed";
    this.output.setAttribute("data-nnlearn-live", "failed");
    if (this.wanted !== this.shown) {
      this.mark("could not redraw here: " + (message || failed || "Python did not start"));
    }
  };

  // Mark the figure as not (yet) true for the sliders' values, with `text`; null clears it.
  LiveDemo.prototype.mark = function (text) {
    Object.keys(this.figure.views || {}).forEach(
      function (key) {
        Promise.resolve(this.figure.views[key]).then(function (view) {
          var el = view.el || (view.luminoWidget && view.luminoWidget.node);
          if (text) {
            el.classList.add("nnlearn-drawing");
            el.setAttribute("data-nnlearn-drawing", text);
            el.setAttribute("aria-busy", "true");
          } else {
            el.classList.remove("nnlearn-drawing");
            el.removeAttribute("data-nnlearn-drawing");
            el.removeAttribute("aria-busy");
          }
        });
      }.bind(this)
    );
  };

  // --- finding the demos in what the widget manager renders -------------------------------------
  var visible = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          make(entry.target.nnlearnDescription, false);
          visible.unobserve(entry.target);
        }
      });
    },
    // a screen ahead: Python starts while the reader reads the text before the demo
    { rootMargin: "100% 0px" }
  );

  // Watch each demo's place on the page from the start, before the widget manager renders it
  // (when the page has loaded: seconds later on a busy machine): a demo within a screen of the
  // reader is made in the worker meanwhile. The observer first reports when the page is first
  // painted, which can be seconds later; a demo within a screen now is made at once.
  function watch(output, description) {
    if (!output || output.nnlearnDescription) {
      return;
    }
    output.nnlearnDescription = description;
    var place = output.getBoundingClientRect();
    if (place.bottom >= -window.innerHeight && place.top <= 2 * window.innerHeight) {
      make(description, false);
    } else {
      visible.observe(output);
    }
  }

  function outputOf(modelId) {
    var found = null;
    document.querySelectorAll(VIEW).forEach(function (script) {
      if (JSON.parse(script.textContent).model_id === modelId) {
        found = script.parentElement;
      }
    });
    return found;
  }

  function noteOf(box) {
    var found = null;
    (box.get("children") || []).forEach(function (child) {
      if ((child.get("_dom_classes") || []).indexOf(config.note_class) !== -1) {
        found = child;
      }
    });
    return found;
  }

  function wire(manager) {
    config.demos.forEach(function (description) {
      var output = outputOf(description.view);
      if (!output || output.nnlearnWired || !manager.has_model(description.view)) {
        return;
      }
      output.nnlearnWired = true;
      var ids = [description.view, description.figure].concat(description.sliders);
      Promise.all(
        ids.map(function (id) {
          return manager.get_model(id);
        })
      ).then(function (models) {
        var demo = new LiveDemo(description, output, models[1], models.slice(2), noteOf(models[0]));
        output.nnlearnDemo = demo;
        demos.push(demo);
        watch(output, description);
        output.addEventListener("pointerdown", demo.start.bind(demo, true));
        output.addEventListener("focusin", demo.start.bind(demo, true));
      });
    });
  }

  // After the page's own DOMContentLoaded work (its folded blocks folded: before it, chapter 1's
  // first demo is five screens down, after it within one).
  document.addEventListener("DOMContentLoaded", function () {
    config.demos.forEach(function (description) {
      watch(outputOf(description.view), description);
    });
  });

  // The page's widget manager renders the snapshots when the page has loaded (embed-amd.js):
  // note each manager as it takes its state, and wire the demos once their views are shown.
  window.require(["@jupyter-widgets/html-manager"], function (htmlManager) {
    var setState = htmlManager.HTMLManager.prototype.set_state;
    var displayView = htmlManager.HTMLManager.prototype.display_view;
    htmlManager.HTMLManager.prototype.set_state = function () {
      var manager = this;
      return setState.apply(this, arguments).then(function (models) {
        manager.nnlearnLive = true;
        return models;
      });
    };
    htmlManager.HTMLManager.prototype.display_view = function () {
      var manager = this;
      return Promise.resolve(displayView.apply(this, arguments)).then(function (result) {
        if (manager.nnlearnLive) {
          wire(manager);
        }
        return result;
      });
    };
  });
})();
