"""Demo data: what a demo shows but cannot compute without an exercise solution.

A training run evolving over epochs (chapter 5) or an optimizer's path (chapter 6) needs the very
functions the students write. The book's demos must work before anything is solved, and the
student package must hold no solution, so those results are computed here, from the instructor's
reference functions, and stored as arrays in ``nnlearn/data/<name>.npz``; the demos read them
with :func:`nnlearn.data.load`.

Each module of this package is one generator: ``autograder/demodata/<name>.py`` defines
``generate() -> dict[str, numpy.ndarray]`` and produces ``nnlearn/data/<name>.npz``. Nothing needs
registering. ``python -m autograder generate`` rewrites the files (only those whose arrays
changed), and ``tests/test_sync.py`` fails when a file drifts from its generator.
"""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[2] / "nnlearn" / "data"

Arrays = dict[str, np.ndarray]


def generators() -> dict[str, Callable[[], Arrays]]:
    """Every generator module of this package, by name."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        found[info.name] = importlib.import_module(f"{__name__}.{info.name}").generate
    return found


def read(path: Path) -> Arrays:
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def same(a: Arrays, b: Arrays) -> bool:
    """Same keys, shapes and dtypes; floats equal to 1e-9 relative (BLAS may differ by ulps)."""
    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if x.shape != y.shape or x.dtype != y.dtype:
            return False
        if np.issubdtype(x.dtype, np.floating):
            if not np.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True):
                return False
        elif not np.array_equal(x, y):
            return False
    return True


def write(out_dir: Path = DATA_DIR, only: dict[str, Callable[[], Arrays]] | None = None):
    """Generate every data file into ``out_dir``; leave a file alone if its arrays are unchanged.

    Returns the paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, generate in (only or generators()).items():
        arrays = {key: np.asarray(value) for key, value in generate().items()}
        path = out_dir / f"{name}.npz"
        if path.is_file() and same(read(path), arrays):
            continue
        np.savez_compressed(path, **arrays)
        written.append(path)
    return written


def drift(data_dir: Path = DATA_DIR, only: dict[str, Callable[[], Arrays]] | None = None):
    """Data files that differ from a fresh generation, are missing, or have no generator."""
    gens = only or generators()
    problems = []
    with tempfile.TemporaryDirectory(prefix="nnl-demodata-") as tmp:
        write(Path(tmp), gens)
        for name in gens:
            current = Path(data_dir) / f"{name}.npz"
            if not current.is_file():
                problems.append(f"nnlearn/data/{name}.npz: missing")
            elif not same(read(current), read(Path(tmp) / f"{name}.npz")):
                problems.append(f"nnlearn/data/{name}.npz: differs from a fresh generation")
    if only is None:
        problems += [
            f"nnlearn/data/{p.name}: no generator autograder/demodata/{p.stem}.py"
            for p in sorted(Path(data_dir).glob("*.npz"))
            if p.stem not in gens
        ]
    return problems
