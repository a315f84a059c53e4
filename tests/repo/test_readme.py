"""The README's table of `grade` options lists every option `grade` has (a new flag without a
line in that table fails here)."""

import contextlib
import io
import re
from pathlib import Path

import pytest

from autograder import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def options_of(command: str) -> set[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main([command, "--help"])
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", out.getvalue())) - {"--help"}


def options_table() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Every option of `grade`")
    return text[start : text.index("\n### ", start + 1)]


def test_every_grade_option_has_a_row():
    rows = {
        re.match(r"\| `(--[a-z-]+)", line).group(1)
        for line in options_table().splitlines()
        if re.match(r"\| `--", line)
    }
    options = options_of("grade")
    assert len(options) >= 10, options  # the help was read
    assert options - rows == set(), "options of grade missing from README's table"
    assert rows - options == set(), "README's table lists options grade does not have"
