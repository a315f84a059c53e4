"""Restore: undo a student's tampering with the nbgrader cells of a submission.

A submission's nbgrader metadata is restored from the chapter's release before it is graded
(:func:`restore_nbgrader_metadata`, which lists the tampering it undid, one sentence each, for
nbgrader's ``flagged`` and the report).
"""

from __future__ import annotations

import copy

from autograder.intake.submissions import grade_id


def restore_nbgrader_metadata(nb, release) -> list[str]:
    """Give each nbgrader cell of a submission the metadata the released notebook gave it, and
    list the tampering found, one sentence each (for nbgrader's ``flagged`` and the report).

    nbgrader restores the code of test cells but refuses a whole notebook whose cell metadata
    was edited (a test cell marked as an answer) or copied (a duplicated grade id, easily made
    by copying a cell in JupyterLab). Here the first cell with a released grade id gets the
    released metadata back; a copy, or an id the release does not have, becomes a plain cell
    (the student's code). A test cell the student deleted is put back where the release had it
    (after the released cell before it), so that it is graded, not left to manual grading with
    its points lost. A cell of another type than the release's (a test cell turned into
    Markdown) is made a cell of the released type again (a test cell with its released code). A
    test cell whose code was edited or emptied is listed too (nbgrader grades the released
    code). ``[]``: nothing was changed.
    """
    import nbformat  # here, not above: a refused command answers before nbformat loads

    released = {
        c.metadata["nbgrader"]["grade_id"]: c
        for c in release.cells
        if "grade_id" in c.metadata.get("nbgrader", {})
    }
    seen, found = set(), []
    for index, cell in enumerate(nb.cells):
        if "nbgrader" not in cell.metadata:
            continue
        meta = cell.metadata["nbgrader"]
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(gid, str) or gid not in released or gid in seen:
            del cell.metadata["nbgrader"]
            found.append(
                f"cell {gid} duplicated: the copy graded as a plain cell"
                if isinstance(gid, str) and gid in seen
                else f"nbgrader cell {_shown(gid)} unknown to the release: graded as a plain cell"
            )
            continue
        seen.add(gid)
        original = released[gid]
        if cell.cell_type != original.cell_type:  # a test cell turned into Markdown, say
            kind = "test" if _is_test(original) else "nbgrader"
            found.append(
                f"{kind} cell {gid} turned into a {cell.cell_type} cell: restored as "
                f"a {original.cell_type} cell"
            )
            source = original.source if _is_test(original) else cell.source
            cell = nb.cells[index] = _released_type(original, source, cell.get("id"))
            meta = cell.metadata["nbgrader"]
        if meta != original.metadata["nbgrader"]:
            found.append(_metadata_change(gid, meta, original.metadata["nbgrader"]))
            cell.metadata["nbgrader"] = nbformat.from_dict(dict(original.metadata["nbgrader"]))
        if _is_test(original) and cell.source != original.source:
            what = "emptied" if not cell.source.strip() else "edited"
            found.append(f"test cell {gid} {what}: graded as released")
    missing = _reinsert_deleted_tests(nb, release, seen)
    found += [f"test cell {gid} deleted: put back from the release and graded" for gid in missing]
    return found


def _shown(value) -> str:
    """A student's grade id for a message: short, whatever its type."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _released_type(original, source: str, cell_id: str | None):
    """A copy of the released cell ``original`` (its type, its metadata) holding ``source``,
    with the cell id ``cell_id`` (None: the release's)."""
    import nbformat

    cell = nbformat.from_dict(copy.deepcopy(dict(original)))
    cell.source = source
    if cell_id is not None:
        cell.id = cell_id
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def _is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _metadata_change(grade_id: str, meta: dict, released: dict) -> str:
    """What an edit of a cell's nbgrader metadata did, in words."""
    changes = []
    if meta.get("points") != released.get("points"):
        changes.append(f"points changed from {released.get('points')} to {meta.get('points')}")
    if bool(meta.get("solution")) != bool(released.get("solution")):
        kind = "an answer cell" if meta.get("solution") else "not an answer cell"
        changes.append(f"re-marked as {kind}")
    if bool(meta.get("grade")) != bool(released.get("grade")):
        changes.append("re-marked as " + ("graded" if meta.get("grade") else "not graded"))
    if bool(meta.get("locked")) != bool(released.get("locked")):
        changes.append("unlocked" if released.get("locked") else "locked")
    what = ", ".join(changes) or "nbgrader metadata changed"
    return f"cell {grade_id}: {what}; restored from the release"


def _reinsert_deleted_tests(nb, release, present: set[str]) -> list[str]:
    """Insert a copy of every released test cell whose grade id is not in ``present`` (the ids
    ``nb`` has; the inserted ones are added); return the ids inserted."""
    import nbformat

    missing = []
    position = 0  # where the next released cell goes: after the last one found in nb
    for cell in release.cells:
        if grade_id(cell) in present:
            position = 1 + next(i for i, c in enumerate(nb.cells) if grade_id(c) == grade_id(cell))
        elif _is_test(cell):
            nb.cells.insert(position, nbformat.from_dict(copy.deepcopy(dict(cell))))
            position += 1
            present.add(grade_id(cell))
            missing.append(grade_id(cell))
    return missing
