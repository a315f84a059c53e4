"""The Korean student edition: ``chapters/ko/`` generated from ``chapters/`` and the chapters'
translation catalogues, never edited by hand.

A chapter's catalogue, ``locale/ko/LC_MESSAGES/chapters/<chapter>.po``, holds the messages that
Sphinx's ``gettext`` builder extracts from the chapter's Markdown cells (one per paragraph,
heading, list item, table cell, image's alt text), keyed by their MyST source. The same
messages are found here the same way (each Markdown cell parsed by myst-parser into a docutils
tree, with the book's MyST extensions, then :func:`sphinx.util.nodes.extract_messages`), and
each is replaced, in the cell's Markdown, by its current translation: a message untranslated or
fuzzy stays English. Everything else is the English notebook's: every code cell, every nbgrader
cell and grade id (one exercise API, the same tests grade both editions), the math.

What makes the notebook Korean:

- a first code cell (not an nbgrader cell) that sets the kernel's language, ``use("ko")``
  (:mod:`nnlearn.i18n`): the checks' messages and diagnoses in Korean, the code cells of both
  editions the same;
- ``metadata.nnlearn.language = "ko"``: what the grader reads to grade and explain in Korean
  (:func:`language_of`);
- ``metadata.lang = "ko"`` on each Markdown cell whose every message is translated.

``python -m autograder generate`` writes ``chapters/ko/`` with ``chapters/``;
``tests/course/test_sync.py`` proves both in sync with their sources.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from autograder.chapters import REPO_ROOT

LANGUAGE = "ko"
SOURCE_LANGUAGE = "en"
LANGUAGES = (SOURCE_LANGUAGE, LANGUAGE)
CATALOGUES = REPO_ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "chapters"
FOLDER = LANGUAGE  # chapters/ko/
# The book's MyST extensions (_config.yml, parse.myst_enable_extensions): they decide what is a
# message (a $$ block is math, not a paragraph).
MYST_EXTENSIONS = ["amsmath", "dollarmath", "colon_fence", "deflist"]
USE_CELL = f'import nnlearn.i18n\n\nnnlearn.i18n.use("{LANGUAGE}")  # 검사 메시지와 진단을 한국어로'


def catalogue(chapter: str, folder: Path = CATALOGUES) -> dict[str, str]:
    """The current translations of a chapter's catalogue: English message -> Korean (no
    untranslated or fuzzy message; an absent catalogue translates nothing)."""
    from babel.messages.pofile import read_po

    path = Path(folder) / f"{chapter}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


def messages(markdown: str) -> list[str]:
    """The messages of one Markdown cell, in order, as Sphinx's gettext builder extracts them."""
    from sphinx.util.nodes import extract_messages

    return [msg for _, msg in extract_messages(_doctree(markdown))]


def _doctree(markdown: str):
    from docutils.utils import new_document

    parser, settings = _parser()
    document = new_document("cell.md", settings.copy())
    parser.parse(markdown, document)
    return document


@cache
def _parser():
    """myst-parser's docutils parser and its settings (made once: docutils' settings take
    longer to make than a cell to parse)."""
    from docutils.frontend import get_default_settings
    from myst_parser.parsers.docutils_ import Parser

    parser = Parser()
    settings = get_default_settings(parser)
    settings.myst_enable_extensions = MYST_EXTENSIONS
    settings.report_level = 5  # Sphinx's roles ({term}, {cite}) are unknown to docutils: quiet
    settings.halt_level = 5
    settings.warning_stream = False
    return parser, settings


def _located(markdown: str) -> Iterator[tuple[str, int, int]]:
    """Each message of a Markdown cell with where it is in the cell's source, ``(message,
    start, end)``, in order: a message's line breaks and indentation are any whitespace there.
    A message inside another (an image's alt text in its paragraph) is left out: it is
    translated with the message around it."""
    from sphinx.util.nodes import extract_messages

    # the source with each run of whitespace as one space (a block quote's ">" at the start of
    # a line is whitespace too), and where each character came from
    flat, origin = [], []
    for run in re.finditer(r"(?:[ \t]*\n[ \t]*(?:>[ \t]*)*|\s)+|\S+", markdown):
        text = " " if run.group()[0].isspace() else run.group()
        flat.append(text)
        origin += range(run.start(), run.start() + len(text))
    flat, origin = "".join(flat), origin + [len(markdown)]
    line_starts = [0] + [m.end() for m in re.finditer("\n", markdown)]
    position = 0  # in flat: the first character not yet passed
    outer = None
    for node, msg in extract_messages(_doctree(markdown)):
        if outer is not None and _inside(node, outer):
            continue
        outer = node
        line = getattr(node, "line", None)
        if line:  # docutils counts from 1: search from the node's line on
            start = line_starts[min(line, len(line_starts)) - 1]
            while position < len(flat) and origin[position] < start:
                position += 1
        at = flat.find(" ".join(msg.split()), position)
        if at < 0:
            raise ValueError(f"message not found in its Markdown cell: {msg!r}")
        position = at + len(" ".join(msg.split()))
        yield msg, origin[at], origin[position - 1] + 1


def _inside(node, other) -> bool:
    while node is not None:
        node = node.parent
        if node is other:
            return True
    return False


def translate_markdown(
    markdown: str, translate: Callable[[str], str | None]
) -> tuple[str, list[str], list[str]]:
    """(``markdown`` with each message replaced by ``translate(message)`` where that is not
    None, the messages translated, the messages left in English)."""
    out, end, done, left = [], 0, [], []  # a math block's message keeps its line breaks
    for msg, start, stop in _located(markdown):
        text = translate(msg)
        if text is None:
            left.append(msg)
            continue
        out += [markdown[end:start], text.strip() if msg != msg.strip() else text]
        end = stop
        done.append(msg)
    return "".join(out) + markdown[end:], done, left


def korean_notebook(nb, translations: dict[str, str]):
    """The Korean edition of a student notebook: a copy, its Markdown translated by
    ``translations`` (English message -> Korean), its code and nbgrader cells the same."""
    import nbformat

    ko = copy.deepcopy(nb)
    for cell in ko.cells:
        if cell.cell_type != "markdown":
            continue
        cell.source, done, left = translate_markdown(cell.source, translations.get)
        cell.metadata.pop("lang", None)
        if done and not left:
            cell.metadata["lang"] = LANGUAGE
    ko.cells.insert(0, nbformat.v4.new_code_cell(USE_CELL))
    ko.cells[0].pop("id", None)
    ko.metadata["nnlearn"] = {"language": LANGUAGE}
    return ko


def language_of(nb) -> str:
    """The language of a notebook's edition, from its metadata: ``"ko"`` or ``"en"``. Anything
    else (missing, unknown, not a string, metadata that is not a mapping) is English."""
    try:
        language = nb["metadata"]["nnlearn"]["language"]
    except (KeyError, TypeError, IndexError, AttributeError):
        return SOURCE_LANGUAGE
    return language if isinstance(language, str) and language in LANGUAGES else SOURCE_LANGUAGE


def korean_notebooks(english: list[Path], catalogues: Path = CATALOGUES) -> Iterator:
    """``(file name, notebook)``: the Korean edition of each English student notebook
    (:mod:`autograder.edition` writes them into ``chapters/ko/``)."""
    import nbformat

    for path in english:
        nb = korean_notebook(nbformat.read(path, as_version=4), catalogue(path.stem, catalogues))
        yield path.name, nb
