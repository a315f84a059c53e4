"""Instructor commands: ``python -m autograder {generate,course,grade}``.

generate [--check]          regenerate chapters/ from solutions/ (nbgrader generate_assignment)
                            and the demos' data in nnlearn/data/ from autograder/demodata/;
                            with --check, only report drift (exit status 1 if any)
course DIR                  create/update an nbgrader course directory (config + source/), for
                            the plain nbgrader commands (release, collect, formgrader, export)
grade SUBMISSIONS --course DIR
                            autograde every notebook in SUBMISSIONS/<student>/, write feedback,
                            DIR/grades.csv (nbgrader export) and DIR/report.csv (status, reason)
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

from autograder import course as _course
from autograder import demodata

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


def _limits(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=_course.DEFAULT_TIMEOUT,
        help="seconds of its own time (running or asleep, not waiting for a busy machine) the "
        "student's code may use per cell before it is interrupted (default 30)",
    )
    parser.add_argument(
        "--wall-limit",
        type=seconds,
        default=None,
        help="wall-clock ceiling of any cell, the last resort for a hung cell or an overloaded "
        f"machine (default {_course.WALL_LIMIT_FACTOR} x --timeout)",
    )
    parser.add_argument(
        "--memory",
        type=parse_size,
        default=_course.DEFAULT_MEMORY,
        help="address-space limit of a grading kernel, e.g. 2G (default); 0: none",
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
    _limits(crs)
    grd = sub.add_parser("grade", help="autograde a folder of submissions")
    grd.add_argument("submissions", type=Path)
    grd.add_argument("--course", type=Path, required=True, help="nbgrader course directory")
    grd.add_argument(
        "--chapter",
        action="append",
        choices=_course.chapters(),
        help="grade only this chapter (repeatable; default: all)",
    )
    _limits(grd)
    grd.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the students' code without the bubblewrap sandbox, as your user "
        "(only where the sandbox cannot start and you trust the submissions)",
    )
    grd.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="submissions graded at once (default: one per core)",
    )
    for command in (crs, grd):
        command.add_argument(
            "--db-url",
            default=None,
            help="gradebook database (SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db); "
            "default: SQLite gradebook.db in the course directory",
        )
    args = parser.parse_args(argv)
    if args.command != "generate" and args.wall_limit and args.wall_limit < args.timeout:
        parser.error(
            f"--wall-limit {args.wall_limit:g} is below --timeout {args.timeout:g}: the ceiling "
            "must leave a cell at least its time limit"
        )
    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")

    if args.command == "generate":
        if args.check:
            problems = _course.drift() + demodata.drift()
            for line in problems:
                print(f"out of sync: {line}", file=sys.stderr)
            if problems:
                print("run `python -m autograder generate` and commit chapters/", file=sys.stderr)
                return 1
            print(f"chapters/ is in sync with solutions/ ({len(_course.chapters())} chapters)")
            return 0
        for path in _course.generate_student_edition() + demodata.write():
            print(f"wrote {path.relative_to(_course.REPO_ROOT)}")
        return 0
    if args.command == "course":
        root = _course.setup_course(
            args.dir,
            timeout=args.timeout,
            wall_limit=args.wall_limit,
            memory=args.memory,
            db_url=args.db_url,
        )
        print(
            f"course directory ready: {root}\n  cd {root} && nbgrader generate_assignment "
            f"{_course.chapters()[0] if _course.chapters() else 'CHAPTER'}"
        )
        return 0

    from autograder.grading import grade
    from autograder.sandbox import SandboxUnavailable

    try:
        outcomes = grade(
            args.submissions,
            args.course,
            selected=args.chapter,
            timeout=args.timeout,
            wall_limit=args.wall_limit,
            memory=args.memory,
            db_url=args.db_url,
            sandbox=not args.no_sandbox,
            jobs=args.jobs,
        )
    except (FileNotFoundError, SandboxUnavailable) as err:
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
