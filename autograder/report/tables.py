"""The course's tables after grading: ``report.csv`` (ours) and ``grades.csv`` (nbgrader's)."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path

from autograder.report.outcome import Outcome

REPORT_FIELDS = ["student", "chapter", "status", "score", "max_score", "seconds", "reason"]


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """One row per student and chapter: status, score, seconds, reason."""
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for o in outcomes:
            row = asdict(o)
            row["seconds"] = f"{o.seconds:.2f}"
            writer.writerow(row)


def export_grades(db_url: str, path: Path) -> None:
    """nbgrader's own CSV export (one row per student and assignment)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    from autograder.pipeline.course import COURSE_ID

    plugin = CsvExportPlugin(to=str(path))
    with Gradebook(db_url, COURSE_ID) as gb:
        plugin.export(gb)
