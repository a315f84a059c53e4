"""Hostile input at intake: each case costs only the student whose input it is (issue 22, 3-4).

Every case here stopped the whole class before (a traceback, or a silent wrong outcome); each
test builds the input by hand and reads it the way a grading run does (``lms.read``,
``find_submissions``, ``read_notebook``, the roster, the feedback zips). No notebook is graded
here (tests/test_hostile_grading.py grades a class with hostile members end to end).
"""

import datetime as dt
import json
import os
import zipfile
from pathlib import Path

import nbformat
import pytest
from support.nbutil import CHAPTERS, grade_id

from autograder.intake import archive, lms, submissions
from autograder.intake.restore import restore_nbgrader_metadata
from autograder.intake.roster import Roster, RosterError

CH1 = "01_decision_boundaries"
RELEASED = (CHAPTERS / f"{CH1}.ipynb").read_text()


def write(path: Path, text: str = RELEASED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def rows(found, problems) -> dict[str, list[str]]:
    """student -> the statuses intake gave them ("ok" for a notebook sent on to grading)."""
    out: dict[str, list[str]] = {}
    for student, _ in found:
        out.setdefault(student, []).append("ok")
    for p in problems:
        out.setdefault(p.student, []).append(p.status)
    return out


def released_with(change) -> str:
    nb = json.loads(RELEASED)
    change(nb)
    return json.dumps(nb)


# --- 3. never follow a link out of the submission ----------------------------------------------


def test_a_student_folder_that_links_to_the_solutions_is_refused(tmp_path):
    solutions = tmp_path / "course" / "solutions"
    write(solutions / f"{CH1}.ipynb")
    subs = tmp_path / "submitted"
    write(subs / "honest" / f"{CH1}.ipynb")
    (subs / "mallory").symlink_to(solutions, target_is_directory=True)
    found, problems = submissions.find_submissions(subs, [CH1])
    assert ("honest", CH1) in found
    assert not any(key[0] == "mallory" for key in found)
    (refused,) = [p for p in problems if p.student == "mallory"]
    assert refused.status == "invalid" and "link" in refused.reason


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "linked folder inside"])
def test_a_link_inside_a_student_folder_is_refused(tmp_path, kind):
    secret = write(tmp_path / "course" / "solutions" / f"{CH1}.ipynb")
    subs = tmp_path / "submitted"
    write(subs / "honest" / f"{CH1}.ipynb")
    (subs / "mallory").mkdir(parents=True)
    if kind == "symlink":
        (subs / "mallory" / f"{CH1}.ipynb").symlink_to(secret)
    elif kind == "hardlink":
        os.link(secret, subs / "mallory" / f"{CH1}.ipynb")
    else:
        (subs / "mallory" / CH1).symlink_to(secret.parent, target_is_directory=True)
    found, problems = submissions.find_submissions(subs, [CH1])
    assert set(found) == {("honest", CH1)}
    refused = [p for p in problems if p.student == "mallory"]
    assert refused and all("link" in p.reason for p in refused)


def test_a_linked_timestamp_is_not_read(tmp_path):
    subs = tmp_path / "submitted"
    nb = write(subs / "mallory" / CH1 / f"{CH1}.ipynb")
    (nb.parent / "timestamp.txt").symlink_to("/etc/hostname")
    download = lms.read(subs)
    assert not download.files
    assert "link" in download.problems[0].reason


# --- 4. one student's input stops only that student ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}",
        released_with(lambda nb: nb["cells"][0].__setitem__("source", "\ud800 lone")),
    ],
    ids=["deeply nested", "lone surrogate"],
)
def test_a_notebook_that_cannot_be_read_is_invalid_not_fatal(tmp_path, text):
    path = tmp_path / f"{CH1}.ipynb"
    path.write_text(json.dumps(json.loads(text)) if "\ud800" in text else text, encoding="utf-8")
    with pytest.raises(submissions.NotANotebook):
        submissions.read_notebook(path)


def _set_nbgrader(value):
    def change(nb):
        for cell in nb["cells"]:
            if "nbgrader" in cell["metadata"]:
                cell["metadata"]["nbgrader"] = value(cell["metadata"]["nbgrader"])
                return

    return change


@pytest.mark.parametrize(
    "value",
    [
        lambda meta: {**meta, "grade_id": ["a", "list"]},
        lambda meta: {**meta, "grade_id": {"a": 1}},
        lambda meta: {**meta, "grade_id": 7},
        lambda meta: "not a dict",
        lambda meta: [1, 2],
    ],
    ids=["grade_id list", "grade_id dict", "grade_id int", "nbgrader str", "nbgrader list"],
)
def test_nbgrader_metadata_of_the_wrong_type_costs_only_its_student(tmp_path, value):
    subs = tmp_path / "subs"
    write(subs / "honest" / f"{CH1}.ipynb")
    hostile = released_with(_set_nbgrader(value))
    write(subs / "mallory" / "renamed.ipynb", hostile)  # matched by its cell ids
    write(subs / "eve" / f"{CH1}.ipynb", hostile)
    found, problems = submissions.find_submissions(subs, [CH1])
    assert ("honest", CH1) in found
    assert "mallory" in rows(found, problems)
    # what grading does next: the nbgrader cells restored from the release
    release = nbformat.reads(RELEASED, as_version=4)
    nb = submissions.read_notebook(found[("eve", CH1)].path)
    tampering = restore_nbgrader_metadata(nb, release)
    assert tampering
    restored = {grade_id(c): c.metadata["nbgrader"] for c in nb.cells if grade_id(c)}
    released = {grade_id(c): c.metadata["nbgrader"] for c in release.cells if grade_id(c)}
    assert all(released[gid] == meta for gid, meta in restored.items())
    tests = {gid for gid, meta in released.items() if meta.get("grade") and not meta["solution"]}
    assert tests <= set(restored)


def test_a_folder_name_that_is_not_utf8_is_a_usable_id(tmp_path):
    subs = tmp_path / "subs"
    write(subs / "honest" / f"{CH1}.ipynb")
    write(Path(os.fsdecode(bytes(subs) + b"/caf\xe9")) / f"{CH1}.ipynb")
    found, problems = submissions.find_submissions(subs, [CH1])
    students = sorted(key[0] for key in found)
    assert "honest" in students and len(students) == 2
    for student in students:
        student.encode("utf-8")  # no surrogate escapes: the CSVs and the gradebook take it
    (other,) = [s for s in students if s != "honest"]
    assert "not valid UTF-8" in found[(other, CH1)].note


@pytest.mark.parametrize(
    "name",
    ["x" * 255, "é" * 127, "a\nb", "tab\there", "\x1b[31mred", "-" * 300],
    ids=["255 bytes", "254 bytes of é", "newline", "tab", "escape", "300 dashes"],
)
def test_a_folder_name_becomes_a_bounded_safe_student_id(tmp_path, name):
    subs = tmp_path / "subs"
    try:
        write(subs / name[:255] / f"{CH1}.ipynb")
    except OSError:
        pytest.skip("the file system refuses the name")
    found, _ = submissions.find_submissions(subs, [CH1])
    ((student, _),) = found
    assert len(student.encode()) <= lms.MAX_ID_BYTES
    assert student.isprintable() and "/" not in student


def test_a_newline_in_a_canvas_name_gives_a_printable_id(tmp_path):
    subs = tmp_path / "canvas"
    write(subs / f"love\nlace_340934_208490284_{CH1}.ipynb")
    write(subs / f"turingalan_340935_208490301_{CH1}.ipynb")
    found, _ = submissions.find_submissions(subs, [CH1])
    assert len(found) == 2
    assert all(student.isprintable() for student, _ in found)


def test_the_feedback_zip_of_a_long_id_has_a_bounded_name(tmp_path):
    from autograder.report.exports import feedback_zips

    course = tmp_path / "course"
    long_id = "x" * 255
    write(course / "feedback" / long_id / CH1 / f"{CH1}.html", "<p>page</p>")
    write(course / "feedback" / "ada" / CH1 / f"{CH1}.html", "<p>page</p>")
    written = feedback_zips(course, [long_id, "ada", "y" * 300])
    assert len(written) == 2
    assert all(len(p.name.encode()) <= 255 for p in written)
    assert (course / "feedback_zips" / "ada.zip") in written
    with zipfile.ZipFile([p for p in written if p.name != "ada.zip"][0]) as zf:
        assert zf.namelist() == [f"{CH1}/{CH1}.html"]


# --- the roster: one line, never a traceback ------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("id,extension\nada,99999999999d\n", "extension"),
        ("id,extension\nada,2000000d\n", "more than a year"),
        ("id,first_name\nada," + "A" * 200_000 + "\n", "line 2"),
        ("id\n" + "x" * 300 + "\n", "id"),
        ('id\n"a\nb"\n', "id"),
        ("id\n\x1b[2J\n", "id"),
    ],
    ids=["extension overflow", "extension huge", "field limit", "300-char id", "newline id", "esc"],
)
def test_a_roster_that_cannot_be_used_is_refused_in_one_line(text, words):
    with pytest.raises(RosterError, match=words) as err:
        Roster.parse(text)
    assert "\n" not in str(err.value)


def test_the_longest_extension_a_roster_takes_cannot_overflow_a_due_date():
    roster, _ = Roster.parse("id,extension\nada,365d\n")
    assert dt.datetime(9998, 1, 1) + roster["ada"].extension_delta


# --- the zip: one name, one entry ----------------------------------------------------------------


def make_zip(path: Path, entries: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
    return path


@pytest.mark.parametrize(
    "names",
    [
        ["alice/x.ipynb", "./alice/x.ipynb"],
        ["bob//x.ipynb", "bob/x.ipynb"],
        ["bob\\x.ipynb", "bob/x.ipynb"],
        ["alice/x.ipynb", "alice/x.ipynb/y.ipynb"],
        ["alice/x.ipynb/y.ipynb", "alice/x.ipynb"],
    ],
    ids=["dot slash", "double slash", "backslash", "file then folder", "folder then file"],
)
def test_a_zip_that_names_one_file_twice_is_refused_in_one_line(tmp_path, names):
    archive_path = make_zip(tmp_path / "d.zip", {n: RELEASED for n in names})
    with pytest.raises(archive.DownloadError) as err:
        archive.extract(archive_path, tmp_path / "out")
    assert "\n" not in str(err.value)


# --- hand-in times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp", ["2999-01-01 00:00:00.000000 UTC", "1901-01-01 00:00:00.000000 UTC"]
)
def test_an_implausible_hand_in_time_is_no_hand_in_time_and_said(tmp_path, stamp):
    subs = tmp_path / "submitted"
    nb = write(subs / "mallory" / CH1 / f"{CH1}.ipynb")
    (nb.parent / "timestamp.txt").write_text(stamp)
    (handed,) = lms.read(subs).files
    assert handed.timestamp == ""
    assert "not a plausible hand-in time" in handed.note


def test_a_file_modified_in_the_far_future_has_no_hand_in_time(tmp_path):
    subs = tmp_path / "subs"
    nb = write(subs / "mallory" / f"{CH1}.ipynb")
    future = dt.datetime(2900, 1, 1, tzinfo=dt.UTC).timestamp()
    os.utime(nb, (future, future))
    (handed,) = lms.read(subs).files
    assert handed.timestamp == ""
    assert "not a plausible hand-in time" in handed.note


def test_a_zip_entry_time_that_overflows_is_no_hand_in_time(tmp_path):
    import struct

    info = zipfile.ZipInfo(f"mallory/{CH1}.ipynb")
    ntfs = struct.pack("<HHIHHQQQ", 0x000A, 32, 0, 1, 24, 2**64 - 1, 0, 0)
    info.extra = ntfs
    path = tmp_path / "d.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, RELEASED)
    (handed,) = lms.read(path).files
    assert handed.timestamp == ""


def test_a_zip_entry_no_file_system_can_name_is_refused_in_one_short_line(tmp_path):
    archive_path = make_zip(tmp_path / "d.zip", {"x" * 300 + f"/{CH1}.ipynb": RELEASED})
    with pytest.raises(archive.DownloadError) as err:
        archive.extract(archive_path, tmp_path / "out")
    assert "\n" not in str(err.value) and len(str(err.value)) < 400
