"""The class report (autograder.report): labels of real check messages, hand-counted statistics,
and the CSV and HTML an instructor reads. The inputs are built by hand: no nbgrader run."""

import base64
import csv
import random
import re
from html.parser import HTMLParser

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.hidden.gradcheck import check_gradient
from autograder.outcome import Outcome
from autograder.pipeline.execute import KERNEL_DIED, KERNEL_STUCK
from autograder.report.class_report import (
    CSV_FIELDS,
    CellResult,
    cell_results_from_notebook,
    diagnoses,
    exercise_of,
    mistakes_by_submission,
    named_causes,
    write_class_report,
)
from nnlearn.checks import check_array, check_keys, check_scalar, check_tuple, check_unchanged
from nnlearn.mistakes import CheckFailure

# -- real messages from the checks ----------------------------------------------------------------

_rng = np.random.default_rng(7)
X = _rng.standard_normal((4, 3))
W = _rng.standard_normal((3, 2))
DOUT = _rng.standard_normal((4, 2))
DW = X.T @ DOUT  # the gradient of sum(DOUT * (X @ W)) with respect to W
SQUARE = np.array([[1.0, 2.0], [3.0, 4.0]])


def loss_of_w(w):
    return float(np.sum(DOUT * (X @ w)))


def error_of(check, *args, **kwargs) -> Exception:
    with pytest.raises(AssertionError) as info:
        check(*args, **kwargs)
    return info.value


def failure(check, *args, **kwargs) -> str:
    """The message a failed test cell carries, as ``cell_results_from_notebook`` writes it."""
    error = error_of(check, *args, **kwargs)
    return f"{type(error).__name__}: {error}"


def sign_message() -> str:
    return failure(check_gradient, "dW", -DW, loss_of_w, W, batch_size=4)


def factor_n_message() -> str:
    return failure(check_gradient, "dW", 4 * DW, loss_of_w, W, batch_size=4)


def named_message() -> str:
    dout = np.array([1.0, -2.0, 3.0])
    right = dout * 0.25
    return failure(
        check_array,
        "sigmoid_backward(dout, cache)",
        dout,
        right,
        mistakes={"forgot-activation-derivative": dout},
    )


REAL_MESSAGES = {
    "sign": (sign_message, ["wrong-sign"]),
    "factor N": (factor_n_message, ["not-divided-by-n"]),
    "factor 1/N": (
        lambda: failure(check_array, "dW", DW / 4, DW, batch_size=4),
        ["divided-by-n"],
    ),
    "sign and factor N": (
        lambda: failure(check_array, "dW", -4 * DW, DW, batch_size=4),
        ["wrong-sign", "not-divided-by-n"],
    ),
    "factor 2 of a loss's 1/2": (
        lambda: failure(check_array, "dy", 2 * DW, DW, half=True),
        ["missing-half"],
    ),
    "factor 1/2 of a loss's 1/2": (
        lambda: failure(check_array, "dy", DW / 2, DW, half=True),
        ["extra-half"],
    ),
    "scalar factor 2": (
        lambda: failure(check_scalar, "mse_loss(y, t)", 3.0, 1.5, half=True),
        ["missing-half"],
    ),
    # No cause is named, only what the check saw.
    "factor 2 where no 1/2 is": (
        lambda: failure(check_array, "dy", 2 * DW, DW),
        ["values-differ", "constant-factor"],
    ),
    "other factor": (
        lambda: failure(check_array, "dW", 3 * DW, DW),
        ["values-differ", "constant-factor"],
    ),
    "transposed values": (
        lambda: failure(check_array, "dW", SQUARE.T, SQUARE),
        ["transposed"],
    ),
    "transposed shape": (
        lambda: failure(check_gradient, "dW", DW.T.copy(), loss_of_w, W),
        ["transposed"],
    ),
    "shape": (
        lambda: failure(check_array, "out", np.zeros(5), np.zeros(3)),
        ["shape-differs"],
    ),
    "batch axis left": (
        lambda: failure(check_array, "db", np.ones(4), np.ones(3), batch_size=4),
        ["wrong-sum-axis"],
    ),
    "keepdims": (
        lambda: failure(check_array, "db", np.ones((3, 1)), np.ones(3)),
        ["extra-axis"],
    ),
    "forgot to sum": (
        lambda: failure(check_array, "db", np.ones((4, 3)), np.ones(3)),
        ["forgot-batch-sum"],
    ),
    "summed every axis": (
        lambda: failure(check_array, "db", np.float64(4.0), np.ones(3), batch_size=4),
        ["summed-all-axes"],
    ),
    "column vector": (
        lambda: failure(check_array, "db", np.ones((1, 3)), np.ones(3), batch_size=4),
        ["extra-axis"],
    ),
    "NaN": (
        lambda: failure(check_array, "out", np.array([np.nan, 1.0]), np.ones(2)),
        ["nan-or-inf"],
    ),
    "inf gradient": (
        lambda: failure(check_gradient, "dW", np.full((3, 2), np.inf), loss_of_w, W),
        ["nan-or-inf"],
    ),
    "all zeros": (
        lambda: failure(check_array, "dX", np.zeros((3, 2)), DW),
        ["values-differ", "all-zeros"],
    ),
    "modified in place": (
        lambda: failure(check_unchanged, "X", np.ones(3), np.array([1.0, 0.0, 1.0])),
        ["input-modified"],
    ),
    "named mistake": (named_message, ["forgot-activation-derivative"]),
    "no known pattern": (
        lambda: failure(check_array, "out", np.array([1.0, 5.0, 2.0]), np.array([1.0, 2.0, 3.0])),
        ["values-differ"],
    ),
    "integer dtype": (
        lambda: failure(check_array, "out", np.array([1, 2]), np.array([1.0, 2.0])),
        ["integer-dtype"],
    ),
    "None": (
        lambda: failure(check_array, "out", None, np.ones(2)),
        ["missing-return"],
    ),
    "list not tuple": (
        lambda: failure(check_tuple, "linear_forward(X, W, b)", [1, 2], 2),
        ["wrong-return-structure"],
    ),
    "missing key": (
        lambda: failure(check_keys, "grads", {"W1": 0}, ["W1", "b1"]),
        ["wrong-return-structure"],
    ),
    "plain assert": (
        lambda: "AssertionError: the indices are not shuffled",
        ["other failed check"],
    ),
}


@pytest.mark.parametrize("kind", list(REAL_MESSAGES))
def test_diagnoses_of_real_check_messages(kind):
    make_message, labels = REAL_MESSAGES[kind]
    assert diagnoses(make_message()) == labels


def stub_message() -> str:
    def sigmoid(z):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError) as info:
        sigmoid(0.0)
    ename, evalue = type(info.value).__name__, str(info.value)
    return f"{ename}: {evalue}" if evalue else ename


@pytest.mark.parametrize(
    ("message", "labels"),
    [
        (stub_message(), ["not implemented (stub)"]),
        (": ".join(KERNEL_DIED), ["kernel died"]),
        (": ".join(KERNEL_STUCK), ["timed out"]),
        ("KeyboardInterrupt", ["timed out"]),
        ("MemoryError", ["memory limit"]),
        ("NameError: name 'sigmoid' is not defined", ["raised NameError"]),
        ("", []),
    ],
)
def test_diagnoses_of_errors_that_stopped_a_cell(message, labels):
    assert diagnoses(message) == labels


def test_diagnoses_of_the_message_without_the_exception_name():
    evalue = str(error_of(check_gradient, "dW", -DW, loss_of_w, W))
    assert evalue.startswith("dW does not match the numerical gradient")
    assert diagnoses(evalue) == ["wrong-sign"]


def test_diagnoses_are_read_from_the_ids_not_from_the_prose():
    """A message's wording may change; only its trailer line counts."""
    text = failure(check_array, "dW", -DW, DW)
    reworded = text.replace("A sign is wrong", "Flip it")
    assert reworded != text
    assert diagnoses(reworded) == diagnoses(text) == ["wrong-sign"]
    assert diagnoses("AssertionError: the sign is wrong everywhere") == ["other failed check"]


@pytest.mark.parametrize(
    ("grade_id", "exercise"),
    [
        ("test_linear_hidden", "linear"),
        ("test_linear", "linear"),
        ("test_two_layer", "two_layer"),
        ("test_softmax_cross_entropy_grad_hidden", "softmax_cross_entropy_grad"),
    ],
)
def test_exercise_of(grade_id, exercise):
    assert exercise_of(grade_id) == exercise


# -- reading an autograded notebook ---------------------------------------------------------------


def grade_cell(grade_id: str, points: float, outputs) -> nbformat.NotebookNode:
    meta = {"nbgrader": {"grade": True, "solution": False, "grade_id": grade_id, "points": points}}
    return new_code_cell("check_array(...)", metadata=meta, outputs=outputs)


def test_cell_results_from_notebook_reads_the_first_error_of_each_graded_cell():
    sign = error_of(check_gradient, "dW", -DW, loss_of_w, W, batch_size=4)
    answer = {"nbgrader": {"grade": False, "solution": True, "grade_id": "linear_answer"}}
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Backpropagation"),
            new_code_cell("def sigmoid(z):\n    raise NotImplementedError()", metadata=answer),
            grade_cell(
                "test_sigmoid",
                1,
                [new_output("error", ename="NotImplementedError", evalue="", traceback=[])],
            ),
            grade_cell(
                "test_linear",
                2,
                [new_output("stream", name="stdout", text="The public checks passed.\n")],
            ),
            grade_cell(
                "test_linear_hidden",
                3,
                [
                    new_output("stream", name="stdout", text="checking dW\n"),
                    new_output("error", ename="AssertionError", evalue=str(sign), traceback=[]),
                    new_output("error", ename="KeyboardInterrupt", evalue="", traceback=[]),
                ],
            ),
        ]
    )
    nbformat.validate(nb)
    scores = {"test_linear": (2.0, 2.0), "test_linear_hidden": (0.0, 3.0), "test_sigmoid": (0, 1)}
    results = cell_results_from_notebook(nb, "ann", "04_backpropagation", scores)
    assert results == [
        CellResult("ann", "04_backpropagation", "test_sigmoid", 0, 1, "NotImplementedError"),
        CellResult("ann", "04_backpropagation", "test_linear", 2.0, 2.0, ""),
        CellResult(
            "ann", "04_backpropagation", "test_linear_hidden", 0.0, 3.0, f"AssertionError: {sign}"
        ),
    ]
    assert [diagnoses(r.message) for r in results] == [
        ["not implemented (stub)"],
        [],
        ["wrong-sign"],
    ]


# -- a small class, counted by hand ---------------------------------------------------------------

BP, MLP = "04_backpropagation", "05_training_an_mlp"
EVIL = "<script>alert(1)</script>"
MAX = {
    "test_sigmoid": 1.0,
    "test_sigmoid_hidden": 2.0,
    "test_linear": 2.0,
    "test_linear_hidden": 3.0,
}
MLP_MAX = {"test_predict": 1.0, "test_predict_hidden": 1.0}


def chapter_cells(student, chapter, maxima, failures=None) -> list[CellResult]:
    """Every cell at full points except ``failures``: grade_id -> message (scored 0)."""
    failures = failures or {}
    return [
        CellResult(
            student, chapter, gid, 0.0 if gid in failures else top, top, failures.get(gid, "")
        )
        for gid, top in maxima.items()
    ]


def class_of_five():
    """04: alice 8/8, bob 5/8, carol 3/8, dave 4/8 graded; EVIL failed (its cells must not count).
    05: alice and carol graded 2/2; bob and EVIL missing; dave invalid."""
    sign, factor_n, named = sign_message(), factor_n_message(), named_message()
    sign_and_factor_n = failure(check_array, "dX", -4 * DW, DW, batch_size=4)
    outcomes = [
        Outcome("alice", BP, "graded", 8, 8),
        Outcome("bob", BP, "graded", 5, 8),
        Outcome("carol", BP, "graded", 3, 8),
        Outcome("dave", BP, "graded", 4, 8),
        Outcome(EVIL, BP, "failed", 0, 8, reason="nbgrader: <kernel> crashed"),
        Outcome("alice", MLP, "graded", 2, 2),
        Outcome("carol", MLP, "graded", 2, 2),
        Outcome("bob", MLP, "missing", 0, 2, reason="no notebook handed in"),
        Outcome(EVIL, MLP, "missing", 0, 2, reason="no notebook handed in"),
        Outcome("dave", MLP, "invalid", 0, 2, reason="<b>not valid JSON</b>"),
    ]
    cells = (
        chapter_cells("alice", BP, MAX)
        + chapter_cells("bob", BP, MAX, {"test_linear_hidden": sign})
        + chapter_cells(
            "carol", BP, MAX, {"test_linear": sign_and_factor_n, "test_linear_hidden": sign}
        )
        + chapter_cells("dave", BP, MAX, {"test_linear_hidden": factor_n, "test_sigmoid": named})
        + chapter_cells(EVIL, BP, MAX, {"test_linear_hidden": sign, "test_linear": sign})
        + chapter_cells("alice", MLP, MLP_MAX)
        + chapter_cells("carol", MLP, MLP_MAX)
    )
    flags = {
        ("bob", BP): ["calls os.system", "<iframe src=x>"],
        (EVIL, BP): ["imports subprocess"],
    }
    return outcomes, cells, flags


class Tables(HTMLParser):
    """The text of every cell of every ``<table id=...>``: {id: [[cell, ...], ...]}; the items
    of a list inside a cell are joined with "; "."""

    def __init__(self, page: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._cell = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs)["id"], [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li" and self._cell:
            self._cell.append("; ")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def report(tmp_path):
    outcomes, cells, flags = class_of_five()
    html_path, csv_path = write_class_report(tmp_path, outcomes, cells, flags)
    assert (html_path, csv_path) == (tmp_path / "class_report.html", tmp_path / "class_report.csv")
    page = html_path.read_text(encoding="utf-8")
    return {"page": page, "tables": Tables(page).tables, "csv": csv_path}


def test_csv_has_one_row_per_chapter_and_exercise_counted_by_hand(report):
    with open(report["csv"], newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == CSV_FIELDS
    assert rows[0] == [
        "chapter",
        "exercise",
        "points",
        "submissions",
        "pass_rate",
        "mean_score",
        "top_mistakes",
    ]
    assert rows[1:] == [
        # linear, 5 points; scores 5, 2, 0, 2 (the failed EVIL submission does not count);
        # wrong sign: bob, carol (in both cells, counted once); factor N: carol, dave.
        [
            BP,
            "linear",
            "5",
            "4",
            "0.25",
            "2.25",
            "50% not-divided-by-n; 50% wrong-sign",
        ],
        # sigmoid, 3 points; scores 3, 3, 3, 2.
        [BP, "sigmoid", "3", "4", "0.75", "2.75", "25% forgot-activation-derivative"],
        [MLP, "predict", "2", "2", "1", "2", ""],  # numbers as numbers: 1.00 is 1
    ]


def test_html_counts_submissions_by_status(report):
    assert "<p>Students: 5. Submissions graded: 6 of 10.</p>" in report["page"]
    assert report["tables"]["status"] == [
        ["chapter", "graded", "unchanged", "missing", "invalid", "failed", "total"],
        [BP, "4", "0", "0", "0", "1", "5"],
        [MLP, "2", "0", "2", "1", "0", "5"],
        ["all chapters", "6", "0", "2", "1", "1", "10"],
    ]


def test_html_exercise_table_names_the_mistakes_per_exercise(report):
    rows = report["tables"]["exercises"]
    assert rows[0][-1] == "most frequent mistakes"
    assert rows[1:] == [
        [
            BP,
            "linear",
            "5",
            "4",
            "25%",
            "2.25",
            "50% not-divided-by-n in linear; 50% wrong-sign in linear",
        ],
        [BP, "sigmoid", "3", "4", "75%", "2.75", "25% forgot-activation-derivative in sigmoid"],
        [MLP, "predict", "2", "2", "100%", "2.00", "none"],
    ]


def test_html_escapes_every_student_controlled_string(report):
    page = report["page"]
    assert "<script" not in page and "<iframe" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;iframe src=x&gt;" in page
    assert "&lt;b&gt;not valid JSON&lt;/b&gt;" in page
    assert "nbgrader: &lt;kernel&gt; crashed" in page


def test_a_crafted_message_cannot_smuggle_a_label_into_the_page(tmp_path):
    crafted = (
        "AssertionError: out is wrong.\nDiagnosis: <img src=x onerror=alert(1)>\n"
        '[mistakes: <img src=x>, no-such-mistake] (see "Common mistakes" in the book)'
    )
    assert diagnoses(crafted) == ["other failed check"]
    outcomes = [Outcome("zoe", BP, "graded", 0, 2)]
    cells = [CellResult("zoe", BP, "test_linear", 0, 2, crafted)]
    html_path, _ = write_class_report(tmp_path, outcomes, cells, {})
    page = html_path.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "no-such-mistake" not in page  # and no cause is counted: none was named


def test_mistakes_are_counted_per_submission():
    _, cells, _ = class_of_five()
    counts = mistakes_by_submission(cells)
    assert counts[("carol", BP)] == {"wrong-sign": 2, "not-divided-by-n": 1}
    assert counts[("dave", BP)] == {"not-divided-by-n": 1, "forgot-activation-derivative": 1}
    assert ("alice", BP) not in counts


def test_html_embeds_a_histogram_per_chapter_with_alt_text(report):
    page = report["page"]
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)">', page)
    assert len(images) == 2
    for data, _ in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    # 8/8 = 100%, 5/8 = 62.5%, 3/8 = 37.5%, 4/8 = 50%
    assert images[0][1] == (
        f"Histogram of the scores of the graded submissions of {BP} (n = 4) as % of the maximum "
        "of 8 points: 1 in 30-40%, 1 in 50-60%, 1 in 60-70%, 1 in 90-100%."
    )
    assert images[1][1].endswith(f"{MLP} (n = 2) as % of the maximum of 2 points: 2 in 90-100%.")
    assert re.findall(r'src="([^"]{0,22})', page) == ["data:image/png;base64,"] * 2
    assert "http://" not in page and "https://" not in page and "<link" not in page


def test_html_lists_flagged_submissions_for_manual_review(report):
    page = report["page"]
    assert "Flags are for manual review only" in page
    assert "They did not change any score." in page
    assert report["tables"]["flagged"] == [
        ["student", "chapter", "result", "reasons"],
        [EVIL, BP, "failed", "imports subprocess"],
        ["bob", BP, "graded 5/8", "calls os.system; <iframe src=x>"],
    ]


def test_html_lists_ungraded_submissions_with_their_reasons(report):
    assert report["tables"]["ungraded"] == [
        ["student", "chapter", "status", "reason"],
        [EVIL, BP, "failed", "nbgrader: <kernel> crashed"],
        [EVIL, MLP, "missing", "no notebook handed in"],
        ["bob", MLP, "missing", "no notebook handed in"],
        ["dave", MLP, "invalid", "<b>not valid JSON</b>"],
    ]


def test_a_graded_submission_without_a_cell_of_the_exercise_does_not_pass_it(tmp_path):
    outcomes = [Outcome("ann", BP, "graded", 5, 5), Outcome("ben", BP, "graded", 2, 5)]
    cells = chapter_cells("ann", BP, {"test_linear": 2.0, "test_linear_hidden": 3.0})
    cells += chapter_cells("ben", BP, {"test_linear": 2.0})
    _, csv_path = write_class_report(tmp_path, outcomes, cells, {})
    rows = list(csv.DictReader(open(csv_path, newline="", encoding="utf-8")))
    assert [(r["points"], r["pass_rate"], r["mean_score"]) for r in rows] == [("5", "0.5", "3.5")]


def test_zero_graded_submissions(tmp_path):
    outcomes = [
        Outcome("ann", BP, "missing", reason="no notebook handed in"),
        Outcome("ben", "?", "invalid", reason="notes.ipynb: the file is empty"),
    ]
    html_path, csv_path = write_class_report(tmp_path, outcomes, [], {})
    assert list(csv.reader(open(csv_path, newline="", encoding="utf-8"))) == [CSV_FIELDS]
    page = html_path.read_text(encoding="utf-8")
    assert "No graded submissions." in page and "<img" not in page
    assert "No submission was flagged." in page
    tables = Tables(page).tables
    assert "exercises" not in tables
    assert tables["status"][-1] == ["all chapters", "0", "0", "1", "1", "0", "2"]
    assert tables["ungraded"][1:] == [
        ["ann", BP, "missing", "no notebook handed in"],
        ["ben", "?", "invalid", "notes.ipynb: the file is empty"],
    ]


def test_one_student_without_failures(tmp_path):
    outcomes = [Outcome("ann", MLP, "graded", 2, 2)]
    html_path, csv_path = write_class_report(
        tmp_path, outcomes, chapter_cells("ann", MLP, MLP_MAX), {}
    )
    rows = list(csv.reader(open(csv_path, newline="", encoding="utf-8")))
    assert rows[1:] == [[MLP, "predict", "2", "1", "1", "2", ""]]
    page = html_path.read_text(encoding="utf-8")
    assert "Every submission was graded." in page
    assert page.count("<img ") == 1
    assert Tables(page).tables["exercises"][1][-1] == "none"


def test_output_does_not_depend_on_the_order_of_the_inputs(tmp_path):
    outcomes, cells, flags = class_of_five()
    first = write_class_report(tmp_path / "first", outcomes, cells, flags)
    random.Random(3).shuffle(outcomes)
    random.Random(4).shuffle(cells)
    shuffled_flags = dict(reversed(list(flags.items())))
    second = write_class_report(tmp_path / "second", outcomes, cells, shuffled_flags)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_students_table_has_every_row_with_its_penalty_and_flags(tmp_path):
    """The per-student table (HTML and class_report_students.csv): one row per student and
    chapter, the flags taken from the outcomes, the late policy's words with the reason."""
    outcomes = [
        Outcome(
            "ann",
            BP,
            "graded",
            7.2,
            8,
            reason="misnamed",
            late_penalty=0.8,
            late_note="1 started day late",
        ),
        Outcome(
            "ben", BP, "unchanged", 8, 8, flags=["cell test_linear: points changed", "<script>"]
        ),
        Outcome("cy", BP, "invalid", 0, 8, reason="a.ipynb: the file is empty"),
    ]
    html_path, _ = write_class_report(tmp_path, outcomes, [])
    rows = list(csv.reader(open(tmp_path / "class_report_students.csv", encoding="utf-8")))
    assert rows == [
        ["student", "chapter", "status", "score", "max_score", "late_penalty", "flags", "reason"],
        ["ann", BP, "graded", "7.2", "8", "0.8", "", "misnamed; 1 started day late"],
        ["ben", BP, "unchanged", "8", "8", "0", "cell test_linear: points changed; <script>", ""],
        ["cy", BP, "invalid", "0", "8", "0", "", "a.ipynb: the file is empty"],
    ]
    page = html_path.read_text(encoding="utf-8")
    tables = Tables(page).tables
    assert tables["students"][1:] == [row for row in rows[1:]]
    assert "<script>" not in page
    assert tables["flagged"][1:] == [
        ["ben", BP, "unchanged 8/8", "cell test_linear: points changed; <script>"]
    ]
    # a reused grade is a graded submission: in the histogram, not in "Not graded"
    assert "Submissions graded: 2 of 3." in page and page.count("<img ") == 1
    assert tables["ungraded"][1:] == [["cy", BP, "invalid", "a.ipynb: the file is empty"]]


def test_report_csv_reason_names_the_flags_and_the_late_penalty(tmp_path):
    from autograder.report.tables import write_report

    outcomes = [
        Outcome(
            "ann",
            BP,
            "graded",
            7.2,
            8,
            3.5,
            "misnamed",
            ["test cell test_x deleted"],
            0.8,
            "1 started day late",
        ),
        Outcome("ben", BP, "unchanged", 8, 8, 12.25),
    ]
    write_report(outcomes, tmp_path / "report.csv")
    rows = list(csv.DictReader(open(tmp_path / "report.csv", encoding="utf-8")))
    assert [r["reason"] for r in rows] == [
        "misnamed; flagged for review: test cell test_x deleted; 1 started day late",
        "",
    ]
    assert [(r["status"], r["seconds"]) for r in rows] == [
        ("graded", "3.5"),
        ("unchanged", "12.25"),
    ]


def test_most_frequent_mistakes_count_only_named_causes():
    """A symptom ("the values differ"), a stub or another error names no cause: it is not a
    mistake the student was told the cause of, so the class report does not count it."""
    sign = CheckFailure("dW: the sign is wrong.", ["values-differ", "wrong-sign"])
    symptom = CheckFailure("dW: wrong values.", ["values-differ", "constant-factor"])
    assert named_causes(f"AssertionError: {sign}") == ["wrong-sign"]
    assert named_causes(f"AssertionError: {symptom}") == []
    assert named_causes("NotImplementedError") == []
    assert named_causes("ValueError: matmul: Input operand 1 has a mismatch") == []
