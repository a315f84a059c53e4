"""The one writer of a course's gradebook: each task's result, merged in one transaction.

Workers grade in throw-away course directories and return plain data
(:class:`~autograder.grading.task.Result`); only the client writes the real course. For each
result, :meth:`Writer.record` writes nbgrader's files (``submitted/``, ``autograded/``,
``feedback/``), then the gradebook in one transaction (the student, the submission with its
timestamp, every test cell's score, every answer cell's comment: what nbgrader's autograde and
``SaveAutoGrades`` write, in SQLite or PostgreSQL), then the resume marker
``autograded/<student>/<chapter>/.nnl-graded`` (the fingerprint, then what the report needs: the
reason, the flags, the seconds grading took). The marker comes last: a run killed at any
moment leaves each submission recorded with its marker or not recorded, and a submission
without one is graded again from scratch by the next run (:meth:`Writer.reuse`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from autograder import coursedir
from autograder.grading.task import Result, Task, ignore_nbgrader_session_warning
from autograder.outcome import Outcome
from autograder.settings import Settings

MARKER = ".nnl-graded"
PAGE_PENALTY = ".nnl-page-penalty"
"""``autograded/<student>/<chapter>/.nnl-page-penalty``: the late penalty and its reason the
feedback page shows, when it shows one (a task's page is made before the penalty, which the
client alone knows: :func:`autograder.grading.run.show_penalties` makes the page again)."""


def fingerprint(notebook: str, source: str, settings: Settings, note: str) -> str:
    """What a grade depends on: the submission, the chapter's source, the grading settings."""
    digest = hashlib.sha256()
    for part in (notebook, source, json.dumps(settings.to_dict(), sort_keys=True), note):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def one_transaction(gb):
    """Run nbgrader's ``Gradebook`` methods as one transaction.

    They commit after every change; inside this block a commit only flushes (the changes stay in
    the open transaction), and the block commits once at its end, or rolls all back.
    """
    session = gb.db
    commit = session.commit
    session.commit = session.flush
    try:
        yield gb
    except BaseException:
        session.rollback()
        raise
    else:
        commit()
    finally:
        del session.commit


class Writer:
    """Records results into the course at ``course_root``; the only writer of its gradebook."""

    def __init__(self, course_root: Path, settings: Settings):
        self.root = Path(course_root)
        self.db_url = settings.gradebook_url(self.root)
        self._gb = None

    @contextlib.contextmanager
    def _gradebook(self):
        """nbgrader's ``Gradebook`` of the course, with a session of its own for this block.

        One is made at the first use and kept until :meth:`close`: nbgrader's ``Gradebook()``
        makes a database engine, reads the tables and creates any missing, and each new engine
        compiles every SQL statement again, which cost the client more CPU than the rows it
        writes, once per result. Each block still ends its session (its connection back to the
        engine's pool, nothing of its objects kept for the next)."""
        if self._gb is None:
            from nbgrader.api import Gradebook

            self._gb = Gradebook(self.db_url, coursedir.COURSE_ID)
        try:
            yield self._gb
        finally:
            self._gb.db.remove()

    def close(self) -> None:
        """Close the gradebook's connections (a later use opens it again)."""
        if self._gb is not None:
            self._gb.close()
            self._gb = None

    def _folder(self, step: str, task: Task | Result) -> Path:
        return coursedir.folder(self.root, step, task.chapter, task.student)

    def create_students(self, students: list[str], details: dict | None = None) -> None:
        """``details``: student -> nbgrader Student fields (names, email, lms_user_id)."""
        details = details or {}
        with self._gradebook() as gb, one_transaction(gb):
            for student in students:
                gb.update_or_create_student(student, **details.get(student, {}))

    def _marked_with(self, task: Task) -> str | None:
        """What the report needs, from the resume marker an earlier run left for this very task
        (its fingerprint), or None."""
        marker = self._folder(coursedir.AUTOGRADED, task) / MARKER
        saved = marker.read_text().split("\n", 1) if marker.is_file() else []
        return saved[1] if len(saved) == 2 and saved[0] == task.fingerprint else None

    def marked(self, task: Task) -> bool:
        """Whether an earlier run left the marker of this very task (its files only: the
        gradebook, which :meth:`reuse` asks too, is not opened)."""
        return self._marked_with(task) is not None

    def reuse(self, task: Task) -> Outcome | None:
        """The outcome an earlier run recorded for this very task, if it did: status
        ``unchanged``, with the reason, flags and seconds of the run that graded it."""
        saved = self._marked_with(task)
        if saved is None:
            return None
        try:
            recorded = json.loads(saved)
        except json.JSONDecodeError:
            recorded = None
        if not isinstance(recorded, dict):  # a marker of an earlier version: the reason alone
            recorded = {"reason": saved}
        try:
            with self._gradebook() as gb:
                submission = gb.find_submission(task.chapter, task.student)
                score, max_score = float(submission.score), float(submission.max_score)
        except Exception:  # noqa: BLE001 - not in the gradebook after all: grade it again
            return None
        # the same notebook, handed in again or read from another download: its time is this
        # download's (the late policy depends on it), not the earlier run's
        with self._gradebook() as gb, one_transaction(gb):
            self._hand_in_time(task, gb)
        return Outcome(
            task.student,
            task.chapter,
            "unchanged",
            score,
            max_score,
            float(recorded.get("seconds", 0.0)),
            str(recorded.get("reason", "")),
            [str(f) for f in recorded.get("flags", [])],
        )

    def record(self, task: Task, result: Result) -> Outcome:
        """Write ``result`` into the course; return its outcome (see the module's description)."""
        reason = "; ".join(filter(None, [task.note, result.reason]))
        if result.status != "graded":
            return Outcome(
                task.student,
                task.chapter,
                result.status,
                0.0,
                0.0,
                result.seconds,
                reason,
                list(task.flags),
            )
        submitted = self._folder(coursedir.SUBMITTED, task)
        submitted.mkdir(parents=True, exist_ok=True)
        (submitted / f"{task.chapter}.ipynb").write_text(task.notebook, encoding="utf-8")
        graded = self._folder(coursedir.AUTOGRADED, task)
        graded.mkdir(parents=True, exist_ok=True)
        (graded / MARKER).unlink(missing_ok=True)
        (graded / f"{task.chapter}.ipynb").write_text(result.graded_notebook, encoding="utf-8")
        (graded / PAGE_PENALTY).unlink(missing_ok=True)  # the task's page shows none
        if result.feedback:
            feedback = self._folder(coursedir.FEEDBACK, task)
            feedback.mkdir(parents=True, exist_ok=True)
            (feedback / f"{task.chapter}.html").write_text(result.feedback, encoding="utf-8")
        with self._gradebook() as gb:
            with one_transaction(gb):
                gb.update_or_create_student(task.student)
                self._hand_in_time(task, gb)
                notebook = gb.find_submission_notebook(task.chapter, task.chapter, task.student)
                scores = {cell.grade_id: cell.score for cell in result.cells}
                for grade in notebook.grades:
                    # as nbgrader's SaveAutoGrades: a cell with no autograder score, or one a
                    # grader scored by hand, needs a (new) look
                    grade.auto_score = scores.get(grade.name)
                    grade.needs_manual_grade = (
                        grade.manual_score is not None or grade.auto_score is None
                    )
                for comment in notebook.comments:
                    comment.auto_comment = result.comments.get(comment.name)
                # what Formgrader shows for review; a reused grade keeps what a grader set
                notebook.flagged = bool(task.flags)
            submission = gb.find_submission(task.chapter, task.student)
            score, max_score = float(submission.score), float(submission.max_score)
        recorded = {"reason": reason, "flags": task.flags, "seconds": result.seconds}
        (graded / MARKER).write_text(f"{task.fingerprint}\n{json.dumps(recorded)}")
        return Outcome(
            task.student,
            task.chapter,
            "graded",
            score,
            max_score,
            result.seconds,
            reason,
            list(task.flags),
        )

    def _hand_in_time(self, task: Task, gb) -> None:
        """The task's hand-in time into ``submitted/.../timestamp.txt`` and the gradebook
        ``gb``; ``""``: the download does not say when."""
        submitted = self._folder(coursedir.SUBMITTED, task)
        submitted.mkdir(parents=True, exist_ok=True)
        (submitted / coursedir.TIMESTAMP).unlink(missing_ok=True)
        if task.timestamp:
            (submitted / coursedir.TIMESTAMP).write_text(task.timestamp)
        ignore_nbgrader_session_warning()
        gb.update_or_create_submission(task.chapter, task.student, timestamp=task.timestamp or None)

    def set_due(self, chapters: list[str], due) -> None:
        """The due date of ``chapters`` (naive UTC, nbgrader's convention; None: none)."""
        with self._gradebook() as gb, one_transaction(gb):
            for chapter in chapters:
                gb.update_or_create_assignment(chapter, duedate=due)

    def apply_late_policy(self, policy, chapters: list[str], extensions: dict | None) -> dict:
        """nbgrader's late penalty of every submission of ``chapters``, by ``policy``
        (:mod:`autograder.pipeline.late`), in one transaction. ``extensions``: student ->
        timedelta or None, from the roster (None: no roster; nbgrader's extensions are kept).
        Returns (student, chapter) -> what was applied: seconds ``late``, the raw ``score``, the
        ``penalty``, whether the assignment has a ``due`` date and the submission a
        ``timestamp``."""
        from autograder.pipeline.late_plugin import DailyPenalty

        plugin = DailyPenalty(penalty_per_day=policy.penalty_per_day, grace_period=policy.grace)
        applied = {}
        with self._gradebook() as gb, one_transaction(gb):
            for chapter in chapters:
                for submission in gb.find_assignment(chapter).submissions:
                    student = submission.student.id
                    if extensions is not None:
                        submission.extension = extensions.get(student)
                    due = submission.assignment.duedate is not None
                    # (nbgrader's total_seconds_late fails with an extension and no due date)
                    late = submission.total_seconds_late if due else 0.0
                    penalty = 0.0
                    for notebook in submission.notebooks:
                        score = float(notebook.score)
                        cut = plugin.late_submission_penalty(student, score, late) if late else 0
                        notebook.late_submission_penalty = min(max(cut, 0.0), score) or None
                        penalty += notebook.late_submission_penalty or 0.0
                    applied[(student, chapter)] = {
                        "late": late,
                        "score": float(submission.score),
                        "penalty": penalty,
                        "due": due,
                        "timestamp": submission.timestamp is not None,
                    }
        return applied

    def max_score(self, chapter: str) -> float:
        with self._gradebook() as gb:
            return float(gb.find_assignment(chapter).max_score)
