"""Generated files are exactly what their sources give: chapters/ (the student edition, by
nbgrader, from solutions/) and nnlearn/data/ (the demos' data, from autograder/demodata/)."""

import numpy as np
import pytest

from autograder import demodata
from autograder.course import drift
from nnlearn.data import load


def test_student_edition_is_in_sync_with_the_instructor_source():
    problems = drift()
    assert problems == [], "\n".join(problems) + "\nrun `make chapters`"


def test_demo_data_is_in_sync_with_its_generators():
    problems = demodata.drift()
    assert problems == [], "\n".join(problems) + "\nrun `make chapters`"


def test_demo_data_drift_is_detected_and_unchanged_files_are_left_alone(tmp_path):
    steps = {"n": 3}

    def generate():
        return {"path": np.linspace(0.0, 1.0, steps["n"]), "ids": np.arange(steps["n"])}

    gens = {"toy": generate}
    assert demodata.drift(tmp_path, gens) == ["nnlearn/data/toy.npz: missing"]
    assert demodata.write(tmp_path, gens) == [tmp_path / "toy.npz"]
    assert demodata.drift(tmp_path, gens) == []
    assert demodata.write(tmp_path, gens) == [], "an unchanged file is not rewritten"
    steps["n"] = 4
    assert demodata.drift(tmp_path, gens) == [
        "nnlearn/data/toy.npz: differs from a fresh generation"
    ]
    (tmp_path / "stray.npz").write_bytes(b"")
    assert "nnlearn/data/stray.npz: no generator" in " ".join(demodata.drift(tmp_path))


def test_missing_demo_data_gets_a_clear_message():
    with pytest.raises(FileNotFoundError, match="no demo data named 'nothing'"):
        load("nothing")
