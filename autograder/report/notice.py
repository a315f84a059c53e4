"""The feedback page of a file that could not be graded: what was wrong, and what to do.

A submission that is not a readable notebook (not JSON, not a notebook, over the size limit) or
that names no chapter gets no nbgrader feedback; it gets this page instead, where nbgrader's
would be (``feedback/<student>/<chapter>/<chapter>.html``; for a file that names no chapter,
``feedback/<student>/not_graded/<file name>.html``), so that it reaches the student with the
others (the feedback zips). Self-contained; every string from the file is HTML-escaped, and the
page's Content-Security-Policy (:data:`autograder.safepage.CSP`) lets no script run.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from autograder import coursedir
from autograder.safepage import CSP_META

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
{csp}
<title>{title}</title>
<style>body {{ font-family: sans-serif; max-width: 45em; margin: 2em auto; padding: 0 1em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Your file <code>{name}</code> was not graded: {problem}.</p>
<h2>What to do</h2>
<p>{advice}</p>
<p>Until a notebook that can be graded is handed in, this {what} scores 0 points.</p>
</body>
</html>
"""


def write_notice(
    course_root: Path, student: str, chapter: str, name: str, problem: str, advice: str
) -> Path:
    """Write the page for ``student``'s file ``name`` (``chapter``: "?" if it names none);
    return its path."""
    feedback = Path(course_root) / coursedir.FEEDBACK / student
    if chapter == "?":
        path = (
            feedback / "not_graded" / coursedir.file_name(re.sub(r"[^\w.-]+", "_", name), ".html")
        )
        title, what = f"{name}: not graded", "file"
    else:
        path = feedback / chapter / f"{chapter}.html"
        title, what = f"{chapter}: not graded", "chapter"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        _PAGE.format(
            title=html.escape(title),
            name=html.escape(name),
            problem=html.escape(problem),
            advice=html.escape(advice),
            what=what,
            csp=CSP_META,
        ),
        encoding="utf-8",
    )
    return path
