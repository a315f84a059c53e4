"""Grade a folder of submissions: intake, one task per (student, chapter), the gradebook, reports.

The client (this module, in the instructor's process) prepares the course directory, reads the
submissions (:mod:`~autograder.intake.submissions`), sends one task per (student, chapter) to an
executor (this machine: :mod:`~autograder.grading.local`; or a Dask cluster:
:mod:`~autograder.grading.cluster`), records each result as it comes
(:mod:`~autograder.grading.gradebook`), and writes the reports. Every (student, chapter) pair
ends with one row in ``report.csv`` (:mod:`~autograder.outcome`).
"""

from __future__ import annotations

import functools
import re
import tempfile
import threading
import uuid
from pathlib import Path

from autograder import coursedir
from autograder.chapters import Chapter, chapter_of_cells, names
from autograder.grading import cache as caching
from autograder.grading.admin import Admin
from autograder.grading.gradebook import PAGE_PENALTY, Writer, fingerprint
from autograder.grading.local import LocalExecutor
from autograder.grading.task import (
    Package,
    Task,
    code_version,
    sandbox_passed,
    sandbox_passed_before,
    throwaway_gradebook,
)
from autograder.intake.restore import restore_nbgrader_metadata
from autograder.intake.submissions import (
    SAVE_AGAIN,
    NotANotebook,
    Submission,
    read_notebook,
    submissions_in,
)
from autograder.outcome import Outcome
from autograder.pipeline.course import checked, generate_assignment, make_api, setup_course
from autograder.report import record
from autograder.report.notice import write_notice
from autograder.review.scan import scan_notebook
from autograder.settings import Settings
from autograder.terminal import shown


def grade(
    submissions: Path,
    course_root: Path,
    *,
    settings: Settings | None = None,
    selected: list[str] | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress=print,
    admin: Admin | None = None,
    executor=None,
    cache: Path | None = None,
) -> list[Outcome]:
    """Autograde every submission in ``submissions`` into the course at ``course_root``; write
    feedback, grades.csv, report.csv and the class report (class_report.html, .csv), all of
    them for the whole course: the rows of this run merged with those earlier runs recorded
    (:mod:`~autograder.report.record`). Returns this run's outcomes.

    ``settings``: how to grade (default: the course's own, else :class:`Settings` defaults).
    ``jobs``: submissions graded at once on this machine (default: one per core);
    ``scheduler``: the address of a Dask scheduler (``tcp://HOST:8786``) to grade on its
    cluster instead. A submission an earlier run recorded (same file, same source, same
    settings) is not graded again, so a run that was killed can simply be started again.
    ``admin``: the roster, due dates and late policy, ``--student``/``--force``, the LMS
    exports (:mod:`~autograder.grading.admin`; default: none of them). ``executor``: what
    grades the tasks, instead of the one ``jobs``/``scheduler`` make (its ``check``,
    ``describe`` and ``results`` as :class:`~autograder.grading.local.LocalExecutor`'s).
    ``cache``: the folder of what runs reuse (:mod:`~autograder.grading.cache`; default
    ``COURSE/.nnl-cache``).
    """
    submissions = Path(submissions)
    admin = admin or Admin()
    download = admin.check(submissions, course_root, selected)  # before anything is created
    settings = settings or Settings.load(course_root) or Settings()
    selected = selected or names()
    if executor is None and scheduler:
        from autograder.grading.cluster import DaskExecutor

        executor = DaskExecutor(scheduler)
    elif executor is None:
        executor = LocalExecutor(jobs)
    cache = Path(cache) if cache is not None else Path(course_root) / caching.FOLDER
    kept = caching.GradingCache.of_existing(cache, course_root)  # none made before the checks
    sandbox = caching.sandbox_key(settings)
    if kept is not None and kept.get("sandbox", sandbox) is not None:
        sandbox_passed_before(settings)
        sandbox = None  # nothing to keep
    executor.check(settings, code_version())
    if not settings.sandboxed:
        progress(
            "WARNING: --no-sandbox: the students' code runs as your user, with your files and "
            "network in reach. Grade untrusted submissions only in the sandbox."
        )

    # needed before the first task: imported before the grading processes start, they share them
    import nbformat  # noqa: F401 - (intake)
    import sqlalchemy  # noqa: F401 - (the course's gradebook checked)

    if kept is None:  # a course's first run: the releases, made before the first task, need
        import nbgrader.api  # noqa: F401 - nbgrader here, and the processes started below share it

    getattr(executor, "start", lambda: None)()  # its processes' imports overlap the set-up
    stop = getattr(executor, "stop", lambda now=False: None)
    writer = None
    try:
        recorded = record.load(course_root)  # before anything is made: a bad record stops here
        course_root = setup_course(course_root, settings)
        kept = kept or caching.GradingCache(cache, course_root)
        if sandbox is not None and sandbox_passed(settings):  # checked here, not on a cluster
            kept.put("sandbox", sandbox, {})
        api = functools.cache(functools.partial(make_api, course_root, settings))  # if needed
        keys = {
            chapter: caching.release_key(course_root, settings, chapter) for chapter in selected
        }
        for chapter in selected:
            released(api, kept, course_root, settings, chapter, keys[chapter])
        found, outcomes = submissions_in(download, selected)
        chapters = chapters_handed_in(found, outcomes, selected)  # by anyone, --student or not
        students = download.students
        found, outcomes, students = admin.select(found, outcomes, students)
        outcomes = _within(outcomes, chapters)
        known = set(found) | {(o.student, o.chapter) for o in outcomes}
        outcomes += [
            Outcome(student, chapter, "missing", reason="no notebook handed in")
            for student in students
            for chapter in chapters
            if (student, chapter) not in known
        ]
        writer = Writer(course_root, settings)
        for o in outcomes:  # intake's: a student's file that names no chapter
            if o.status == "invalid" and o.student != "?":
                _notice(course_root, o)
        package = _package(course_root, settings, selected, kept, keys)
        sent = []  # the tasks given to the executor

        def tasks():
            """Each task as soon as it is read (the executor sends it at once: the first are
            graded while the rest of the class is read); a task an earlier run may have graded
            already (its marker says so) last, once the gradebook is written (nbgrader's first
            import in this process, while the first tasks are graded) and says whether it did."""
            chapters_read = _Chapters()  # each read and parsed once in the run
            marked = []
            for key in queue_order(found, recorded):
                task, problem = _prepared(found[key], course_root, settings, chapters_read)
                if problem is not None:
                    outcomes.append(problem)
                elif not admin.force and writer.marked(task):
                    marked.append(task)
                else:
                    sent.append(task)
                    yield task
            admin.record(writer, course_root, selected, students, found)
            for task in marked:
                reused = writer.reuse(task)
                if reused is not None:
                    outcomes.append(reused)
                    progress(f"already graded (same file, same settings): {_outcome_text(reused)}")
                else:
                    sent.append(task)
                    yield task
            progress(f"grading {len(sent)} notebook(s) on {executor.describe()}")
            reports.start()  # (the client has nothing left to do until the first result)

        done = []
        # the reports' modules (matplotlib) imported while this process waits for the graders
        reports = threading.Thread(target=_import_reports, daemon=True)
        for task, result in executor.results(package, tasks()):
            task.flags = numbered_as_on_page(task.flags, result.graded_notebook)
            try:
                outcome = writer.record(task, result)
            except Exception as err:  # noqa: BLE001 - rolled back: graded again by the next run
                reason = f"the gradebook could not record it: {type(err).__name__}: {err}"
                outcome = Outcome(task.student, task.chapter, "failed", reason=reason[:500])
            done.append(outcome)
            progress(_progress_line(outcome, len(done), len(sent)))
        outcomes += done
        for o in outcomes:
            if o.chapter in selected and not o.max_score:
                o.max_score = writer.max_score(o.chapter)
        outcomes.sort(key=lambda o: (o.student, o.chapter))
        scope = students if admin.only else [*students, "?"]  # "?": files that name no student
        merged = record.merge(recorded, outcomes, scope, chapters)
        admin.penalise(writer, merged, selected)
        show_penalties(api, course_root, [o for o in merged if o.chapter in selected])
        this_run = {(o.student, o.chapter) for o in outcomes}
        admin.untimed([o for o in merged if (o.student, o.chapter) in this_run])  # said by the cli
        late = [o for o in outcomes if o.late_penalty > 0]
        if late:  # the progress lines above gave the scores before it
            progress(
                f"late policy: {len(late)} of these submissions lost points for lateness "
                "(the scores above are before it; report.csv has the final ones)"
            )
        record.save(course_root, merged)
        reports.join()
        from autograder.report.class_report import write_class_report
        from autograder.report.tables import export_grades, write_report

        write_report(merged, course_root / coursedir.REPORT)
        export_grades(settings.gradebook_url(course_root), course_root / coursedir.GRADES)
        admin.export(course_root, settings.gradebook_url(course_root))
        write_class_report(course_root, merged, _cell_results(settings, course_root, merged))
    except BaseException:  # Ctrl-C, or a refusal: no process is waited for
        stop(now=True)
        raise
    finally:
        if writer is not None:
            writer.close()
    stop()
    return outcomes


_PENALTY_LINE = re.compile(r'(<li class="late-penalty">[^<]*)</li>')


def show_penalties(api, course_root: Path, outcomes: list[Outcome]) -> None:
    """Make the feedback page of each scored outcome again where the late penalty it shows is not
    the one recorded (nbgrader's page then shows the final score and the penalty, from the
    gradebook), and write the penalty's reason under nbgrader's penalty line. ``api()``: the
    course's ``NbGraderAPI``, made when a page is to be made again."""
    import html

    for o in outcomes:
        graded = coursedir.folder(course_root, coursedir.AUTOGRADED, o.chapter, o.student)
        if not o.scored or not (graded / f"{o.chapter}.ipynb").is_file():
            continue
        marker = graded / PAGE_PENALTY
        wanted = f"{o.late_penalty!r}\n{o.late_note}" if o.late_penalty > 0 else ""
        shown = marker.read_text() if marker.is_file() else ""
        if wanted == shown:
            continue
        if not checked(api().generate_feedback(o.chapter, o.student, force=True))["success"]:
            continue  # the page of the task stays, and so does its marker
        page = coursedir.folder(course_root, coursedir.FEEDBACK, o.chapter, o.student)
        page = page / f"{o.chapter}.html"
        if wanted and page.is_file():
            text = page.read_text()
            why = html.escape(o.late_note).replace("\\", "\\\\")
            page.write_text(_PENALTY_LINE.sub(rf"\1: {why}</li>", text, count=1))
            marker.write_text(wanted)
        else:
            marker.unlink(missing_ok=True)


def queue_order(keys, recorded: list[Outcome]) -> list[tuple[str, str]]:
    """The (student, chapter) pairs ``keys`` in the order their tasks are sent: the longest
    expected first (longest processing time first), so that the run ends on short tasks and no
    worker idles long while another finishes a long one. A chapter is expected to take the median
    of the seconds its submissions took when graded before in this course (``recorded``: the
    rows of earlier runs); a chapter not graded before comes first, the later chapter before the
    earlier (chapters 5 and 6 train networks: a correct submission takes two to three times as
    long as one of chapters 1-4). Then by student."""
    import math
    import statistics

    taken: dict[str, list[float]] = {}
    for o in recorded:
        if o.scored and o.seconds > 0:
            taken.setdefault(o.chapter, []).append(o.seconds)
    expected = {chapter: statistics.median(seconds) for chapter, seconds in taken.items()}
    order = {name: index for index, name in enumerate(names())}
    return sorted(
        keys,
        key=lambda key: (-expected.get(key[1], math.inf), -order.get(key[1], -1), key),
    )


def chapters_handed_in(found: dict, outcomes: list[Outcome], selected: list[str]) -> list[str]:
    """The chapters of this run: those of ``selected`` that someone handed a file in for
    (graded or not). A chapter nobody handed in is not one of this run: no "missing" rows."""
    handed = {chapter for _, chapter in found}
    handed |= {o.chapter for o in outcomes if o.status != "missing"}
    return [chapter for chapter in selected if chapter in handed]


def _within(outcomes: list[Outcome], chapters: list[str]) -> list[Outcome]:
    """Intake's rows of the chapters of this run; a student whose folder held no notebook keeps
    one row (chapter "?") when no chapter of the run is left to say so."""
    kept = [o for o in outcomes if o.chapter == "?" or o.chapter in chapters]
    students = {o.student for o in kept}
    for o in outcomes:
        if o.student not in students:
            kept.append(Outcome(o.student, "?", o.status, reason=o.reason))
            students.add(o.student)
    return kept


def grader_failure(outcomes: list[Outcome]) -> str:
    """Why a run's outcomes say the grader, not the students, failed ("" if they do not): some
    notebook was sent to grading (graded or failed in this run) and none was graded."""
    sent = [o for o in outcomes if o.status in ("graded", "failed")]
    if not sent or any(o.status == "graded" for o in sent):
        return ""
    reasons = sorted({o.reason for o in sent})
    return (
        f"no submission could be graded: all {len(sent)} sent to grading failed for a reason "
        f"of the grader's, not of the students' ({reasons[0]}"
        + (f"; and {len(reasons) - 1} other reason(s)" if len(reasons) > 1 else "")
        + "). Their rows in report.csv say why; fix the cause and run the same command again."
    )


def _prepared(sub: Submission, course_root: Path, settings: Settings, chapters=None):
    """:func:`_task`, where whatever goes wrong with one submission is that submission's
    ``failed`` row (with a feedback page saying so), never the end of the run."""
    name = sub.original or sub.path.name
    try:
        return _task(sub, course_root, settings, chapters)
    except Exception as err:  # noqa: BLE001 - one student's file, whatever it holds
        problem = f"it could not be prepared for grading ({type(err).__name__}: {err})"[:400]
        advice = "Tell your instructor: the grader could not read it. " + SAVE_AGAIN
        try:
            write_notice(course_root, sub.student, sub.chapter, name, problem, advice)
        except OSError:
            pass  # the row below still says why
        reason = "; ".join(filter(None, [f"{name}: {problem}", sub.note]))
        return None, Outcome(sub.student, sub.chapter, "failed", reason=reason)


def _task(sub: Submission, course_root: Path, settings: Settings, chapters=None):
    """The task of one submission, or the outcome that says why it cannot be graded."""
    import nbformat  # here, not above: a refused command answers before nbformat loads

    name = sub.original or sub.path.name
    try:
        nb = read_notebook(sub.path)
    except NotANotebook as err:  # its feedback page says what to do
        write_notice(course_root, sub.student, sub.chapter, name, str(err), err.advice)
        reason = "; ".join(filter(None, [f"{name}: {err}", sub.note]))
        return None, Outcome(sub.student, sub.chapter, "invalid", reason=reason)
    chapters = chapters if chapters is not None else _Chapters()
    every = [chapters[name] for name in names()]
    other = chapter_of_cells({_grade_id(c) for c in nb.cells} - {None}, sub.chapter, every)
    if other is not None:  # graded as sub.chapter, it would score 0 and flag the other's cells
        problem = f"it is the notebook of {other}, not of {sub.chapter} (its cells are {other}'s)"
        advice = (
            f"Hand in the notebook of {sub.chapter} as {sub.chapter}.ipynb (and that of {other} "
            f"as {other}.ipynb, if it is due)."
        )
        write_notice(course_root, sub.student, sub.chapter, sub.path.name, problem, advice)
        reason = "; ".join(filter(None, [f"{sub.path.name}: {problem}", sub.note]))
        return None, Outcome(sub.student, sub.chapter, "invalid", reason=reason)
    release = coursedir.notebook(course_root, coursedir.RELEASE, sub.chapter)
    tampering = restore_nbgrader_metadata(nb, nbformat.read(release, as_version=4))
    notebook = nbformat.writes(nb)
    source = Chapter.in_course(course_root, sub.chapter).source.read_text()
    task = Task(
        sub.student,
        sub.chapter,
        notebook,
        coursedir.timestamp_of(sub.path) if sub.timestamp is None else sub.timestamp,
        "",
        sub.note,
    )
    task.flags = tampering + _scan(task, chapters)
    # the flags too: two files that differ only in what was restored from the release
    task.fingerprint = fingerprint(
        notebook, source, settings, "; ".join(filter(None, [sub.note, *task.flags]))
    )
    return task, None


def _grade_id(cell) -> str | None:
    meta = cell.metadata.get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _notice(course_root: Path, outcome: Outcome) -> None:
    """The feedback page of a file that names no chapter: what was wrong and what to do."""
    name, _, problem = outcome.reason.partition(": ")
    advice = (
        "Hand in your work as the chapter's notebook, named as it was released (for example "
        f"{names()[0]}.ipynb), saved from JupyterLab."
    )
    write_notice(course_root, outcome.student, outcome.chapter, name, problem, advice)


_SCAN_CELL = re.compile(r"^cell (\d+), line ")


def numbered_as_on_page(flags: list[str], graded_notebook: str) -> list[str]:
    """The scan's flags (``cell 38, line 2: ...``, the cell's place in the notebook) with the
    cell named as its feedback page names it: by its prompt number (``cell [9], line 2``), from
    the autograded notebook (JSON text; "": not graded, the flags are left as they are). A cell
    that did not run has no number on the page: ``cell 38 (not run), line 2``."""
    import nbformat

    if not graded_notebook:
        return flags
    cells = nbformat.reads(graded_notebook, as_version=4).cells

    def renamed(match: re.Match) -> str:
        index = int(match.group(1)) - 1
        count = cells[index].get("execution_count") if index < len(cells) else None
        named = f"cell [{count}]" if count is not None else f"cell {index + 1} (not run)"
        return f"{named}, line "

    return [_SCAN_CELL.sub(renamed, flag, count=1) for flag in flags]


class _Chapters(dict):
    """name -> :class:`Chapter` (its instructor notebook read once, its cell ids and code kept),
    for the submissions of one run."""

    def __missing__(self, name: str) -> Chapter:
        self[name] = Chapter.of(name)
        return self[name]


def _scan(task: Task, chapters: _Chapters | None = None) -> list[str]:
    """Reasons the static scan flags this submission for manual review (scores unchanged)."""
    import nbformat

    nb = nbformat.reads(task.notebook, as_version=4)
    trusted = (chapters if chapters is not None else _Chapters())[task.chapter].instructor_code
    return [
        f"cell {f.cell + 1}, line {f.line}: {f.reason}"
        for f in scan_notebook(nb, trusted_sources=trusted)
    ]


def released(api, kept, course_root: Path, settings: Settings, chapter: str, key: str) -> None:
    """nbgrader ``generate_assignment`` of ``chapter`` into the course, unless an earlier run
    did it with the same inputs (``key``: :func:`~autograder.grading.cache.release_key`) into
    this course's gradebook, and the release and the gradebook's grade cells are still those.
    ``api()``: the course's ``NbGraderAPI``, made only when the chapter is generated (nbgrader's
    import is not paid before the first task when every release is cached)."""
    stamp = caching.digest("course", settings.gradebook_url(course_root), key)
    entry = kept.get("course", stamp)
    release = coursedir.notebook(course_root, coursedir.RELEASE, chapter)
    if (
        entry is not None
        and release.is_file()
        and release.read_bytes() == entry["release.ipynb"]
        and _gradebook_cells(settings.gradebook_url(course_root), chapter)
        == _release_cells(entry["release.ipynb"])
    ):
        return
    generate_assignment(api(), chapter)
    kept.put("course", stamp, {"release.ipynb": release.read_bytes()})


def _release_cells(release: bytes) -> dict[str, float]:
    """grade id -> points of the graded cells of a release (JSON)."""
    import json

    cells = {}
    for cell in json.loads(release)["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            cells[meta["grade_id"]] = float(meta.get("points", 0))
    return cells


def _gradebook_cells(db_url: str, chapter: str) -> dict[str, float] | None:
    """grade id -> points of the graded cells the gradebook has for ``chapter`` (None: it has
    no such assignment), as nbgrader's ``Gradebook.find_notebook(chapter, chapter).grade_cells``
    says, read from its tables with SQLAlchemy: this runs before the first task is sent, and
    nbgrader's package import (its server extensions) would cost about a second there."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as db:
            notebooks = db.execute(
                text(
                    "SELECT notebook.id FROM notebook JOIN assignment "
                    "ON assignment.id = notebook.assignment_id "
                    "WHERE notebook.name = :chapter AND assignment.name = :chapter"
                ),
                {"chapter": chapter},
            ).all()
            if len(notebooks) != 1:
                return None
            cells = db.execute(
                text(
                    "SELECT base_cell.name, grade_cells.max_score FROM grade_cells JOIN "
                    "base_cell ON base_cell.id = grade_cells.id WHERE base_cell.notebook_id = :id"
                ),
                {"id": notebooks[0][0]},
            ).all()
    finally:
        engine.dispose()
    return {name: float(points) for name, points in cells}


def _package(
    course_root: Path,
    settings: Settings,
    selected: list[str],
    kept: caching.GradingCache | None = None,
    keys: dict[str, str] | None = None,
) -> Package:
    """What every task needs: sources, releases, and a gradebook that knows the assignments
    (made in a course directory of its own, SQLite, whatever the real gradebook is; kept in
    ``kept`` under the release keys ``keys`` of the chapters, and taken from it when it holds
    the same releases)."""
    sources = {name: Chapter.in_course(course_root, name).source.read_text() for name in names()}
    releases = {
        name: coursedir.notebook(course_root, coursedir.RELEASE, name).read_text()
        for name in selected
    }
    texts = {f"{name}.ipynb": releases[name].encode() for name in selected}
    key = caching.digest("package", [[name, keys[name]] for name in selected]) if keys else None
    entry = kept.get("package", key) if kept is not None and key else None
    if entry is not None and {**texts, "gradebook.db": entry["gradebook.db"]} == entry:
        gradebook = entry["gradebook.db"]
    else:
        local = Settings.from_dict({**settings.to_dict(), "db_url": None})
        with tempfile.TemporaryDirectory(prefix=f"nnl-package-{uuid.uuid4().hex[:6]}-") as tmp:
            throwaway_gradebook(Path(tmp) / coursedir.GRADEBOOK)
            template = setup_course(Path(tmp), local)
            api = make_api(template, local)
            for name in selected:
                generate_assignment(api, name)
            gradebook = (template / coursedir.GRADEBOOK).read_bytes()
        if kept is not None and key:
            kept.put("package", key, {**texts, "gradebook.db": gradebook})
    return Package(sources, releases, gradebook, settings.to_dict(), code_version())


def _import_reports() -> None:
    import autograder.report.class_report  # noqa: F401
    import autograder.report.tables  # noqa: F401


def _progress_line(outcome: Outcome, done: int, total: int) -> str:
    width = 20
    filled = round(width * done / max(total, 1))
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {_outcome_text(outcome)}"


def _outcome_text(outcome: Outcome) -> str:
    """One line on the terminal: names, reasons and flags (a student's code) escaped."""
    return shown(
        f"{outcome.student} {outcome.chapter}: {outcome.status} "
        f"{outcome.score:g}/{outcome.max_score:g} ({outcome.seconds:.1f} s)"
        + (f" - {outcome.full_reason}" if outcome.full_reason else "")
    )


def _cell_results(settings: Settings, course_root: Path, outcomes: list[Outcome]) -> list:
    """Per test cell of every graded submission: points (gradebook) and error message."""
    import nbformat

    from autograder.report.class_report import cell_results_from_notebook

    scores = _grades(settings.gradebook_url(course_root))
    results = []
    for o in outcomes:
        path = coursedir.notebook(course_root, coursedir.AUTOGRADED, o.chapter, o.student)
        if not o.scored or not path.is_file():
            continue
        results += cell_results_from_notebook(
            nbformat.read(path, as_version=4),
            o.student,
            o.chapter,
            scores.get((o.student, o.chapter), {}),
        )
    return results


def _grades(db_url: str) -> dict[tuple[str, str], dict[str, tuple[float, float]]]:
    """(student, chapter) -> grade id -> (score, max score) of every graded cell of the
    chapter's notebook the gradebook holds for the student, as nbgrader's ``Grade.score`` and
    ``Grade.max_score`` say (a manual score over the automatic one, extra credit added), in one
    query: reading them submission by submission through nbgrader's objects made 36 queries for
    each, one per lazily loaded cell, in the run's tail."""
    from nbgrader.api import (
        Assignment,
        BaseCell,
        Grade,
        Gradebook,
        Notebook,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    grades: dict[tuple[str, str], dict[str, tuple[float, float]]] = {}
    with Gradebook(db_url, coursedir.COURSE_ID) as gb:
        rows = (
            gb.db.query(Student.id, Assignment.name, BaseCell.name, Grade.score, Grade.max_score)
            .select_from(Grade)
            .join(BaseCell, Grade.cell_id == BaseCell.id)
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Student, SubmittedAssignment.student_id == Student.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .filter(Notebook.name == Assignment.name)
        )
        for student, chapter, name, score, max_score in rows:
            grades.setdefault((student, chapter), {})[name] = (float(score), float(max_score))
    return grades
