"""The course's tables after grading: ``report.csv`` (ours) and ``grades.csv`` (nbgrader's)."""

from __future__ import annotations

import csv
from pathlib import Path

from autograder import coursedir
from autograder.outcome import Outcome

REPORT_FIELDS = ["student", "chapter", "status", "score", "max_score", "seconds", "reason"]


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """One row per student and chapter: status, score (after the late penalty), seconds, and
    the reason: what happened, the flags for review (tampering, the scan), the late policy."""
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for o in outcomes:
            row = {name: getattr(o, name) for name in REPORT_FIELDS}
            row["seconds"] = f"{o.seconds:.2f}"
            row["reason"] = o.full_reason
            writer.writerow(row)


def export_grades(db_url: str, path: Path) -> None:
    """nbgrader's own CSV export (one row per student and assignment)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(to=str(path))
    with Gradebook(db_url, coursedir.COURSE_ID) as gb:
        plugin.export(gb)
