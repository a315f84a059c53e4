"""The live lab holds the Korean student edition (chapters/ko/) in its folder ko/, and every
chapter page of the Korean book opens its Korean notebook there (book/live_lab.py): the link is
resolved from the page's place in the built book, as a browser does, into the built lab."""

import json
import posixpath
from urllib.parse import parse_qs

import pytest
from support.leaks import secret_lines
from support.nbutil import CHAPTERS, chapter_names

from book.editions import EDITIONS
from book.live_lab import LAB_DIR, lab_url

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("chapter", chapter_names())
def test_the_korean_page_opens_the_korean_notebook_in_the_lab(built_book, chapter):
    page = f"{EDITIONS['ko']}chapters/{chapter}.html"
    url = lab_url(f"chapters/{chapter}", f"{chapter}.ipynb", "ko")
    target, query = url.split("?")
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) == (
        f"{LAB_DIR}/lab/index.html"
    )
    assert (built_book / LAB_DIR / "lab" / "index.html").is_file()
    (path,) = parse_qs(query)["path"]
    # the lab's file, and its listing in the contents API that the lab opens it through
    served = built_book / LAB_DIR / "files" / path
    assert served.read_bytes() == (CHAPTERS / "ko" / f"{chapter}.ipynb").read_bytes()
    folder, name = posixpath.split(path)
    contents = built_book / LAB_DIR / "api" / "contents"
    listing = json.loads((contents / folder / "all.json").read_text())
    assert name in [entry["name"] for entry in listing["content"]]
    assert json.loads(served.read_text())["metadata"]["nnlearn"] == {"language": "ko"}


def test_the_english_notebooks_stay_where_the_english_pages_open_them(built_book):
    for chapter in chapter_names():
        url = lab_url(f"chapters/{chapter}", f"{chapter}.ipynb")
        (path,) = parse_qs(url.split("?")[1])["path"]
        served = built_book / LAB_DIR / "files" / path
        assert served.read_bytes() == (CHAPTERS / f"{chapter}.ipynb").read_bytes()


def test_no_korean_file_of_the_lab_holds_a_solution_or_hidden_test(built_book):
    secrets = secret_lines()
    files = sorted((built_book / LAB_DIR / "files" / "ko").glob("*.ipynb"))
    assert len(files) == len(chapter_names())
    for path in files:
        cells = json.loads(path.read_text())["cells"]
        sources = ["".join(c["source"]) for c in cells]
        lines = {" ".join(line.split()) for source in sources for line in source.splitlines()}
        assert sorted(lines & secrets) == [], f"{path.name} leaks instructor code"
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
