"""The self-checks speak the kernel's language (nnlearn.i18n.use: a Korean notebook's first
cell): their diagnoses, from nnlearn.mistakes, come from the Korean catalogue."""

import numpy as np
import pytest
from babel.messages.pofile import read_po

from nnlearn import i18n
from nnlearn.checks import CheckFailure, check_array, check_unchanged
from nnlearn.mistakes import mistake, sentence

PO = i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / "nnlearn.po"


def korean(english: str) -> str:
    """The catalogue's Korean for ``english`` (read from the .po, not through gettext)."""
    with PO.open("rb") as f:
        entry = read_po(f).get(english)
    assert entry is not None and entry.string and not entry.fuzzy, f"untranslated: {english}"
    return entry.string


@pytest.fixture
def in_korean():
    i18n.use("ko")
    try:
        yield
    finally:
        i18n.use("en")


def failure(check) -> str:
    with pytest.raises(CheckFailure) as info:
        check()
    return str(info.value)


def bool_result():
    check_array("step(z)", np.array([True, False]), np.array([1.0, 0.0]))


def test_a_failing_check_in_a_korean_kernel_gives_the_catalogue_s_korean(in_korean):
    entry = mistake("bool-dtype")
    message = failure(bool_result)
    assert f"{korean(entry.says)} {korean(entry.fix)}" in message
    assert entry.says not in message and entry.fix not in message


def test_a_diagnosis_with_fields_is_filled_in_in_korean(in_korean):
    entry = mistake("input-modified")
    message = failure(lambda: check_unchanged("x", np.zeros(3), np.ones(3)))
    assert korean(entry.says).replace("{input}", "x") in message


def test_the_same_check_in_an_english_kernel_is_english():
    entry = mistake("bool-dtype")
    assert i18n.current() == "en"
    assert f"{entry.says} {entry.fix}" in failure(bool_result)


def test_a_language_given_explicitly_wins_over_the_kernel_s(in_korean):
    entry = mistake("bool-dtype")
    assert sentence("bool-dtype", "en") == f"{entry.says} {entry.fix}"
    assert sentence("bool-dtype") == f"{korean(entry.says)} {korean(entry.fix)}"
