"""A grading run killed at any moment and started again gives exactly the grades of a run that was
never interrupted; grading in parallel gives exactly the grades of grading one at a time.

Run A grades a small class in-process with two workers. Run B grades the same class from the
command line with one worker, is killed (SIGKILL, the whole process group) as soon as its first
submission is reported, and is started again. Both must agree cell by cell.
"""

import csv
import os
import re
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from support.nbutil import CHAPTERS, REPO, read, submission
from test_grading_e2e import WRONG_DW

from autograder.coursedir import COURSE_ID
from autograder.grading.run import grade

pytestmark = pytest.mark.slow

CHAPTERS_GRADED = ["01_decision_boundaries", "04_backpropagation"]


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    subs = tmp_path_factory.mktemp("resume") / "submissions"
    notebooks = {
        "ada": {ch: submission(ch) for ch in CHAPTERS_GRADED},
        "bo": {ch: read(CHAPTERS / f"{ch}.ipynb") for ch in CHAPTERS_GRADED},
        "cy": {"04_backpropagation": submission("04_backpropagation", {"linear": WRONG_DW})},
    }
    for student, chapters in notebooks.items():
        (subs / student).mkdir(parents=True)
        for chapter, nb in chapters.items():
            nbformat.write(nb, subs / student / f"{chapter}.ipynb")
    return subs


def cli(subs, course, *extra) -> list[str]:
    args = [sys.executable, "-m", "autograder", "grade", str(subs), "--course", str(course)]
    for chapter in CHAPTERS_GRADED:
        args += ["--chapter", chapter]
    return args + list(extra)


def environment() -> dict:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONUNBUFFERED"] = "1"  # each progress line as it happens: the kill follows the first
    return env


def cell_scores(course) -> dict:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        for chapter in CHAPTERS_GRADED:
            for sub in gb.assignment_submissions(chapter):
                notebook = gb.find_submission_notebook(chapter, chapter, sub.student.id)
                for g in notebook.grades:
                    scores[(sub.student.id, chapter, g.name)] = g.score
    return scores


def report(course) -> list[tuple]:
    """The rows of report.csv; a grade reused from the killed run ("unchanged") as "graded"."""
    with open(course / "report.csv") as fh:
        return sorted(
            (
                r["student"],
                r["chapter"],
                "graded" if r["status"] == "unchanged" else r["status"],
                r["score"],
                r["max_score"],
                r["reason"],
            )
            for r in csv.DictReader(fh)
        )


@pytest.fixture(scope="module")
def runs(class_folder, tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    parallel = root / "parallel"
    grade(class_folder, parallel, selected=CHAPTERS_GRADED, jobs=2, progress=lambda _: None)

    killed = root / "killed"
    proc = subprocess.Popen(
        cli(class_folder, killed, "--jobs", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment(),
        start_new_session=True,
    )
    first = ""
    for line in proc.stdout:
        if " 1/" in line:
            first = line
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(1)
    again = subprocess.run(
        cli(class_folder, killed, "--jobs", "1"),
        capture_output=True,
        text=True,
        env=environment(),
        timeout=900,
    )
    return {"parallel": parallel, "killed": killed, "first": first, "again": again}


def test_the_run_was_really_killed_after_one_submission(runs):
    assert runs["first"], "the first run reported no submission before it was killed"
    assert runs["again"].returncode == 0, runs["again"].stdout + runs["again"].stderr


def test_the_run_started_again_reuses_what_was_finished(runs):
    student, chapter = re.search(r"\] 1/\d+ (\S+) (\S+):", runs["first"]).groups()
    lines = [line for line in runs["again"].stdout.splitlines() if f"{student} {chapter}:" in line]
    # reused, with the seconds its grading took in the killed run (not 0)
    assert lines and lines[0].startswith("already graded (same file, same settings)"), lines
    seconds = float(re.search(r"\((\d+\.\d) s\)$", lines[0]).group(1))
    assert f"{student} {chapter}: unchanged " in lines[0] and seconds > 0, lines


def test_killed_and_resumed_grades_equal_uninterrupted_ones(runs):
    assert cell_scores(runs["killed"]) == cell_scores(runs["parallel"])
    assert report(runs["killed"]) == report(runs["parallel"])


def test_the_grades_are_the_expected_ones(runs):
    rows = {(r[0], r[1]): r for r in report(runs["parallel"])}
    assert rows[("ada", "04_backpropagation")][3] == rows[("ada", "04_backpropagation")][4]
    assert float(rows[("bo", "01_decision_boundaries")][3]) == 0
    assert rows[("cy", "01_decision_boundaries")][2] == "missing"
    assert (
        0
        < float(rows[("cy", "04_backpropagation")][3])
        < float(rows[("cy", "04_backpropagation")][4])
    )


def test_nothing_is_left_running(runs):
    time.sleep(2)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True)
    assert "/opt/nnl/worker.py" not in ps.stdout
