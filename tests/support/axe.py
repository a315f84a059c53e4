"""axe-core, the accessibility checker, run on a page of the browser tests.

``axe.min.js`` comes from the npm package ``axe-core`` (``npm pack``, as the live lab's build
fetches Pyodide), pinned by version and by the tarball's sha256, and kept in ``.cache/axe/``
(git-ignored): a second run needs no network. It is injected into the page under test by
Playwright (never loaded from another host).
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "axe"
VERSION = "4.14.1"
# sha256 of `npm pack axe-core@4.14.1` (npm itself checks the registry's sha512 on download)
SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
# What the tests refuse: axe's two highest impacts.
SERIOUS = ("serious", "critical")


@functools.cache
def source() -> str:
    """The text of axe.min.js, from the checked tarball (downloaded once with npm)."""
    tarball = CACHE / f"axe-core-{VERSION}.tgz"
    if not tarball.is_file():
        if shutil.which("npm") is None:
            raise RuntimeError("npm not found: install Node.js and npm (.ci/run does)")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "--silent", f"axe-core@{VERSION}"], cwd=CACHE, check=True)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != SHA256:
        raise RuntimeError(f"{tarball}: sha256 {digest}, expected {SHA256}")
    with tarfile.open(tarball) as archive:
        return archive.extractfile("package/axe.min.js").read().decode("utf-8")


# Page side: run axe on the page (or on the elements ``include`` selects) and return its
# violations, each with the nodes it found (their selector and axe's summary).
_RUN = """async (include) => {
    const context = include ? {include: [[include]]} : document;
    const result = await axe.run(context, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    }));
}"""


def violations(page, include: str | None = None) -> list[dict]:
    """axe's violations on ``page`` (a Playwright page), optionally only within the elements
    that the CSS selector ``include`` matches."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=source())
    return page.evaluate(_RUN, include)


def serious(found: list[dict]) -> list[dict]:
    """The violations of serious or critical impact."""
    return [v for v in found if v["impact"] in SERIOUS]


def describe(found: list[dict]) -> str:
    """One line per violation and node, for an assertion's message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {n['target']}: {n['summary']}"
        for v in found
        for n in v["nodes"]
    )
