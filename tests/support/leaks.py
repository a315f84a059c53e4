"""What must never reach a student: the lines of the instructor's solution and hidden-test blocks
(tests/course/test_no_leaks.py searches the student's side for them; the end-to-end grading test
searches the feedback)."""

import re

from nnlearn.mistakes import CATALOGUE

from .nbutil import HIDDEN_BLOCK, SOLUTION_BLOCK, SOLUTIONS, read

# One-line idioms that any numpy code may contain; matching them reveals nothing. Add a line here
# only when it is a generic idiom, never to silence a real leak.
GENERIC = {
    "rng = np.random.default_rng(seed)",
    "return value",  # a hidden test's helper; nnlearn/demos/live.py's encoder returns one too
    # Is the dtype an integer one: minibatches' hidden test and nnlearn/minibatch_check.py (it was
    # in the visible test cell until that check moved there).
    "np.issubdtype(batch.dtype, np.integer),",
    # Pieces of a check_array call that hidden tests share with nnlearn/train_check.py,
    # init_check.py and train_ce_check.py (public in the visible cells until those checks moved).
    "params[key],",
    "mistakes = {",
    # The same for the missing .T that numpy refuses: linear_backward's hidden test and
    # nnlearn/backprop_check.py (public in its visible cell until that check moved there).
    "refusals = [",
    "f'{name}[0][\"{key}\"]',",
    # The sigmoid as 0.5 (1 + tanh(v / 2)), the helper of hidden tests of chapters 4 to 6 and of
    # nnlearn/backprop_check.py (public in two_layer_forward's visible cell until that check
    # moved there; chapter 4's sigmoid cells show it with a comment).
    "return 0.5 * (1.0 + np.tanh(0.5 * v))",
    # Python, in a hidden test of chapter 6 and in nnlearn/gradient_check.py and
    # optimiser_check.py (public in numerical_gradient's visible cell until that check moved).
    "except ValueError:",
    # The opening of a check_scalar call, in hidden tests of chapters 1, 2 and 4 and in
    # nnlearn/loss_check.py and perceptron_check.py (public in the visible cells of mse_loss,
    # cross_entropy_loss and accuracy until those checks moved there).
    "check_scalar(",
}


def norm(line: str) -> str:
    return " ".join(line.split())


def secret_lines() -> set[str]:
    """Lines that only the instructor's solution and hidden-test blocks contain.

    A line that also appears in the public part of the source (prose, stubs, visible tests,
    such as `check_array(`) is public by definition and not searched for.
    """
    secret, public = set(), set()
    for path in SOLUTIONS.glob("*.ipynb"):
        for cell in read(path).cells:
            blocks = SOLUTION_BLOCK.findall(cell.source) + HIDDEN_BLOCK.findall(cell.source)
            rest = HIDDEN_BLOCK.sub("", SOLUTION_BLOCK.sub("", cell.source))
            public |= {norm(line) for line in rest.splitlines()}
            for block in blocks:
                for line in block.splitlines():
                    line = norm(line)
                    if len(line) >= 12 and not line.startswith("#"):
                        secret.add(line)
    # A line that only names something (a function, a mistake id of nnlearn.mistakes) as a string
    # reveals nothing.
    public |= {f'"{i}"{end}' for i in CATALOGUE for end in ("", ",", ")", "),")}
    secret = {line for line in secret if not re.fullmatch(r'"[A-Za-z0-9_-]+"[,)]*', line)}
    return secret - public - GENERIC
