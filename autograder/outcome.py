"""What became of one (student, chapter): the row of ``report.csv``.

graded      nbgrader autograded it in this run (or an earlier one, for a row kept from it);
            score / max_score from the gradebook (after the late penalty)
unchanged   an earlier run graded this very file with these settings: its grade is reused,
            with the seconds that grading took
missing     the student handed in no notebook for this chapter
invalid     the file is not a readable notebook (the reason says why); scored 0
failed      it could not be graded for a reason of the grader's (the reason says why); scored 0
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("graded", "unchanged", "missing", "invalid", "failed")
SCORED = ("graded", "unchanged")
"""The statuses with a grade in the gradebook."""


@dataclass
class Outcome:
    student: str
    chapter: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    reason: str = ""
    flags: list[str] = field(default_factory=list)  # for manual review (tampering, the scan)
    late_penalty: float = 0.0  # points nbgrader's late policy took off the score
    late_note: str = ""  # what the late policy did, for the reason

    @property
    def scored(self) -> bool:
        return self.status in SCORED

    @property
    def full_reason(self) -> str:
        """The reason of report.csv: what happened, the flags, the late policy."""
        flagged = f"flagged for review: {'; '.join(self.flags)}" if self.flags else ""
        return "; ".join(filter(None, [self.reason, flagged, self.late_note]))
