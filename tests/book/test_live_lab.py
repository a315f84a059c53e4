"""The book's live lab (book/lite/), in Chromium, used as a reader would use it.

For every chapter of _toc.yml: open its page in the built book (the ``built_book`` fixture, the
lab included), follow "Run this chapter live in your browser", and in the lab (JupyterLite, the
Pyodide kernel, no server): Run All Cells; press an arrow key on every slider and see its demo's
picture change; type the instructor's solution of one exercise into its stub and see its visible
check pass; type a wrong one (the right result times a factor, -1 unless WRONG says otherwise)
and see the check say what is wrong.

Every request to a host other than the book's server on 127.0.0.1 is aborted and counted: there
must be none, and no request may fail. The lab runs the chapters as released (stubs
unwritten): Run All goes on past their checks, and the only errors are the stubs'
NotImplementedError, here or in an earlier chapter's notebook that this one uses
(nnlearn.earlier's UnfinishedFunction).

One browser (the session's), a tab per chapter, all open at once (see ``lab``). The time the
lab takes is measured by benchmarks/live_lab.py, never asserted here.
"""

from __future__ import annotations

import json
import re

import pytest
from support.axe import describe, serious, violations
from support.browser import (
    DEMO,
    every_slider_redraws,
    sliders,
    static_server,
    step_key,
    toc_chapters,
    unexpected,
    wait_for_run,
)
from support.lite import (
    RUN_TIMEOUT,
    Network,
    errors,
    follow_live_link,
    menu,
    replace_and_run,
    unexecuted_cells,
    wait_for_kernel,
    wait_for_output,
)
from support.nbutil import CHAPTERS, SOLUTIONS, grade_id, nbgrader, read, solution_source

from nnlearn.earlier import UnfinishedFunction
from nnlearn.mistakes import mistake

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# The exercise whose stub the test fills in (default: the chapter's first), the factor its
# wrong version multiplies the right result by, and what the check must then say. Chapter 5's
# first exercise returns random weights with zero biases: negated they pass every check.
WRONG = {"05_training_an_mlp": ("init_params", 2.0, r"off by the same factor 2 everywhere")}
SIGN = re.escape(f"Diagnosis: {mistake('wrong-sign').says}")
# What the released stubs raise: their own NotImplementedError, or an earlier chapter's (this
# chapter's notebook uses that chapter's functions, still stubs in the lab).
STUB_ERRORS = ("NotImplementedError", UnfinishedFunction.__name__)

PASSED = r"The public checks for .* passed"

WRAPPER = '''

_right_{name} = {name}


def _times(x, factor):
    if isinstance(x, dict):
        return {{key: _times(value, factor) for key, value in x.items()}}
    if isinstance(x, tuple):
        return tuple(_times(value, factor) for value in x)
    return x * factor


def {name}(*args, **kwargs):
    """A wrong {name}: the right result times {factor}."""
    return _times(_right_{name}(*args, **kwargs), {factor})
'''


def exercise(chapter: str) -> tuple[int, int, str, str, str]:
    """(answer cell, its check cell, the right source, a wrong source, what the check says
    about the wrong one): cell indices in the released notebook, which the lab shows."""
    cells = read(CHAPTERS / f"{chapter}.ipynb").cells
    source = {grade_id(c): c for c in read(SOLUTIONS / f"{chapter}.ipynb").cells if grade_id(c)}
    answers = [i for i, c in enumerate(cells) if nbgrader(c).get("solution")]
    wanted, factor, says = WRONG.get(chapter, (grade_id(cells[answers[0]]), -1.0, SIGN))
    index = next(i for i in answers if grade_id(cells[i]) == wanted)
    check = next(j for j in range(index + 1, len(cells)) if nbgrader(cells[j]).get("grade"))
    right = solution_source(source[wanted])
    name = re.search(r"^def (\w+)\(", right, re.M).group(1)
    return index, check, right, right + WRAPPER.format(name=name, factor=factor), says


@pytest.fixture(scope="module")
def lab(built_book, chromium_context):
    """(network, {chapter: (page, link)}): every chapter opened in the lab from the live link of
    its book page, and run (Run All Cells). The chapters run side by side, a tab each (one
    kernel per tab, as each reader's click starts one): the kernels start together, as fast as
    the machine's cores allow, instead of one after the other. Every other host is cut off for
    every page of the session's browser while this module runs."""
    with static_server(built_book) as base:
        network = Network(base).watch(chromium_context)
        pages = {}
        try:
            for chapter in toc_chapters():
                page = chromium_context.new_page()
                network.watch_page(page)
                pages[chapter] = (page, follow_live_link(page, base, chapter))
            for page, _ in pages.values():
                wait_for_kernel(page)
                menu(page, "Run", "Run All Cells")
            for page, _ in pages.values():
                wait_for_run(page, RUN_TIMEOUT)
            yield network, pages
        finally:
            for page, _ in pages.values():
                page.close()
            network.unwatch(chromium_context)


@pytest.fixture(params=toc_chapters())
def live(request, lab):
    """(chapter, page, link) of one chapter in the lab, all run."""
    network, pages = lab
    page, link = pages[request.param]
    page.bring_to_front()  # the reader's tab: a tab in the background may be throttled
    return request.param, page, link


def test_the_link_opens_the_chapter(live):
    chapter, page, link = live
    assert link == f"../lab/lab/index.html?path={chapter}.ipynb"
    tab = page.locator(".lm-TabBar-tab.jp-mod-current")
    assert f"{chapter}.ipynb" in tab.first.inner_text()


def test_run_all_runs_every_cell(live, screenshots):
    chapter, page, link = live
    page.screenshot(path=str(screenshots / "live" / f"{chapter}.png"))
    assert unexecuted_cells(page) == [], f"{chapter}: cells that did not run in the lab"
    unexpected = [e for e in errors(page) if not any(name in e for name in STUB_ERRORS)]
    assert unexpected == [], f"{chapter}: errors besides the stubs' {STUB_ERRORS}"


def test_every_slider_redraws_its_picture(live, screenshots):
    chapter, page, link = live
    every_slider_redraws(page, chapter, screenshots / "live" / chapter, timeout=30_000)


def test_a_self_check_passes_then_diagnoses(live):
    chapter, page, link = live
    index, check, right, wrong, says = exercise(chapter)
    replace_and_run(page, index, right, then=check)
    wait_for_output(page, check, PASSED)
    replace_and_run(page, index, wrong, then=check)
    text = wait_for_output(page, check, says)
    assert not re.search(PASSED, text), f"{chapter}: the check passed a wrong function"


# Page side: every demo output, and whether it says the notebook is running and its sliders are
# disabled (book/static/accessibility.js).
_HELD = """(demo) => [...document.querySelectorAll(demo)].map(o => ({
    says: o.getAttribute('data-nnlearn-waiting') || '',
    disabled: [...o.querySelectorAll('.noUi-target')].every(t => t.hasAttribute('disabled')),
}))"""
# Page side: note, in the order they happen, the first new picture of the demo of a slider
# (``handle``) and the end of the run of the cell ``check`` (its prompt numbered after "[*]").
_ORDER = """([handle, demo, check]) => {
    const order = window.__nnlearnOrder = [];
    const pictures = handle.closest(demo);
    const sources = () => [...pictures.querySelectorAll('img')].map(i => i.src).join('\\n');
    const before = sources();
    new MutationObserver((records, observer) => {
        if (sources() !== before) { order.push('picture'); observer.disconnect(); }
    }).observe(pictures, {subtree: true, childList: true, attributes: true});
    const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[check];
    const prompt = cell.querySelector('.jp-InputPrompt');
    let queued = false;
    new MutationObserver((records, observer) => {
        if (prompt.textContent.includes('*')) { queued = true; }
        else if (queued) { order.push('check'); observer.disconnect(); }
    }).observe(prompt, {subtree: true, childList: true, characterData: true});
}"""
# An exercise's cell that shows a slider, then runs for a while (its check is queued behind it).
_SLOW = """

import time

import ipywidgets
from IPython.display import display

display(ipywidgets.FloatSlider(description="t"))
time.sleep(8)
"""


def test_a_demo_answers_while_later_cells_wait(live):
    """A slider is held (disabled, its demo saying the notebook is running) while its own cell
    runs, and only then: while an exercise's cell runs and its check waits behind it, the demos
    whose cells have run answer, and a move's new picture comes before the check has run (the
    lab's kernel client hands a widget's message to the kernel before the cells still queued:
    book/lite/build.py, comm_messages_first). Once the cells are done, nothing is held."""
    chapter, page, link = live
    index, check, right, wrong, says = exercise(chapter)
    first = sliders(page)[0]
    page.evaluate(_ORDER, [first.locator.element_handle(), DEMO, check])
    replace_and_run(page, index, right + _SLOW, then=check)
    waiting = "(d) => [...document.querySelectorAll(d)].some(o => o.hasAttribute('{}'))"
    page.wait_for_function(waiting.format("data-nnlearn-waiting"), arg=DEMO, timeout=10_000)
    held = page.evaluate(_HELD, DEMO)
    running = [h for h in held if h["says"]]
    assert len(running) == 1 and running[0]["disabled"], held  # the exercise cell's slider
    assert "Running the notebook" in running[0]["says"]
    assert all(not h["disabled"] for h in held if not h["says"]), held  # the demos above
    first.locator.press(step_key(first))
    wait_for_output(page, check, PASSED)
    page.wait_for_function("() => window.__nnlearnOrder.length === 2", timeout=30_000)
    order = page.evaluate("() => window.__nnlearnOrder")
    assert order == ["picture", "check"], f"{chapter}: the move was answered after the check"
    page.wait_for_timeout(500)
    held = page.evaluate(_HELD, DEMO)
    assert all(not h["disabled"] and not h["says"] for h in held), held


def test_demos_pass_axe(live):
    """axe-core on every demo output of the chapter (sliders, picture, live region): no
    violation of serious or critical impact; every slider named by its label."""
    chapter, page, link = live
    bad = serious(violations(page, DEMO))
    assert bad == [], f"{chapter}:\n{describe(bad)}"
    for label in page.locator(f"{DEMO} .widget-slider > .widget-label").all_inner_texts():
        assert page.get_by_role("slider", name=label.strip(), exact=True).count() >= 1, label


@pytest.mark.parametrize("how", ["File > Download", "the toolbar's Download"])
def test_the_notebook_downloads_under_its_name(live, how, tmp_path):
    """What the README tells a student to click saves the notebook, then downloads it under
    the name the grader expects (``<chapter>.ipynb``), as a notebook."""
    chapter, page, link = live
    with page.expect_download() as download:
        if how == "File > Download":
            menu(page, "File", "Download")
        else:
            page.locator('.jp-NotebookPanel-toolbar [data-command="docmanager:download"]').click()
    assert download.value.suggested_filename == f"{chapter}.ipynb"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    released = read(CHAPTERS / f"{chapter}.ipynb")
    assert notebook["nbformat"] == 4 and len(notebook["cells"]) == len(released.cells)


def test_the_notebook_runs_on_the_kernel_its_page_started(live):
    """The lab's page starts the notebook's kernel while JupyterLab still opens the notebook
    (book/lite/start-kernel.js), and the notebook runs on that kernel: one session, the
    notebook's, and one kernel in the page."""
    chapter, page, _ = live
    early, sessions, kernels = page.evaluate(
        """async () => {
            const manager = window.jupyterapp.serviceManager;
            return [
                await window.nnlearnEarlyKernel,
                [...manager.sessions.running()].map((s) => [s.path, s.kernel.id]),
                [...manager.kernels.running()].length,
            ];
        }"""
    )
    assert early is not None
    assert sessions == [[f"{chapter}.ipynb", early]]
    assert kernels == 1


def test_every_kernel_started_from_the_snapshot(lab):
    """Each chapter's kernel restored Pyodide from the booted interpreter's memory snapshot
    (book/lite/kernel-pyodide.js says so once it has), not booted it; that its start-up file
    still ran is what test_run_all_runs_every_cell sees (Run All goes on past the checks)."""
    network, pages = lab
    restored = [m for m in network.worker_log if "Pyodide restored from its snapshot" in m]
    assert len(restored) == len(pages), network.worker_log[-20:]


def test_every_kernel_has_the_lab_files(lab):
    """Each chapter's kernel mounted the lab's files (its /drive, where it starts in the
    notebook's folder, and chapters 4-6 read the earlier chapter's notebook): its page's service
    worker manager had its registration when the kernel was created, in every tab, not only the
    first (book/lite/build.py: wait_for_service_worker)."""
    network, pages = lab
    said = [m for m in network.page_log if "Pyodide contents will" in m]
    synced = [m for m in said if "will be synced with Jupyter Contents" in m]
    assert len(synced) == len(said) == len(pages), said


def test_nothing_left_the_machine_and_nothing_failed(lab):
    """After every test above (pytest runs this module's tests in file order, chapter by
    chapter: this one last)."""
    network, pages = lab
    assert set(pages) == set(toc_chapters())
    assert network.off_machine == [], "requests to other hosts"
    assert unexpected(network.failed) == [], "failed requests"
