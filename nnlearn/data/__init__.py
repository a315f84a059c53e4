"""Arrays the demos show that only a solved exercise could compute (a training run, an
optimiser's path). They are generated from the instructor's solutions by the course's tooling
(``autograder/demodata/``) and shipped here as ``<name>.npz``: data, not code.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

__all__ = ["load"]


def load(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``nnlearn/data/<name>.npz``, by key."""
    path = resources.files(__name__) / f"{name}.npz"
    if not path.is_file():
        raise FileNotFoundError(
            f"no demo data named {name!r} in the nnlearn package; reinstall it, or (authors) "
            "run `make chapters`"
        )
    with resources.as_file(path) as real, np.load(real, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}
