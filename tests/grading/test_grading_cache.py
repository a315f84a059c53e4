"""The grading cache (autograder.grading.cache): what a run reuses is only ever what this course
put there for the same inputs. Every input changed is a miss; a corrupted, edited or foreign
entry is rebuilt, never used."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest
from support.nbutil import chapter_names, submission

from autograder import coursedir
from autograder.grading import cache as caching
from autograder.grading import run, task
from autograder.grading.cache import GradingCache
from autograder.grading.local import LocalExecutor
from autograder.grading.task import Result
from autograder.settings import Settings

CH = chapter_names()[0]


# -- the entries ---------------------------------------------------------------------------------


def _cache(tmp_path: Path, course: str = "course") -> GradingCache:
    (tmp_path / course).mkdir(exist_ok=True)
    return GradingCache(tmp_path / "cache", tmp_path / course)


KEY = caching.digest("some", "inputs")
FILES = {"release.ipynb": b'{"cells": []}', "gradebook.db": b"SQLite format 3\0..."}


def test_an_entry_comes_back_as_it_was_put(tmp_path):
    cache = _cache(tmp_path)
    assert cache.get("package", KEY) is None
    cache.put("package", KEY, FILES)
    assert cache.get("package", KEY) == FILES
    assert cache.get("package", caching.digest("other", "inputs")) is None
    assert cache.get("release", KEY) is None  # another kind of work, same key


def test_the_key_names_every_input():
    assert caching.digest("a", "bc") != caching.digest("ab", "c")  # no ambiguous joins
    assert caching.digest(b"x", {"k": 1}) == caching.digest(b"x", {"k": 1})
    assert caching.digest(b"x", {"k": 1}) != caching.digest(b"x", {"k": 2})


def _edit_file(entry: Path) -> None:
    path = entry / "gradebook.db"
    path.write_bytes(path.read_bytes() + b"x")


def _cut_file(entry: Path) -> None:
    (entry / "release.ipynb").write_bytes(b"")


def _drop_file(entry: Path) -> None:
    (entry / "release.ipynb").unlink()


def _add_file(entry: Path) -> None:
    (entry / "extra.py").write_text("print('hello')")


def _forge_manifest(entry: Path) -> None:
    """Another file with its sha256 right in the manifest: only the MAC can tell."""
    import hashlib

    data = b'{"cells": ["another course"]}'
    (entry / "release.ipynb").write_bytes(data)
    manifest = json.loads((entry / caching.MANIFEST).read_text())
    manifest["files"]["release.ipynb"] = hashlib.sha256(data).hexdigest()
    (entry / caching.MANIFEST).write_text(json.dumps(manifest))


def _garble_manifest(entry: Path) -> None:
    (entry / caching.MANIFEST).write_text("{not json")


def _link_file(entry: Path) -> None:
    target = entry.parent / "elsewhere"
    shutil.move(entry / "release.ipynb", target)
    (entry / "release.ipynb").symlink_to(target)


@pytest.mark.parametrize(
    "damage",
    [_edit_file, _cut_file, _drop_file, _add_file, _forge_manifest, _garble_manifest, _link_file],
)
def test_a_damaged_entry_is_not_used_and_is_removed(tmp_path, damage):
    cache = _cache(tmp_path)
    cache.put("package", KEY, FILES)
    entry = tmp_path / "cache" / "package" / KEY
    damage(entry)
    assert cache.get("package", KEY) is None
    assert not entry.exists()
    cache.put("package", KEY, FILES)  # rebuilt
    assert cache.get("package", KEY) == FILES


def test_another_courses_entry_is_not_trusted_in_a_shared_cache_folder(tmp_path):
    mine, theirs = _cache(tmp_path, "mine"), _cache(tmp_path, "theirs")
    theirs.put("package", KEY, FILES)  # same folder, same key: made by the other course
    assert mine.get("package", KEY) is None
    assert theirs.get("package", KEY) is None  # removed by mine: the other course rebuilds it


@pytest.mark.parametrize("text", ["guessable", "z" * 64, "é" * 64])
def test_a_course_key_that_is_not_one_is_refused(tmp_path, text):
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / caching.KEY_FILE).write_text(text)
    with pytest.raises(RuntimeError, match="not this course's cache key"):  # the cli says it
        GradingCache(tmp_path / "cache", tmp_path / "course")


def test_the_course_key_is_made_once_and_kept_private(tmp_path):
    cache = _cache(tmp_path)
    cache.put("package", KEY, FILES)
    key_file = tmp_path / "course" / caching.KEY_FILE
    assert key_file.stat().st_mode & 0o077 == 0
    assert GradingCache(tmp_path / "cache", tmp_path / "course").get("package", KEY) == FILES


@pytest.mark.parametrize("name", ["../escape", caching.MANIFEST, ".hidden", "a/b"])
def test_an_entry_file_name_that_could_escape_is_refused(tmp_path, name):
    with pytest.raises(ValueError):
        _cache(tmp_path).put("package", KEY, {name: b""})


def test_the_sandbox_key_names_the_binary_the_kernel_and_the_limits(tmp_path, monkeypatch):
    import platform

    bwrap = tmp_path / "bwrap"
    bwrap.write_bytes(b"version 1")
    monkeypatch.setattr(shutil, "which", lambda name: str(bwrap))
    first = caching.sandbox_key(Settings())
    assert caching.sandbox_key(Settings()) == first
    assert caching.sandbox_key(Settings(memory=512 * 1024**2)) != first
    assert caching.sandbox_key(Settings(timeout=5)) != first
    assert caching.sandbox_key(Settings(isolation="none")) != first
    bwrap.write_bytes(b"version 2")
    second = caching.sandbox_key(Settings())
    assert second != first
    real = platform.uname()
    monkeypatch.setattr(platform, "uname", lambda: real._replace(release="0.0-other"))
    assert caching.sandbox_key(Settings()) != second


# -- a run's use of it -----------------------------------------------------------------------------


class Recorder(LocalExecutor):
    """Checks as the local executor does (the sandbox check: counted below); grades nothing,
    keeps the package it was given."""

    def __init__(self):
        super().__init__(1)
        self.packages = []

    def results(self, package, tasks):
        self.packages.append(package)
        for t in tasks:
            yield t, Result.failure(t, "not graded here")


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """grade() of one submission (a new student each time) into ``course``; each run is a new
    process as far as the sandbox check goes. Counts nbgrader generate_assignment and the
    sandbox checks; returns the package each run handed to the executor."""
    counts = {"generate": 0, "sandbox": 0}
    generate = run.generate_assignment

    def counted_generate(api, chapter):
        counts["generate"] += 1
        return generate(api, chapter)

    def counted_check(limits=None):
        counts["sandbox"] += 1

    monkeypatch.setattr(run, "generate_assignment", counted_generate)
    monkeypatch.setattr("autograder.sandbox.launch.check_available", counted_check)
    serial = iter(range(100))

    def grade(course="course", settings=None, cache=None):
        monkeypatch.setattr(task, "_sandbox_checked", {})  # a new process
        n = next(serial)
        (tmp_path / f"subs{n}" / f"s{n}").mkdir(parents=True)
        nbformat.write(submission(CH), tmp_path / f"subs{n}" / f"s{n}" / f"{CH}.ipynb")
        executor = Recorder()
        counts.update(generate=0, sandbox=0)
        run.grade(
            tmp_path / f"subs{n}",
            tmp_path / course,
            settings=settings or Settings(),
            selected=[CH],
            executor=executor,
            progress=lambda _: None,
            cache=cache,
        )
        return dict(counts), executor.packages[0]

    return grade


def test_a_second_run_reuses_the_sandbox_check_the_release_and_the_package(runs, tmp_path):
    cold, first = runs()
    assert cold == {"generate": 2, "sandbox": 1}  # the course's, the package's
    warm, second = runs()
    assert warm == {"generate": 0, "sandbox": 0}
    assert second == first
    assert (tmp_path / "course" / caching.FOLDER).is_dir()


def test_a_failed_sandbox_check_is_not_kept(runs, monkeypatch):
    from autograder.sandbox.launch import SandboxUnavailable

    runs()

    def refused(limits=None):
        raise SandboxUnavailable("no user namespaces")

    monkeypatch.setattr("autograder.sandbox.launch.check_available", refused)
    with pytest.raises(SandboxUnavailable):
        runs(settings=Settings(memory=512 * 1024**2))  # other inputs: checked, and refused
    with pytest.raises(SandboxUnavailable):  # checked again, not taken from the cache
        runs(settings=Settings(memory=512 * 1024**2))


def _other_source(monkeypatch, tmp_path):
    """The instructor notebook with one markdown cell changed."""
    from autograder.pipeline import course

    solutions = tmp_path / "solutions"
    shutil.copytree(course.SOLUTIONS_DIR, solutions)
    nb = nbformat.read(solutions / f"{CH}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\n\nA sentence the instructor added."
    nbformat.write(nb, solutions / f"{CH}.ipynb")
    monkeypatch.setattr(course, "SOLUTIONS_DIR", solutions)
    return "A sentence the instructor added."


def _other_nbgrader(monkeypatch, tmp_path):
    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda n: "99.0" if n == "nbgrader" else real(n)
    )


def _other_code(monkeypatch, tmp_path):
    monkeypatch.setattr(task, "code_version", lambda: "another commit")
    monkeypatch.setattr(run, "code_version", lambda: "another commit")


@pytest.mark.parametrize("change", [_other_source, _other_nbgrader, _other_code])
def test_any_input_changed_makes_the_release_and_the_package_again(
    runs, monkeypatch, tmp_path, change
):
    _, first = runs()
    added = change(monkeypatch, tmp_path)
    counts, second = runs()
    assert counts["generate"] == 2
    if added:  # the new release is the new source's
        assert added in second.releases[CH] and added not in first.releases[CH]


def test_other_settings_make_the_release_and_the_package_again(runs):
    runs()
    counts, _ = runs(settings=Settings(timeout=7))
    assert counts == {"generate": 2, "sandbox": 1}


def test_a_course_whose_gradebook_or_release_changed_generates_again(runs, tmp_path):
    _, first = runs()
    release = coursedir.notebook(tmp_path / "course", coursedir.RELEASE, CH)
    release.write_text(release.read_text().replace("YOUR CODE HERE", "edited by hand"))
    counts, second = runs()
    assert counts["generate"] == 1  # the course's; the package's is still this release's
    assert second.releases[CH] == first.releases[CH]
    (tmp_path / "course" / coursedir.GRADEBOOK).unlink()  # made again, empty, by the run
    counts, _ = runs()
    assert counts["generate"] == 1


def _replace_gradebook(entry: Path) -> None:
    """Another valid gradebook, its sha256 recorded: the MAC tells."""
    import hashlib

    db = entry / "gradebook.db"
    other = entry.parent / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE assignment (id TEXT)").connection.commit()
    db.write_bytes(other.read_bytes())
    manifest = json.loads((entry / caching.MANIFEST).read_text())
    manifest["files"]["gradebook.db"] = hashlib.sha256(db.read_bytes()).hexdigest()
    (entry / caching.MANIFEST).write_text(json.dumps(manifest))


@pytest.mark.parametrize("damage", [_edit_file, _replace_gradebook])
def test_a_tampered_package_entry_is_rebuilt_never_handed_out(runs, tmp_path, damage):
    _, first = runs()
    (entry,) = (tmp_path / "course" / caching.FOLDER / "package").iterdir()
    damage(entry)
    tampered = (entry / "gradebook.db").read_bytes()
    counts, second = runs()
    assert counts["generate"] == 1  # the package's
    assert second.gradebook != tampered
    rows = sqlite3.connect(":memory:")
    rows.deserialize(second.gradebook)
    assert rows.execute("SELECT name FROM assignment").fetchall() == [(CH,)]


def test_a_cache_folder_shared_by_two_courses_hands_out_nothing_of_the_other(runs, tmp_path):
    shared = tmp_path / "shared-cache"
    runs(course="a", cache=shared)
    counts, package = runs(course="b", cache=shared)
    assert counts == {"generate": 2, "sandbox": 1}
    assert runs(course="b", cache=shared)[0] == {"generate": 0, "sandbox": 0}
    assert (shared / "package").is_dir() and not (tmp_path / "b" / caching.FOLDER).exists()


def test_the_gradebook_cells_are_read_as_nbgrader_finds_them(tmp_path):
    """What decides whether a cached release still fits the course's gradebook is read from
    nbgrader's tables without nbgrader (run._gradebook_cells): the points nbgrader's API put in
    (support.gradebooks), as nbgrader's Gradebook finds them; no such assignment: None."""
    from nbgrader.api import Gradebook
    from support.gradebooks import course

    writer = course(tmp_path / "course", {CH: 7.5, "other": 2.0}, {})
    with Gradebook(writer.db_url, coursedir.COURSE_ID) as gb:
        gb.add_grade_cell("second", CH, CH, max_score=1.25, cell_type="markdown")
        gb.add_solution_cell("answer", CH, CH)  # not a graded cell
        found = {c.name: c.max_score for c in gb.find_notebook(CH, CH).grade_cells}
    assert found == {"test": 7.5, "second": 1.25}
    assert run._gradebook_cells(writer.db_url, CH) == found
    assert run._gradebook_cells(writer.db_url, "other") == {"test": 2.0}
    assert run._gradebook_cells(writer.db_url, "never_released") is None
