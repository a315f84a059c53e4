"""The nbgrader course directory and the student edition.

Layout of the repository and of a course directory::

    solutions/NN_name.ipynb        instructor source (one notebook = one nbgrader assignment)
    chapters/NN_name.ipynb         student edition, generated (never edit by hand)

    COURSE/nbgrader_config.py      written by `setup_course`; calls `configure` below, so the
                                   plain `nbgrader` commands and ours use the same settings
    COURSE/source/NN_name/NN_name.ipynb
    COURSE/release/ submitted/ autograded/ feedback/ gradebook.db   (nbgrader's own)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS_DIR = REPO_ROOT / "solutions"
CHAPTERS_DIR = REPO_ROOT / "chapters"
COURSE_ID = "how-nn-learn"

DEFAULT_TIMEOUT = 30  # seconds of the student's own time per cell (autograder.owntime)
WALL_LIMIT_FACTOR = 10
"""The wall-clock ceiling of a cell, the last resort, is this many times the timeout unless set:
generous enough that a correct cell on a grader loaded ten times over still finishes."""
DEFAULT_MEMORY = 2 * 1024**3  # bytes of address space per grading kernel

WARNING_PATTERN = r"\w+Warning: "
"""stderr outputs matching this are dropped before scoring: nbgrader scores any stderr output in
a test cell as 0, and a correct answer may legitimately trigger a numpy RuntimeWarning."""


def chapters() -> list[str]:
    """Names of the chapters (assignments), from the instructor source."""
    return sorted(p.stem for p in SOLUTIONS_DIR.glob("*.ipynb"))


def configure(
    c,
    course_root: str | os.PathLike,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
    db_url: str | None = None,
    isolation: str = "bwrap",
    wall_limit: float | None = None,
) -> None:
    """Fill the traitlets config ``c`` for a course rooted at ``course_root``.

    ``timeout``: seconds of the student's own time per cell (running or asleep, not waiting for
    a CPU: :mod:`autograder.owntime`). ``wall_limit``: the wall-clock ceiling of any cell, the
    last resort (default: :data:`WALL_LIMIT_FACTOR` x ``timeout``).

    The student's cells run in a separate, sandboxed process (``isolation="bwrap"``) or, only
    when the instructor asks for it, a plain process (``"none"``); see :mod:`autograder.sandbox`.

    Also sets the environment the grading kernels inherit: the repository on ``PYTHONPATH``
    (hidden tests import ``autograder``), one BLAS thread, a non-interactive matplotlib backend,
    and ``NNL_SOURCE_DIR`` (where ``autograder.reference`` finds the instructor source).
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        GetGrades,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    from autograder.execute import BoundedExecute
    from autograder.feedback import RedactHiddenTests
    from autograder.sandbox import SETTINGS_VARIABLE, Settings

    root = Path(course_root).resolve()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    # A writer holding SQLite for > 5 s would abort a concurrent grader with a misleading error.
    c.CourseDirectory.db_url = db_url or f"sqlite:///{root / 'gradebook.db'}?timeout=60"
    ceiling = int(wall_limit or WALL_LIMIT_FACTOR * timeout)
    c.Execute.timeout = ceiling
    c.BoundedExecute.timeout = ceiling
    # A loaded machine delays the kernel's messages too: wait for them as long as for a cell.
    c.BoundedExecute.iopub_timeout = ceiling
    c.BoundedExecute.startup_timeout = ceiling
    c.BoundedExecute.memory_limit = memory
    c.BoundedExecute.split = True
    c.BoundedExecute.source_dir = str(root / "source")
    c.Autograde.autograde_preprocessors = [
        BoundedExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = WARNING_PATTERN
    c.GenerateFeedback.preprocessors = [GetGrades, RedactHiddenTests, CSSHTMLHeaderPreprocessor]

    env = os.environ
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["MPLBACKEND"] = "Agg"
    env["NNL_SOURCE_DIR"] = str(root / "source")
    env[SETTINGS_VARIABLE] = Settings(
        isolation=isolation, memory=memory, cell_seconds=timeout
    ).to_environment()
    # nbgrader shells out to `alembic` when it creates a gradebook.
    bindir = str(Path(sys.executable).parent)
    if bindir not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")


@contextlib.contextmanager
def environment_kept():
    """Undo, on exit, the changes :func:`configure` makes to this process's environment.

    A grading run in-process (tests, the benchmark, ``make chapters``) would otherwise leave
    ``NNL_SOURCE_DIR`` pointing at its course, perhaps a deleted temporary one, and every
    kernel started later would read the earlier chapters' functions from there.
    """
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


CONFIG_FILE = '''\
"""nbgrader configuration of this course (written by `python -m autograder course`).

The settings live in autograder.course.configure so that `nbgrader ...` run here and
`python -m autograder grade` behave the same. Edit the numbers below, not the import.
"""
import os
import sys

sys.path.insert(0, {repo!r})
from autograder.course import configure  # noqa: E402

configure(
    get_config(),  # noqa: F821 (provided by traitlets when nbgrader loads this file)
    os.path.dirname(os.path.abspath(__file__)),
    timeout={timeout},  # seconds of the student's own time per cell
    wall_limit={wall_limit},  # wall-clock ceiling of a cell, seconds; None: 10 x timeout
    memory={memory},  # bytes of address space per grading kernel
    db_url={db_url!r},  # None: SQLite gradebook.db here; or e.g. postgresql+psycopg://...
    isolation={isolation!r},  # "bwrap": sandboxed student process; "none": NOT sandboxed
)
'''


def setup_course(
    course_root: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
    db_url: str | None = None,
    isolation: str = "bwrap",
    wall_limit: float | None = None,
) -> Path:
    """Create or update a course directory: config file and ``source/`` from ``solutions/``.

    ``db_url``: the gradebook (SQLAlchemy URL); None keeps SQLite in ``gradebook.db``.

    ``source/`` always receives every chapter, even when only some are graded: a chapter that
    builds on an earlier one loads the earlier chapter's functions from ``source/`` while it is
    graded (:mod:`nnlearn.earlier`).
    Existing submissions, grades and the gradebook are kept.
    """
    course_root = Path(course_root).resolve()
    course_root.mkdir(parents=True, exist_ok=True)
    (course_root / "nbgrader_config.py").write_text(
        CONFIG_FILE.format(
            repo=str(REPO_ROOT),
            timeout=timeout,
            wall_limit=wall_limit,
            memory=memory,
            db_url=db_url,
            isolation=isolation,
        )
    )
    for chapter in chapters():
        dest = course_root / "source" / chapter
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOLUTIONS_DIR / f"{chapter}.ipynb", dest / f"{chapter}.ipynb")
    return course_root


def make_api(course_root: Path):
    """An in-process ``NbGraderAPI`` configured from the course's ``nbgrader_config.py``.

    In-process calls avoid nbgrader's ~3 s interpreter start-up per command.
    """
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course_root = Path(course_root).resolve()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    config.merge(Config())
    return NbGraderAPI(config=config)


def generate_assignment(api, chapter: str) -> None:
    """Run nbgrader ``generate_assignment`` (solutions -> stubs, hidden tests dropped)."""
    result = api.generate_assignment(chapter, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(
            f"nbgrader generate_assignment failed for {chapter}:\n"
            + result.get("error", "")
            + result.get("log", "")
        )


def normalize(nb) -> None:
    """Make a notebook byte-stable: no outputs, no execution counts, no run-time metadata."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.pop("id", None)
    nb.nbformat_minor = 4


def write_notebook(nb, path: Path) -> None:
    nbformat.write(nb, str(path), version=4)


def generate_student_edition(out_dir: Path = CHAPTERS_DIR, selected: list[str] | None = None):
    """Regenerate the student edition of every chapter into ``out_dir``; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    selected = selected or chapters()
    written = []
    with environment_kept(), tempfile.TemporaryDirectory(prefix="nnl-generate-") as tmp:
        course = setup_course(Path(tmp))
        api = make_api(course)
        for chapter in selected:
            generate_assignment(api, chapter)
            nb = nbformat.read(course / "release" / chapter / f"{chapter}.ipynb", as_version=4)
            normalize(nb)
            path = out_dir / f"{chapter}.ipynb"
            write_notebook(nb, path)
            written.append(path)
    return written


def drift(selected: list[str] | None = None) -> list[str]:
    """Chapters whose ``chapters/`` notebook differs from a fresh regeneration (or is missing).

    Extra notebooks in ``chapters/`` that have no source are reported too.
    """
    with tempfile.TemporaryDirectory(prefix="nnl-drift-") as tmp:
        fresh = generate_student_edition(Path(tmp), selected)
        problems = []
        for path in fresh:
            current = CHAPTERS_DIR / path.name
            if not current.is_file():
                problems.append(f"{path.name}: missing from chapters/")
            elif current.read_bytes() != path.read_bytes():
                problems.append(f"{path.name}: differs from a fresh regeneration")
        known = {p.name for p in fresh}
        if selected is None:
            problems += [
                f"{p.name}: in chapters/ but has no source in solutions/"
                for p in CHAPTERS_DIR.glob("*.ipynb")
                if p.name not in known
            ]
        return problems
