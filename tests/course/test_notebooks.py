"""Conventions every chapter notebook follows, and the instructor edition passing its own tests."""

import ast
import re

import pytest
from support.nbutil import (
    CHAPTERS,
    SOLUTIONS,
    chapter_names,
    errors,
    execute,
    grade_cells,
    nbgrader,
    read,
)

CHAPTERS_LIST = chapter_names()
ASSERTING_CALLS = {"passed", "print", "note_own_parts", "fail", "fail_if_transposed", "append"}
"""Calls that may stand alone in a test cell besides check_* functions and the cell's own
helpers: they print (a failing check before them has already raised), raise (``fail``, and
``fail_if_transposed`` where its evidence is found), or record what a spy saw (a list's
``append``: None, nothing there to assert)."""


def test_there_are_chapters():
    assert CHAPTERS_LIST, "solutions/ holds no chapter notebook"


@pytest.mark.parametrize("folder", [SOLUTIONS, CHAPTERS])
def test_stored_without_outputs(folder):
    for path in folder.glob("*.ipynb"):
        for i, cell in enumerate(read(path).cells):
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name} cell {i} has stored outputs"
                assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.parametrize("chapter", CHAPTERS_LIST)
def test_nbgrader_metadata(chapter):
    nb = read(SOLUTIONS / f"{chapter}.ipynb")
    assert nb.metadata.kernelspec.name == "python3"
    ids = [nbgrader(c)["grade_id"] for c in nb.cells if nbgrader(c)]
    assert len(ids) == len(set(ids)), f"duplicate grade ids: {sorted(ids)}"
    for cell in nb.cells:
        meta = nbgrader(cell)
        if not meta:
            continue
        assert meta["schema_version"] == 3
        gid = meta["grade_id"]
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, gid
            assert '"""' in cell.source, f"{gid}: the stub needs a docstring (shapes, formula)"
        if meta.get("grade"):
            assert meta.get("points", 0) > 0 and meta["locked"], gid
            tags = set(cell.metadata.get("tags", []))
            assert {"raises-exception", "remove-output"} <= tags, (
                f"{gid}: test cells fail on the stub in the student edition; tag them "
                "raises-exception and remove-output"
            )
    assert grade_cells(nb), "a chapter without graded tests"


def _hidden_stripped(source: str) -> str:
    return re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", source, flags=re.S)


@pytest.mark.parametrize("chapter", CHAPTERS_LIST)
def test_autograder_is_imported_only_in_hidden_tests(chapter):
    """Students do not have the autograder package: visible cells may not need it."""
    for cell in read(SOLUTIONS / f"{chapter}.ipynb").cells:
        if cell.cell_type == "code":
            assert "autograder" not in _hidden_stripped(cell.source), cell.source[:200]


@pytest.mark.parametrize("chapter", CHAPTERS_LIST)
def test_test_cells_assert_and_never_end_in_a_bare_expression(chapter):
    """nbgrader gives full marks to a test cell whose last line is `np.allclose(a, b)`."""
    for cell in grade_cells(read(SOLUTIONS / f"{chapter}.ipynb")):
        source = cell.source.replace("### BEGIN HIDDEN TESTS", "").replace(
            "### END HIDDEN TESTS", ""
        )
        tree = ast.parse(source)
        gid = nbgrader(cell)["grade_id"]
        helpers = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant):
                call = node.value
                func = getattr(call, "func", None)
                name = getattr(func, "id", None) or getattr(func, "attr", None) or ""
                allowed = name in ASSERTING_CALLS or name in helpers or name.startswith("check_")
                assert isinstance(call, ast.Call) and allowed, (
                    f"{gid}: line {node.lineno} is an expression whose value is thrown away; "
                    "use assert or a check_* function"
                )
        checks = [n for n in ast.walk(tree) if isinstance(n, ast.Assert)] + [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and getattr(n.func, "id", getattr(n.func, "attr", "")).startswith("check_")
        ]
        assert checks, f"{gid} checks nothing"


@pytest.mark.parametrize("chapter", CHAPTERS_LIST)
def test_instructor_edition_runs_and_passes_its_tests(chapter):
    nb, seconds = execute(read(SOLUTIONS / f"{chapter}.ipynb"), SOLUTIONS)
    assert errors(nb) == [], f"errors in the instructor edition of {chapter}"
    print(f"{chapter}: executed in {seconds:.1f} s")


# The summary's name is a paragraph of its own, between blank lines: a message that the Korean
# edition's catalogue translates (raw HTML is never extracted for translation).
ANSWER = re.compile(
    r"\A<details>\n<summary>\n\n([^<\n]+)\n\n</summary>\n\n(.+)\n\n</details>\Z", re.S
)


@pytest.mark.parametrize("chapter", CHAPTERS_LIST)
def test_answers_are_folded_wherever_a_student_reads_them(chapter):
    """A check-your-understanding answer is an HTML <details> block, which JupyterLab, the live
    lab and the book all render folded (a MyST dropdown shows as raw markup in JupyterLab).
    Rendered as CommonMark (what JupyterLab's renderer follows), the answer's text lies inside
    the <details> element, under a <summary> that names it in a paragraph of its own (which
    the Korean edition translates)."""
    from markdown_it import MarkdownIt

    cells = [c for c in read(CHAPTERS / f"{chapter}.ipynb").cells if c.cell_type == "markdown"]
    answers = [c.source for c in cells if "<details>" in c.source]
    assert answers, f"{chapter}: no folded answer"
    for cell in cells:
        assert "{admonition} Answer" not in cell.source, f"{chapter}: an unfolded MyST answer"
    for source in answers:
        match = ANSWER.match(source)
        assert match, f"{chapter}: an answer not in the form <details><summary>…: {source[:80]}"
        assert match.group(1).strip(), f"{chapter}: a <summary> without a text name"
        html = MarkdownIt("commonmark").render(source)
        assert html.startswith("<details>") and html.rstrip().endswith("</details>"), html
        name, end = html.index("<p>"), html.index("</summary>")  # the name, then the answer
        assert html.index("<summary>") < name < end < html.index("<p>", end), html
        assert html.index("<p>", end) < html.rindex("</details>"), html
