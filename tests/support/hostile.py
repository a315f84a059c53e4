"""Hypothesis strategies for hostile names, and a folder's state to prove nothing changed."""

import os
from pathlib import Path

from hypothesis import strategies as st

folder_bytes = st.binary(min_size=1, max_size=255).filter(
    lambda b: b"/" not in b and b"\x00" not in b and not b.startswith(b".")
)


def snapshot(folder: Path) -> dict:
    """Every path under ``folder`` (not following links) with its kind, size and mtime."""
    found = {}
    for dirpath, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(dirpath, name)
            info = os.lstat(path)
            found[path] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found
