"""Instructor commands: ``python -m autograder {generate,course,grade}``.

generate [--check]          regenerate chapters/ from solutions/ (nbgrader generate_assignment)
                            and the demos' data in nnlearn/data/ from autograder/demodata/;
                            with --check, only report drift (exit status 1 if any)
course DIR                  create/update an nbgrader course directory (settings, config,
                            source/), for the plain nbgrader commands (release, collect,
                            formgrader, export)
grade SUBMISSIONS --course DIR
                            autograde every notebook in SUBMISSIONS/<student>/, write feedback,
                            DIR/grades.csv (nbgrader export) and DIR/report.csv (status, reason);
                            on this machine (--jobs) or a Dask cluster (--scheduler)

The settings (--timeout, --wall-limit, --memory, --db-url) are kept in the course directory
(DIR/autograder.json): a flag changes one only when it is given.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

from autograder import demodata
from autograder.chapters import REPO_ROOT, names
from autograder.settings import WALL_LIMIT_FACTOR, Settings

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    """'2G' -> 2147483648; '512M'; a plain number of bytes; '0' for no limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 2G, 512M, 0)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def seconds(text: str) -> float:
    """A positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def positive(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return value


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
        help="address-space limit of a grading kernel, e.g. 2G (default); 0: none",
    )
    parser.add_argument(
        "--db-url",
        help="gradebook database (SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db); "
        "default: SQLite gradebook.db in the course directory",
    )


def _settings(args, course: Path, isolation: str = "bwrap") -> Settings:
    """The course's saved settings, with the flags that were given."""
    saved = Settings.load(course) or Settings()
    return saved.updated(
        timeout=args.timeout,
        wall_limit=args.wall_limit,
        memory=args.memory,
        db_url=args.db_url,
        isolation=isolation,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="regenerate chapters/ and nnlearn/data/")
    gen.add_argument("--check", action="store_true", help="report drift, change nothing")
    crs = sub.add_parser("course", help="create or update an nbgrader course directory")
    crs.add_argument("dir", type=Path)
    _settings_flags(crs)
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
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")

    if args.command == "generate":
        return _generate(args.check)
    isolation = "none" if getattr(args, "no_sandbox", False) else "bwrap"
    course = args.dir if args.command == "course" else args.course
    try:
        settings = _settings(args, course, isolation)
    except ValueError as err:
        parser.error(str(err))
    if args.command == "course":
        from autograder.pipeline.course import setup_course

        root = setup_course(args.dir, settings)
        print(f"course directory ready: {root}")
        print(f"  cd {root} && nbgrader generate_assignment {names()[0]}")
        return 0
    return _grade(args, settings)


def _generate(check: bool) -> int:
    from autograder.edition import drift, generate_student_edition

    if check:
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


def _grade(args, settings: Settings) -> int:
    from autograder.grading.run import grade
    from autograder.sandbox.launch import SandboxUnavailable

    try:
        outcomes = grade(
            args.submissions,
            args.course,
            settings=settings,
            selected=args.chapter,
            jobs=args.jobs,
            scheduler=args.scheduler,
        )
    except (FileNotFoundError, SandboxUnavailable, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    graded = sum(o.status == "graded" for o in outcomes)
    print(
        f"\n{graded} of {len(outcomes)} notebooks graded. Feedback: {args.course}/feedback/; "
        f"grades: {args.course}/grades.csv; status and reasons: {args.course}/report.csv; "
        f"class report: {args.course}/class_report.html"
    )
    for o in outcomes:
        if o.status != "graded":
            print(f"  {o.status:8} {o.student} {o.chapter}: {o.reason}")
    return 0
