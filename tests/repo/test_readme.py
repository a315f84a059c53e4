"""The docs say what the commands do: the README stays a front page, and the instructor manual
(docs/instructors.md, where the README's manual moved) lists every option the commands have.

- the manual's table of `grade` options lists every option `grade` has (a new flag without a
  line in that table fails here), and its sentence on `course` and `export` names theirs;
- every `python -m autograder COMMAND` and `make TARGET` the README and the docs name exists;
- every relative link of the README and the docs leads to a file, and to a heading of it;
- README.md stays at most 15,000 characters, and the student package is described by its own
  short page, not by the README.
"""

import contextlib
import io
import re
import tomllib

import pytest
from support.nbutil import REPO

from autograder import cli

README = REPO / "README.md"
MANUAL = REPO / "docs" / "instructors.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
README_LIMIT = 15_000


def help_of(command: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main([command, "--help"])
    return out.getvalue()


def options_of(command: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", help_of(command))) - {"--help"}


def commands() -> set[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main(["--help"])
    (choices,) = re.findall(r"\{([a-z,]+)\}", out.getvalue())[:1]
    return set(choices.split(","))


def section(text: str, heading: str) -> str:
    """From the level-2 heading that starts with ``heading`` to the next level-2 heading."""
    start = text.index(f"\n## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_every_grade_option_has_a_row():
    table = section(MANUAL.read_text(encoding="utf-8"), "Every option of `grade`")
    rows = {
        re.match(r"\| `(--[a-z-]+)", line).group(1)
        for line in table.splitlines()
        if re.match(r"\| `--", line)
    }
    options = options_of("grade")
    assert len(options) >= 10, options  # the help was read
    assert options - rows == set(), "options of grade missing from the manual's table"
    assert rows - options == set(), "the manual's table lists options grade does not have"


def test_the_manual_names_every_option_of_course_and_export():
    table = section(MANUAL.read_text(encoding="utf-8"), "Every option of `grade`")
    sentence = table[table.index("`python -m autograder course DIR`") :].split("\n\n")[0]
    named = set(re.findall(r"`(--[a-z-]+)", sentence))
    course = options_of("course")
    assert len(course) >= 4, course
    assert course <= named, "options of course missing from the manual's sentence on it"
    export = help_of("export")
    (formats,) = re.findall(r"--format \{([a-z,]+)\}", export)
    assert f"--format {'|'.join(formats.split(','))}" in " ".join(sentence.split())


def named_commands(text: str) -> set[str]:
    return set(re.findall(r"python -m autograder ([a-z]+)", text))


def test_every_command_the_docs_name_exists_and_each_is_documented():
    texts = {path.name: path.read_text(encoding="utf-8") for path in [README, *DOCS]}
    known = commands()
    assert {"generate", "course", "grade", "export"} <= known
    for name, text in texts.items():
        assert named_commands(text) <= known, f"{name} names a command autograder does not have"
    assert known <= named_commands(MANUAL.read_text(encoding="utf-8")), "a command undocumented"


def test_every_make_target_the_docs_name_exists():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert {"book", "serve", "test"} <= targets
    for path in [README, *DOCS]:
        named = set(re.findall(r"`make ([a-z][a-z-]*)", path.read_text(encoding="utf-8")))
        assert named <= targets, f"{path.name} names make targets the Makefile lacks"
    readme = README.read_text(encoding="utf-8")
    for command in ("make book", "make serve", "make test"):
        assert command in readme, f"the README does not say {command!r}"


def slug(heading: str) -> str:
    """A heading's anchor, as MyST (myst_heading_anchors) and GitHub make it."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_slug_by_hand():
    assert (
        slug("Every option of `grade`, with an example") == "every-option-of-grade-with-an-example"
    )
    assert (
        slug("The live lab: what is pinned and checked")
        == "the-live-lab-what-is-pinned-and-checked"
    )


def test_every_relative_link_leads_somewhere():
    count = 0
    for path in [README, *DOCS]:
        text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # https://, mailto:
            file, _, anchor = target.partition("#")
            linked = (path.parent / file).resolve() if file else path
            assert linked.is_file(), f"{path.name}: link to {target}: no such file"
            if anchor:
                assert anchor in anchors(linked), f"{path.name}: link to {target}: no heading"
            count += 1
    assert count >= 10, "the README and the docs link to the docs"


def test_the_readme_is_a_front_page():
    text = README.read_text(encoding="utf-8")
    assert len(text) <= README_LIMIT, f"README.md is {len(text)} characters: move text to docs/"
    for page in DOCS:
        assert f"](docs/{page.name}" in text, f"the README does not link to docs/{page.name}"


def test_the_student_package_has_its_own_short_description():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = REPO / project["readme"]
    assert readme != README and readme.is_file()
    assert len(readme.read_text(encoding="utf-8")) <= 6_000
