"""The class report an instructor reads after autograding: what the class got wrong, and how often.

Inputs, all from one grading run:

* the :class:`~autograder.outcome.Outcome` of every (student, chapter): graded or not,
  and why;
* a :class:`CellResult` for every graded test cell: its points and the message of its error,
  read from the autograded notebooks with :func:`cell_results_from_notebook`;
* the reasons some submissions were flagged for manual review (the tampering intake undid,
  the static scan's findings): the outcomes' ``flags``.

:func:`diagnoses` turns a failure message into labels: the mistake ids of ``nnlearn.mistakes``
that the message's trailer line names (``[mistakes: values-differ, wrong-sign] ...``; the causes
when it names any, else what the check saw), or, for a cell stopped by something else, a label
for that ("timed out", "not implemented (stub)", "raised NameError"). No prose is parsed: the
checks write the ids, and the book's "Common mistakes" page explains each.

:func:`write_class_report` writes three files into the course folder:

``class_report.csv``
    one row per chapter and exercise (the test cells ``test_X`` and ``test_X_hidden`` make the
    exercise ``X``): points, graded submissions, pass rate, mean score and the most frequent
    mistakes, as a percentage of the chapter's graded submissions.
``class_report_students.csv``
    one row per student and chapter: status, score (after the late penalty), maximum, the late
    penalty, the flags and the reason.
``class_report.html``
    one self-contained page: counts by status, a score histogram per chapter (an embedded PNG),
    the exercise table, the flagged submissions, the ungraded ones, and the table of every
    student and chapter (as class_report_students.csv). Every string that a
    student controls (names, reasons, messages) is HTML-escaped, and the page's
    Content-Security-Policy (:data:`autograder.safepage.CSP`) lets no script run.

A graded submission passes an exercise with the full points of all its cells; one that lacks a cell
of the exercise does not pass it, and a missing cell counts 0 points.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from autograder import coursedir, csvsafe
from autograder.outcome import STATUSES, Outcome
from autograder.safepage import CSP_META
from nnlearn.mistakes import CATALOGUE, ids_in

__all__ = [
    "CellResult",
    "ExerciseSummary",
    "cell_results_from_notebook",
    "diagnoses",
    "exercise_of",
    "mistakes_by_submission",
    "named_causes",
    "summarise_exercises",
    "write_class_report",
]

CSV_FIELDS = [
    "chapter",
    "exercise",
    "points",
    "submissions",
    "pass_rate",
    "mean_score",
    "top_mistakes",
]
STUDENT_FIELDS = [
    "student",
    "chapter",
    "status",
    "score",
    "max_score",
    "late_penalty",
    "flags",
    "reason",
]
TOP_MISTAKES = 3
HISTOGRAM_BINS = np.linspace(0.0, 100.0, 11)


@dataclass(frozen=True)
class CellResult:
    student: str
    chapter: str  # e.g. "04_backpropagation"
    grade_id: str  # e.g. "test_linear_hidden"
    score: float
    max_score: float
    message: str = ""  # the error message of the failed test cell ("" when it passed)


def cell_results_from_notebook(
    nb, student: str, chapter: str, scores: dict[str, tuple[float, float]]
) -> list[CellResult]:
    """One result per graded cell of an autograded notebook, in notebook order.

    ``scores`` maps grade_id to (score, max_score) from the gradebook; a cell's message is its
    first error output as ``"ename: evalue"`` (``"ename"`` alone when evalue is empty).
    """
    messages: dict[str, str] = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id not in scores or grade_id in messages:
            continue
        errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
        messages[grade_id] = _error_text(errors[0]) if errors else ""
    ordered = list(messages) + sorted(set(scores) - set(messages))
    return [
        CellResult(student, chapter, grade_id, *scores[grade_id], messages.get(grade_id, ""))
        for grade_id in ordered
    ]


def _error_text(output) -> str:
    ename, evalue = output.get("ename", ""), output.get("evalue", "")
    return f"{ename}: {evalue}" if evalue else ename


def exercise_of(grade_id: str) -> str:
    """``"test_linear_hidden"`` -> ``"linear"``; ``"test_two_layer"`` -> ``"two_layer"``."""
    return grade_id.removeprefix("test_").removesuffix("_hidden")


# -- diagnoses: failure message -> labels ---------------------------------------------------------

STUB = "not implemented (stub)"
TIMED_OUT = "timed out"
OTHER = "other failed check"

# The exceptions that say by their name alone what happened (execute.py writes the kernel ones).
ERROR_LABELS = {
    "NotImplementedError": STUB,
    "UnfinishedFunction": STUB,
    "KeyboardInterrupt": TIMED_OUT,  # nbgrader interrupted the cell at the time limit
    "CellTimeoutError": TIMED_OUT,  # ... and the kernel ignored the interrupt
    "KernelDied": "kernel died",
    "DeadKernelError": "kernel died",
    "MemoryError": "memory limit",
}
CHECK_ERRORS = {None, "AssertionError", "CheckFailure"}

_ERROR_NAME = re.compile(r"(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)(?::[ \t]*|$)", re.MULTILINE)


def diagnoses(message: str) -> list[str]:
    """The mistakes a failure message names, as labels (``[]`` for a passed cell).

    ``message`` is ``"ename: evalue"`` or the evalue alone. A check's message gives the causes
    its trailer names (mistake ids), or its symptoms when it names no cause; a failed assertion
    without ids gives ``"other failed check"``; another exception ``"raised <name>"``.
    """
    if not message.strip():
        return []
    error_name = _error_name(message)
    if error_name in ERROR_LABELS:
        return [ERROR_LABELS[error_name]]
    ids = ids_in(message)
    if ids:
        causes = [i for i in ids if CATALOGUE[i].diagnosis]
        return causes or ids
    if error_name not in CHECK_ERRORS:
        return [f"raised {error_name}"]
    return [OTHER]


def named_causes(message: str) -> list[str]:
    """The causes a failure message names (catalogue ids that are diagnoses): what the class
    report's "most frequent mistakes" counts. A check names a cause only when its hypothesis,
    and no other, gives the student's answer (nnlearn.checks); symptoms, stubs and other errors
    are not mistakes someone was told the cause of."""
    return [
        label for label in diagnoses(message) if label in CATALOGUE and CATALOGUE[label].diagnosis
    ]


def _error_name(message: str) -> str | None:
    """``"AssertionError: text"`` -> ``"AssertionError"``; no exception name -> None."""
    match = _ERROR_NAME.match(message)
    if match is None:
        return None
    name = match.group(1)
    looks_like_error = name in ERROR_LABELS or name.endswith(
        ("Error", "Exception", "Interrupt", "Exit", "Warning", "Failure")
    )
    return name if looks_like_error else None


def mistakes_by_submission(cells: list[CellResult]) -> dict[tuple[str, str], Counter]:
    """(student, chapter) -> how many failed cells named each label (for report.csv)."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for cell in cells:
        if cell.score < cell.max_score:
            counts[(cell.student, cell.chapter)].update(diagnoses(cell.message))
    return dict(counts)


# -- per-exercise statistics ----------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseSummary:
    chapter: str
    exercise: str
    points: float  # the exercise's maximum: all its cells together
    submissions: int  # graded submissions of the chapter
    pass_rate: float  # fraction of them with full points on every cell of the exercise
    mean_score: float
    mistakes: list[tuple[str, float]]  # (label, fraction of submissions), most frequent first


def summarise_exercises(outcomes: list[Outcome], cells: list[CellResult]) -> list[ExerciseSummary]:
    """One summary per chapter and exercise, sorted; only cells of graded submissions (this
    run's or reused) count."""
    graded = {(o.student, o.chapter) for o in outcomes if o.scored}
    graded_per_chapter = Counter(chapter for _, chapter in graded)
    by_exercise: dict[tuple[str, str], dict[str, list[CellResult]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for cell in cells:
        if (cell.student, cell.chapter) in graded:
            by_exercise[(cell.chapter, exercise_of(cell.grade_id))][cell.student].append(cell)

    summaries = []
    for (chapter, exercise), per_student in sorted(by_exercise.items()):
        submissions = graded_per_chapter[chapter]
        max_per_cell: dict[str, float] = {}
        for cell in (cell for student_cells in per_student.values() for cell in student_cells):
            max_per_cell[cell.grade_id] = max(max_per_cell.get(cell.grade_id, 0.0), cell.max_score)
        points = sum(max_per_cell.values())
        scores = [
            sum(cell.score for cell in student_cells) for student_cells in per_student.values()
        ]
        mistakes = Counter()
        for student_cells in per_student.values():
            failed = [cell for cell in student_cells if cell.score < cell.max_score]
            mistakes.update({label for cell in failed for label in named_causes(cell.message)})
        most_frequent = sorted(mistakes.items(), key=lambda item: (-item[1], item[0]))
        summaries.append(
            ExerciseSummary(
                chapter,
                exercise,
                points=points,
                submissions=submissions,
                pass_rate=sum(score >= points - 1e-9 for score in scores) / submissions,
                mean_score=sum(scores) / submissions,
                mistakes=[(label, n / submissions) for label, n in most_frequent[:TOP_MISTAKES]],
            )
        )
    return summaries


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


# -- writing the report ---------------------------------------------------------------------------


def write_class_report(
    course_root: Path,
    outcomes: list[Outcome],
    cells: list[CellResult],
    flags: dict[tuple[str, str], list[str]] | None = None,
) -> tuple[Path, Path]:
    """Write ``class_report.html``, ``class_report.csv`` and ``class_report_students.csv`` into
    ``course_root``; return the first two. ``flags``: (student, chapter) -> reasons for review
    (default: the outcomes' own ``flags``)."""
    course_root = Path(course_root)
    course_root.mkdir(parents=True, exist_ok=True)
    outcomes = sorted(outcomes, key=lambda o: (o.student, o.chapter, o.status, o.reason))
    if flags is None:
        flags = {(o.student, o.chapter): o.flags for o in outcomes if o.flags}
    summaries = summarise_exercises(outcomes, cells)
    html_path, csv_path = (
        course_root / coursedir.CLASS_REPORT_HTML,
        course_root / coursedir.CLASS_REPORT_CSV,
    )
    _write_csv(csv_path, summaries)
    _write_students_csv(course_root / coursedir.CLASS_REPORT_STUDENTS, outcomes, flags)
    html_path.write_text(_render_html(outcomes, summaries, flags), encoding="utf-8")
    return html_path, csv_path


def _write_csv(path: Path, summaries: list[ExerciseSummary]) -> None:
    rows = [
        [
            s.chapter,
            s.exercise,
            s.points,
            s.submissions,
            round(s.pass_rate, 2),
            round(s.mean_score, 2),
            "; ".join(f"{_percent(share)} {label}" for label, share in s.mistakes),
        ]
        for s in summaries
    ]
    csvsafe.write(path, CSV_FIELDS, rows)


def _student_rows(outcomes: list[Outcome], flags: dict[tuple[str, str], list[str]]) -> list[list]:
    """The per-student table: one row per outcome, as STUDENT_FIELDS."""
    return [
        [
            o.student,
            o.chapter,
            o.status,
            f"{o.score:g}",
            f"{o.max_score:g}",
            f"{o.late_penalty:g}",
            "; ".join(flags.get((o.student, o.chapter), [])),
            "; ".join(filter(None, [o.reason, o.late_note])),
        ]
        for o in outcomes
    ]


def _write_students_csv(path: Path, outcomes, flags) -> None:
    rows = [  # the page's rows, with numbers as numbers
        [*row[:3], o.score, o.max_score, o.late_penalty, *row[6:]]
        for o, row in zip(outcomes, _student_rows(outcomes, flags), strict=True)
    ]
    csvsafe.write(path, STUDENT_FIELDS, rows)


class _Html(str):
    """Markup built here from escaped parts: table cells holding it are not escaped again."""


def _cell(value, tag: str = "td") -> str:
    text = value if isinstance(value, _Html) else html.escape(str(value))
    return f"<{tag}>{text}</{tag}>"


def _table(table_id: str, header: list[str], rows: list[list]) -> str:
    head = "".join(_cell(h, "th") for h in header)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>\n" for row in rows)
    return (
        f'<table id="{table_id}">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}</tbody>\n</table>"
    )


def _list(items: list[str]) -> _Html:
    return _Html("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")


def _render_html(
    outcomes: list[Outcome],
    summaries: list[ExerciseSummary],
    flags: dict[tuple[str, str], list[str]],
) -> str:
    students = sorted({o.student for o in outcomes})
    graded = [o for o in outcomes if o.scored]
    parts = [
        "<h1>How Neural Networks Learn: class report</h1>",
        f"<p>Students: {len(students)}. Submissions graded: {len(graded)} of {len(outcomes)}.</p>",
        "<h2>Submissions by status</h2>",
        _status_table(outcomes),
        "<h2>Score distribution</h2>",
        _histograms(graded),
        "<h2>Exercises</h2>",
        _exercise_table(summaries),
        "<h2>Flagged for manual review</h2>",
        _flagged_section(outcomes, flags),
        "<h2>Not graded</h2>",
        _ungraded_section(outcomes),
        "<h2>Students</h2>",
        _students_section(outcomes, flags),
    ]
    return _PAGE.format(body="\n".join(parts), csp=CSP_META)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
{csp}
<title>Class report: How Neural Networks Learn</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }}
td ul {{ margin: 0; padding-left: 1.2em; }}
img {{ max-width: 100%; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _status_table(outcomes: list[Outcome]) -> str:
    statuses = list(STATUSES) + sorted({o.status for o in outcomes} - set(STATUSES))
    counts = Counter((o.chapter, o.status) for o in outcomes)
    chapters = sorted({o.chapter for o in outcomes})
    rows = [
        [
            chapter,
            *(counts[(chapter, s)] for s in statuses),
            sum(counts[(chapter, s)] for s in statuses),
        ]
        for chapter in chapters
    ]
    totals = Counter(o.status for o in outcomes)
    rows.append(["all chapters", *(totals[s] for s in statuses), len(outcomes)])
    return _table("status", ["chapter", *statuses, "total"], rows)


def _histograms(graded: list[Outcome]) -> str:
    if not graded:
        return "<p>No graded submissions.</p>"
    figures = []
    for chapter in sorted({o.chapter for o in graded}):
        chapter_outcomes = [o for o in graded if o.chapter == chapter]
        percents = np.array(
            [100 * o.score / o.max_score if o.max_score else 0.0 for o in chapter_outcomes]
        )
        png = base64.b64encode(_histogram_png(chapter, percents)).decode("ascii")
        alt = _histogram_alt(chapter, percents, max(o.max_score for o in chapter_outcomes))
        figures.append(
            f'<figure><img src="data:image/png;base64,{png}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(alt)}</figcaption></figure>"
        )
    return "\n".join(figures)


def _histogram_png(chapter: str, percents: np.ndarray) -> bytes:
    fig = Figure(figsize=(6, 3), dpi=96)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.hist(percents, bins=HISTOGRAM_BINS, color="#4c72b0", edgecolor="white")
    ax.set_title(f"{chapter}: graded submissions (n = {len(percents)})")
    ax.set_xlabel("score (% of the maximum)")
    ax.set_ylabel("submissions")
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _histogram_alt(chapter: str, percents: np.ndarray, max_score: float) -> str:
    counts, edges = np.histogram(percents, bins=HISTOGRAM_BINS)
    bins = [
        f"{n} in {lo:.0f}-{hi:.0f}%"
        for n, lo, hi in zip(counts, edges[:-1], edges[1:], strict=True)
        if n
    ]
    return (
        f"Histogram of the scores of the graded submissions of {chapter} (n = {len(percents)}) "
        f"as % of the maximum of {max_score:g} points: {', '.join(bins)}."
    )


def _exercise_table(summaries: list[ExerciseSummary]) -> str:
    if not summaries:
        return "<p>No graded test cells.</p>"
    rows = [
        [
            s.chapter,
            s.exercise,
            f"{s.points:g}",
            s.submissions,
            _percent(s.pass_rate),
            f"{s.mean_score:.2f}",
            _list([f"{_percent(share)} {label} in {s.exercise}" for label, share in s.mistakes])
            if s.mistakes
            else "none",
        ]
        for s in summaries
    ]
    header = [
        "chapter",
        "exercise",
        "points",
        "graded submissions",
        "passed",
        "mean score",
        "most frequent mistakes",
    ]
    return (
        "<p>Passed: full points on every test cell of the exercise. A mistake's percentage "
        "counts the chapter's graded submissions whose failed cells of that exercise show it.</p>\n"
        + _table("exercises", header, rows)
    )


def _result(outcome: Outcome | None) -> str:
    if outcome is None:
        return "no outcome"
    if outcome.scored:
        return f"{outcome.status} {outcome.score:g}/{outcome.max_score:g}"
    return outcome.status


def _flagged_section(outcomes: list[Outcome], flags: dict[tuple[str, str], list[str]]) -> str:
    note = (
        "<p>Flags are for manual review only: a static scan found something worth a look, or "
        "the instructor's cells of the notebook had been changed (and were graded as released). "
        "They did not change any score. Formgrader shows the same submissions as flagged.</p>"
    )
    if not flags:
        return note + "\n<p>No submission was flagged.</p>"
    by_key = {(o.student, o.chapter): o for o in outcomes}
    rows = [
        [student, chapter, _result(by_key.get((student, chapter))), _list(reasons)]
        for (student, chapter), reasons in sorted(flags.items())
    ]
    return note + "\n" + _table("flagged", ["student", "chapter", "result", "reasons"], rows)


def _ungraded_section(outcomes: list[Outcome]) -> str:
    ungraded = [o for o in outcomes if not o.scored]
    if not ungraded:
        return "<p>Every submission was graded.</p>"
    rows = [[o.student, o.chapter, o.status, o.reason] for o in ungraded]
    return _table("ungraded", ["student", "chapter", "status", "reason"], rows)


def _students_section(outcomes: list[Outcome], flags: dict[tuple[str, str], list[str]]) -> str:
    if not outcomes:
        return "<p>No submissions.</p>"
    rows = [
        [*row[:6], _list(flags[(o.student, o.chapter)]) if row[6] else "", row[7]]
        for o, row in zip(outcomes, _student_rows(outcomes, flags), strict=True)
    ]
    header = ["student", "chapter", "status", "score", "max", "late penalty", "flags", "reason"]
    return (
        "<p>Every student and chapter of the course (also in class_report_students.csv); the "
        "score is after the late penalty.</p>\n" + _table("students", header, rows)
    )
