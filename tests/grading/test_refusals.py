"""A refused command leaves nothing behind, and Ctrl-C stops grading at once with one line that
says how to resume (issue 22, item 7). No notebook is graded here."""

import contextlib
import io
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from autograder import cli
from autograder.grading import local
from autograder.grading.local import LocalExecutor
from autograder.grading.task import Task

CH = "01_decision_boundaries"
NO_DATABASE = "sqlite:////no-such-folder-for-a-gradebook/gradebook.db"  # cannot be opened


def _cli(*argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main(list(map(str, argv)))
    return code, err.getvalue()


def snapshot(folder: Path) -> dict | None:
    """Every file under ``folder`` with its bytes (None: no folder)."""
    if not folder.exists():
        return None
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def submissions(tmp_path) -> Path:
    folder = tmp_path / "submitted" / "s01" / CH
    folder.mkdir(parents=True)
    (folder / f"{CH}.ipynb").write_text("{}")
    return tmp_path / "submitted"


def refusals(tmp_path, submissions) -> dict[str, list]:
    roster = tmp_path / "roster.csv"
    roster.write_text("no,such,columns\n1,2,3\n")
    return {
        "a database that cannot be opened": ["--db-url", NO_DATABASE],
        "no such submissions folder": ["--chapter", CH],
        "--due without --chapter": ["--due", "2025-03-01 23:59Z"],
        "a roster that cannot be read": ["--roster", roster],
        "no such student": ["--student", "nobody"],
    }


@pytest.mark.parametrize(
    "case",
    [
        "a database that cannot be opened",
        "no such submissions folder",
        "--due without --chapter",
        "a roster that cannot be read",
        "no such student",
    ],
)
@pytest.mark.parametrize("existing", [False, True], ids=["new course", "existing course"])
def test_a_refused_grade_changes_nothing(tmp_path, submissions, case, existing):
    course = tmp_path / "courses" / "course"
    if existing:
        assert _cli("course", course)[0] == 0
    before = snapshot(tmp_path / "courses")
    given = submissions if case != "no such submissions folder" else tmp_path / "nowhere"
    code, err = _cli("grade", given, "--course", course, *refusals(tmp_path, submissions)[case])
    assert code == 2, err
    assert err.startswith("error: ") and "Traceback" not in err
    assert snapshot(tmp_path / "courses") == before


def test_a_mistyped_database_then_the_right_one(tmp_path):
    course = tmp_path / "course"
    code, err = _cli("course", course, "--db-url", NO_DATABASE)
    assert code == 2 and "cannot open the gradebook" in err and "Traceback" not in err
    assert not course.exists()
    # the corrected command is not refused for the typo ("add --move-gradebook")
    assert _cli("course", course)[0] == 0


def test_a_refused_database_move_keeps_the_course_as_it_was(tmp_path):
    course = tmp_path / "course"
    assert _cli("course", course)[0] == 0
    before = snapshot(course)
    code, _ = _cli("course", course, "--db-url", NO_DATABASE, "--move-gradebook")
    assert code == 2
    assert snapshot(course) == before


def test_a_bad_record_refuses_grade_before_the_settings_change(tmp_path, submissions):
    course = tmp_path / "course"
    assert _cli("course", course)[0] == 0
    (course / "report.json").write_text("not json")
    before = snapshot(course)
    code, err = _cli("grade", submissions, "--course", course, "--timeout", "7")
    assert code == 2 and "report.json" in err
    assert snapshot(course) == before


def test_ctrl_c_says_in_one_line_how_to_resume(tmp_path, submissions, monkeypatch):
    from autograder.grading import run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "grade", interrupted)
    code, err = _cli("grade", submissions, "--course", tmp_path / "course")
    assert code == 130
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "run the same command again" in lines[0], err


def _sleep_forever(package, task):  # in a worker: says it started, then never ends
    Path(task.notebook).write_text(str(os.getpid()))
    time.sleep(3600)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_ctrl_c_ends_the_grading_processes(tmp_path, monkeypatch):
    # Ctrl-C raises KeyboardInterrupt here as in a terminal, even in a process started with
    # SIGINT ignored (a shell's background job without job control), where the run would
    # otherwise wait an hour for the sleeping workers.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        monkeypatch.setattr(local, "_safely", _sleep_forever)  # the forked workers inherit it
        started = [tmp_path / f"started{i}" for i in range(2)]
        tasks = [Task(f"s{i}", CH, str(path), "", "") for i, path in enumerate(started)]

        def interrupt_once_both_run():
            while not all(p.is_file() and p.read_text() for p in started):
                time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGINT)

        threading.Thread(target=interrupt_once_both_run, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            for _ in LocalExecutor(jobs=2).results(None, tasks):
                pass
        pids = [int(p.read_text()) for p in started]
        for _ in range(600):  # SIGTERM has been sent; wait for it to land (not a timed assertion)
            if not any(map(_running, pids)):
                break
            time.sleep(0.05)
        assert not any(map(_running, pids))
    finally:
        signal.signal(signal.SIGINT, previous)


def test_an_interrupt_nbgrader_swallowed_is_raised_again():
    from autograder.pipeline.course import checked

    with pytest.raises(KeyboardInterrupt):  # what NbGraderAPI returns after a Ctrl-C
        checked({"success": False, "log": "[AutogradeApp | ERROR] Canceled\n"})
    failed = {"success": False, "log": "[AutogradeApp | ERROR] Cancelled the kernel: no"}
    assert checked(failed) is failed  # a student's failure stays a failure
