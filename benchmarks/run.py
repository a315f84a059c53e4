"""Print the project's speed numbers (measured, never asserted: the machines are shared).

    make bench        (= .venv/bin/python -m benchmarks.run [--skip-book], then the others)

Autograde seconds per submission, idle and under load: benchmarks/grading_load.py.

1. cold book build (jupyter-book build --all, fresh output folder), seconds;
2. each instructor notebook's execution, seconds (target: <= 10 s per chapter);
3. each demo's callback latency: update(value) + re-render, median and worst ms (target: <= 50 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")
# Instructor notebooks run hidden tests, which import the tooling from this checkout.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def book_build() -> float:
    from tests.support.nbutil import build_book

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        build_book(Path(out)).check_returncode()
        return time.perf_counter() - start


def kernel_start_stop() -> float:
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return time.perf_counter() - start


def slider_values(slider) -> list:
    """About 25 values across a slider's range (every option of a selection slider)."""
    if isinstance(slider, widgets.SelectionSlider):
        # options are (label, value) pairs or plain values
        return [o[1] if isinstance(o, tuple) else o for o in slider.options]
    values = np.linspace(slider.min, slider.max, 25)
    if isinstance(slider.value, int):
        values = sorted({int(round(v)) for v in values})
    return list(values)


def demo_latency(make, repeats: int = 3) -> tuple[float, float]:
    """Median and worst ms from a slider value to the re-rendered image, over the whole range
    of each slider in turn (the other sliders at their first values)."""
    demo = make()
    first = demo.values
    times = []
    for _ in range(repeats):
        for i, slider in enumerate(demo.sliders):
            for value in slider_values(slider):
                values = (*first[:i], value, *first[i + 1 :])
                start = time.perf_counter()
                demo.update(*values)
                demo.view.refresh()
                times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def demos():
    """(name, factory) of every demo in the book, in book order."""
    from nnlearn.demos import backprop, boundaries, descent, objectives, practice, training

    return [
        ("boundaries.BoundarySlider", boundaries.BoundarySlider),
        ("boundaries.StepNetworkSlider", boundaries.StepNetworkSlider),
        ("objectives.WeightAndBoundary", objectives.WeightAndBoundary),
        ("objectives.ErrorMountain", objectives.ErrorMountain),
        ("descent.Descent1D", descent.Descent1D),
        ("descent.DescentValley", descent.DescentValley),
        ("backprop.GraphStepper", backprop.GraphStepper),
        ("backprop.WeightSlider", backprop.WeightSlider),
        ("training.TrainingExplorer", training.TrainingExplorer),
        ("practice.DepthSlider", practice.DepthSlider),
        ("practice.OptimiserRace", practice.OptimiserRace),
        ("practice.CapstoneRace", practice.CapstoneRace),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-book", action="store_true")
    args = parser.parse_args()

    from tests.support.nbutil import SOLUTIONS, chapter_names, errors, execute, read

    if not args.skip_book:
        print(f"book build (cold, --all):             {book_build():7.1f} s")
    kernel = statistics.median(kernel_start_stop() for _ in range(3))
    print(f"kernel start + shutdown:              {kernel:7.2f} s")
    for chapter in chapter_names():
        nb, seconds = execute(read(SOLUTIONS / f"{chapter}.ipynb"), SOLUTIONS)
        assert not errors(nb), errors(nb)
        # nbclient's time includes starting and stopping the kernel.
        print(f"{chapter} kernel start + execution: {seconds:7.2f} s (target <= 10 s)")
    for name, make in demos():
        median, worst = demo_latency(make)
        print(f"demo {name:28} median {median:6.1f} ms, worst {worst:6.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
