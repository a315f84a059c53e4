"""The catalogue of mistakes: every id the checks use is in it, every entry is used, and the
book's "Common mistakes" page is rendered from it (so it cannot drift)."""

import ast
import functools
import re

import pytest
from support.nbutil import REPO, SOLUTIONS, grade_cells, read

from nnlearn.mistakes import CATALOGUE, CheckFailure, html_table, ids_in, sentence

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) HIDDEN TESTS[ \t]*\n", re.M)


@functools.cache
def source_of_test_cells() -> tuple[str, ...]:
    return tuple(c.source for p in SOLUTIONS.glob("*.ipynb") for c in grade_cells(read(p)))


@functools.cache
def ids_in_test_cells() -> frozenset[str]:
    """Mistake ids the test cells name: keys of `mistakes=`, ids given to fail and check_that."""
    found = set()
    for source in source_of_test_cells():
        for node in ast.walk(ast.parse(MARKERS.sub("", source))):
            if isinstance(node, ast.keyword) and node.arg == "mistakes":
                value = node.value
                if isinstance(value, ast.IfExp):
                    value = value.body
                if isinstance(value, ast.Dict):
                    found |= {k.value for k in value.keys if isinstance(k, ast.Constant)}
                if isinstance(value, ast.List):
                    found |= {e.elts[0].value for e in value.elts if isinstance(e, ast.Tuple)}
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "fail",
                "check_that",
            ):
                first = 1 if node.func.id == "fail" else 2
                found |= {
                    a.value
                    for a in node.args[first:]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    return frozenset(found)


def test_entries_are_well_formed():
    for id_, entry in CATALOGUE.items():
        assert ID.match(id_), id_
        assert entry.says.endswith(".") and entry.fix.endswith((".", ")", "?")), id_
        assert entry.looks_like and entry.where, id_


def test_every_id_the_test_cells_use_is_in_the_catalogue():
    used = ids_in_test_cells()
    assert len(used) > 40
    assert used <= set(CATALOGUE), sorted(used - set(CATALOGUE))


def test_every_entry_is_used_by_a_check():
    sources = [p.read_text() for p in (REPO / "nnlearn").glob("*.py") if p.name != "mistakes.py"]
    sources += [(REPO / "autograder" / "hidden" / "gradcheck.py").read_text()]
    sources += list(source_of_test_cells())
    text = "\n".join(sources)
    unused = [i for i in CATALOGUE if i not in ids_in_test_cells() and f'"{i}"' not in text]
    assert unused == [], f"catalogue entries no check uses: {unused}"


def test_a_failure_carries_its_ids_through_its_text():
    error = CheckFailure("dW is wrong.", ["values-differ", "wrong-sign"])
    shown = f"{type(error).__name__}: {error}"  # what a notebook's error output holds
    assert ids_in(shown) == ["values-differ", "wrong-sign"]
    assert error.diagnoses == ("wrong-sign",)
    assert ids_in("AssertionError: no trailer here") == []
    assert "N = 4" in sentence("not-divided-by-n", n=4)


def test_the_common_mistakes_page_renders_the_catalogue():
    table = html_table()
    for id_ in CATALOGUE:
        assert f'<tr id="{id_}">' in table
    assert "{" not in re.sub(r"<[^>]+>", "", table), "a field was left unfilled"
    page = (REPO / "mistakes.md").read_text()
    assert "html_table()" in page and "remove-input" in page
    toc = (REPO / "_toc.yml").read_text()
    assert re.search(r"- file: glossary\n\s+- file: mistakes\n", toc)


@pytest.mark.parametrize("id_", ["wrong-sign", "input-modified", "uphill"])
def test_the_message_a_student_reads_names_the_fix(id_):
    text = sentence(id_, input="dout")
    assert CATALOGUE[id_].fix.split(":")[0].rstrip(".") in text
