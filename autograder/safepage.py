"""Pages we write that are safe to open: no student's script runs, nothing is fetched.

Feedback pages show what a student wrote (Markdown cells, outputs, attachments, cell metadata)
and are opened by students and instructors alike (Formgrader, the feedback zips, the class
report's readers). Two layers, each enough against a script on its own:

- :func:`clean` passes HTML through nh3 (the Python binding of the Rust sanitizer ammonia, which
  parses as browsers do, html5ever, and so resists the parser-confusion tricks of
  ``<math>``/``<svg>``/``<style>``): an allowlist of tags and attributes, HTML plus the MathML
  that :mod:`autograder.pipeline.mathml` makes; ``<script>`` and ``<style>`` go with their
  content; every event handler, ``srcdoc``, ``style`` beyond ``text-align`` goes. A link may
  point into the page (``#...``), to ``http(s):``/``mailto:`` or to a path relative to the page;
  an image only to a ``data:image/...`` URL (so ``javascript:`` and ``data:text/html`` links
  go, and no image is loaded from anywhere).
- :data:`CSP` is the Content-Security-Policy every page we write carries: no script, no
  connection, no frame, no font, nothing but ``data:`` images and the page's own inline style.

:func:`inert_page` applies both to a page made from a template of ours: the ``<head>`` (ours)
is kept and gets the policy; the ``<body>`` (where anything of a student's lands, through
whatever route: a Markdown cell, an output, an attachment, a cell's tags) is cleaned.
"""

from __future__ import annotations

import re

import nh3

CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'

# MathML Core's elements (https://www.w3.org/TR/mathml-core/), without the ones that carry
# markup of another language (annotation-xml) or act (maction), plus menclose, which
# latex2mathml writes (\boxed, \cancel); and their presentation attributes.
MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot",
    "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts",
    "none", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "merror", "menclose",
    "semantics", "annotation",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "display", "xmlns", "displaystyle", "scriptlevel", "mathvariant", "mathsize", "mathcolor",
    "mathbackground", "dir", "form", "fence", "separator", "lspace", "rspace", "stretchy",
    "symmetric", "maxsize", "minsize", "largeop", "movablelimits", "accent", "accentunder",
    "linethickness", "width", "height", "depth", "voffset", "columnalign", "rowalign",
    "columnspan", "rowspan", "columnlines", "rowlines", "columnspacing", "rowspacing", "frame",
    "notation", "encoding", "linebreak",
}  # fmt: skip
TAGS = nh3.ALLOWED_TAGS | {"main", "section", "input"} | MATHML_TAGS
ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "id", "title", "lang", "dir", "tabindex", "style"},
    "a": {"href", "hreflang", "name"},
    **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
}
_INPUT = {"input": {"type": {"checkbox"}, "checked": {"", "checked"}, "disabled": {"", "disabled"}}}
# into the page, to the web or mail, or a path relative to the page (nothing with a ":" in it,
# nothing protocol-relative, no white space or control character a URL parser would drop)
_LINK = re.compile(r"#|(?:https?|mailto):|(?!//)[\w\-./~%?=&+#]+\Z", re.IGNORECASE)
_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
_URLS = {"href", "src", "cite", "action", "formaction", "poster", "background", "xlink:href"}


def _url(tag: str, attribute: str, value: str) -> str | None:
    """An attribute's value as kept: a URL only where it can neither run nor fetch anything."""
    if attribute not in _URLS:
        return value
    if attribute == "src":
        return value if tag == "img" and _IMAGE.match(value) else None
    return value if attribute in ("href", "cite") and _LINK.match(value) else None


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_url,
    tag_attribute_values=_INPUT,
    url_schemes={"http", "https", "mailto", "data"},
    filter_style_properties={"text-align"},
    strip_comments=True,
    link_rel=None,
)


def clean(fragment: str) -> str:
    """``fragment`` (HTML of a page's body) with nothing that could run or fetch: see the
    module's description."""
    return _CLEANER.clean(fragment)


_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def with_policy(head: str) -> str:
    """``head`` (a page up to its ``<body>``) with :data:`CSP_META` first in its ``<head>``
    (after the charset, which must come first)."""
    anchor = _CHARSET.search(head) or _HEAD.search(head)
    if anchor is None:
        raise ValueError("not a page of ours: no <head>")
    return head[: anchor.end()] + "\n" + CSP_META + head[anchor.end() :]


def inert_page(page: str) -> str:
    """A whole page made from a template of ours, made inert: its head as made, with the
    policy; its body cleaned (the body runs from the first ``<body>`` to the last
    ``</body>``: a student's ``</body>`` in between is cleaned away with the rest)."""
    start = _BODY.search(page)
    end = page.lower().rfind("</body>")
    if start is None or end < start.end():
        raise ValueError("not a page of ours: no <body>")
    return (
        with_policy(page[: start.start()])
        + "<body>\n"
        + clean(page[start.end() : end])
        + "</body>\n</html>\n"
    )
