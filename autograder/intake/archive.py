"""Archive: a zip of submissions extracted safely, within its limits.

A download given as a ``.zip`` is extracted once per process into a temporary folder
(:func:`unpacked`); the zip is never modified. Only notebooks (and nbgrader's ``timestamp.txt``)
are extracted; a zip that would write outside its folder, holds links or a name twice, or is
too large (:data:`MAX_ZIP_ENTRIES`, :data:`MAX_ZIP_BYTES`) is refused; a notebook over
:data:`MAX_NOTEBOOK_BYTES` stands as a sparse file of its size, so that intake reports its size.
A file's hand-in time is the time its entry records (:func:`entry_time`).
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import stat
import struct
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from autograder.coursedir import TIMESTAMP, plausible

MAX_NOTEBOOK_BYTES = 50 * 1024**2
"""A chapter notebook with its figures is a few MB; a larger file is refused, not read."""

MAX_ZIP_ENTRIES = 100_000
MAX_ZIP_BYTES = 8 * 1024**3
"""Total size of what is extracted from a zip (notebooks; other files are only named)."""


class DownloadError(ValueError):
    """SUBMISSIONS cannot be read: missing, empty, not a zip, an unsafe or huge zip."""


_unpacked: dict[tuple, Path] = {}
zoneless: set[Path] = set()
"""Files extracted from zip entries that record only a DOS time (:func:`entry_time`)."""
implausible: dict[Path, dt.datetime] = {}
"""Files extracted from zip entries whose recorded time cannot be a hand-in time."""


def unpacked(submissions: Path) -> Path:
    """The folder to read: ``submissions`` itself, or a zip extracted once per process into a
    temporary folder that is removed when the process ends."""
    if submissions.is_dir():
        return submissions
    if not submissions.exists():
        raise DownloadError(f"submissions folder not found: {submissions}")
    if not zipfile.is_zipfile(submissions):
        raise DownloadError(
            f"{submissions} is neither a folder nor a zip file: give the folder of the "
            "submissions, or the zip your LMS downloaded"
        )
    info = submissions.stat()
    key = (str(submissions.resolve()), info.st_size, info.st_mtime_ns)
    if key not in _unpacked or not _unpacked[key].is_dir():
        target = Path(tempfile.mkdtemp(prefix="nnl-download-"))
        atexit.register(shutil.rmtree, target, True)
        try:
            extract(submissions, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        _unpacked[key] = target
    return _unpacked[key]


def extract(archive: Path, target: Path) -> None:
    """Extract the notebooks (and nbgrader's timestamp.txt) of ``archive`` into ``target``;
    every other file becomes an empty file of its name (it is only reported, never read).

    Refused: entries outside ``target`` (absolute paths, ``..``: "zip slip"), links, a name
    twice (which one would be the student's is not known), more than
    :data:`MAX_ZIP_ENTRIES` entries or :data:`MAX_ZIP_BYTES` to extract, an entry longer than
    its header says. A notebook over 50 MB is not extracted but stands as a sparse file of its
    size, so that intake reports its size.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            entries = zf.infolist()
            _one_entry_per_name(entries, archive)
            if len(entries) > MAX_ZIP_ENTRIES:
                raise DownloadError(
                    f"{archive}: {len(entries)} entries, more than the {MAX_ZIP_ENTRIES} a "
                    "download may have"
                )
            wanted = [e for e in entries if _extracted(e)]
            total = sum(e.file_size for e in wanted if e.file_size <= MAX_NOTEBOOK_BYTES)
            if total > MAX_ZIP_BYTES:
                raise DownloadError(
                    f"{archive}: {total / 1024**3:.1f} GB of notebooks, more than the "
                    f"{MAX_ZIP_BYTES // 1024**3} GB a download may have; extract it yourself "
                    "and give the folder"
                )
            for entry in entries:
                try:
                    _extract_entry(zf, entry, archive, target, MAX_NOTEBOOK_BYTES)
                except (OSError, ValueError, EOFError) as err:
                    if isinstance(err, DownloadError):
                        raise
                    why = getattr(err, "strerror", None) or str(err)[:100]
                    raise DownloadError(
                        f"{archive}: entry {_short(entry.filename)} cannot be extracted ({why}); "
                        "refused: extract it yourself and give the folder"
                    ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as err:
        raise DownloadError(f"{archive}: a damaged zip file ({err})") from None


def _one_entry_per_name(entries: list[zipfile.ZipInfo], archive: Path) -> None:
    """Refuse a zip that names one file twice, however spelled (``a/x``, ``./a/x``, ``a//x``,
    ``a\\x``), or names it both a file and a folder: which one was handed in is not known."""
    files, folders = set(), set()
    for entry in entries:
        parts = PurePosixPath(entry.filename.replace("\\", "/")).parts
        name = "/".join(parts)
        if entry.is_dir() or entry.filename.endswith("\\"):
            folders.add(name)
            continue
        if name in files:
            raise DownloadError(
                f"{archive}: {_short(name)} is in it twice (which one was handed in?); "
                "refused: extract it yourself and give the folder"
            )
        files.add(name)
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
    both = sorted(files & folders)
    if both:
        raise DownloadError(
            f"{archive}: {_short(both[0])} is in it both as a file and as a folder; refused: "
            "extract it yourself and give the folder"
        )


def _short(name: str) -> str:
    """An entry's name for a one-line message: quoted, escaped, at most about 80 characters."""
    return repr(name if len(name) <= 80 else name[:60] + "..." + name[-17:])


def _extracted(entry: zipfile.ZipInfo) -> bool:
    name = PurePosixPath(entry.filename.replace("\\", "/")).name
    return name.lower().endswith(".ipynb") or name == TIMESTAMP


def _extract_entry(zf, entry: zipfile.ZipInfo, archive: Path, target: Path, max_bytes: int):
    parts = PurePosixPath(entry.filename.replace("\\", "/")).parts
    if entry.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        raise DownloadError(
            f"{archive}: entry {_short(entry.filename)} points outside the folder it is extracted "
            "to; refused (a zip made to overwrite files)"
        )
    if stat.S_ISLNK(entry.external_attr >> 16):
        raise DownloadError(f"{archive}: entry {_short(entry.filename)} is a link; refused")
    if entry.is_dir() or not parts:
        return
    dest = target.joinpath(*parts)
    if not dest.resolve().is_relative_to(target.resolve()):
        raise DownloadError(f"{archive}: entry {_short(entry.filename)} points outside; refused")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not _extracted(entry) or entry.file_size > max_bytes:
        with open(dest, "wb") as out:
            out.truncate(entry.file_size if _extracted(entry) else 0)
    else:
        limit = min(entry.file_size, max_bytes)
        with zf.open(entry) as src, open(dest, "wb") as out:
            copied = 0
            while chunk := src.read(1024 * 1024):
                copied += len(chunk)
                if copied > limit:
                    raise DownloadError(
                        f"{archive}: entry {_short(entry.filename)} is larger than its header "
                        "says; refused (a damaged or crafted zip)"
                    )
                out.write(chunk)
    when = entry_time(entry)
    if when is None:  # a local time of an unknown zone: no hand-in time (see _file_time)
        zoneless.add(dest)
    elif not plausible(when):
        implausible[dest] = when
    else:
        os.utime(dest, (when.timestamp(), when.timestamp()))


def entry_time(entry: zipfile.ZipInfo) -> dt.datetime | None:
    """When a zip entry's file was last modified: the extended timestamp (UTC), else the NTFS
    time (UTC); None when the zip has only the DOS time, a local time of an unknown zone (read
    as UTC it would move a hand-in by hours, and an on-time one past its due date)."""
    extra = entry.extra
    while len(extra) >= 4:
        tag, size = struct.unpack("<HH", extra[:4])
        body = extra[4 : 4 + size]
        try:
            if tag == 0x5455 and len(body) >= 5 and body[0] & 1:
                return dt.datetime.fromtimestamp(struct.unpack("<i", body[1:5])[0], tz=dt.UTC)
            if tag == 0x000A and len(body) >= 32:
                attr_tag, attr_size = struct.unpack("<HH", body[4:8])
                if attr_tag == 1 and attr_size >= 24:
                    ticks = struct.unpack("<Q", body[8:16])[0]
                    return dt.datetime(1601, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
                        microseconds=ticks // 10
                    )
        except (OverflowError, OSError, ValueError):  # past year 9999: no time of this world
            return dt.datetime.max.replace(tzinfo=dt.UTC)
        extra = extra[4 + size :]
    return None
