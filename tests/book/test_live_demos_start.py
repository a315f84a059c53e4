"""When the book page's live demos start Python (book/static/live-demos.js, book/live/README.md):
only when a reader comes within a screen of a demo or touches one, never because the page was
opened. Chapter 1's first demo is five screens below the top; its float sliders' views put their
values on their grid when rendered (-0.5 becomes -0.49999999999999956), which is not a move.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.browser import local_only, static_server, toc_chapters

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LIVE_DEMO = "[data-nnlearn-live]"


def check_start(context, html: Path) -> None:
    chapter = toc_chapters()[0]
    with static_server(html) as base:
        page = context.new_page()
        local_only(page, base)
        try:
            page.goto(f"{base}/chapters/{chapter}.html", wait_until="load")
            page.wait_for_function(
                f"() => document.querySelectorAll('{LIVE_DEMO}').length > 0", timeout=60_000
            )
            first = page.locator(LIVE_DEMO).first
            assert first.evaluate("d => d.getBoundingClientRect().top") > 2 * 900, (
                f"{chapter}'s first demo is within a screen of the top: this test needs one below"
            )
            page.wait_for_timeout(2000)  # time for a wrong start to show
            assert page.evaluate("() => window.nnlearnLiveTimings.start") is None, (
                "Python started with no demo near the reader"
            )
            assert page.locator(".nnlearn-drawing").count() == 0, "a figure marked, untouched"

            first.scroll_into_view_if_needed()  # the reader reaches it: Python starts, untouched
            page.wait_for_function("() => window.nnlearnLiveTimings.start !== null", timeout=10_000)
            page.wait_for_function(
                "d => d.getAttribute('data-nnlearn-live') === 'live'",
                arg=first.element_handle(),
                timeout=300_000,
            )
            assert page.locator(".nnlearn-drawing").count() == 0, "a figure marked, untouched"
        finally:
            page.close()


def test_python_starts_when_a_demo_is_near_not_when_the_page_opens(built_book, chromium_context):
    check_start(chromium_context, built_book)
