"""The book page's worker leaves out the lab packages that nothing the demos run imports
(live-demos-worker.js: NEVER_IMPORTED): no module of theirs is in the demos' bytecode, the
modules the demos' imports and a first draw import when the lab is built (book/lite/bytecode.py).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from book.lite import bytecode

REPO = Path(__file__).resolve().parents[2]
WORKER = REPO / "book" / "static" / "live-demos-worker.js"


def never_imported() -> list[str]:
    worker = WORKER.read_text(encoding="utf-8")
    return json.loads(re.search(r"var NEVER_IMPORTED = (\[.*?\]);", worker).group(1))


def test_the_worker_names_what_it_leaves_out():
    assert {"pytz", "fonttools"} <= set(never_imported())


@pytest.mark.slow
def test_nothing_the_demos_import_is_left_out(built_book):
    pyodide = built_book / "lab" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
    with zipfile.ZipFile(pyodide / f"{bytecode.DEMOS}.zip") as archive:
        # <package>/__pycache__/<module>.cpython-312.pyc, or __pycache__/<module>...: a top module
        imported = {
            name.split("/")[0]
            if not name.startswith("__pycache__/")
            else name.split("/")[1].split(".")[0]
            for name in archive.namelist()
        }
    assert {"numpy", "matplotlib", "nnlearn"} <= imported, "not the demos' bytecode"
    for package in never_imported():
        provides = set(lock[package]["imports"])
        assert provides, f"{package}: the lock names no module of it"
        assert not provides & imported, f"the demos import {provides & imported} ({package})"
