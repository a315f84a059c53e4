"""The late policy: a due date per chapter, a penalty per started day late, a grace period.

The policy, exactly (``P`` the earned score, ``due`` the chapter's due date, ``ext`` the student's
extension from the roster, ``t`` the hand-in time)::

    late  = max(0, t - (due + ext))             nbgrader's SubmittedAssignment.total_seconds_late
    late <= grace                    ->  no penalty (on time, or within the grace period)
    otherwise  days = ceil(late / 24 h)          started days, counted from due + ext
               penalty = P * min(100, rate * days) / 100

``rate`` is ``--late-penalty`` in percent of the earned score per started day (10%: a day late
keeps 90%, two days 80%, ten days or more nothing). The penalty is nbgrader's own
``late_submission_penalty`` of the submission's notebook; nbgrader's ``grades.csv`` then has
``raw_score``, ``late_submission_penalty`` and ``score = raw_score - penalty``. A submission
whose hand-in time is not known (an LMS download that does not carry it) gets no penalty, and
its report row says so.

The due date lives where nbgrader keeps it (the assignment's ``duedate`` in the gradebook, shown
by Formgrader); the rate and the grace period in ``COURSE/late_policy.json``. The penalty is
computed by the client, which writes the gradebook, never on a grading worker
(:meth:`autograder.grading.gradebook.Writer.apply_late_policy`), with
:class:`~autograder.pipeline.late_plugin.DailyPenalty`, an nbgrader ``LateSubmissionPlugin``,
which the course's ``nbgrader_config.py`` also gives plain ``nbgrader autograde``
(:func:`autograder.pipeline.course.configure`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from autograder import coursedir

FILE = coursedir.LATE_POLICY
DAY = 24 * 3600.0
_UNITS = {"w": 7 * DAY, "d": DAY, "h": 3600.0, "m": 60.0, "min": 60.0, "s": 1.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(min|w|d|h|m|s)", re.IGNORECASE)
_DURATION = re.compile(r"(?:\s*\d+(?:\.\d+)?\s*(?:min|w|d|h|m|s))+", re.IGNORECASE)


def parse_duration(text: str) -> dt.timedelta:
    """'15m' -> 15 minutes; '2d', '36h', '1d12h', '90s', '1w'; '0' for none."""
    compact = text.strip()
    if compact == "0":
        return dt.timedelta(0)
    if not _DURATION.fullmatch(compact):
        raise ValueError(f"not a duration: {text!r} (examples: 15m, 2h, 2d, 1d12h, 0)")
    seconds = sum(float(m.group(1)) * _UNITS[m.group(2).lower()] for m in _PART.finditer(compact))
    try:
        return dt.timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError(f"not a duration a course can use: {text!r} (too long)") from None


def parse_percent(text: str) -> float:
    """'10%' -> 10.0 (a percentage from 0 to 100, with its % sign)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", text)
    if not match:
        raise ValueError(f"not a percentage: {text!r} (example: 10%)")
    value = float(match.group(1))
    if value > 100:
        raise ValueError(f"a penalty per day is at most 100%, got {text!r}")
    return value


def parse_seconds(text: str) -> float:
    """A duration (:func:`parse_duration`) in seconds."""
    return parse_duration(text).total_seconds()


def parse_due(text: str) -> dt.datetime:
    """A due date with its time of day and its time zone: '2025-03-01T23:59+01:00',
    '2025-03-01 23:59Z', '2025-03-01 23:59 Europe/Berlin'. Without a zone it is refused (the
    grades must not depend on the time zone of the machine that grades), and so is a date
    without a time (its midnight starts the day that "due on the 1st" means to the end of)."""
    given = text.strip()
    examples = "2025-03-01T23:59+01:00, 2025-03-01 23:59Z, 2025-03-01 23:59 Europe/Berlin"
    zone, text = None, given
    head, _, last = given.rpartition(" ")
    if head and ("/" in last or last.upper() == "UTC"):
        try:
            zone = ZoneInfo("UTC" if last.upper() == "UTC" else last)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {last!r} in {given!r}") from None
        text = head
    try:
        dt.date.fromisoformat(text.removesuffix("Z"))
    except ValueError:
        pass
    else:
        raise ValueError(f"{given!r} has no time of day: give it ({examples})")
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date and time: {given!r} (examples: {examples})") from None
    if zone is not None:
        if when.tzinfo is not None:
            raise ValueError(f"two time zones in {given!r}")
        when = when.replace(tzinfo=zone)
    if when.tzinfo is None:
        raise ValueError(f"{given!r} has no time zone: add one ({examples})")
    return when


def to_gradebook(when: dt.datetime) -> dt.datetime:
    """nbgrader's convention: naive UTC."""
    return when.astimezone(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class LatePolicy:
    """``penalty_per_day``: percent of the earned score per started day late (0: late
    submissions are reported, not penalised); ``grace``: seconds after the due date (and the
    extension) that still count as on time."""

    penalty_per_day: float = 0.0
    grace: float = 0.0

    def __post_init__(self):
        if not 0 <= self.penalty_per_day <= 100:
            raise ValueError(f"penalty_per_day must be 0 to 100 (%), got {self.penalty_per_day}")
        if self.grace < 0:
            raise ValueError(f"grace must be at least 0 seconds, got {self.grace}")

    def updated(self, **given) -> LatePolicy:
        return replace(self, **{k: v for k, v in given.items() if v is not None})

    def penalty(self, score: float, seconds_late: float) -> float:
        """Points taken off ``score`` for a submission ``seconds_late`` after its due date."""
        if seconds_late <= self.grace or score <= 0:
            return 0.0
        return score * min(100.0, self.penalty_per_day * started_days(seconds_late)) / 100

    def explain(self, score: float, seconds_late: float) -> str:
        """The report's words for the penalty of a late submission ("" if on time)."""
        if seconds_late <= 0:
            return ""
        late = f"handed in {duration_text(seconds_late)} late"
        if seconds_late <= self.grace:
            return f"{late}, within the {duration_text(self.grace)} grace period: no penalty"
        days = started_days(seconds_late)
        percent = min(100.0, self.penalty_per_day * days)
        if not percent:
            return f"{late} (no late penalty set)"
        return (
            f"{late} ({days} started day{'s' * (days != 1)} x {self.penalty_per_day:g}% = "
            f"{percent:g}%): -{self.penalty(score, seconds_late):g} of {score:g} points"
        )

    def save(self, course_root: Path) -> Path:
        path = Path(course_root) / FILE
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")
        return path

    @classmethod
    def load(cls, course_root: Path) -> LatePolicy:
        """The course's policy (defaults if it has none)."""
        path = Path(course_root) / FILE
        if not path.is_file():
            return cls()
        try:
            return cls(**json.loads(path.read_text()))
        except (ValueError, TypeError) as err:
            raise ValueError(f"{path} is not a valid late policy: {err}") from None


def started_days(seconds_late: float) -> int:
    return max(1, math.ceil(seconds_late / DAY))


def duration_text(seconds: float) -> str:
    """3725 -> '1 h 2 min'; 90000 -> '1 d 1 h'; 30 -> '30 s'."""
    seconds = round(seconds)
    days, rest = divmod(seconds, int(DAY))
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min")]
    text = " ".join(f"{n} {unit}" for n, unit in parts if n)
    return text or f"{secs} s"
