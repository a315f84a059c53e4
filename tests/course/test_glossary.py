"""The glossary: every key term of the sources, with its Korean name, linked to the chapter
that introduces it, and that chapter really uses the name. (That each link's section exists is
checked by the book build: a heading anchor that is not found is a warning, and warnings fail.)
"""

import re

import pytest
from support.nbutil import REPO, SOLUTIONS, read

# The Korean terms the course must define: the chapter plan's list, then the terms and aliases the
# sources use (issue 13): the glossary gives each, and its chapter writes it.
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
    "비용 함수",
    "편미분",
    "미분계수",
    "도함수",
    "그래디언트",
    "오차 신호",
    "국소적 미분",
    "자동 미분",
    "오차 역전파",
    "크로스 엔트로피",
    "에폭",
    "정규화",
    "규제",
    "추론",
    "검증 데이터",
    "테스트 데이터",
    "조기 종료",
    "드롭아웃",
    "오차산",
]
HANGUL = re.compile(r"\(([^)]*[\uac00-\ud7a3][^)]*)\)")
KOREAN_NAME = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
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


def korean_names(definition: str) -> list[str]:
    """Every Korean name in the parentheses of a definition: ``(역전파, 오차 역전파)`` gives two."""
    return [name for group in HANGUL.findall(definition) for name in KOREAN_NAME.findall(group)]


def chapter_text(chapter: str) -> str:
    cells = read(SOLUTIONS / f"{chapter}.ipynb").cells
    return " ".join(" ".join(c.source.split()) for c in cells if c.cell_type == "markdown")


def test_the_glossary_names_every_required_term():
    korean = {name for d in entries().values() for name in korean_names(d)}
    assert [t for t in REQUIRED if t not in korean] == []
    assert len(entries()) >= 60
    assert "coinage" in entries()["error mountain"], "오차산 is the source's own word: say so"


@pytest.mark.parametrize("term", sorted(entries()))
def test_each_entry_links_to_a_chapter_that_uses_its_names(term):
    definition = entries()[term]
    links = LINK.findall(definition)
    assert len(links) == 1, f"{term}: one link to the chapter that introduces it"
    text = chapter_text(links[0])
    for name in korean_names(definition):
        assert name in text, f"{term}: {links[0]} never writes {name}"
    first_word = term.split()[0].rstrip("s").lower()
    assert first_word in text.lower(), f"{term}: {links[0]} never mentions it"
