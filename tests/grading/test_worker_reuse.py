"""A worker keeps its course directory and nbgrader's converters across its tasks
(:class:`autograder.grading.task.Workspace`): what one student handed in must never reach
another's grade, page or course directory.

Full marks are the sum of the points of the instructor source, not a number from a run.
"""

import copy
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from support.nbutil import SOLUTIONS, grade_id, points, read, solution_source, submission

from autograder import coursedir
from autograder.grading.run import _package, grade
from autograder.grading.task import Task, Workspace, grade_task
from autograder.pipeline.course import generate_assignment, make_api, setup_course
from autograder.settings import Settings

CH1 = "01_decision_boundaries"
FULL = sum(points(read(SOLUTIONS / f"{CH1}.ipynb")).values())
MARK = "HOSTILE-7f3a"
STEP = solution_source(
    next(c for c in read(SOLUTIONS / f"{CH1}.ipynb").cells if grade_id(c) == "step")
)
# the student process tries to leave traces: output, files beside it and in the course, a
# builtin, an environment variable; each one a later student's grading could see if shared
HOSTILE_STEP = (
    STEP
    + f"""

import builtins, os, pathlib
print({MARK!r})
builtins.{MARK.replace("-", "_")} = True
os.environ[{MARK!r}] = "1"
for place in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents][:6]:
    try:
        (place / "{MARK}.txt").write_text({MARK!r})
    except OSError:
        pass
"""
)


def hostile_notebook():
    nb = submission(CH1, {"step": HOSTILE_STEP})
    test = next(c for c in nb.cells if grade_id(c) == "test_step")
    test.source = "pass  # edited away"  # tampering: intake flags it, nbgrader restores it
    return nb


def test_a_hostile_submission_leaves_nothing_to_the_honest_one_graded_after_it(tmp_path):
    subs = tmp_path / "submissions"
    for student, nb in [("a_hostile", hostile_notebook()), ("b_honest", submission(CH1))]:
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / f"{CH1}.ipynb")
    course = tmp_path / "course"
    # one job: both are graded in this process, one after the other, in one workspace
    outcomes = grade(
        subs, course, settings=Settings(timeout=20), selected=[CH1], jobs=1, progress=str
    )
    rows = {o.student: o for o in outcomes}
    hostile, honest = rows["a_hostile"], rows["b_honest"]
    assert hostile.status == "graded" and hostile.flags  # graded, flagged for its edit
    assert honest.status == "graded"
    assert honest.score == FULL
    assert honest.flags == [] and honest.full_reason == ""
    page = coursedir.folder(course, coursedir.FEEDBACK, CH1, "b_honest") / f"{CH1}.html"
    graded = coursedir.notebook(course, coursedir.AUTOGRADED, CH1, "b_honest")
    assert MARK not in page.read_text() and MARK not in graded.read_text()
    outputs = [o for c in nbformat.read(graded, as_version=4).cells for o in c.get("outputs", [])]
    assert [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"] == []
    hostile_page = coursedir.folder(course, coursedir.FEEDBACK, CH1, "a_hostile")
    assert MARK in (hostile_page / f"{CH1}.html").read_text()  # the mark was made, and kept to it
    assert not list(tmp_path.rglob(f"{MARK}.txt"))


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    settings = Settings(timeout=20)
    course = setup_course(tmp_path_factory.mktemp("package") / "course", settings)
    generate_assignment(make_api(course, settings), CH1)
    return _package(course, settings, [CH1])


def _task(student: str, nb) -> Task:
    return Task(student, CH1, nbformat.writes(nb), "2026-01-01 00:00:00.000000 UTC", "")


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_the_reused_course_directory_keeps_nothing_of_the_last_student(package):
    first = grade_task(package, _task("first_student", submission(CH1)))
    assert first.status == "graded" and first.score == FULL
    space = Workspace.of(package, Settings.from_dict(package.settings))
    root = space.root
    assert any("first_student" in name for name in _files(root))  # the task left its files
    # and some a student could not have left, in case: a stray file, an edited source
    (root / coursedir.SOURCE / CH1 / "planted.py").write_text("x = 1")
    source = coursedir.notebook(root, coursedir.SOURCE, CH1)
    source.write_text(source.read_text().replace("def step", "def stepped"))
    (root / "junk").mkdir()

    space.clean()

    expected = {str(p.relative_to(root)) for p in space.laid_out}
    expected |= {
        str(p.relative_to(root))
        for path in space.laid_out
        for p in path.parents
        if p.is_relative_to(root) and p != root
    }
    expected |= {coursedir.GRADEBOOK}
    assert _files(root) == expected
    for path, text in space.laid_out.items():
        assert path.read_text() == text
    with Gradebook(f"sqlite:///{root / coursedir.GRADEBOOK}", coursedir.COURSE_ID) as gb:
        assert gb.students == []

    second = grade_task(package, _task("second_student", submission(CH1)))
    assert Workspace.of(package, Settings.from_dict(package.settings)) is space  # reused
    assert second.status == "graded" and second.score == FULL
    assert not any("first_student" in name for name in _files(root))
    with Gradebook(f"sqlite:///{root / coursedir.GRADEBOOK}", coursedir.COURSE_ID) as gb:
        assert [s.id for s in gb.students] == ["second_student"]


def test_another_package_gets_another_course_directory(package):
    grade_task(package, _task("someone", submission(CH1)))
    space = Workspace.of(package, Settings.from_dict(package.settings))
    other = copy.deepcopy(package)
    other.settings = {**other.settings, "timeout": 21}
    moved = Workspace.of(other, Settings.from_dict(other.settings))
    assert moved is not space and moved.root != space.root
    assert not space.root.exists()  # the old one is removed


def test_only_a_throwaway_gradebook_skips_waiting_for_the_disk(tmp_path):
    from sqlalchemy import create_engine, text

    from autograder.grading.task import throwaway_gradebook

    throwaway_gradebook(tmp_path / "throwaway.db")
    modes = {}
    for name in ("throwaway.db", "gradebook.db"):
        engine = create_engine(f"sqlite:///{tmp_path / name}?timeout=60")
        with engine.connect() as connection:
            modes[name] = connection.execute(text("PRAGMA synchronous")).scalar()
        engine.dispose()
    assert modes == {"throwaway.db": 0, "gradebook.db": 2}  # OFF; FULL, SQLite's default


def test_grading_prints_no_sqlalchemy_warning_of_nbgrader_adding_a_submission(package, tmp_path):
    """Neither a worker's task nor the client's gradebook (``grade`` called from Python, as a
    Dask worker or a test does: not through the command line, which ignores it)."""
    import warnings

    subs = tmp_path / "submissions"
    (subs / "quiet_student").mkdir(parents=True)
    nbformat.write(submission(CH1), subs / "quiet_student" / f"{CH1}.ipynb")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")  # as a fresh process shows them
        result = grade_task(package, _task("quiet_student", submission(CH1)))
        (outcome,) = grade(subs, tmp_path / "course", selected=[CH1], jobs=1, progress=str)
    assert result.score == outcome.score == FULL
    assert [str(w.message) for w in seen if "not in session" in str(w.message)] == []
