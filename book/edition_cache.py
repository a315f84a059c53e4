"""The executed instructor notebooks of the book edition, kept between builds.

``make book`` builds with ``--all``: every chapter page is read again, and book/edition.py would
execute its instructor notebook again (most of a rebuild's time). :func:`executed` executes a
chapter only when something its outputs depend on changed; otherwise it returns the executed
notebook (outputs and widget state) saved by an earlier build.

The key of a chapter is a hash of everything its run reads or is run by:

- the bytes of its instructor notebook (``solutions/NN_name.ipynb``);
- the answer cells of every other instructor notebook, as ``nnlearn.earlier`` reads them (a
  chapter runs its earlier chapters' functions; their prose, demos and tests are not read);
- every file of ``nnlearn/`` (code and data; ``__pycache__`` aside) and of ``autograder/hidden/``
  (what the hidden-test cells import);
- the code of the edition modules (``book/edition.py`` and this one): what the kernel is asked;
- the versions of Python and of the libraries that make the outputs, and the execution timeout;
- the language the chapter is run in (``"en"``, or ``"ko"`` for the Korean book).

An entry is ``<build>/.edition-cache/NN_name.ipynb`` (``NN_name.ko.ipynb`` in Korean: both
editions' runs are kept side by side; ``make clean`` removes ``_build``), the
executed notebook with its key in its metadata; it is used only when that key is the chapter's
key. It is written to a temporary file then renamed, so a build that stops midway leaves no
half entry; an entry that does not read as a notebook (corrupt, truncated) is executed again and
replaced.

myst-nb's own cache (``execute_notebooks: cache``, jupyter-cache) is not used: it caches the
pages myst-nb executes (these are not: their execution is off), and its key is a notebook's code
cells and kernelspec only, so a change to ``nnlearn`` or to an earlier chapter would leave stale
outputs in the book.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import nbformat

from nnlearn.earlier import solution_cells

FOLDER = ".edition-cache"  # in the build folder (_build/)
KEY = "edition_cache_key"  # the notebook metadata field that holds an entry's key
# The libraries whose versions can change an output (numbers, figures, widget state).
LIBRARIES = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient", "nbformat")
EDITION_CODE = ("edition.py", "edition_cache.py")  # in book/


def _files(folder: Path):
    """Every file under ``folder``, in a fixed order, bytecode caches aside."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def key(
    chapter: str, solutions: Path, nnlearn: Path, book: Path, timeout: int, language: str = "en"
) -> str:
    """The hex SHA-256 of everything the executed ``chapter`` depends on (module docstring)."""
    h = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        # Length-prefixed: no two different lists of parts hash the same stream.
        for piece in (label.encode(), data):
            h.update(len(piece).to_bytes(8, "big"))
            h.update(piece)

    part("chapter", (solutions / f"{chapter}.ipynb").read_bytes())
    for path in sorted(solutions.glob("*.ipynb")):
        if path.stem != chapter:
            part(f"answers {path.name}", repr(solution_cells(path)).encode())
    for path in _files(nnlearn):
        part(f"nnlearn {path.relative_to(nnlearn).as_posix()}", path.read_bytes())
    hidden = nnlearn.parent / "autograder" / "hidden"  # what the hidden-test cells import
    for path in _files(hidden):
        part(f"hidden {path.relative_to(hidden).as_posix()}", path.read_bytes())
    for name in EDITION_CODE:
        part(f"book {name}", (book / name).read_bytes())
    part("python", sys.version.encode())
    for library in LIBRARIES:
        part(library, version(library).encode())
    part("timeout", str(timeout).encode())
    part("language", language.encode())
    return h.hexdigest()


def load(entry: Path, wanted: str):
    """The notebook saved at ``entry`` if its key is ``wanted``; None if missing, stale or
    unreadable."""
    try:
        nb = nbformat.read(entry, as_version=4)
    except Exception:  # a corrupt or truncated entry: any parse error means "run it again"
        return None
    if nb.metadata.get(KEY) != wanted:
        return None
    del nb.metadata[KEY]
    return nb


def save(entry: Path, nb, k: str) -> None:
    """Write ``nb`` with key ``k`` to ``entry`` atomically (a temporary file, then a rename)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    stored = nbformat.from_dict(nb)  # a copy: the caller's notebook stays as it was
    stored.metadata[KEY] = k
    fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(stored, f)
        os.replace(tmp, entry)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def executed(
    chapter: str,
    solutions: Path,
    build: Path,
    timeout: int,
    execute: Callable,
    nnlearn: Path,
    book: Path,
    language: str = "en",
):
    """``execute(chapter, solutions, timeout, language)``, or its saved result when the
    chapter's key is unchanged since it was saved under ``build``."""
    k = key(chapter, solutions, nnlearn, book, timeout, language)
    name = chapter if language == "en" else f"{chapter}.{language}"
    entry = build / FOLDER / f"{name}.ipynb"
    nb = load(entry, k)
    if nb is None:
        nb = execute(chapter, solutions, timeout, language)
        save(entry, nb, k)
    return nb
