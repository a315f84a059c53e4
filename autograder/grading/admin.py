"""Course administration around a grading run: the roster, due dates and the late policy, which
students to grade again, and the exports for the LMS.

:func:`autograder.grading.run.grade` calls an :class:`Admin` at five points: :meth:`~Admin.check`
before anything is created (a missing or empty download, a bad roster or ``--student`` are
refused there, and no course directory is made), :meth:`~Admin.select` after intake
(``--student``), :meth:`~Admin.record` once the gradebook exists (the roster's names and emails,
the due dates, the policy kept in the course), :meth:`~Admin.penalise` after grading (the late
policy, applied by the client to every submission of the chapters graded, reused ones too), and
:meth:`~Admin.export` after the reports (:mod:`autograder.report.exports`). With the defaults
(no roster, no due date, no ``--student``), a run is what it was without them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from autograder.intake import lms
from autograder.intake.roster import Roster
from autograder.outcome import Outcome
from autograder.pipeline.late import LatePolicy, to_gradebook

NO_DUE = "none"
"""``--due none``: the chapters graded have no due date any more."""

UNTIMED = "the download does not say when it was handed in: no late penalty"
"""The late note of a submission of a chapter with a due date whose hand-in time is unknown."""


class AdminError(ValueError):
    """A flag or a course file of the administration that cannot be used; the message says
    why."""


@dataclass
class Admin:
    roster_file: Path | None = None  # --roster (else the course's own roster, if it has one)
    due: dt.datetime | str | None = None  # --due (aware datetime, or NO_DUE); None: unchanged
    late_penalty: float | None = None  # --late-penalty, percent per started day
    grace: float | None = None  # --grace, seconds
    only: list[str] | None = None  # --student: grade only these students
    force: bool = False  # --force: grade again even what an earlier run recorded
    ignore_times: bool = False  # --ignore-times: a late policy without hand-in times is no error
    roster: Roster | None = field(default=None, init=False)
    policy: LatePolicy = field(default_factory=LatePolicy, init=False)
    warnings: list[str] = field(default_factory=list, init=False)
    errors: list[str] = field(default_factory=list, init=False)  # the run's exit status: 1

    def check(
        self, submissions: Path, course_root: Path, selected: list[str] | None
    ) -> lms.Download:
        """Refuse what cannot work before anything is written (raises ValueError); return the
        download, read once. ``selected``: the chapters of ``--chapter`` (None: all)."""
        if self.due is not None and not selected:
            raise AdminError(
                "--due sets the due date of the chapters graded: name them with --chapter "
                "(--chapter 04_backpropagation --due ...), so that a date meant for one chapter "
                "is never given to all"
            )
        self.load(course_root)
        download = lms.read(submissions, self.roster)
        unknown = sorted(set(self.only or []) - set(download.students))
        if unknown:
            raise AdminError(
                f"--student {', '.join(unknown)}: no such student in {submissions}"
                + (" or the roster" if self.roster else "")
            )
        return download

    def load(self, course_root: Path) -> None:
        """The roster (``--roster``, else the course's) and the late policy (the course's, with
        the flags given)."""
        course_root = Path(course_root)
        if self.roster_file is not None:
            self.roster, self.warnings = Roster.read(self.roster_file)
        else:
            self.roster = Roster.load(course_root)
        try:
            self.policy = LatePolicy.load(course_root).updated(
                penalty_per_day=self.late_penalty, grace=self.grace
            )
        except ValueError as err:
            raise AdminError(str(err)) from None

    def select(self, found: dict, outcomes: list[Outcome], students: list[str]):
        """Only the students of ``--student`` (all without it)."""
        if not self.only:
            return found, outcomes, students
        only = set(self.only)
        return (
            {key: sub for key, sub in found.items() if key[0] in only},
            [o for o in outcomes if o.student in only],
            [s for s in students if s in only],
        )

    def record(self, writer, course_root: Path, selected: list[str], students, found) -> None:
        """The roster, the due dates and the policy into the course; the students' details
        (names, emails, Canvas user ids) into the gradebook."""
        from autograder.report.exports import lms_user_ids, remember

        if self.roster_file is not None and self.roster is not None:
            self.roster.save(course_root)
        self.policy.save(course_root)
        details = {s: {"lms_user_id": uid} for s, uid in lms_user_ids(found).items()}
        if self.roster is not None:
            for student in students:
                if student in self.roster:
                    details.setdefault(student, {}).update(self.roster[student].gradebook_fields())
        writer.create_students(students, details)
        if self.due is not None:
            writer.set_due(selected, None if self.due == NO_DUE else to_gradebook(self.due))
        remember(course_root, found)

    def penalise(self, writer, outcomes: list[Outcome], selected: list[str]) -> None:
        """The late policy on every submission of ``selected``; the scored outcomes of them get
        their final score (nbgrader's: raw score - penalty), the penalty and what the policy
        did (``late_note``)."""
        extensions = None
        if self.roster is not None:
            extensions = {s: e.extension_delta for s, e in self.roster.students.items()}
        applied = writer.apply_late_policy(self.policy, selected, extensions)
        undated = sorted({chapter for (_, chapter), late in applied.items() if not late["due"]})
        if undated and (self.late_penalty or self.grace):  # given now, for nothing
            self.warnings.append(
                f"no due date for {', '.join(undated)} (give --due with --chapter): the late "
                "policy is kept in the course but penalises nothing there"
            )
        for o in outcomes:
            late = applied.get((o.student, o.chapter))
            if not o.scored or late is None:
                continue
            o.score = max(0.0, late["score"] - late["penalty"])
            o.late_penalty, o.late_note = late["penalty"], ""
            if not late["due"]:
                continue
            if not late["timestamp"]:
                o.late_note = UNTIMED
            else:
                o.late_note = self.policy.explain(late["score"], late["late"])

    def untimed(self, outcomes: list[Outcome]) -> None:
        """Say that the late policy could not apply to ``outcomes`` (this run's) whose hand-in
        time is unknown: an error (the run exits non-zero) unless ``--ignore-times``."""
        untimed = [o for o in outcomes if o.late_note == UNTIMED]
        if not untimed:
            return
        who = ", ".join(f"{o.student} {o.chapter}" for o in untimed[:5])
        more = f" and {len(untimed) - 5} more" if len(untimed) > 5 else ""
        line = (
            f"the late policy could not apply to {len(untimed)} submission(s) ({who}{more}): "
            "the download does not say when they were handed in (a Canvas or Moodle download "
            "does not carry it), so they were graded without a late penalty. "
        )
        if self.ignore_times:
            self.warnings.append(line + "--ignore-times: accepted")
        else:
            self.errors.append(
                line + "Grade a download that carries the times (nbgrader's "
                "<student>/<chapter>/timestamp.txt), or add --ignore-times to accept this"
            )

    def export(self, course_root: Path, db_url: str) -> list[Path]:
        from autograder.report.exports import write

        return write(course_root, db_url, Roster.load(course_root))
