"""Pieces of the grading pipeline that need no kernel: intake, redaction, substitution."""

import argparse

import nbformat
import pytest
from support.nbutil import SOLUTIONS, chapter_names, read

from autograder.cli import parse_size
from autograder.hidden.reference import load_reference, substitute
from autograder.intake.submissions import find_submissions, read_notebook
from autograder.pipeline.feedback import PLACEHOLDER, redact_source


def test_parse_size():
    assert parse_size("2G") == 2 * 1024**3
    assert parse_size("512M") == 512 * 1024**2
    assert parse_size("1.5GiB") == int(1.5 * 1024**3)
    assert parse_size("none") == 0  # no limit, said in words
    for silly in ("0", "0M", "lots", "-1G", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_size(silly)


def test_redact_source_removes_every_hidden_block():
    src = (
        "a = 1\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS\nb\n"
        "### BEGIN HIDDEN TESTS\nx\n### END HIDDEN TESTS"
    )
    out = redact_source(src)
    assert "secret" not in out and "x\n" not in out and out.count(PLACEHOLDER) == 2
    assert out.startswith("a = 1\n") and "\nb\n" in out


def test_substitute_restores_the_students_functions_even_on_error():
    ns = {"f": "student", "g": "student g"}
    with pytest.raises(RuntimeError), substitute(ns, f="reference", h="new"):
        assert ns["f"] == "reference" and ns["h"] == "new"
        raise RuntimeError
    assert ns == {"f": "student", "g": "student g"}


@pytest.mark.parametrize("chapter", chapter_names())
def test_reference_functions_come_from_the_solution_cells(chapter):
    ref = load_reference(chapter)
    nb = nbformat.read(SOLUTIONS / f"{chapter}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            for line in cell.source.splitlines():
                if line.startswith("def "):
                    assert callable(ref[line[4:].split("(")[0]])


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "empty"),
        ("{not json", "not valid JSON"),
        ('{"a": 1}', "not a notebook"),
        (b"\xff\xfe\x00", "not a text file"),
        (
            '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "x": 1}',
            "not a valid notebook",
        ),
    ],
)
def test_read_notebook_explains_what_is_wrong(tmp_path, content, words):
    path = tmp_path / "n.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ValueError, match=words):
        read_notebook(path)


def test_find_submissions_layouts_misnamed_and_unknown(tmp_path):
    chapter = chapter_names()[0]
    solution = (SOLUTIONS / f"{chapter}.ipynb").read_text()
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / f"{chapter}.ipynb").write_text(solution)
    (tmp_path / "nested" / chapter).mkdir(parents=True)
    (tmp_path / "nested" / chapter / f"{chapter}.ipynb").write_text(solution)
    (tmp_path / "renamed").mkdir()
    (tmp_path / "renamed" / "my homework (1).ipynb").write_text(solution)
    (tmp_path / "stranger").mkdir()
    (tmp_path / "stranger" / "other.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    found, problems = find_submissions(tmp_path, [chapter])
    assert {s for s, _ in found} == {"flat", "nested", "renamed"}
    assert "misnamed" in found[("renamed", chapter)].note
    assert [(p.student, p.status) for p in problems] == [("stranger", "invalid")]


def _handed(folder, name, text, mtime):
    import os

    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    os.utime(folder / name, (mtime, mtime))


def test_one_notebook_per_student_and_chapter_is_graded_and_the_others_named(tmp_path):
    """Of several notebooks for one chapter: the one named as the release, else the latest;
    a readable one before one that is not. One row, whose reason names the others."""
    chapter = chapter_names()[0]
    solution = (SOLUTIONS / f"{chapter}.ipynb").read_text()
    exact = f"{chapter}.ipynb"
    _handed(tmp_path / "named", exact, solution, 1_000)  # older, but named as released
    _handed(tmp_path / "named", "final (2).ipynb", solution, 2_000)
    _handed(tmp_path / "latest", "draft.ipynb", solution, 1_000)
    _handed(tmp_path / "latest", "final.ipynb", solution, 2_000)
    _handed(tmp_path / "broken", exact, "{not json", 2_000)
    _handed(tmp_path / "broken", "copy.ipynb", solution, 1_000)
    _handed(tmp_path / "nested", exact, solution, 1_000)
    _handed(tmp_path / "nested" / chapter, exact, solution, 2_000)
    found, problems = find_submissions(tmp_path, [chapter])
    assert problems == []
    graded = {
        student: sub.path.relative_to(tmp_path / student) for (student, _), sub in found.items()
    }
    assert {s: str(p) for s, p in graded.items()} == {
        "named": exact,
        "latest": "final.ipynb",
        "broken": "copy.ipynb",
        "nested": f"{chapter}/{exact}",
    }
    notes = {student: sub.note for (student, _), sub in found.items()}
    assert f"graded {exact} (the one named {exact}); not graded: final (2).ipynb" in notes["named"]
    assert "graded final.ipynb (the latest handed in); not graded: draft.ipynb" in notes["latest"]
    assert f"(the only readable notebook); not graded: {exact}" in notes["broken"]
    assert (
        f"2 notebooks for {chapter}: graded {chapter}/{exact} (the latest handed in); "
        f"not graded: nested/{exact}"
    ) in notes["nested"]


def test_invalid_files_come_with_advice_for_the_student(tmp_path):
    from autograder.intake.archive import MAX_NOTEBOOK_BYTES
    from autograder.intake.submissions import ADVICE, NotANotebook

    cases = {"empty": ("", "damaged"), "json": ('{"a": 1}', "not a notebook")}
    for name, (text, kind) in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(NotANotebook) as err:
            read_notebook(tmp_path / name)
        assert err.value.advice == ADVICE[kind]
    with open(tmp_path / "big", "wb") as fh:
        fh.truncate(MAX_NOTEBOOK_BYTES + 1)
    with pytest.raises(NotANotebook) as err:
        read_notebook(tmp_path / "big")
    assert "Clear the outputs" in err.value.advice


def test_the_notice_page_says_what_was_wrong_and_what_to_do(tmp_path):
    from autograder.report.notice import write_notice

    page = write_notice(
        tmp_path, "ann", "04_backpropagation", "<x>.ipynb", "not valid JSON", "Do Y"
    )
    assert page == tmp_path / "feedback" / "ann" / "04_backpropagation" / "04_backpropagation.html"
    text = page.read_text()
    assert "&lt;x&gt;.ipynb" in text and "not valid JSON" in text and "Do Y" in text
    assert "<x>" not in text
    other = write_notice(tmp_path, "ann", "?", "../notes.txt", "not a notebook", "Z")
    assert other.parent == tmp_path / "feedback" / "ann" / "not_graded"


def test_find_submissions_leaves_the_chapters_not_graded_alone(tmp_path):
    """Grading one chapter of a folder that holds several: the others are not 'invalid'."""
    first, *others = chapter_names()
    assert others, "needs two chapters"
    (tmp_path / "alice").mkdir()
    for chapter in [first, *others]:
        text = (SOLUTIONS / f"{chapter}.ipynb").read_text()
        (tmp_path / "alice" / f"{chapter}.ipynb").write_text(text)
    (tmp_path / "alice" / "copy of the last one.ipynb").write_text(text)
    found, problems = find_submissions(tmp_path, [first])
    assert list(found) == [("alice", first)] and problems == []


def _release():
    from support.nbutil import CHAPTERS, read

    return read(CHAPTERS / "04_backpropagation.ipynb")


def _meta(cell):
    return cell.metadata.get("nbgrader")


def test_tampered_nbgrader_metadata_is_restored_from_the_release():
    from autograder.intake.restore import restore_nbgrader_metadata

    release, nb = _release(), _release()
    tests = [c for c in nb.cells if (_meta(c) or {}).get("grade")]
    first, second = _meta(tests[0])["grade_id"], _meta(tests[1])["grade_id"]
    points = _meta(tests[0])["points"]
    tests[0].metadata.nbgrader.update(solution=True, locked=False, points=100)
    copy = nbformat.from_dict(dict(tests[1]))
    nb.cells.append(copy)
    nb.cells[0].metadata["nbgrader"] = {"grade_id": "made_up", "grade": True, "points": 5}
    flags = restore_nbgrader_metadata(nb, release)
    assert sorted(flags) == sorted(
        [
            "nbgrader cell 'made_up' unknown to the release: graded as a plain cell",
            f"cell {first}: points changed from {points} to 100, re-marked as an answer cell, "
            "unlocked; restored from the release",
            f"cell {second} duplicated: the copy graded as a plain cell",
        ]
    )
    released = {(_meta(c) or {}).get("grade_id"): _meta(c) for c in release.cells}
    assert _meta(tests[0]) == released[_meta(tests[0])["grade_id"]]
    assert _meta(tests[0])["solution"] is False and _meta(tests[0])["points"] < 100
    assert _meta(copy) is None and _meta(nb.cells[0]) is None
    assert restore_nbgrader_metadata(_release(), release) == [], "an honest notebook is left alone"


def test_edited_and_emptied_test_cells_are_reported():
    """nbgrader grades the released code of a test cell whatever the student made of it; the
    edit is reported all the same. An answer cell is the student's to edit."""
    from autograder.intake.restore import restore_nbgrader_metadata

    release, nb = _release(), _release()
    tests = [c for c in nb.cells if (_meta(c) or {}).get("grade") and not _meta(c)["solution"]]
    answer = next(c for c in nb.cells if (_meta(c) or {}).get("solution"))
    tests[0].source = ""
    tests[1].source = "assert True"
    answer.source = "def linear_forward(X, W, b):\n    return X @ W + b\n"
    assert restore_nbgrader_metadata(nb, release) == [
        f"test cell {_meta(tests[0])['grade_id']} emptied: graded as released",
        f"test cell {_meta(tests[1])['grade_id']} edited: graded as released",
    ]


def test_deleted_test_cells_are_put_back_where_the_release_had_them():
    from autograder.intake.restore import restore_nbgrader_metadata

    release, nb = _release(), _release()
    ids = [(_meta(c) or {}).get("grade_id") for c in release.cells]
    tests = [
        i
        for i, c in enumerate(release.cells)
        if (_meta(c) or {}).get("grade") and not _meta(c).get("solution")
    ]
    gone = {ids[tests[0]], ids[tests[-1]]}
    nb.cells = [c for c in nb.cells if (_meta(c) or {}).get("grade_id") not in gone]
    flags = restore_nbgrader_metadata(nb, release)
    assert sorted(flags) == sorted(
        f"test cell {gid} deleted: put back from the release and graded" for gid in gone
    )
    assert [(_meta(c) or {}).get("grade_id") for c in nb.cells] == ids
    assert nbformat.writes(nb) == nbformat.writes(release)


def test_failure_reason_is_the_exception_not_a_source_line():
    from autograder.grading.task import failure_reason

    log = (
        "[AutogradeApp | ERROR] There was an error processing assignment\n"
        "  File 'x.py', line 3, in f\n    raise SchemaTooOldError(\n"
        "nbgrader.validator.SchemaTooOldError: Notebook is invalid\n"
        "RuntimeError: Inconsistent checksums for cell test_linear\n"
    )
    assert (
        failure_reason({"log": log}) == "RuntimeError: Inconsistent checksums for cell test_linear"
    )


def test_markdown_math_becomes_mathml_and_code_and_dollars_stay():
    from autograder.pipeline.mathml import markdown_math_to_mathml

    out = markdown_math_to_mathml(
        "The loss $L = \\frac{1}{2}(y - t)^2$ costs $5 and\n$$\\sigma(z)$$ in `x = $y$`."
    )
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in out
    assert "<mfrac>" in out and out.count("<math") == 2 and 'display="block"' in out
    assert "costs $5 and" in out and "`x = $y$`" in out  # a price and code are left alone
    wrapped = markdown_math_to_mathml("the norm $\\lVert W\nx \\rVert$ here\n\nand $ not $5")
    assert wrapped.count("<math") == 1 and "and $ not $5" in wrapped


@pytest.mark.parametrize("chapter", chapter_names())
def test_every_formula_of_the_chapters_converts(chapter):
    """No chapter's Markdown keeps a `$` (which would show as raw LaTeX offline)."""
    from autograder.pipeline import mathml

    for cell in read(SOLUTIONS / f"{chapter}.ipynb").cells:
        if cell.cell_type == "markdown":
            out = mathml.markdown_math_to_mathml(cell.source)
            assert "<code>" not in out.replace(cell.source, ""), "a formula latex2mathml refused"
            assert "$" not in mathml._CODE.sub("", out).replace("\\$", ""), out[:300]


# -- the course's settings: kept in the course, changed by a flag only when it is given ----------


def _course(tmp_path, *flags):
    from autograder.cli import main

    return main(["course", str(tmp_path / "course"), *flags])


def test_hand_set_settings_survive_runs_without_their_flags(tmp_path):
    import json

    from autograder.settings import Settings

    assert _course(tmp_path) == 0
    saved = tmp_path / "course" / "autograder.json"
    data = json.loads(saved.read_text())
    data.update(timeout=60, wall_limit=700, memory=3 * 1024**3)  # set by hand in the course
    saved.write_text(json.dumps(data))
    assert _course(tmp_path) == 0  # no flag: nothing changes
    kept = Settings.load(tmp_path / "course")
    assert (kept.timeout, kept.wall_limit, kept.memory) == (60, 700, 3 * 1024**3)
    assert _course(tmp_path, "--timeout", "45") == 0  # one flag: that setting alone
    kept = Settings.load(tmp_path / "course")
    assert (kept.timeout, kept.wall_limit, kept.memory) == (45, 700, 3 * 1024**3)
    assert _course(tmp_path, "--wall-limit", "900", "--memory", "none") == 0
    kept = Settings.load(tmp_path / "course")
    assert (kept.timeout, kept.wall_limit, kept.memory) == (45, 900, 0)


def test_a_change_of_gradebook_is_refused_unless_moved(tmp_path, capsys):
    from autograder.settings import Settings

    first, other = (f"sqlite:///{tmp_path / name}" for name in ("first.db", "other.db"))
    assert _course(tmp_path, "--db-url", first) == 0
    assert _course(tmp_path) == 0 and Settings.load(tmp_path / "course").db_url == first
    capsys.readouterr()
    assert _course(tmp_path, "--db-url", other) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--move-gradebook" in err and "first.db" in err, err
    assert (
        Settings.load(tmp_path / "course").db_url == first and not (tmp_path / "other.db").exists()
    )
    assert _course(tmp_path, "--db-url", other, "--move-gradebook") == 0
    assert Settings.load(tmp_path / "course").db_url == other and (tmp_path / "other.db").exists()


@pytest.mark.parametrize(
    "url, words",
    [
        ("garbage", "not a database URL"),
        ("foo://x/y", "unknown kind of database 'foo'"),
        ("mysql://me:secret@host/db", "driver is not installed"),
    ],
)
def test_a_bad_gradebook_url_gets_one_line_and_exit_status_2(tmp_path, capsys, url, words):
    with pytest.raises(SystemExit) as info:
        _course(tmp_path, "--db-url", url)
    err = capsys.readouterr().err.strip()
    assert info.value.code == 2 and len(err.splitlines()) == 1 and words in err, err
    assert "secret" not in err and not (tmp_path / "course").exists()
