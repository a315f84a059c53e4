"""--roster: nbgrader's student-import CSV, names into the gradebook, LMS names mapped to ids,
who is enrolled (a missing row for each), who is not (reported). No notebook is graded here."""

import pytest
from support.gradebooks import course
from test_lms_intake import CH1, RELEASED, write

from autograder.grading.admin import Admin
from autograder.intake import lms, submissions
from autograder.intake.roster import Roster, RosterError

NBGRADER = (
    "id,first_name,last_name,email,lms_user_id,extension\n"
    "s01,Ada,Lovelace,ada@example.edu,340934,\n"
    "s02,Alan,Turing,alan@example.edu,,2d\n"
    "s03,Grace,Hopper,grace@example.edu,,\n"
    "s04,Jo,Smith,jo1@example.edu,,\n"
    "s05,Jo,Smith,jo2@example.edu,,\n"
    "s06,Emmy,Noether,emmy@example.edu,,\n"
)


def roster(text=NBGRADER):
    return Roster.parse(text)[0]


def test_nbgrader_format_and_the_id_name_email_one():
    students = roster().students
    assert students["s01"].email == "ada@example.edu"
    assert students["s02"].extension_delta.days == 2
    named = Roster.parse('id,name,email\na,"Lovelace, Ada",a@x\nb,Ada King Lovelace,b@x\n')[0]
    assert (named["a"].first_name, named["a"].last_name) == ("Ada", "Lovelace")
    assert (named["b"].first_name, named["b"].last_name) == ("Ada King", "Lovelace")


def test_a_roster_from_excel_with_extra_columns(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeffID,First_Name,Last_Name,Email,Phone\nx,Zoë,Ü,z@x,123\n".encode())
    found, warnings = Roster.read(path)
    assert found["x"].first_name == "Zoë"
    assert warnings == [
        f"{path}: column 'phone' ignored (known: " + warnings[0].split("known: ")[1]
    ]


@pytest.mark.parametrize(
    "text, words",
    [
        ("name,email\nAda,a@x\n", "no 'id' column"),
        ("id,email\nada,a@x\nada,b@x\n", "line 3: id 'ada' appears twice"),
        ("id,email\nada,a@x\n\nada,b@x\n", "line 4: id 'ada' appears twice"),  # a blank line
        # an unquoted "Last, First": the email would silently become " Ada"
        ("id,name,email\ns01,Lovelace, Ada,ada@x\n", "line 2: 4 fields, the header has 3"),
        ("id,email\n,a@x\n", "line 2: empty id"),
        ("id,extension\nada,two days\n", "line 2: extension: not a duration"),
        ("id,email\n../x,a@x\n", "cannot be a student id"),
        ("id,email\n", "no students"),
    ],
)
def test_a_bad_roster_says_which_line_and_why(text, words):
    with pytest.raises(RosterError, match=words):
        Roster.parse(text)


def test_lms_names_are_mapped_to_roster_ids(tmp_path):
    root = tmp_path / "subs"
    write(root / f"lovelaceada_340934_208490284_{CH1}.ipynb")  # by the Canvas user id
    write(root / f"turingalan_340935_208490301_{CH1}.ipynb")  # by the sortable name
    write(root / "Hopper Grace_77_assignsubmission_file" / f"{CH1}.ipynb")  # last first
    write(root / f"smithjo_1001_5001_{CH1}.ipynb")  # two Jo Smiths: ambiguous
    write(root / "emmy@example.edu" / f"{CH1}.ipynb")  # a folder named by the email
    write(root / f"curiemarie_999_5003_{CH1}.ipynb")  # not enrolled
    found, problems = submissions.find_submissions(root, [CH1], roster())
    assert set(found) == {
        ("s01", CH1),
        ("s02", CH1),
        ("s03", CH1),
        ("s06", CH1),
        ("smithjo", CH1),
        ("curiemarie", CH1),
    }
    assert "matches 2 students of the roster (s04, s05)" in found[("smithjo", CH1)].note
    assert "Canvas user 999 'curiemarie' is not in the roster" in found[("curiemarie", CH1)].note
    assert found[("s01", CH1)].note == "" and problems == []
    # everyone enrolled gets rows (s04, s05: missing), and so do the strangers
    assert lms.read(root, roster()).students == [
        "curiemarie",
        *[f"s0{i}" for i in range(1, 7)],
        "smithjo",
    ]


def test_the_roster_goes_into_the_gradebook_and_the_course(tmp_path):
    """Names and emails for Formgrader and the exports; a Canvas user id the download told is
    kept as nbgrader's lms_user_id; the roster stays in the course for the next runs."""
    from nbgrader.api import Gradebook

    subs = tmp_path / "subs"
    write(subs / f"hopperg_4242_1_{CH1}.ipynb", RELEASED)
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(NBGRADER.replace("s03,Grace,Hopper", "hopperg,Grace,Hopper"))
    writer = course(tmp_path / "course", {CH1: 5.0}, {})
    admin = Admin(roster_file=roster_file)
    admin.check(subs, writer.root, None)
    found, _ = submissions.find_submissions(subs, [CH1], admin.roster)
    students = lms.read(subs, admin.roster).students
    admin.record(writer, writer.root, [CH1], students, found)
    with Gradebook(writer.db_url) as gb:
        ada, grace = gb.find_student("s01"), gb.find_student("hopperg")
        assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@example.edu")
        assert ada.lms_user_id == "340934" and grace.lms_user_id == "4242"
        assert len(gb.students) == 6
    assert Roster.load(writer.root).ids == roster(roster_file.read_text()).ids
    later = Admin()
    later.check(subs, writer.root, None)
    assert later.roster is not None and "s02" in later.roster


def test_student_selection_refuses_an_unknown_id(tmp_path):
    write(tmp_path / "subs" / "alice" / f"{CH1}.ipynb")
    admin = Admin(only=["alicia"])
    with pytest.raises(ValueError, match="--student alicia: no such student"):
        admin.check(tmp_path / "subs", tmp_path / "course", None)
    assert not (tmp_path / "course").exists()
