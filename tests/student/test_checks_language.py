"""The self-checks speak the kernel's language (nnlearn.i18n.use: a Korean notebook's first
cell): their diagnoses, from nnlearn.mistakes, and their own words (shape, dtype, values,
"Diagnosis:", "Hint:", what passed()) come from the Korean catalogue."""

import re

import numpy as np
import pytest
from babel.messages.pofile import read_po

from nnlearn import i18n
from nnlearn.checks import (
    CheckFailure,
    check_array,
    check_keys,
    check_scalar,
    check_tuple,
    check_unchanged,
    passed,
    quietly,
    unchanged,
)
from nnlearn.mistakes import mistake, sentence

PO = i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / "nnlearn.po"
PASSED = "The public checks for {what} passed. More tests run when your notebook is graded."


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


# The checks' own framing, as the English messages word it: none of it may reach a Korean kernel.
ENGLISH_FRAMING = re.compile(
    r"Diagnosis|Hint|expected|has shape|has dtype|got |entries differ|right shape|is None|"
    r"should|one of these|numpy raised|called by|printed a warning|public checks|passed"
)


def framing(check) -> str:
    """The failure's own message (without the trailer of mistake ids, which is for machines)."""
    with pytest.raises(CheckFailure) as info:
        check()
    return info.value.text


def shapes_do_not_fit():
    def forward(X, W):
        return X @ W

    with unchanged():
        forward(np.ones((4, 3)), np.ones((2, 3)))


E = np.array([[1.0, -2.0], [3.0, 5.0]])
FAILING = {
    "shape with a hint": lambda: check_array("dW", E[:, :1].T, E[:, :1]),
    "shape": lambda: check_array("dW", np.ones(5), E),
    "values with a diagnosis": lambda: check_array("dW", -E, E),
    "values, several causes": lambda: check_array(
        "dW", 4 * E, E, batch_size=4, mistakes={"uphill": 4 * E}
    ),
    "dtype": lambda: check_array("dW", E.astype(np.float32), E),
    "None": lambda: check_array("dW", None, E),
    "NaN": lambda: check_array("dW", E * np.nan, E),
    "a number": lambda: check_scalar("loss", 2.5, 1.5),
    "a number of another shape": lambda: check_scalar("loss", np.ones(3), 1.5),
    "a tuple": lambda: check_tuple("f(x)", [1, 2], 2),
    "keys": lambda: check_keys("init(...)", {"W": 1}, ["W", "b"]),
    "a matrix product": shapes_do_not_fit,
    "a warning": lambda: quietly("sigmoid(z)", lambda: np.exp(np.array([1000.0]))),
}


@pytest.mark.parametrize("check", FAILING.values(), ids=FAILING.keys())
def test_a_failing_check_in_a_korean_kernel_has_no_english_framing(check, in_korean):
    message = framing(check)
    assert not ENGLISH_FRAMING.search(message), message
    assert re.search("[가-힣]", message), message


@pytest.mark.parametrize("check", FAILING.values(), ids=FAILING.keys())
def test_the_same_failure_in_an_english_kernel_keeps_its_english_framing(check):
    assert ENGLISH_FRAMING.search(framing(check))


def test_passed_says_it_in_korean(in_korean, capsys):
    passed("mse_loss")
    printed = capsys.readouterr().out
    assert printed == korean(PASSED).format(what="mse_loss") + "\n"
    assert "mse_loss" in printed and not ENGLISH_FRAMING.search(printed)


def test_passed_in_an_english_kernel_is_the_english_sentence(capsys):
    passed("mse_loss")
    assert capsys.readouterr().out == PASSED.format(what="mse_loss") + "\n"


def test_use_after_import_switches_the_checks_language():
    """The language is read when a message is made, not when nnlearn.checks is imported."""
    i18n.use("ko")
    try:
        korean_message = framing(lambda: check_array("dW", -E, E))
    finally:
        i18n.use("en")
    english_message = framing(lambda: check_array("dW", -E, E))
    assert "진단" in korean_message and "Diagnosis: " in english_message
