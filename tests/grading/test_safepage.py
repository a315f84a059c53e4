"""Pages we write are safe to open (autograder/safepage.py): no student's script runs, nothing is
fetched; and the page still shows what it showed (its MathML, its code, its tables).

A hostile notebook (every route for HTML into a page: Markdown cells, raw cells, outputs of every
kind, attachments, LaTeX that becomes MathML, cell tags) is rendered by nbconvert as it is and by
the feedback page's exporter (:class:`~autograder.pipeline.feedback.InertHTMLExporter`). By text:
no element or attribute that can run or fetch is left. In Chromium: every payload tries to set
``window.__pwned``, change the title, or fetch from a listener on 127.0.0.1; on the page as
nbconvert makes it they do (so the payloads and the markers work), on ours none does. The
not-graded notice and the class report, with hostile names, are opened the same way. The end to
end case (a submission graded into its feedback page) is tests/test_inert_pages_e2e.py.
"""

from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from support.nbutil import SOLUTIONS, chapter_names, read
from support.pages import MARKDOWN, SVG, SVG64, L, Listener, body, dangers, visit

from autograder.outcome import Outcome
from autograder.pipeline.feedback import TEMPLATES, WORDS, InertHTMLExporter
from autograder.pipeline.mathml import _MATH, markdown_math_to_mathml, to_mathml
from autograder.report.class_report import write_class_report
from autograder.report.notice import write_notice
from autograder.safepage import CSP, clean

# Outputs a student's code could make (display(HTML(...)), Javascript(...), ...).
OUTPUTS = [
    {"text/html": "<img src=x onerror=\"window.__pwned='out-html'\"><script>x=1</script>"},
    {"application/javascript": "window.__pwned='out-js'"},
    {"text/markdown": "<script>window.__pwned='out-md'</script>"},
    {"image/svg+xml": SVG},
    {"text/html": f'<img src="{L}/out-img">'},
]


def hostile_notebook(port: int):
    def fill(text: str) -> str:
        return text.replace("{port}", str(port))

    cells = []
    for name, payload in MARKDOWN.items():
        cell = nbformat.v4.new_markdown_cell(f"## {name}\n\n{fill(payload)}\n")
        if name == "attachment":
            cell.attachments = {"evil.svg": {"image/svg+xml": SVG64}}
        cells.append(cell)
    code = nbformat.v4.new_code_cell("x = 1", execution_count=1)
    code.metadata.tags = ["\"><img src=x onerror=window.__pwned='tag'>"]
    code.outputs = [
        nbformat.v4.new_output("display_data", {k: fill(v)}) for o in OUTPUTS for k, v in o.items()
    ]
    code.outputs.append(
        nbformat.v4.new_output(
            "display_data",
            {"image/png": "AAAA"},
            metadata={"image/png": {"width": "1 onerror=window.__pwned='width'"}},
        )
    )
    code.outputs.append(
        nbformat.v4.new_output(
            "display_data",
            {"text/html": "<script>parent.__pwned='isolated'</script>"},
            metadata={"text/html": {"isolated": True}},
        )
    )
    cells.append(code)
    raw = nbformat.v4.new_raw_cell("<script>window.__pwned='raw'</script>")
    raw.metadata.raw_mimetype = "text/html"
    cells.append(raw)
    nb = nbformat.v4.new_notebook(cells=cells)
    for cell in nb.cells:  # as the feedback page's MathAsMathML does
        if cell.cell_type == "markdown":
            cell.source = markdown_math_to_mathml(cell.source)
    return nb


def render(exporter_class, nb) -> str:
    """``nb`` as a feedback page: nbgrader's template with ours first (as course.configure)."""
    import nbgrader

    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    exporter = exporter_class(
        template_name="feedback",
        extra_template_basedirs=[str(TEMPLATES), str(formgrader / "templates")],
        extra_template_paths=[str(formgrader / "static/node_modules/bootstrap/dist/css")],
    )
    grades = {"notebook": "hostile", "score": 0, "max_score": 1, "late_penalty": 0}
    # the template's own words, as the feedback exporter gives them for an English notebook
    return exporter.from_notebook_node(nb, {"nbgrader": grades, "words": WORDS["en"]})[0]


def test_the_hostile_notebook_is_live_as_nbconvert_makes_it():
    # the check below can fail: nbconvert's own page has every kind of danger
    found = dangers(render(HTMLExporter, hostile_notebook(1)))
    for kind in ("script", "img[onerror]", "iframe", "svg", "details[ontoggle]", "base", "meta"):
        assert any(f.startswith(kind) for f in found), (kind, found)


def test_the_feedback_exporter_leaves_nothing_that_runs_or_fetches():
    page = render(InertHTMLExporter, hostile_notebook(1))
    assert dangers(page) == []
    head = page[: page.index("<body")]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in head


@pytest.mark.parametrize("name", sorted(MARKDOWN))
def test_each_markdown_payload_is_cleaned(name):
    html = clean(markdown_math_to_mathml(MARKDOWN[name]).replace("{port}", "1"))
    page = f"<html><head></head><body>{html}</body></html>"
    assert dangers(page) == [], html


def census(page: str) -> Counter:
    """Every element of the body with its attributes and their values. Not the namespaced
    ones: nbconvert's heading anchors write the math of a heading back through ElementTree, as
    ``ns0:math`` (``xmlns:ns0``), which no browser renders as math (cleaned, its text stays)."""
    return Counter(
        (el.name, tuple(sorted((k, " ".join(v) if isinstance(v, list) else v)
                               for k, v in el.attrs.items() if ":" not in k)))
        for el in body(page).find_all(True)
        if ":" not in el.name and el.name != "body"  # the page's frame, not the chapter's
    )  # fmt: skip


@pytest.mark.slow  # six chapters through nbconvert twice: minutes on a busy machine
@pytest.mark.parametrize("chapter", chapter_names())
def test_a_chapter_page_loses_nothing_of_its_own(chapter):
    """The instructor source (every kind of Markdown the course writes: math, tables, code,
    lists, links) renders to the same elements and attributes with and without cleaning."""
    nb = read(SOLUTIONS / f"{chapter}.ipynb")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = markdown_math_to_mathml(cell.source)
        if cell.metadata.get("nbgrader", {}).get("grade"):  # scored, as autograde leaves it
            cell.metadata.nbgrader.score = cell.metadata.nbgrader.points
    plain, inert = render(HTMLExporter, nb), render(InertHTMLExporter, nb)
    words = [body(page).get_text().split() for page in (plain, inert)]  # blank lines aside
    assert words[0] == words[1]
    plain, inert = census(plain), census(inert)
    assert plain - inert == Counter() and inert - plain == Counter()
    assert sum(n for (name, _), n in inert.items() if name == "math") > 0


def test_every_formula_of_the_course_keeps_its_mathml():
    formulas = set()
    for chapter in chapter_names():
        for cell in read(SOLUTIONS / f"{chapter}.ipynb").cells:
            if cell.cell_type == "markdown":
                for m in _MATH.finditer(cell.source):
                    display = m.group("display") is not None
                    formulas.add((m.group("display") or m.group("inline"), display))
    assert len(formulas) > 100
    for latex, display in sorted(formulas):
        mathml = to_mathml(latex, display)
        assert census(f"<body>{clean(mathml)}</body>") == census(f"<body>{mathml}</body>"), latex


# --- in Chromium ----------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path):
    from support.browser import static_server

    with Listener() as listener, static_server(tmp_path) as base:
        yield tmp_path, base, listener


@pytest.mark.browser
def test_in_chromium_the_payloads_run_on_nbconverts_page(chromium_context, served):
    # the check below can fail: on nbconvert's own page the markers are set and L is reached
    root, base, listener = served
    (root / "live.html").write_text(render(HTMLExporter, hostile_notebook(listener.port)))
    seen = visit(chromium_context, f"{base}/live.html", listener)
    assert seen["pwned"] and "PWNED" in seen["titles"] and seen["hits"], seen


@pytest.mark.browser
def test_in_chromium_nothing_runs_or_loads_on_our_pages(chromium_context, served):
    root, base, listener = served
    (root / "feedback.html").write_text(render(InertHTMLExporter, hostile_notebook(listener.port)))
    name = "<img src=x onerror=\"window.__pwned='name'\">\x1b[31m.ipynb"
    notice = write_notice(
        root, "mallory", "?", name, f"<script>window.__pwned=1</script>{name}", name
    )
    outcomes = [
        Outcome(name, "04_backpropagation", "invalid", reason=f"<script>x</script>{name}"),
        Outcome("ok", "04_backpropagation", "graded", 3.0, 13.0, flags=[name]),
    ]
    report, _ = write_class_report(root / "report", outcomes, [])
    pages = ["feedback.html", notice.relative_to(root).as_posix()]
    pages.append(report.relative_to(root).as_posix())
    for page in pages:
        url = f"{base}/{page}"
        seen = visit(chromium_context, url, listener)
        assert seen["pwned"] == [] and "PWNED" not in seen["titles"], (page, seen)
        assert seen["urls"] == [url] and seen["hits"] == [] and seen["requests"] == [], (page, seen)
        # the bootstrap CSS of nbgrader's template names its icon font: the policy stops it;
        # nothing else was left for it to stop
        assert seen["blocked"] == [], (page, seen)


class _StockPass(InertHTMLExporter):
    """The feedback exporter as it was: nbconvert's whole from_notebook_node, BeautifulSoup pass
    and all, then made inert."""

    def from_notebook_node(self, nb, resources=None, **kw):
        from autograder.safepage import inert_page

        self.language_code = "en"
        page, resources = HTMLExporter.from_notebook_node(self, nb, resources, **kw)
        return inert_page(page), resources


def _soups(monkeypatch) -> list:
    """Every BeautifulSoup made from now on (nbconvert's module imported it by name)."""
    import bs4
    import nbconvert.exporters.html as nbconvert_html

    import autograder.pipeline.feedback as feedback

    made = []

    class Counted(bs4.BeautifulSoup):
        def __init__(self, *args, **kwargs):
            made.append(args[0][:40] if args else "")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(nbconvert_html, "BeautifulSoup", Counted)
    monkeypatch.setattr(feedback, "BeautifulSoup", Counted)
    return made


def test_a_page_without_images_is_not_parsed_again_and_shows_the_same(monkeypatch):
    nb = read(SOLUTIONS / "04_backpropagation.ipynb")
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):  # scored, as autograde leaves it
            cell.metadata.nbgrader.score = cell.metadata.nbgrader.points
    stock = render(_StockPass, nb)
    made = _soups(monkeypatch)
    page = render(InertHTMLExporter, nb)
    assert made == []  # nbconvert's pass parses every page it renders
    # the same elements, attributes and words; only white space between tags and the order of
    # attributes may differ
    assert census(page) == census(stock)
    assert body(page).get_text().split() == body(stock).get_text().split()
    head = page[: page.index("<body")]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in head


@pytest.mark.parametrize(
    "output",
    [
        {"image/png": "iVBORw0KGgo="},  # an image without alt: nbconvert gives it one
        {"text/html": '<div class="jp-Notebook"><div class="jp-Cell-inputWrapper">x</div></div>'},
    ],
)
def test_a_page_the_pass_changes_is_the_page_it_was(output, monkeypatch):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=output)]
    nb.cells = [cell]
    stock = render(_StockPass, nb)
    assert 'alt="No description' in stock or 'tabindex="0"' in stock  # the pass did something
    made = _soups(monkeypatch)
    assert render(InertHTMLExporter, nb) == stock
    assert len(made) == 1


def test_the_same_code_is_highlighted_once_and_shows_the_same(monkeypatch):
    import nbconvert.filters.highlight as highlight

    import autograder.pipeline.feedback as feedback

    calls = []
    pygments = highlight._pygments_highlight

    def counted(source, *args, **kwargs):
        calls.append(source)
        return pygments(source, *args, **kwargs)

    monkeypatch.setattr(highlight, "_pygments_highlight", counted)
    monkeypatch.setattr(feedback, "_highlighted", {})
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in ("x = 1", "def f(): pass", "x = 1")]
    first = render(InertHTMLExporter, nb)
    assert sorted(calls) == ["def f(): pass", "x = 1"]
    assert render(InertHTMLExporter, nb) == first  # a second student's page: nothing again
    assert len(calls) == 2
    # what the filter gives is what nbconvert's gives, for each key the filter remembers by
    plain = highlight.Highlight2HTML(pygments_lexer="ipython3")
    remembered = feedback.RememberedHighlight(plain)
    for code, language, metadata in [
        ("x = 1", None, None),
        ("x = 1", "python", None),
        ("SELECT 1", None, {"magics_language": "sql"}),
        ("SELECT 1", None, None),
    ]:
        assert remembered(code, language, metadata) == plain(code, language, metadata)
    assert len(calls) == 2 + 3 + 4  # the first was highlighted for the pages already


def test_the_same_markdown_is_made_html_once_and_shows_the_same(monkeypatch):
    import nbconvert.exporters.html as nbconvert_html

    import autograder.pipeline.feedback as feedback

    rendered = []

    class Counted(nbconvert_html.MarkdownWithMath):
        def render(self, source):
            rendered.append(source)
            return super().render(source)

    monkeypatch.setattr(nbconvert_html, "MarkdownWithMath", Counted)
    monkeypatch.setattr(feedback, "_highlighted", {})
    nb = nbformat.v4.new_notebook()
    text = "# Backpropagation\n\nThe *chain rule*, `code` and a [link](#top)."
    pictured = nbformat.v4.new_markdown_cell("![a picture](attachment:p.png)")
    pictured.attachments = {"p.png": {"image/png": "iVBORw0KGgo="}}
    nb.cells = [nbformat.v4.new_markdown_cell(text), pictured, nbformat.v4.new_markdown_cell(text)]
    first = render(InertHTMLExporter, nb)
    assert rendered == [text, pictured.source]
    assert 'id="Backpropagation"' in first and "<em>chain rule</em>" in first
    assert render(InertHTMLExporter, nb) == first  # a second student's page
    assert rendered == [text, pictured.source, pictured.source]  # attachments: every time


def test_what_is_remembered_is_bounded(monkeypatch):
    import autograder.pipeline.feedback as feedback

    monkeypatch.setattr(feedback, "_highlighted", {})
    monkeypatch.setattr(feedback, "_held", [0])
    monkeypatch.setattr(feedback, "REMEMBERED_TOTAL", 1000)
    for i in range(50):  # 50 different codes of 10 characters, each made 40 characters of HTML
        code = f"x = {i:06d}"
        assert feedback._remembered(("highlight", code), lambda c=code: f"<pre>{c}</pre>" * 2) == (
            f"<pre>{code}</pre>" * 2
        )
        assert feedback._held[0] <= 1000
        held = sum(len(key[1]) + len(html) for key, html in feedback._highlighted.items())
        assert feedback._held[0] == held
    assert 0 < len(feedback._highlighted) < 50
