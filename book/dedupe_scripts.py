"""Sphinx extension: write each inline <script> once per page.

sphinx-thebe adds its configuration (``const THEBE_JS_URL = ...``) as an inline script once, but
Sphinx 7.4 puts it on every page twice: the HTML builder registers the script with
``filename=None`` when the extension adds it and again with ``filename=''`` when it prepares
writing, and the two do not compare equal. The second ``const`` declaration throws "Identifier
'THEBE_JS_URL' has already been declared" in every page's console. This drops the repeat.
"""

from __future__ import annotations


def _key(script) -> tuple:
    return (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
