"""Names printed to the instructor's terminal are escaped (autograder/terminal.py): a student's
or roster's name cannot move the cursor, retitle the window, ring, overwrite the line or turn
the text around."""

import pytest
from support.gradebooks import course, hand_in

from autograder.cli import main
from autograder.grading.run import _outcome_text
from autograder.outcome import Outcome
from autograder.terminal import shown

# (what a name holds, how it is shown): each escape spelled by hand, as Python writes it
CASES = [
    ("\x1b[2J", "\\x1b[2J"),  # ESC: clear the screen
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # ESC ] ... BEL: set the window title
    ("alice\rbob", "alice\\rbob"),  # CR: bob over alice
    ("a\nb", "a\\nb"),
    ("\x9b31m", "\\x9b31m"),  # C1: CSI in one byte
    ("\x7f", "\\x7f"),
    ("evil\u202egnp.exe", "evil\\u202egnp.exe"),  # RIGHT-TO-LEFT OVERRIDE
    ("\u2066x\u2069", "\\u2066x\\u2069"),  # isolates
    ("a\u2028b", "a\\u2028b"),  # LINE SEPARATOR
]


@pytest.mark.parametrize(("name", "escaped"), CASES)
def test_a_control_character_is_shown_as_its_escape(name, escaped):
    assert shown(name) == escaped


def test_printable_text_is_left_as_it_is():
    text = "Zoë Ångström 김민준 O'Brien-Smith (x) 😀 café ﬁ"
    assert shown(text) == text


def test_a_message_of_several_lines_keeps_its_lines_only():
    assert shown("one\ntwo\x1b", lines=True) == "one\ntwo\\x1b"


def test_the_progress_line_of_a_student_escapes_name_and_reason():
    o = Outcome("\x1b[2Jmallory", "01_decision_boundaries", "graded", 3, 10, reason="\rfine")
    line = _outcome_text(o)
    assert line.startswith("\\x1b[2Jmallory 01_decision_boundaries: graded 3/10")
    assert "\\rfine" in line and "\x1b" not in line and "\r" not in line


def test_the_files_an_export_wrote_are_named_escaped(tmp_path, capsys):
    writer = course(tmp_path / "course", {"01_decision_boundaries": 10.0}, {"\x1b[2Jeve": {}})
    hand_in(writer, "\x1b[2Jeve", "01_decision_boundaries", 5.0)
    (writer.root / "feedback" / "\x1b[2Jeve" / "01_decision_boundaries").mkdir(parents=True)
    (writer.root / "feedback" / "\x1b[2Jeve" / "01_decision_boundaries" / "x.html").write_text(".")
    assert main(["export", "--course", str(writer.root), "--format", "feedback"]) == 0
    out = capsys.readouterr().out
    # the zip's own name is made safe (coursedir.file_name): the control byte is gone from it,
    # and no raw one reaches the terminal
    assert "feedback_zips" in out and "eve_" in out and "\x1b" not in out, out
