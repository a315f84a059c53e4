"""Every CSV the grader writes, inert in a spreadsheet: a text cell is never read as a formula.

Names, ids, emails, sections and folder names come from students, rosters and LMS downloads; a
cell that starts with ``=``, ``+``, ``-`` or ``@`` (``=HYPERLINK(...)``, ``@SUM(...)``) is a
live formula once the file is opened in Excel, LibreOffice or Google Sheets (OWASP, "CSV
Injection"). :func:`write` is the one writer of every CSV (report.csv, grades.csv, the LMS
imports, the class report's tables, the roster kept in the course):

- a text cell that starts with one of those, with a tab, CR or LF (or any character that is not
  printable: an importer may drop it), or with one of them after leading white space (or with
  their full-width forms, which some spreadsheets read the same), gets a single quote in front,
  as OWASP advises; so does one that already starts with a quote, so that :func:`original`
  gives back exactly the text written (``'=1+1`` -> ``=1+1``);
- a number (``int`` or ``float``) is written as a number, never quoted, so that an LMS reads a
  score as a score; a ``float`` that is not finite is text (``-inf`` starts with ``-``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path

QUOTE = "'"
_FORMULA = "=+-@\uff1d\uff0b\uff0d\uff20" + QUOTE  # first, or first after white space


def _needs_quote(text: str) -> bool:
    """A cell that starts with a character that is not printable (tab, CR, LF, any control or
    format character: an importer may drop it and read what follows), or whose first character
    after white space is one of :data:`_FORMULA`."""
    first = text.lstrip()[:1]
    return bool(text) and (not text[0].isprintable() or (first != "" and first in _FORMULA))


def neutral(text: str) -> str:
    """``text`` as a cell a spreadsheet reads as text (see the module's description)."""
    return QUOTE + text if _needs_quote(text) else text


def original(cell: str) -> str:
    """The text :func:`neutral` was given for ``cell`` (the inverse: ``original(neutral(t)) ==
    t`` for every ``t``; a cell it would not have quoted is returned as it is)."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


def cell(value) -> str:
    """What is written for ``value``: a number as a number, anything else as neutral text
    (``None`` as an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return neutral(str(value))
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value)
    return neutral(str(value))


def write(path: Path, header: Iterable[str], rows: Iterable[Iterable]) -> Path:
    """Write ``header`` and ``rows`` to ``path`` (UTF-8, the csv module's quoting), every value
    through :func:`cell`; return ``path``."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow([cell(h) for h in header])
        out.writerows([cell(v) for v in row] for row in rows)
    return Path(path)
