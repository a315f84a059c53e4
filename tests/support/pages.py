"""Hostile HTML and how to tell whether a page is inert.

``MARKDOWN``: every route a Markdown cell has for running script or fetching (each payload sets
``window.__pwned``, changes the title or fetches from the listener ``L``, its port filled in per
test). :func:`dangers`: what in a page's body could run or fetch, read as text.
:class:`Listener` and :func:`visit`: the same in Chromium (a listener on 127.0.0.1 that records
every request; a page opened, its links clicked, what its scripts did).
"""

import base64
import http.server
import re
import threading

from bs4 import BeautifulSoup

L = "http://127.0.0.1:{port}"  # the listener; {port} is filled in per test
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=\'svg-image\'">'
    "<script>window.__pwned='svg-image-script'</script></svg>"
)
SVG64 = base64.b64encode(SVG.encode()).decode()

# Markdown cells: every payload would set the marker, change the title or fetch from L.
MARKDOWN = {
    "script": "<script>window.__pwned='script'; document.title='PWNED'</script>",
    "img_onerror": "<img src=x onerror=\"window.__pwned='img'\">",
    "svg_onbegin": "<svg><animate onbegin=\"window.__pwned='svg'\" attributeName=x dur=1s></svg>",
    "svg_onload": "<svg onload=\"window.__pwned='svgload'\"></svg>",
    "iframe_srcdoc": "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
    "details_ontoggle": "<details open ontoggle=\"window.__pwned='details'\"><summary>s</summary>"
    "x</details>",
    "javascript_link": "<a id=jslink href=\"javascript:window.__pwned='jslink'\">js</a>",
    "data_link": '<a id=datalink href="data:text/html,<script>alert(1)</script>">data</a>',
    "math_script": "<math><mtext><script>window.__pwned='math'</script></mtext></math>",
    "mxss": '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 '
    "onerror=window.__pwned='mxss'&gt;\">",
    "style_import": f'<style>@import url("{L}/style-import");</style>',
    "meta_refresh": f'<meta http-equiv="refresh" content="0;url={L}/refresh">',
    "base_href": f'<base href="{L}/base/"><img src="relative.png">',
    "object_data": f'<object data="{L}/object"></object><embed src="{L}/embed">',
    "svg_use": "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='x' onerror='parent.__pwned=1'/></svg>#x\"/></svg>",
    "svg_markdown_image": f"![svg](data:image/svg+xml;base64,{SVG64})",
    "remote_image": f'![remote]({L}/markdown-image.png) <img src="{L}/img">',
    "link_stylesheet": f'<link rel="stylesheet" href="{L}/link.css">',
    "input_autofocus": "<input autofocus onfocus=\"window.__pwned='input'\">",
    "body_onload": "<body onload=\"window.__pwned='body'\">",
    "marquee": "<marquee onstart=\"window.__pwned='marquee'\">m</marquee>",
    "video": "<video><source onerror=\"window.__pwned='video'\"></video>",
    "form": f'<form action="{L}/form"><button id=formbutton>go</button></form>',
    "css_background": f'<div style="background:url({L}/css-bg)">bg</div>',
    "srcset": f'<img srcset="{L}/srcset 1x">',
    "latex_text": "$\\text{<img src=x onerror=\"window.__pwned='latex'\">}$",
    "attachment": "![a](attachment:evil.svg)",
}


RUNS = {"script", "iframe", "object", "embed", "base", "meta", "link", "style", "svg", "form"}
RUNS |= {"frame", "frameset", "applet", "template", "noscript", "video", "audio", "source"}


def body(page: str) -> BeautifulSoup:
    return BeautifulSoup(page[page.index("<body") :], "html.parser")


def dangers(page: str) -> list[str]:
    """What in the body of ``page`` could run or fetch, by text."""
    found = []
    for el in body(page).find_all(True):
        if el.name in RUNS:
            found.append(el.name)
        for attr, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attr.startswith("on") or attr in ("srcdoc", "srcset", "formaction", "action"):
                found.append(f"{el.name}[{attr}]")
            if attr in ("href", "src", "data", "poster", "background"):
                if not re.match(r"#|https?:|mailto:|data:image/(png|jpeg|gif|svg\+xml)[;,]", value):
                    found.append(f"{el.name}[{attr}={value[:30]}]")
                if attr == "src" and not value.startswith("data:image/"):
                    found.append(f"{el.name}[{attr}={value[:30]}]")
            if attr == "style" and "url(" in value:
                found.append(f"{el.name}[style]")
    return found


class Listener:
    """An HTTP server on 127.0.0.1 that records every request (what a payload would fetch)."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def visit(context, url: str, listener: Listener) -> dict:
    """Open ``url``, click what a reader could click, wait; what the page's scripts did."""
    page = context.new_page()
    requests, blocked = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: r.failure == "csp" and blocked.append(r.url))
    marks = []

    def look():
        marks.extend([page.evaluate("() => window.__pwned ?? null"), page.title(), page.url])

    try:
        page.goto(url)
        page.wait_for_timeout(1500)  # animations (onbegin), a refresh, lazy loads
        look()
        for selector in ("#jslink", "#datalink", "#formbutton"):
            if page.locator(selector).count():
                page.locator(selector).first.click(timeout=2000, no_wait_after=True)
                page.wait_for_timeout(300)
                look()
        return {
            "pwned": [m for m in marks[0::3] if m is not None],
            "titles": sorted(set(marks[1::3])),
            "urls": sorted(set(marks[2::3])),
            "hits": list(listener.hits),
            # made: not stopped by the page's Content-Security-Policy before it left
            "requests": [
                r for r in requests if r not in blocked + [url] and not r.startswith("data:")
            ],
            # stopped by it: of the student's, none should be left for it to stop
            "blocked": [r for r in blocked if "/fonts/glyphicons-halflings" not in r],
        }
    finally:
        page.close()
