"""The class list: who is enrolled, their names and emails, their ids in the LMS, extensions.

A roster is a CSV file in the format of nbgrader's ``nbgrader db student import``::

    id,first_name,last_name,email
    ada,Ada,Lovelace,ada@example.edu

(``id,name,email`` is read too: "Lovelace, Ada" or "Ada Lovelace" is split into first and last
name). Optional columns: ``lms_user_id`` (nbgrader's: the Canvas user id), ``extension`` (this
student's extra time for every due date, e.g. ``2d``, ``36h``, ``1d12h``; see
:mod:`autograder.pipeline.late`), and, passed on to the LMS exports, ``sis_user_id``,
``sis_login_id``, ``section`` (Canvas) and ``idnumber`` (Moodle). Another column is ignored with
a warning. The roster given to ``grade --roster`` is kept in the course directory
(``COURSE/roster.csv``) and used by later runs until another is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from autograder import coursedir, csvsafe
from autograder.pipeline.late import parse_duration

FILE = coursedir.ROSTER
EXPORT_COLUMNS = ("sis_user_id", "sis_login_id", "section", "idnumber")
MAX_EXTENSION = dt.timedelta(days=366)
"""The longest extension: more is a typing error (and a due date plus it could overflow)."""


class RosterError(ValueError):
    """A roster that cannot be used; the message says which line and why."""


@dataclass(frozen=True)
class Enrolled:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    extension: str = ""  # as written in the roster ("2d"); "" for none
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    idnumber: str = ""

    @property
    def extension_delta(self) -> dt.timedelta | None:
        return parse_duration(self.extension) if self.extension else None

    def gradebook_fields(self) -> dict[str, str]:
        """What nbgrader's Student holds of this student (the fields that are known)."""
        known = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "lms_user_id": self.lms_user_id,
        }
        return {k: v for k, v in known.items() if v}


COLUMNS = tuple(f.name for f in fields(Enrolled))


@dataclass(frozen=True)
class Roster:
    students: dict[str, Enrolled]

    def __contains__(self, student_id: str) -> bool:
        return student_id in self.students

    def __getitem__(self, student_id: str) -> Enrolled:
        return self.students[student_id]

    @property
    def ids(self) -> list[str]:
        return sorted(self.students)

    def by(self, column: str, value: str) -> list[Enrolled]:
        """The students whose ``column`` equals ``value`` (case-insensitive for emails)."""
        if not value:
            return []
        if column == "email":
            return [s for s in self.students.values() if s.email.lower() == value.lower()]
        return [s for s in self.students.values() if getattr(s, column) == value]

    @classmethod
    def read(cls, path: Path) -> tuple[Roster, list[str]]:
        """Read and check a roster file; returns it and warnings (ignored columns)."""
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")  # a CR inside a quoted field kept
        except FileNotFoundError:
            raise RosterError(f"roster not found: {path}") from None
        except UnicodeDecodeError:
            raise RosterError(
                f"{path}: not a UTF-8 text file (save the roster as CSV UTF-8)"
            ) from None
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, where: str = "roster") -> tuple[Roster, list[str]]:
        reader = csv.DictReader(io.StringIO(text))
        try:
            header = [h.strip().lower() for h in reader.fieldnames or []]
        except csv.Error as err:
            raise RosterError(f"{where}, line 1: {err}") from None
        if "id" not in header:
            raise RosterError(
                f"{where}: no 'id' column (nbgrader's student import format: "
                "id,first_name,last_name,email; or id,name,email)"
            )
        known = set(COLUMNS) | {"name"}
        warnings = [
            f"{where}: column {name!r} ignored (known: {', '.join(COLUMNS)}, name)"
            for name in header
            if name not in known
        ]
        students: dict[str, Enrolled] = {}
        try:
            for raw in reader:
                line = reader.line_num
                student = _enrolled(raw, header, where, line, students)
                if student is not None:
                    students[student.id] = student
        except csv.Error as err:
            raise RosterError(f"{where}, line {reader.line_num + 1}: {err}") from None
        if not students:
            raise RosterError(f"{where}: no students in the roster")
        return cls(students), warnings

    def write(self, path: Path) -> Path:
        rows = [astuple(self.students[student_id]) for student_id in self.ids]
        return csvsafe.write(path, COLUMNS, rows)

    def save(self, course_root: Path) -> Path:
        """Keep this roster in the course directory, for the runs that give none."""
        return self.write(Path(course_root) / FILE)

    @classmethod
    def load(cls, course_root: Path) -> Roster | None:
        """The roster kept in a course directory, or None if it has none."""
        path = Path(course_root) / FILE
        if not path.is_file():
            return None
        kept = cls.read(path)[0].students.values()  # written by csvsafe: unquote its cells
        students = [Enrolled(*map(csvsafe.original, astuple(s))) for s in kept]
        return cls({s.id: s for s in students})


def split_name(name: str) -> tuple[str, str]:
    """'Lovelace, Ada' -> ('Ada', 'Lovelace'); 'Ada King Lovelace' -> ('Ada King', 'Lovelace')."""
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return " ".join(words[:-1]), words[-1]


def _enrolled(raw: dict, header: list[str], where: str, line: int, students: dict):
    """One row of a roster (None: an empty row); RosterError if it cannot be used."""
    if None in raw:  # more fields than the header names: a comma out of its quotes?
        raise RosterError(
            f"{where}, line {line}: {len(header) + len(raw[None])} fields, the header "
            f"has {len(header)} (a name with a comma must be in quotes: "
            '"Lovelace, Ada")'
        )
    row = {k.strip().lower(): (v or "").strip() for k, v in raw.items()}
    if not any(row.values()):
        return None
    student_id = row.get("id", "")
    if not student_id:
        raise RosterError(f"{where}, line {line}: empty id")
    if not coursedir.usable_id(student_id):
        shown = student_id if len(student_id) <= 40 else student_id[:40] + "..."
        raise RosterError(
            f"{where}, line {line}: id {shown!r} cannot be a student id (it names a "
            f"folder of the course: at most {coursedir.MAX_ID_BYTES} bytes, printable, "
            'none of / \\ : * ? " < > |)'
        )
    if student_id in students:
        raise RosterError(f"{where}, line {line}: id {student_id!r} appears twice")
    first, last = row.get("first_name", ""), row.get("last_name", "")
    if not (first or last) and row.get("name"):
        first, last = split_name(row["name"])
    extension = row.get("extension", "")
    if extension:
        try:
            extra = parse_duration(extension)
        except ValueError as err:
            raise RosterError(f"{where}, line {line}: extension: {err}") from None
        if extra > MAX_EXTENSION:
            raise RosterError(
                f"{where}, line {line}: extension {extension[:40]!r} is more than a year"
            )
    values = {c: row.get(c, "") for c in COLUMNS}
    values.update(id=student_id, first_name=first, last_name=last)
    return Enrolled(**values)
