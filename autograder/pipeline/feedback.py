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
"""

from __future__ import annotations

import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.pipeline.mathml import markdown_math_to_mathml
from autograder.safepage import inert_page

TEMPLATES = Path(__file__).resolve().parent / "templates"

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
PLACEHOLDER = "# (hidden tests: their code is not shown; the message below says what failed)"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)


def redact_source(source: str) -> str:
    """Replace every hidden-test block in ``source`` with :data:`PLACEHOLDER`."""
    return _BLOCK.sub(PLACEHOLDER, source)


class RedactHiddenTests(NbGraderPreprocessor):
    """Hide hidden-test code and tracebacks in feedback; keep the student-facing message."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or BEGIN not in cell.source:
            return cell, resources
        cell.source = redact_source(cell.source)
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


class InertHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter, its page made inert (:func:`autograder.safepage.inert_page`)."""

    def from_notebook_node(self, nb, resources=None, **kw):
        page, resources = super().from_notebook_node(nb, resources, **kw)
        return inert_page(page), resources
