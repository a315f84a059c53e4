"""Text from students, rosters and downloads, shown on the instructor's terminal as text.

A student's folder or file name, a roster field, a Canvas name or a line of a student's code can
hold bytes a terminal acts on: ESC starts a control sequence (colours, moving the cursor,
rewriting the title, on some terminals worse), CR returns to the start of the line and hides
what was printed before it, BEL rings, the bidi overrides (U+202E ...) make a line read as
something else. :func:`shown` writes every character that is not printable text (Python's
``str.isprintable``: the C0 and C1 controls, DEL, format characters such as the bidi controls,
line and paragraph separators, unassigned code points) as its escape (``\\x1b``, ``\\r``,
``\\u202e``), the way ``repr`` would, so the instructor sees what is there and the terminal does
nothing. Every line that carries such text is printed through it.
"""

from __future__ import annotations


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def shown(text: str, *, lines: bool = False) -> str:
    """``text`` with every non-printable character escaped; ``lines``: keep the line breaks
    (``\\n``) of a message of several lines."""
    return "".join(
        char if char.isprintable() or (lines and char == "\n") else _escaped(char)
        for char in str(text)
    )
