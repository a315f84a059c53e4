"""Where a slider move's time goes in each demo of the book (measured, printed, never asserted).

    .venv/bin/python -m benchmarks.demo_frames [--html _build/html] [--moves 5]

In CPython (Pyodide is some 2-4 times slower, in similar proportions; book/live/README.md): every
demo of every chapter page of the built book (``make book``) is made as the page's worker makes
it, ``nnlearn.demos.live.build`` from the description the page carries. Each of its sliders is
then moved one step at a time, ``--moves`` times (bouncing between its ends), and the move is
split the way ``Demo._on_change`` does it:

- ``update``: the demo's numbers (``Demo.update``),
- ``draw``: the cached background restored and the moving artists drawn (Agg),
- ``png``: the PNG encoding of the picture,
- ``text``: the ``alt`` and ``now`` texts,
- ``widget``: the figure's ``<img>`` and the live region's HTML set on their widgets.

Printed per demo: the median of each part and of the whole move over all its sliders' moves,
the worst demo first; then the median of all moves. The load average is printed: the machine
may be shared.

With ``--pyodide``, the same in Pyodide under Node (Node.js needed), from the built lab's files
(``<html>/lab/static/pyodide/``) with this checkout's ``nnlearn`` (mounted over the lab's, so a
change is measured without rebuilding the book); its matplotlib is the lab's (3.8.4), not
CPython's.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image

from nnlearn.demos import base, live
from nnlearn.figures import _img

REPO = Path(__file__).resolve().parent.parent
PARTS = ("update", "draw", "png", "text", "widget")
CONFIG = re.compile(r'<script id="nnlearn-live-demos" type="application/json">(.*?)</script>', re.S)


def descriptions(html: Path) -> list[tuple[str, dict]]:
    """(chapter, description) of every demo of the book's chapter pages, in page order."""
    found = []
    for page in sorted((html / "chapters").glob("*.html")):
        match = CONFIG.search(page.read_text(encoding="utf-8"))
        if match:
            found += [(page.stem, demo) for demo in json.loads(match.group(1))["demos"]]
    return found


def next_value(slider, step: int):
    """The slider's value one step on (``step`` +1 or -1), or None at that end (an index for a
    slider over a fixed list of options)."""
    if hasattr(slider, "options"):
        index = slider.index + step
        return index if 0 <= index < len(slider.options) else None
    value = slider.value + step * slider.step
    return value if slider.min <= value <= slider.max else None


def artist_name(artist) -> str:
    """An artist's kind, and the start of its text if it has one."""
    text = " ".join(str(getattr(artist, "get_text", str)()).split())
    return f"{type(artist).__name__} {text[:24]!r}" if text else type(artist).__name__


def timed_move(demo, slider, value, artists: dict) -> dict[str, float]:
    """Move ``slider`` to ``value`` as ``Demo._on_change`` would, each part timed (seconds);
    each artist's draw is added to ``artists`` (index in the animated list -> seconds)."""
    slider.unobserve(demo._on_change, names="value")
    if hasattr(slider, "options"):
        slider.index = value
    else:
        slider.value = value
    slider.observe(demo._on_change, names="value")
    view = demo.view
    times = {}
    start = time.perf_counter()
    demo.update(*demo.values)
    times["update"] = time.perf_counter() - start

    start = time.perf_counter()
    view.canvas.restore_region(view._background)
    for k, artist in enumerate(view.animated):
        before = time.perf_counter()
        view.figure.draw_artist(artist)
        artists[k] = artists.get(k, 0.0) + time.perf_counter() - before
    times["draw"] = time.perf_counter() - start

    start = time.perf_counter()
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(view.canvas.buffer_rgba())).save(
        buffer, format="png", compress_level=1
    )
    png = buffer.getvalue()
    times["png"] = time.perf_counter() - start

    start = time.perf_counter()
    alt = demo.alt()
    now = demo.now()
    times["text"] = time.perf_counter() - start

    start = time.perf_counter()
    view.alt = alt
    view.widget.value = _img(png, alt, view.figure)
    demo.status.value = base.status_html(now)
    times["widget"] = time.perf_counter() - start
    return times


def measure(description: dict, moves: int) -> tuple[list[dict[str, float]], list[str]]:
    """The times of each move of each slider of the demo ``description`` describes, and its
    three slowest artists to draw (their mean time per move)."""
    demo = live.build(json.dumps(description))
    found = []
    artists = {}
    for slider in demo.sliders:
        step = 1
        for _ in range(moves):
            value = next_value(slider, step)
            if value is None:
                step = -step
                value = next_value(slider, step)
            found.append(timed_move(demo, slider, value, artists))
    slowest = sorted(artists, key=artists.get, reverse=True)[:3]
    names = [artist_name(demo.view.animated[k]) for k in slowest]
    return found, [
        f"{name} {1000 * artists[k] / len(found):.1f}"
        for k, name in zip(slowest, names, strict=True)
    ]


# Node's side of --pyodide: the lab's Pyodide, this checkout mounted at /repo ahead of the lab's
# nnlearn, then report() as in CPython.
_NODE = r"""
const [pyodideDir, repo, request] = process.argv.slice(-3);
const { loadPyodide } = require(pyodideDir + "/pyodide.js");
(async () => {
  const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", packages: ["nnlearn"] });
  pyodide.FS.mkdir("/repo");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: repo }, "/repo");
  pyodide.setStdout({ batched: line => console.log(line) });
  pyodide.globals.set("request", request);
  pyodide.runPython(`
import json, sys
sys.path.insert(0, "/repo")
from benchmarks.demo_frames import report
report(**json.loads(request))
`);
})();
"""


def report(found: list, moves: int) -> None:
    """Measure and print every demo of ``found`` ((chapter, description) pairs)."""
    rows = []
    every = []
    for chapter, description in found:
        times, slowest = measure(description, moves)
        every += times
        medians = {part: statistics.median(t[part] for t in times) for part in PARTS}
        total = statistics.median(sum(t.values()) for t in times)
        rows.append((total, chapter, description["name"], len(times), medians, slowest))
    rows.sort(key=lambda row: row[0], reverse=True)
    header = f"{'demo':<44} {'moves':>5} {'total':>7} " + " ".join(f"{p:>7}" for p in PARTS)
    print("\nmedian per move, ms, the worst demo first")
    print(header)
    for total, chapter, name, n, medians, slowest in rows:
        cells = " ".join(f"{1000 * medians[p]:7.1f}" for p in PARTS)
        print(f"{chapter[:2] + ' ' + name:<44} {n:>5} {1000 * total:7.1f} {cells}")
        print("    slowest to draw (mean ms):", "; ".join(slowest))
    total = statistics.median(sum(t.values()) for t in every)
    cells = " ".join(f"{1000 * statistics.median(t[p] for t in every):7.1f}" for p in PARTS)
    print(f"{'all moves':<44} {len(every):>5} {1000 * total:7.1f} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--pyodide", action="store_true", help="in Pyodide under Node")
    args = parser.parse_args()
    found = descriptions(args.html)
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    if args.pyodide:
        print("Pyodide under Node (the lab's matplotlib), this checkout's nnlearn", flush=True)
        request = json.dumps({"found": found, "moves": args.moves})
        pyodide = (args.html / "lab" / "static" / "pyodide").resolve()
        node = ["node", "-e", _NODE, str(pyodide), str(REPO), request]
        subprocess.run(node, check=True, stdout=sys.stdout)
    else:
        print(f"CPython, matplotlib {matplotlib.__version__}")
        report(found, args.moves)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
