"""Every row of grades_moodle.csv carries an identifier Moodle can map the user by (issue 22,
item 8): once any roster row has an idnumber, a student the roster does not list, or lists
without one, has the student id there, never an empty cell. No notebook is graded here."""

import csv

from support.gradebooks import course, hand_in

from autograder.intake.roster import Roster
from autograder.report import exports

CH = "01_decision_boundaries"


def test_a_student_without_an_idnumber_keeps_an_identifier(tmp_path):
    people = {"s01": {"first_name": "Ada"}, "s02": {"first_name": "Bo"}, "s03": {}}
    writer = course(tmp_path / "course", {CH: 5.0}, people)
    for student in people:
        hand_in(writer, student, CH, 5.0)
    roster = "id,first_name,last_name,email,idnumber\ns01,Ada,L,ada@x.edu,900001\n"
    roster += "s02,Bo,Li,bo@x.edu,\n"  # enrolled, no idnumber; s03: not in the roster
    Roster.parse(roster)[0].save(writer.root)
    path = exports.write(writer.root, writer.db_url, Roster.load(writer.root), ["moodle"])[0]
    with open(path, newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    assert header[2] == "ID number"
    assert sorted(r[2] for r in rows) == ["900001", "s02", "s03"]
