"""Grading on a real Dask cluster: a scheduler and two workers on 127.0.0.1
(tests/support/cluster.py).

A class of honest and hostile chapter-4 submissions is graded by the cluster into a PostgreSQL
gradebook while one worker is killed (SIGKILL) in the middle; the grades must equal, cell by
cell, those of a local serial run (``--jobs 1``) into SQLite. A scheduler that cannot be reached
or goes away gives one clear message, and what was recorded stays recorded: the run started
again resumes. A worker that cannot sandbox never grades.
"""

import subprocess
import sys

import nbformat
import pytest
from support import pg
from support.cluster import REPO, Cluster, free_port
from support.nbutil import CHAPTERS, read, submission
from test_grading_attacks import ZEROS, attacker
from test_grading_e2e import CHAPTER, CRASHING_TWO_LAYER, WRONG_DW

from autograder.coursedir import COURSE_ID
from autograder.grading.cluster import ClusterLost
from autograder.grading.run import grade
from autograder.sandbox.launch import SandboxUnavailable
from autograder.settings import Settings

pytestmark = pytest.mark.slow

SETTINGS = Settings(timeout=5)


def notebooks() -> dict:
    return {
        "solved": submission(CHAPTER),
        "stub": read(CHAPTERS / f"{CHAPTER}.ipynb"),
        "wrong_gradient": submission(CHAPTER, {"linear": WRONG_DW}),
        "kernel_crash": submission(CHAPTER, {"two_layer": CRASHING_TWO_LAYER}),
        "zeros": submission(CHAPTER, ZEROS),
        "monkeypatch_numpy": attacker("monkeypatch_numpy"),
        "redefine_helpers": attacker("redefine_helpers"),
    }


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    subs = tmp_path_factory.mktemp("cluster-class") / "submissions"
    for student, nb in notebooks().items():
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / f"{CHAPTER}.ipynb")
    return subs


def cell_scores(db_url: str) -> dict:
    """(student, test cell) -> score, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE_ID) as gb:
        return {
            (sub.student.id, grade.name): grade.score
            for sub in gb.find_assignment(CHAPTER).submissions
            for notebook in sub.notebooks
            for grade in notebook.grades
        }


@pytest.fixture(scope="module")
def serial(submissions, tmp_path_factory):
    """The reference: the class graded here, one submission at a time, into SQLite."""
    course = tmp_path_factory.mktemp("serial") / "course"
    grade(
        submissions, course, settings=SETTINGS, selected=[CHAPTER], jobs=1, progress=lambda _: None
    )
    return cell_scores(SETTINGS.gradebook_url(course))


@pytest.fixture(scope="module")
def on_cluster(submissions, tmp_path_factory):
    """The class graded by a two-worker cluster into PostgreSQL; worker w1 killed with SIGKILL
    as soon as the first submission is recorded (w2 is then busy with another)."""
    root = tmp_path_factory.mktemp("cluster")
    with pg.server() as url, Cluster(root / "cluster") as cluster:
        killed = []

        def progress(line: str) -> None:
            if " 1/" in line and not killed:
                cluster.kill("w1")
                killed.append(cluster.procs["w1"].pid)

        settings = Settings(timeout=5, db_url=url)
        outcomes = grade(
            submissions,
            root / "course",
            settings=settings,
            selected=[CHAPTER],
            scheduler=cluster.address,
            progress=progress,
        )
        yield {
            "scores": cell_scores(url),
            "outcomes": outcomes,
            "killed": killed,
            "log": cluster.log("scheduler"),
        }


def test_a_worker_was_killed_in_the_middle(on_cluster):
    assert on_cluster["killed"], "no worker was killed"
    assert "w1" in on_cluster["log"] and "Remove worker" in on_cluster["log"]


def test_every_submission_was_graded_on_the_cluster(on_cluster, submissions):
    outcomes = on_cluster["outcomes"]
    graded = {o.student for o in outcomes if o.status == "graded"}
    others = [(o.student, o.status, o.reason) for o in outcomes if o.status != "graded"]
    assert graded == {p.name for p in submissions.iterdir()}, (others, on_cluster["log"][-3000:])


def test_the_cluster_grades_equal_a_local_serial_run_cell_by_cell(on_cluster, serial):
    assert on_cluster["scores"] == serial
    solved = {cell: s for (student, cell), s in serial.items() if student == "solved"}
    assert all(solved.values()) and not any(
        s for (student, _), s in serial.items() if student in ("stub", "zeros", "monkeypatch_numpy")
    ), "the reference itself is wrong: honest work must score, stubs and attacks must not"


def test_an_unreachable_scheduler_is_one_clear_message(submissions, tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", submissions, "--course", tmp_path / "c"]
        + ["--scheduler", address],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"cannot reach the Dask scheduler at {address}" in errors[0]
    assert "Traceback" not in proc.stderr


def test_a_lost_scheduler_keeps_what_was_recorded_and_the_run_resumes(tmp_path):
    submissions = tmp_path / "submissions"
    for student in ("solved", "stub", "wrong_gradient"):
        (submissions / student).mkdir(parents=True)
        nbformat.write(notebooks()[student], submissions / student / f"{CHAPTER}.ipynb")
    course = tmp_path / "course"
    with Cluster(tmp_path / "first", workers=1) as cluster:
        recorded = []

        def progress(line: str) -> None:
            if " 1/" in line:
                recorded.append(line)
                cluster.kill("scheduler")

        with pytest.raises(ClusterLost, match="start the same command again"):
            grade(
                submissions,
                course,
                settings=SETTINGS,
                selected=[CHAPTER],
                scheduler=cluster.address,
                progress=progress,
            )
    assert len(recorded) == 1
    marked = list((course / "autograded").glob(f"*/{CHAPTER}/.nnl-graded"))
    assert len(marked) == 1, (
        "the submission recorded before the scheduler went away is kept",
        recorded,
    )
    with Cluster(tmp_path / "second", workers=1) as cluster:
        lines = []
        outcomes = grade(
            submissions,
            course,
            settings=SETTINGS,
            selected=[CHAPTER],
            scheduler=cluster.address,
            progress=lines.append,
        )
    total = len(list(submissions.iterdir()))
    assert any(f"grading {total - 1} notebook(s)" in line for line in lines), lines
    statuses = sorted(o.status for o in outcomes)
    assert statuses == ["graded"] * (total - 1) + ["unchanged"], statuses


def test_a_worker_that_cannot_sandbox_never_grades(submissions, tmp_path):
    solved = tmp_path / "one"
    (solved / "solved").mkdir(parents=True)
    nbformat.write(submission(CHAPTER), solved / "solved" / f"{CHAPTER}.ipynb")
    # no bubblewrap on this worker's PATH: its check fails
    with Cluster(tmp_path / "c", workers=0, worker_env={"PATH": "/nonexistent"}) as cluster:
        cluster.start_worker("nobwrap")
        cluster.wait_for_workers(1)
        with pytest.raises(SandboxUnavailable, match="nobwrap.*bubblewrap is not installed"):
            grade(
                solved,
                tmp_path / "course1",
                settings=SETTINGS,
                selected=[CHAPTER],
                scheduler=cluster.address,
            )
        cluster.start_worker("good", env={"PATH": __import__("os").environ["PATH"]})
        cluster.wait_for_workers(2)
        lines = []
        (outcome,) = grade(
            solved,
            tmp_path / "course2",
            settings=SETTINGS,
            selected=[CHAPTER],
            scheduler=cluster.address,
            progress=lines.append,
        )
        assert outcome.status == "graded" and outcome.score == outcome.max_score, outcome
        assert any("refused: " in line and "nobwrap" in line for line in lines), lines
