"""One task: grade one (student, chapter) in a worker's nbgrader course, return plain data.

A task carries all it needs: the :class:`Package` of the course (every chapter's instructor
source, the release of each chapter to grade, a gradebook that knows those assignments, the
settings; built once per run by the client) and the :class:`Task` (the student, the chapter, the
notebook as intake restored it). :func:`grade_task` grades it in the worker's course directory
(:class:`Workspace`: laid out from the package once per worker process, cleaned of every earlier
task before each), runs nbgrader's autograde and feedback there (the student's code in the
sandbox; nbgrader's converters built once per worker), and returns a :class:`Result` of plain
data: the status, the reason, the seconds, the score of every test cell, the graded notebook and
the feedback page, as text. Nothing the student's code made crosses as an object, and a worker
needs no shared file system and no access to the real gradebook: the client alone writes that
(:mod:`autograder.grading.gradebook`).

The same function runs in this process, in a local process pool and on Dask workers
(:mod:`autograder.grading.local`, :mod:`autograder.grading.cluster`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from autograder import coursedir
from autograder.settings import Settings


@dataclass
class Package:
    """What every task of one grading run shares: built once by the client, sent once."""

    sources: dict[str, str]  # chapter -> instructor notebook (JSON text)
    releases: dict[str, str]  # chapter -> released notebook (JSON text), the chapters graded
    gradebook: bytes  # a SQLite gradebook holding those assignments (nbgrader generate_assignment)
    settings: dict  # Settings.to_dict()
    code: str  # code_version() of the client


@dataclass
class Task:
    student: str
    chapter: str
    notebook: str  # the submission as intake restored it (JSON text)
    timestamp: str  # when it was handed in (coursedir.TIMESTAMP_FORMAT, UTC)
    fingerprint: str  # what the grade depends on (autograder.grading.gradebook)
    note: str = ""  # what intake noticed (a misnamed file, a second notebook)
    flags: list[str] = field(default_factory=list)  # for manual review: tampering, the scan

    @property
    def key(self) -> tuple[str, str]:
        return (self.student, self.chapter)


@dataclass
class CellScore:
    grade_id: str
    score: float | None  # None: nbgrader could not tell (the cell needs a manual grade)
    max_score: float


@dataclass
class Result:
    student: str
    chapter: str
    status: str  # "graded" or "failed"
    reason: str = ""
    seconds: float = 0.0
    cells: list[CellScore] = field(default_factory=list)
    comments: dict[str, str | None] = field(default_factory=dict)  # answer cell -> auto comment
    graded_notebook: str = ""  # JSON text
    feedback: str = ""  # HTML text; "" if it could not be made
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    @property
    def score(self) -> float:
        return sum(cell.score or 0.0 for cell in self.cells)

    @property
    def max_score(self) -> float:
        return sum(cell.max_score for cell in self.cells)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Result:
        return cls(**{**data, "cells": [CellScore(**c) for c in data["cells"]]})

    @classmethod
    def failure(cls, task: Task, reason: str, seconds: float = 0.0) -> Result:
        return cls(task.student, task.chapter, "failed", reason=reason, seconds=seconds)


# (isolation, memory) -> None (the student process starts) or the error that says why not
_sandbox_checked: dict[tuple, Exception | None] = {}
# A worker with several threads grades one task at a time, and none while warm() imports: two
# threads importing nbconvert at once can meet it half made ("cannot import name 'PDFExporter'
# from partially initialized module"), which failed a Dask worker's first task under load.
_one_at_a_time = threading.Lock()


@functools.cache
def code_version() -> str:
    """sha256 of the grader's code (autograder/ and nnlearn/): a worker must run what the
    client runs, or its grades could differ."""
    from autograder.chapters import REPO_ROOT

    digest = hashlib.sha256()
    for package in ("autograder", "nnlearn"):
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def check_worker(settings: Settings, code: str) -> None:
    """Refuse to grade where the sandbox cannot start, or where the code is not the client's."""
    if code != code_version():
        raise RuntimeError(
            "this worker runs other grading code than the client (autograder/ or nnlearn/ "
            "differ): check out the client's commit on this machine, then restart the worker"
        )
    check_sandbox(settings)


def check_sandbox(settings: Settings) -> None:
    """Refuse to grade where the student process cannot start (checked once per process and
    settings).

    Raises :class:`~autograder.sandbox.launch.SandboxUnavailable` with the reason and the fix,
    :class:`~autograder.sandbox.launch.MemoryLimitTooSmall` with the measured minimum if the
    memory cap leaves the student process too little to start. With ``isolation="none"``
    (``--no-sandbox``, the instructor's explicit choice) the plain process is checked: a
    submission is never graded unsandboxed unless that was asked for.
    """
    from autograder.sandbox.launch import MemoryLimitTooSmall, SandboxUnavailable, check_available

    key = (settings.isolation, settings.memory)
    if key not in _sandbox_checked:
        try:
            check_available(settings.limits())
            _sandbox_checked[key] = None
        except MemoryLimitTooSmall as err:
            _sandbox_checked[key] = err
        except SandboxUnavailable as err:
            why = (
                sandbox_advice(str(err))
                if settings.sandboxed
                else f"the students' process cannot start: {err}"
            )
            _sandbox_checked[key] = SandboxUnavailable(why)
    if _sandbox_checked[key] is not None:
        raise _sandbox_checked[key]


def sandbox_passed(settings: Settings) -> bool:
    """Whether this process has found that the student process starts under ``settings``."""
    key = (settings.isolation, settings.memory)
    return key in _sandbox_checked and _sandbox_checked[key] is None


def sandbox_passed_before(settings: Settings) -> None:
    """Take the sandbox check under ``settings`` as passed in this process (an earlier run on
    this machine passed it with the same inputs: :func:`autograder.grading.cache.sandbox_key`)."""
    _sandbox_checked[(settings.isolation, settings.memory)] = None


def sandbox_advice(why: str) -> str:
    """The reason the sandbox cannot start, with the fix."""
    fix = (
        "Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) on a machine that "
        "allows unprivileged user namespaces"
    )
    if "permission" in why.lower() or "operation not permitted" in why.lower():
        fix += (
            " (Ubuntu 24.04 restricts them through AppArmor: `sysctl -w "
            "kernel.apparmor_restrict_unprivileged_userns=0`, or an AppArmor profile for bwrap; "
            "elsewhere `sysctl -w kernel.unprivileged_userns_clone=1` or "
            "`user.max_user_namespaces`)"
        )
    return (
        f"the sandbox for the students' code cannot start here: {why}\n"
        f"Grading refused. {fix}, or pass --no-sandbox to run the students' code unsandboxed "
        "as your user (the tests still run in a separate process)."
    )


def warm() -> None:
    """In a grading process that has not graded yet: import what a task needs (nbgrader,
    nbconvert, the feedback exporter), so that its first task does not pay for them. A task
    that comes meanwhile waits for it (``_one_at_a_time``)."""
    with _one_at_a_time:
        import nbformat  # noqa: F401
        import nbgrader.api  # noqa: F401
        import nbgrader.preprocessors  # noqa: F401

        import autograder.pipeline.converters  # noqa: F401
        import autograder.pipeline.execute  # noqa: F401
        import autograder.pipeline.feedback  # noqa: F401


def ignore_nbgrader_session_warning() -> None:
    """Ignore SQLAlchemy's warning as nbgrader adds a submission (``Gradebook.add_submission``,
    in a worker's autograde and in the client's gradebook): it makes the submission's rows
    linked to the student, assignment and notebooks already in the session, then reads
    ``submission.assignment.notebooks``, whose autoflush finds the new rows linked but not yet
    added (SQLAlchemy 2 no longer adds them along those links) and says it will not add them;
    nbgrader adds the submission, and with it every row it made, right after, and commits.
    Nothing is lost: the grades are read from those rows. The command line ignored it
    (``cli.main``); any other process that grades (a Dask worker, ``grade`` called from Python)
    printed it once for each of the three links."""
    warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w+> not in session")


def grade_task(package: Package, task: Task) -> Result:
    """Grade ``task`` in this worker's course directory (:class:`Workspace`), cleaned of every
    earlier task; see the module's description."""
    with _one_at_a_time:  # (its imports too: not while warm() imports)
        ignore_nbgrader_session_warning()
        import nbformat
        from nbgrader.api import Gradebook

        from autograder.pipeline.course import checked
        from autograder.pipeline.execute import reap_kernels

        settings = replace(Settings.from_dict(package.settings), db_url=None)
        check_worker(settings, package.code)
        start = time.perf_counter()
        reap_kernels()  # the last task's kernel and student process, before anything is cleaned
        space = Workspace.of(package, settings)
        root = space.root
        space.clean()
        _write_submission(root, task)
        graded = checked(space.converters.autograde(task.chapter, task.student))
        if not graded["success"]:
            return Result.failure(task, failure_reason(graded), time.perf_counter() - start)
        feedback = checked(space.converters.generate_feedback(task.chapter, task.student))
        with Gradebook(settings.gradebook_url(root), coursedir.COURSE_ID) as gb:
            notebook = gb.find_submission_notebook(task.chapter, task.chapter, task.student)
            cells = [
                CellScore(g.name, _number(g.auto_score), float(g.max_score))
                for g in notebook.grades
            ]
            comments = {c.name: c.auto_comment for c in notebook.comments}
        html = coursedir.folder(root, coursedir.FEEDBACK, task.chapter, task.student)
        html = html / f"{task.chapter}.html"
        graded_notebook = coursedir.notebook(
            root, coursedir.AUTOGRADED, task.chapter, task.student
        ).read_text()
        problems = [stopped_cells(nbformat.reads(graded_notebook, as_version=4))]
        if not feedback["success"]:
            problems.append("feedback could not be generated")
        return Result(
            task.student,
            task.chapter,
            "graded",
            reason="; ".join(filter(None, problems)),
            seconds=time.perf_counter() - start,
            cells=cells,
            comments=comments,
            graded_notebook=graded_notebook,
            feedback=html.read_text() if html.is_file() else "",
        )


class Workspace:
    """This worker process's course directory for the tasks of one package, and nbgrader's
    converters for it (:class:`~autograder.pipeline.converters.Converters`): laid out and built
    once, cleaned before each task (:meth:`clean`), so that a task sees nothing of another.

    One per process (a forked process makes its own, never uses its parent's), replaced when a
    task comes with another package; the folder is removed when it is replaced and as the
    process exits.
    """

    _current: Workspace | None = None

    def __init__(self, package: Package, settings: Settings):
        from multiprocessing.util import Finalize

        from autograder.pipeline.converters import Converters
        from autograder.pipeline.course import make_api

        self.package, self.pid = package, os.getpid()
        self.root = Path(tempfile.mkdtemp(prefix="nnl-worker-"))
        self.laid_out = {
            **{
                coursedir.notebook(self.root, coursedir.SOURCE, n): t
                for n, t in package.sources.items()
            },
            **{
                coursedir.notebook(self.root, coursedir.RELEASE, n): t
                for n, t in package.releases.items()
            },
        }
        self.converters = Converters(make_api(self.root, settings))
        throwaway_gradebook(self.root / coursedir.GRADEBOOK)
        # multiprocessing's finalizers run as a pool's worker exits (atexit's do not)
        self._remove = Finalize(self, _remove_folder, (self.root, self.pid), exitpriority=10)

    @classmethod
    def of(cls, package: Package, settings: Settings) -> Workspace:
        """This process's workspace for ``package``: the one kept if it is for the same package
        (equal content), else a new one."""
        kept = cls._current
        if kept is not None and kept.pid == os.getpid() and kept.package == package:
            return kept
        if kept is not None and kept.pid == os.getpid():
            kept._remove()
        cls._current = cls(package, settings)
        return cls._current

    def clean(self) -> None:
        """The course directory as the package lays it out and nothing else: every other file
        or folder (an earlier task's submission, graded notebook, feedback, a gradebook journal)
        removed, the sources and releases written again where they differ, the gradebook the
        package's again (no earlier student, submission or score in it)."""
        keep = {coursedir.SOURCE, coursedir.RELEASE}
        for entry in self.root.iterdir():
            if entry.name not in keep or entry.is_symlink() or not entry.is_dir():
                _remove_entry(entry)
        expected = set(self.laid_out) | {p for path in self.laid_out for p in path.parents}
        for folder in keep:  # bottom up, never following a link
            for top, dirs, files in os.walk(self.root / folder, topdown=False):
                for name in dirs + files:
                    path = Path(top) / name
                    if path not in expected or path.is_symlink():
                        _remove_entry(path)
        for path, text in self.laid_out.items():
            if path.is_symlink() or not path.is_file() or path.read_text(encoding="utf-8") != text:
                _remove_entry(path)
                _write(path, text)
        (self.root / coursedir.GRADEBOOK).write_bytes(self.package.gradebook)


_throwaway: set[str] = set()  # SQLite files of this process that nothing needs after it


def throwaway_gradebook(path: Path) -> None:
    """Let the SQLite database at ``path`` (a gradebook of a course directory made to be thrown
    away: a worker's, the package's template) write without waiting for the disk (``PRAGMA
    synchronous = OFF``, the journal in memory): a crash loses it, and nothing needs it then.
    nbgrader commits each row it writes, and on a busy disk each wait costs tens of ms."""
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    if not _throwaway:
        event.listen(Pool, "connect", _unsynced)
    _throwaway.add(str(Path(path).resolve()))


def _unsynced(connection, record) -> None:
    import sqlite3

    if not isinstance(connection, sqlite3.Connection):
        return
    files = {row[2] for row in connection.execute("PRAGMA database_list")}
    if files & _throwaway:
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")


def _remove_entry(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _remove_folder(root: Path, pid: int) -> None:
    if os.getpid() == pid:  # never a parent's folder, from a forked process
        shutil.rmtree(root, ignore_errors=True)


def _number(value) -> float | None:
    return None if value is None else float(value)


def _write_submission(root: Path, task: Task) -> None:
    """The task's submission and its time stamp, where nbgrader's autograde looks for them."""
    submitted = coursedir.folder(root, coursedir.SUBMITTED, task.chapter, task.student)
    _write(submitted / f"{task.chapter}.ipynb", task.notebook)
    _write(submitted / coursedir.TIMESTAMP, task.timestamp)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


STOPS = {
    "TimeLimit": "time limit",
    "WallClockLimit": "wall-clock ceiling (the grading machine may have been overloaded: "
    "grade again)",
    "StudentProcessLost": "student process lost",
    "KernelDied": "grading kernel died",
    "CellTimeoutError": "grading kernel stuck",
}
"""The errors of :mod:`autograder.sandbox.kernel` and :mod:`autograder.pipeline.execute` that stop
a cell, and how ``report.csv`` names them."""


def stopped_cells(nb) -> str:
    """Which cells of an autograded notebook a limit or a lost process stopped, for the report:
    ``"time limit in test_sigmoid, answer cell 7"``; "" if none."""
    where: dict[str, list[str]] = {}
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            what = STOPS.get(output.get("ename"))
            if output.get("output_type") == "error" and what:
                name = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
                where.setdefault(what, [])
                if name not in where[what]:
                    where[what].append(name)
    return "; ".join(f"{what} in {', '.join(names)}" for what, names in where.items())


def failure_reason(result: dict) -> str:
    """The last exception line nbgrader logged (``SomeError: what``), else its first error line."""
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    raised = re.findall(r"^\s*(\w+(?:Error|Exception): .+)$", text, re.MULTILINE)
    if raised:
        return raised[-1].strip()[:300]
    for line in text.splitlines():
        if "[AutogradeApp | ERROR]" in line:
            return line.split("]", 1)[-1].strip()[:300]
    said = [line.strip() for line in text.splitlines() if line.strip()]
    return "nbgrader could not grade this notebook" + (
        f" (its last words: {said[-1][:200]})" if said else " and said nothing about why"
    )
