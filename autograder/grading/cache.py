"""What one grading run reuses from the runs before it: the work that is per course, not per run.

A run's fixed cost is mostly work whose inputs rarely change: the sandbox check and the
memory-limit probe (inputs: the bwrap binary, the kernel, the Python, the limits, the grader's
code), nbgrader ``generate_assignment`` of each chapter into the course (inputs: the instructor
notebook, the settings and late policy that make nbgrader's config, the grader's code, nbgrader's
version), and the package's gradebook made the same way in a course of its own. Each result is an
entry of the cache folder (``--cache DIR``; default :data:`FOLDER` in the course directory),
named by the sha256 of its inputs (:func:`digest`): a changed input is another name, never a
stale entry.

An entry is a folder of files and a ``manifest.json`` that lists the sha256 of each file and an
HMAC-SHA256 of the whole under the course's own key (:data:`KEY_FILE`, made once, readable by
its owner only, kept in the course directory and never in the cache folder). An entry whose
files, names or MAC do not match (corrupted, cut short, edited, written by another course that
shares the cache folder, or by anyone without the course's key) is removed and its work done
again: what the cache hands out is only ever what this course's grader put there for the same
inputs. Whoever can write the course directory itself (its key) is outside what this defends.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

FOLDER = ".nnl-cache"
"""The cache folder's name in the course directory, unless ``--cache`` gives another."""
KEY_FILE = ".nnl-cache-key"
"""The course's secret key (in the course directory) that signs its cache entries."""
MANIFEST = "manifest.json"


def digest(*parts) -> str:
    """sha256 (hex) of ``parts``: strings, bytes, numbers, lists and dicts of them."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode()
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()


class GradingCache:
    """The entries of the cache folder ``folder``, signed with the key of the course at
    ``course_root`` (made there if it has none)."""

    def __init__(self, folder: Path, course_root: Path):
        self.folder = Path(folder).resolve()
        self._key = _course_key(Path(course_root) / KEY_FILE)

    @classmethod
    def of_existing(cls, folder: Path, course_root: Path) -> GradingCache | None:
        """The cache of a course that has its key already; None (nothing made) if not."""
        return cls(folder, course_root) if (Path(course_root) / KEY_FILE).is_file() else None

    def _mac(self, kind: str, key: str, files: dict[str, str]) -> str:
        message = digest(kind, key, files).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _entry(self, kind: str, key: str) -> Path:
        if not (kind.isidentifier() and len(key) == 64 and set(key) <= set("0123456789abcdef")):
            raise ValueError(f"not a cache entry name: {kind}/{key}")
        return self.folder / kind / key

    def get(self, kind: str, key: str) -> dict[str, bytes] | None:
        """The files of the entry ``kind/key`` (name -> content), or None if there is none or
        it does not check out (then it is removed)."""
        entry = self._entry(kind, key)
        if not entry.exists() and not entry.is_symlink():
            return None
        files = self._checked(entry, kind, key)
        if files is None:
            _remove(entry)
        return files

    def _checked(self, entry: Path, kind: str, key: str) -> dict[str, bytes] | None:
        if entry.is_symlink() or not entry.is_dir() or entry.parent.is_symlink():
            return None
        try:
            manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            listed = manifest["files"]
            if not (isinstance(listed, dict) and isinstance(manifest["mac"], str)):
                return None
            if not hmac.compare_digest(manifest["mac"], self._mac(kind, key, listed)):
                return None
            present = {p.name for p in entry.iterdir()} - {MANIFEST}
            if present != set(listed):
                return None
            files = {}
            for name, sha in listed.items():
                path = entry / name
                if path.is_symlink() or not path.is_file():
                    return None
                files[name] = path.read_bytes()
                if not hmac.compare_digest(hashlib.sha256(files[name]).hexdigest(), sha):
                    return None
            return files
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, kind: str, key: str, files: dict[str, bytes]) -> None:
        """Keep ``files`` (name -> content) as the entry ``kind/key``, replacing any; a cache
        folder that cannot be written is no error (the next run does the work again)."""
        entry = self._entry(kind, key)
        for name in files:
            if name == MANIFEST or Path(name).name != name or name.startswith("."):
                raise ValueError(f"not a file name of a cache entry: {name!r}")
        made = None
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            made = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=entry.parent))
            listed = {}
            for name, data in files.items():
                (made / name).write_bytes(data)
                listed[name] = hashlib.sha256(data).hexdigest()
            manifest = {"kind": kind, "key": key, "files": listed}
            manifest["mac"] = self._mac(kind, key, listed)
            (made / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            _remove(entry)
            os.replace(made, entry)
        except OSError:
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)


def _course_key(path: Path) -> bytes:
    """The course's key: made once (32 random bytes, hex, owner-only), then read."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = path.read_text(encoding="ascii", errors="replace").strip()
        if len(text) == 64 and set(text) <= set("0123456789abcdef") and not path.is_symlink():
            return bytes.fromhex(text)
        raise RuntimeError(
            f"{path} is not this course's cache key (64 hex digits): remove it (the cache is "
            "then rebuilt)"
        ) from None
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _remove(entry: Path) -> None:
    if entry.is_symlink() or entry.is_file():
        entry.unlink()
    elif entry.is_dir():
        shutil.rmtree(entry, ignore_errors=True)


# -- the keys: every input of each piece of work ---------------------------------------------------


def sandbox_key(settings) -> str:
    """What the sandbox check and the memory probe depend on: the bwrap binary (its path and
    content), the kernel, the Python and its numpy, the student process's limits, the grader's
    code (the student process's own, nnlearn)."""
    import platform

    from autograder.grading.task import code_version

    bwrap = shutil.which("bwrap") if settings.sandboxed else None
    binary = hashlib.sha256(Path(bwrap).read_bytes()).hexdigest() if bwrap else ""
    try:
        from importlib.metadata import version

        numpy = version("numpy")
    except Exception:  # noqa: BLE001 - no numpy: the check itself says so
        numpy = ""
    return digest(
        "sandbox",
        [bwrap or "", binary],
        list(platform.uname()),
        [sys.executable, sys.version, numpy],
        settings.limits().to_json(),
        code_version(),
    )


def release_key(course_root: Path, settings, chapter: str) -> str:
    """What nbgrader ``generate_assignment`` of ``chapter`` in the course depends on: the
    instructor notebook in ``source/``, the settings (nbgrader's config is made from them), the
    grader's code (the config's code), nbgrader's version. Not the late policy, the other
    part of the config: only autograde's ``AssignLatePenalties`` reads it."""
    from importlib.metadata import version

    from autograder import coursedir
    from autograder.grading.task import code_version

    return digest(
        "release",
        chapter,
        coursedir.notebook(course_root, coursedir.SOURCE, chapter).read_bytes(),
        {k: v for k, v in settings.to_dict().items() if k != "db_url"},
        version("nbgrader"),
        code_version(),
    )
