"""Generated files are exactly what their sources give: chapters/ (the student edition, by
nbgrader, from solutions/) and nnlearn/data/ (the demos' data, from autograder/demodata/)."""

from types import SimpleNamespace

import numpy as np
import pytest

from autograder import demodata
from autograder.edition import drift
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

    gens = {"toy": SimpleNamespace(generate=generate)}
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


def test_demo_data_made_from_other_sources_is_drift(tmp_path):
    """Same arrays, but the generator or a solution it runs has changed since: regenerate."""
    gens = {"toy": SimpleNamespace(generate=lambda: {"path": np.linspace(0.0, 1.0, 3)})}
    demodata.write(tmp_path, gens)
    arrays = demodata.read(tmp_path / "toy.npz")
    assert str(arrays["fingerprint"]) == demodata.fingerprint(gens["toy"])
    np.savez_compressed(tmp_path / "toy.npz", **{**arrays, "fingerprint": np.array("0" * 64)})
    (problem,) = demodata.drift(tmp_path, gens)
    assert problem.startswith("nnlearn/data/toy.npz: made from other sources")
    assert demodata.write(tmp_path, gens) == [tmp_path / "toy.npz"]


def test_fingerprint_covers_the_generator_and_every_solution_it_runs(monkeypatch):
    from autograder.demodata import practice  # chapter 6, which runs chapter 2's mse_loss too

    before = demodata.fingerprint(practice)
    cells = demodata.solution_cells
    for chapter in ["02_objective_functions", "06_making_it_work"]:

        def edited(path, chapter=chapter):
            return [(grade, source + " " * (chapter in str(path))) for grade, source in cells(path)]

        monkeypatch.setattr(demodata, "solution_cells", edited)
        assert demodata.fingerprint(practice) != before, chapter
    monkeypatch.setattr(demodata, "solution_cells", cells)
    assert demodata.fingerprint(practice) == before
    monkeypatch.setattr(demodata.inspect, "getsource", lambda module: "# an edited generator")
    edited_generator = demodata.fingerprint(practice)
    monkeypatch.undo()
    assert edited_generator != before


def test_demo_data_differing_only_where_another_cpu_may_is_not_drift(tmp_path):
    """A generator's ``reproducible`` says which part of its arrays every CPU reproduces (to
    RTOL): here, the first two points of a path. Only that part is compared."""
    noise = {"late": 0.0, "early": 0.0}

    def generate():
        path = np.linspace(1.0, 2.0, 4)
        return {"path": path + [noise["early"], 0.0, noise["late"], noise["late"]]}

    gens = {"toy": SimpleNamespace(generate=generate, reproducible=lambda a: {"p": a["path"][:2]})}
    demodata.write(tmp_path, gens)
    noise["late"] = 0.3
    assert demodata.drift(tmp_path, gens) == []
    assert demodata.write(tmp_path, gens) == [], "not rewritten for another CPU's rounding"
    noise["early"] = 1e-9  # within RTOL = 1e-6 relative
    assert demodata.drift(tmp_path, gens) == []
    noise["early"] = 1e-5
    assert demodata.drift(tmp_path, gens) == [
        "nnlearn/data/toy.npz: differs from a fresh generation"
    ]


def test_missing_demo_data_gets_a_clear_message():
    with pytest.raises(FileNotFoundError, match="no demo data named 'nothing'"):
        load("nothing")
