"""The split grading kernel, without nbgrader: the wire's codec and the student process.

A grading kernel is an IPython shell here (``InteractiveShell``); ``run_cell`` sends a cell to a
real sandboxed student process, exactly as the grader's replaced cells do.
"""

import os
import re
import shutil
import struct
import threading

import numpy as np
import pytest
from support.nbutil import CHAPTERS

from autograder.sandbox import kernel as sandbox
from autograder.sandbox import launch, wire

# -- the codec ------------------------------------------------------------------------------


def pipe_pair():
    """Two connected ends (a, b) over real pipes; b serves calls."""
    a_read, b_write = os.pipe()
    b_read, a_write = os.pipe()
    b = wire.Connection(b_read, b_write, serve=None, modules=True)
    a = wire.Connection(a_read, a_write, serve=lambda h, bufs: b.serve_call(h, bufs))
    b.serve = lambda header, buffers: b.serve_call(header, buffers)
    return a, b


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        2**70,
        -1.5,
        float("inf"),
        1 + 2j,
        "text",
        np.float64(2.5),
        np.int32(7),
        np.array(3.0),
        np.arange(6.0).reshape(2, 3),
        np.zeros((0, 4)),
        np.array([True, False]),
        np.arange(12, dtype=np.int64).reshape(2, 2, 3)[:, :, ::2],  # not contiguous
        (1, [2.0, {"W1": np.ones(2)}], {(1, "a"): None}),
    ],
)
def test_values_travel_as_data(value):
    a, b = pipe_pair()
    tree, buffers = a.encode(value)
    a.send({"op": "x", "value": tree}, buffers)
    header, got_buffers = b.receive()
    back = b.decode(header["value"], got_buffers)
    assert type(back) is type(value)
    assert repr(back) == repr(value)
    if isinstance(value, np.ndarray):
        assert back.shape == value.shape and back.dtype == value.dtype
        np.testing.assert_array_equal(back, value)


def test_nan_survives():
    a, _ = pipe_pair()
    tree, buffers = a.encode(float("nan"))
    assert np.isnan(a.decode(tree, buffers))


def test_object_arrays_and_functions_are_not_data():
    a, _ = pipe_pair()
    tree, _ = a.encode(np.array([object()], dtype=object))
    assert "$h" in tree, "an object array travels as a handle, never pickled"
    tree, _ = a.encode(len)
    assert tree["kind"] == "fn"


def test_the_grading_side_never_imports_what_the_other_side_names():
    a, _ = pipe_pair()  # a: modules=False, like the grading kernel
    with pytest.raises(wire.WireError):
        a.decode({"$m": "os"}, [])


@pytest.mark.parametrize(
    "frame",
    [
        b"GARBAGE!" + b"\0" * 8,
        wire.MAGIC + struct.pack("<Q", wire.MAX_MESSAGE + 1),
        wire.MAGIC + struct.pack("<QI", 6, 2**31) + b"\0\0",
        wire.MAGIC + struct.pack("<QI", 6, 2) + b"{}",  # no "$sizes"
    ],
)
def test_malformed_frames_are_refused(frame):
    a, b = pipe_pair()
    os.write(a.write_fd, frame)
    os.close(a.write_fd)
    with pytest.raises(wire.WireError):
        b.receive()


def test_a_message_is_waited_for_once_and_messages_keep_their_bounds():
    """The kernel's side watches the student process (charges its time) at each wait: a message
    that is in the pipe whole is taken with one wait, not one for its prefix and one for its
    frame; what one read brings of the next message waits for it; a message larger than a read
    comes whole."""
    a, b = pipe_pair()
    waits = []
    b.wait_readable = lambda: waits.append(1)
    a.send({"op": "one"})
    assert b.receive() == ({"op": "one"}, []) and len(waits) == 1
    big = np.arange(300_000.0)  # 2.4 MB: more than a read, more than a pipe holds
    sender = threading.Thread(target=lambda: a.send({"op": "big"}, [big.tobytes()]))
    sender.start()
    a2 = [({"op": "two"}, []), ({"op": "three"}, [b"xyz"])]
    header, buffers = b.receive()
    sender.join()
    assert header == {"op": "big"} and buffers == [big.tobytes()]
    for message in a2:
        a.send(*message)
    waits.clear()
    assert b.receive() == a2[0] and b.receive() == a2[1]
    assert len(waits) == 1  # both came in one read


def test_an_array_with_a_lying_shape_is_refused():
    a, _ = pipe_pair()
    with pytest.raises(wire.WireError):
        a.decode({"$a": 0, "dt": "<f8", "sh": [3]}, [b"\0" * 16])


def test_calls_change_arrays_in_place_on_both_sides():
    a, b = pipe_pair()

    def scribble(x):
        x[0] = 99.0
        return "done"

    b.objects[id(scribble)] = scribble
    handle = wire.Handle(a, id(scribble), "fn", "scribble")
    x = np.zeros(3)
    import threading

    server = threading.Thread(target=lambda: b.send(*b.serve_call(*b.receive())))
    server.start()
    assert handle(x) == "done"
    server.join()
    assert x[0] == 99.0


def test_remote_exceptions_keep_builtin_types_but_never_exit():
    err = wire.remote_exception({"op": "error", "ename": "ValueError", "evalue": "bad"})
    assert type(err) is ValueError and str(err) == "bad"
    err = wire.remote_exception({"op": "error", "ename": "SystemExit", "evalue": "0"})
    assert type(err) is wire.RemoteError
    err = wire.remote_exception({"op": "error", "ename": "MyError", "evalue": "x"})
    assert type(err) is wire.RemoteError and "MyError: x" in str(err)


# -- the student process ----------------------------------------------------------------------


def test_the_student_cannot_touch_the_grading_kernel(shell):
    sandbox.run_cell(
        "np.allclose = lambda *a, **k: True\ndef check(value):\n    return True\n",
        shell,
    )
    with pytest.raises(Exception):  # noqa: B017 - it breaks its own process, whatever the error
        sandbox.run_cell("import builtins\nbuiltins.len = lambda x: 0\n", shell)
    assert not np.allclose(0.0, 1.0) and len([1]) == 1
    assert shell.user_ns["check"](np.zeros(2)) is False, "the trusted helper was replaced"


def test_the_students_functions_run_in_the_student_process(shell):
    sandbox.run_cell("import os\ndef square(x):\n    return x * x, os.getpid()\n", shell)
    value, pid = shell.user_ns["square"](np.arange(3.0))
    np.testing.assert_array_equal(value, [0.0, 1.0, 4.0])
    assert pid == 1 and pid != os.getpid(), "pid 1 of its own namespace"


def test_a_substituted_function_is_what_the_students_code_calls(shell):
    sandbox.run_cell("def h(x):\n    return 'student'\n\ndef g(x):\n    return h(x)\n", shell)
    assert shell.user_ns["g"](1) == "student"
    student_h = shell.user_ns["h"]
    shell.user_ns["h"] = lambda x: "reference"
    assert shell.user_ns["g"](1) == "reference"
    shell.user_ns["h"] = student_h
    assert shell.user_ns["g"](1) == "student"


def test_test_cell_names_are_never_handed_to_the_students_code(shell):
    conn = sandbox._student(shell)
    conn.test_names.add("secret")
    shell.user_ns["secret"] = lambda: "the hidden answer"
    sandbox.run_cell("def g(x):\n    return secret()\n", shell)
    with pytest.raises(NameError):
        shell.user_ns["g"](0)
    conn.test_names.discard("secret")


def test_an_exception_of_the_grading_kernel_comes_back_as_itself(shell):
    class Mine(Exception):
        pass

    def fails(_):
        raise Mine("from the test")

    sandbox.run_cell("def g(f):\n    return f(1)\n", shell)
    with pytest.raises(Mine):
        shell.user_ns["g"](fails)


def test_the_sandbox_hides_the_machine(shell):
    sandbox.run_cell(
        "import os, socket\n"
        f"seen = [os.path.exists({str(launch.HERE.parent / 'solutions')!r}), "
        "os.path.exists('/etc/passwd'), sorted(os.listdir('.'))]\n"
        "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n    net = True\n"
        "except OSError:\n    net = False\n",
        shell,
    )
    assert shell.user_ns["seen"] == [False, False, ["04_backpropagation.ipynb"]]
    assert shell.user_ns["net"] is False


def test_a_process_that_dies_is_reported_once_and_clearly(shell):
    sandbox.run_cell(
        "import os\ndef boom():\n    os._exit(3)\n\ndef square(x):\n    return x\n", shell
    )
    with pytest.raises(sandbox.StudentProcessLost, match="exited with status 3"):
        shell.user_ns["boom"]()
    with pytest.raises(sandbox.StudentProcessLost, match="is gone"):
        shell.user_ns["square"](1)


def test_a_memory_hog_gets_a_memory_error_that_names_the_limit(shell, monkeypatch):
    # the shell fixture's student process has Limits()'s cap: 2G of address space
    with pytest.raises(MemoryError, match="limit of 2048 MB"):
        sandbox.run_cell("x = bytearray(3 * 1024**3)\n", shell)
    sandbox.run_cell("def hog(n):\n    return bytearray(n)\n", shell)
    with pytest.raises(MemoryError, match="limit of 2048 MB"):
        shell.user_ns["hog"](3 * 1024**3)


def _shown(shell, source: str) -> str:
    """What the grading kernel shows for the error of a cell ``source`` it runs itself."""
    shown = []
    shell.set_custom_exc((Exception,), sandbox._show_error)
    saved = shell._showtraceback
    shell._showtraceback = lambda etype, value, stb: shown.extend(stb)
    try:
        assert shell.run_cell(source).error_in_exec is not None
    finally:
        shell._showtraceback = saved
        shell.set_custom_exc((), None)
    return "\n".join(shown)


def test_errors_show_the_students_cell_and_line_and_nothing_of_the_grader(shell):
    shell.execution_count = 7
    sandbox.run_cell(
        "def linear_backward(dout, cache):\n"
        "    X, W, b = cache\n"
        "    raise ValueError('dW has the wrong shape')\n",
        shell,
    )
    shell.user_ns["dout"], shell.user_ns["cache"] = 1.0, (1, 2, 3)
    text = _shown(shell, "x = 1\ndX, dW, db = linear_backward(dout, cache)\n")
    assert "In this cell, line 2:\n    dX, dW, db = linear_backward(dout, cache)" in text, text
    assert (
        "In cell [7], line 3, in linear_backward:\n    raise ValueError('dW has the wrong shape')"
        in text
    ), text
    assert text.endswith("ValueError: dW has the wrong shape"), text
    for internal in ("wire", "worker", "kernel.py", "launch", str(launch.HERE.parent.parent), "/"):
        assert internal not in text, (internal, text)
    shell.user_ns.pop("linear_backward")


def test_an_error_in_the_students_own_cell_shows_its_line_and_the_library_that_raised(shell):
    shell.execution_count = 4
    with pytest.raises(ValueError) as info:
        sandbox.run_cell("import numpy\nx = 1\ny = numpy.ones(2) @ numpy.ones(3)\n", shell)
    lines = sandbox.error_lines(shell.user_ns, info.value, None)
    assert lines[:2] == ["In cell [4], line 3:", "    y = numpy.ones(2) @ numpy.ones(3)"], lines
    assert lines[-1].startswith("ValueError: matmul"), lines
    with pytest.raises(ZeroDivisionError) as info:
        sandbox.run_cell("def f():\n    return 1 / 0\n\nf()\n", shell)
    text = "\n".join(sandbox.error_lines(shell.user_ns, info.value, None))
    assert "line 2, in f:\n    return 1 / 0" in text and "/" not in text.replace("1 / 0", "")


def test_no_sandbox_no_grading(monkeypatch):
    monkeypatch.setattr(launch.shutil, "which", lambda name: None)
    with pytest.raises(launch.SandboxUnavailable, match="bubblewrap"):
        launch.check_available()


def test_referenced_names_include_nested_code():
    names = sandbox.referenced_names("def f(x):\n    return g(np.exp(x))\n")
    assert {"g", "np", "exp"} <= names
    assert sandbox.referenced_names("def f(:") == set()


def test_without_the_sandbox_the_tests_are_still_apart(shell, monkeypatch):
    """--no-sandbox: a plain process, as the grader's user, but still not the tests' process."""
    settings = launch.Limits(isolation="none")
    monkeypatch.setenv(sandbox.LIMITS_VARIABLE, settings.to_json())
    launch.check_available(settings)
    sandbox.run_cell(
        "import os\nnp.allclose = lambda *a, **k: True\ndef where():\n    return os.getpid()\n",
        shell,
    )
    assert shell.user_ns["where"]() not in (1, os.getpid())
    assert not np.allclose(0.0, 1.0)


# -- the memory cap: the student's process alone, and never too small to start -------------------


def test_a_cap_too_small_to_start_is_refused_with_the_measured_minimum():
    with pytest.raises(launch.MemoryLimitTooSmall) as info:
        launch.check_available(launch.Limits(memory=40 * 1024**2))
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message and "bubblewrap" not in message
    minimum = int(re.search(r"needs at least (\d+)M", message).group(1)) * 1024**2
    assert minimum > 40 * 1024**2
    launch.check_available(launch.Limits(memory=minimum))  # the minimum given is enough to start
    # and it is no guess: the process started under its start-up peak alone cannot import numpy
    _, peak = launch.minimum_memory(launch.Limits())
    with pytest.raises(launch.SandboxUnavailable):
        launch._probe(launch.Limits(memory=peak - 16 * 1024**2))


@pytest.mark.parametrize("size", ["1", "1M", "40M"])
def test_grade_refuses_a_cap_too_small_in_one_line_before_anything_is_made(tmp_path, capsys, size):
    from autograder.cli import main

    (tmp_path / "subs" / "alice").mkdir(parents=True)
    shutil.copy(CHAPTERS / "04_backpropagation.ipynb", tmp_path / "subs" / "alice")
    course = tmp_path / "course"
    argv = ["grade", str(tmp_path / "subs"), "--course", str(course), "--memory", size]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and re.search(r"needs at least \d+M", err), err
    assert "bubblewrap" not in err and "ImportError" not in err and not course.exists()


@pytest.mark.parametrize("size", ["0", "abc", "-5M"])
def test_silly_memory_values_get_one_line_and_exit_status_2(tmp_path, capsys, size):
    from autograder.cli import main

    with pytest.raises(SystemExit) as info:
        main(["grade", str(tmp_path), "--course", str(tmp_path / "c"), "--memory", size])
    err = capsys.readouterr().err.strip()
    assert info.value.code == 2 and len(err.splitlines()) == 1 and "--memory" in err, err
