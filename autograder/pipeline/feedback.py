"""Feedback that explains a failed hidden test without revealing the hidden test, on a page that
needs nothing from the network.

Stock ``nbgrader generate_feedback`` renders the autograded notebook, hidden tests and their
tracebacks included. :class:`RedactHiddenTests` replaces each hidden block with a one-line
placeholder and cuts the traceback of its error down to the message, which is written for the
student (see ``nnlearn.checks`` and ``autograder.hidden.gradcheck``). :class:`MathAsMathML`
turns the Markdown cells' LaTeX into MathML (:mod:`autograder.pipeline.mathml`), and the page's
template (nbgrader's ``feedback``, with :data:`TEMPLATES`' ``feedback/mathjax.html.j2`` found
first: no MathJax) loads no script: the page is self-contained. :class:`InertHTMLExporter` makes
the page safe to open (:func:`autograder.safepage.inert_page`): whatever a student put in it (a
Markdown cell's HTML, an output, an attachment, LaTeX that becomes MathML) is cleaned, and the
page's Content-Security-Policy lets no script run and nothing load.

The page is in the language of the notebook (``metadata.nnlearn.language``,
:func:`autograder.edition_ko.language_of`: a notebook of the Korean edition gets a Korean page,
anything else an English one): its ``lang``, its own words (:data:`WORDS`, in
``templates/feedback/index.html.j2``), the hidden tests' placeholder; the diagnoses are already
in that language (the grading kernel ran in it: :mod:`autograder.pipeline.execute`).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.edition_ko import language_of
from autograder.pipeline.mathml import markdown_math_to_mathml
from autograder.safepage import inert_page

TEMPLATES = Path(__file__).resolve().parent / "templates"

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
PLACEHOLDERS = {
    "en": "# (hidden tests: their code is not shown; the message below says what failed)",
    "ko": "# (숨은 테스트: 코드는 보여 드리지 않습니다. 무엇이 틀렸는지는 아래 메시지를 보세요)",
}
PLACEHOLDER = PLACEHOLDERS["en"]
# The page's own words (templates/feedback/index.html.j2), in each language of the notebooks
# (autograder/edition_ko.py); the student's language is the notebook's.
WORDS = {
    "en": {
        "score": "Score",
        "test_cell": "Test cell",
        "coding": "Coding free-response",
        "written": "Written response",
        "task": "Task",
        "comment": "Comment",
        "comments": "Comments",
        "late": "Late submission penalty",
        "top": "Top",
        "answer": "Student's answer",
        "student_task": "Student's task",
        "grade_cell": "Grade cell",
    },
    "ko": {
        "score": "점수",
        "test_cell": "테스트 셀",
        "coding": "코드 서술형 답",
        "written": "서술형 답",
        "task": "과제",
        "comment": "의견",
        "comments": "의견",
        "late": "늦은 제출 감점",
        "top": "맨 위로",
        "answer": "학생의 답",
        "student_task": "학생의 과제",
        "grade_cell": "채점 셀",
    },
}
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)


def redact_source(source: str, language: str = "en") -> str:
    """Replace every hidden-test block in ``source`` with its placeholder (:data:`PLACEHOLDERS`)."""
    return _BLOCK.sub(lambda _: PLACEHOLDERS[language], source)


class RedactHiddenTests(NbGraderPreprocessor):
    """Hide hidden-test code and tracebacks in feedback; keep the student-facing message."""

    def preprocess(self, nb, resources):
        self._language = language_of(nb)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or BEGIN not in cell.source:
            return cell, resources
        cell.source = redact_source(cell.source, self._language)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


class MathAsMathML(NbGraderPreprocessor):
    """The LaTeX of Markdown cells as MathML, so that the page shows it without MathJax."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown":
            cell.source = markdown_math_to_mathml(cell.source)
        return cell, resources


class RememberedHighlight:
    """nbconvert's ``highlight_code`` filter (:class:`Highlight2HTML`), each code highlighted once
    per process: a class's pages show mostly the same code (the instructor's test cells and given
    code), and Pygments took a third of a feedback page's CPU. What it returns depends on the
    source, the language, a cell's ``magics_language`` and the formatter's options alone, which
    make the key; a source longer than :data:`REMEMBERED_LENGTH` is highlighted every time, and
    all that is remembered is forgotten when it would hold more than :data:`REMEMBERED_TOTAL`
    characters (a class of hostile notebooks cannot make a worker hold more)."""

    def __init__(self, highlight: Highlight2HTML):
        self.highlight = highlight

    def __call__(self, source, language=None, metadata=None):
        if len(source) > REMEMBERED_LENGTH:
            return self.highlight(source, language, metadata)
        key = (
            "highlight",
            source,
            language or self.highlight.pygments_lexer,
            (metadata or {}).get("magics_language"),
            repr(sorted(self.highlight.extra_formatter_options.items())),
        )
        return _remembered(key, lambda: self.highlight(source, language, metadata))


REMEMBERED_LENGTH = 20_000  # characters of a source
REMEMBERED_TOTAL = 8_000_000  # characters of sources and HTML (chapter 4's pages: 0.3 million)
_highlighted: dict[tuple, str] = {}  # key -> HTML: highlighted code, Markdown made HTML
_held = [0]  # characters _highlighted holds


def _remembered(key: tuple, make) -> str:
    if key not in _highlighted:
        made = make()
        size = len(key[1]) + len(made)
        if _held[0] + size > REMEMBERED_TOTAL:
            _highlighted.clear()
            _held[0] = 0
        _highlighted[key] = made
        _held[0] += size
    return _highlighted[key]


# What nbconvert's HTMLExporter changes in a rendered page (an image without ``alt``, a cell
# wrapper under an element of class ``jp-Notebook``) can only be where one of these is found
_MARKED = re.compile(r"<img|jp-Notebook", re.IGNORECASE)


class InertHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter, its page made inert (:func:`autograder.safepage.inert_page`),
    in the notebook's language (its ``lang`` and the template's words: :data:`WORDS`).

    nbconvert's exporter parses every page it renders with BeautifulSoup to give images an
    ``alt`` and some cell wrappers a ``tabindex``, then writes the page out again: about a third
    of a second of a grading worker's CPU per feedback page, which then goes to nh3 anyway. This
    one renders the page as nbconvert does and makes that pass only on a page where it can
    change something (:data:`_MARKED`); elsewhere it would change only white space between tags
    and the order of attributes."""

    def from_notebook_node(self, nb, resources=None, **kw):
        language = language_of(nb)
        self.language_code = language  # nbconvert's <html lang>, set per notebook
        resources = dict(resources or {}, words=WORDS[language])
        # HTMLExporter.from_notebook_node up to its BeautifulSoup pass (nbconvert 7.17)
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight = self.filters.get(
            "highlight_code", RememberedHighlight(Highlight2HTML(pygments_lexer=lexer, parent=self))
        )
        resources = self._init_resources(resources)
        data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight)
        self.register_filter("filter_data_type", data_type)
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if _MARKED.search(page):
            page = self._accessible(page)
        return inert_page(page), resources

    @pass_context
    def markdown2html(self, context, source):
        """nbconvert's Markdown filter, each Markdown made HTML once per process (the chapter's
        text is the same on every page; mistune took a quarter of a page's CPU), keyed as
        :class:`RememberedHighlight` by all that nbconvert's renderer is given; a cell with
        attachments, a page that embeds images from files and a long text are made every time."""
        cell, made = context.get("cell", {}), super().markdown2html
        if cell.get("attachments") or self.embed_images or len(source) > REMEMBERED_LENGTH:
            return made(context, source)
        key = (
            "markdown",
            source,
            context.get("resources", {}).get("metadata", {}).get("path", ""),
            self.anchor_link_text,
            self.exclude_anchor_links,
            repr(sorted(self.lexer_options.items())),
        )
        return _remembered(key, lambda: made(context, source))

    def _accessible(self, page: str) -> str:
        """HTMLExporter's BeautifulSoup pass (nbconvert 7.17): images get an ``alt``, cell
        wrappers under ``.jp-Notebook`` a ``tabindex``."""
        soup = BeautifulSoup(page, features="html.parser")
        missing_alt = 0
        for elem in soup.select("img:not([alt])"):
            elem.attrs["alt"] = "No description has been provided for this image"
            missing_alt += 1
        if missing_alt:
            self.log.warning("Alternative text is missing on %s image(s).", missing_alt)
        for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
            elem.attrs["tabindex"] = "0"
        for elem in soup.select(".jp-Notebook div.jp-OutputArea-output"):
            elem.attrs["tabindex"] = "0"
        return str(soup)
