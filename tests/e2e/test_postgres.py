"""The PostgreSQL gradebook: a tiny class graded into a real, throwaway PostgreSQL server.

Two students hand in chapter 4: one solved it, one handed in the released stub. They are graded
with ``db_url`` pointing at a server started for this module (tests/support/pg.py), then once
more with the CLI's ``--db-url``; the scores are read back from PostgreSQL itself, and nothing
may go to the SQLite gradebook. A PostgreSQL URL that cannot be reached must stop the grading
with the database's error, not fall back to SQLite.
"""

import contextlib
import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from support import pg
from support.nbutil import CHAPTERS, REPO, SOLUTIONS, points, read, submission

from autograder.coursedir import COURSE_ID
from autograder.grading.run import grade
from autograder.settings import Settings

pytestmark = pytest.mark.slow

CHAPTER = "04_backpropagation"
POINTS = points(read(SOLUTIONS / f"{CHAPTER}.ipynb"))
TOTAL = sum(POINTS.values())
EXPECTED = {"solved": POINTS, "stub": dict.fromkeys(POINTS, 0.0)}  # student -> cell -> score

# Every graded cell's score, straight from nbgrader's tables.
CELL_SCORES = """
    SELECT sa.student_id, a.name, cell.name, g.auto_score
    FROM grade g
    JOIN base_cell cell ON cell.id = g.cell_id
    JOIN submitted_notebook sn ON sn.id = g.notebook_id
    JOIN submitted_assignment sa ON sa.id = sn.assignment_id
    JOIN assignment a ON a.id = sa.assignment_id
    ORDER BY 1, 2, 3
"""


@pytest.fixture(scope="module")
def postgres_url():
    """The SQLAlchemy URL of an empty database on a throwaway PostgreSQL server (unix socket
    only), stopped and deleted after this module. Fails, never skips, without the server."""
    try:
        bindir, missing = pg.find_bindir(), ""
    except pg.NotInstalled as err:
        bindir, missing = None, str(err)
    if bindir is None:
        pytest.fail(missing, pytrace=False)
    with pg.server(bindir) as url:
        yield url


def query(url: str, sql: str) -> list[tuple]:
    """Run ``sql`` with psycopg itself (not nbgrader, not SQLAlchemy) on the database of
    ``url``."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(dbname=u.database, user=u.username, host=u.query["host"]) as conn:
        return conn.execute(sql).fetchall()


def snapshot(url: str) -> dict:
    """The row count of every table of the gradebook, and every cell's score."""
    tables = query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    rows = {t: query(url, f'SELECT count(*) FROM "{t}"')[0][0] for (t,) in tables}
    return {"rows": rows, "scores": query(url, CELL_SCORES) if "grade" in rows else []}


@pytest.fixture(scope="module")
def submissions(tmp_path_factory) -> Path:
    """SUBMISSIONS/solved/ and SUBMISSIONS/stub/, chapter 4 each."""
    subs = tmp_path_factory.mktemp("class") / "submissions"
    stub = read(CHAPTERS / f"{CHAPTER}.ipynb")
    for student, nb in [("solved", submission(CHAPTER)), ("stub", stub)]:
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / f"{CHAPTER}.ipynb")
    return subs


@pytest.fixture(scope="module")
def graded(postgres_url, submissions):
    """The class graded in-process into PostgreSQL, then a second time with the CLI."""
    course = submissions.parent / "course"
    outcomes = grade(
        submissions,
        course,
        settings=Settings(db_url=postgres_url),
        selected=[CHAPTER],
        progress=lambda _: None,
    )
    first = snapshot(postgres_url)
    bindir = Path(sys.executable).parent
    cli = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", submissions, "--course", course]
        + ["--chapter", CHAPTER, "--db-url", postgres_url],
        cwd=REPO,
        env=dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return {
        "course": course,
        "outcomes": {o.student: o for o in outcomes},
        "first": first,
        "cli": cli,
        "second": snapshot(postgres_url),
    }


def test_the_solved_notebook_scores_full_marks_and_the_stub_zero(graded):
    solved, stub = graded["outcomes"]["solved"], graded["outcomes"]["stub"]
    assert solved.status == stub.status == "graded", (solved, stub)
    assert TOTAL > 0
    assert solved.score == solved.max_score == TOTAL
    assert (stub.score, stub.max_score) == (0, TOTAL)


def test_the_scores_are_stored_in_postgres(graded, postgres_url):
    assert query(postgres_url, "SELECT version()")[0][0].startswith("PostgreSQL ")
    stored = {(s, cell): score for s, a, cell, score in graded["first"]["scores"]}
    assert {a for _, a, _, _ in graded["first"]["scores"]} == {CHAPTER}
    assert stored == {(s, c): p for s, cells in EXPECTED.items() for c, p in cells.items()}

    from nbgrader.api import Gradebook

    with Gradebook(postgres_url, COURSE_ID) as gb:
        for student, cells in EXPECTED.items():
            sub = gb.find_submission(CHAPTER, student)
            assert (sub.score, sub.max_score) == (sum(cells.values()), TOTAL)
            nb = gb.find_submission_notebook(CHAPTER, CHAPTER, student)
            assert {g.name: g.score for g in nb.grades} == cells


def test_nothing_goes_to_sqlite(graded):
    """No student, submission or grade in any SQLite file of the course. The one SQLite file
    there is the workers' empty gradebook in the run cache (autograder/grading/cache.py: the
    chapters' cells and points, which each task copies and grades in)."""
    course = graded["course"]
    assert not (course / "gradebook.db").exists()
    for db in course.rglob("*.db"):
        assert db.parent.parent.parent == course / ".nnl-cache", db
        with contextlib.closing(sqlite3.connect(db)) as con:
            for table in ("student", "submitted_assignment", "submitted_notebook", "grade"):
                assert con.execute(f"select count(*) from {table}").fetchone() == (0,), table


def test_the_cli_grades_into_postgres_too(graded):
    cli = graded["cli"]
    assert cli.returncode == 0, cli.stdout[-3000:] + cli.stderr[-3000:]
    # the same files with the same settings: reused from the in-process run
    assert "2 of 2 notebooks graded (2 unchanged since an earlier run)" in cli.stdout
    report = csv.DictReader(open(graded["course"] / "report.csv"))
    assert {r["student"]: (r["status"], float(r["score"])) for r in report} == {
        "solved": ("unchanged", TOTAL),
        "stub": ("unchanged", 0.0),
    }
    exported = csv.DictReader(open(graded["course"] / "grades.csv"))  # from the gradebook
    assert {r["student_id"]: float(r["raw_score"]) for r in exported} == {
        "solved": TOTAL,
        "stub": 0.0,
    }
    assert not (graded["course"] / "gradebook.db").exists()


def test_regrading_gives_the_same_rows(graded):
    """The CLI graded the same submissions again: every table has as many rows as after the
    first grading (no duplicate students, submissions or grades) and the scores are the same."""
    first, second = graded["first"], graded["second"]
    assert first["rows"].get("student") == first["rows"].get("submitted_assignment") == 2
    assert first["rows"].get("grade") == 2 * len(POINTS)
    assert second == first


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("no server", "Is the server running"),
        ("no such database", 'database "no_such_gradebook" does not exist'),
    ],
)
def test_an_unreachable_gradebook_stops_the_grading(
    case, error, postgres_url, submissions, tmp_path
):
    """No silent fallback to SQLite: ``grade`` raises with PostgreSQL's own message."""
    if case == "no server":
        url = pg.url(tmp_path / "no-server-here")
    else:
        url = postgres_url.replace(f"/{pg.DATABASE}?", "/no_such_gradebook?")
        assert url != postgres_url
    course = tmp_path / "course"
    with pytest.raises(RuntimeError, match="cannot open the gradebook") as err:
        grade(
            submissions,
            course,
            settings=Settings(db_url=url),
            selected=[CHAPTER],
            progress=lambda _: None,
        )
    assert "OperationalError" in str(err.value) and error in str(err.value)
    assert not (course / "gradebook.db").exists()
    assert not (course / "submitted").exists()


def test_missing_postgresql_binaries_fail_with_how_to_install_them(tmp_path):
    with pytest.raises(pg.NotInstalled, match="apt-get install postgresql"):
        pg.find_bindir(tmp_path)
    for version, programs in [("9.6", "initdb pg_ctl"), ("15", "initdb pg_ctl"), ("16", "initdb")]:
        (tmp_path / version / "bin").mkdir(parents=True)
        for program in programs.split():
            (tmp_path / version / "bin" / program).touch()
    assert pg.find_bindir(tmp_path) == tmp_path / "15" / "bin"  # 16 lacks pg_ctl
