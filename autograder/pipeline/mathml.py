"""LaTeX math in Markdown, as MathML: a page that shows its math offline, with no script.

nbgrader's feedback page loads MathJax from a CDN, so a student who opens it offline (or where
the CDN is blocked) sees raw ``$...$``. :func:`markdown_math_to_mathml` converts every ``$...$``
and ``$$...$$`` of a Markdown cell (inline math may wrap a line, not span a paragraph) when the
page is made (latex2mathml), which every current browser renders natively. Code (fenced blocks,
inline code) is left alone; ``\\$`` is a dollar; a ``$`` followed by a digit closes no formula.
"""

from __future__ import annotations

import functools
import html
import re

from latex2mathml.converter import convert

_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.DOTALL)
_MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$"  # display math, possibly over several lines
    r"|(?<![\\$])\$(?![\s$])(?P<inline>(?:\\\$|(?!\n\s*\n)[^$])+?)(?<![\s\\])\$(?!\d)",
    re.DOTALL,
)


@functools.lru_cache(maxsize=4096)
def to_mathml(latex: str, display: bool) -> str:
    """One formula as MathML; one that latex2mathml cannot read stays LaTeX, in code.

    Remembered (a function of the formula alone): a worker makes the same chapter's page for
    every student, and the chapter's formulas are the same on each."""
    try:
        return convert(latex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds; the page must still be made
        return f"<code>{html.escape(latex)}</code>"


def markdown_math_to_mathml(markdown: str) -> str:
    """``markdown`` with each formula outside code replaced by its MathML."""

    def math(match: re.Match) -> str:
        display = match.group("display") is not None
        return to_mathml(match.group("display") if display else match.group("inline"), display)

    parts = _CODE.split(markdown)
    return "".join(part if i % 2 else _MATH.sub(math, part) for i, part in enumerate(parts))
