"""Slider responsiveness in a real browser (measured, never asserted: the machines are shared).

    make bench        (runs this after benchmarks/run.py)
    .venv/bin/python -m benchmarks.browser [--presses 30]

The same pages as tests/book/test_browser_lab.py: every chapter of _toc.yml, filled in with the
instructor's code, open in JupyterLab in headless Chromium, all cells run. For every slider of
every demo it presses an arrow key on the slider handle ``--presses`` times (bouncing between the
ends of the slider) and prints the median and worst time from the key press to the moment the
demo's new image is decoded in the page: browser -> kernel (update + re-render) -> browser.
Target: <= 150 ms median per demo. The first press of each slider is printed on its own (it
includes one-off costs) and left out of the median and worst.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import nbformat  # noqa: E402

from tests.support.browser import (  # noqa: E402
    chromium,
    jupyterlab,
    open_notebook,
    press_times,
    run_all,
    sliders,
    toc_chapters,
)
from tests.support.nbutil import submission  # noqa: E402

TARGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=30)
    args = parser.parse_args()

    chapters = toc_chapters()
    with tempfile.TemporaryDirectory(prefix="nnlearn-bench-") as tmp:
        root = Path(tmp)
        for chapter in chapters:
            nbformat.write(submission(chapter), root / f"{chapter}.ipynb")
        start = time.perf_counter()
        with chromium() as context, jupyterlab(root) as lab:
            print(f"JupyterLab + Chromium start:          {time.perf_counter() - start:7.1f} s")
            for chapter in chapters:
                page = context.new_page()
                start = time.perf_counter()
                open_notebook(page, lab, f"{chapter}.ipynb")
                opened = time.perf_counter() - start
                start = time.perf_counter()
                run_all(page)
                print(
                    f"{chapter}: open + kernel idle {opened:.1f} s, "
                    f"run all {time.perf_counter() - start:.1f} s"
                )
                for slider in sliders(page):
                    first, times = press_times(page, slider, args.presses)
                    if len(times) < args.presses:
                        print(f"  {slider.name}: no redraw after press {len(times) + 2}; stopped")
                    if times:
                        print(
                            f"  {slider.name:20} key press -> new image: median "
                            f"{statistics.median(times):6.1f} ms, worst {max(times):6.1f} ms "
                            f"over {len(times)} presses (first press {first or 0:6.1f} ms; "
                            f"target median <= {TARGET_MS} ms)"
                        )
                page.close()


if __name__ == "__main__":
    main()
