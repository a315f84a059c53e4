"""Demo data: what a demo shows but cannot compute without an exercise solution.

A training run evolving over epochs (chapter 5) or an optimiser's path (chapter 6) needs the very
functions the students write. The book's demos must work before anything is solved, and the
student package must hold no solution, so those results are computed here, from the instructor's
reference functions, and stored as arrays in ``nnlearn/data/<name>.npz``; the demos read them
with :func:`nnlearn.data.load`.

Each module of this package is one generator: ``autograder/demodata/<name>.py`` defines
``generate() -> dict[str, numpy.ndarray]`` and produces ``nnlearn/data/<name>.npz``. Nothing needs
registering. ``python -m autograder generate`` rewrites the files (only those that changed), and
``tests/course/test_sync.py`` fails when a file drifts from its generator.

Another CPU does not give the same arrays to the last bit: BLAS kernels and numpy's SIMD
functions round differently, and a chaotic training run grows those differences until the late
epochs of two machines' runs differ visibly. So a file is in sync with its generator when

* it was made from the same sources: its ``fingerprint`` array is the sha256 of the generator
  module's source and of the solution cells it runs (those of the module's ``CHAPTER`` and of the
  earlier chapters whose functions that chapter's reference uses), and
* its arrays have the same keys, shapes and dtypes as a fresh generation, and agree with it on
  the part that every CPU reproduces: floats to :data:`RTOL` relative, the rest exactly. That
  part is all the arrays, unless the module defines ``reproducible(arrays) -> arrays`` to say
  which (``training.py`` cuts each run where rounding may have taken over).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import pkgutil
import tempfile
from pathlib import Path
from types import ModuleType

import numpy as np

from autograder.hidden.reference import source_notebook
from nnlearn.earlier import DEFINED_IN, chapter_number, solution_cells

DATA_DIR = Path(__file__).resolve().parents[2] / "nnlearn" / "data"
FINGERPRINT = "fingerprint"
RTOL, ATOL = 1e-6, 1e-12

Arrays = dict[str, np.ndarray]


def generators() -> dict[str, ModuleType]:
    """Every generator module of this package, by name."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        found[info.name] = importlib.import_module(f"{__name__}.{info.name}")
    return found


def fingerprint(generator) -> str:
    """sha256 of what a generator's data is made from: its module's source and the solutions."""
    digest = hashlib.sha256(inspect.getsource(inspect.getmodule(generator.generate)).encode())
    chapter = getattr(generator, "CHAPTER", None)
    if chapter:
        earlier = {c for c in DEFINED_IN.values() if chapter_number(c) < chapter_number(chapter)}
        for name in sorted({chapter, *earlier}):
            for grade_id, source in solution_cells(source_notebook(name)):
                digest.update(f"\0{name}:{grade_id}\0{source}".encode())
    return digest.hexdigest()


def generate(generator) -> Arrays:
    """The generator's arrays and their fingerprint."""
    arrays = {key: np.asarray(value) for key, value in generator.generate().items()}
    return {**arrays, FINGERPRINT: np.array(fingerprint(generator))}


def read(path: Path) -> Arrays:
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def same(a: Arrays, b: Arrays, reproducible=None) -> bool:
    """Same keys, shapes and dtypes; on ``reproducible(arrays)`` (default: all of them), floats
    equal to RTOL relative (or ATOL), anything else exactly."""
    if a.keys() != b.keys():
        return False
    if any(a[key].shape != b[key].shape or a[key].dtype != b[key].dtype for key in a):
        return False
    if reproducible is not None:
        a, b = reproducible(a), reproducible(b)
    for key in a:
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if np.issubdtype(x.dtype, np.floating):
            if not np.allclose(x, y, rtol=RTOL, atol=ATOL, equal_nan=True):
                return False
        elif not np.array_equal(x, y):
            return False
    return True


def write(out_dir: Path = DATA_DIR, only: dict | None = None):
    """Generate every data file into ``out_dir``; leave a file alone if it is still in sync.

    ``only``: generators by name (modules, or anything with ``generate`` and optionally
    ``CHAPTER`` and ``reproducible``); default: every module of this package. Returns the paths
    written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, generator in (only or generators()).items():
        arrays = generate(generator)
        path = out_dir / f"{name}.npz"
        if path.is_file() and same(read(path), arrays, getattr(generator, "reproducible", None)):
            continue
        np.savez_compressed(path, **arrays)
        written.append(path)
    return written


def drift(data_dir: Path = DATA_DIR, only: dict | None = None):
    """Data files that are missing, made from other sources, differ from a fresh generation
    (beyond what another CPU explains), or have no generator."""
    gens = only or generators()
    problems = []
    with tempfile.TemporaryDirectory(prefix="nnl-demodata-") as tmp:
        write(Path(tmp), gens)
        for name, generator in gens.items():
            current = Path(data_dir) / f"{name}.npz"
            if not current.is_file():
                problems.append(f"nnlearn/data/{name}.npz: missing")
                continue
            stored, fresh = read(current), read(Path(tmp) / f"{name}.npz")
            if str(stored.get(FINGERPRINT)) != str(fresh[FINGERPRINT]):
                problems.append(
                    f"nnlearn/data/{name}.npz: made from other sources (its generator or the "
                    "solutions it runs changed)"
                )
            elif not same(stored, fresh, getattr(generator, "reproducible", None)):
                problems.append(f"nnlearn/data/{name}.npz: differs from a fresh generation")
    if only is None:
        problems += [
            f"nnlearn/data/{p.name}: no generator autograder/demodata/{p.stem}.py"
            for p in sorted(Path(data_dir).glob("*.npz"))
            if p.stem not in gens
        ]
    return problems
