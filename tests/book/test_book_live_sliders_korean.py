"""A slider of the Korean book redraws its demo in Korean (book/static/live-demos*.js).

On the built book with its Korean edition (``python -m book.translations html-ko`` into its
``ko/``), served from 127.0.0.1, in headless Chromium: on a Korean chapter page one slider is
moved with the keyboard, and the new picture's alt text is Korean (the worker was told the
page's ``<html lang="ko">`` and ran ``nnlearn.i18n.use("ko")``), and nothing on the console,
the page's or the worker's, says a glyph is missing (matplotlib's warning) or failed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.browser import local_only, static_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
CHAPTER = "chapters/03_gradient_descent.html"  # Descent1D, DescentValley
HANGUL = re.compile("[\uac00-\ud7a3]")
HANDLE = '.noUi-handle[role="slider"]'
LIVE_DEMO = "[data-nnlearn-live]"


@pytest.fixture(scope="module")
def korean_book(built_book, tmp_path_factory) -> Path:
    """A copy of the session's book with its Korean edition in ``ko/`` (the session's own book
    stays as the other tests expect it)."""
    book = tmp_path_factory.mktemp("korean-book") / "html"
    shutil.copytree(built_book, book, symlinks=True)
    code = "import sys; from pathlib import Path; from book.translations import build_korean; "
    code += f"sys.exit(build_korean(Path({str(book / 'ko')!r})))"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=1800
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return book


def test_a_korean_page_slider_redraws_in_korean(korean_book, chromium_context):
    messages = []
    with static_server(korean_book) as base:
        page = chromium_context.new_page()
        blocked = local_only(page, base)
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"uncaught: {e}"))
        try:
            page.goto(f"{base}/ko/{CHAPTER}", wait_until="load")
            assert page.evaluate("() => document.documentElement.lang") == "ko"
            output = page.locator(LIVE_DEMO).first
            output.wait_for(timeout=60_000)
            before = output.locator("img").first.get_attribute("alt")
            assert HANGUL.search(before), "the page's snapshot is drawn in Korean"
            output.locator(HANDLE).first.press("ArrowRight")
            page.wait_for_function(
                """([demo, before]) => {
                    const live = demo.nnlearnDemo;
                    const img = demo.querySelector('img');
                    return live && live.state === 'live' && live.shown === live.wanted
                        && !live.busy && img.alt !== before;
                }""",
                arg=[output.element_handle(), before],
                timeout=180_000,
            )
            after = output.locator("img").first.get_attribute("alt")
        finally:
            page.close()
    assert HANGUL.search(after) and after != before
    assert blocked == []
    problems = [m for m in messages if re.search("glyph|findfont|^error|uncaught", m, re.I)]
    assert problems == [], problems
