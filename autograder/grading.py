"""Grade a folder of submissions: intake, nbgrader autograde, feedback, CSV.

Submissions folder (what an LMS download or ``nbgrader collect`` gives)::

    SUBMISSIONS/<student>/<chapter>.ipynb              or
    SUBMISSIONS/<student>/<chapter>/<chapter>.ipynb    (nbgrader's submitted/ layout)

A notebook under another name is matched to its chapter by its nbgrader cell ids. Nothing in
SUBMISSIONS is ever modified: each notebook is validated, then copied into the course's
``submitted/`` folder. Every (student, chapter) pair ends with one row in ``report.csv``:

    graded      nbgrader autograded it; score / max_score from the gradebook
    missing     the student handed in no notebook for this chapter
    invalid     the file is not a readable notebook (the reason says why); scored 0
    failed      nbgrader could not grade it (the reason says why); scored 0
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from autograder import course as _course

REPORT_FIELDS = ["student", "chapter", "status", "score", "max_score", "seconds", "reason"]


@dataclass
class Outcome:
    student: str
    chapter: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    reason: str = ""


@dataclass
class Submission:
    student: str
    chapter: str
    path: Path
    note: str = ""
    flags: list[str] = field(default_factory=list)


def _grade_ids(chapter: str) -> set[str]:
    nb = nbformat.read(_course.SOLUTIONS_DIR / f"{chapter}.ipynb", as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    }


MAX_NOTEBOOK_BYTES = 50 * 1024**2
"""A chapter notebook with its figures is a few MB; a larger file is refused, not read."""


def read_notebook(path: Path):
    """Read and validate a notebook; raise ValueError with a message an instructor can act on."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise ValueError(
            f"the file is {size / 1024**2:.0f} MB, more than the "
            f"{MAX_NOTEBOOK_BYTES // 1024**2} MB a notebook may have (clear its outputs)"
        )
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not a text file (is it really a .ipynb notebook?)") from None
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        ) from None
    if not isinstance(data, dict) or "cells" not in data:
        raise ValueError("valid JSON but not a notebook (no 'cells')")
    try:
        nb = nbformat.reads(raw, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # nbformat raises several kinds
        raise ValueError(f"not a valid notebook: {str(err).splitlines()[0]}") from None
    return nb


def student_folders(submissions: Path) -> list[Path]:
    """One folder per student; a folder without any notebook is still a student."""
    return sorted(
        p for p in Path(submissions).iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def find_submissions(
    submissions: Path, chapters: list[str]
) -> tuple[dict[tuple[str, str], Submission], list[Outcome]]:
    """Map (student, chapter) to a notebook; problems found on the way become outcomes.

    Notebooks of the course's other chapters (when only some are graded) are left alone.
    """
    found: dict[tuple[str, str], Submission] = {}
    problems: list[Outcome] = []
    ids = {ch: _grade_ids(ch) for ch in _course.chapters()}
    for student_dir in student_folders(submissions):
        student = student_dir.name
        notebooks = sorted(
            p for p in student_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
        )
        unmatched = []
        for path in notebooks:
            chapter = path.stem if path.stem in ids else None
            if chapter is None:
                unmatched.append(path)
                continue
            if chapter not in chapters:
                continue
            if (student, chapter) in found:
                problems.append(
                    Outcome(
                        student,
                        chapter,
                        "invalid",
                        reason=f"two notebooks for {chapter}: "
                        f"{found[(student, chapter)].path.name} and {path.name}",
                    )
                )
                continue
            found[(student, chapter)] = Submission(student, chapter, path)
        for path in unmatched:
            chapter, note = _identify(path, ids)
            if chapter is not None and chapter not in chapters:
                continue
            if chapter is None:
                problems.append(Outcome(student, "?", "invalid", reason=f"{path.name}: {note}"))
            elif (student, chapter) in found:
                problems.append(
                    Outcome(
                        student,
                        chapter,
                        "invalid",
                        reason=f"{path.name} is a second notebook for {chapter}; not graded",
                    )
                )
            else:
                found[(student, chapter)] = Submission(student, chapter, path, note)
    return found, problems


def _identify(path: Path, ids: dict[str, set[str]]) -> tuple[str | None, str]:
    """Which chapter a misnamed notebook belongs to, by the nbgrader ids of its cells."""
    try:
        nb = read_notebook(path)
    except ValueError as err:
        return None, f"unrecognised file name and {err}"
    present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
    best = max(ids, key=lambda ch: len(ids[ch] & present), default=None)
    if best is None or not ids[best] & present:
        return None, "file name matches no chapter and its cells match none either"
    return best, f"misnamed: graded as {best}.ipynb (matched by its cell ids)"


def _score(api, chapter: str, student: str) -> tuple[float, float]:
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        sub = gb.find_submission(chapter, student)
        return float(sub.score), float(sub.max_score)


def _max_score(api, chapter: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        return float(gb.find_assignment(chapter).max_score)


def _failure_reason(result: dict) -> str:
    """The last exception line nbgrader logged (``SomeError: what``), else its first error line."""
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    raised = re.findall(r"^\s*(\w+(?:Error|Exception): .+)$", text, re.MULTILINE)
    if raised:
        return raised[-1].strip()[:300]
    for line in text.splitlines():
        if "[AutogradeApp | ERROR]" in line:
            return line.split("]", 1)[-1].strip()[:300]
    return "nbgrader could not grade this notebook (see the course log)"


def grade(
    submissions: Path,
    course_root: Path,
    *,
    selected: list[str] | None = None,
    timeout: float = _course.DEFAULT_TIMEOUT,
    memory: int = _course.DEFAULT_MEMORY,
    db_url: str | None = None,
    sandbox: bool = True,
    jobs: int | None = None,
    progress=print,
    wall_limit: float | None = None,
) -> list[Outcome]:
    """Autograde every submission in ``submissions``; write feedback, grades.csv, report.csv,
    and the class report (class_report.html, class_report.csv).

    ``timeout``: seconds of the student's own time per cell; ``wall_limit``: the wall-clock
    ceiling of a cell (default 10 x timeout); see :func:`autograder.course.configure`.
    ``db_url``: the gradebook (SQLAlchemy URL, e.g. ``postgresql+psycopg://...``); None: SQLite.
    ``sandbox``: run the students' code in the bubblewrap sandbox (refuse to grade if it cannot
    start); False runs it in a plain separate process, as your user (say so explicitly).
    ``jobs``: submissions graded at once, each in a process of its own (default: one per core).
    A submission an earlier run finished (same file, same source and settings) is not graded
    again, so a run that was killed can simply be started again.
    """
    from autograder.sandbox import SandboxUnavailable, Settings, check_available

    isolation = "bwrap" if sandbox else "none"
    if sandbox:
        try:
            check_available(Settings(isolation=isolation, memory=memory))
        except SandboxUnavailable as err:
            raise SandboxUnavailable(
                f"the sandbox for the students' code cannot start here: {err}\n"
                "Grading refused. Install bubblewrap (Debian: apt-get install bubblewrap) on a "
                "machine with user namespaces, or pass --no-sandbox to run the students' code "
                "unsandboxed as your user (the tests still run in a separate process)."
            ) from None
    else:
        progress(
            "WARNING: --no-sandbox: the students' code runs as your user, with your files and "
            "network in reach. Grade untrusted submissions only in the sandbox."
        )
    jobs = jobs or os.cpu_count() or 1
    with _course.environment_kept():
        return _grade(
            submissions,
            course_root,
            selected,
            dict(timeout=timeout, wall_limit=wall_limit, memory=memory, db_url=db_url),
            isolation,
            jobs,
            progress,
        )


def _grade(submissions, course_root, selected, limits, isolation, jobs, progress) -> list[Outcome]:
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise FileNotFoundError(f"submissions folder not found: {submissions}")
    selected = selected or _course.chapters()
    course_root = _course.setup_course(course_root, isolation=isolation, **limits)
    api = _course.make_api(course_root)
    for chapter in selected:
        _course.generate_assignment(api, chapter)

    found, outcomes = find_submissions(submissions, selected)
    students = [folder.name for folder in student_folders(submissions)]
    for student in students:
        for chapter in selected:
            known = (student, chapter) in found or any(
                o.student == student and o.chapter == chapter for o in outcomes
            )
            if not known:
                outcomes.append(
                    Outcome(student, chapter, "missing", reason="no notebook handed in")
                )
    work = [found[key] for key in sorted(found)]
    for sub in work:
        sub.flags = scan(sub)
    _create_students(api, students)
    outcomes += _grade_all(api, course_root, work, jobs, progress)
    for o in outcomes:
        if o.chapter in selected and not o.max_score:
            o.max_score = _max_score(api, o.chapter)
    outcomes.sort(key=lambda o: (o.student, o.chapter))
    write_report(outcomes, course_root / "report.csv")
    export_grades(api, course_root / "grades.csv")
    flags = {(sub.student, sub.chapter): sub.flags for sub in work if sub.flags}
    from autograder.report import write_class_report

    write_class_report(course_root, outcomes, cell_results(api, course_root, outcomes), flags)
    return outcomes


def scan(sub: Submission) -> list[str]:
    """Reasons the static scan flags this submission for manual review (scores unchanged)."""
    from autograder.scan import scan_notebook

    try:
        nb = read_notebook(sub.path)
    except ValueError:
        return []
    return [
        f"cell {f.cell + 1}, line {f.line}: {f.reason}"
        for f in scan_notebook(nb, trusted_sources=_instructor_code(sub.chapter))
    ]


@functools.cache
def _instructor_code(chapter: str) -> frozenset[str]:
    """The code cells of a chapter's source, read once per run rather than once per student."""
    source = nbformat.read(_course.SOLUTIONS_DIR / f"{chapter}.ipynb", as_version=4)
    return frozenset(c.source for c in source.cells if c.cell_type == "code")


def _create_students(api, students: list[str]) -> None:
    """Create every student in the gradebook first: parallel graders must not race to it."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for student in students:
            gb.update_or_create_student(student)


def _grade_all(api, course_root: Path, work: list[Submission], jobs: int, progress) -> list:
    """Grade every submission, ``jobs`` at a time; report progress as each one ends."""
    done: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        done.append(outcome)
        width = 20
        filled = round(width * len(done) / max(len(work), 1))
        progress(
            f"[{'#' * filled}{'.' * (width - filled)}] {len(done)}/{len(work)} "
            f"{outcome.student} {outcome.chapter}: {outcome.status} "
            f"{outcome.score:g}/{outcome.max_score:g} ({outcome.seconds:.1f} s)"
            + (f" - {outcome.reason}" if outcome.reason else "")
        )

    if jobs <= 1 or len(work) <= 1:
        for sub in work:
            report(_grade_or_reuse(api, course_root, sub))
        return done
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork: a worker starts in milliseconds and does not re-run the caller's script (spawn
    # would). Nothing has run a kernel yet in this process; each worker opens its own gradebook
    # connection (_worker_start) and never touches the parent's.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_start, initargs=(course_root,)
    ) as pool:
        futures = [pool.submit(_worker_grade, sub) for sub in work]
        for future in as_completed(futures):
            report(future.result())
    return done


_worker_api = None


def _worker_start(course_root: Path) -> None:
    global _worker_api
    _worker_api = _course.make_api(course_root)


def _worker_grade(sub: Submission) -> Outcome:
    return _grade_or_reuse(_worker_api, Path(_worker_api.coursedir.root), sub)


def _fingerprint(course_root: Path, sub: Submission) -> str:
    """What a grade depends on: the submission, the chapter's source and the course settings."""
    digest = hashlib.sha256()
    for path in (
        sub.path,
        course_root / "source" / sub.chapter / f"{sub.chapter}.ipynb",
        course_root / "nbgrader_config.py",
    ):
        digest.update(path.read_bytes())
    digest.update(sub.note.encode())
    return digest.hexdigest()


def _grade_or_reuse(api, course_root: Path, sub: Submission) -> Outcome:
    """Grade one submission, unless an earlier run (perhaps killed later) finished it.

    The marker ``autograded/<student>/<chapter>/.nnl-graded`` is written last, after the
    gradebook and the feedback: a run killed at any moment leaves either a finished submission
    with its marker or one without, which the next run grades again from scratch.
    """
    marker = course_root / "autograded" / sub.student / sub.chapter / ".nnl-graded"
    fingerprint = _fingerprint(course_root, sub)
    saved = marker.read_text().split("\n", 1) if marker.is_file() else []
    if len(saved) == 2 and saved[0] == fingerprint:
        try:
            score, max_score = _score(api, sub.chapter, sub.student)
            return Outcome(sub.student, sub.chapter, "graded", score, max_score, 0.0, saved[1])
        except Exception:  # noqa: BLE001 - not in the gradebook after all: grade it again
            pass
    outcome = _grade_one(api, course_root, sub)
    outcome.max_score = outcome.max_score or _max_score(api, sub.chapter)
    if outcome.status == "graded":
        marker.write_text(f"{fingerprint}\n{outcome.reason}")
    return outcome


def cell_results(api, course_root: Path, outcomes: list[Outcome]) -> list:
    """Per test cell of every graded submission: points (gradebook) and error message."""
    from nbgrader.api import Gradebook

    from autograder.report import cell_results_from_notebook

    results = []
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for o in outcomes:
            if o.status != "graded":
                continue
            path = course_root / "autograded" / o.student / o.chapter / f"{o.chapter}.ipynb"
            notebook = gb.find_submission_notebook(o.chapter, o.chapter, o.student)
            scores = {g.name: (float(g.score), float(g.max_score)) for g in notebook.grades}
            results += cell_results_from_notebook(
                nbformat.read(path, as_version=4), o.student, o.chapter, scores
            )
    return results


def restore_nbgrader_metadata(nb, release) -> str:
    """Give each nbgrader cell of a submission the metadata the released notebook gave it.

    nbgrader restores the code of test cells but refuses a whole notebook whose cell metadata
    was edited (a test cell marked as an answer) or copied (a duplicated grade id, easily made
    by copying a cell in JupyterLab). Here the first cell with a released grade id gets the
    released metadata back; a copy, or an id the release does not have, becomes a plain cell
    (the student's code). Returns a note for the report, "" if nothing changed.
    """
    released = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
        for c in release.cells
        if "grade_id" in c.metadata.get("nbgrader", {})
    }
    seen, restored, dropped = set(), 0, 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id not in released or grade_id in seen:
            del cell.metadata["nbgrader"]
            dropped += 1
            continue
        seen.add(grade_id)
        if meta != released[grade_id]:
            cell.metadata["nbgrader"] = nbformat.from_dict(dict(released[grade_id]))
            restored += 1
    notes = []
    if restored:
        notes.append(f"nbgrader metadata of {restored} cell(s) restored from the release")
    if dropped:
        notes.append(f"{dropped} copied or unknown nbgrader cell(s) graded as plain cells")
    return "; ".join(notes)


def _grade_one(api, course_root: Path, sub: Submission) -> Outcome:
    start = time.perf_counter()
    try:
        nb = read_notebook(sub.path)
    except ValueError as err:
        return Outcome(sub.student, sub.chapter, "invalid", reason=f"{sub.path.name}: {err}")
    release = course_root / "release" / sub.chapter / f"{sub.chapter}.ipynb"
    restored = restore_nbgrader_metadata(nb, nbformat.read(release, as_version=4))
    if restored:
        sub.note = "; ".join(filter(None, [sub.note, restored]))
    dest_dir = course_root / "submitted" / sub.student / sub.chapter
    if dest_dir.exists():
        shutil.rmtree(dest_dir)
    dest_dir.mkdir(parents=True)
    nbformat.write(nb, dest_dir / f"{sub.chapter}.ipynb")
    stamp = dt.datetime.fromtimestamp(sub.path.stat().st_mtime, tz=dt.UTC)
    (dest_dir / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
    result = api.autograde(sub.chapter, sub.student, force=True, create=True)
    if not result["success"]:
        return Outcome(
            sub.student,
            sub.chapter,
            "failed",
            seconds=time.perf_counter() - start,
            reason=_failure_reason(result),
        )
    feedback = api.generate_feedback(sub.chapter, sub.student, force=True)
    score, max_score = _score(api, sub.chapter, sub.student)
    graded = course_root / "autograded" / sub.student / sub.chapter / f"{sub.chapter}.ipynb"
    reason = "; ".join(filter(None, [sub.note, stopped_cells(nbformat.read(graded, 4))]))
    if not feedback["success"]:
        reason = (reason + "; " if reason else "") + "feedback could not be generated"
    return Outcome(
        sub.student, sub.chapter, "graded", score, max_score, time.perf_counter() - start, reason
    )


STOPS = {
    "TimeLimit": "time limit",
    "WallClockLimit": "wall-clock ceiling (the grading machine may have been overloaded: "
    "grade again)",
    "StudentProcessLost": "student process lost",
    "KernelDied": "grading kernel died",
    "CellTimeoutError": "grading kernel stuck",
}
"""The errors of :mod:`autograder.sandbox` and :mod:`autograder.execute` that stop a cell, and
how ``report.csv`` names them."""


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


def write_report(outcomes: list[Outcome], path: Path) -> None:
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for o in outcomes:
            row = asdict(o)
            row["seconds"] = f"{o.seconds:.2f}"
            writer.writerow(row)


def export_grades(api, path: Path) -> None:
    """nbgrader's own CSV export (one row per student and assignment)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(to=str(path))
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        plugin.export(gb)
