"""The glossary: every key term of the sources, with its Korean name, linked to the chapter
that introduces it, and that chapter really uses the name. (That each link's section exists is
checked by the book build: a heading anchor that is not found is a warning, and warnings fail.)
"""

import re

import pytest
from nbutil import REPO, SOLUTIONS, read

# The Korean terms the course must define (the chapter plan's list for the glossary).
REQUIRED = [
    "결정 경계",
    "목적 함수",
    "손실 함수",
    "경사하강법",
    "학습률",
    "역전파",
    "순전파",
    "연쇄 법칙",
    "기울기 소실",
]
HANGUL = re.compile(r"\(([^)]*[\uac00-\ud7a3][^)]*)\)")
LINK = re.compile(r"\]\(chapters/(\d\d_\w+)\.ipynb(?:#[^)]*)?\)")


def entries() -> dict[str, str]:
    """Term -> its definition, from the glossary directive of glossary.md."""
    block = re.search(r"```\{glossary\}\n(.*?)```", (REPO / "glossary.md").read_text(), re.S)
    assert block, "glossary.md has no glossary directive"
    found, term = {}, None
    for line in block.group(1).splitlines():
        if line.startswith(":") or not line.strip():
            continue
        if not line.startswith(" "):
            term = line.strip()
            found[term] = ""
        else:
            found[term] += " " + line.strip()
    return found


def chapter_text(chapter: str) -> str:
    cells = read(SOLUTIONS / f"{chapter}.ipynb").cells
    return " ".join(" ".join(c.source.split()) for c in cells if c.cell_type == "markdown")


def test_the_glossary_names_every_required_term():
    korean = {k.split(",")[0].strip() for d in entries().values() for k in HANGUL.findall(d)}
    assert [t for t in REQUIRED if t not in korean] == []
    assert len(entries()) >= 30


@pytest.mark.parametrize("term", sorted(entries()))
def test_each_entry_links_to_a_chapter_that_uses_its_names(term):
    definition = entries()[term]
    links = LINK.findall(definition)
    assert len(links) == 1, f"{term}: one link to the chapter that introduces it"
    text = chapter_text(links[0])
    for korean in HANGUL.findall(definition):
        name = korean.split(",")[0].strip()
        assert name in text, f"{term}: {links[0]} never writes {name}"
    first_word = term.split()[0].rstrip("s").lower()
    assert first_word in text.lower(), f"{term}: {links[0]} never mentions it"
