"""Intake: the notebooks of a submissions folder, matched to students and chapters, checked.

Submissions folder (what an LMS download or ``nbgrader collect`` gives)::

    SUBMISSIONS/<student>/<chapter>.ipynb              or
    SUBMISSIONS/<student>/<chapter>/<chapter>.ipynb    (nbgrader's submitted/ layout)

or a Canvas or Moodle download, flat or zipped (the layouts: :mod:`autograder.grading.lms`).
A notebook under another name is matched to its chapter by its nbgrader cell ids. Nothing in
SUBMISSIONS is ever modified. A notebook that cannot be read, or a second notebook for one
chapter, becomes an ``invalid`` :class:`~autograder.report.outcome.Outcome` here; the rest are
:class:`Submission` s, whose nbgrader metadata is then restored from the release
(:func:`restore_nbgrader_metadata`) before they are graded.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.chapters import Chapter, names
from autograder.grading import lms
from autograder.report.outcome import Outcome


@dataclass
class Submission:
    student: str
    chapter: str
    path: Path
    note: str = ""
    flags: list[str] = field(default_factory=list)
    timestamp: str | None = None  # hand-in time from the download ("": unknown; None: mtime)
    lms: dict = field(default_factory=dict)  # the LMS's ids of the file (lms.Handed.lms)


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


def find_submissions(
    submissions: Path, chapters: list[str], roster=None
) -> tuple[dict[tuple[str, str], Submission], list[Outcome]]:
    """Map (student, chapter) to a notebook; problems found on the way become outcomes.

    ``submissions``: a folder or a zip (:mod:`~autograder.grading.lms`); ``roster``: a
    :class:`~autograder.grading.roster.Roster` to name the students by. Notebooks of the
    course's other chapters (when only some are graded) are left alone.
    """
    return submissions_in(lms.read(submissions, roster), chapters)


def submissions_in(
    download: lms.Download, chapters: list[str]
) -> tuple[dict[tuple[str, str], Submission], list[Outcome]]:
    """:func:`find_submissions` of a download already read."""
    found: dict[tuple[str, str], Submission] = {}
    problems: list[Outcome] = []
    for p in download.problems:
        if p.folder:  # the student's rows say what came instead of a notebook
            reason = f"no notebook handed in ({p.reason})"
            problems += [Outcome(p.student, ch, "missing", reason=reason) for ch in chapters]
        else:
            problems.append(
                Outcome(p.student or "?", "?", "invalid", reason=f"{p.name}: {p.reason}")
            )
    ids = {ch: set(Chapter.of(ch).grade_ids) for ch in names()}
    by_student: dict[str, list[lms.Handed]] = {}
    for handed in download.files:
        by_student.setdefault(handed.student, []).append(handed)
    for student, handed_in in sorted(by_student.items()):
        unmatched = []
        for handed in handed_in:
            path = handed.path
            chapter = handed.stem if handed.stem in ids else None
            if chapter is None:
                unmatched.append(handed)
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
            found[(student, chapter)] = _submission(handed, chapter, "")
        for handed in unmatched:
            path = handed.path
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
                found[(student, chapter)] = _submission(handed, chapter, note)
    return found, problems


def _submission(handed: lms.Handed, chapter: str, note: str) -> Submission:
    return Submission(
        handed.student,
        chapter,
        handed.path,
        "; ".join(filter(None, [note, handed.note])),
        timestamp=handed.timestamp,
        lms=handed.lms,
    )


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


def restore_nbgrader_metadata(nb, release) -> str:
    """Give each nbgrader cell of a submission the metadata the released notebook gave it.

    nbgrader restores the code of test cells but refuses a whole notebook whose cell metadata
    was edited (a test cell marked as an answer) or copied (a duplicated grade id, easily made
    by copying a cell in JupyterLab). Here the first cell with a released grade id gets the
    released metadata back; a copy, or an id the release does not have, becomes a plain cell
    (the student's code). A test cell the student deleted is put back where the release had it
    (after the released cell before it), so that it is graded, not left to manual grading with
    its points lost. Returns a note for the report, "" if nothing changed.
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
    missing = _reinsert_deleted_tests(nb, release, seen)
    notes = []
    if missing:
        notes.append(
            f"test cell(s) {', '.join(missing)} deleted: put back from the release and graded"
        )
    if restored:
        notes.append(f"nbgrader metadata of {restored} cell(s) restored from the release")
    if dropped:
        notes.append(f"{dropped} copied or unknown nbgrader cell(s) graded as plain cells")
    return "; ".join(notes)


def _reinsert_deleted_tests(nb, release, present: set[str]) -> list[str]:
    """Insert a copy of every released test cell whose grade id is not in ``present`` (the ids
    ``nb`` has; the inserted ones are added); return the ids inserted."""

    def grade_id(cell):
        return cell.metadata.get("nbgrader", {}).get("grade_id")

    missing = []
    position = 0  # where the next released cell goes: after the last one found in nb
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader", {})
        if grade_id(cell) in present:
            position = 1 + next(i for i, c in enumerate(nb.cells) if grade_id(c) == grade_id(cell))
        elif meta.get("grade") and not meta.get("solution"):
            nb.cells.insert(position, nbformat.from_dict(copy.deepcopy(dict(cell))))
            position += 1
            present.add(grade_id(cell))
            missing.append(grade_id(cell))
    return missing
