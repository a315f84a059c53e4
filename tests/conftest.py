import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings
from support.nbutil import REPO, build_book

os.environ.setdefault("MPLBACKEND", "Agg")
# Kernels started by the tests (instructor notebooks run their hidden tests) import the
# instructor tooling from this checkout: it is not part of the installed student package.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)

# Property-based tests: the same examples on every run, and no time limit per example (the
# suite is not flaky, on a busy machine or a quiet one). To search for new failing examples,
# run them with `--hypothesis-profile=explore` (random, ten times as many, with the database).
settings.register_profile("course", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("course")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book once per test session (warnings are errors); return the HTML folder."""
    out = tmp_path_factory.mktemp("book")
    proc = build_book(out)
    assert proc.returncode == 0, f"book build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    html = out / "_build" / "html"
    assert (html / "index.html").is_file()
    return html


@pytest.fixture(scope="session")
def chromium_context():
    """One headless Chromium for the whole session (tests/support/browser.py); closed at the end."""
    from support.browser import chromium

    with chromium() as context:
        yield context


@pytest.fixture(scope="session")
def screenshots(request) -> Path:
    """The folder the browser tests save their screenshots in, emptied once per session; its
    path is printed at the end of the run."""
    from support.browser import SCREENSHOTS

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    request.config.stash[SCREENSHOTS_KEY] = SCREENSHOTS
    return SCREENSHOTS


SCREENSHOTS_KEY = pytest.StashKey[Path]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(SCREENSHOTS_KEY, None)
    if folder is not None and folder.is_dir():
        count = sum(1 for _ in folder.rglob("*.png"))
        terminalreporter.write_sep("-", "screenshots for review")
        terminalreporter.write_line(f"{count} screenshots in {folder}")


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A grading kernel's namespace (an IPython shell) with numpy and one trusted helper, in a
    submission folder that holds one notebook; ``autograder.sandbox.run_cell(source, shell)``
    runs a cell in a real sandboxed student process, as the grader's replaced cells do."""
    from IPython.core.interactiveshell import InteractiveShell

    from autograder.sandbox import kernel as sandbox
    from autograder.sandbox.launch import Limits

    monkeypatch.chdir(tmp_path)
    (tmp_path / "04_backpropagation.ipynb").write_text(json.dumps({"cells": []}))
    monkeypatch.setenv(sandbox.LIMITS_VARIABLE, Limits().to_json())
    ip = InteractiveShell.instance()
    ip.user_ns.update(np=np, check=lambda value: bool(np.allclose(value, 1.0)))
    yield ip
    sandbox.stop()
    for name in ("square", "g", "h", "check", "secret", "boom", "loop"):
        ip.user_ns.pop(name, None)
