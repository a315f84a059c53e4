"""What a grading run records for its report, without grading a notebook: the gradebook's
``flagged`` field and the resume marker (``unchanged`` rows keep their seconds), the rows merged
across ``--chapter`` / ``--student`` runs, the chapters of a run, and the exit status when the
grader, not the students, failed. The gradebooks are filled with nbgrader's API
(tests/support/gradebooks.py)."""

import json

import pytest
from support.gradebooks import course

from autograder.grading.run import _within, chapters_handed_in, grader_failure
from autograder.grading.task import CellScore, Result, Task
from autograder.outcome import Outcome
from autograder.report import record

CH = "04_backpropagation"
CH2 = "05_training_an_mlp"


def _flagged(writer, student, chapter=CH) -> bool:
    from nbgrader.api import Gradebook

    from autograder.coursedir import COURSE_ID

    with Gradebook(writer.db_url, COURSE_ID) as gb:
        return gb.find_submission_notebook(chapter, chapter, student).flagged


def _graded(task, score, seconds):
    return Result(
        task.student,
        task.chapter,
        "graded",
        seconds=seconds,
        cells=[CellScore("test", score, 10.0)],
        graded_notebook="{}",
    )


@pytest.fixture
def writer(tmp_path):
    return course(tmp_path / "course", {CH: 10.0}, {"ada": {}, "bo": {}})


def test_flags_reach_nbgrader_and_a_reused_grade_is_unchanged_with_its_seconds(writer):
    tampered = Task("ada", CH, "{}", "", "fp-ada", "misnamed", ["test cell test deleted: ..."])
    honest = Task("bo", CH, "{}", "", "fp-bo")
    first = writer.record(tampered, _graded(tampered, 7.0, 12.5))
    writer.record(honest, _graded(honest, 10.0, 3.0))
    assert (first.status, first.score, first.flags) == ("graded", 7.0, tampered.flags)
    assert _flagged(writer, "ada") and not _flagged(writer, "bo")

    again = writer.reuse(tampered)
    assert (again.status, again.score, again.max_score) == ("unchanged", 7.0, 10.0)
    assert (again.seconds, again.reason, again.flags) == (12.5, "misnamed", tampered.flags)
    assert writer.reuse(Task("ada", CH, "{}", "", "another file")) is None


def test_a_marker_of_the_earlier_format_is_still_reused(writer):
    from autograder.grading.gradebook import MARKER

    task = Task("ada", CH, "{}", "", "fp")
    writer.record(task, _graded(task, 7.0, 1.0))
    (writer.root / "autograded" / "ada" / CH / MARKER).write_text("fp\nmisnamed: graded as X")
    again = writer.reuse(task)
    assert (again.status, again.reason, again.seconds) == ("unchanged", "misnamed: graded as X", 0)


def test_a_reviewers_flag_is_kept_when_the_grade_is_reused(writer):
    """Formgrader's flag is the grader's: an unchanged notebook does not set or clear it."""
    from nbgrader.api import Gradebook

    from autograder.coursedir import COURSE_ID

    task = Task("bo", CH, "{}", "", "fp")
    writer.record(task, _graded(task, 10.0, 1.0))
    with Gradebook(writer.db_url, COURSE_ID) as gb:
        gb.find_submission_notebook(CH, CH, "bo").flagged = True
        gb.db.commit()
    assert writer.reuse(task) is not None and _flagged(writer, "bo")


def _row(student, chapter, status="graded", score=1.0, reason=""):
    return Outcome(student, chapter, status, score, 10.0, 2.0, reason)


def test_a_run_replaces_the_rows_it_covers_and_keeps_the_others(tmp_path):
    earlier = [
        _row("ada", CH, score=4.0),
        _row("ada", CH2, score=5.0),
        _row("bo", CH, score=6.0),
        _row("bo", "?", "invalid", 0.0, "old.txt: not a notebook"),
        _row("?", "?", "invalid", 0.0, "stray.txt: names no student"),
    ]
    record.save(tmp_path, earlier)
    assert record.load(tmp_path) == sorted(earlier, key=lambda o: (o.student, o.chapter))
    # --student bo --chapter CH: bo's CH row is replaced; bo's unrecognised file is gone
    now = [_row("bo", CH, "unchanged", 6.0)]
    merged = record.merge(record.load(tmp_path), now, ["bo"], [CH])
    assert [(o.student, o.chapter, o.status, o.score) for o in merged] == [
        ("?", "?", "invalid", 0.0),
        ("ada", CH, "graded", 4.0),
        ("ada", CH2, "graded", 5.0),
        ("bo", CH, "unchanged", 6.0),
    ]
    # --chapter CH2 for everyone: CH2's rows replaced (bo newly missing), CH's kept, and the
    # file that names no student is gone from the download
    now = [_row("ada", CH2, score=9.0), _row("bo", CH2, "missing", 0.0)]
    merged = record.merge(merged, now, ["ada", "bo", "?"], [CH2])
    assert [(o.student, o.chapter, o.status, o.score) for o in merged] == [
        ("ada", CH, "graded", 4.0),
        ("ada", CH2, "graded", 9.0),
        ("bo", CH, "unchanged", 6.0),
        ("bo", CH2, "missing", 0.0),
    ]


def test_a_notebook_missing_from_a_later_download_keeps_its_recorded_grade():
    earlier = [_row("ada", CH, score=4.0), _row("bo", CH, "missing", 0.0)]
    now = [_row("ada", CH, "missing", 0.0), _row("bo", CH, "missing", 0.0)]
    merged = record.merge(earlier, now, ["ada", "bo"], [CH])
    assert [(o.student, o.status, o.score) for o in merged] == [
        ("ada", "graded", 4.0),
        ("bo", "missing", 0.0),
    ]
    assert "grade recorded earlier stands" in merged[0].reason


def test_a_record_that_is_not_ours_is_refused_with_what_to_do(tmp_path):
    (tmp_path / record.RECORD).write_text('{"not": "a list of rows"}')
    with pytest.raises(record.RecordError, match="delete it"):
        record.load(tmp_path)
    assert record.load(tmp_path / "new course") == []


def test_the_chapters_of_a_run_are_those_someone_handed_in():
    found = {("ada", CH): object()}
    intake_rows = [
        Outcome("bo", CH2, "invalid", reason="x.ipynb: the file is empty"),
        Outcome("cy", CH, "missing", reason="no notebook handed in (the folder holds a.pdf)"),
        Outcome("cy", CH2, "missing", reason="no notebook handed in (the folder holds a.pdf)"),
        Outcome("cy", "01_decision_boundaries", "missing", reason="no notebook (a.pdf)"),
    ]
    selected = ["01_decision_boundaries", CH, CH2]
    assert chapters_handed_in(found, intake_rows, selected) == [CH, CH2]
    assert chapters_handed_in(found, intake_rows, [CH]) == [CH]
    kept = _within(intake_rows, [CH, CH2])
    assert [(o.student, o.chapter) for o in kept] == [("bo", CH2), ("cy", CH), ("cy", CH2)]
    # no chapter of the run left for cy: one row says what cy's folder held
    (only,) = _within(intake_rows[1:2], [])
    assert (only.student, only.chapter, only.status) == ("cy", "?", "missing")


@pytest.mark.parametrize(
    ("statuses", "fails"),
    [
        (["failed", "failed"], True),  # every notebook sent to grading failed: the grader's
        (["failed", "unchanged"], True),  # the one sent failed; the other was not sent
        (["failed", "graded"], False),  # one notebook graded: the grader works
        (["invalid", "missing", "graded"], False),  # the students' bad files are their grades
        (["invalid", "missing"], False),  # nothing sent to grading at all
        (["unchanged"], False),
    ],
)
def test_a_run_fails_when_no_notebook_sent_to_grading_was_graded(statuses, fails):
    outcomes = [Outcome(f"s{i}", CH, s, reason=f"why {i}") for i, s in enumerate(statuses)]
    message = grader_failure(outcomes)
    assert bool(message) == fails
    if fails:
        assert "no submission could be graded" in message and "why 0" in message


def test_the_command_exits_1_when_the_grader_failed_and_0_for_bad_notebooks(
    tmp_path, monkeypatch, capsys
):
    from autograder import cli
    from autograder.grading import run

    subs = tmp_path / "subs"
    (subs / "ada").mkdir(parents=True)
    results = {
        "grader": [Outcome("ada", CH, "failed", reason="RuntimeError: Kernel died")],
        "students": [
            Outcome("ada", CH, "invalid", reason="a.ipynb: not valid JSON"),
            Outcome("bo", CH, "graded", 0.0, 10.0),
        ],
    }
    for case, expected in [("grader", 1), ("students", 0)]:
        monkeypatch.setattr(run, "grade", lambda *a, case=case, **k: results[case])
        assert cli.main(["grade", str(subs), "--course", str(tmp_path / "c")]) == expected
        err = capsys.readouterr().err
        assert ("no submission could be graded" in err) == (expected == 1), err
        if expected:
            assert "RuntimeError: Kernel died" in err


def test_a_course_graded_before_the_record_starts_from_its_report_csv(tmp_path):
    """An earlier version wrote report.csv only: its rows are kept by the next partial run."""
    from autograder.report.tables import write_report

    rows = [_row("ada", CH, score=4.0, reason="misnamed"), _row("bo", CH2, "missing", 0.0)]
    write_report(rows, tmp_path / "report.csv")
    assert record.load(tmp_path) == rows
    (tmp_path / "report.csv").write_text("name,grade\nada,4\n")
    with pytest.raises(record.RecordError, match="move it away"):
        record.load(tmp_path)


def test_the_record_is_plain_json(tmp_path):
    record.save(tmp_path, [_row("ada", CH)])
    (row,) = json.loads((tmp_path / record.RECORD).read_text())
    assert row["student"] == "ada" and row["status"] == "graded"


# -- whole runs, with an executor that scores instead of grading ----------------------------------


class Scorer:
    """An executor that grades nothing: every test cell of a task gets ``fraction`` of its
    points (read from the release's nbgrader metadata), or every task fails (``fraction`` None:
    a grader-side failure, as a kernel that cannot start)."""

    def __init__(self, fraction=1.0):
        self.fraction = fraction
        self.seen = []

    def check(self, settings, code):
        pass

    def describe(self):
        return "a scorer"

    def results(self, package, tasks):
        import nbformat

        for task in tasks:
            self.seen.append(task.key)
            if self.fraction is None:
                yield task, Result.failure(task, "RuntimeError: Kernel died before replying")
                continue
            release = nbformat.reads(package.releases[task.chapter], as_version=4)
            cells = [
                CellScore(m["grade_id"], self.fraction * m["points"], float(m["points"]))
                for m in (c.metadata.get("nbgrader", {}) for c in release.cells)
                if m.get("grade") and "points" in m
            ]
            yield (
                task,
                Result(
                    task.student,
                    task.chapter,
                    "graded",
                    seconds=4.5,
                    cells=cells,
                    graded_notebook=task.notebook,
                ),
            )


def _folder(root, files):
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def _report(course):
    import csv

    with open(course / "report.csv", newline="") as fh:
        return {(r["student"], r["chapter"]): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def released():
    from support.nbutil import CHAPTERS

    return {ch: (CHAPTERS / f"{ch}.ipynb").read_text() for ch in (CH, CH2)}


def test_runs_merge_their_rows_and_reuse_reports_unchanged(tmp_path, released):
    from autograder.grading.run import grade

    quiet = {"progress": lambda _: None}
    first = _folder(
        tmp_path / "first", {f"ada/{CH}.ipynb": released[CH], f"bo/{CH}.ipynb": "{not json"}
    )
    course = tmp_path / "course"
    outcomes = grade(first, course, selected=[CH, CH2], executor=Scorer(), **quiet)
    # CH2: nobody handed it in: not a chapter of this run, no "missing" rows
    assert sorted((o.student, o.chapter, o.status) for o in outcomes) == [
        ("ada", CH, "graded"),
        ("bo", CH, "invalid"),
    ]
    notice = course / "feedback" / "bo" / CH / f"{CH}.html"
    assert "not valid JSON" in notice.read_text() and "Open it in JupyterLab" in notice.read_text()

    # chapter 2 alone, from another folder: chapter 1's rows stay in the reports
    second = _folder(tmp_path / "second", {f"bo/{CH2}.ipynb": released[CH2]})
    grade(second, course, selected=[CH2], executor=Scorer(0.5), **quiet)
    rows = _report(course)
    assert {k: r["status"] for k, r in rows.items()} == {
        ("ada", CH): "graded",
        ("bo", CH): "invalid",
        ("bo", CH2): "graded",
    }
    assert float(rows[("bo", CH2)]["score"]) == 0.5 * float(rows[("bo", CH2)]["max_score"])
    import csv

    with open(course / "class_report_students.csv", newline="") as fh:
        assert {(r["student"], r["chapter"]) for r in csv.DictReader(fh)} == set(rows)

    # the first folder again: ada's notebook is unchanged, with the seconds of its grading
    scorer = Scorer()
    again = grade(first, course, selected=[CH, CH2], executor=scorer, **quiet)
    assert scorer.seen == []
    assert [(o.student, o.status, o.seconds) for o in again if o.student == "ada"] == [
        ("ada", "unchanged", 4.5)
    ]
    rows = _report(course)
    assert rows[("ada", CH)]["status"] == "unchanged" and rows[("ada", CH)]["seconds"] == "4.5"
    assert rows[("bo", CH2)]["status"] == "graded", "a chapter this run did not cover was lost"


def test_a_run_whose_every_task_fails_is_a_grader_failure(tmp_path, released, monkeypatch):
    from autograder.grading.gradebook import Writer
    from autograder.grading.run import grade

    subs = _folder(tmp_path / "subs", {f"ada/{CH}.ipynb": released[CH]})
    outcomes = grade(
        subs, tmp_path / "c1", selected=[CH], executor=Scorer(None), progress=lambda _: None
    )
    assert [o.status for o in outcomes] == ["failed"] and grader_failure(outcomes)

    def refuse(self, task, result):
        raise OSError("database is locked")

    monkeypatch.setattr(Writer, "record", refuse)
    outcomes = grade(
        subs, tmp_path / "c2", selected=[CH], executor=Scorer(), progress=lambda _: None
    )
    assert [(o.status, o.reason) for o in outcomes] == [
        ("failed", "the gradebook could not record it: OSError: database is locked")
    ]
    assert "database is locked" in grader_failure(outcomes)


def test_a_run_says_its_progress_scores_are_before_the_late_policy(tmp_path, released):
    """The progress lines print each score as it is graded, before the late policy (applied
    once every submission is recorded): the run then says how many lost points for lateness."""
    from autograder.grading.admin import Admin
    from autograder.grading.run import grade
    from autograder.pipeline.late import parse_due

    folder = _folder(
        tmp_path / "in",
        {
            f"ada/{CH}/{CH}.ipynb": released[CH],
            f"ada/{CH}/timestamp.txt": "2025-03-01 20:00:00 UTC",  # on time
            f"bo/{CH}/{CH}.ipynb": released[CH],
            f"bo/{CH}/timestamp.txt": "2025-03-03 20:00:00 UTC",  # two days late
        },
    )
    lines = []
    admin = Admin(due=parse_due("2025-03-01 23:59Z"), late_penalty=10.0)
    outcomes = grade(
        folder,
        tmp_path / "course",
        selected=[CH],
        executor=Scorer(),
        progress=lines.append,
        admin=admin,
    )
    scores = {o.student: (o.score, o.late_penalty) for o in outcomes}
    top = outcomes[0].max_score
    assert scores == {"ada": (top, 0.0), "bo": (pytest.approx(0.8 * top), pytest.approx(0.2 * top))}
    assert any(f"bo {CH}: graded {top:g}/{top:g}" in line for line in lines)  # before the policy
    assert lines[-1].startswith("late policy: 1 of these submissions lost points")
