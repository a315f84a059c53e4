"""The bytecode the lab's build compiles for Pyodide (book/lite/bytecode.py), in the built book.

Each ``.pyc`` must belong to the very source the lab ships beside it, and be one Python checks
against that source at every import (PEP 552's checked hash), so that a stale or foreign file is
never run in place of the source; both starts (the book's demos, the lab's kernel) load it.
"""

from __future__ import annotations

import _imp
import json
import posixpath
import re
import zipfile

import pytest

from book.lite import bytecode

ARCHIVES = [bytecode.DEMOS, bytecode.KERNEL]


@pytest.fixture(scope="module")
def pyodide(built_book):
    folder = built_book / "lab" / "static" / "pyodide"
    return folder, json.loads((folder / "pyodide-lock.json").read_text())


@pytest.fixture(scope="module")
def sources(pyodide):
    """Every ``.py`` of every wheel of the lab, by its path in site-packages."""
    folder, lock = pyodide
    found = {}
    for entry in lock["packages"].values():
        if entry["file_name"].endswith(".whl"):
            with zipfile.ZipFile(folder / entry["file_name"]) as wheel:
                for name in wheel.namelist():
                    if name.endswith(".py"):
                        found[name] = wheel.read(name)
    return found


def test_both_starts_load_the_bytecode(built_book, pyodide):
    _, lock = pyodide
    assert set(ARCHIVES) <= set(lock["packages"])
    config = json.loads((built_book / "lab" / "jupyter-lite.json").read_text())
    plugin = config["jupyter-config-data"]["litePluginSettings"]
    preloaded = next(iter(plugin.values()))["loadPyodideOptions"]["packages"]
    assert set(ARCHIVES) <= set(preloaded)
    worker = (built_book / "_static" / "live-demos-worker.js").read_text()
    packages = json.loads(re.search(r"var PACKAGES = (\[.*?\]);", worker).group(1))
    assert bytecode.DEMOS in packages


@pytest.mark.parametrize("archive", ARCHIVES)
def test_every_pyc_is_checked_against_the_source_the_lab_ships(pyodide, sources, archive):
    folder, lock = pyodide
    tag = "cpython-" + "".join(lock["info"]["python"].split(".")[:2])  # cpython-312
    with zipfile.ZipFile(folder / lock["packages"][archive]["file_name"]) as z:
        names = z.namelist()
        assert len(names) > 50, "the archive compiled almost nothing"
        for name in names:
            cache, file_name = posixpath.split(name)
            assert posixpath.basename(cache) == "__pycache__", name
            module, _, rest = file_name.partition(".")
            assert rest == f"{tag}.pyc", name
            source = sources[posixpath.join(posixpath.dirname(cache), f"{module}.py")]
            pyc = z.read(name)
            flags = int.from_bytes(pyc[4:8], "little")
            assert flags == 0b11, f"{name}: not a checked-hash pyc (flags {flags})"
            key = int.from_bytes(pyc[:4], "little")  # the magic number of the pyc's Python
            assert pyc[8:16] == _imp.source_hash(key, source), f"{name}: another source's"


def test_every_module_of_nnlearn_is_compiled(pyodide, sources):
    """A chapter imports nnlearn's checks, diagnoses and stand-ins beside the demos: none of
    nnlearn's modules is compiled from its source in the browser."""
    folder, lock = pyodide
    compiled = set()
    for archive in ARCHIVES:
        with zipfile.ZipFile(folder / lock["packages"][archive]["file_name"]) as z:
            for name in z.namelist():
                cache, file_name = posixpath.split(name)
                module = file_name.partition(".")[0]
                compiled.add(posixpath.join(posixpath.dirname(cache), f"{module}.py"))
    modules = {name for name in sources if name.startswith("nnlearn/")}
    assert {"nnlearn/checks.py", "nnlearn/mistakes.py"} <= modules
    assert sorted(modules - compiled) == []
