"""The command line answers at once: --help and a refused input load no notebook machinery.

Every command used to import nbformat (and with it jsonschema -> rfc3987_syntax, 5-8 s on a quiet
machine) before it said anything. A command now imports what it needs when it runs; here, which
modules a fresh interpreter holds after each (the time itself: benchmarks/cli_startup.py)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("nbformat", "jsonschema", "rfc3987_syntax", "nbgrader", "sqlalchemy", "matplotlib")


def python_json(code: str) -> tuple[str, object]:
    """Run ``code`` in a fresh Python in the repository: (what it printed before its last line,
    and on stderr; the last line read as JSON)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    *printed, last = done.stdout.splitlines()
    return "\n".join(printed) + done.stderr, json.loads(last)


def run_main(argv: list[str]) -> tuple[int, str, set[str]]:
    """``autograder.cli.main(argv)`` in a fresh interpreter: its exit status, what it printed,
    and the top-level packages loaded by then."""
    code = (
        "import json, sys\n"
        "from autograder.cli import main\n"
        "try:\n"
        f"    status = main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    status = exit.code\n"
        "loaded = {m.split('.')[0] for m, v in sys.modules.items() if v is not None}\n"
        "print(json.dumps([status, sorted(loaded)]))\n"
    )
    output, (status, modules) = python_json(code)
    return status, output, set(modules)


@pytest.mark.parametrize("argv", [["--help"], ["grade", "--help"], ["course", "--help"]])
def test_help_loads_no_notebook_machinery(argv):
    status, printed, modules = run_main(argv)
    assert status == 0 and "usage: python -m autograder" in printed, printed
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_a_refused_argument_loads_no_notebook_machinery(tmp_path):
    status, printed, modules = run_main(["grade", str(tmp_path), "--course", "c", "--jobs", "0"])
    assert status == 2 and "--jobs: must be at least 1" in printed, printed
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_a_missing_submissions_folder_is_refused_before_nbformat_loads(tmp_path):
    course = tmp_path / "course"
    status, printed, modules = run_main(
        ["grade", str(tmp_path / "nowhere"), "--course", str(course)]
    )
    assert status == 2 and "submissions folder not found" in printed, printed
    assert not modules & {*HEAVY, "numpy"}, sorted(modules & {*HEAVY, "numpy"})
    assert not course.exists()  # refused before anything was made


def test_grading_loads_nbformat_without_jsonschemas_format_libraries():
    """What `grade` imports before its first notebook (the command line, intake, the run,
    nbformat) leaves out jsonschema's optional format checkers (rfc3987_syntax: 3.2 CPU s of
    grammar compiling at import; rfc3986_validator; isoduration, which loads arrow), and nbformat
    still validates: a notebook that breaks its schema is refused."""
    code = (
        "import json, sys\n"
        "import autograder.cli\n"
        "from autograder.intake.archive import DownloadError\n"
        "from autograder.grading import run, task\n"
        "import nbformat\n"
        "nb = nbformat.v4.new_notebook()\n"
        "nbformat.validate(nb)\n"
        "nb.cells.append({'cell_type': 'code', 'source': 3})\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "    refused = False\n"
        "except nbformat.ValidationError:\n"
        "    refused = True\n"
        "print(json.dumps([refused] + [sys.modules.get(m, 'absent') is None for m in\n"
        "    ('rfc3987_syntax', 'rfc3986_validator', 'isoduration')]))\n"
    )
    assert python_json(code)[1] == [True, True, True, True]


def test_no_notebook_schema_asks_for_a_string_format():
    """Why the grading processes may do without jsonschema's format libraries: no schema of
    nbformat's has a "format" keyword (a property of that name is no keyword)."""
    import nbformat

    def formats(node, in_properties=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "format" and not in_properties and isinstance(value, str):
                    yield value
                yield from formats(value, key in ("properties", "patternProperties"))
        elif isinstance(node, list):
            for item in node:
                yield from formats(item)

    schemas = sorted(Path(nbformat.__file__).parent.glob("v*/*.schema.json"))
    assert len(schemas) > 5, schemas
    for path in schemas:
        assert list(formats(json.loads(path.read_text()))) == [], path
