"""Intake reads each instructor notebook once per run, however many submissions there are:
the chapter a file really is, and the scan's trusted cells, come from the chapters read once."""

import nbformat
from support.nbutil import chapter_names, submission

from autograder import chapters
from autograder.grading import run
from autograder.grading.local import LocalExecutor
from autograder.grading.task import Result

CH = chapter_names()[0]


class Recorder(LocalExecutor):
    """Grades nothing (every task failed), keeps the tasks it was given; never starts processes."""

    def __init__(self):
        super().__init__(1)
        self.tasks = []

    def start(self):
        pass

    def results(self, package, tasks):
        self.tasks += tasks
        for t in tasks:
            yield t, Result.failure(t, "not graded here")


def test_each_instructor_notebook_is_read_once_for_a_class(tmp_path, monkeypatch):
    read = []
    real = chapters.Chapter.of.__func__

    def counted(cls, name):
        read.append(name)
        return real(cls, name)

    monkeypatch.setattr(chapters.Chapter, "of", classmethod(counted))
    subs = tmp_path / "subs"
    for i in range(3):
        (subs / f"s{i}").mkdir(parents=True)
        cheat = {} if i else {"step": "np.allclose = lambda *a, **k: True\n"}
        nbformat.write(submission(CH, cheat), subs / f"s{i}" / f"{CH}.ipynb")
    executor = Recorder()
    run.grade(subs, tmp_path / "course", selected=[CH], executor=executor, progress=lambda _: None)
    assert sorted(t.student for t in executor.tasks) == ["s0", "s1", "s2"]
    # each chapter twice, whatever the class's size: once as the folder is read (which chapter
    # a file's cells are), once for the tasks (the same; the scan's trusted cells); the reports
    # read none (every task failed)
    assert sorted(read) == sorted(chapter_names() * 2), read
    flags = {t.student: t.flags for t in executor.tasks}
    assert any("numpy.allclose" in f for f in flags["s0"]), flags  # the scan still flags
    assert flags["s1"] == flags["s2"] == [], flags
