"""nnlearn.earlier: a later chapter runs the student's functions from an earlier chapter's
notebook (next to it), or the instructor's while grading, and explains what is missing."""

import ast
import copy
import inspect
import os
import re

import nbformat
import numpy as np
import pytest
from support.nbutil import CHAPTERS, SOLUTIONS, execute, grade_id, read, solution_source, submission

import autograder.hidden.reference as reference
from autograder.chapters import names as chapters
from autograder.pipeline.course import setup_course
from autograder.settings import Settings
from nnlearn import earlier
from nnlearn.earlier import (
    DEFINED_IN,
    FunctionMissing,
    NotebookMissing,
    UnfinishedFunction,
    skip_if_unfinished,
    your_functions,
)

OBJECTIVES = "02_objective_functions"
BACKPROP = "04_backpropagation"
TRAINING = "05_training_an_mlp"


@pytest.fixture(autouse=True)
def student_side(monkeypatch, tmp_path):
    """Each test starts as a student: no grading variable, an empty folder as the cwd."""
    monkeypatch.delenv(earlier.SOURCE_DIR_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    earlier._CACHE.clear()
    return tmp_path


def notebook(chapter: str, overrides: dict[str, str] | None = None, solved: bool = True):
    """The chapter as a student hands it in: every answer cell solved (or the released stubs),
    then the cells named in ``overrides`` (by grade_id) replaced."""
    if solved:
        return submission(chapter, overrides)
    nb = copy.deepcopy(read(CHAPTERS / f"{chapter}.ipynb"))
    for cell in nb.cells:
        if overrides and grade_id(cell) in overrides:
            cell.source = overrides[grade_id(cell)]
    return nb


def save(nb, path):
    nbformat.write(nb, str(path))
    return path


def solved_cell(chapter: str, gid: str) -> str:
    cell = next(c for c in read(SOLUTIONS / f"{chapter}.ipynb").cells if grade_id(c) == gid)
    return solution_source(cell)


def network_output(X, p):
    sig = lambda v: 0.5 * (1 + np.tanh(0.5 * v))  # noqa: E731
    return sig(sig(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])


PARAMS = {
    "W1": np.array([[0.5, -1.0], [2.0, 0.25]]),
    "b1": np.array([0.1, -0.2]),
    "W2": np.array([[1.5], [-0.5]]),
    "b2": np.array([0.3]),
}
X = np.array([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]])


def test_every_registered_function_is_defined_in_its_chapter():
    for name, chapter in DEFINED_IN.items():
        defined = set()
        for _, source in earlier.solution_cells(SOLUTIONS / f"{chapter}.ipynb"):
            defined |= {n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}
        assert name in defined, f"DEFINED_IN says {name} is in {chapter}, its answer cells disagree"


def test_the_students_own_functions_are_used(student_side):
    # A student whose forward pass is off: doubles the output layer's bias. Chapter 5 must
    # see exactly that function, not the instructor's.
    two_layer = solved_cell(BACKPROP, "two_layer").replace('params["b2"])', '2 * params["b2"])', 1)
    assert two_layer != solved_cell(BACKPROP, "two_layer")
    save(notebook(BACKPROP, {"two_layer": two_layer}), student_side / f"{BACKPROP}.ipynb")
    save(notebook(OBJECTIVES), student_side / f"{OBJECTIVES}.ipynb")
    forward, mse_loss = your_functions("two_layer_forward", "mse_loss")
    shifted = dict(PARAMS, b2=2 * PARAMS["b2"])
    out, _ = forward(X, PARAMS)
    np.testing.assert_allclose(out, network_output(X, shifted), rtol=1e-12)
    assert mse_loss(np.array([[8.0]]), np.array([[5.0]])) == 4.5
    assert forward.__name__ == "two_layer_forward"


def test_one_name_gives_one_function_and_unknown_names_are_refused():
    assert callable(your_functions("sigmoid"))
    with pytest.raises(ValueError, match="no earlier chapter defines"):
        your_functions("sigmoid", "softmax_of_doom")


def test_a_stub_is_named_with_its_chapter(student_side):
    # two_layer_forward is written, but the linear layer it calls is still the stub.
    save(
        notebook(
            BACKPROP,
            {
                "linear": solved_cell(BACKPROP, "linear").replace(
                    "return X @ W + b, (X, W)", "raise NotImplementedError()"
                )
            },
        ),
        student_side / f"{BACKPROP}.ipynb",
    )
    forward = your_functions("two_layer_forward")
    with pytest.raises(UnfinishedFunction) as caught:
        forward(X, PARAMS)
    message = str(caught.value)
    assert message.startswith("linear_forward is not implemented yet")
    assert "chapter 4" in message and f"finish linear_forward in {BACKPROP}.ipynb" in message
    assert caught.value._render_traceback_() == [f"UnfinishedFunction: {message}"]
    assert isinstance(caught.value, NotImplementedError)


def test_the_released_stubs_name_the_function_called(student_side):
    save(notebook(OBJECTIVES, solved=False), student_side / f"{OBJECTIVES}.ipynb")
    with pytest.raises(UnfinishedFunction, match="^mse_loss_grad is not implemented yet"):
        your_functions("mse_loss_grad")(np.ones((2, 1)), np.zeros((2, 1)))


def test_a_missing_notebook_is_explained_at_once_and_when_called(student_side, capsys):
    forward = your_functions("two_layer_forward")
    note = capsys.readouterr().out
    assert f"keep {BACKPROP}.ipynb next to this notebook" in note
    assert note.startswith("This chapter uses your functions from chapter 4")
    with pytest.raises(NotebookMissing, match=f"keep {BACKPROP}.ipynb next to this notebook"):
        forward(X, PARAMS)
    # Saved later, it is found without restarting anything.
    save(notebook(BACKPROP), student_side / f"{BACKPROP}.ipynb")
    np.testing.assert_allclose(forward(X, PARAMS)[0], network_output(X, PARAMS), rtol=1e-12)


def test_a_changed_notebook_is_read_again(student_side):
    path = save(notebook(BACKPROP, solved=False), student_side / f"{BACKPROP}.ipynb")
    forward = your_functions("two_layer_forward")
    with pytest.raises(UnfinishedFunction):
        forward(X, PARAMS)
    save(notebook(BACKPROP), path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    np.testing.assert_allclose(forward(X, PARAMS)[0], network_output(X, PARAMS), rtol=1e-12)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("def linear_forward(X, W, b)\n    pass\n", r"the cell 'linear' stops with SyntaxError"),
        ("def linear_fwd(X, W, b):\n    return X @ W + b, None\n", "keep the function's name"),
    ],
)
def test_a_cell_that_does_not_define_the_function(student_side, source, words):
    save(notebook(BACKPROP, {"linear": source}), student_side / f"{BACKPROP}.ipynb")
    with pytest.raises(FunctionMissing, match=words):
        your_functions("linear_forward")(X, PARAMS["W1"], PARAMS["b1"])
    # The other cells still ran: the sigmoid works.
    assert your_functions("sigmoid")(np.array([0.0]))[0] == 0.5


def test_an_unreadable_notebook(student_side):
    (student_side / f"{BACKPROP}.ipynb").write_text('{"cells": [')
    with pytest.raises(NotebookMissing, match="not a readable notebook"):
        your_functions("sigmoid")(np.zeros(1))


def test_while_grading_the_instructors_source_is_used(student_side, monkeypatch):
    # The student's own chapter 4, with a wrong forward pass, sits in the working directory;
    # the grader's variable points to the instructor's sources (nbgrader's layout).
    save(notebook(BACKPROP, solved=False), student_side / f"{BACKPROP}.ipynb")
    course = setup_course(student_side / "course", Settings())
    monkeypatch.setenv(earlier.SOURCE_DIR_VARIABLE, str(course / "source"))
    forward = your_functions("two_layer_forward")
    np.testing.assert_allclose(forward(X, PARAMS)[0], network_output(X, PARAMS), rtol=1e-12)


def test_the_course_holds_every_chapter_for_the_later_ones(tmp_path):
    course = setup_course(tmp_path / "course", Settings())
    for chapter in chapters():
        assert (course / "source" / chapter / f"{chapter}.ipynb").is_file()


def test_while_grading_a_missing_source_is_an_instructors_problem(monkeypatch, tmp_path):
    monkeypatch.setenv(earlier.SOURCE_DIR_VARIABLE, str(tmp_path / "nowhere"))
    with pytest.raises(NotebookMissing, match="python -m autograder course"):
        your_functions("sigmoid")(np.zeros(1))


def test_skip_if_unfinished(capsys):
    def train(*args):
        raise NotImplementedError()

    with skip_if_unfinished():
        train(1, 2)
        raise AssertionError("not reached")
    assert capsys.readouterr().out.startswith("Skipped: train is not implemented yet")
    with skip_if_unfinished():
        raise UnfinishedFunction("sigmoid is not implemented yet. Finish it.")
    assert capsys.readouterr().out == "Skipped: sigmoid is not implemented yet. Finish it.\n"
    with pytest.raises(ZeroDivisionError), skip_if_unfinished():
        raise ZeroDivisionError("a real bug")


def test_reference_functions_are_read_by_the_same_code():
    assert "exec(" not in inspect.getsource(reference)
    ch4, ch5 = reference.load_reference(BACKPROP), reference.load_reference(TRAINING)
    # Chapter 5's answer cells call chapter 4's functions: the reference ones.
    assert ch5["two_layer_forward"] is ch4["two_layer_forward"]
    params, losses = ch5["train"](np.array([[0.0, 1.0]]), np.array([1.0]), 2, 1.0, 3)
    assert losses.shape == (3,) and set(params) == {"W1", "b1", "W2", "b2"}


def test_in_a_notebook_the_student_reads_one_sentence(tmp_path):
    """A solved chapter 5 next to the released chapter 4: every check that needs chapter 4
    fails with the sentence alone, as the kernel shows it."""
    save(notebook(BACKPROP, solved=False), tmp_path / f"{BACKPROP}.ipynb")
    nb, _ = execute(submission(TRAINING), tmp_path)
    tracebacks = [
        out.traceback
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    ]
    assert tracebacks, "the checks of train and predict need chapter 4"
    for traceback in tracebacks:
        assert len(traceback) == 1
        assert re.fullmatch(
            r"UnfinishedFunction: \w+ is not implemented yet\. This chapter uses your functions "
            rf"from chapter 4: finish \w+ in {BACKPROP}\.ipynb .*",
            traceback[0],
        )
