"""The checks that keep a translation from drifting from its English (docs/ko-style.md).

Each takes an English message and its translation (or a catalogue) and returns what is wrong,
as sentences; an empty list is a pass. They are mechanical on purpose:

- :func:`incomplete`: a message with no translation, or a *fuzzy* one (its English changed
  since it was translated);
- :func:`missing`: an English message of the current source with no entry in the catalogue;
- :func:`kept`: a translation keeps every inline formula (``$...$``), code name (```...```),
  placeholder (``{n}``), link target and citation of its English, each as often and no other;
  and every number its English writes in digits (it may write more: 모두 0 for "all zeros");
- :func:`blocks`: a translation starts no Markdown block of its own: a line that begins ``1. ``,
  ``- `` or ``#`` makes Sphinx read the message as a list or a heading, not the paragraph or
  heading it replaces, and keep the English without a word (a heading ``1. Vanishing gradients``
  is translated ``1\\. 기울기 소실``);
- :func:`terms`: a glossary term of the English has the glossary's Korean in the translation
  (:func:`termbase`, read from glossary.md; longer terms first, so *gradient descent* asks for
  경사하강법 and not 기울기), unless the message's translator comment exempts it
  (``# term-exempt: learning``).

Used by tests/course/test_translations.py and, in the Korean build, by book/editions.py.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary.md"
EXEMPT = "term-exempt:"

# What a translation must keep, in the order they are taken out of the text (a number inside
# a formula or a code name belongs to that formula or name, not to the prose).
_PROTECTED = [
    ("formula", re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.S)),
    ("code name", re.compile(r"``.+?``|`[^`]+`")),
    ("link target", re.compile(r"\]\(([^)\s]+)\)")),
    ("placeholder", re.compile(r"\{[a-z_]+\}")),
    # ASCII boundaries: a Korean counter follows its number directly (1장, 3개).
    ("number", re.compile(r"(?<![0-9A-Za-z_.])\d+(?:\.\d+)?(?![0-9A-Za-z_])")),
]


def read(path: Path) -> Catalog:
    with Path(path).open("rb") as f:
        return read_po(f)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def incomplete(catalog: Catalog) -> list[str]:
    """The messages of ``catalog`` without a current translation."""
    found = []
    for m in _messages(catalog):
        if not m.string:
            found.append(f"untranslated: {m.id!r}")
        elif m.fuzzy:
            found.append(f"fuzzy (its English changed): {m.id!r}")
    return found


def missing(catalog: Catalog, template: Catalog) -> list[str]:
    """The messages of the current English (``template``, a fresh .pot) that ``catalog`` lacks."""
    return [f"not in the catalogue: {m.id!r}" for m in _messages(template) if m.id not in catalog]


def protected(text: str) -> Counter:
    """What a translation of ``text`` must keep: (kind, token) -> how often."""
    found = Counter()
    for kind, pattern in _PROTECTED:
        for match in pattern.finditer(text):
            found[kind, match.group(match.lastindex or 0)] += 1
        text = pattern.sub(" ", text)
    return found


def kept(english: str, translation: str) -> list[str]:
    """What ``translation`` drops, adds or changes among the protected tokens of ``english``."""
    want, got = protected(english), protected(translation)
    problems = [f"drops the {k} {t!r}" for (k, t), n in (want - got).items() for _ in range(n)]
    # Korean writes in digits what English spells out ("all zeros": 모두 0): a number may be added.
    added = [(k, t) for (k, t), n in (got - want).items() if k != "number" for _ in range(n)]
    problems += [f"adds the {k} {t!r}" for k, t in added]
    return problems


_BLOCK_START = re.compile(r"^\s*(\d+[.)]|[-*+]|#{1,6}|>)(\s|$)", re.M)


def blocks(translation: str) -> list[str]:
    """A line of ``translation`` that Markdown reads as the start of a list, heading or quote."""
    return [
        f"a line starts with {m.group(1)!r}, read as a Markdown block: escape it "
        f"({m.group(1)[:-1]}\\{m.group(1)[-1]})"
        if m.group(1)[-1] in ".)"
        else f"a line starts with {m.group(1)!r}, read as a Markdown block: escape it"
        for m in _BLOCK_START.finditer(translation)
    ]


def termbase(glossary: Path = GLOSSARY) -> dict[str, str]:
    """English term -> its Korean, from glossary.md: the first Korean term in the parenthesis
    that opens each definition (``(기울기, 그래디언트) ...`` -> 기울기). A term whose entry has no
    Korean (Adam, ReLU) is its own Korean: its name stays in Latin letters."""
    text = glossary.read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    base = {}
    for term, definition in re.findall(r"^(\S[^\n]*)\n  ([^\n]*)", body, re.M):
        korean = re.match(r"\(([^,;)]*[가-힣][^,;)]*)", definition)
        base[term.strip()] = korean.group(1).strip() if korean else term.strip()
    return base


def _term_pattern(term: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:e?s)?(?![\w-])", re.I)


def terms(english: str, translation: str, base: dict[str, str], exempt=()) -> list[str]:
    """The glossary terms of ``english`` whose Korean ``translation`` lacks. A term written in
    capitals in the glossary (XOR, SGD, Adam) may also stay as it is."""
    english = protected_removed(english)
    problems = []
    for term in sorted(base, key=len, reverse=True):
        pattern = _term_pattern(term)
        if not pattern.search(english):
            continue
        english = pattern.sub(" ", english)
        if term.lower() in exempt:
            continue
        korean = base[term]
        if korean in translation or (term[0].isupper() and term in translation):
            continue
        problems.append(f"{term!r} is {korean!r} (glossary.md)")
    return problems


def protected_removed(text: str) -> str:
    """``text`` without its formulas, code names and link targets (their words are no terms)."""
    for _, pattern in _PROTECTED[:3]:
        text = pattern.sub(" ", text)
    return text


def exemptions(message: Message) -> set[str]:
    """The terms a translator comment ``# term-exempt: a, b`` exempts in ``message``."""
    return {
        term.strip().lower()
        for comment in message.user_comments
        if comment.strip().startswith(EXEMPT)
        for term in comment.strip()[len(EXEMPT) :].split(",")
    }


def problems(catalog: Catalog, base: dict[str, str] | None = None) -> list[str]:
    """Everything wrong with a catalogue declared complete: untranslated or fuzzy messages, and
    translations that drop what they must keep or a glossary term (when ``base`` is given)."""
    found = incomplete(catalog)
    for m in _messages(catalog):
        if m.string and not m.fuzzy:
            found += [f"{m.id!r}: {p}" for p in kept(m.id, m.string) + blocks(m.string)]
            if base is not None:
                found += [f"{m.id!r}: {p}" for p in terms(m.id, m.string, base, exemptions(m))]
    return found
