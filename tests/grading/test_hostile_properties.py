"""Property-based tests of intake (Hypothesis): hostile names, zips, rosters, notebooks, times.

The invariant, for every example: reading finishes (a one-line refusal at most, never a
traceback), the honest student of the same download is still found with their notebook, every
student id can name a folder and be written anywhere (printable UTF-8, bounded), every reason is
one line of valid UTF-8, and nothing outside the folder read changes. Intake functions are
called directly (many examples, cheap); tests/test_hostile_grading.py grades a few end to end.
Derandomized: the same examples on every run, so that CI is not flaky.
"""

import datetime as dt
import json
import os
import tempfile
import zipfile
from pathlib import Path

import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile import folder_bytes, snapshot
from support.nbutil import CHAPTERS

from autograder import coursedir
from autograder.intake import archive, lms, submissions
from autograder.intake.restore import restore_nbgrader_metadata
from autograder.intake.roster import Roster, RosterError

CH1 = "01_decision_boundaries"
RELEASED = (CHAPTERS / f"{CH1}.ipynb").read_text()
RELEASE = nbformat.reads(RELEASED, as_version=4)

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# names as hostile as a file system lets them be: control characters, surrogates (bytes that
# are not UTF-8), separators, dots, very long ones
hostile_text = st.text(
    st.characters(codec=None, exclude_characters="\x00"), min_size=1, max_size=300
) | st.sampled_from(["a\nb", "\x1b[2J", "..", ".", "a/../b", "-" * 300, "é" * 200, "CON"])


def check_download(download: lms.Download, honest: str | None = "honest") -> None:
    """The invariant on what intake read."""
    students = set(download.students)
    if honest is not None:
        assert honest in students
        assert any(h.student == honest for h in download.files)
    for student in students | {h.student for h in download.files}:
        assert coursedir.usable_id(student), student
    for text in [p.reason for p in download.problems] + [h.note for h in download.files]:
        text.encode("utf-8")
        assert "\n" not in text and "\r" not in text
    for name in [p.name for p in download.problems] + [h.original for h in download.files]:
        name.encode("utf-8")


def honest_in(subs: Path) -> None:
    (subs / "honest").mkdir(parents=True, exist_ok=True)
    (subs / "honest" / f"{CH1}.ipynb").write_text(RELEASED)


@PROPERTY
@given(names=st.lists(folder_bytes, min_size=1, max_size=4, unique=True))
def test_any_folder_name_is_one_students_bounded_id(names):
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        honest_in(subs)
        for raw in names:
            folder = Path(os.fsdecode(bytes(subs) + b"/" + raw))
            if folder.name == "honest":
                continue
            folder.mkdir(exist_ok=True)
            (folder / f"{CH1}.ipynb").write_text(RELEASED)
        before = snapshot(Path(tmp))
        download = lms.read(subs)
        check_download(download)
        found, problems = submissions.submissions_in(download, [CH1])
        assert len(found) == len({n for n in names if n != b"honest"} | {b"honest"})
        assert snapshot(Path(tmp)) == before


@PROPERTY
@given(names=st.lists(hostile_text, min_size=1, max_size=4))
def test_any_canvas_or_moodle_name_is_one_students_bounded_id(names):
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        (subs / f"honest_1_2_{CH1}.ipynb").write_text(RELEASED)
        for i, name in enumerate(names):
            clean = name.replace("/", "_")
            for file in (
                f"{clean}_{100 + i}_{200 + i}_{CH1}.ipynb",
                f"{clean}_{300 + i}_assignsubmission_file_{CH1}.ipynb",
            ):
                try:
                    (subs / file).write_text(RELEASED)
                except (OSError, UnicodeEncodeError):
                    pass  # a name this file system refuses (too long) cannot be handed in
        download = lms.read(subs)
        check_download(download)


zip_name = st.lists(
    st.sampled_from(["alice", "bob", "..", ".", "", "x.ipynb", "a\\b", "C:", "é", "\x1b", "\n"])
    | hostile_text.map(lambda t: t[:60]),
    min_size=1,
    max_size=4,
).map("/".join)


@PROPERTY
@given(entries=st.lists(st.tuples(zip_name, st.booleans()), max_size=6))
def test_any_zip_is_read_or_refused_in_one_line_and_writes_only_its_folder(entries):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "download.zip"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(f"honest/{CH1}.ipynb", RELEASED)
            for name, notebook in entries:
                name = name + (".ipynb" if notebook else "")
                try:
                    zf.writestr(name, RELEASED if notebook else "x")
                except (ValueError, UnicodeEncodeError, IndexError):
                    pass  # zipfile cannot write it (IndexError: the empty name): no such zip
        target = Path(tmp) / "a" / "b" / "out"  # "..", "../..": still inside tmp, to see
        target.mkdir(parents=True)
        before = snapshot(Path(tmp))
        try:
            archive.extract(path, target)
        except archive.DownloadError as err:
            assert "\n" not in str(err)
            return
        finally:
            written = set(snapshot(Path(tmp))) - set(before)
            assert all(Path(p).is_relative_to(target) for p in written), written
        check_download(lms.read(target))


roster_field = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40) | (
    st.sampled_from(["2d", "36h", "99999999999d", "2000000d", "1w", "-1d", "0", "1e9d", "x" * 300])
)


@PROPERTY
@given(
    rows=st.lists(st.lists(roster_field, min_size=1, max_size=6), max_size=5),
    header=st.permutations(["id", "first_name", "last_name", "email", "extension", "name"]),
)
def test_any_roster_is_read_or_refused_in_one_line(rows, header):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    try:
        roster, warnings = Roster.parse(out.getvalue())
    except RosterError as err:
        assert "\n" not in str(err) and "Traceback" not in str(err)
        return
    due = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    for student in roster.students.values():
        assert coursedir.usable_id(student.id)
        if student.extension_delta is not None:
            assert due + student.extension_delta > due - dt.timedelta(days=1)


json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(codec=None))
    | st.sampled_from(["\ud800", "\x1b]0;x\x07", "cell", "grade_id"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(PROPERTY, max_examples=40)
@given(
    where=st.sampled_from(["nbgrader", "grade_id", "points", "source", "metadata", "cell"]),
    value=json_value,
    depth=st.sampled_from([0, 0, 0, 50, 3000]),
    misnamed=st.booleans(),
)
def test_any_notebook_json_is_graded_or_that_students_invalid_row(where, value, depth, misnamed):
    nb = json.loads(RELEASED)
    cells = [c for c in nb["cells"] if "nbgrader" in c["metadata"]]
    target = cells[len(cells) // 2]
    for _ in range(depth):
        value = [value]
    if where == "nbgrader":
        target["metadata"]["nbgrader"] = value
    elif where in ("grade_id", "points"):
        target["metadata"]["nbgrader"][where] = value
    elif where == "source":
        target["source"] = value
    elif where == "metadata":
        target["metadata"] = value
    else:
        nb["cells"].append(value)
    try:
        text = json.dumps(nb)
    except (RecursionError, ValueError):
        text = '{"cells": ' + "[" * depth + "]" * depth + "}"
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        honest_in(subs)
        (subs / "mallory").mkdir()
        name = "homework.ipynb" if misnamed else f"{CH1}.ipynb"
        (subs / "mallory" / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        found, problems = submissions.find_submissions(subs, [CH1])
        assert ("honest", CH1) in found
        assert {p.student for p in problems} <= {"mallory"}
        for p in problems:
            p.reason.encode("utf-8")
        if ("mallory", CH1) in found:
            try:
                read = submissions.read_notebook(found[("mallory", CH1)].path)
            except submissions.NotANotebook as err:
                assert "\n" not in str(err)
            else:
                restore_nbgrader_metadata(read, nbformat.reads(RELEASED, as_version=4))
                nbformat.writes(read).encode("utf-8")


@PROPERTY
@given(
    stamp=st.one_of(
        st.text(max_size=60),
        st.datetimes(timezones=st.just(dt.UTC)).map(
            lambda d: d.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        ),
    ),
    mtime=st.floats(min_value=-1e11, max_value=1e11),
)
def test_any_hand_in_time_is_plausible_or_none(stamp, mtime):
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "submitted"
        folder = subs / "mallory" / CH1
        folder.mkdir(parents=True)
        notebook = folder / f"{CH1}.ipynb"
        notebook.write_text(RELEASED)
        (folder / "timestamp.txt").write_text(stamp, errors="surrogatepass")
        try:
            os.utime(notebook, (mtime, mtime))
        except (OSError, OverflowError, ValueError):
            pass
        honest_in(subs)
        download = lms.read(subs)
        check_download(download)
        (handed,) = [h for h in download.files if h.student == "mallory"]
        if handed.timestamp:
            when = dt.datetime.strptime(handed.timestamp, coursedir.TIMESTAMP_FORMAT)
            assert coursedir.plausible(when.replace(tzinfo=dt.UTC))
