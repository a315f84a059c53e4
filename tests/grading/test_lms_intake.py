"""LMS downloads accepted as they come: Canvas and Moodle file names, zips, empty folders.

The names below are written out by hand from the two LMSs' own code that makes them (Canvas's
``ContentZipper#get_filename``: ``sortable name lower-cased without non-word characters, LATE if
late, user id``, then ``_<attachment id>_<display name>``; Moodle's ``mod_assign\\downloader``:
``<full name with _ as spaces>_<participant id>_assignsubmission_file`` as a folder, with a
trailing ``_`` before Moodle 4.1, or as a prefix of the file name when "download in folders"
is off). No notebook is graded here.
"""

import datetime as dt
import hashlib
import struct
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.nbutil import CHAPTERS, SOLUTIONS

from autograder.cli import main
from autograder.intake import lms, submissions

CH1, CH2 = "01_decision_boundaries", "02_objective_functions"
RELEASED = (CHAPTERS / f"{CH1}.ipynb").read_text()


def write(path, text=RELEASED):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


CANVAS_FILES = {
    f"lovelaceada_340934_208490284_{CH1}.ipynb": RELEASED,
    # Canvas counts it late, and the student had uploaded a file of that name before
    f"turingalan_LATE_340935_208490301_{CH1}-1.ipynb": RELEASED,
    # anonymous grading; the student renamed the notebook: matched by its cell ids
    "anon_Xy3kQ_208490290_my homework.ipynb": RELEASED,
    # two Canvas users whose sortable names squash to the same string
    f"smithjo_1001_5001_{CH1}.ipynb": RELEASED,
    f"smithjo_1002_5002_{CH1}.ipynb": RELEASED,
    # not notebooks, or named by nobody
    "lovelaceada_340934_208490299_report.pdf": "%PDF",
    f"{CH1}.ipynb": RELEASED,
}


def canvas_folder(root):
    for name, text in CANVAS_FILES.items():
        write(root / name, text)
    return root


def test_a_canvas_download_is_read_by_its_file_names(tmp_path):
    found, problems = submissions.find_submissions(canvas_folder(tmp_path / "canvas"), [CH1])
    assert sorted(found) == [
        ("anon_xy3kq", CH1),
        ("lovelaceada", CH1),
        ("smithjo_1001", CH1),
        ("smithjo_1002", CH1),
        ("turingalan", CH1),
    ]
    assert "Canvas marks it LATE" in found[("turingalan", CH1)].note
    assert "misnamed" in found[("anon_xy3kq", CH1)].note
    assert found[("lovelaceada", CH1)].lms == {
        "lms": "canvas",
        "user_id": "340934",
        "file_id": "208490284",
        "prefix": "lovelaceada_340934",
    }
    reported = {(p.student, p.status): p.reason for p in problems}
    assert "not a notebook" in reported[("lovelaceada", "invalid")]
    assert f"{CH1}.ipynb: the file name names no student" in reported[("?", "invalid")]
    assert len(problems) == 2


def test_canvas_and_moodle_give_no_hand_in_time_and_folders_do(tmp_path):
    """Both LMSs stamp their zips and names with the time of the download: such a time is no
    hand-in time, so none is given ("": no late penalty); a folder's notebook keeps its mtime."""
    root = canvas_folder(tmp_path / "mixed")
    write(root / "Ada Lovelace_123456_assignsubmission_file" / f"{CH2}.ipynb")
    mine = write(root / "grace" / f"{CH1}.ipynb")
    when = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.UTC).timestamp()
    import os

    os.utime(mine, (when, when))
    found, _ = submissions.find_submissions(root, [CH1, CH2])
    assert found[("lovelaceada", CH1)].timestamp == ""
    assert found[("ada_lovelace", CH2)].timestamp == ""
    assert found[("grace", CH1)].timestamp.startswith("2025-03-01 12:30:00")


def test_nbgrader_timestamp_txt_is_the_hand_in_time(tmp_path):
    write(tmp_path / "bo" / CH1 / f"{CH1}.ipynb")
    (tmp_path / "bo" / CH1 / "timestamp.txt").write_text("2025-03-02 08:15:00.000000 UTC")
    found, _ = submissions.find_submissions(tmp_path, [CH1])
    assert found[("bo", CH1)].timestamp.startswith("2025-03-02 08:15:00")


def test_moodle_downloads_in_folders_old_and_new_and_flat(tmp_path):
    root = tmp_path / "moodle"
    write(root / "Ada Lovelace_123456_assignsubmission_file" / f"{CH1}.ipynb")  # Moodle >= 4.1
    write(root / "Alan Turing_123457_assignsubmission_file_" / f"{CH1}.ipynb")  # 3.1 - 4.0
    write(root / f"Grace Hopper_123458_assignsubmission_file_{CH1}.ipynb")  # not in folders
    write(root / "Alan Turing_123457_assignsubmission_onlinetext" / "onlinetext.html", "<p>")
    write(root / f"Participant_123459_assignsubmission_file_{CH1}.ipynb")  # blind marking
    write(root / "Ada Lovelace_123456_assignsubmission_file" / "notes.txt", "mine")
    found, problems = submissions.find_submissions(root, [CH1])
    assert sorted(found) == [
        ("ada_lovelace", CH1),
        ("alan_turing", CH1),
        ("grace_hopper", CH1),
        ("participant_123459", CH1),
    ]
    assert found[("ada_lovelace", CH1)].lms["prefix"] == "Ada Lovelace_123456"
    assert [(p.student, p.reason.split(":")[0]) for p in problems] == [
        ("ada_lovelace", "Ada Lovelace_123456_assignsubmission_file/notes.txt")
    ]
    assert lms.read(root).students == sorted(s for s, _ in found)


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
    return path


def test_a_zipped_download_reads_as_the_folder_and_is_left_untouched(tmp_path):
    archive = _zip(tmp_path / "course-hw1 submissions.zip", CANVAS_FILES)
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    from_zip = submissions.find_submissions(archive, [CH1])
    from_folder = submissions.find_submissions(canvas_folder(tmp_path / "folder"), [CH1])
    assert sorted(from_zip[0]) == sorted(from_folder[0])
    assert [p.reason for p in from_zip[1]] == [p.reason for p in from_folder[1]]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before
    extracted = from_zip[0][("lovelaceada", CH1)].path
    assert not extracted.is_relative_to(tmp_path) and extracted.read_text() == RELEASED


@pytest.mark.parametrize(
    "name", ["../outside.ipynb", "/etc/owned.ipynb", "alice/../../outside.ipynb", "C:/x.ipynb"]
)
def test_a_zip_that_writes_outside_its_folder_is_refused(tmp_path, name):
    archive = _zip(tmp_path / "slip.zip", {"alice/01.ipynb": RELEASED, name: RELEASED})
    with pytest.raises(lms.DownloadError, match="outside"):
        submissions.find_submissions(archive, [CH1])
    assert not (tmp_path / "outside.ipynb").exists()


def test_a_zip_with_a_link_is_refused(tmp_path):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("alice/01_decision_boundaries.ipynb")
        info.external_attr = (0o120777 << 16) | 0  # a symbolic link
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(lms.DownloadError, match="link"):
        submissions.find_submissions(archive, [CH1])


def test_a_huge_zip_is_refused_before_anything_is_extracted(tmp_path, monkeypatch):
    archive = _zip(tmp_path / "big.zip", {f"s{i}/{CH1}.ipynb": RELEASED for i in range(3)})
    monkeypatch.setattr("autograder.intake.archive.MAX_ZIP_BYTES", 2 * len(RELEASED))
    with pytest.raises(lms.DownloadError, match="GB of notebooks"):
        submissions.find_submissions(archive, [CH1])
    monkeypatch.setattr("autograder.intake.archive.MAX_ZIP_BYTES", 10**12)
    monkeypatch.setattr("autograder.intake.archive.MAX_ZIP_ENTRIES", 2)
    with pytest.raises(lms.DownloadError, match="entries"):
        submissions.find_submissions(archive, [CH1])


def test_an_oversized_notebook_in_a_zip_is_reported_with_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr("autograder.intake.archive.MAX_NOTEBOOK_BYTES", 1000)
    archive = _zip(tmp_path / "fat.zip", {f"alice/{CH1}.ipynb": RELEASED + " " * 5000})
    found, _ = submissions.find_submissions(archive, [CH1])
    path = found[("alice", CH1)].path
    assert path.stat().st_size == len(RELEASED.encode()) + 5000
    assert not path.read_bytes().strip(b"\0"), "extracted, though over the limit"
    with pytest.raises(ValueError, match="more than"):
        submissions.read_notebook(path)


def test_a_zip_entry_time_is_its_utc_extended_timestamp_never_its_zoneless_dos_time(tmp_path):
    """A DOS time is local to a zone the zip does not name: 23:30 in Berlin, on time for 23:59,
    read as UTC would be 31 min late; such an entry has no hand-in time."""
    when = int(dt.datetime(2025, 3, 1, 23, 59, 30, tzinfo=dt.UTC).timestamp())
    archive = tmp_path / "times.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        ut = zipfile.ZipInfo(f"ut/{CH1}.ipynb", date_time=(2025, 3, 2, 1, 59, 30))
        ut.extra = struct.pack("<HHBi", 0x5455, 5, 1, when)  # says 23:59:30 UTC
        zf.writestr(ut, RELEASED)
        zf.writestr(zipfile.ZipInfo(f"dos/{CH1}.ipynb", (2025, 3, 1, 10, 0, 0)), RELEASED)
    found, _ = submissions.find_submissions(archive, [CH1])
    assert found[("ut", CH1)].timestamp.startswith("2025-03-01 23:59:30")
    assert found[("dos", CH1)].timestamp == ""
    assert "only a local time of no known zone" in found[("dos", CH1)].note


def test_an_empty_folder_is_an_error_and_makes_no_course(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_text("")
    course = tmp_path / "course"
    assert main(["grade", str(empty), "--course", str(course)]) == 2
    assert "nothing to grade" in capsys.readouterr().err
    assert not course.exists()
    assert main(["grade", str(tmp_path / "nowhere"), "--course", str(course)]) == 2
    assert "not found" in capsys.readouterr().err
    (tmp_path / "notes.txt").write_text("x")
    assert main(["grade", str(tmp_path / "notes.txt"), "--course", str(course)]) == 2
    assert "neither a folder nor a zip" in capsys.readouterr().err
    flat = tmp_path / "flat"  # notebooks, none of them named for a student
    write(flat / f"{CH1}.ipynb")
    write(flat / "homework (2).ipynb")
    assert main(["grade", str(flat), "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert f"no file in it names a student ({CH1}.ipynb, homework (2).ipynb)" in err
    assert not course.exists()


def test_per_student_folders_read_as_before(tmp_path):
    """The layout of before: a folder per student, nbgrader's submitted/ layout, a folder with
    nothing in it (a student who handed in nothing)."""
    solution = (SOLUTIONS / f"{CH1}.ipynb").read_text()
    write(tmp_path / "alice" / f"{CH1}.ipynb", solution)
    write(tmp_path / "bob" / CH1 / f"{CH1}.ipynb", solution)
    write(tmp_path / "bob" / CH1 / ".ipynb_checkpoints" / f"{CH1}-checkpoint.ipynb", solution)
    (tmp_path / "carol").mkdir()
    found, problems = submissions.find_submissions(tmp_path, [CH1])
    assert sorted(found) == [("alice", CH1), ("bob", CH1)] and problems == []
    assert lms.read(tmp_path).students == ["alice", "bob", "carol"]


def test_a_folder_holding_a_whole_download_is_named_not_read_as_one_student(tmp_path):
    """The folder above the download given by mistake: its one folder would be one student
    with everyone's notebooks. A student's own folder with one Canvas-named file is fine."""
    canvas_folder(tmp_path / "Downloads" / "submissions")
    with pytest.raises(lms.DownloadError, match="give .*Downloads/submissions as SUBMISSIONS"):
        submissions.find_submissions(tmp_path / "Downloads", [CH1])
    write(tmp_path / "sorted" / "ada" / f"lovelaceada_340934_208490284_{CH1}.ipynb")
    found, problems = submissions.find_submissions(tmp_path / "sorted", [CH1])
    assert list(found) == [("ada", CH1)] and problems == []


def test_a_zip_with_one_name_twice_is_refused(tmp_path):
    archive = tmp_path / "twice.zip"
    with zipfile.ZipFile(archive, "w") as zf, pytest.warns(UserWarning, match="Duplicate"):
        zf.writestr(f"alice/{CH1}.ipynb", RELEASED)
        zf.writestr(f"alice/{CH1}.ipynb", "{}")
    with pytest.raises(lms.DownloadError, match="twice"):
        submissions.find_submissions(archive, [CH1])


def test_what_a_folder_holds_instead_of_a_notebook_is_reported(tmp_path):
    """A student who handed in a zip or a PDF: their 'missing' rows (one per chapter) say what
    came instead; an unreadable timestamp.txt is named in the row of the notebook, whose file
    time is used."""
    write(tmp_path / "subs" / "ada" / "homework.zip", "PK")
    write(tmp_path / "subs" / "bo" / CH1 / f"{CH1}.ipynb")
    write(tmp_path / "subs" / "bo" / CH1 / "timestamp.txt", "last tuesday")
    found, problems = submissions.find_submissions(tmp_path / "subs", [CH1, CH2])
    assert [(p.student, p.chapter, p.status, p.reason) for p in problems] == [
        (
            "ada",
            ch,
            "missing",
            "no notebook handed in (the folder holds homework.zip)",
        )
        for ch in (CH1, CH2)
    ]
    assert "timestamp.txt unreadable ('last tuesday')" in found[("bo", CH1)].note
    assert found[("bo", CH1)].timestamp  # the file's time


def test_two_people_of_one_name_are_two_students(tmp_path):
    """Two Moodle participants called Jo Smith, or a folder and a Moodle participant of one id,
    must not be merged into one student (one's notebook would become the other's "second")."""
    root = tmp_path / "moodle"
    write(root / "Jo Smith_1001_assignsubmission_file" / f"{CH1}.ipynb")
    write(root / "Jo Smith_1002_assignsubmission_file" / f"{CH1}.ipynb")
    write(root / "ada_lovelace" / f"{CH1}.ipynb")
    write(root / f"Ada Lovelace_77_assignsubmission_file_{CH1}.ipynb")
    found, problems = submissions.find_submissions(root, [CH1])
    students = ["ada_lovelace", "ada_lovelace_77", "jo_smith_1001", "jo_smith_1002"]
    assert sorted(found) == [(s, CH1) for s in students] and problems == []


_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Seoul", "+0200", "-0530", "Nowhere"]


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(min_value=dt.datetime(1999, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    zone=st.sampled_from(_ZONES),
    shape=st.sampled_from(["%Y-%m-%d %H:%M:%S.%f {z}", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]),
    noise=st.one_of(st.just(""), st.text(max_size=12)),
)
def test_a_timestamp_txt_is_read_as_nbgrader_reads_it(when, zone, shape, noise):
    """lms.parse_utc (nbgrader's parse_utc, without importing nbgrader's package) against
    nbgrader's own, on the times nbgrader writes, other shapes and garbage: the same time, or
    the same refusal."""
    from nbgrader.utils import parse_utc

    text = when.strftime(shape).replace("{z}", zone) + noise

    def outcome(parse):
        try:
            return parse(text)
        except Exception as err:  # noqa: BLE001 - which refusal, compared below
            return type(err)

    theirs, ours = outcome(parse_utc), outcome(lms.parse_utc)
    if isinstance(theirs, dt.datetime):
        assert ours == theirs.replace(tzinfo=dt.UTC)
    else:
        assert ours is theirs
