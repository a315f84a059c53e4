import os
from pathlib import Path

import pytest
from nbutil import REPO, build_book

os.environ.setdefault("MPLBACKEND", "Agg")
# Kernels started by the tests (instructor notebooks run their hidden tests) import the
# instructor tooling from this checkout: it is not part of the installed student package.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book once per test session (warnings are errors); return the HTML folder."""
    out = tmp_path_factory.mktemp("book")
    proc = build_book(out)
    assert proc.returncode == 0, f"book build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    html = out / "_build" / "html"
    assert (html / "index.html").is_file()
    return html
