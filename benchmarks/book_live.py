"""The static book's live sliders (book/live/README.md): measured, never asserted.

    .venv/bin/python -m benchmarks.book_live [--presses 20] [--html _build/html]

On the built book (``make book``), served from 127.0.0.1, in headless Chromium (Debian's, as the
browser tests run it):

- **time to live**: the page opened, the first slider of the first demo pressed at once (the
  reader's first touch, before the page's script has started anything); the seconds from the key
  press to the new picture on the page. Cold: a new browser profile (nothing cached); warm: the
  same browser, the page opened again (the lab's Pyodide files in the browser's cache).
- **key press -> new picture**, once live: every slider of every demo of every chapter pressed
  ``--presses`` times (bouncing between its ends); the median and worst per demo, and the
  median of all presses.
- **bytes**: what the book gains (the scripts, each page's demo descriptions, nnlearn's module),
  and what a reader's browser downloads to bring a page's demos alive, cold and warm.

Targets (issue 25): key press -> new picture median <= 100 ms; live <= 3 s after the first touch
warm, <= 10 s cold.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from tests.support.browser import (
    chromium,
    move,
    press_times,
    sliders,
    static_server,
    toc_chapters,
)

REPO = Path(__file__).resolve().parent.parent

DEMO = "[data-nnlearn-live]"
CONFIG = re.compile(r'<script id="nnlearn-live-demos" type="application/json">(.*?)</script>', re.S)
ADDED = ["live-demos.js", "live-demos-worker.js", "live-demos.css"]
TARGET_MS = 100


def first_touch(context, base: str, chapter: str, sent: list[int]) -> tuple[float, int]:
    """Open the chapter, press the first slider at once; (seconds to its new picture, bytes
    served meanwhile)."""
    page = context.new_page()
    sent.clear()
    try:
        page.goto(f"{base}/chapters/{chapter}.html", wait_until="load")
        page.wait_for_selector(DEMO, timeout=60_000)
        slider = sliders(page, DEMO)[0]
        elapsed = move(page, slider, timeout=300_000, demo=DEMO)
        return (elapsed or float("nan")) / 1000, sum(sent)
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
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
    print(f"  nnlearn/demos/live.py (in the lab's nnlearn wheel, uncompressed) {module:,d}")

    sent: list[int] = []
    with static_server(html, sent) as base:
        print("\nFirst touch -> new picture (the demo live), first chapter:")
        with chromium() as context:
            cold, cold_bytes = first_touch(context, base, chapters[0], sent)
            warm, warm_bytes = first_touch(context, base, chapters[0], sent)
        print(f"  cold {cold:6.2f} s  ({cold_bytes / 1e6:5.1f} MB served)   target <= 10 s")
        print(f"  warm {warm:6.2f} s  ({warm_bytes / 1e6:5.1f} MB served)   target <= 3 s")

        print(f"\nKey press -> new picture once live ({args.presses} presses per slider):")
        every = []
        with chromium() as context:
            for chapter in chapters:
                page = context.new_page()
                page.goto(f"{base}/chapters/{chapter}.html", wait_until="load")
                page.wait_for_selector(DEMO, timeout=60_000)
                per_demo: dict[int, list[float]] = {}
                for slider in sliders(page, DEMO):
                    first, times = press_times(page, slider, args.presses, 300_000, DEMO)
                    per_demo.setdefault(slider.demo, []).extend(times)
                for demo, times in per_demo.items():
                    every.extend(times)
                    print(
                        f"  {chapter:24s} demo {demo + 1}: median {statistics.median(times):6.0f}"
                        f" ms, worst {max(times):6.0f} ms ({len(times)} presses)"
                    )
                page.close()
        print(f"  all: median {statistics.median(every):.0f} ms   target <= {TARGET_MS} ms")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - start:.0f} s)")
