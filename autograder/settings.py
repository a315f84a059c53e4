"""The grading settings of a course: one object, passed explicitly, kept in the course directory.

``COURSE/autograder.json`` holds them; ``COURSE/nbgrader_config.py`` reads that file, so that the
plain ``nbgrader`` commands run in the course and ``python -m autograder grade`` grade alike. A
flag of the command line changes a setting only when it is given (:meth:`Settings.updated`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import coursedir

if TYPE_CHECKING:  # imported where used: the command line reads Settings without numpy
    from autograder.sandbox.launch import Limits

FILE = coursedir.SETTINGS
WALL_LIMIT_FACTOR = 10
"""The wall-clock ceiling of a cell, the last resort, is this many times the timeout unless set:
generous enough that a correct cell on a grader loaded ten times over still finishes."""


@dataclass(frozen=True)
class Settings:
    """How a course is graded.

    ``timeout``: seconds of the student's own time per cell (running or asleep, not waiting for
    a CPU: :mod:`autograder.sandbox.owntime`). ``wall_limit``: the wall-clock ceiling of any
    cell, the last resort (None: ``WALL_LIMIT_FACTOR`` x timeout). ``memory``: bytes of address
    space for the student's process (0: no limit). ``isolation``: ``"bwrap"`` (the sandbox) or
    ``"none"`` (``--no-sandbox``: the student's code runs as the grader's user). ``db_url``: the
    gradebook (SQLAlchemy URL; None: SQLite ``gradebook.db`` in the course directory).
    """

    timeout: float = 30.0
    wall_limit: float | None = None
    memory: int = 2 * 1024**3
    isolation: str = "bwrap"
    db_url: str | None = None

    def __post_init__(self):
        if not 0 < self.timeout < float("inf"):
            raise ValueError(f"timeout must be a positive number of seconds, got {self.timeout}")
        if self.wall_limit is not None and not self.timeout <= self.wall_limit < float("inf"):
            raise ValueError(
                f"wall_limit {self.wall_limit:g} must be at least the timeout {self.timeout:g}: "
                "the ceiling must leave a cell at least its time limit"
            )
        if self.memory < 0:
            raise ValueError(f"memory must be a number of bytes (0: no limit), got {self.memory}")
        if self.isolation not in ("bwrap", "none"):
            raise ValueError(f'isolation must be "bwrap" or "none", got {self.isolation!r}')

    @property
    def ceiling(self) -> int:
        """The wall-clock ceiling of a cell, in whole seconds."""
        return int(self.wall_limit or WALL_LIMIT_FACTOR * self.timeout)

    @property
    def sandboxed(self) -> bool:
        return self.isolation == "bwrap"

    def limits(self) -> Limits:
        """The student process's limits."""
        from autograder.sandbox.launch import Limits

        return Limits(isolation=self.isolation, memory=self.memory, cell_seconds=self.timeout)

    def gradebook_url(self, course_root: Path) -> str:
        # A writer holding SQLite for > 5 s would abort a concurrent one with a misleading error.
        return (
            self.db_url
            or f"sqlite:///{Path(course_root).resolve() / coursedir.GRADEBOOK}?timeout=60"
        )

    def updated(self, **given) -> Settings:
        """These settings with the ``given`` ones that are not None."""
        return replace(self, **{k: v for k, v in given.items() if v is not None})

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown grading settings {unknown}; known: {sorted(known)}")
        return cls(**data)

    def save(self, course_root: Path) -> Path:
        """Keep these settings in the course directory; not ``isolation``, which holds for one
        run only: a course is never left unsandboxed by a flag given once."""
        path = Path(course_root) / FILE
        saved = {k: v for k, v in self.to_dict().items() if k != "isolation"}
        path.write_text(json.dumps(saved, indent=2) + "\n")
        return path

    @classmethod
    def load(cls, course_root: Path) -> Settings | None:
        """The settings saved in a course directory, or None if it has none yet."""
        path = Path(course_root) / FILE
        if not path.is_file():
            return None
        try:
            return cls.from_dict(json.loads(path.read_text()))
        except (ValueError, TypeError) as err:
            raise ValueError(f"{path} is not a valid settings file: {err}") from None
