"""Intake: the notebooks of a submissions folder, matched to students and chapters, checked.

Submissions folder (what an LMS download or ``nbgrader collect`` gives)::

    SUBMISSIONS/<student>/<chapter>.ipynb              or
    SUBMISSIONS/<student>/<chapter>/<chapter>.ipynb    (nbgrader's submitted/ layout)

or a Canvas or Moodle download, flat or zipped (the layouts: :mod:`autograder.intake.lms`).
A notebook under another name is matched to its chapter by its nbgrader cell ids. Nothing in
SUBMISSIONS is ever modified. A file that names no chapter becomes an
``invalid`` :class:`~autograder.outcome.Outcome` here; of several notebooks for one
chapter, one is graded (:func:`choose`) and the others are named in its reason. The rest are
:class:`Submission` s, whose nbgrader metadata is then restored from the release
(:func:`restore_nbgrader_metadata`, which lists the tampering it undid) before they are graded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder.chapters import Chapter, names
from autograder.coursedir import timestamp_of
from autograder.intake import archive, lms
from autograder.outcome import Outcome


@dataclass
class Submission:
    student: str
    chapter: str
    path: Path
    note: str = ""
    flags: list[str] = field(default_factory=list)
    timestamp: str | None = None  # hand-in time from the download ("": unknown; None: mtime)
    lms: dict = field(default_factory=dict)  # the LMS's ids of the file (lms.Handed.lms)
    original: str = ""  # its name as handed in, printable (lms.Handed.original)


SAVE_AGAIN = (
    "Open it in JupyterLab: if it opens, save it (File > Save Notebook) and hand in that "
    "file again. If it does not, download the chapter's notebook again, copy your answers "
    "into it, save it, and hand it in."
)
ADVICE = {
    "size": "Clear the outputs before you hand it in (in JupyterLab: Kernel > Restart Kernel "
    "and Clear Outputs of All Cells), save it, and hand it in again. Large printed arrays or "
    "many figures make a notebook big.",
    "damaged": "The file is not a notebook Jupyter can open: it may have been cut off while it "
    "was uploaded, saved by another program, or be another file renamed to .ipynb. " + SAVE_AGAIN,
    "not a notebook": "The file is JSON, but not a Jupyter notebook (or a damaged one). Hand in "
    "the .ipynb file JupyterLab saves, not an export or a copy edited by hand. " + SAVE_AGAIN,
}


class NotANotebook(ValueError):
    """A file that cannot be graded as a notebook: the message says what is wrong, ``advice``
    what the student can do about it."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.advice = ADVICE[kind]


def read_notebook(path: Path):
    """Read and validate a notebook; raise :class:`NotANotebook` (a ValueError) with a message
    an instructor can act on and advice for the student."""
    size = path.stat().st_size
    if size > archive.MAX_NOTEBOOK_BYTES:
        raise NotANotebook(
            f"the file is {size / 1024**2:.0f} MB, more than the "
            f"{archive.MAX_NOTEBOOK_BYTES // 1024**2} MB a notebook may have (clear its outputs)",
            "size",
        )
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("not a text file (is it really a .ipynb notebook?)", "damaged") from None
    if not raw.strip():
        raise NotANotebook("the file is empty", "damaged")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise NotANotebook(
            f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})", "damaged"
        ) from None
    except RecursionError:
        raise NotANotebook("its JSON nests too deeply to be a notebook", "not a notebook") from None
    if not isinstance(data, dict) or "cells" not in data:
        raise NotANotebook("valid JSON but not a notebook (no 'cells')", "not a notebook")
    import nbformat  # here, not above: a refused command answers before nbformat loads

    try:
        nb = nbformat.reads(raw, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # nbformat raises several kinds
        first = (str(err).splitlines() or [type(err).__name__])[0][:300]
        raise NotANotebook(f"not a valid notebook: {first}", "not a notebook") from None
    try:
        nbformat.writes(nb).encode("utf-8")
    except UnicodeEncodeError as err:  # a lone surrogate escape ("\ud800"): no text is that
        raise NotANotebook(
            f"it holds a character no text can hold ({err.object[err.start]!r}, a lone "
            "surrogate escape)",
            "damaged",
        ) from None
    return nb


def grade_id(cell) -> str | None:
    """A cell's nbgrader grade id; None for a cell that has none, or metadata of the wrong
    type (a student's edit: nbgrader metadata that is not a dict, an id that is not a str)."""
    meta = cell.get("metadata", {}).get("nbgrader")
    found = meta.get("grade_id") if isinstance(meta, dict) else None
    return found if isinstance(found, str) else None


def find_submissions(
    submissions: Path, chapters: list[str], roster=None
) -> tuple[dict[tuple[str, str], Submission], list[Outcome]]:
    """Map (student, chapter) to a notebook; problems found on the way become outcomes.

    ``submissions``: a folder or a zip (:mod:`~autograder.intake.lms`); ``roster``: a
    :class:`~autograder.intake.roster.Roster` to name the students by. Notebooks of the
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
    candidates: dict[tuple[str, str], list[tuple[lms.Handed, str]]] = {}
    for handed in download.files:
        chapter, note = (handed.stem, "") if handed.stem in ids else (None, "")
        if chapter is None:
            chapter, note = _identify(handed.path, ids)
        if chapter is None:
            problems.append(
                Outcome(handed.student, "?", "invalid", reason=f"{handed.original}: {note}")
            )
        elif chapter in chapters:
            candidates.setdefault((handed.student, chapter), []).append((handed, note))
    for key, handed_in in sorted(candidates.items()):
        chosen, why = choose(key[1], handed_in)
        found[key] = _submission(chosen[0], key[1], "; ".join(filter(None, [chosen[1], why])))
    return found, problems


def choose(chapter: str, handed_in: list[tuple[lms.Handed, str]]):
    """The notebook graded when a student handed in several for one chapter, and why.

    ``handed_in``: (file, intake's note). The order of preference: a readable notebook before
    one that is not; a file named as the release (``<chapter>.ipynb``, Canvas's ``-1`` copies
    included) before a misnamed one matched by its cell ids; then the latest handed in (the
    download's hand-in time, else the file's modification time); then the last by name.
    Returns ((file, note), "" or the reason naming the files not graded)."""
    if len(handed_in) == 1:
        return handed_in[0], ""

    ranks = {
        id(item): (
            _readable(item[0].path),
            not item[1],  # intake notes "misnamed" for a file matched by its cell ids
            item[0].timestamp or timestamp_of(item[0].path),
            item[0].original,
        )
        for item in handed_in
    }
    ordered = sorted(handed_in, key=lambda item: ranks[id(item)], reverse=True)
    best, others = ordered[0], ordered[1:]
    first, second = ranks[id(best)], ranks[id(others[0])]
    if not first[0]:
        why = "none is a readable notebook"
    elif first[0] != second[0]:
        why = "the only readable notebook"
    elif first[1] != second[1]:
        why = f"the one named {chapter}.ipynb"
    elif first[2] != second[2]:
        why = "the latest handed in"
    else:
        why = "handed in at the same time: the last by name"
    originals = [item[0].original for item in handed_in]
    same_name = len(set(originals)) < len(originals)

    def shown(item) -> str:  # two of one name: with the folder each is in
        handed = item[0]
        folder = lms.shown(handed.path.parent.name)
        return f"{folder}/{handed.original}" if same_name else handed.original

    return best, (
        f"{len(handed_in)} notebooks for {chapter}: graded {shown(best)} ({why}); "
        f"not graded: {', '.join(shown(o) for o in others)}"
    )


def _readable(path: Path) -> bool:
    try:
        read_notebook(path)
    except ValueError:
        return False
    return True


def _submission(handed: lms.Handed, chapter: str, note: str) -> Submission:
    return Submission(
        handed.student,
        chapter,
        handed.path,
        "; ".join(filter(None, [note, handed.note])),
        timestamp=handed.timestamp,
        lms=handed.lms,
        original=handed.original,
    )


def _identify(path: Path, ids: dict[str, set[str]]) -> tuple[str | None, str]:
    """Which chapter a misnamed notebook belongs to, by the nbgrader ids of its cells."""
    try:
        nb = read_notebook(path)
    except ValueError as err:
        return None, f"unrecognised file name and {err}"
    present = {grade_id(c) for c in nb.cells} - {None}
    best = max(ids, key=lambda ch: len(ids[ch] & present), default=None)
    if best is None or not ids[best] & present:
        return None, "file name matches no chapter and its cells match none either"
    return best, f"misnamed: graded as {best}.ipynb (matched by its cell ids)"
