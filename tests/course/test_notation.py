"""One notation for the whole book: the formulas of the chapters (and of the glossary, summary
and introduction) against the notation page.

* every symbol a formula uses is on the page (a new symbol is written down before it is used);
* the retired symbols (the learning rate as alpha, the loss as E) appear in no formula;
* the page gives each symbol one row, and every row's symbol is used somewhere.
"""

import re

import pytest
from support.nbutil import REPO, SOLUTIONS, chapter_names, read

MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
WORDS_IN_MATH = re.compile(
    r"\\(?:text|texttt|operatorname|mathrm|mathbf|textbf|mathit|textrm|begin|end)\s*\{[^{}]*\}"
)
COMMAND = re.compile(r"\\([A-Za-z]+)")
LETTERS = re.compile(r"[A-Za-z]+")
GREEK = set(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
    "Upsilon Phi Psi Omega".split()
)
PAGES = ["glossary.md", "summary.md", "intro.md"]


def formulas(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in MATH.finditer(text)]


def tokens(formula: str, names: set[str]) -> set[str]:
    """Greek letters, single Latin letters and declared names (``dW``) of a formula. Words in
    ``\\text{...}`` or ``\\operatorname{...}`` are words, not symbols; a run of letters that is
    not a declared name is a product of symbols (``x_{nk}``: x, n and k)."""
    formula = WORDS_IN_MATH.sub(" ", formula)
    found = {f"\\{c}" for c in COMMAND.findall(formula) if c in GREEK}
    for run in LETTERS.findall(COMMAND.sub(" ", formula)):
        found |= {run} if run in names else set(run)
    return found


def page_sections() -> dict[str, str]:
    text = (REPO / "notation.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


MAIN_TABLES = ["Data and network", "Loss and gradients", "Training"]


def rows(section: str) -> list[list[str]]:
    """The cells of each row of a section's table (header and rule left out)."""
    lines = [line for line in page_sections()[section].splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    return [row for row in cells[2:]]


def symbol_column() -> list[tuple[str, str]]:
    """(symbol as written, section) for every symbol in the first column of the main tables."""
    return [
        (" ".join(formula.split()), section)
        for section in MAIN_TABLES
        for row in rows(section)
        for formula in formulas(row[0])
    ]


def declared_names() -> set[str]:
    runs = {run for formula, _ in symbol_column() for run in LETTERS.findall(formula)}
    return {run for run in runs if len(run) > 1}


def listed() -> set[str]:
    """Every token the page explains: its main tables and the worked examples' names."""
    names = declared_names()
    found = set()
    for section in [*MAIN_TABLES, "Names in the worked examples"]:
        for row in rows(section):
            cells = row[:1] if section in MAIN_TABLES else row[1:2]
            for formula in formulas(" ".join(cells)):
                found |= tokens(formula, names)
    return found


def retired() -> set[str]:
    found = set()
    for line in page_sections()["Retired symbols"].splitlines():
        if line.startswith("- "):
            found |= tokens(formulas(line)[0], set())
    return found


def book_formulas() -> dict[str, list[str]]:
    """Where -> formulas, for every chapter's markdown and the pages around the chapters."""
    where = {}
    for chapter in chapter_names():
        for i, cell in enumerate(read(SOLUTIONS / f"{chapter}.ipynb").cells):
            if cell.cell_type == "markdown":
                where[f"{chapter} cell {i}"] = formulas(cell.source)
    for page in PAGES:
        where[page] = formulas((REPO / page).read_text(encoding="utf-8"))
    return where


def test_the_page_has_its_sections_and_retires_alpha_and_e():
    assert set(MAIN_TABLES) < set(page_sections())
    assert retired() == {"\\alpha", "E"}
    assert len(symbol_column()) > 40


def test_each_symbol_has_one_row():
    written = [symbol for symbol, _ in symbol_column()]
    twice = sorted({s for s in written if written.count(s) > 1})
    assert twice == [], f"listed twice on the notation page: {twice}"
    assert not (retired() & listed()), "a retired symbol is still listed with a meaning"


@pytest.mark.parametrize("where", sorted(book_formulas()))
def test_formulas_use_only_listed_symbols(where):
    names, known, gone = declared_names(), listed(), retired()
    for formula in book_formulas()[where]:
        used = tokens(formula, names)
        assert not (used & gone), (
            f"{where}: ${formula}$ uses {sorted(used & gone)}, retired on the notation page "
            "(the learning rate is eta, the loss L)"
        )
        assert used <= known, (
            f"{where}: ${formula}$ uses {sorted(used - known)}, which notation.md does not "
            "list: add a row there, or use the book's symbol"
        )


def test_every_listed_symbol_is_used():
    names = declared_names()
    everything = [" ".join(f.split()) for fs in book_formulas().values() for f in fs]
    used = set().union(*(tokens(f, names) for f in everything))

    def is_used(symbol):  # a symbol with no letter of its own (an operator) by its spelling
        own = tokens(symbol, names)
        return bool(own & used) if own else any(symbol in f for f in everything)

    unused = [s for s, _ in symbol_column() if not is_used(s)]
    assert unused == [], f"notation.md lists symbols no formula uses: {unused}"


def test_a_formula_with_a_retired_or_unlisted_symbol_is_caught():
    names, known, gone = declared_names(), listed(), retired()
    assert tokens(r"w' = w - \alpha \nabla L", names) & gone == {"\\alpha"}
    assert tokens(r"\frac{\partial E}{\partial w}", names) & gone == {"E"}
    assert tokens(r"\xi_{t+1} = \xi_t", names) - known == {"\\xi"}
    assert tokens(r"dW = X^{\top} dZ", names) == {"dW", "X", "dZ"}
    assert tokens(r"\text{out}_{o_1} - y_{nk}", names) == {"o", "y", "n", "k"}
