"""The language switch of book/editions.py leads to the same page in the other edition.

The English book is _build/html/, the Korean one _build/html/ko/: a link is checked by
resolving it from the page's own place in the output, as a browser does.
"""

import posixpath

import pytest
import yaml
from sphinx.util.i18n import docname_to_domain

from book.editions import EDITIONS, catalogue, other_edition
from book.live_lab import LINK_TEXTS, lab_url
from book.translations import ROOT


def place(pagename: str, language: str) -> str:
    return EDITIONS[language] + pagename + ".html"


@pytest.mark.parametrize("pagename", ["intro", "glossary", "chapters/04_backpropagation"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_switch_leads_to_the_same_page_in_the_other_language(pagename, language):
    other, url = other_edition(pagename, language)
    assert other != language
    here = posixpath.dirname(place(pagename, language))
    assert posixpath.normpath(posixpath.join(here, url)) == place(pagename, other)


def test_both_editions_open_the_one_live_lab_each_on_its_own_notebook():
    for language, folder, notebook in [
        ("en", "", "04_backpropagation.ipynb"),
        ("ko", "ko", "ko/04_backpropagation.ipynb"),  # chapters/ko/: the Korean student edition
    ]:
        here = posixpath.dirname(place("chapters/04_backpropagation", language))
        url = lab_url("chapters/04_backpropagation", "04_backpropagation.ipynb", folder)
        page, query = url.split("?")
        assert posixpath.normpath(posixpath.join(here, page)) == "lab/lab/index.html"
        assert query == f"path={notebook}"


def test_a_page_is_in_the_catalogue_sphinx_puts_its_messages_in():
    compact = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    compact = compact["gettext_compact"]
    for page in ("intro", "chapters/04_backpropagation"):
        assert catalogue(page) == docname_to_domain(page, compact)
    assert catalogue("chapters/04_backpropagation") == "chapters/04_backpropagation"


def test_the_live_link_speaks_its_edition_s_language():
    assert LINK_TEXTS[""].startswith("Run this chapter") and "실행" in LINK_TEXTS["ko"]
    assert set(LINK_TEXTS) == {EDITIONS[language].rstrip("/") for language in EDITIONS}
