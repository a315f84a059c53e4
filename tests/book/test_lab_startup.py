"""The live lab's kernel start-up (book/lite/startup/): matplotlib's shipped font list stamped
with the version its FontManager expects, so that matplotlib reads it instead of rebuilding it
at every kernel start.

The start-up file runs as the kernel's PYTHONSTARTUP (it needs the kernel's IPython): its
function ``_fix_font_list`` is taken from it alone, and run on a stand-in matplotlib package
laid out as Pyodide 0.27.7's (``font_manager.py`` with ``__version__ = 330``, a
``fontlist.json`` stamped 390).
"""

import ast
import json
import sys
from pathlib import Path

import pytest

STARTUP = Path(__file__).resolve().parents[2] / "book/lite/startup/nnlearn_lab_startup.py"


def fix_font_list():
    tree = ast.parse(STARTUP.read_text(encoding="utf-8"))
    function = next(n for n in tree.body if getattr(n, "name", "") == "_fix_font_list")
    namespace = {}
    exec(compile(ast.Module([function], []), str(STARTUP), "exec"), namespace)
    return namespace["_fix_font_list"]


@pytest.fixture
def fake_matplotlib(tmp_path, monkeypatch):
    package = tmp_path / "matplotlib"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "font_manager.py").write_text(
        "class FontManager:\n    # the fonts\n\n    __version__ = 330\n"
    )
    fonts = {"_version": 390, "ttflist": [{"fname": "fonts/ttf/DejaVuSans.ttf"}]}
    (package / "fontlist.json").write_text(json.dumps(fonts))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "matplotlib", raising=False)
    return package


def test_the_font_list_gets_the_font_managers_version(fake_matplotlib):
    fix_font_list()()
    fonts = json.loads((fake_matplotlib / "fontlist.json").read_text())
    assert fonts == {"_version": 330, "ttflist": [{"fname": "fonts/ttf/DejaVuSans.ttf"}]}
