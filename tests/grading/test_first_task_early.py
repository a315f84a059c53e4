"""A run sends each task as soon as it is read, and before the client imports nbgrader: the
first submissions are graded while the client reads the rest and writes the gradebook. A task an
earlier run may have graded already is decided as before: its marker and the gradebook."""

import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from support.nbutil import chapter_names, submission

from autograder import coursedir
from autograder.grading import local, run
from autograder.grading.local import LocalExecutor
from autograder.grading.task import CellScore, Result, Task

CH = chapter_names()[0]
REPO = Path(__file__).resolve().parents[2]


def _class(folder: Path, students: list[str]) -> Path:
    for student in students:
        (folder / student).mkdir(parents=True)
        nbformat.write(submission(CH), folder / student / f"{CH}.ipynb")
    return folder


class Scorer:
    """Grades nothing: full points for every test cell of the release; keeps what it was sent
    and, for each task, ``seen()`` at the moment it was sent."""

    def __init__(self, seen=lambda: None):
        self.sent, self.seen = [], seen

    def check(self, settings, code):
        pass

    def describe(self):
        return "a scorer"

    def results(self, package, tasks):
        release = nbformat.reads(package.releases[CH], as_version=4)
        points = [c.metadata["nbgrader"] for c in release.cells if "nbgrader" in c.metadata]
        cells = [
            CellScore(m["grade_id"], m["points"], m["points"])
            for m in points
            if m.get("grade") and "points" in m
        ]
        received = [(task, self.seen()) for task in tasks]  # all sent before the first result
        for task, seen in received:
            self.sent.append((task.student, seen))
            yield (
                task,
                Result(task.student, CH, "graded", cells=cells, graded_notebook=task.notebook),
            )


def test_each_task_is_sent_as_soon_as_it_is_read(tmp_path, monkeypatch):
    prepared = []
    real = run._prepared

    def counted(sub, *args):
        prepared.append(sub.student)
        return real(sub, *args)

    monkeypatch.setattr(run, "_prepared", counted)
    executor = Scorer(seen=lambda: len(prepared))
    subs = _class(tmp_path / "subs", ["a", "b", "c"])
    run.grade(subs, tmp_path / "course", selected=[CH], executor=executor, progress=lambda _: None)
    assert executor.sent == [("a", 1), ("b", 2), ("c", 3)]  # not all read before the first


def test_a_task_graded_before_is_reused_only_if_the_gradebook_still_has_it(tmp_path):
    """The marker alone does not make a task reused: a submission the gradebook lost (its
    marker left) is sent again, after the gradebook was asked."""
    from nbgrader.api import Gradebook

    subs = _class(tmp_path / "subs", ["a", "b"])
    course = tmp_path / "course"
    quiet = {"selected": [CH], "progress": lambda _: None}
    first = Scorer()
    run.grade(subs, course, executor=first, **quiet)
    assert sorted(s for s, _ in first.sent) == ["a", "b"]
    again = Scorer()
    outcomes = run.grade(subs, course, executor=again, **quiet)
    assert again.sent == [] and {o.status for o in outcomes} == {"unchanged"}
    url = f"sqlite:///{course.resolve() / coursedir.GRADEBOOK}"
    with Gradebook(url, coursedir.COURSE_ID) as gb:
        gb.remove_submission(CH, "b")
    third = Scorer()
    outcomes = run.grade(subs, course, executor=third, **quiet)
    assert [s for s, _ in third.sent] == ["b"]
    assert {o.student: o.status for o in outcomes} == {"a": "unchanged", "b": "graded"}


def test_a_cached_run_sends_its_first_task_before_nbgrader_is_imported(tmp_path):
    """In a fresh process, a course graded before (its releases cached), an nbgrader-collect
    download (timestamp.txt): nbgrader is first imported after the first task was sent; the
    gradebook is written all the same (the students, the hand-in time)."""
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    run.grade(
        _class(tmp_path / "first", ["a"]),
        course,
        selected=[CH],
        executor=Scorer(),
        progress=lambda _: None,
    )
    subs = tmp_path / "second"
    folder = subs / "b" / CH
    folder.mkdir(parents=True)
    nbformat.write(submission(CH), folder / f"{CH}.ipynb")
    (folder / coursedir.TIMESTAMP).write_text("2026-01-05 10:00:00.000000 Europe/Berlin")
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from autograder.grading import run\n"
        "from autograder.grading.task import Result\n"
        "seen = []\n"
        "class First:\n"
        "    def check(self, settings, code): pass\n"
        "    def describe(self): return 'first'\n"
        "    def results(self, package, tasks):\n"
        "        for task in tasks:\n"
        "            seen.append([task.student, task.timestamp, 'nbgrader' in sys.modules])\n"
        "            yield task, Result.failure(task, 'not graded here')\n"
        f"run.grade(Path({str(subs)!r}), Path({str(course)!r}), selected=[{CH!r}],\n"
        "          executor=First(), progress=lambda _: None)\n"
        "print(json.dumps([seen, 'nbgrader' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    seen, imported_later = json.loads(done.stdout.splitlines()[-1])
    assert seen == [["b", "2026-01-05 09:00:00.000000 UTC", False]]
    assert imported_later  # (the gradebook's writes, after the send)
    with Gradebook(
        f"sqlite:///{course.resolve() / coursedir.GRADEBOOK}", coursedir.COURSE_ID
    ) as gb:
        assert {s.id for s in gb.students} == {"a", "b"}


def _flag(package, task):
    """A grading process's task: leave the file the task names."""
    Path(task.notebook).write_text("graded")
    return Result(task.student, task.chapter, "graded")


def test_the_pool_grades_the_first_task_while_the_next_is_prepared(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "grade_task", _flag)  # the forked processes inherit it
    flags = [tmp_path / f"t{i}" for i in range(2)]
    waited = []

    def tasks():
        yield Task("s0", CH, str(flags[0]), "", "")
        for _ in range(600):  # a bound, not a measure: at most a minute
            if flags[0].exists():
                break
            time.sleep(0.1)
        waited.append(flags[0].exists())
        yield Task("s1", CH, str(flags[1]), "", "")

    executor = LocalExecutor(jobs=2)
    executor.start()
    try:
        results = list(executor.results("package", tasks()))
    finally:
        executor.stop()
    assert waited == [True]  # the first was graded before the second was prepared
    assert sorted(task.student for task, _ in results) == ["s0", "s1"]


class _Client:
    status = "running"

    def __init__(self, submit_fails=False):
        self.submit_fails, self.closed = submit_fails, False

    def scatter(self, *args, **kwargs):
        return "shared"

    def submit(self, *args, **kwargs):
        if self.submit_fails:
            raise OSError("connection reset")
        raise AssertionError("no task is sent here")

    def close(self):
        self.closed = True


def _dask(client):
    from autograder.grading.cluster import DaskExecutor

    executor = object.__new__(DaskExecutor)
    executor.address, executor.client, executor.refusals = "tcp://nowhere:8786", client, {}
    return executor


def test_a_dask_run_tells_the_callers_failure_from_a_lost_scheduler():
    """The tasks are prepared as they are sent: a failure there (a disk full) is the caller's,
    not a lost scheduler; a send that cannot reach the scheduler is."""
    from autograder.grading.cluster import ClusterLost

    def failing():
        raise OSError("No space left on device")
        yield  # a generator

    client = _Client()
    with pytest.raises(OSError, match="No space left"):
        list(_dask(client).results("package", failing()))
    assert client.closed
    client = _Client(submit_fails=True)
    with pytest.raises(ClusterLost, match="lost the Dask scheduler"):
        list(_dask(client).results("package", iter([Task("a", CH, "{}", "", "")])))
    assert client.closed
