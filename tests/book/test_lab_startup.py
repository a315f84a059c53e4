"""The font list Pyodide's matplotlib ships, mended (nnlearn.fonts.fix_shipped_font_list, run by
the live lab's kernel start-up and the book's live demos): stamped
with the version its FontManager expects, so that matplotlib reads it instead of rebuilding it
at every kernel start, and holding only the fonts that are there (Pyodide 0.27.7's lists 488
fonts of the Mac it was made on beside matplotlib's own 38, and matplotlib scores every one of
them for each font it looks for).

It runs on a stand-in matplotlib package laid out as Pyodide 0.27.7's (``font_manager.py`` with
``__version__ = 330``, a ``fontlist.json`` stamped 390, its font files in ``mpl-data/``).
"""

import json
import sys
from pathlib import Path

import pytest

from nnlearn.fonts import fix_shipped_font_list

OURS = {"fname": "fonts/ttf/DejaVuSans.ttf", "name": "DejaVu Sans"}  # relative to mpl-data
AFM = {"fname": "fonts/afm/pagd8a.afm", "name": "ITC Avant Garde Gothic"}
MAC = {"fname": "/System/Library/Fonts/Supplemental/Arial.ttf", "name": "Arial"}


@pytest.fixture
def fake_matplotlib(tmp_path, monkeypatch):
    package = tmp_path / "matplotlib"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "font_manager.py").write_text(
        "class FontManager:\n    # the fonts\n\n    __version__ = 330\n"
    )
    for entry in [OURS, AFM]:
        font = package / "mpl-data" / entry["fname"]
        font.parent.mkdir(parents=True, exist_ok=True)
        font.write_bytes(b"a font")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "matplotlib", raising=False)
    return package


def write_list(package: Path, fonts: dict) -> None:
    (package / "fontlist.json").write_text(json.dumps(fonts))


def read_list(package: Path) -> dict:
    return json.loads((package / "fontlist.json").read_text())


def test_the_font_list_gets_the_font_managers_version(fake_matplotlib):
    write_list(fake_matplotlib, {"_version": 390, "ttflist": [OURS], "afmlist": [AFM]})
    fix_shipped_font_list()
    assert read_list(fake_matplotlib) == {"_version": 330, "ttflist": [OURS], "afmlist": [AFM]}


def test_fonts_that_are_not_there_leave_the_list(fake_matplotlib):
    write_list(fake_matplotlib, {"_version": 390, "ttflist": [MAC, OURS, MAC], "afmlist": [AFM]})
    fix_shipped_font_list()
    assert read_list(fake_matplotlib) == {"_version": 330, "ttflist": [OURS], "afmlist": [AFM]}


def test_a_font_named_by_its_full_path_stays_when_it_is_there(fake_matplotlib, tmp_path):
    elsewhere = tmp_path / "fonts" / "Extra.ttf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"a font")
    extra = {"fname": str(elsewhere), "name": "Extra"}
    write_list(fake_matplotlib, {"_version": 330, "ttflist": [extra, OURS], "afmlist": []})
    fix_shipped_font_list()
    assert read_list(fake_matplotlib)["ttflist"] == [extra, OURS]
