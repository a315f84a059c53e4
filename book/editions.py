"""Sphinx extension: the book's two editions, English and Korean, and the way between them.

The English book is built into ``_build/html/``, the Korean one (``language: ko``,
book/translations.py) into ``_build/html/ko/``: the same page names, one folder apart.

- Every page links to the same page in the other edition (``hreflang``, and the link's text in
  its own language).
- In the Korean edition, a page whose catalogue is not declared complete
  (``locale/ko/complete.txt``) is shown in English, and says so at its top; the first page lists
  those pages.
- A page whose code shows nnlearn's translated strings calls it with the edition's language
  (:data:`IN_LANGUAGE`: the "Common mistakes" table, ``html_table(language="ko")``).
- The parts' captions of the table of contents are translated too (Jupyter Book inserts its
  toctrees after Sphinx has translated the page: :class:`TranslateCaptions`).
- The Korean build checks the complete catalogues before it reads a page
  (book/translation_checks.py): an untranslated or fuzzy message, a dropped formula, code name,
  placeholder or number, or a glossary term translated otherwise stops it.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

try:
    from . import translation_checks as checks  # imported as book.editions (the tests)
except ImportError:
    import translation_checks as checks  # loaded by Sphinx as a top-level module from book/

SOURCE = "en"
EDITIONS = {"en": "", "ko": "ko/"}  # language -> its folder in the book's output
SWITCH = {
    "en": ("한국어", "한국어: 이 페이지의 한국어판"),
    "ko": ("English", "English: this page in English"),
}
# What the Korean edition says on a page still in English, and on its first page.
IN_ENGLISH = "이 페이지는 아직 번역되지 않아 영어 원문으로 보여 드립니다."
EDITION_NOTE = (
    "한국어판은 번역이 진행 중입니다. 아래 페이지는 번역을 마쳤고, 나머지 페이지(각 장 포함)는 "
    "번역될 때까지 영어 원문으로 실립니다."
)

# page -> (the call in its code, the same call in an edition's language): nnlearn.i18n
IN_LANGUAGE = {"mistakes": ("html_table()", 'html_table(language="{language}")')}


def catalogue(docname: str) -> str:
    """The page catalogue a page's messages are in: its own (``gettext_compact`` is off)."""
    return docname


def complete(app) -> list[str]:
    path = Path(app.srcdir) / "locale" / app.config.language / "complete.txt"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def other_edition(pagename: str, language: str) -> tuple[str, str]:
    """(the other edition's language, the URL of this page there, relative to this page)."""
    other = "ko" if language == SOURCE else SOURCE
    up = "../" * pagename.count("/") + ("../" if EDITIONS[language] else "")
    return other, f"{up}{EDITIONS[other]}{pagename}.html"


def check_catalogues(app) -> None:
    if app.config.language == SOURCE or app.builder.name != "html":
        return
    base = checks.termbase()
    folder = Path(app.srcdir) / "locale" / app.config.language / "LC_MESSAGES"
    found = []
    for name in complete(app):
        found += [
            f"{name}.po: {p}" for p in checks.problems(checks.read(folder / f"{name}.po"), base)
        ]
    if found:
        raise ExtensionError(
            "the Korean catalogues declared complete are not:\n" + "\n".join(found)
        )


def call_in_language(app, docname, source) -> None:
    if docname not in IN_LANGUAGE or (app.config.language or SOURCE) == SOURCE:
        return
    call, translated = IN_LANGUAGE[docname]
    if call not in source[0]:
        raise ExtensionError(
            f"{docname}: no {call} to show in {app.config.language} (book/editions.py)"
        )
    source[0] = source[0].replace(call, translated.format(language=app.config.language))


def add_switch(app, pagename, templatename, context, doctree) -> None:
    if "body" not in context:
        return
    language = app.config.language or SOURCE
    other, url = other_edition(pagename, language)
    text, label = SWITCH[language]
    parts = [
        f'<p class="edition-switch"><a href="{html.escape(url)}" hreflang="{other}" '
        f'lang="{other}" aria-label="{html.escape(label)}">{html.escape(text)}</a></p>'
    ]
    if language != SOURCE:
        done = complete(app)
        if catalogue(pagename) not in done:
            parts.append(f'<div class="admonition note edition-note"><p>{IN_ENGLISH}</p></div>')
            # the page's text is English: screen readers and hyphenation need to know
            context["body"] = f'<div lang="{SOURCE}">{context["body"]}</div>'
        elif pagename == app.config.root_doc:
            items = "".join(
                f'<li><a href="{posixpath.relpath(name, posixpath.dirname(pagename) or ".")}.html">'
                f"{html.escape(app.env.titles[name].astext())}</a></li>"
                for name in done
                if name in app.env.titles
            )
            parts.append(
                f'<div class="admonition note edition-note">'
                f"<p>{EDITION_NOTE}</p><ul>{items}</ul></div>"
            )
    context["body"] = "".join(parts) + context["body"]


class TranslateCaptions(SphinxTransform):
    """The toctree captions of a page, from its catalogue (``_toc.yml``'s parts: "The course").
    After sphinx-external-toc's InsertToctrees (priority 100), before the toctrees are
    collected (doctree-read)."""

    default_priority = 150

    def apply(self, **kwargs) -> None:
        if (self.config.language or SOURCE) == SOURCE:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        folders = [str(Path(self.env.srcdir) / d) for d in self.config.locale_dirs]
        catalog, found = init_locale(folders, self.config.language, domain)
        if not found:
            return
        for toctree in self.document.findall(addnodes.toctree):
            if toctree.get("caption"):
                toctree["caption"] = catalog.gettext(toctree["caption"])


def setup(app):
    app.add_transform(TranslateCaptions)
    app.connect("builder-inited", check_catalogues)
    app.connect("source-read", call_in_language)
    app.connect("html-page-context", add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
