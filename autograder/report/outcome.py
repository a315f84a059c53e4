"""What became of one (student, chapter): the row of ``report.csv``.

graded      nbgrader autograded it; score / max_score from the gradebook
missing     the student handed in no notebook for this chapter
invalid     the file is not a readable notebook (the reason says why); scored 0
failed      it could not be graded (the reason says why); scored 0
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("graded", "missing", "invalid", "failed")


@dataclass
class Outcome:
    student: str
    chapter: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    reason: str = ""
