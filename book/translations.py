"""The Korean edition's catalogues and build: English stays the source, Korean lives in PO files.

- The pages: Sphinx's ``gettext`` builder extracts every message of the book (run through
  Jupyter Book's own Sphinx configuration, notebooks not executed: only their Markdown is
  translated) into ``_build/gettext/*.pot``; ``sphinx-intl update`` merges them into
  ``locale/ko/LC_MESSAGES/*.po`` (a changed English message becomes *fuzzy*, a new one
  untranslated). One catalogue per page (``intro.po``, ``chapters/04_backpropagation.po``).
- ``nnlearn``'s strings (:mod:`nnlearn.i18n`): the template is made from the data that holds
  them (``nnlearn.mistakes.CATALOGUE``) and from the ``_("...")`` calls in its source (the
  figures and the demos, found by Babel's extractor), merged into
  ``nnlearn/locale/ko/LC_MESSAGES/nnlearn.po``
  and compiled to the ``.mo`` that the package ships (Python's ``gettext`` reads only ``.mo``).
- The Korean book: the same configuration with ``language: ko``, into ``_build/html/ko/``.

The catalogues declared complete are listed in ``locale/ko/complete.txt``; the checks that keep
them so are in :mod:`book.translation_checks` (tests/course/test_translations.py).

    python -m book.translations update     # after changing English: refresh every catalogue
    python -m book.translations update chapters/01_decision_boundaries   # ... and begin one
    python -m book.translations html-ko    # the Korean edition into _build/html/ko/
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE = "ko"
LOCALE = ROOT / "locale"  # the pages' catalogues: locale/ko/LC_MESSAGES/<catalogue>.po
PAGES = LOCALE / LANGUAGE / "LC_MESSAGES"
COMPLETE = LOCALE / LANGUAGE / "complete.txt"
NNLEARN_PO = ROOT / "nnlearn" / "locale" / LANGUAGE / "LC_MESSAGES" / "nnlearn.po"
KOREAN_HTML = Path("_build/html") / LANGUAGE  # relative to the book: the English book's ko/
# The settings that differ in a build of one language: everything else is _config.yml's.
NOT_EXECUTED = {"nb_execution_mode": "off"}


def complete_catalogues() -> list[str]:
    """The page catalogues declared complete (``intro``, ``glossary``, ...): every message of
    each has a current Korean translation, and the build fails otherwise."""
    lines = COMPLETE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def sphinx_build(
    builder: str,
    outdir: Path,
    overrides: dict,
    *,
    strict: bool,
    doctrees: Path,
    toc: Path | None = None,
) -> int:
    """Run Sphinx on the book with Jupyter Book's configuration (``_config.yml``, ``_toc.yml``)
    and ``overrides`` on top. ``doctrees``: its own folder, so that a build never reuses
    another's environment; the folder beside it holds the book editions' cache
    (book/edition_cache.py), shared by the builds whose doctrees are side by side in _build/."""
    from jupyter_book.sphinx import build_sphinx

    outdir = Path(outdir).resolve()
    # What `jupyter-book build -n .` passes to Sphinx, then this build's own settings.
    book = {
        "external_toc_path": (toc or ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
    }
    return build_sphinx(
        ROOT,
        outdir,
        noconfig=True,
        path_config=ROOT / "_config.yml",
        confoverrides=book | overrides,
        doctreedir=Path(doctrees).resolve(),
        builder=builder,
        force_all=True,
        freshenv=True,
        warningiserror=strict,
        keep_going=strict,
        quiet=True,  # warnings still shown
    )


def extract_pages(pot_dir: Path, pages: list[str] | None = None) -> Path:
    """The English messages of every page, or of ``pages`` only (``["intro", "glossary"]``: the
    first is the root), as ``.pot`` files in ``pot_dir``. No notebook is executed (outputs are
    not translated), but a chapter page still runs its instructor source (book/edition.py):
    the whole book takes about 2 minutes, the pages without a chapter a few seconds."""
    pot_dir = Path(pot_dir)
    toc = None
    if pages is not None:
        pot_dir.mkdir(parents=True, exist_ok=True)
        toc = pot_dir / "_toc.yml"
        toc.write_text(yaml.safe_dump(toc_of(pages)), encoding="utf-8")
    doctrees = pot_dir.parent / ".doctrees-gettext"  # in _build/ for `update`: its cache too
    status = sphinx_build(
        "gettext", pot_dir, NOT_EXECUTED, strict=False, doctrees=doctrees, toc=toc
    )
    if status:
        raise SystemExit(f"the gettext build failed ({status})")
    return pot_dir


def toc_of(pages: list[str]) -> dict:
    """The book's table of contents with only ``pages`` in it (parts and captions kept)."""

    def keep(entries: list[dict]) -> list[dict]:
        kept = []
        for entry in entries:
            inner = {k: keep(v) for k, v in entry.items() if k in ("chapters", "sections")}
            if entry.get("file") in pages:
                kept.append({"file": entry["file"]} | {k: v for k, v in inner.items() if v})
            else:
                kept.extend(e for v in inner.values() for e in v)
        return kept

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    # A part keeps its caption (a message of the root page) through its first page at least.
    parts = [
        {
            "caption": p["caption"],
            "chapters": keep(p["chapters"]) or [{"file": p["chapters"][0]["file"]}],
        }
        for p in toc["parts"]
    ]
    return {
        "format": toc["format"],
        "root": toc["root"],
        "parts": [p for p in parts if p["chapters"]],
    }


def nnlearn_template() -> Catalog:
    """Every string ``nnlearn`` shows a reader in another language: those held as data
    (:func:`nnlearn.i18n.messages`), then the ``_("...")`` calls of its source as Babel's
    extractor finds them (the figures and the demos), each once."""
    from nnlearn.i18n import messages

    template = Catalog(project="nnlearn", domain="nnlearn")
    for message, where in messages():
        template.add(message, auto_comments=[where])  # "#. nnlearn/mistakes.py:wrong-sign"
    # nnlearn, and the hidden tests' gradient check (autograder/hidden/: it speaks to the
    # student in the grading kernel, through nnlearn's catalogue)
    for package in (ROOT / "nnlearn", ROOT / "autograder" / "hidden"):
        calls = extract_from_dir(
            package, method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
        )
        for filename, line, message, _comments, _context in calls:
            # "#: nnlearn/demos/x.py:12"
            where = ((package.relative_to(ROOT) / filename).as_posix(), line)
            if message in template:
                template[message].locations.append(where)
            else:
                template.add(message, locations=[where])
    return template


def update_nnlearn() -> None:
    """Merge the template into ``nnlearn.po`` (changed strings become fuzzy) and compile it."""
    template = nnlearn_template()
    if NNLEARN_PO.exists():
        with NNLEARN_PO.open("rb") as f:
            catalog = read_po(f, locale=LANGUAGE)
        before, created = _entries(catalog), catalog.creation_date
        catalog.update(template, update_header_comment=False)
        if _entries(catalog) == before:  # nothing changed: neither does the file (nor the .mo)
            catalog.creation_date = created
    else:
        catalog = Catalog(locale=LANGUAGE, project="nnlearn", domain="nnlearn")
        catalog.update(template)
    NNLEARN_PO.parent.mkdir(parents=True, exist_ok=True)
    with NNLEARN_PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, include_previous=True)
    compile_nnlearn()


def _entries(catalog: Catalog) -> list:
    return [(m.id, m.string, sorted(m.flags)) for m in catalog if m.id]


def compile_nnlearn() -> None:
    """``nnlearn.po`` -> ``nnlearn.mo`` beside it (fuzzy entries left out, as gettext does)."""
    with NNLEARN_PO.open("rb") as f:
        catalog = read_po(f, locale=LANGUAGE)
    with NNLEARN_PO.with_suffix(".mo").open("wb") as f:
        write_mo(f, catalog, use_fuzzy=False)


def toc_files() -> list[str]:
    """Every page of the book, the root first (``_toc.yml``)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def files(entries: list[dict]) -> list[str]:
        return [
            name
            for entry in entries
            for name in [entry.get("file")]
            + files(entry.get("chapters", []) + entry.get("sections", []))
            if name
        ]

    return [toc["root"]] + files(toc.get("parts", []))


def catalogues() -> set[str]:
    """The page catalogues that exist: ``intro``, ``chapters/01_decision_boundaries``, ..."""
    return {po.relative_to(PAGES).with_suffix("").as_posix() for po in PAGES.rglob("*.po")}


def update(start: list[str] = (), pot_dir: Path = ROOT / "_build" / "gettext") -> None:
    """Refresh the catalogues from the English source: the page catalogues that exist, and those
    of the pages named in ``start`` or under a folder it names (``["chapters"]`` begins every
    chapter's catalogue, ``["chapters/04_backpropagation"]`` one), and nnlearn's. Only the
    pages of those catalogues are read (a chapter takes about half a minute, the rest
    seconds)."""
    wanted = catalogues() | set(start)
    pages = [p for p in toc_files() if p in wanted or p.split("/", 1)[0] in wanted]
    root = toc_files()[0]
    extract_pages(pot_dir, [root] + [p for p in pages if p != root])
    tracked = Path(pot_dir) / "tracked"  # sphinx-intl merges every .pot of a folder
    shutil.rmtree(tracked, ignore_errors=True)
    for name in pages:
        (tracked / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(pot_dir) / f"{name}.pot", tracked / f"{name}.pot")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx_intl",
            "update",
            "-p",
            str(tracked),
            "-d",
            str(LOCALE),
            "-l",
            LANGUAGE,
            "-w",
            "100",
            "--no-obsolete",
        ],
        check=True,
    )
    update_nnlearn()


def build_korean(outdir: Path = ROOT / KOREAN_HTML) -> int:
    """The Korean edition: every page whose catalogue is translated in Korean, the others in
    English until they are (book/editions.py says so on each).

    Built in ``_build/ko/html`` (myst-nb writes its executed notebooks beside the output
    folder, which must not be the published book), with the English build's cache of the
    chapters' book editions (``_build/.edition-cache``), then copied into ``outdir``."""
    staging = ROOT / "_build" / LANGUAGE / "html"
    doctrees = ROOT / "_build" / f".doctrees-{LANGUAGE}"
    status = sphinx_build("html", staging, {"language": LANGUAGE}, strict=True, doctrees=doctrees)
    if status == 0:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.copytree(staging, outdir)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book.translations", description=__doc__)
    parser.add_argument("command", choices=["update", "compile", "html-ko"])
    parser.add_argument("start", nargs="*", help="update: page catalogues to begin")
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.start)
    elif args.command == "compile":
        compile_nnlearn()
    else:
        return build_korean()
    return 0


if __name__ == "__main__":
    sys.exit(main())
