"""What an LMS download holds: which student handed in which file, and when, from its names.

``SUBMISSIONS`` is a folder, or a ``.zip`` of one (extracted into a temporary folder; the zip
is never modified). Its top level may mix these layouts:

per-student folders (``nbgrader collect``, or sorted by hand)::

    alice/04_backpropagation.ipynb
    bob/04_backpropagation/04_backpropagation.ipynb   (+ timestamp.txt: nbgrader's submitted/)

Canvas, "Download Submissions" (one flat folder; the name as Canvas's ``ContentZipper`` writes
it: the student's sortable name lower-cased without spaces or punctuation, ``LATE`` if Canvas
counts the submission late, the Canvas user id, the file's id, the name the student uploaded,
to which Canvas adds ``-1``, ``-2``... when a student uploads a file of the same name again)::

    lovelaceada_340934_208490284_04_backpropagation.ipynb
    turingalan_LATE_340935_208490301_04_backpropagation-1.ipynb
    anon_Xy3kQ_208490290_04_backpropagation.ipynb       (anonymous grading)

Moodle, "Download all submissions" (the participant id is the assignment's own, not the user
id; Moodle replaces ``_`` in names by spaces)::

    Ada Lovelace_123456_assignsubmission_file/04_backpropagation.ipynb    (Moodle >= 4.1)
    Ada Lovelace_123456_assignsubmission_file_/04_backpropagation.ipynb   (Moodle 3.1 - 4.0)
    Ada Lovelace_123456_assignsubmission_file_04_backpropagation.ipynb    ("in folders" off)

When a file was handed in: nbgrader's ``timestamp.txt`` beside it, else the file's modification
time (for a zip, the time its entry records: the UTC "extended timestamp" or NTFS time when the
zip has one; a zip with only DOS times, local times of no known zone, gives none). Canvas and
Moodle write the time of the *download* into their zips and names, never the hand-in time (their
source says so), so their files get no hand-in time here (``""``), and no late penalty; Canvas's
``LATE`` mark is kept and reported.

The student: a per-student folder's name; in a Canvas or Moodle name, the LMS's name and id,
matched to a roster (:mod:`autograder.intake.roster`) when one is given (Canvas: by
``lms_user_id``, by id, then by name; Moodle: by name; a folder: by id, email or
``lms_user_id``), else made into an id (never one the roster gives someone else):
``lovelaceada`` (Canvas), ``ada_lovelace`` (Moodle), ``anon_xy3kq``, ``participant_123456``
(blind marking); with the LMS's id added (``lovelaceada_340934``, ``ada_lovelace_123456``) when
two people of the download would get one id.
A file whose name follows none of these layouts, or that is not a notebook, and a student's
folder that holds no notebook but other files (``folder=True``: their rows are ``missing``, with
what came instead), are reported, never ignored; a folder that holds
a whole Canvas or Moodle download (the folder above it given by mistake) is refused; only hidden
files, ``__MACOSX/``, ``.ipynb_checkpoints/`` and Moodle's other submission
plugins (online text) are left out.

Hostile names and links cost only their student: a student's folder or file that is, or holds,
a symbolic or hard link (to the course's ``solutions/``, say) is never followed but refused,
that student's row ``invalid``; a name that cannot be a student id as it is (not UTF-8, control
characters, too long: :func:`autograder.coursedir.safe_id`) is graded under one made from it,
and said; a hand-in time before 2000 or in the future is no hand-in time, and said.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.coursedir import (
    MAX_ID_BYTES,
    TIMESTAMP,
    TIMESTAMP_FORMAT,
    plausible,
    safe_id,
    timestamp_of,
)
from autograder.intake import archive
from autograder.intake.archive import DownloadError, unpacked
from autograder.intake.roster import Roster

CANVAS_ANONYMOUS = re.compile(
    r"(?P<late>LATE_)?anon_(?P<user>[A-Za-z0-9]+)_(?P<file>\d+)_(?P<original>.+)", re.S
)
CANVAS = re.compile(
    r"(?P<name>.*?)_(?P<late>LATE_)?(?P<user>\d+)_(?P<file>\d+)_(?P<original>.+)", re.S
)
MOODLE = re.compile(
    r"(?P<name>[^_]+)_(?P<user>\d+)_assignsubmission_(?P<plugin>[a-z]+?)(?:_(?P<original>.*))?",
    re.S,
)
CANVAS_COPY = re.compile(r"-\d+$")  # Canvas's "-1" for a file uploaded again under its name


@dataclass(frozen=True)
class Identity:
    """Who handed a file in, as the download names them."""

    lms: str  # "folder", "canvas", "moodle"
    key: str  # folder name, Canvas user id (or anonymous id), Moodle participant id
    name: str = ""  # Canvas's squashed sortable name, Moodle's full name

    def describe(self) -> str:
        if self.lms == "folder":
            return f"folder {self.key!r}"
        user = "participant" if self.lms == "moodle" else "user"
        named = f" {self.name!r}" if self.name else ""
        return f"{self.lms.capitalize()} {user} {self.key}{named}"


@dataclass
class Handed:
    """One file a student handed in."""

    who: Identity
    path: Path  # the file (in the extracted copy, for a zip)
    original: str  # its name as the student handed it in
    timestamp: str  # hand-in time (nbgrader's format, UTC); "" if the download does not say
    lms: dict = field(default_factory=dict)  # what the LMS needs to take feedback back
    note: str = ""
    student: str = ""  # set by :func:`read`

    @property
    def stem(self) -> str:
        """The name without extension and without Canvas's copy suffix: the chapter, usually."""
        stem = PurePosixPath(self.original).stem
        return CANVAS_COPY.sub("", stem) if self.who.lms == "canvas" else stem


@dataclass
class Unrecognised:
    name: str  # path relative to SUBMISSIONS
    reason: str
    who: Identity | None = None  # the student the name gives, if it gives one
    folder: bool = False  # a student's whole folder (no notebook in it), not one file
    student: str = ""  # their id (set by :func:`read`)


@dataclass
class Download:
    files: list[Handed]  # the notebooks
    students: list[str]  # everyone the download names (an empty folder too) and the roster's
    problems: list[Unrecognised]  # files not graded, with the reason


def read(submissions: Path, roster: Roster | None = None) -> Download:
    """Read ``submissions`` (a folder or a zip); see the module's description."""
    root = unpacked(Path(submissions))
    files: list[Handed] = []
    problems: list[Unrecognised] = []
    folders: list[Identity] = []
    for entry in sorted(root.iterdir()):
        if _left_out(entry.name):
            continue
        moodle = MOODLE.fullmatch(entry.name)
        canvas = _canvas_match(entry.name)
        link = _link_in(entry, root)
        if moodle and (entry.is_dir() != bool(moodle["original"])):
            if moodle["plugin"] != "file":
                continue  # online text, comments: not a notebook of the student's
            who = Identity("moodle", moodle["user"], moodle["name"])
            lms = {"lms": "moodle", "user_id": who.key, "prefix": f"{who.name}_{who.key}"}
            if link:
                problems.append(Unrecognised(shown(entry.name), link, who))
            elif entry.is_dir():
                for path in _files(entry):
                    _add(files, problems, path, root, who, path.name, "", lms)
            else:
                _add(files, problems, entry, root, who, moodle["original"], "", lms)
        elif entry.is_dir():
            who = Identity("folder", entry.name)
            folders.append(who)
            if link:
                problems.append(Unrecognised(shown(entry.name) + "/", link, who))
                continue
            _not_a_download(entry, submissions)
            notebooks = _files(entry, "*.ipynb")
            for path in notebooks:
                stamp, note = _file_time(path)
                files.append(Handed(who, path, shown(path.name), stamp, note=note))
            others = [shown(p.name) for p in _files(entry) if p.name != TIMESTAMP]
            if others and not notebooks:  # a zip, a PDF: the student handed in something
                more = f" and {len(others) - 5} more" if len(others) > 5 else ""
                held = f"the folder holds {', '.join(others[:5])}{more}"
                problems.append(Unrecognised(f"{shown(entry.name)}/", held, who, folder=True))
        elif canvas:
            who = Identity("canvas", canvas["user"], canvas.groupdict().get("name") or "")
            lms = {
                "lms": "canvas",
                "user_id": canvas["user"],
                "file_id": canvas["file"],
                "prefix": entry.name[: canvas.start("file") - 1],
            }
            note = "Canvas marks it LATE" if canvas["late"] else ""
            if link:
                problems.append(Unrecognised(shown(entry.name), link, who))
            else:
                _add(files, problems, entry, root, who, canvas["original"], note, lms)
        else:
            problems.append(Unrecognised(shown(entry.name), link or _unrecognised(entry)))
    if not files and not folders and not any(p.who for p in problems):
        names = ", ".join(p.name for p in problems[:3]) + (", ..." if len(problems) > 3 else "")
        raise DownloadError(
            f"{submissions}: nothing to grade: "
            + (f"no file in it names a student ({names}). " if problems else "it is empty. ")
            + "Expected one folder per student (SUBMISSIONS/<student>/<chapter>.ipynb), or "
            "the files of a Canvas or Moodle download "
            "(see docs/instructors.md, 'Grade with one command')"
        )
    everyone = {h.who for h in files} | set(folders) | {p.who for p in problems}
    named = _name_students(everyone, roster)
    for handed in files:
        handed.student, note = named[handed.who]
        handed.note = "; ".join(filter(None, [handed.note, note]))
    for problem in problems:
        problem.student = named[problem.who][0] if problem.who else ""
    students = {named[who][0] for who in named if who is not None}
    if roster is not None:
        students |= set(roster.ids)
    return Download(files, sorted(students), problems)


# --- the layouts -----------------------------------------------------------------------------


def _left_out(name: str) -> bool:
    return name.startswith(".") or name in ("__MACOSX", ".ipynb_checkpoints")


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(
        p
        for p in folder.rglob(pattern)
        if p.is_file() and not any(_left_out(part) for part in p.relative_to(folder).parts)
    )


def _add(files, problems, path, root, who, original, note, lms) -> None:
    """A file named for a student: a notebook to grade, or a file reported as not one."""
    name = shown(str(path.relative_to(root)))
    if path.suffix.lower() == ".ipynb":
        files.append(Handed(who, path, shown(original), "", dict(lms), note))
    elif path.suffix.lower() == ".zip":
        problems.append(Unrecognised(name, "a zip file, not a notebook: not graded", who=who))
    else:
        problems.append(Unrecognised(name, "not a notebook (.ipynb): not graded", who=who))


def shown(name: str) -> str:
    """A name of the download as it can be written anywhere (a CSV, JSON, a terminal): bytes
    that are not UTF-8 as ``\\xNN``, control characters escaped; an honest name unchanged."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _link_in(entry: Path, root: Path) -> str:
    """Why ``entry`` (a top-level file or folder of the download) is refused: it is, or holds,
    a symbolic link, a hard link (a file that is also elsewhere: the course's solutions, say)
    or a file that is not a regular one (a FIFO would block the reading); "" if none. A link is
    never followed: a submission is read from its own files only."""
    paths = [entry]
    if entry.is_dir() and not entry.is_symlink():
        for folder, dirs, names in os.walk(entry):  # never descends into a linked folder
            paths += [Path(folder) / name for name in sorted(dirs + names)]
    for path in paths:
        try:
            info = path.lstat()
        except OSError as err:
            return f"{shown(str(path.relative_to(root)))} cannot be read ({err.strerror}): refused"
        if stat.S_ISLNK(info.st_mode):
            what = "is a symbolic link"
        elif stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
            what = "is a hard link (the same file is elsewhere too)"
        elif not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            what = "is not a regular file"
        else:
            continue
        return (
            f"{shown(str(path.relative_to(root)))} {what}: refused (a submission is read from "
            "its own files only, never through a link)"
        )
    return ""


def _unrecognised(entry: Path) -> str:
    if entry.suffix.lower() == ".zip":
        return (
            "a zip inside the submissions folder: not opened (give the zip itself as "
            "SUBMISSIONS, or extract it here)"
        )
    return (
        "the file name names no student: expected a folder per student, or a Canvas "
        "(name_userid_fileid_file.ipynb) or Moodle (Full Name_id_assignsubmission_file_...) "
        "download; not graded"
    )


def _not_a_download(folder: Path, submissions: Path) -> None:
    """Refuse a folder that holds a whole Canvas or Moodle download (files of several students),
    which would otherwise be read as one student's folder."""
    names = [
        entry.name
        for entry in folder.iterdir()
        if MOODLE.fullmatch(entry.name)
        or CANVAS_ANONYMOUS.fullmatch(entry.name)
        or (entry.is_file() and CANVAS.fullmatch(entry.name))
    ]
    owners = {
        (m["user"] if (m := MOODLE.fullmatch(n)) else _canvas_match(n)["user"]) for n in names
    }
    if len(owners) > 1:
        raise DownloadError(
            f"{submissions}/{folder.name} holds a Canvas or Moodle download ({names[0]}, ...), "
            f"not one student's files: give {submissions / folder.name} as SUBMISSIONS"
        )


def _canvas_match(name: str):
    return CANVAS_ANONYMOUS.fullmatch(name) or CANVAS.fullmatch(name)


def _file_time(path: Path) -> tuple[str, str]:
    """When the notebook was handed in: nbgrader's timestamp.txt beside it, else the file's
    modification time; and a note when timestamp.txt could not be read."""
    stamp = path.parent / TIMESTAMP
    note = ""
    if stamp.is_file():
        text = stamp.read_text(errors="replace").strip()
        try:
            when = parse_utc(text)
        except (ValueError, OverflowError, AttributeError, TypeError):
            note = f"timestamp.txt unreadable ({shown(text[:40])!r})"
        else:
            if plausible(when):
                return when.strftime(TIMESTAMP_FORMAT), ""
            return "", _implausible(f"timestamp.txt says {shown(text[:40])!r}")
    if path in archive.zoneless:
        zoneless = "the zip records only a local time of no known zone: no hand-in time"
        return "", "; ".join(filter(None, [note, zoneless]))
    if path in archive.implausible:
        return "", _implausible(
            "the zip records a time of year " + str(archive.implausible[path].year)
        )
    if note:
        note += ": the file's modification time is taken as the hand-in time"
    try:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        modified = None
    if modified is None or not plausible(modified):
        year = "?" if modified is None else modified.year
        return "", "; ".join(
            filter(None, [note, _implausible(f"the file's time is of year {year}")])
        )
    return timestamp_of(path), note


def parse_utc(text: str) -> dt.datetime:
    """A ``timestamp.txt``'s time as nbgrader's ``nbgrader.utils.parse_utc`` reads it (its code,
    on dateutil), aware, in UTC. Not nbgrader's own: importing any part of nbgrader imports its
    Jupyter server extensions (about a second), and intake runs before the first task is sent."""
    from dateutil import parser, tz

    parts = text.split(" ")
    if len(parts) == 3:
        zone = parts[2]
        try:
            zone = int(zone)
        except ValueError:
            zone = tz.gettz(zone)
        when = parser.parse(" ".join(parts[:2] + ["TZ"]), tzinfos={"TZ": zone})
    else:
        when = parser.parse(text)
    if when.tzinfo is not None:
        when = (when - when.utcoffset()).replace(tzinfo=None)
    return when.replace(tzinfo=dt.UTC)


def _implausible(what: str) -> str:
    return (
        f"{what}: not a plausible hand-in time (before 2000 or in the future): no hand-in time, "
        "no late penalty; check when it was handed in"
    )


# --- who is who ------------------------------------------------------------------------------


def _name_students(identities, roster: Roster | None) -> dict[Identity, tuple[str, str]]:
    """The student id of every identity, with a note when the roster does not know it."""
    identities = {who for who in identities if who is not None}
    derived = _derived_ids(identities)
    named = {}
    for who in identities:
        student, why = (None, "") if roster is None else match(who, roster)
        if student is not None:
            named[who] = (student, "")
        elif roster is None:
            named[who] = (derived[who], "")
        else:  # never under the id of someone enrolled
            student = derived[who]
            if student in roster:
                student = safe_id(f"{student}_{who.key}")
            named[who] = (student, f"{why}: graded as {student!r}")
        if who.lms == "folder" and named[who][0] == derived[who] != who.key:
            named[who] = (named[who][0], _renamed(who.key, derived[who]))
    return named


def _renamed(name: str, student: str) -> str:
    """Why a folder's name is not its student id."""
    if any("\ud800" <= c <= "\udfff" for c in name):
        why = "is not valid UTF-8"
    elif not all(c.isprintable() for c in name):
        why = "holds control characters"
    elif len(name.encode()) > MAX_ID_BYTES:
        why = f"is longer than the {MAX_ID_BYTES} bytes of a student id"
    else:
        why = "holds characters a file name cannot have"
    return f"the folder name {shown(name)!r} {why}: graded as {student!r}"


def _derived_ids(identities) -> dict[Identity, str]:
    """Student ids for a download without a roster (see the module's description)."""
    ids: dict[Identity, str] = {}
    for who in identities:
        if who.lms == "folder":
            ids[who] = who.key
        elif who.lms == "canvas":
            ids[who] = who.name or f"anon_{who.key.lower()}"
        elif _slug(who.name) == "participant":  # Moodle's blind marking
            ids[who] = f"participant_{who.key}"
        else:
            ids[who] = _slug(who.name) or f"moodle_{who.key}"
    # one id for two people (two Canvas users or Moodle participants of one name, a folder of
    # that name): each one the LMS names gets its LMS id too; a folder keeps its name
    owners = defaultdict(set)
    ids = {who: safe_id(student) for who, student in ids.items()}
    for who, student in ids.items():
        owners[student].add(who)
    for who in ids:
        if who.lms != "folder" and len(owners[ids[who]]) > 1:
            ids[who] = safe_id(f"{ids[who]}_{who.key.lower()}")
    return ids


def match(who: Identity, roster: Roster) -> tuple[str | None, str]:
    """The roster id of ``who``, or None and why not."""
    if who.lms == "folder":
        for column in ("id", "email", "lms_user_id"):
            found = roster.by(column, who.key)
            if len(found) == 1:
                return found[0].id, ""
        return None, f"{who.describe()} is not in the roster"
    if who.lms == "canvas":
        found = (
            roster.by("lms_user_id", who.key)
            or roster.by("id", who.key)
            or roster.by("id", who.name)
        )
        if len(found) == 1:
            return found[0].id, ""
        found = [s for s in roster.students.values() if _canvas_name(s) == who.name]
    else:
        found = [s for s in roster.students.values() if _words(who.name) in _full_names(s)]
    if len(found) == 1:
        return found[0].id, ""
    if found:
        ids = ", ".join(sorted(s.id for s in found))
        return None, f"{who.describe()} matches {len(found)} students of the roster ({ids})"
    return None, f"{who.describe()} is not in the roster"


def _full_names(student) -> tuple[str, str]:
    """'ada lovelace' and 'lovelace ada': Moodle shows either, as the site is set up."""
    first, last = student.first_name, student.last_name
    return _words(f"{first} {last}"), _words(f"{last} {first}")


def _canvas_name(student) -> str:
    """A roster name as Canvas writes a sortable name into file names: 'lovelaceada'."""
    return re.sub(r"\W", "", f"{student.last_name}{student.first_name}".lower())


def _words(name: str) -> str:
    text = unicodedata.normalize("NFC", name).casefold().replace("_", " ")
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def _slug(name: str) -> str:
    return "_".join(_words(name).split())
