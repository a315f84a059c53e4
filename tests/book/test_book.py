"""The rendered book: built with warnings as errors (see conftest), complete, no tracebacks."""

import json
import re

import pytest
from support.nbutil import REPO

pytestmark = pytest.mark.slow


def toc_files() -> list[str]:
    return re.findall(r"file:\s*(\S+)", (REPO / "_toc.yml").read_text())


def test_every_toc_page_is_built(built_book):
    for name in toc_files():
        assert (built_book / f"{name}.html").is_file(), name


def test_no_page_shows_a_traceback_or_stderr(built_book):
    """myst-nb renders an error output as `<div class="output traceback ...">` and a stderr
    stream as `<div class="output stderr ...">` (checked on a throwaway book)."""
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for sign in ("Traceback (most recent call last)", "output stderr", "output traceback"):
            assert sign not in text, f"{page.name} shows {sign!r} to readers"


def test_chapter_pages_carry_widget_snapshots_and_math(built_book):
    for name in toc_files():
        if not name.startswith("chapters/"):
            continue
        text = (built_book / f"{name}.html").read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" in text, f"{name}: no widget state"
        assert "math notranslate" in text, f"{name}: no math"


WIDGET_STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


def images(html_text: str) -> list[str]:
    """<img> tags of a page: in the HTML itself and inside the widget snapshots."""
    tags = re.findall(r"<img\b[^>]*>", re.sub(r"<script.*?</script>", "", html_text, flags=re.S))
    for state in WIDGET_STATE.findall(html_text):
        for model in json.loads(state)["state"].values():
            value = model.get("state", {}).get("value")
            if isinstance(value, str):
                tags += re.findall(r"<img\b[^>]*>", value)
    return tags


def test_every_image_has_alt_text(built_book):
    count = 0
    for page in built_book.rglob("*.html"):
        for tag in images(page.read_text(encoding="utf-8")):
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), f"{page.name}: image without alt text: {tag[:120]}"
            count += 1
    assert count > 0


def test_chapter_pages_fold_the_checks_and_leave_out_the_hidden_tests(built_book):
    """The book edition (book/edition.py) as built: one "Show the checks" toggle per visible
    check cell of the student edition, one exercise label per stub, and no hidden-test
    placeholder."""
    from support.nbutil import CHAPTERS, HIDDEN_BLOCK, SOLUTIONS, nbgrader, read

    from book.edition import CHECKS_SHOW, EXERCISE_TAG

    for name in toc_files():
        if not name.startswith("chapters/"):
            continue
        notebook = f"{name.split('/')[-1]}.ipynb"
        cells = read(CHAPTERS / notebook).cells
        hidden = [HIDDEN_BLOCK.search(c.source) for c in read(SOLUTIONS / notebook).cells]
        graded = [c for c in cells if nbgrader(c).get("grade")]
        checks = [c for c, h in zip(cells, hidden, strict=True) if c in graded and not h]
        stubs = [c for c in cells if nbgrader(c).get("solution")]
        assert checks and stubs and len(checks) < len(graded), f"{name}: no checks to fold"
        text = (built_book / f"{name}.html").read_text(encoding="utf-8")
        # every placeholder starts so ("# Hidden tests for ...", "# Hidden tests of ...")
        assert "# Hidden tests" not in text, f"{name}: a hidden tests' placeholder is shown"
        assert text.count(f'admonition-title">{CHECKS_SHOW} of ') == len(checks), name
        assert text.count(f"tag_{EXERCISE_TAG}") == len(stubs), name
        answers = [c for c in cells if c.cell_type == "markdown" and "<details>" in c.source]
        named = re.findall(r"<summary>\s*<p>Answer to question \d+</p>\s*</summary>", text)
        assert len(named) == len(answers) > 0, name
