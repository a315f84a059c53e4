"""The late policy: --due, --late-penalty per started day, --grace, extensions from the roster.

Every expected penalty is worked out by hand from the policy as the instructor manual
(docs/instructors.md) states it: late = hand-in - (due + extension); within the grace period
nothing; else ceil(late / 1 day) started days x the rate, of the earned score, at most all of
it. No notebook is graded here: the submissions are written into a gradebook with nbgrader's
API, as a grading run leaves them.
"""

import csv
import datetime as dt

import pytest
from support.gradebooks import course, hand_in

from autograder.cli import main
from autograder.grading.admin import NO_DUE, Admin
from autograder.outcome import Outcome
from autograder.pipeline.late import (
    LatePolicy,
    parse_due,
    parse_duration,
    parse_percent,
)
from autograder.pipeline.late_plugin import DailyPenalty
from autograder.report.tables import export_grades

CH = "04_backpropagation"
HOUR = 3600.0
DAY = 24 * HOUR


@pytest.mark.parametrize(
    "seconds_late, penalty",
    [
        (0, 0.0),  # on time
        (15 * 60, 0.0),  # the last second of the 15 min grace period
        (15 * 60 + 1, 1.3),  # after it: one started day, 10% of 13
        (DAY, 1.3),  # exactly one day late: still one day
        (DAY + 1, 2.6),  # into the second day
        (9 * DAY + 1, 13.0),  # ten started days: 100%
        (40 * DAY, 13.0),  # never more than the score
    ],
)
def test_penalty_per_started_day_after_the_grace_period(seconds_late, penalty):
    policy = LatePolicy(penalty_per_day=10.0, grace=15 * 60)
    assert policy.penalty(13.0, seconds_late) == pytest.approx(penalty, abs=1e-12)
    plugin = DailyPenalty(penalty_per_day=10.0, grace_period=15 * 60)  # as nbgrader calls it
    assert plugin.late_submission_penalty("ada", 13.0, seconds_late) == policy.penalty(
        13.0, seconds_late
    )


def test_no_rate_reports_late_work_without_penalty():
    policy = LatePolicy()
    assert policy.penalty(13.0, 3 * DAY) == 0
    assert "3 d late" in policy.explain(13.0, 3 * DAY)
    assert "25%" in LatePolicy(25.0).explain(8.0, 2 * DAY + 5)  # 3 days x 25% = 75%: -6
    assert "-6 of 8 points" in LatePolicy(25.0).explain(8.0, 2 * DAY + 5)


@pytest.mark.parametrize(
    "text, utc",
    [
        ("2025-03-01T23:59+01:00", dt.datetime(2025, 3, 1, 22, 59)),
        ("2025-03-01 23:59Z", dt.datetime(2025, 3, 1, 23, 59)),
        ("2025-07-01 23:59 Europe/Berlin", dt.datetime(2025, 7, 1, 21, 59)),  # summer time
        ("2025-03-01 09:00 America/New_York", dt.datetime(2025, 3, 1, 14, 0)),
    ],
)
def test_due_dates_carry_their_time_zone(text, utc):
    assert parse_due(text).astimezone(dt.UTC).replace(tzinfo=None) == utc


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-01 23:59",
        "tomorrow",
        "2025-03-01 23:59 Mars/Base",
        "2025-03-01 Europe/Berlin",  # no time of day: not the midnight that starts the day
        "2025-03-01Z",
    ],
)
def test_a_due_date_without_a_zone_or_unreadable_is_refused(text, capsys):
    with pytest.raises(ValueError):
        parse_due(text)
    with pytest.raises(SystemExit):
        main(["grade", "subs", "--course", "c", "--due", text])
    assert "--due" in capsys.readouterr().err


def test_durations_and_percentages():
    assert parse_duration("15m") == dt.timedelta(minutes=15)
    assert parse_duration("1d12h") == dt.timedelta(hours=36)
    assert parse_duration("2 d") == dt.timedelta(days=2)
    assert parse_duration("0") == dt.timedelta(0)
    assert parse_percent("10%") == 10.0
    for bad in ["15", "fifteen", "-1d", "2x", "99999999999w"]:
        with pytest.raises(ValueError, match="not a duration"):
            parse_duration(bad)
    for bad in ["10", "110%", "-5%"]:
        with pytest.raises(ValueError):
            parse_percent(bad)


ROSTER = (
    "id,first_name,last_name,email,extension\nada,Ada,Lovelace,ada@x.edu,\nbo,Bo,Li,bo@x.edu,1d\n"
)
DUE = "2025-03-01 23:59 Europe/Berlin"  # 22:59 UTC


def _stamp(hours_after_due: float) -> str:
    when = dt.datetime(2025, 3, 1, 22, 59, tzinfo=dt.UTC) + dt.timedelta(hours=hours_after_due)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


@pytest.fixture
def late_course(tmp_path):
    """Five graded submissions of 10 points each, around one due date."""
    people = {s: {} for s in ["ada", "bo", "cy", "di", "ed"]}
    writer = course(tmp_path / "course", {CH: 10.0}, people)
    hand_in(writer, "ada", CH, 10.0, _stamp(-2))  # two hours early
    hand_in(writer, "bo", CH, 10.0, _stamp(24 + 2))  # 26 h late, but an extension of 1 d
    hand_in(writer, "cy", CH, 10.0, _stamp(0.1))  # 6 min late: within the grace period
    hand_in(writer, "di", CH, 8.0, _stamp(49))  # 49 h late: 3 started days
    hand_in(writer, "ed", CH, 10.0, None)  # a Canvas download: no hand-in time
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(ROSTER + "cy,Cy,Ng,cy@x.edu,\ndi,Di,Wu,di@x.edu,\ned,Ed,Ro,ed@x.edu,\n")
    return writer, roster_file


RAW = {"ada": 10.0, "bo": 10.0, "cy": 10.0, "di": 8.0, "ed": 10.0}  # late_course's scores


def _run(writer, admin, chapters=(CH,)):
    """What a run does around grading: Admin.load (check without a download), record,
    penalise."""
    admin.load(writer.root)
    admin.record(writer, writer.root, list(chapters), ["ada", "bo", "cy", "di", "ed"], {})
    outcomes = [Outcome(s, CH, "graded", 10.0, 10.0) for s in ["ada", "bo", "cy", "di", "ed"]]
    admin.penalise(writer, outcomes, list(chapters))
    return {o.student: o for o in outcomes}


def test_the_writer_applies_the_policy_with_nbgrader(late_course, tmp_path):
    writer, roster_file = late_course
    admin = Admin(roster_file=roster_file, due=parse_due(DUE), late_penalty=10.0, grace=900.0)
    outcomes = _run(writer, admin)
    # ada: on time. bo: 26 h after the due date, 2 h after due + 1 d: one day, 10% of 10.
    # cy: within grace. di: 49 h: ceil(49 / 24) = 3 days, 30% of 8 = 2.4. ed: time unknown.
    expected = {"ada": 10.0, "bo": 9.0, "cy": 10.0, "di": 5.6, "ed": 10.0}
    assert {s: round(o.score, 9) for s, o in outcomes.items()} == expected
    assert "1 started day" in outcomes["bo"].full_reason
    assert "grace period" in outcomes["cy"].full_reason
    assert (
        "3 started days" in outcomes["di"].full_reason and "-2.4 of 8" in outcomes["di"].full_reason
    )
    assert "does not say when it was handed in" in outcomes["ed"].full_reason
    assert outcomes["ada"].full_reason == ""
    export_grades(writer.db_url, tmp_path / "grades.csv")  # nbgrader's own export
    with open(tmp_path / "grades.csv") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert float(rows["di"]["raw_score"]) == 8.0
    assert float(rows["di"]["late_submission_penalty"]) == pytest.approx(2.4)
    assert float(rows["di"]["score"]) == pytest.approx(5.6)
    assert rows["ada"]["duedate"].startswith("2025-03-01 22:59")


def test_the_policy_is_kept_and_applies_again_without_flags(late_course):
    """A run that forgets the flags grades as the last one did; --due none removes the date."""
    writer, roster_file = late_course
    _run(writer, Admin(roster_file=roster_file, due=parse_due(DUE), late_penalty=10.0))
    again = _run(writer, Admin())
    assert round(again["di"].score, 9) == 5.6
    assert round(again["cy"].score, 9) == 9.0  # no grace period was ever given: 1 day
    gone = _run(writer, Admin(due=NO_DUE))
    # no penalty: every score is the raw score of the gradebook (di earned 8)
    assert {s: o.score for s, o in gone.items()} == RAW and not gone["di"].full_reason


def test_without_the_extension_the_same_hand_in_costs_two_days(late_course):
    writer, _ = late_course
    outcomes = _run(writer, Admin(due=parse_due(DUE), late_penalty=10.0))
    assert round(outcomes["bo"].score, 9) == 8.0  # 26 h: 2 started days


def test_a_penalty_without_a_due_date_is_warned_of(late_course):
    """--late-penalty given for a chapter that has no due date (a forgotten --due) penalises
    nothing: the run says so."""
    writer, _ = late_course
    admin = Admin(late_penalty=10.0)
    outcomes = _run(writer, admin)
    assert {s: o.score for s, o in outcomes.items()} == RAW and not outcomes["di"].full_reason
    assert [w for w in admin.warnings if "no due date for 04_backpropagation" in w]
    dated = Admin(due=parse_due(DUE), late_penalty=10.0)
    _run(writer, dated)
    assert dated.warnings == []


def test_a_due_date_needs_its_chapters_and_a_bad_policy_file_is_named(tmp_path, capsys):
    """--due without --chapter would give every chapter that date, and change the penalties of
    chapters graded before; refused before anything is made. A damaged late_policy.json is
    named, not a traceback."""
    subs = tmp_path / "subs"
    (subs / "ada").mkdir(parents=True)
    course_dir = tmp_path / "course"
    assert main(["grade", str(subs), "--course", str(course_dir), "--due", DUE]) == 2
    assert "name them with --chapter" in capsys.readouterr().err
    assert not course_dir.exists()
    course_dir.mkdir()
    (course_dir / "late_policy.json").write_text('{"penalty_per_day": 150}')
    assert main(["grade", str(subs), "--course", str(course_dir), "--chapter", CH]) == 2
    err = capsys.readouterr().err
    assert "late_policy.json is not a valid late policy" in err and "Traceback" not in err


def test_a_reused_grade_takes_the_hand_in_time_of_this_download(late_course):
    """An unchanged notebook is not graded again, but when it was handed in is this run's:
    handed in again after the due date (or read from a download that gives no time), the
    penalty follows the new time, never the earlier run's."""
    from autograder.grading.gradebook import MARKER
    from autograder.grading.task import Task

    writer, _ = late_course
    marker = writer.root / "autograded" / "ada" / CH / MARKER
    marker.parent.mkdir(parents=True)
    marker.write_text("same\n")
    again = Task("ada", CH, "{}", _stamp(49), "same")  # 49 h late: 3 started days
    assert writer.reuse(again) is not None
    outcomes = _run(writer, Admin(due=parse_due(DUE), late_penalty=10.0))
    assert round(outcomes["ada"].score, 9) == 7.0
    stamp = writer.root / "submitted" / "ada" / CH / "timestamp.txt"
    assert stamp.read_text() == _stamp(49)
    assert writer.reuse(Task("ada", CH, "{}", "", "same")) is not None  # a Canvas download
    assert round(_run(writer, Admin())["ada"].score, 9) == 10.0 and not stamp.exists()


def test_plain_nbgrader_autograde_in_the_course_penalises_alike(late_course):
    """nbgrader's own AssignLatePenalties, configured as the course's nbgrader_config.py
    configures it, gives the penalty the policy gives (di: 3 started days x 10% of 8)."""
    import nbformat
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties
    from traitlets.config import Config

    from autograder.coursedir import COURSE_ID
    from autograder.pipeline.course import configure
    from autograder.settings import Settings

    writer, _ = late_course
    _run(writer, Admin(due=parse_due(DUE), late_penalty=10.0))
    with Gradebook(writer.db_url, COURSE_ID) as gb:
        gb.find_submission_notebook(CH, CH, "di").late_submission_penalty = None
        gb.db.commit()
    config = Config()
    configure(config, writer.root, Settings())
    resources = {"nbgrader": {"notebook": CH, "assignment": CH, "student": "di"}}
    resources["nbgrader"]["db_url"] = writer.db_url
    AssignLatePenalties(config=config).preprocess(nbformat.v4.new_notebook(), resources)
    with Gradebook(writer.db_url, COURSE_ID) as gb:
        penalty = gb.find_submission_notebook(CH, CH, "di").late_submission_penalty
    assert penalty == pytest.approx(2.4)
