"""The Korean student edition (chapters/ko/, autograder/edition_ko.py): the chapters' Markdown
translated message by message from the catalogues, everything graded exactly the English one's."""

import json

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from support.nbutil import CHAPTERS, chapter_names, read

from autograder import edition_ko
from autograder.edition_ko import korean_notebook, language_of, messages, translate_markdown

KO = CHAPTERS / edition_ko.FOLDER

# A Markdown cell with one of each kind of message, and its messages as Sphinx's gettext
# builder gives them (written out by hand: a line break in the source is a space in a message).
SAMPLE = """\
# Title of the cell

A paragraph over
two lines, with $x^2$ and `code`.

- a list item
  that goes on
- another item

| head | other |
| --- | --- |
| cell one | cell two |

$$
a = b + c
$$

> quoted
> text

![the alt text](figure.png)
"""
SAMPLE_MESSAGES = [
    "Title of the cell",
    "A paragraph over two lines, with $x^2$ and `code`.",
    "a list item that goes on",
    "another item",
    "head",
    "other",
    "cell one",
    "cell two",
    "\na = b + c\n",  # a math block's message is its source as it is
    "quoted text",
    "![the alt text](figure.png)",
    "the alt text",  # translated with the paragraph around it, in the notebook
]


def normal(text: str) -> str:
    return " ".join(text.split())


def test_the_messages_of_a_cell_are_sphinx_s():
    assert messages(SAMPLE) == SAMPLE_MESSAGES


def test_every_message_is_replaced_where_it_is_and_the_markup_stays():
    korean = {m: f"번역{i}" for i, m in enumerate(SAMPLE_MESSAGES)}
    korean["\na = b + c\n"] = "\n번역8\n"  # as the catalogue has it
    korean["![the alt text](figure.png)"] = "![대체 텍스트](figure.png)"
    out, done, left = translate_markdown(SAMPLE, korean.get)
    assert (done, left) == (SAMPLE_MESSAGES[:-1], [])
    expected = [*list(korean.values())[:-1], "대체 텍스트"]
    expected[8] = "\n번역8\n"
    assert messages(out) == expected
    markup = ["# 번역0", "- 번역2", "- 번역3", "| 번역6 | 번역7 |", "$$\n번역8\n$$", "> 번역9"]
    assert [m for m in markup if m not in out] == []


def test_an_untranslated_message_stays_english():
    out, done, left = translate_markdown(SAMPLE, {"another item": "다른 항목"}.get)
    assert done == ["another item"] and len(left) == len(SAMPLE_MESSAGES) - 2
    assert messages(out) == [m if m != "another item" else "다른 항목" for m in SAMPLE_MESSAGES]


def test_a_message_said_twice_is_translated_twice():
    out, _, left = translate_markdown("## Check\n\ntext\n\n## Check\n", {"Check": "확인"}.get)
    assert out == "## 확인\n\ntext\n\n## 확인\n" and left == ["text"]


def write_catalogue(path, entries):
    """A PO file: (English, Korean, fuzzy) per message."""
    catalog = Catalog(locale="ko")
    for english, korean, fuzzy in entries:
        catalog.add(english, korean, flags=["fuzzy"] if fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog)


def chapter_messages(nb) -> list[str]:
    return [m for cell in nb.cells if cell.cell_type == "markdown" for m in messages(cell.source)]


@pytest.mark.parametrize("chapter", ["03_gradient_descent"])
def test_every_translated_message_of_a_catalogue_reaches_the_notebook(tmp_path, chapter):
    english = read(CHAPTERS / f"{chapter}.ipynb")
    found = list(dict.fromkeys(chapter_messages(english)))
    korean = {m: f"한국어 {i}" for i, m in enumerate(found)}
    fuzzy = found[1]
    write_catalogue(
        tmp_path / f"{chapter}.po",
        [(m, korean[m], m == fuzzy) for m in found] + [("not in the chapter", "없음", False)],
    )
    translations = edition_ko.catalogue(chapter, tmp_path)
    assert fuzzy not in translations and len(translations) == len(found)  # + the stray one
    nb = korean_notebook(english, translations)
    left = chapter_messages(nb)
    assert [m for m in left if m in translations] == [], "a translated message left English"
    assert set(left) == (set(korean.values()) - {korean[fuzzy]}) | {fuzzy}
    # every Markdown cell but those with the fuzzy message is marked Korean
    marked = [c.metadata.get("lang") for c in nb.cells if c.cell_type == "markdown"]
    with_fuzzy = [fuzzy in messages(c.source) for c in nb.cells if c.cell_type == "markdown"]
    assert marked == [None if f else "ko" for f in with_fuzzy]


def test_no_catalogue_translates_nothing(tmp_path):
    assert edition_ko.catalogue("03_gradient_descent", tmp_path) == {}


@pytest.mark.parametrize("chapter", chapter_names())
def test_the_korean_notebook_is_graded_as_the_english_one(chapter):
    """Same code, same nbgrader cells and ids; one extra first cell that sets the language; the
    notebook says it is Korean."""
    english, korean = read(CHAPTERS / f"{chapter}.ipynb"), read(KO / f"{chapter}.ipynb")
    first, rest = korean.cells[0], korean.cells[1:]
    assert first.cell_type == "code" and "nbgrader" not in first.metadata
    assert 'nnlearn.i18n.use("ko")' in first.source
    assert [c.cell_type for c in rest] == [c.cell_type for c in english.cells]
    for en, ko in zip(english.cells, rest, strict=True):
        if en.cell_type == "code":
            assert (ko.source, ko.metadata) == (en.source, en.metadata)
        assert ko.metadata.get("nbgrader") == en.metadata.get("nbgrader")
    assert language_of(korean) == "ko" and language_of(english) == "en"
    assert korean.metadata.kernelspec == english.metadata.kernelspec


@pytest.mark.parametrize("chapter", chapter_names())
def test_the_real_catalogue_s_translations_are_all_in_the_korean_notebook(chapter):
    """Whatever the translators have done so far (chapters/ko/ is in sync: test_sync.py)."""
    translations = edition_ko.catalogue(chapter)
    left = chapter_messages(read(KO / f"{chapter}.ipynb"))
    assert [m for m in left if m in translations and translations[m] != m] == []


@pytest.mark.parametrize("chapter", chapter_names())
def test_the_messages_found_are_those_of_the_catalogue_when_it_is_current(chapter):
    """The catalogue was extracted by Sphinx's gettext builder from the book's chapter page;
    when it is current (every message of it still in the chapter), it is exactly the messages
    found here, so that no message of the page is missed in the notebook."""
    path = edition_ko.CATALOGUES / f"{chapter}.po"
    with path.open("rb") as f:
        catalogue = {m.id for m in read_po(f) if m.id}
    found = set(chapter_messages(read(CHAPTERS / f"{chapter}.ipynb")))
    if not catalogue <= found:
        pytest.skip(f"{path.name} is not current: `make translations`")
    assert found == catalogue


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        {"nnlearn": None},
        {"nnlearn": {"language": 3}},
        {"nnlearn": {"language": "fr"}},
        {"nnlearn": []},
        {"nnlearn": {"language": ["ko"]}},
        {"nnlearn": "ko"},
    ],
)
def test_a_missing_or_unknown_language_is_english(metadata):
    assert language_of({"metadata": metadata, "cells": []}) == "en"
    korean = json.loads(json.dumps({"metadata": {"nnlearn": {"language": "ko"}}}))
    assert language_of(korean) == "ko"
