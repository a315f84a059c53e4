"""Instructor commands: ``python -m autograder {generate,course,grade,export}``.

generate [--check]          regenerate chapters/ from solutions/ (nbgrader generate_assignment)
                            and the demos' data in nnlearn/data/ from autograder/demodata/;
                            with --check, only report drift (exit status 1 if any)
course DIR                  create/update an nbgrader course directory (settings, config,
                            source/), for the plain nbgrader commands (release, collect,
                            formgrader, export)
grade SUBMISSIONS --course DIR
                            autograde every notebook in SUBMISSIONS/<student>/, write feedback,
                            DIR/grades.csv (nbgrader export) and DIR/report.csv (status, reason);
                            on this machine (--jobs) or a Dask cluster (--scheduler);
                            SUBMISSIONS may be a Canvas or Moodle download, flat or zipped;
                            --roster, --due/--late-penalty/--grace, --student/--force;
                            exit status 1 if notebooks were sent to grading and none could be
                            graded (a grader-side failure) or a due date could not apply (no
                            hand-in times; --ignore-times accepts it), 2 if the input is refused
                            (nothing is then created or changed), 130 on Ctrl-C (run the same
                            command again to resume)
export --course DIR --format canvas|moodle|feedback
                            write the LMS exports again: DIR/grades_canvas.csv,
                            DIR/grades_moodle.csv, DIR/feedback_zips/

The settings (--timeout, --wall-limit, --memory, --db-url) are kept in the course directory
(DIR/autograder.json): a flag changes one only when it is given. A --db-url that would change the
gradebook of an existing course is refused unless --move-gradebook is given (nothing is copied).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

from autograder.chapters import REPO_ROOT, names
from autograder.grading.admin import NO_DUE
from autograder.pipeline import late
from autograder.report.exports import FORMATS
from autograder.settings import WALL_LIMIT_FACTOR, Settings
from autograder.terminal import shown

# Nothing heavier is imported above (no nbformat, nbgrader, SQLAlchemy, matplotlib): --help and a
# refused argument answer at once. A command imports what it needs when it runs.


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad argument said in one line (not the whole usage first)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (--help lists the options)\n")


def _refusing(parse):
    """An argparse type from a parser that raises ValueError with the reason (argparse names it
    by the parser's name, without ``parse_``)."""

    def convert(text: str):
        try:
            return parse(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    convert.__name__ = parse.__name__.removeprefix("parse_")
    return convert


def positive(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return value


# --- the settings (Settings, kept in the course): --timeout --wall-limit --memory --db-url ------

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
NO_LIMIT = "none"


def parse_size(text: str) -> int:
    """'2G' -> 2147483648; '512M'; a plain number of bytes; 'none' (0) for no limit.

    A size too small for any Python process (a plain ``1``, ``1M``) passes here: grading
    measures the real minimum and refuses it with that number
    (:func:`autograder.sandbox.launch.check_available`)."""
    if text.strip().lower() == NO_LIMIT:
        return 0
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 2G, 512M, none)")
    size = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    if size <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is no memory at all; for no limit give {NO_LIMIT}"
        )
    return size


def seconds(text: str) -> float:
    """A positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def database_url(text: str) -> str:
    """A gradebook URL SQLAlchemy can open with a driver installed here (checked before
    anything is made; a password is never repeated in the message)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    examples = "examples: postgresql+psycopg://USER@HOST/DB, sqlite:////path/to/gradebook.db"
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise argparse.ArgumentTypeError(f"not a database URL ({examples})") from None
    masked = _shown(text)
    try:
        dialect = url.get_dialect()
    except NoSuchModuleError:
        raise argparse.ArgumentTypeError(
            f"{masked}: unknown kind of database {url.drivername!r} ({examples})"
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError as err:
        raise argparse.ArgumentTypeError(
            f"{masked}: its driver is not installed here ({err}); this course installs "
            "postgresql+psycopg and sqlite"
        ) from None
    return text


def _shown(url: str) -> str:
    """A database URL as it may be printed: its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _settings_flags(parser: argparse.ArgumentParser) -> None:
    defaults = Settings()
    parser.add_argument(
        "--timeout",
        type=seconds,
        help="seconds of its own time (running or asleep, not waiting for a busy machine) the "
        f"student's code may use per cell before it is interrupted (default {defaults.timeout:g})",
    )
    parser.add_argument(
        "--wall-limit",
        type=seconds,
        help="wall-clock ceiling of any cell, the last resort for a hung cell or an overloaded "
        f"machine (default {WALL_LIMIT_FACTOR} x --timeout)",
    )
    parser.add_argument(
        "--memory",
        type=parse_size,
        help="address-space limit of the process that runs each student's code (not of the "
        "tests), e.g. 512M; none: no limit (default 2G; too small to start is refused with "
        "the measured minimum)",
    )
    parser.add_argument(
        "--db-url",
        type=database_url,
        help="gradebook database (SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db); "
        "default: SQLite gradebook.db in the course directory; kept in the course",
    )
    parser.add_argument(
        "--move-gradebook",
        action="store_true",
        help="let --db-url change the gradebook of a course that has one: the course uses the "
        "new database from then on, which starts empty (nothing is copied; the old one is left "
        "as it was) and every submission is graded again into it",
    )


def _settings(args, course: Path, isolation: str = "bwrap") -> Settings:
    """The course's saved settings, with the flags that were given.

    A ``--db-url`` that would change the gradebook of an existing course is refused (ValueError)
    unless ``--move-gradebook`` is given: without the flag a typo, or a run meant for another
    course, would start an empty gradebook and grade everyone again into it."""
    saved = Settings.load(course)
    settings = (saved or Settings()).updated(
        timeout=args.timeout,
        wall_limit=args.wall_limit,
        memory=args.memory,
        db_url=args.db_url,
        isolation=isolation,
    )
    old, new = (s.gradebook_url(course) if s else None for s in (saved, settings))
    if saved is not None and old != new and not args.move_gradebook:
        raise ValueError(
            f"{course} keeps its grades in {_shown(old)} (its autograder.json); --db-url "
            f"{_shown(new)} would move the course to another gradebook, which starts empty "
            "(nothing is copied) and every submission would be graded again into it. Add "
            "--move-gradebook to do that, or leave --db-url out to keep the course's gradebook."
        )
    return settings


# --- course administration (Admin): --roster --due --late-penalty --grace --student --force ----


def due(text: str):
    """A due date with its time zone (:func:`autograder.pipeline.late.parse_due`), or 'none'."""
    return NO_DUE if text.strip().lower() == NO_DUE else _refusing(late.parse_due)(text)


def _admin_flags(grd: argparse.ArgumentParser) -> None:
    grd.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="CSV of the enrolled students (nbgrader's `db student import` format: "
        "id,first_name,last_name,email[,lms_user_id,extension]); kept in the course",
    )
    grd.add_argument(
        "--due",
        type=due,
        metavar="DATETIME",
        help="due date of the chapters of --chapter (required with it), with its time zone "
        "(2025-03-01T23:59+01:00, '2025-03-01 23:59 Europe/Berlin'; 'none' removes it)",
    )
    grd.add_argument(
        "--late-penalty",
        type=_refusing(late.parse_percent),
        metavar="PERCENT",
        help="percent of the earned score taken per started day late, e.g. 10%% "
        "(default 0%%: late work is reported, not penalised); kept in the course",
    )
    grd.add_argument(
        "--grace",
        type=_refusing(late.parse_seconds),
        metavar="DURATION",
        help="time after the due date that still counts as on time, e.g. 15m; kept in the course",
    )
    grd.add_argument(
        "--student",
        action="append",
        metavar="ID",
        help="grade only this student (repeatable; the others are left as recorded)",
    )
    grd.add_argument(
        "--force",
        action="store_true",
        help="grade again what an earlier run recorded, even if it is unchanged",
    )
    grd.add_argument(
        "--ignore-times",
        action="store_true",
        help="accept a download that does not say when each notebook was handed in (Canvas, "
        "Moodle) for chapters with a due date: graded without a late penalty, exit status 0",
    )


def _admin(args):
    from autograder.grading.admin import Admin

    return Admin(
        roster_file=args.roster,
        due=args.due,
        late_penalty=args.late_penalty,
        grace=args.grace,
        only=args.student,
        force=args.force,
        ignore_times=args.ignore_times,
    )


# --- the parser: one sub-command each, run by the function of its name below ----------------


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="python -m autograder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="regenerate chapters/ and nnlearn/data/")
    gen.add_argument("--check", action="store_true", help="report drift, change nothing")
    gen.set_defaults(run=generate)

    crs = sub.add_parser("course", help="create or update an nbgrader course directory")
    crs.add_argument("dir", type=Path)
    _settings_flags(crs)
    crs.set_defaults(run=course)

    grd = sub.add_parser("grade", help="autograde a folder of submissions")
    grd.add_argument("submissions", type=Path)
    grd.add_argument("--course", type=Path, required=True, help="nbgrader course directory")
    grd.add_argument(
        "--chapter",
        action="append",
        choices=names(),
        help="grade only this chapter (repeatable; default: all)",
    )
    _settings_flags(grd)
    grd.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the students' code without the bubblewrap sandbox, as your user "
        "(only where the sandbox cannot start and you trust the submissions; this run only)",
    )
    where = grd.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs",
        type=positive,
        help="submissions graded at once on this machine (default: one per core)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786)",
    )
    grd.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="folder of what runs reuse (the sandbox check, the releases; each entry checked "
        "against its inputs and the course's key before use; default: COURSE/.nnl-cache)",
    )
    _admin_flags(grd)
    grd.set_defaults(run=grade)

    exp = sub.add_parser("export", help="write the LMS exports of a graded course")
    exp.add_argument("--course", type=Path, required=True, help="nbgrader course directory")
    exp.add_argument(
        "--format",
        action="append",
        required=True,
        choices=FORMATS,
        help="canvas: grades_canvas.csv; moodle: grades_moodle.csv; feedback: "
        "feedback_zips/ (repeatable)",
    )
    exp.set_defaults(run=export)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    return args.run(args)


def _refused(err: Exception) -> int:
    print(f"error: {shown(str(err), lines=True)}", file=sys.stderr)
    return 2


# --- the commands --------------------------------------------------------------------------------


def generate(args) -> int:
    from autograder import demodata
    from autograder.edition import drift, generate_student_edition

    if args.check:
        problems = drift() + demodata.drift()
        for line in problems:
            print(f"out of sync: {line}", file=sys.stderr)
        if problems:
            print("run `python -m autograder generate` and commit chapters/", file=sys.stderr)
            return 1
        print(f"chapters/ is in sync with solutions/ ({len(names())} chapters)")
        return 0
    for path in generate_student_edition() + demodata.write():
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


def course(args) -> int:
    try:
        settings = _settings(args, args.dir)
    except ValueError as err:
        return _refused(err)
    from autograder.pipeline.course import setup_course

    if args.memory is not None:  # measured as grading would (the sandbox is checked there)
        from dataclasses import replace

        from autograder.grading.task import check_sandbox
        from autograder.sandbox.launch import SandboxUnavailable

        try:
            check_sandbox(replace(settings, isolation="none"))
        except SandboxUnavailable as err:
            return _refused(err)
    try:
        root = setup_course(args.dir, settings)
    except RuntimeError as err:  # the gradebook cannot be opened: nothing was made
        return _refused(err)
    print(f"course directory ready: {root}")
    print(f"  cd {root} && nbgrader generate_assignment {names()[0]}")
    return 0


def grade(args) -> int:
    try:
        settings = _settings(args, args.course, "none" if args.no_sandbox else "bwrap")
    except ValueError as err:
        return _refused(err)
    from autograder.intake.archive import DownloadError

    if not args.submissions.exists():  # refused at once, before the grading machinery loads
        return _refused(DownloadError(f"submissions folder not found: {args.submissions}"))
    from autograder.grading import run
    from autograder.grading.admin import AdminError
    from autograder.intake.roster import RosterError
    from autograder.report.record import RecordError
    from autograder.sandbox.launch import SandboxUnavailable

    try:
        outcomes = run.grade(
            args.submissions,
            args.course,
            settings=settings,
            selected=args.chapter,
            jobs=args.jobs,
            scheduler=args.scheduler,
            admin=(admin := _admin(args)),
            cache=args.cache,
        )
    except (
        FileNotFoundError,
        SandboxUnavailable,
        RuntimeError,
        RecordError,
        AdminError,
        DownloadError,
        RosterError,
    ) as err:
        return _refused(err)
    except KeyboardInterrupt:
        print(
            "\ninterrupted: what was graded is recorded; run the same command again to grade "
            "the rest (recorded submissions are not graded again)",
            file=sys.stderr,
        )
        return 130
    graded = sum(o.scored for o in outcomes)
    unchanged = sum(o.status == "unchanged" for o in outcomes)
    print(
        f"\n{graded} of {len(outcomes)} notebooks graded"
        + (f" ({unchanged} unchanged since an earlier run)" if unchanged else "")
        + f". Feedback: {args.course}/feedback/; "
        f"grades: {args.course}/grades.csv; status and reasons: {args.course}/report.csv; "
        f"class report: {args.course}/class_report.html"
    )
    for o in outcomes:
        if not o.scored:
            print(shown(f"  {o.status:8} {o.student} {o.chapter}: {o.full_reason}"))
    for line in admin.warnings:
        print(f"warning: {shown(line)}", file=sys.stderr)
    print(
        f"LMS exports: {args.course}/grades_canvas.csv, {args.course}/grades_moodle.csv; "
        f"feedback to upload: {args.course}/feedback_zips/"
    )
    failure = run.grader_failure(outcomes)
    if failure:
        print(f"error: {shown(failure)}", file=sys.stderr)
    for line in admin.errors:
        print(f"error: {shown(line)}", file=sys.stderr)
    return 1 if failure or admin.errors else 0


def export(args) -> int:
    from autograder.intake.roster import Roster
    from autograder.report.exports import write

    try:
        settings = Settings.load(args.course)
        if settings is None:
            raise ValueError(f"{args.course} is not a course directory (no autograder.json)")
        written = write(
            args.course, settings.gradebook_url(args.course), Roster.load(args.course), args.format
        )
    except ValueError as err:  # the course's settings or roster, as they are named
        return _refused(err)
    for path in written:
        print(f"wrote {shown(str(path))}")
    return 0
