"""book/accessibility.py mends the theme's and docutils' markup that axe-core flags (the whole
book is checked in a browser by tests/test_accessibility.py); here, on the markup as they write
it."""

from book.accessibility import mend

SEARCH = (
    '<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
    'aria-label="Search" data-bs-placement="bottom"><span>Search</span></button>'
)
ICON_SEARCH = '<button class="btn btn-sm search-button" title="Search" aria-label="Search">'
NAV = (
    '<li class="toctree-l1 has-children"><a class="current reference internal" href="#">'
    'Summary: <em>how</em> a network learns</a><details open="open"><summary><span '
    'class="toctree-toggle" role="presentation"></span></summary>'
)
THEME = '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'
TOGGLE = '<summary aria-label="Toggle hidden content">\n<p class="collapsed">Show the checks</p>'
CITATION = '<div class="citation" id="id2" role="doc-biblioentry">'


def test_search_field_is_named_by_its_text_and_the_icon_keeps_its_name():
    assert 'aria-label="Search"' not in mend(SEARCH)
    assert "<span>Search</span>" in mend(SEARCH)
    assert mend(ICON_SEARCH) == ICON_SEARCH


def test_navigation_arrows_are_named_after_their_chapter():
    assert '<summary aria-label="Sections of Summary: how a network learns">' in mend(NAV)


def test_other_fixes():
    assert mend(THEME) == (
        '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" aria-hidden="true"></i>'
    )
    assert mend(TOGGLE).startswith("<summary>\n<p")
    assert mend(CITATION) == '<div class="citation" id="id2" role="listitem">'
