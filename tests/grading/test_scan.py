"""The static scan for suspicious submissions (autograder/scan.py).

Every attack is planted in a realistic notebook and must be flagged at its cell and line. The
tests of honest code also plant one cheat, so that a scan which flags nothing fails them too.
"""

import ast
import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from support.nbutil import (
    SOLUTIONS,
    chapter_names,
    grade_id,
    nbgrader,
    read,
    solution_source,
    submission,
)

from autograder.review.scan import Finding, Flag, scan_notebook, scan_source

# The instructor's cells of a small notebook: never scanned, they say which names are helpers.
SETUP = """\
import numpy as np

from nnlearn.checks import check_array, check_scalar, passed
from nnlearn.earlier import your_functions
"""
EARLIER = """\
two_layer_forward, mse_loss = your_functions("two_layer_forward", "mse_loss")
"""
TEST = """\
check_array("step(z)", step(np.array([-1.0, 2.0])), [0.0, 1.0])
passed("step")
"""
INSTRUCTOR = {SETUP, EARLIER, TEST}
HONEST = """\
def step(z):
    return np.where(z >= 0, 1.0, 0.0)
"""
CHEAT = "np.allclose = lambda *args, **kwargs: True\n"
CHEAT_REASON = "changes numpy.allclose"


def notebook(*student_sources: str) -> nbformat.NotebookNode:
    """Cells: 0 markdown, 1-2 the instructor's setup, 3... the student's, then a test cell."""
    cells = [new_markdown_cell("# Chapter 1"), new_code_cell(SETUP), new_code_cell(EARLIER)]
    cells += [new_code_cell(source) for source in student_sources]
    return new_notebook(cells=[*cells, new_code_cell(TEST)])


def scan(*student_sources: str) -> list[Flag]:
    return scan_notebook(notebook(*student_sources), trusted_sources=INSTRUCTOR)


# Each case: a student cell, the 1-based line of the cheat, and a piece of the flag's reason.
ATTACKS = {
    # monkeypatching
    "module function": (f"{HONEST}\n\n{CHEAT}", 5, CHEAT_REASON),
    "submodule function": (
        "import numpy\n\nnumpy.testing.assert_allclose = lambda *args, **kwargs: None\n",
        3,
        "changes numpy.testing.assert_allclose",
    ),
    "alias of a module": (
        "testing = np.testing\ntesting.assert_allclose = print\n",
        2,
        "changes numpy.testing.assert_allclose",
    ),
    "builtins module": (
        "import builtins\n\nbuiltins.print = lambda *args, **kwargs: None\n",
        3,
        "changes Python's built-in functions",
    ),
    "__builtins__ item": (
        "__builtins__['isinstance'] = lambda obj, kind: True\n",
        1,
        "changes Python's built-in functions",
    ),
    "del of a builtin": ("del __builtins__.AssertionError\n", 1, "changes Python's built-in"),
    "setattr": (
        "setattr(np, 'array_equal', lambda a, b: True)\n",
        1,
        "changes numpy.array_equal",
    ),
    "module __dict__": (
        "np.__dict__['isclose'] = lambda *args, **kwargs: True\n",
        1,
        "changes an item of numpy.__dict__",
    ),
    "helper's code": (
        "check_array.__code__ = passed.__code__\n",
        1,
        "changes nnlearn.checks.check_array.__code__",
    ),
    "globals()": (
        "globals()['check_array'] = lambda *args, **kwargs: None\n",
        1,
        "reaches a namespace by name",
    ),
    # redefining an instructor helper
    "def helper": (
        "def check_array(name, got, expected, mistakes=None):\n    print('ok')\n",
        1,
        "redefines check_array, which the instructor's cells import",
    ),
    "assign helper": (
        f"{HONEST}\npassed = lambda name: print(name, 'passed')\n",
        4,
        "redefines passed",
    ),
    "import over helper": (
        "from numpy.testing import assert_allclose as check_scalar\n",
        1,
        "redefines check_scalar",
    ),
    "global helper": (
        "def quiet():\n    global check_array\n    check_array = print\n",
        2,
        "redefines check_array",
    ),
    "function from your_functions": (
        "def mse_loss(y_pred, y):\n    return 0.0\n",
        1,
        "redefines mse_loss, which the instructor's cells load with your_functions",
    ),
    # reaching the machinery
    "get_ipython": (
        "shell = get_ipython()\nshell.user_ns['check_array'] = print\n",
        1,
        "reaches the kernel",
    ),
    "IPython": ("from IPython import get_ipython\n", 1, "reaches the kernel"),
    "sys.modules item": (
        "import sys\n\nsys.modules['nnlearn.checks'] = None\n",
        3,
        "changes an item of sys.modules",
    ),
    "sys.modules use": ("import sys\n\nsys.modules.pop('numpy')\n", 3, "sys.modules"),
    "sys.settrace": (
        "import sys\n\nsys.settrace(lambda frame, event, arg: None)\n",
        3,
        "watches or steers running code",
    ),
    "sys.setprofile alias": ("import sys as s\ns.setprofile(print)\n", 2, "watches or steers"),
    "sys.addaudithook": ("from sys import addaudithook\n", 1, "watches or steers"),
    "sys._getframe": ("import sys\nframe = sys._getframe(1)\n", 2, "watches or steers"),
    "__import__": ("numpy2 = __import__('numpy')\n", 1, "imports a module by a name"),
    "importlib": (
        "import importlib\n\nchecks = importlib.import_module('nnlearn.checks')\n",
        1,
        "imports a module by a name",
    ),
    "exec": ("exec('def step(z):\\n    return z')\n", 1, "runs code built at run time"),
    "eval": (f"{HONEST}\nanswer = eval('step')\n", 4, "runs code built at run time"),
    "compile": ("code = compile('1 + 1', 'x', 'eval')\n", 1, "runs code built at run time"),
    "__globals__": (
        "def f():\n    pass\n\n\nf.__globals__['check_array'] = print\n",
        5,
        "interpreter internals (__globals__)",
    ),
    "getattr internals": (
        "namespace = getattr(passed, '__globals__')\n",
        1,
        "interpreter internals (__globals__)",
    ),
    "always equal": (
        "class Anything:\n    def __eq__(self, other):\n        return True\n",
        2,
        "defines __eq__ in class Anything",
    ),
    # modules with no business in an exercise
    "ctypes": ("import ctypes\n\nctypes.memset(0, 0, 1)\n", 1, "uses ctypes"),
    "gc": ("import gc\n\nfor obj in gc.get_objects():\n    pass\n", 1, "uses gc"),
    "inspect": ("import inspect\n\nsource = inspect.getsource(check_array)\n", 1, "inspect"),
    "signal": ("import signal\n\nsignal.alarm(1)\n", 1, "uses signal"),
    "os.fork": ("import os\n\nif os.fork() == 0:\n    pass\n", 3, "processes"),
    "os.kill": ("import os\n\nos.kill(os.getppid(), 9)\n", 3, "processes"),
    "os._exit": ("import os\n\nos._exit(0)\n", 3, "processes"),
    "os.system": ("import os\nos.system('cat ../source/*/*.ipynb')\n", 2, "processes"),
    "from os import system": ("from os import system\n", 1, "processes"),
    "subprocess": ("from subprocess import run\n\nrun(['ls', '..'])\n", 1, "processes"),
    "multiprocessing": ("import multiprocessing\n", 1, "processes"),
    "threading": ("import threading\n\nthreading.Timer(1.0, print).start()\n", 1, "threads"),
    "socket": ("import socket\n\nsocket.create_connection(('example.org', 80))\n", 1, "network"),
    "urllib": ("from urllib.request import urlopen\n", 1, "uses the network"),
    "http": ("import http.client\n", 1, "uses the network"),
    "requests": ("import requests\n\nrequests.get('https://example.org')\n", 1, "network"),
    "pickle": ("import pickle\n\nparams = pickle.loads(b'')\n", 1, "pickled objects"),
    "marshal": ("import marshal\n", 1, "pickled objects"),
    "environment": (
        "import os\n\nsource = os.environ['NNL_SOURCE_DIR']\n",
        3,
        "environment variables",
    ),
    # the instructor's packages
    "autograder": ("import autograder\n", 1, "the instructor's grading package"),
    "autograder.reference": (
        "from autograder.hidden.reference import load_reference\n\n"
        "step = load_reference('01_decision_boundaries')['step']\n",
        1,
        "the instructor's grading package",
    ),
    "nnlearn.earlier internals": (
        "from nnlearn.earlier import run_solution_cells\n",
        1,
        "nnlearn.earlier internals",
    ),
    "nnlearn.earlier module": (
        "import nnlearn.earlier as earlier\n",
        1,
        "nnlearn.earlier internals",
    ),
    "nnlearn.earlier attribute": (
        "import nnlearn\n\nnnlearn.earlier.notebook_for('04_backpropagation')\n",
        3,
        "nnlearn.earlier internals",
    ),
    # files outside the notebook's folder
    "absolute path": ("with open('/etc/passwd') as f:\n    text = f.read()\n", 1, "absolute"),
    "parent folder": (
        "text = open('../source/01_decision_boundaries.ipynb').read()\n",
        1,
        "a path with '..'",
    ),
    "home folder": ("open('~/.jupyter/nbgrader_config.py')\n", 1, "home folder"),
    "computed path": (
        "name = 'answers.txt'\nwith open(name) as f:\n    pass\n",
        2,
        "computed at run time",
    ),
    "pathlib absolute": (
        "from pathlib import Path\n\nPath('/srv/nbgrader/source').read_text()\n",
        3,
        "absolute",
    ),
    "pathlib parent": (
        "import pathlib\n\nnotebook = pathlib.Path('..') / 'source' / 'ch1.ipynb'\n",
        3,
        "a path with '..'",
    ),
    "pathlib home": ("from pathlib import Path\n\nPath.home()\n", 3, "outside the notebook"),
    "os.listdir": ("import os\n\nprint(os.listdir('/'))\n", 3, "absolute"),
    "os.walk": ("import os\n\nfor root, dirs, files in os.walk('..'):\n    pass\n", 3, "'..'"),
    "glob": ("import glob\n\nglob.glob('/home/*/*.ipynb')\n", 3, "absolute"),
    "numpy load": ("data = np.load(f'{folder}/weights.npz')\n", 1, "computed at run time"),
    "shutil": ("import shutil\n\nshutil.copy('../source/ch.ipynb', 'ch.ipynb')\n", 3, "'..'"),
}


@pytest.mark.parametrize(("source", "line", "reason"), ATTACKS.values(), ids=ATTACKS.keys())
def test_attack_is_flagged_at_its_cell_and_line(source, line, reason):
    flags = scan(HONEST, source)
    assert any(flag.cell == 4 and flag.line == line and reason in flag.reason for flag in flags), (
        flags
    )
    assert {flag.cell for flag in flags} == {4}, "only the cheating cell is flagged"


HONEST_IDIOMS = {
    "imports": "import numpy as np\n\nfrom nnlearn.checks import check_array, passed\n",
    "your_functions": "from nnlearn.earlier import your_functions\n",
    "numpy": "z = np.exp(-np.array([1.0, 2.0]))\nprint(np.allclose(z, z), np.testing)\n",
    "matrix maths": "X = np.ones((4, 2))\nW = np.zeros((2, 3))\nb = np.zeros(3)\nout = X @ W + b\n",
    "item changes": "arr = np.zeros((3, 3))\narr[...] = 1.0\narr[0, :] = 2.0\narr[arr > 1] += 1\n",
    "a class": (
        "class Layer:\n    def __init__(self, W):\n        self.W = W\n\n"
        "    def forward(self, X):\n        self.X = X\n        return X @ self.W\n"
    ),
    "own functions": "def sigmoid_forward(z):\n    s = 1 / (1 + np.exp(-z))\n    return s, s\n",
    "generator": "rng = np.random.default_rng(0)\nW1 = rng.normal(size=(2, 3))\n",
    "parameters": (
        "params = {'W1': np.ones(2)}\ngrads = {'W1': np.ones(2)}\n"
        "for key in params:\n    params[key] -= 0.1 * grads[key]\n"
    ),
    "plots": (
        "import matplotlib.pyplot as plt\n\nplt.rcParams['figure.figsize'] = (6, 4)\n"
        "fig, ax = plt.subplots()\nax.plot([0, 1], [1, 0])\nax.set_title('loss')\n"
    ),
    "files in the folder": (
        "with open('notes.txt', 'w') as f:\n    f.write('done')\n"
        "text = open('data/notes.txt').read()\n"
    ),
    "pathlib in the folder": (
        "from pathlib import Path\n\nPath('results.txt').write_text('ok')\n"
        "(Path('runs', 'first') / 'loss.txt').read_text()\n"
    ),
    "numpy files": "np.save('weights.npy', np.zeros(2))\nw = np.load('weights.npy')\n",
    "os in the folder": "import os\n\nos.makedirs('figures', exist_ok=True)\nprint(os.listdir())\n",
    "re.compile": "import re\n\npattern = re.compile(r'[0-9]+')\n",
    "methods named eval": "def evaluate(model):\n    return model.eval()\n",
    "helpers called": "check_array('my case', np.ones(2), [1.0, 1.0])\npassed('my case')\n",
    "loops and errors": (
        "losses = []\nfor epoch in range(3):\n    losses.append(float(epoch))\n"
        "try:\n    value = float('x')\nexcept ValueError as error:\n    print(error)\n"
    ),
    "lambda and comprehension": (
        "square = lambda x: x * x\nsquares = [square(i) for i in range(3)]\n"
    ),
}


@pytest.mark.parametrize("source", HONEST_IDIOMS.values(), ids=HONEST_IDIOMS.keys())
def test_honest_idiom_is_not_flagged(source):
    flags = scan(source, CHEAT)
    assert [(flag.cell, flag.line) for flag in flags] == [(4, 1)], flags


NOT_CODE = {
    "docstring": (
        "def sigmoid(z):\n"
        '    """No socket, no ctypes, no eval, no open("/etc/passwd"): just numpy."""\n'
        "    return 1 / (1 + np.exp(-z))\n"
    ),
    "comments": "# np.allclose = lambda *a: True\n# import autograder  (not really)\nx = 1\n",
    "strings": "message = \"import os; os.system('rm -rf /')\"\nprint('exec(', '__import__')\n",
    "magic in a string": 'usage = """\n%matplotlib inline\n!pip install requests\n"""\n',
}


@pytest.mark.parametrize("source", NOT_CODE.values(), ids=NOT_CODE.keys())
def test_words_in_strings_and_comments_are_not_flagged(source):
    flags = scan(source, CHEAT)
    assert [(flag.cell, flag.line) for flag in flags] == [(4, 1)], flags


MAGICS = {
    "line magic": ("%matplotlib inline\nimport numpy as np\n", [1]),
    "shell escape": ("!pip install requests\n", [1]),
    "shell into a variable": ("files = !ls ..\nprint(files)\n", [1]),
    "indented magic": ("for size in [10, 100]:\n    %timeit np.ones(size)\n", [2]),
    "magic and a cheat": (f"%load_ext autoreload\n{CHEAT}", [1, 2]),
}


@pytest.mark.parametrize(("source", "lines"), MAGICS.values(), ids=MAGICS.keys())
def test_magics_are_flagged_and_the_rest_is_scanned(source, lines):
    flags = scan(source)
    assert [flag.line for flag in flags] == lines, flags
    assert "runs an IPython magic / shell command" in flags[0].reason
    assert all(flag.cell == 3 for flag in flags)


NOT_PYTHON = {
    "syntax error": ("def step(z)\n    return z\n", 1),
    "error after a magic": ("%load_ext autoreload\ndef f(:\n    pass\n", 2),
    "cell magic of another language": ("%%bash\nls -la /\n", 2),
    "null byte": ("x = 1\0\n", 1),
    "nested too deeply": ("x = " + "-" * 5000 + "1\n", 1),
    "deep but parsable": ("x = " + "[" * 180 + "]" * 180 + "\n", 1),
}


@pytest.mark.parametrize(("source", "line"), NOT_PYTHON.values(), ids=NOT_PYTHON.keys())
def test_cell_that_is_not_python_is_reported_not_raised(source, line):
    flags = scan(source)
    assert any(
        flag.cell == 3 and flag.line == line and "review by hand" in flag.reason for flag in flags
    ), flags


def test_trusted_cells_are_skipped():
    instructor_only = "import autograder\n\nnp.allclose = np.isclose\n"
    nb = notebook(instructor_only, instructor_only + "\n\n", instructor_only + "exec('')\n")
    flags = scan_notebook(nb, trusted_sources=INSTRUCTOR | {instructor_only})
    # the same cell with other blank lines around it is the same cell; a changed one is not
    assert {flag.cell for flag in flags} == {5}, flags
    assert {flag.line for flag in flags} == {1, 3, 4}, flags


def test_without_trusted_sources_every_code_cell_is_scanned():
    nb = notebook(HONEST)
    nb.cells[1].source += "from autograder.hidden.reference import substitute\n"
    flags = scan_notebook(nb)
    assert [(flag.cell, flag.line) for flag in flags] == [(1, 5)], flags


def test_exercise_names_of_instructor_cells_are_not_helpers():
    """The instructor's solution cell defines ``step`` too: the student must, and may."""
    instructor_solution = (
        "def step(z):\n    ### BEGIN SOLUTION\n    return np.where(z >= 0, 1.0, 0.0)\n"
        "    ### END SOLUTION\n"
    )
    nb = notebook(HONEST, "def check_array(*args, **kwargs):\n    pass\n")
    flags = scan_notebook(nb, trusted_sources=INSTRUCTOR | {instructor_solution})
    assert [(flag.cell, flag.line) for flag in flags] == [(4, 1)], flags
    assert "redefines check_array" in flags[0].reason


def instructor_sources(chapter: str) -> set[str]:
    return {c.source for c in read(SOLUTIONS / f"{chapter}.ipynb").cells if c.cell_type == "code"}


@pytest.mark.parametrize("chapter", chapter_names())
def test_honest_solutions_are_not_flagged(chapter):
    """The instructor's solution cells, as a student who solved them hands them in, scanned
    with the instructor's other code cells trusted; one planted cheat is the only flag."""
    nb = copy.deepcopy(read(SOLUTIONS / f"{chapter}.ipynb"))
    solutions = [i for i, cell in enumerate(nb.cells) if nbgrader(cell).get("solution")]
    assert solutions
    for index in solutions:
        nb.cells[index].source = solution_source(nb.cells[index])
    trusted = {
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code" and not nbgrader(cell).get("solution")
    }
    nb.cells[solutions[-1]].source += "\n\n" + CHEAT
    flags = scan_notebook(nb, trusted_sources=trusted)
    cheat_line = nb.cells[solutions[-1]].source.count("\n")
    assert [(flag.cell, flag.line) for flag in flags] == [(solutions[-1], cheat_line)], flags


@pytest.mark.parametrize("chapter", chapter_names())
def test_solved_release_notebook_is_not_flagged(chapter):
    """What a student hands in (the release notebook, solved), with every code cell of the
    instructor's notebook trusted, solution cells included: only the planted cheat is flagged."""
    first_exercise = next(
        grade_id(c)
        for c in read(SOLUTIONS / f"{chapter}.ipynb").cells
        if nbgrader(c).get("solution")
    )
    honest = submission(chapter)
    cheating = submission(chapter, {first_exercise: "import ctypes\n"})
    assert scan_notebook(honest, trusted_sources=instructor_sources(chapter)) == []
    flags = scan_notebook(cheating, trusted_sources=instructor_sources(chapter))
    assert [grade_id(cheating.cells[flag.cell]) for flag in flags] == [first_exercise], flags


def test_scan_source_returns_lines_and_reasons():
    findings = scan_source("import numpy as np\n\nnp.allclose = print\ny = eval('1')\n")
    assert [finding.line for finding in findings] == [3, 4]
    assert isinstance(findings[0], Finding) and findings[0] == (3, findings[0].reason)
    assert "changes numpy.allclose" in findings[0].reason
    assert "runs code built at run time" in findings[1].reason


def test_scan_source_alone_gives_names_from_other_cells_the_benefit_of_the_doubt():
    """One cell alone: arr may come from another cell, so arr[0] = 1 is fine; np.allclose is
    still an attribute of something the cell did not create."""
    findings = scan_source("arr[0] = 1.0\nparams['W1'] -= 0.1\nnp.allclose = print\n")
    assert [finding.line for finding in findings] == [3], findings


def test_instructor_cells_are_parsed_once_for_every_submission(monkeypatch):
    """A class's submissions share their chapter's instructor cells: parsed at the first
    submission only, and the later ones still know the helpers they define (the flags are
    those of a scan that parses everything again)."""
    from autograder.review import scan as scanning

    parsed = []
    real = scanning._parse

    def counted(source):
        parsed.append(source)
        return real(source)

    monkeypatch.setattr(scanning, "_parse", counted)
    scanning._instructor_cells.cache_clear()
    trusted = INSTRUCTOR | {"limit = 3  # only this test's\n"}
    redefines = "def check_array(*args, **kwargs):\n    pass\n"
    first = scan_notebook(notebook(HONEST, CHEAT), trusted_sources=trusted)
    assert sorted(parsed) == sorted([*trusted, HONEST, CHEAT]), parsed
    parsed.clear()
    second = scan_notebook(notebook(HONEST, redefines), trusted_sources=set(trusted))
    assert sorted(parsed) == sorted([HONEST, redefines]), parsed  # each student cell once
    assert [(f.cell, f.line, f.reason) for f in first] == [(4, 1, first[0].reason)], first
    assert CHEAT_REASON in first[0].reason
    assert [(f.cell, f.line) for f in second] == [(4, 1)], second
    assert "redefines check_array" in second[0].reason  # the cached trees name the helpers
    scanning._instructor_cells.cache_clear()
    assert scan_notebook(notebook(HONEST, redefines), trusted_sources=trusted) == second


def test_the_names_instructor_cells_bind_are_found_once_for_every_submission(monkeypatch):
    """The names the instructor's cells bind (imports, helpers) are looked up in their trees at
    the first submission only; a later one walks only its own cells' trees, and its flags are
    those of a scan that walks everything again."""
    from autograder.review import scan as scanning

    walked = []
    real = scanning._top_level_bindings

    def counted(tree):
        walked.append(ast.unparse(tree).strip())
        return real(tree)

    monkeypatch.setattr(scanning, "_top_level_bindings", counted)
    scanning._instructor_cells.cache_clear()
    scanning._instructor_bindings.cache_clear()
    trusted = INSTRUCTOR | {"limit = 3  # only this test's\n"}
    redefines = "def check_array(*args, **kwargs):\n    pass\n"
    scan_notebook(notebook(HONEST, CHEAT), trusted_sources=trusted)
    walked.clear()
    second = scan_notebook(notebook(HONEST, redefines), trusted_sources=set(trusted))
    own = [ast.unparse(ast.parse(source)).strip() for source in (HONEST, redefines)]
    assert set(walked) == set(own), walked  # the student's cells alone
    assert [(f.cell, f.line) for f in second] == [(4, 1)], second
    assert "redefines check_array" in second[0].reason  # the kept bindings name the helpers
    scanning._instructor_cells.cache_clear()
    scanning._instructor_bindings.cache_clear()
    assert scan_notebook(notebook(HONEST, redefines), trusted_sources=trusted) == second
