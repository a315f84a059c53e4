"""Sphinx extension: the book shows the *book edition* of each chapter.

The student edition (``chapters/NN_name.ipynb``, no outputs) is what a student runs: every
payoff cell there waits for the student's functions ("Solve ... then run this cell"). A reader
of the book has solved nothing and deserves the results the prose talks about. So, for each
chapter page, this extension builds at build time a notebook that has

- the cells of the student edition, code exactly as students get it (stubs, visible checks; no
  solution line, no hidden test), with
- the outputs of the corresponding cells of the instructor source (``solutions/NN_name.ipynb``),
  executed with nbclient, and its widget state (the demos' snapshots) -- or the same, saved
  by an earlier build, when nothing it depends on changed (book/edition_cache.py);
- the grading machinery out of the reader's way: the cells that hold only the hidden tests'
  placeholder ("# Hidden tests for ... run here at grading time.") are left out, every visible
  check is folded behind a "Show the checks of <function>" toggle (myst-nb's ``hide-cell``)
  that says its output is the book's own solution's, and an exercise
  stub shows its code (what to write) without any output, under a label (``tag_exercise``).

What may reach the page from the instructor's run is only outputs, never its source. A solution
or hidden test's source could reach an output through an error (a traceback quotes it) or a
warning (Python prints the line that warned): the build stops on either, naming the cell. Stub
cells take no output at all (a solution cell that printed would show a fact of the solution).

The Korean book (``language: ko``) runs the instructor source in Korean: a cell
``nnlearn.i18n.use("ko")`` runs before the notebook's own (:func:`language_cell`), so its
figures, alt texts and demos are drawn in Korean; its run is cached apart from the English one.

The page keeps its address (``chapters/NN_name.html``): the substitution happens when Sphinx
reads the page's source (``source-read``), and the notebook is marked for myst-nb not to
execute it again. myst-nb writes it, as rendered, to ``_build/jupyter_execute/chapters/``.
The files in ``chapters/`` are not touched: students still see their own results.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from sphinx.errors import ExtensionError
from sphinx.util import logging

try:
    from . import edition_cache  # imported as book.edition (the tests)
except ImportError:
    import edition_cache  # loaded by Sphinx as a top-level module from book/

logger = logging.getLogger(__name__)

CHAPTERS = "chapters"  # the student edition: the book's chapter pages
SOLUTIONS = "solutions"  # the instructor source, one notebook per chapter, same names
HIDDEN_TESTS = "### BEGIN HIDDEN TESTS"
CHECKS_SHOW = "Show the checks"  # then "of <function> (...)": see checks_label
CHECKS_HIDE = "Hide the checks"
# What a reader sees when the checks are open: the book edition shows the instructor's outputs.
CHECKS_SHOWN = "their output here is that of the book's own solution"
EXERCISE_TAG = "exercise"  # myst-nb renders a cell's tags as classes: tag_exercise
# The pair of tags a cell of the student edition carries because it fails on the stub.
FAILS_ON_STUB = ("raises-exception", "remove-output")


class EditionError(ExtensionError):
    pass


def nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_hidden_tests(instructor_cell) -> bool:
    """The instructor's cell holds hidden tests: its student cell is only their placeholder."""
    return HIDDEN_TESTS in instructor_cell.source


def is_check(cell) -> bool:
    """A visible test cell (nbgrader: graded, not an answer)."""
    return bool(nbgrader(cell).get("grade")) and not nbgrader(cell).get("solution")


def is_stub(cell) -> bool:
    """An exercise: the student's answer cell (nbgrader: solution)."""
    return bool(nbgrader(cell).get("solution"))


# The check cells' toggles in the Korean edition (the page's other text is in its catalogue; a
# toggle's label is made here, by the build).
CHECKS_KO = ("{name} 검사 보기 (여기 보이는 출력은 책의 풀이가 낸 것입니다)", "검사 숨기기")


def checks_label(cell, language: str = "en") -> tuple[str, str]:
    """The toggle of a visible check cell, (show, hide): which function it checks (its nbgrader
    id without ``test_``), and what its output is (the solution's, not the reader's)."""
    name = nbgrader(cell).get("grade_id", "").removeprefix("test_")
    if language == "ko":
        return CHECKS_KO[0].format(name=name), CHECKS_KO[1]
    return f"{CHECKS_SHOW} of {name} ({CHECKS_SHOWN})", CHECKS_HIDE


def language_cell(language: str):
    """The cell run before a chapter's own in an edition of another language than English: the
    kernel's nnlearn then draws and speaks in it (:func:`nnlearn.i18n.use`), as in that
    edition's student notebook."""
    return nbformat.v4.new_code_cell(f"import nnlearn.i18n\n\nnnlearn.i18n.use({language!r})")


def execute_instructor(chapter: str, solutions: Path, timeout: int, language: str = "en"):
    """The instructor's notebook of ``chapter``, executed in a temporary folder that holds a
    copy of every instructor notebook (a chapter reads its earlier chapters' functions from
    the notebooks next to it); nothing is written into ``solutions``. In ``language``: for
    another than English, :func:`language_cell` runs first, and is then taken out again (the
    notebook keeps the instructor's cells, numbered as if it had not run)."""
    logger.info(f"book edition: executing {SOLUTIONS}/{chapter}.ipynb ({language})")
    nb = nbformat.read(solutions / f"{chapter}.ipynb", as_version=4)
    injected = language != "en"
    if injected:
        nb.cells.insert(0, language_cell(language))
    with tempfile.TemporaryDirectory(prefix="nnlearn-edition-") as folder:
        for path in solutions.glob("*.ipynb"):
            shutil.copy(path, folder)
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
            # A test cell is tagged raises-exception (for the student edition), so nbclient
            # would accept an error there: errors are looked for below instead.
            allow_errors=True,
            store_widget_state=True,
            resources={"metadata": {"path": folder}},
        ).execute()
    if injected:
        first = nb.cells.pop(0)
        safe_outputs(chapter, -1, first)  # it ran without error or warning
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.execution_count:
                cell.execution_count -= 1
    return nb


def safe_outputs(chapter: str, index: int, cell) -> list:
    """The outputs of an executed instructor cell, refused if one could quote its source."""
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            raise EditionError(
                f"{SOLUTIONS}/{chapter}.ipynb, cell {index}: the instructor's code raised "
                f"{out.ename}: {out.evalue}. The book shows the instructor's results, so every "
                "cell of the instructor source must run without error (a traceback would also "
                "quote solution code)."
            )
        if out.output_type == "stream" and out.name == "stderr":
            raise EditionError(
                f"{SOLUTIONS}/{chapter}.ipynb, cell {index}: the instructor's code wrote to "
                f"stderr (a warning quotes the line of code that caused it):\n{out.text[:500]}"
            )
    return copy.deepcopy(cell.get("outputs", []))


def book_edition(student, instructor, chapter: str, language: str = "en"):
    """The book edition: the student's cells with the executed instructor's outputs (see the
    module's docstring). ``student`` and ``instructor`` are nbformat notebooks, the latter
    executed; the two must have the same cells (nbgrader keeps every cell, in order).
    ``language``: the edition's, for the check cells' toggles."""
    if len(student.cells) != len(instructor.cells):
        raise EditionError(
            f"{CHAPTERS}/{chapter}.ipynb has {len(student.cells)} cells and "
            f"{SOLUTIONS}/{chapter}.ipynb {len(instructor.cells)}: regenerate the student "
            "edition (python -m autograder generate)"
        )
    edition = copy.deepcopy(student)
    cells = []
    for index, (mine, theirs) in enumerate(zip(edition.cells, instructor.cells, strict=True)):
        if mine.cell_type != theirs.cell_type or nbgrader(mine).get("grade_id") != nbgrader(
            theirs
        ).get("grade_id"):
            raise EditionError(
                f"{CHAPTERS}/{chapter}.ipynb, cell {index}, is not the student edition of "
                f"{SOLUTIONS}/{chapter}.ipynb's cell {index}: regenerate the student edition"
            )
        if mine.cell_type != "code":
            cells.append(mine)
            continue
        if is_hidden_tests(theirs):
            continue  # its placeholder tells a reader nothing
        outputs = safe_outputs(chapter, index, theirs)
        tags = list(mine.metadata.get("tags", []))
        if all(t in tags for t in FAILS_ON_STUB):
            tags = [t for t in tags if t not in FAILS_ON_STUB]
        if is_stub(mine):
            outputs = []
            tags.append(EXERCISE_TAG)
        elif is_check(mine):
            tags.append("hide-cell")
            show, hide = checks_label(mine, language)
            mine.metadata["mystnb"] = {"code_prompt_show": show, "code_prompt_hide": hide}
        mine.metadata["tags"] = tags
        mine.outputs = outputs
        mine.execution_count = theirs.execution_count
        cells.append(mine)
    edition.cells = cells
    widgets = instructor.metadata.get("widgets")
    if widgets:
        edition.metadata["widgets"] = copy.deepcopy(widgets)
    # Rendered as it is: myst-nb does not execute it again.
    edition.metadata["mystnb"] = {"execution_mode": "off"}
    return edition


def chapter_of(app, docname: str) -> str | None:
    """The chapter (``03_gradient_descent``) of a chapter page, or None for another page."""
    source = Path(app.env.doc2path(docname))
    if source.suffix == ".ipynb" and source.parent == Path(app.srcdir) / CHAPTERS:
        return source.stem
    return None


def substitute(app, docname: str, content: list[str]) -> None:
    chapter = chapter_of(app, docname)
    if chapter is None:
        return
    solutions = Path(app.srcdir) / SOLUTIONS
    if not (solutions / f"{chapter}.ipynb").is_file():
        raise EditionError(f"{CHAPTERS}/{chapter}.ipynb has no instructor source in {solutions}")
    # A build that is not --all reads the page again when an instructor notebook changes (a
    # chapter runs its earlier chapters' functions: any of them).
    for path in solutions.glob("*.ipynb"):
        app.env.note_dependency(str(path))
    student = nbformat.reads(content[0], as_version=4)
    language = app.config.language if app.config.language in ("en", "ko") else "en"
    instructor = edition_cache.executed(
        chapter,
        solutions,
        build=Path(app.doctreedir).parent,  # _build/
        timeout=app.config.nb_execution_timeout,
        execute=execute_instructor,
        nnlearn=Path(app.srcdir) / "nnlearn",
        book=Path(__file__).parent,
        language=language,
    )
    content[0] = nbformat.writes(book_edition(student, instructor, chapter, language))


def setup(app):
    app.connect("source-read", substitute)
    app.add_css_file("edition.css")  # in book/static/ (html_static_path)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
