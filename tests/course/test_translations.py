"""The Korean edition cannot drift from the English (docs/ko-style.md, book/translation_checks.py).

The catalogues declared complete (locale/ko/complete.txt) have a current Korean translation of
every message of today's English, and each translation keeps the formulas, code names,
placeholders, link targets and numbers of its English and the glossary's Korean terms. Each
check is also shown to fail on a plausible bad translation. No book is built: the English of the
complete pages is extracted by Sphinx's gettext builder (a few seconds, no notebook executed).
"""

from __future__ import annotations

import io
import json
import textwrap

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from book import translation_checks as checks
from book import translations
from nnlearn import i18n, mistakes

COMPLETE = translations.complete_catalogues()
BASE = checks.termbase()


def po(text: str) -> Catalog:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return read_po(io.BytesIO((header + textwrap.dedent(text)).encode()))


# -- the real catalogues ------------------------------------------------------------------------


def test_the_pages_declared_complete_are_the_ones_of_this_round():
    assert COMPLETE == [
        "intro",
        "glossary",
        "notation",
        "summary",
        "mistakes",
        "bibliography",
        "chapters/01_decision_boundaries",
        "chapters/02_objective_functions",
        "chapters/03_gradient_descent",
        "chapters/04_backpropagation",
        "chapters/05_training_an_mlp",
        "chapters/06_making_it_work",
    ]


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """Today's English messages of the complete pages, as Sphinx extracts them."""
    return translations.extract_pages(tmp_path_factory.mktemp("pot"), COMPLETE)


@pytest.mark.parametrize("name", COMPLETE)
def test_a_complete_catalogue_translates_todays_english(name, english):
    catalog = checks.read(translations.PAGES / f"{name}.po")
    template = checks.read(english / f"{name}.pot")
    assert len(template) > 0
    assert checks.missing(catalog, template) == []


@pytest.mark.parametrize("name", COMPLETE)
def test_a_complete_catalogue_has_no_untranslated_fuzzy_or_unfaithful_message(name):
    assert checks.problems(checks.read(translations.PAGES / f"{name}.po"), BASE) == []


def test_nnlearns_catalogue_lists_every_string_nnlearn_shows():
    catalog = checks.read(translations.NNLEARN_PO)
    template = translations.nnlearn_template()
    assert checks.missing(catalog, template) == []
    # and what it translates keeps its placeholders, formulas, code names and numbers
    assert [p for p in checks.problems(catalog) if not p.startswith("untranslated")] == []


def test_the_shipped_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, checks.read(translations.NNLEARN_PO), use_fuzzy=False)
    assert translations.NNLEARN_PO.with_suffix(".mo").read_bytes() == compiled.getvalue()


# -- nnlearn in Korean: the converted module ----------------------------------------------------


def test_nnlearn_speaks_the_language_it_is_asked_for():
    catalog = checks.read(translations.NNLEARN_PO)
    korean = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    entry = mistakes.mistake("wrong-sign")
    assert entry.says in korean and entry.fix in korean
    assert mistakes.sentence("wrong-sign", language="ko") == (
        f"{korean[entry.says]} {korean[entry.fix]}"
    )
    assert mistakes.sentence("wrong-sign") == f"{entry.says} {entry.fix}"  # English by default
    table = mistakes.html_table(language="ko")
    assert f"<th>{korean['the fix']}</th>" in table and "<th>the fix</th>" not in table
    assert 'id="wrong-sign"' in table  # ids and anchors do not change


def test_an_unknown_language_is_an_error_not_english():
    with pytest.raises(ValueError, match="fr"):
        i18n.translator("fr")
    with pytest.raises(ValueError, match="fr"):
        i18n.use("fr")
    assert i18n.current() == "en"  # and the process's language did not change


def test_a_kernel_uses_the_language_its_notebook_chose():
    assert i18n.current() == "en"
    try:
        i18n.use("ko")
        assert i18n.current() == "ko"
    finally:
        i18n.use("en")
    assert i18n.current() == "en"


# -- each check fails on a plausible bad translation --------------------------------------------


def test_untranslated_and_fuzzy_messages_are_counted():
    catalog = po(
        """
        msgid "Chapters"
        msgstr ""

        #, fuzzy
        msgid "The learning rate"
        msgstr "학습률"

        msgid "Summary"
        msgstr "요약"
        """
    )
    found = checks.incomplete(catalog)
    assert len(found) == 2
    assert found[0].startswith("untranslated") and found[1].startswith("fuzzy")


def test_a_changed_english_message_is_missing_from_the_catalogue():
    catalog = po('msgid "Read the pages in order."\nmsgstr "페이지를 순서대로 읽으세요."\n')
    template = po('msgid "Read the chapters in order."\nmsgstr ""\n')
    found = checks.missing(catalog, template)
    assert found == ["not in the catalogue: 'Read the chapters in order.'"]


@pytest.mark.parametrize(
    "english, bad, what",
    [
        # a formula dropped, or changed (a sign lost)
        ("The rate $\\eta$ sets the stride.", "학습률이 보폭을 정합니다.", "drops the formula"),
        ("It steps by $-\\eta g$.", "$\\eta g$만큼 움직입니다.", "formula"),
        # a code name translated
        ("Fill in `mse_loss`.", "평균 제곱 오차 함수를 채우세요.", "drops the code name"),
        # a placeholder of nnlearn's messages dropped or renamed
        ("Divide by {n}.", "N으로 나누세요.", "drops the placeholder"),
        ("Divide by {n}.", "{N}으로 나누세요.", "placeholder"),
        # a number changed
        ("Training stops below 0.01.", "손실이 0.1보다 작으면 멈춥니다.", "the number '0.01'"),
        # a link target translated with its text
        ("See [notation](notation.md).", "[표기법](표기법.md)을 보세요.", "link target"),
    ],
)
def test_a_translation_that_loses_what_it_must_keep_is_caught(english, bad, what):
    assert any(what in p for p in checks.kept(english, bad))


@pytest.mark.parametrize(
    "bad",
    [
        "1. 기울기 소실",  # a numbered heading's translation, read as a numbered list
        "모멘텀은 두 가지를 합니다.\n- 속도를 기억합니다.",  # a line read as a bullet
        "# 요약",  # a heading inside a paragraph's message
    ],
)
def test_a_translation_that_starts_a_markdown_block_is_caught(bad):
    assert checks.blocks(bad)
    english = json.dumps(bad.replace("기울기 소실", "Vanishing"), ensure_ascii=False)
    catalog = po(f"msgid {english}\nmsgstr {json.dumps(bad, ensure_ascii=False)}\n")
    assert any("Markdown block" in p for p in checks.problems(catalog))


def test_an_escaped_number_and_a_section_number_start_no_block():
    assert checks.blocks("1\\. 기울기 소실") == []
    assert checks.blocks("5.1 모멘텀") == []
    assert checks.blocks("기울기는 $-1$배가 됩니다.\n$-\\eta g$만큼 움직입니다.") == []


def test_a_faithful_translation_keeps_everything():
    english = "In [chapter 3](c.md), $w' = w - \\eta g$ with `lr` = 0.5 and {n} examples."
    korean = "[3장](c.md)에서는 `lr` = 0.5, 예제 {n}개로 $w' = w - \\eta g$입니다."
    assert checks.kept(english, korean) == []


@pytest.mark.parametrize(
    "english, bad, term",
    [
        # gradient is 기울기 (glossary.md), not the 경사 of 경사하강법
        ("The gradient points uphill.", "경사는 오르막을 가리킵니다.", "gradient"),
        # a term in the plural
        ("Update the weights.", "웨이트를 갱신하세요.", "weight"),
        # loss function is 손실 함수, not the 비용 함수 of another entry
        ("A loss function is a number.", "비용 함수는 수 하나입니다.", "loss function"),
        ("Stop at the threshold.", "문턱에서 멈추세요.", "threshold"),
    ],
)
def test_a_glossary_term_translated_otherwise_is_caught(english, bad, term):
    assert any(p.startswith(repr(term)) for p in checks.terms(english, bad, BASE))


def test_the_longest_term_wins_and_latin_names_may_stay():
    # gradient descent is 경사하강법: it does not also ask for 기울기
    assert checks.terms("Gradient descent converges.", "경사하강법은 수렴합니다.", BASE) == []
    assert checks.terms("Adam and SGD", "Adam과 SGD", BASE) == []
    # a term inside a formula or a code name is no term
    assert checks.terms("Call `gradient_descent`.", "`gradient_descent`를 호출하세요.", BASE) == []


def test_a_translator_comment_exempts_a_term_and_only_that_term():
    catalog = po(
        """
        # term-exempt: learning
        msgid "Deep learning changes the layers, not the learning rate."
        msgstr "딥러닝은 층을 바꿀 뿐 학습률은 바꾸지 않습니다."

        msgid "Deep learning"
        msgstr "딥러닝"
        """
    )
    found = checks.problems(catalog, BASE)
    assert len(found) == 1 and found[0].startswith("'Deep learning'")


def test_the_term_base_is_glossary_md():
    # independent of the parser: the definitions in glossary.md as written
    assert BASE["decision boundary"] == "결정 경계"
    assert BASE["gradient"] == "기울기"
    assert BASE["gradient descent"] == "경사하강법"
    assert BASE["derivative"] == "미분"  # "(미분; its value at one point is ...)"
    assert BASE["Adam"] == "Adam"  # no Korean in its entry
    assert len(BASE) == (translations.ROOT / "glossary.md").read_text().count("\n  (") + sum(
        1 for term in ("Adagrad", "Adam", "AdamW", "ReLU", "RMSprop")
    )


def test_the_package_ships_its_compiled_catalogues():
    """The .mo travels with nnlearn (pip, and the live lab's wheel): pyproject's package data
    takes every compiled catalogue under nnlearn/locale/."""
    import fnmatch
    import tomllib

    pyproject = tomllib.loads((translations.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["nnlearn"]
    package = translations.ROOT / "nnlearn"
    compiled = [p.relative_to(package).as_posix() for p in package.glob("locale/*/*/*.mo")]
    assert compiled
    for path in compiled:
        assert any(fnmatch.fnmatch(path, pattern) for pattern in patterns), path
