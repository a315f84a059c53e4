"""nnlearn in the reader's language: what it shows a reader, translated by gettext.

English is the source: every string is written in English in the module that shows it, and its
translations live in gettext catalogues, ``nnlearn/locale/<language>/LC_MESSAGES/nnlearn.po``,
compiled to the ``.mo`` beside it that the package ships (``python -m book.translations update``
makes both; docs/ko-style.md says how to write Korean). The language is passed explicitly:
as an argument (``html_table(language="ko")``), or, for a whole kernel, by one call that a
notebook of an edition makes first (``use("ko")``: the Korean student notebook and the Korean
book's run of a chapter), so that the code cells of both editions are the same. Nothing is
read from the environment.

Two kinds of strings are translated:

- strings held as data (the catalogue of mistakes, :mod:`nnlearn.mistakes`): a module lists them
  in a function ``translatable()`` that yields ``(text, where)`` pairs; :data:`MODULES` names
  those modules, and :func:`messages` gathers them;
- strings written where they are shown (the figures' titles, labels, legends and alt texts, the
  demos' slider labels, readouts and status lines): each is written as
  ``_("English {placeholder}").format(...)`` with ``from nnlearn.i18n import gettext as _``,
  translated when it is drawn, into :func:`current`'s language. Babel's extractor finds these
  calls in the source (book/translations.py); no f-string inside ``_()``, which it could not read.

Both make the catalogue's template (book/translations.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache
from gettext import NullTranslations, translation
from pathlib import Path

__all__ = ["LANGUAGES", "MODULES", "N_", "current", "gettext", "messages", "translator", "use"]

LANGUAGES = ("en", "ko")  # "en", the source, first
DOMAIN = "nnlearn"
LOCALE_DIR = Path(__file__).parent / "locale"
MODULES = ("nnlearn.mistakes",)
_language = [LANGUAGES[0]]  # this process's language: use() sets it, current() reads it


def use(language: str) -> None:
    """Show everything in ``language`` from now on in this process (a notebook's kernel), where
    a function is not given a ``language`` of its own; figures drawn from now on use its font
    (:mod:`nnlearn.fonts`: Korean needs Hangul)."""
    translator(language)  # an unknown language fails here, not at the first message
    from nnlearn import fonts  # matplotlib only for a kernel that draws

    fonts.use(language)
    _language[0] = language


def current() -> str:
    """The language :func:`use` set (``"en"`` until it is called)."""
    return _language[0]


@cache
def translator(language: str) -> Callable[[str], str]:
    """``gettext`` for ``language``: a function from an English string to its translation (the
    English itself where the catalogue has none yet, or for ``"en"``)."""
    if language not in LANGUAGES:
        raise ValueError(f"no language {language!r} in nnlearn (one of {', '.join(LANGUAGES)})")
    if language == LANGUAGES[0]:
        return NullTranslations().gettext
    return translation(DOMAIN, LOCALE_DIR, languages=[language]).gettext


def gettext(message: str) -> str:
    """``message`` in :func:`current`'s language: what a figure or a demo shows, translated
    when it is drawn (imported as ``_``, the name Babel's extractor looks for)."""
    return translator(current())(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for it
    """``message`` unchanged: marks an English string held in a constant for the catalogue
    (Babel's extractor finds ``N_("...")``); it is translated where it is shown, ``_(NAME)``."""
    return message


def messages() -> Iterator[tuple[str, str]]:
    """Every translatable string of nnlearn, once, with where it comes from."""
    seen = set()
    for name in MODULES:
        for text, where in importlib.import_module(name).translatable():
            if text not in seen:
                seen.add(text)
                yield text, where
