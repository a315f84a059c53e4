import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book once per test session (warnings are errors); return the HTML folder."""
    out = tmp_path_factory.mktemp("book")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(
        [
            Path(sys.executable).parent / "jupyter-book",
            "build",
            "--all",
            "-W",
            "-n",
            "--keep-going",
            "--path-output",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert proc.returncode == 0, f"book build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    html = out / "_build" / "html"
    assert (html / "index.html").is_file()
    return html
