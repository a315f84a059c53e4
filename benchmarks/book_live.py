"""The static book's live sliders (book/live/README.md): measured, never asserted.

    .venv/bin/python -m benchmarks.book_live [--runs 3] [--presses 5] [--old REV [--old-lab PATH]]
                                             [--html _build/html]

On the built book (``make book``), served from 127.0.0.1, in headless Chromium (Debian's, as the
browser tests run it):

- **time to live**: the page opened, its first demo scrolled into view once the page has
  enabled it (chapter 1's is five screens down), and its first slider pressed at once
  (``--read 0``, the default) or ``--read S`` seconds later (a reader who reads the text around
  the demo first): the worker starts when the demo comes within a screen, so the longer the
  reader reads, the more of its start is done before the touch. Two measures, both printed:
  from the **touch** (the key press) to the new picture on the page, and from the **demo in
  view** (the worker asked for) to it. Cold: a new browser profile (nothing cached); warm: the
  same browser, the page opened again (the lab's Pyodide files in the browser's cache). The
  median of ``--runs`` runs (a new browser each), and where the time went: the page's script
  times each phase with ``performance.now()`` (``window.nnlearnLiveTimings``, filled by
  ``live-demos.js`` and its worker).
- **key press -> new picture**, once live: every slider of every demo of every chapter pressed
  ``--presses`` times (bouncing between its ends); the median and worst per demo, the median of
  all presses, and the median of each phase (the page before it sends, the worker's Python, the
  message's trip, the page putting the picture in, the browser decoding and painting it).
- (a redraw's Python, demo by demo and split as ``FigureView.png`` does it, in Pyodide under
  Node: ``benchmarks/demo_frames.py --pyodide``.)
- **bytes**: what the book gains (the scripts, each page's demo descriptions, nnlearn's module),
  and what a reader's browser downloads to bring a page's demos alive, cold and warm.
- ``--old REV``: the same measures, in the same run and taken in turn with the new ones (the
  load falls on both alike), with the page's scripts of the git revision
  REV (``live-demos.js``, ``live-demos-worker.js``) in place of the built ones: the ratios new/old.
  With ``--old-lab PATH``, the old side also takes another build's live lab (what the lab's
  build makes for the worker: its memory snapshot, its bytecode).

The load average is printed with each measure: the machine may be shared.

Targets (issue 25): key press -> new picture median <= 100 ms; live <= 3 s after the first touch
warm, <= 10 s cold.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from book.lite.snapshot import SNAPSHOT
from tests.support.browser import (
    bounce,
    chromium,
    move,
    sliders,
    static_server,
    toc_chapters,
)

REPO = Path(__file__).resolve().parent.parent

DEMO = "[data-nnlearn-live]"
CONFIG = re.compile(r'<script id="nnlearn-live-demos" type="application/json">(.*?)</script>', re.S)
ADDED = ["live-demos.js", "live-demos-worker.js", "live-demos.css"]
SCRIPTS = ["live-demos.js", "live-demos-worker.js"]  # what --old replaces
TARGET_MS = 100

# Page side: note the time of the next key press (the page's clock).
_KEY = """() => {
    window.__nnlearnKey = null;
    document.addEventListener('keydown', () => { window.__nnlearnKey = performance.now(); },
                              {capture: true, once: true});
}"""


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


@contextlib.contextmanager
def with_old_scripts(html: Path, rev: str, lab: Path | None = None) -> Iterator[Path]:
    """A copy of the built book (hard links) whose page scripts are those of git ``rev``, and
    whose live lab is ``lab`` (another build's, with its snapshot and lock) if given."""
    with tempfile.TemporaryDirectory(prefix="nnlearn-old-book-") as tmp:
        old = Path(tmp) / "html"
        subprocess.run(["cp", "-al", str(html), str(old)], check=True)
        if lab is not None:
            shutil.rmtree(old / "lab")
            subprocess.run(["cp", "-al", str(lab), str(old / "lab")], check=True)
        for name in SCRIPTS:
            text = subprocess.run(
                ["git", "show", f"{rev}:book/static/{name}"],
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            target = old / "_static" / name
            target.unlink()
            target.write_text(text, encoding="utf-8")
        yield old


def press(page, slider, key: str, timeout: float) -> dict | None:
    """Press ``key`` on ``slider``; the milliseconds from the key press to the new picture, and
    what the page's script timed meanwhile (its last answer)."""
    page.evaluate(_KEY)
    total = move(page, slider, key, timeout=timeout, demo=DEMO)
    if total is None:
        return None
    key_at, timings = page.evaluate("() => [window.__nnlearnKey, window.nnlearnLiveTimings]")
    return {"total": total, "key": key_at, "timings": timings}


def first_touch(context, base: str, chapter: str, sent: list[int], read: float) -> dict:
    """Open the chapter, press the first slider ``read`` seconds after the page enabled it: the
    milliseconds from the touch to its new picture, the bytes served meanwhile, and where the
    time went."""
    page = context.new_page()
    sent.clear()
    try:
        page.goto(f"{base}/chapters/{chapter}.html", wait_until="load")
        page.wait_for_selector(DEMO, timeout=60_000)
        slider = sliders(page, DEMO)[0]
        slider.locator.scroll_into_view_if_needed()  # the reader reaches the demo
        page.wait_for_timeout(read * 1000)
        pressed = press(page, slider, bounce(slider, "ArrowRight"), 300_000)
        return {**(pressed or {"total": float("nan")}), "bytes": sum(sent)}
    finally:
        page.close()


def from_view(touch: dict) -> float:
    """Milliseconds from the demo in view (the page asking for the worker) to the new picture
    of the first touch; nan when the page's script does not say."""
    start = (touch.get("timings") or {}).get("start") or {}
    if "asked" not in start or touch.get("key") is None:
        return float("nan")
    return touch["total"] + touch["key"] - start["asked"]


def start_phases(touch: dict) -> dict[str, float]:
    """Milliseconds of each phase from the demo in view (the worker asked for) to the new
    picture of the first touch: the worker's start, the demo made, the wait for the touch (0
    when the touch came first), the frame."""
    if "timings" not in touch or not touch["timings"]:
        return {}
    key, timings = touch["key"], touch["timings"]
    start = timings.get("start") or {}
    if "phases" not in start:  # the old page script does not time its start
        return {"total from the touch": touch["total"]}
    phases = {"worker script loaded": start["running"] - start["asked"]}
    phases.update({name: s * 1000 for name, s in start["phases"].items()})
    frame = [a for a in timings["answers"] if a["type"] == "frame"][0]
    built = [a for a in timings["answers"] if a["type"] == "built" and a["id"] == frame["id"]][0]
    phases["make the demo (its figure's first draw)"] = built["seconds"] * 1000
    phases["made, waiting for the touch"] = max(0.0, key - built["answered"])
    phases["the first frame (Python)"] = frame["seconds"] * 1000
    total = from_view(touch)
    phases["the rest (messages, waits, page, decode)"] = total - sum(phases.values())
    phases["total from the demo in view"] = total
    phases["the demo in view, after the page was opened"] = start["asked"]
    phases["the touch, after the demo in view"] = key - start["asked"]
    phases["total from the touch"] = touch["total"]
    return phases


def press_phases(pressed: dict) -> dict[str, float] | None:
    """Milliseconds of each phase from a key press to the new picture."""
    timings = pressed["timings"]
    if not timings or not timings["answers"]:
        return None
    last = timings["answers"][-1]
    if last["type"] != "frame" or last["sent"] < pressed["key"]:
        return None
    python = last["seconds"] * 1000
    return {
        "page, before sending": last["sent"] - pressed["key"],
        "worker: Python (update, draw, PNG)": python,
        "message round trip": last["answered"] - last["sent"] - python,
        "page: picture put in": last["shown"] - last["answered"],
        "browser: decode and paint": pressed["total"] - (last["shown"] - pressed["key"]),
        "total": pressed["total"],
    }


def median_table(rows: list[dict[str, float]], indent: str = "    ") -> None:
    if not rows:
        return
    for name in rows[0]:
        values = [r[name] for r in rows if name in r]
        print(f"{indent}{name:42s} {statistics.median(values):9.0f} ms")


def time_to_live(books: dict[str, Path], runs: int, chapter: str, read: float) -> dict:
    """label -> cold/warm -> one first touch per run; the books' runs taken in turn, so that
    the machine's load falls on each alike."""
    sent: list[int] = []
    found = {label: {"cold": [], "warm": []} for label in books}
    with contextlib.ExitStack() as stack:
        bases = {label: stack.enter_context(static_server(b, sent)) for label, b in books.items()}
        for _ in range(runs):
            for label, base in bases.items():
                with chromium() as context:
                    for kind in ("cold", "warm"):
                        touch = first_touch(context, base, chapter, sent, read)
                        found[label][kind].append(touch)
    return found


def chapter_presses(context, base: str, chapter: str, presses: int) -> tuple[dict, list[dict]]:
    """Every slider of the chapter pressed: demo -> milliseconds per press, and the phases."""
    page = context.new_page()
    page.goto(f"{base}/chapters/{chapter}.html", wait_until="load")
    page.wait_for_selector(DEMO, timeout=60_000)
    per_demo: dict[int, list[float]] = {}
    phases = []
    for slider in sliders(page, DEMO):
        key = bounce(slider, "ArrowRight")
        press(page, slider, key, 300_000)  # the first: the demo made live
        for _ in range(presses):
            key = bounce(slider, key)
            pressed = press(page, slider, key, 10_000)
            if pressed is None:
                break
            per_demo.setdefault(slider.demo, []).append(pressed["total"])
            if (split := press_phases(pressed)) is not None:
                phases.append(split)
    page.close()
    return per_demo, phases


def key_presses(books: dict[str, Path], chapters: list[str], presses: int) -> dict:
    """label -> (every press's milliseconds, their phases); chapter by chapter, the books in
    turn."""
    found = {label: ([], []) for label in books}
    with contextlib.ExitStack() as stack:
        bases = {label: stack.enter_context(static_server(b)) for label, b in books.items()}
        context = stack.enter_context(chromium())  # one Playwright per process
        for chapter in chapters:
            for label, base in bases.items():
                per_demo, phases = chapter_presses(context, base, chapter, presses)
                found[label][1].extend(phases)
                for demo, times in per_demo.items():
                    found[label][0].extend(times)
                    print(
                        f"    {label} {chapter:24s} demo {demo + 1}: median"
                        f" {statistics.median(times):6.0f} ms, worst {max(times):6.0f} ms"
                        f" ({len(times)} presses)  [{load()}]"
                    )
    return found


def report_start(label: str, found: dict[str, list[dict]]) -> dict[str, float]:
    medians = {}
    for kind, target in (("cold", 10), ("warm", 3)):
        totals = [t["total"] / 1000 for t in found[kind]]
        medians[kind] = statistics.median(totals)
        views = [from_view(t) / 1000 for t in found[kind]]
        mb = statistics.median(t["bytes"] for t in found[kind]) / 1e6
        print(
            f"  {label} {kind}: from the touch, median {medians[kind]:6.2f} s (runs: "
            + " ".join(f"{t:.1f}" for t in totals)
            + f"; {mb:5.1f} MB served)   target <= {target} s\n"
            f"  {label} {kind}: from the demo in view, median {statistics.median(views):6.2f} s"
            " (runs: " + " ".join(f"{t:.1f}" for t in views) + ")"
        )
        median_table([p for t in found[kind] if (p := start_phases(t))])
    return medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presses", type=int, default=5)
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--old", help="a git revision: its page scripts measured too (ratios)")
    parser.add_argument(
        "--old-lab",
        type=Path,
        help="with --old: another build's live lab folder (its snapshot, its lock) measured too",
    )
    parser.add_argument("--no-start", action="store_true", help="skip the first touches")
    parser.add_argument(
        "--read",
        type=float,
        default=0.0,
        help="seconds between the demo enabled and the first touch (a reader reading first)",
    )
    parser.add_argument("--chapters", type=int, help="the key presses of the first N chapters")
    args = parser.parse_args()
    html = args.html
    chapters = toc_chapters()

    print("Bytes the book gains:")
    for name in ADDED:
        print(f"  _static/{name:28s} {(html / '_static' / name).stat().st_size:>10,d}")
    described = sum(
        len(m.group(1).encode())
        for c in chapters
        if (m := CONFIG.search((html / "chapters" / f"{c}.html").read_text(encoding="utf-8")))
    )
    print(f"  the demos' descriptions (6 pages) {described:>10,d}")
    module = (REPO / "nnlearn" / "demos" / "live.py").stat().st_size
    snapshot = (html / "lab" / "static" / "pyodide" / SNAPSHOT).stat().st_size
    print(f"  the interpreter's memory snapshot (lab/static/pyodide/{SNAPSHOT}) {snapshot:,d}")
    print(f"  nnlearn/demos/live.py (in the lab's nnlearn wheel, uncompressed) {module:,d}")

    books = {"new": html}
    with contextlib.ExitStack() as stack:
        if args.old:
            books["old"] = stack.enter_context(with_old_scripts(html, args.old, args.old_lab))

        starts = {}
        if not args.no_start:
            print(
                f"\nFirst touch -> new picture (the demo live), {chapters[0]}, {args.runs} runs,"
                f" the touch {args.read:g} s after the demo is enabled:"
            )
            print(f"  [before: {load()}]")
            found = time_to_live(books, args.runs, chapters[0], args.read)
            print(f"  [after: {load()}]")
            starts = {label: report_start(label, found[label]) for label in books}

        print(f"\nKey press -> new picture once live ({args.presses} presses per slider):")
        keys = {}
        pressed = key_presses(books, chapters[: args.chapters], args.presses)
        for label, (every, phases) in pressed.items():
            keys[label] = statistics.median(every)
            print(f"  {label} all: median {keys[label]:.0f} ms   target <= {TARGET_MS} ms")
            median_table(phases)

        if "old" in books:
            print("\nNew / old (same run):")
            for kind in ("cold", "warm") if starts else ():
                ratio = starts["new"][kind] / starts["old"][kind]
                print(f"  first touch {kind}: {ratio:.2f}")
            print(f"  key press: {keys['new'] / keys['old']:.2f}")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - start:.0f} s)")
