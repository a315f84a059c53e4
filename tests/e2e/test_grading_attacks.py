"""Submissions that try to cheat or to break the grader, graded in one run beside honest ones.

Under stock nbgrader the student's code runs in the kernel that runs the hidden tests, and each
attack below scored full marks there (DESIGN.md section 7). Here the student's cells run in a
sandboxed process of their own (autograder/sandbox/); every attack is paired with answers that
are wrong (every function returns zeros of the right shape, or 0.0), so an attack that worked
would show up as points. Expected scores follow from that: zero outputs fail every test cell of the
chapter (no expected value of the backpropagation chapter is all zeros, and every test cell of
gradient_check expects a relative error above 0 somewhere), so each attacker scores 0.
"""

import hashlib
import html
import os
import re
import subprocess

import nbformat
import pytest
from support.nbutil import CHAPTERS, REPO, SOLUTIONS, grade_id, nbgrader, points, read, submission

from autograder.grading.run import grade
from autograder.settings import Settings

pytestmark = pytest.mark.slow

CHAPTER = "04_backpropagation"
POINTS = points(read(SOLUTIONS / f"{CHAPTER}.ipynb"))
TOTAL = sum(POINTS.values())
MARK = "nnl-attack-marker"

ZEROS = {
    "sigmoid": (
        "def sigmoid(z):\n    return np.zeros(np.shape(z))\n\n"
        "def sigmoid_forward(z):\n    return np.zeros(np.shape(z)), np.zeros(np.shape(z))\n\n"
        "def sigmoid_backward(dout, cache):\n    return np.zeros(np.shape(dout))\n"
    ),
    "linear": (
        "def linear_forward(X, W, b):\n"
        "    return np.zeros((X.shape[0], W.shape[1])), (X, W, b)\n\n"
        "def linear_backward(dout, cache):\n"
        "    X, W, b = cache\n"
        "    return np.zeros(X.shape), np.zeros(W.shape), np.zeros(b.shape)\n"
    ),
    "two_layer": (
        "def two_layer_forward(X, params):\n"
        "    return np.zeros((X.shape[0], params['W2'].shape[1])), params\n\n"
        "def two_layer_backward(dout, cache):\n"
        "    return {k: np.zeros(v.shape) for k, v in cache.items()}\n"
    ),
    "gradient_check": "def gradient_check(f, w, analytic, h=1e-5):\n    return 0.0\n",
    "tanh": (
        "def tanh_forward(z):\n    return np.zeros(np.shape(z)), np.zeros(np.shape(z))\n\n"
        "def tanh_backward(dout, cache):\n    return np.zeros(np.shape(dout))\n"
    ),
}

ATTACKS = {
    # numpy's comparisons made to say yes
    "monkeypatch_numpy": (
        "np.allclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), bool)\n"
    ),
    # the course's own check helpers, redefined to pass everything
    "redefine_helpers": (
        "def check_array(*a, **k):\n    pass\n\n"
        "def check_unchanged(*a, **k):\n    pass\n\n"
        "def check_gradient(*a, **k):\n    pass\n\n"
        "def check_tuple(name, value, n):\n    return value\n\n"
        "def check_keys(name, value, keys):\n    return value\n\n"
        "import nnlearn.checks as c\n"
        "c.check_array = check_array\n"
    ),
    # IPython hooks: blank every later cell, swallow every exception
    "ipython_hooks": (
        "ip = get_ipython()\n"
        "ip.input_transformers_post.append(lambda lines: ['pass\\n'])\n"
        "ip.set_custom_exc((BaseException,), lambda *a, **k: None)\n"
    ),
    # builtins: an AssertionError that never raises
    "builtins": (
        "import builtins\n"
        "class Quiet(Exception):\n    pass\n"
        "builtins.AssertionError = Quiet\n"
        "builtins.isinstance = lambda *a: True\n"
    ),
    # reading the instructor's files and the gradebook; writing next to them
    "reads_and_writes_files": (
        "import glob, os\n"
        "found = []\n"
        "for pattern in ['/work/**/solutions/*.ipynb', '/tmp/**/source/**/*.ipynb',\n"
        "                '/tmp/**/gradebook.db', '../../../source/*/*.ipynb', '/root/*']:\n"
        "    found += glob.glob(pattern, recursive=True)\n"
        "print('FOUND', len(found), found[:3])\n"
        f"for path in ['/tmp/{MARK}', '../../../{MARK}', os.path.expanduser('~/x')]:\n"
        "    try:\n"
        "        open(path, 'w').write('x')\n"
        "    except OSError as err:\n"
        "        print('cannot write', path, type(err).__name__)\n"
    ),
    # a process that outlives the kernel and would edit the gradebook later
    "detached_process": (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', "
        f"'import time; time.sleep(120)  # {MARK}'], start_new_session=True)\n"
    ),
    # a fork bomb (bounded here so that an unlimited machine still finishes the test)
    "fork_bomb": (
        "import os, time\n"
        "children = 0\n"
        "try:\n"
        "    for _ in range(2000):\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30)\n"
        "            os._exit(0)\n"
        "        children += 1\n"
        "except OSError as err:\n"
        "    print('fork refused after', children, err)\n"
    ),
    # output flood
    "flood_output": "for _ in range(200):\n    print('x' * 100_000)\n",
    # filling the disk
    "fills_disk": (
        "written = 0\n"
        "try:\n"
        "    with open('big.bin', 'wb') as fh:\n"
        "        for _ in range(400):\n"
        "            fh.write(b'x' * 1024**2)\n"
        "            written += 1\n"
        "except OSError as err:\n"
        "    print('disk refused after', written, 'MB:', type(err).__name__)\n"
    ),
    # the network
    "network": (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 22), timeout=2)\n"
        "    print('NETWORK REACHED')\n"
        "except OSError as err:\n"
        "    print('no network:', err)\n"
    ),
}


def attacker(attack: str):
    """The chapter with zero-returning answers and the attack in a cell of the student's own,
    placed before the answers."""
    nb = submission(CHAPTER, ZEROS)
    first_answer = next(
        i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution")
    )
    cell = nbformat.v4.new_code_cell(ATTACKS[attack])
    del cell["id"]  # the chapter notebooks are nbformat 4.4: no cell ids
    nb.cells.insert(first_answer, cell)
    return nb


# Tampering with the notebook itself, on correct answers: nbgrader restores the instructor's test
# cells, points, metadata and kernel from the gradebook, so each scores full marks, no more.
def _tampered(change):
    nb = submission(CHAPTER)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    change(nb, tests)
    return nb


def _duplicate(nb, tests):
    nb.cells.append(nbformat.from_dict(dict(tests[0])))


TAMPERING = {
    "emptied_tests": lambda nb, tests: [setattr(c, "source", "") for c in tests],
    "changed_points": lambda nb, tests: [c.metadata.nbgrader.update(points=100) for c in tests],
    "test_marked_solution": lambda nb, tests: [
        c.metadata.nbgrader.update(solution=True, locked=False) for c in tests
    ],
    "duplicated_grade_ids": _duplicate,
    "unknown_kernel": lambda nb, tests: nb.metadata.update(
        kernelspec={"name": "no-such-kernel", "display_name": "x", "language": "python"}
    ),
}


# Correct answers but one mistake of the kind a student makes: an error in the student's own code
# (the traceback must show the student's line, nothing of the grader), memory far over the cap.
LINEAR_FORWARD = "def linear_forward(X, W, b):\n    return X @ W + b, (X, W, b)\n\n"
MISTAKES = {
    "value_error": LINEAR_FORWARD
    + "def linear_backward(dout, cache):\n"
    + "    X, W, b = cache\n"
    + "    raise ValueError('my own check: dout has the wrong shape')\n",
    "memory_hog": "def linear_forward(X, W, b):\n"
    + "    scratch = np.ones((30000, 30000))  # 7.2 GB\n"
    + "    return X @ W + b, (X, W, b)\n\n"
    + "def linear_backward(dout, cache):\n"
    + "    X, W, b = cache\n"
    + "    return dout @ W.T, X.T @ dout, dout.sum(axis=0)\n",
}
MEMORY = 512 * 1024**2  # a realistic cap: correct code earns full marks under it


def _digest(folder) -> dict:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("attacks")
    subs = root / "submissions"
    notebooks = {"honest": submission(CHAPTER), "stub": read(CHAPTERS / f"{CHAPTER}.ipynb")}
    notebooks["zeros"] = submission(CHAPTER, ZEROS)
    notebooks.update({name: attacker(name) for name in ATTACKS})
    notebooks.update({name: _tampered(change) for name, change in TAMPERING.items()})
    notebooks.update(
        {name: submission(CHAPTER, {"linear": code}) for name, code in MISTAKES.items()}
    )
    for student, nb in notebooks.items():
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / f"{CHAPTER}.ipynb")
    (subs / "oversized").mkdir()
    big = submission(CHAPTER)
    big.cells[0].source += "\n" + "x" * (60 * 1024**2)
    nbformat.write(big, subs / "oversized" / f"{CHAPTER}.ipynb")
    solutions_before = _digest(SOLUTIONS)
    stderr, saved = root / "stderr.txt", os.dup(2)  # the grading processes' and kernels' too
    with open(stderr, "w") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            outcomes = grade(
                subs,
                root / "course",
                settings=Settings(timeout=20, memory=MEMORY),
                selected=[CHAPTER],
                progress=print,
            )
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    return {
        "stderr": stderr.read_text(),
        "outcomes": {o.student: o for o in outcomes},
        "course": root / "course",
        "root": root,
        "solutions_before": solutions_before,
    }


def output_text(course, student) -> str:
    nb = read(course / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb")
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") + out.get("evalue", ""))
    return "\n".join(parts)


def test_the_zero_submission_replaces_every_solution_cell():
    # an exercise added to the chapter and not here would keep its solution: points for "zeros"
    nb = read(SOLUTIONS / f"{CHAPTER}.ipynb")
    assert {grade_id(c) for c in nb.cells if nbgrader(c).get("solution")} == set(ZEROS)


def test_honest_students_are_graded_as_alone(graded):
    out = graded["outcomes"]
    assert (out["honest"].status, out["honest"].score) == ("graded", TOTAL), out["honest"]
    assert (out["stub"].status, out["stub"].score) == ("graded", 0), out["stub"]
    assert (out["zeros"].status, out["zeros"].score) == ("graded", 0), out["zeros"]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_earns_nothing(graded, attack):
    outcome = graded["outcomes"][attack]
    assert outcome.status == "graded", outcome
    assert outcome.score == 0, f"{attack} scored {outcome.score} of {TOTAL}"


@pytest.mark.parametrize("tampering", sorted(TAMPERING))
def test_tampering_with_the_notebook_changes_nothing(graded, tampering):
    outcome = graded["outcomes"][tampering]
    assert (outcome.status, outcome.score, outcome.max_score) == ("graded", TOTAL, TOTAL), outcome


def test_an_oversized_notebook_is_refused_with_a_reason(graded):
    outcome = graded["outcomes"]["oversized"]
    assert outcome.status == "invalid" and "MB" in outcome.reason, outcome


def test_a_full_disk_stops_only_the_writer(graded):
    text = output_text(graded["course"], "fills_disk")
    assert "disk refused after" in text, text[:2000]
    assert int(re.search(r"refused after (\d+)", text).group(1)) <= 64


def test_the_student_process_sees_no_instructor_file_and_writes_nothing_outside(graded):
    text = output_text(graded["course"], "reads_and_writes_files")
    assert "FOUND 0 []" in text, text[:2000]
    assert not list(graded["root"].rglob(MARK)) and not os.path.exists(f"/tmp/{MARK}")
    assert _digest(SOLUTIONS) == graded["solutions_before"]


def test_nothing_the_student_started_outlives_grading(graded):
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True)
    assert MARK not in ps.stdout


def test_a_fork_bomb_is_stopped(graded):
    text = output_text(graded["course"], "fork_bomb")
    assert "fork refused after" in text, text[:2000]
    refused_after = int(re.search(r"fork refused after (\d+)", text).group(1))
    assert refused_after < 200


def test_output_is_capped(graded):
    text = output_text(graded["course"], "flood_output")
    assert len(text) < 1_000_000 and "more characters of output not kept" in text


def test_no_network(graded):
    text = output_text(graded["course"], "network")
    assert "no network" in text and "NETWORK REACHED" not in text


UNFLAGGED = {"flood_output", "fills_disk"}  # output and a relative file are not suspicious


def test_the_static_scan_flags_the_attackers_in_the_class_report(graded):
    page = (graded["course"] / "class_report.html").read_text()
    flagged = page[page.index("Flagged for manual review") : page.index("Not graded")]
    for attack in sorted(set(ATTACKS) - UNFLAGGED):
        assert f">{attack}<" in flagged, f"{attack} is not flagged"
    for honest in ["honest", "stub", "zeros", *UNFLAGGED]:
        assert f">{honest}<" not in flagged, f"{honest} is flagged"


TAMPERING_WORDS = {
    "emptied_tests": "emptied: graded as released",
    "changed_points": "points changed from",
    "test_marked_solution": "re-marked as an answer cell",
    "duplicated_grade_ids": "duplicated: the copy graded as a plain cell",
}


def test_tampering_and_the_scan_reach_nbgraders_flagged_field_and_report_csv(graded):
    """What Formgrader shows for review (SubmittedNotebook.flagged) and report.csv's reason:
    every tampering intake undid and every submission the scan flags; nothing else."""
    import csv

    from nbgrader.api import Gradebook

    from autograder.coursedir import COURSE_ID

    course = graded["course"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        flagged = {
            student: gb.find_submission_notebook(CHAPTER, CHAPTER, student).flagged
            for student in graded["outcomes"]
            if student != "oversized"
        }
    with open(course / "report.csv", newline="") as fh:
        reasons = {r["student"]: r["reason"] for r in csv.DictReader(fh)}
    expected = set(TAMPERING_WORDS) | (set(ATTACKS) - UNFLAGGED)
    assert {student for student, yes in flagged.items() if yes} == expected
    for tampering, words in TAMPERING_WORDS.items():
        assert "flagged for review: " in reasons[tampering] and words in reasons[tampering]
    for student in ["honest", "stub", "zeros", "unknown_kernel", *UNFLAGGED]:
        assert "flagged" not in reasons[student], reasons[student]


def feedback_page(course, student) -> str:
    return (course / "feedback" / student / CHAPTER / f"{CHAPTER}.html").read_text()


def test_a_students_error_shows_the_students_line_never_the_graders_files(graded):
    page = html.unescape(feedback_page(graded["course"], "value_error"))
    source = MISTAKES["value_error"].splitlines()
    raising = next(i for i, line in enumerate(source, 1) if "raise ValueError" in line)
    # the cell is the one with the student's linear_backward, numbered as the page shows it
    cell = re.search(r"In cell \[(\d+)\], line (\d+), in linear_backward:", page)
    assert cell and int(cell.group(2)) == raising, page[-3000:]
    assert re.search(rf"In\s\[{cell.group(1)}\]:", page), "no cell of the page has that number"
    assert "raise ValueError('my own check: dout has the wrong shape')" in page
    course = graded["course"]
    shown = [*course.glob("feedback/*/*/*.html"), course / "report.csv"]
    shown += [course / "class_report.html", course / "class_report.csv"]
    assert len(shown) > len(ATTACKS) + len(TAMPERING)
    for path in shown:
        text = path.read_text()
        for secret in (str(REPO), str(course), "site-packages", "autograder/sandbox"):
            assert secret not in text, f"{secret} in {path}"


def test_a_memory_cap_hits_the_students_process_only_and_names_the_limit(graded):
    outcome = graded["outcomes"]["memory_hog"]
    assert outcome.status == "graded" and 0 < outcome.score < TOTAL, outcome
    page = feedback_page(graded["course"], "memory_hog")
    assert "MemoryError" in page and "limit of 512 MB" in page, page[-3000:]
    # the honest students graded under the same cap have full marks (above)


def test_the_kernels_run_over_ipc_without_the_tcp_warning(graded):
    assert "without encryption" not in graded["stderr"], graded["stderr"][-2000:]


def test_the_feedback_page_is_self_contained_and_its_math_is_mathml(graded):
    page = feedback_page(graded["course"], "honest")
    remote = re.findall(
        r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//", page
    )
    assert not remote, remote
    assert not re.search(r"<script\b[^>]*\bsrc=", page) and "MathJax.Hub" not in page
    assert page.count("<math") > 10 and "$$" not in page
