"""The book edition's cache of executed instructor notebooks (book/edition_cache.py).

The instructor's run is replaced by a stand-in that counts its calls and gives each run outputs
of its own (the run's number), so a hit is seen as "not executed" and "the earlier run's
outputs", without starting a kernel and without timing anything. The real build is compared
cold against cached in test_cached_build_equals_cold_build (slow).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from support.nbutil import REPO, SOLUTIONS, build_book, chapter_names

from book import edition_cache

CHAPTER = "03_gradient_descent"
LATER = "06_making_it_work"  # a chapter after CHAPTER


class FakeRun:
    """Stands in for book.edition.execute_instructor: run ``n`` prints "run n, cell i"."""

    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, chapter, solutions, timeout, language="en"):
        self.calls.append(chapter if language == "en" else f"{chapter} {language}")
        nb = nbformat.read(solutions / f"{chapter}.ipynb", as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                text = f"run {len(self.calls)}, cell {i}\n"
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        nb.metadata["widgets"] = {"state": {"run": len(self.calls)}}
        return nb


@pytest.fixture
def tree(tmp_path):
    """A copy of what the key reads: solutions/, nnlearn/, autograder/hidden/, book/edition*.py;
    and a build dir."""
    shutil.copytree(SOLUTIONS, tmp_path / "solutions")
    shutil.copytree(
        REPO / "nnlearn", tmp_path / "nnlearn", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        REPO / "autograder" / "hidden",
        tmp_path / "autograder" / "hidden",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (tmp_path / "book").mkdir()
    for name in edition_cache.EDITION_CODE:
        shutil.copy(REPO / "book" / name, tmp_path / "book" / name)
    return tmp_path


def run(tree: Path, fake: FakeRun, chapter: str = CHAPTER, timeout: int = 300, language="en"):
    return edition_cache.executed(
        chapter,
        tree / "solutions",
        build=tree / "_build",
        timeout=timeout,
        execute=fake,
        nnlearn=tree / "nnlearn",
        book=tree / "book",
        language=language,
    )


def outputs(nb) -> list[str]:
    return [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def edit_notebook(path: Path, cell_type: str, answer: bool = False) -> None:
    """Append a line to the first cell of ``cell_type`` (an answer cell if ``answer``)."""
    nb = nbformat.read(path, as_version=4)
    cell = next(
        c
        for c in nb.cells
        if c.cell_type == cell_type
        and bool(c.metadata.get("nbgrader", {}).get("solution")) == answer
    )
    cell.source += "\n# edited"
    nbformat.write(nb, path)


def test_hit_when_nothing_changed(tree):
    fake = FakeRun()
    first = run(tree, fake)
    again = run(tree, fake)
    assert fake.calls == [CHAPTER]
    assert outputs(again) == outputs(first)
    assert outputs(again)[0].startswith("run 1,")
    assert again.metadata["widgets"] == {"state": {"run": 1}}
    assert edition_cache.KEY not in again.metadata
    assert edition_cache.KEY not in first.metadata


def test_touching_a_file_without_changing_it_is_a_hit(tree):
    fake = FakeRun()
    run(tree, fake)
    for path in [tree / "solutions" / f"{CHAPTER}.ipynb", tree / "nnlearn" / "earlier.py"]:
        path.write_bytes(path.read_bytes())  # a new mtime, the same content
    run(tree, fake)
    assert fake.calls == [CHAPTER]


def test_each_chapter_has_its_own_entry(tree):
    fake = FakeRun()
    for chapter in chapter_names():
        run(tree, fake, chapter)
    for chapter in chapter_names():
        run(tree, fake, chapter)
    assert fake.calls == chapter_names()


@pytest.mark.parametrize(
    "change",
    [
        "the chapter's markdown",
        "the chapter's code",
        "an answer of another chapter",
        "nnlearn code",
        "nnlearn data",
        "a new nnlearn file",
        "what the hidden tests import",
        "the edition code",
        "the timeout",
        "numpy's version",
        "python's version",
    ],
)
def test_miss_when_a_dependency_changes(tree, monkeypatch, change):
    fake = FakeRun()
    run(tree, fake)
    timeout = 300
    if change == "the chapter's markdown":
        edit_notebook(tree / "solutions" / f"{CHAPTER}.ipynb", "markdown")
    elif change == "the chapter's code":
        edit_notebook(tree / "solutions" / f"{CHAPTER}.ipynb", "code")
    elif change == "an answer of another chapter":
        edit_notebook(tree / "solutions" / "02_objective_functions.ipynb", "code", answer=True)
    elif change == "nnlearn code":
        with open(tree / "nnlearn" / "figures.py", "a") as f:
            f.write("\n# edited\n")
    elif change == "nnlearn data":
        data = sorted((tree / "nnlearn" / "data").glob("*.npz"))[0]
        data.write_bytes(data.read_bytes() + b"\0")
    elif change == "a new nnlearn file":
        (tree / "nnlearn" / "data" / "extra.npz").write_bytes(b"")
    elif change == "what the hidden tests import":
        with open(tree / "autograder" / "hidden" / "gradcheck.py", "a") as f:
            f.write("\n# edited\n")
    elif change == "the edition code":
        with open(tree / "book" / "edition.py", "a") as f:
            f.write("\n# edited\n")
    elif change == "the timeout":
        timeout = 301
    elif change == "numpy's version":
        real = edition_cache.version
        monkeypatch.setattr(
            edition_cache,
            "version",
            lambda name: "0.0.1" if name == "numpy" else real(name),
        )
    elif change == "python's version":
        monkeypatch.setattr(edition_cache.sys, "version", "3.99.0 (a different build)")
    again = run(tree, fake, timeout=timeout)
    assert fake.calls == [CHAPTER, CHAPTER]
    assert outputs(again)[0].startswith("run 2,"), "the new run's outputs, not the stale ones"
    run(tree, fake, timeout=timeout)
    assert fake.calls == [CHAPTER, CHAPTER], "the new entry replaced the stale one"


def test_other_chapters_prose_is_not_a_dependency(tree):
    """A chapter reads only the answer cells of the others (nnlearn.earlier)."""
    fake = FakeRun()
    run(tree, fake)
    edit_notebook(tree / "solutions" / f"{LATER}.ipynb", "markdown")
    edit_notebook(tree / "solutions" / f"{LATER}.ipynb", "code", answer=False)
    run(tree, fake)
    assert fake.calls == [CHAPTER]


@pytest.mark.parametrize(
    "damage",
    ["truncated", "garbage", "empty", "not a notebook", "no key", "another key"],
)
def test_a_damaged_entry_is_executed_again(tree, damage):
    fake = FakeRun()
    run(tree, fake)
    entry = tree / "_build" / edition_cache.FOLDER / f"{CHAPTER}.ipynb"
    text = entry.read_text()
    if damage == "truncated":
        entry.write_text(text[: len(text) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\xff\xfe\x00garbage")
    elif damage == "empty":
        entry.write_text("")
    elif damage == "not a notebook":
        entry.write_text('{"cells": 3}')
    else:
        nb = nbformat.read(entry, as_version=4)
        if damage == "no key":
            del nb.metadata[edition_cache.KEY]
        else:
            nb.metadata[edition_cache.KEY] = "0" * 64
        nbformat.write(nb, entry)
    again = run(tree, fake)
    assert fake.calls == [CHAPTER, CHAPTER]
    assert outputs(again)[0].startswith("run 2,")
    run(tree, fake)
    assert fake.calls == [CHAPTER, CHAPTER], "the rebuilt entry is used"


def test_a_failed_write_leaves_no_entry(tree, monkeypatch):
    fake = FakeRun()

    def broken(nb, f, **kwargs):
        f.write('{"cells": [')  # half written, then the disk fills
        raise OSError("no space left on device")

    monkeypatch.setattr(edition_cache.nbformat, "write", broken)
    with pytest.raises(OSError):
        run(tree, fake)
    assert list((tree / "_build" / edition_cache.FOLDER).iterdir()) == []


def test_an_execution_error_saves_nothing(tree):
    def fails(chapter, solutions, timeout, language):
        raise RuntimeError("the kernel died")

    with pytest.raises(RuntimeError):
        run(tree, fails)
    assert not (tree / "_build" / edition_cache.FOLDER / f"{CHAPTER}.ipynb").exists()


@pytest.mark.slow
def test_cached_build_equals_cold_build(built_book):
    """The session's book (tests/nbutil.build_book, as `make book`, into a new folder: a cold
    build) built again into its folder: the second build executes no instructor notebook and
    renders chapter pages from notebooks equal to the cold build's."""
    root = built_book.parents[1]
    cache = root / "_build" / edition_cache.FOLDER
    # An entry is replaced by a rename when its chapter is executed: a new inode.
    entries = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}
    assert sorted(entries) == [f"{c}.ipynb" for c in chapter_names()]
    rendered = root / "_build" / "jupyter_execute" / "chapters"
    first = {p.name: nbformat.read(p, as_version=4) for p in rendered.glob("*.ipynb")}
    assert sorted(first) == [f"{c}.ipynb" for c in chapter_names()]
    warm = build_book(root)
    assert warm.returncode == 0, warm.stdout[-4000:] + warm.stderr[-4000:]
    again = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}
    assert again == entries, "the cached build executed an instructor notebook"
    second = {p.name: nbformat.read(p, as_version=4) for p in rendered.glob("*.ipynb")}
    assert second == first


def test_each_language_has_its_own_run_side_by_side(tree):
    fake = FakeRun()
    english = run(tree, fake)
    korean = run(tree, fake, language="ko")
    assert fake.calls == [CHAPTER, f"{CHAPTER} ko"]  # Korean is not served the English run
    assert outputs(korean) != outputs(english)
    assert outputs(run(tree, fake)) == outputs(english)  # and neither replaced the other
    assert outputs(run(tree, fake, language="ko")) == outputs(korean)
    assert fake.calls == [CHAPTER, f"{CHAPTER} ko"]
    cache = tree / "_build" / edition_cache.FOLDER
    assert sorted(p.name for p in cache.iterdir()) == [f"{CHAPTER}.ipynb", f"{CHAPTER}.ko.ipynb"]
