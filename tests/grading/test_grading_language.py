"""The grader's language is the submitted notebook's (autograder/edition_ko.language_of): any
JSON value there grades as usual, "ko" alone makes the kernel and the feedback page Korean."""

import subprocess
import sys
from pathlib import Path

import nbformat
import nbgrader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from traitlets.config import Config

from autograder.edition_ko import language_of
from autograder.pipeline.execute import language_lines
from autograder.pipeline.feedback import TEMPLATES, WORDS, InertHTMLExporter

JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(JSON)
def test_any_json_for_the_language_is_a_language(value):
    nb = {"metadata": {"nnlearn": {"language": value}}, "cells": []}
    assert language_of(nb) == ("ko" if value == "ko" else "en")


@settings(max_examples=60, deadline=None)
@given(JSON)
def test_any_json_for_the_notebook_s_own_metadata_is_a_language(value):
    assert language_of({"metadata": {"nnlearn": value}}) in ("en", "ko")
    assert language_of({"metadata": value}) in ("en", "ko")


def test_the_kernel_start_line_sets_the_language_and_english_needs_none():
    assert language_lines("en") == []
    (line,) = language_lines("ko")
    code = f"{line}\nimport nnlearn.i18n\nprint(nnlearn.i18n.current())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ko"


def exporter() -> InertHTMLExporter:
    """The feedback page's exporter, configured as the course configures it."""
    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(formgrader / "templates")]
    c.HTMLExporter.template_name = "feedback"  # and nbgrader's GenerateFeedback's css
    css = formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css"
    c.HTMLExporter.extra_template_paths = [str(css)]
    return InertHTMLExporter(config=c)


def feedback_page(metadata) -> str:
    nb = nbformat.v4.new_notebook(metadata=metadata)
    cell = nbformat.v4.new_code_cell("check()")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_x", "points": 2, "score": 0}
    nb.cells = [nbformat.v4.new_markdown_cell("# A chapter"), cell]
    info = {"notebook": "x", "score": 0, "max_score": 2, "late_penalty": 0}
    page, _ = exporter().from_notebook_node(nb, resources={"nbgrader": info})
    return page


def test_the_feedback_page_s_words_and_lang_are_the_notebook_s():
    for language in ("en", "ko"):
        page = feedback_page({"nnlearn": {"language": language}})
        assert f'<html lang="{language}"' in page
        for word in WORDS[language].values():  # the ones this page shows
            if word in (WORDS[language]["test_cell"], WORDS[language]["grade_cell"]):
                assert word in page
        assert f"{WORDS[language]['score']}: 0.0 / 2.0" in page
    assert "Score" not in feedback_page({"nnlearn": {"language": "ko"}})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_hostile_metadata_still_gets_an_english_page(value):
    page = feedback_page({"nnlearn": {"language": value}})
    assert f'<html lang="{"ko" if value == "ko" else "en"}"' in page
