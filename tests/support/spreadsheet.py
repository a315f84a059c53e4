"""A CSV file as a spreadsheet imports it.

How a spreadsheet reads a CSV cell (Excel, LibreOffice, Google Sheets; OWASP "CSV Injection"),
restated here and applied by :func:`import_csv`, which loads the cells into an openpyxl workbook
as the import would: a cell that is a plain number is a number; one whose first character after
leading spaces is ``=`` is a formula, and so is one that starts with ``+``, ``-`` or ``@`` (Excel
turns ``+1+1`` into ``=+1+1`` and ``@SUM(A1)`` into ``=SUM(A1)``); a tab or CR in front is
dropped by some importers, which then read what follows, and so is any control character
(a worksheet cannot hold one). openpyxl marks a formula cell
(``data_type == "f"``) and keeps it so through a saved and reopened workbook.
"""

import csv
import re

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def formula_text(value: str) -> str | None:
    """The formula a spreadsheet would make of a CSV cell ``value``, or None (see above)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value).lstrip(" \t\r\n")
    if NUMBER.fullmatch(value):
        return None
    if text[:1] in ("=", "\uff1d"):
        return "=" + text[1:]
    if text[:1] in ("+", "-"):
        return "=" + text
    if text[:1] == "@":
        return "=" + text[1:]
    return None


def import_csv(path, tmp_path) -> list[list]:
    """The cells of ``path`` as a spreadsheet imports them, through a saved workbook: numbers,
    text, and formulas (as openpyxl's formula cells, "=...")."""
    wb = Workbook()
    ws = wb.active
    with open(path, newline="", encoding="utf-8") as fh:
        for r, row in enumerate(csv.reader(fh), start=1):
            for c, value in enumerate(row, start=1):
                formula = formula_text(value)
                if formula is not None:
                    ws.cell(r, c, formula)
                elif NUMBER.fullmatch(value):
                    ws.cell(r, c, float(value))
                else:  # a worksheet holds no control character: the import drops them
                    ws.cell(r, c, ILLEGAL_CHARACTERS_RE.sub("", value))
    saved = tmp_path / "imported.xlsx"
    wb.save(saved)
    return [[cell for cell in row] for row in load_workbook(saved).active.iter_rows()]


def formulas(cells: list[list]) -> list[str]:
    return [c.value for row in cells for c in row if c.data_type == "f"]
