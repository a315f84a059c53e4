"""The grading kernel's side of a split kernel: the tests run here, the student's code elsewhere.

Stock nbgrader runs a submission's cells and the hidden tests in one kernel, so the student's
code can rewrite whatever the tests rely on (``np.allclose = lambda *a, **k: True``, a helper
the tests call, IPython's hooks) and read what the kernel can read. Here the grading kernel runs
only the instructor's cells (the test cells nbgrader restored from the source, and every cell
whose code is the instructor's own: :mod:`autograder.pipeline.execute`). A cell the student
wrote is sent to the sandboxed student process (:mod:`autograder.sandbox.launch`) with
:func:`run_cell`.

The student's names reach the grading kernel as *data* (arrays, numbers, tuples, dicts: copied)
or as *handles* (functions: calling one runs it in the student process); see
:mod:`autograder.sandbox.wire`, which never unpickles. The tests therefore run with the grading
kernel's own numpy, checks and reference functions, which no student code can reach: the design
is process separation, not a list of forbidden tricks. A name the instructor's cells bound (a
check helper, a reference function) is never replaced by a student's definition of the same name.

In the student process, the student's code sees the names it references from the grading
kernel's namespace as they are at the time of each request: modules are imported there, data is
copied, functions become callbacks (so a hidden test that substitutes the reference
``linear_backward`` is what the student's ``two_layer_backward`` calls).

Time: the student's code may use ``cell_seconds`` of its *own* time per cell (running or
asleep, not waiting for a CPU or for the grading kernel: :mod:`autograder.sandbox.owntime`), so
a grade does not depend on how busy the grading machine is. Past that, the student process is
interrupted (:class:`TimeLimit` in the cell); code that does not stop within a further
``INTERRUPT_GRACE`` seconds of own time is killed, with everything it defined.

Errors: the grading kernel shows every error of a cell (IPython's custom exception handler,
:func:`error_lines`) as the notebook's lines that led to it and the student's own frames ("In
cell [7], line 3, in linear_backward:" and the line, sent by the student process), never a frame
of this package, nbgrader or a library, nor a file path of the grading machine.

The kernel's limits come in its environment (``NNL_SANDBOX``, the JSON of
:class:`~autograder.sandbox.launch.Limits`), set for the kernel's process alone by
:class:`~autograder.pipeline.execute.BoundedExecute`.
"""

from __future__ import annotations

import linecache
import os
import select
import sys
import time
import traceback
import types
from pathlib import Path

from autograder.sandbox import owntime, wire
from autograder.sandbox.launch import Limits, StudentProcess

LIMITS_VARIABLE = "NNL_SANDBOX"
INTERRUPT_GRACE = 1.0  # seconds of own time the student's code gets to stop when interrupted
POLL_SECONDS = 0.05  # how often the grading kernel looks at the student's own time while waiting


class _OneLine(Exception):
    """An exception whose message says it all: IPython shows no traceback for it."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class StudentProcessLost(_OneLine):
    """The student's process stopped (it exited, crashed, hung or ran out of memory)."""


class TimeLimit(_OneLine):
    """The student's code used up its own time in a cell and stopped when interrupted."""


class WallClockLimit(_OneLine):
    """A cell ran past the grading machine's wall-clock ceiling (the last resort)."""


def _time_limit_message(settings: Limits, killed: bool) -> str:
    head = (
        f"your code ran for more than the time limit of {settings.cell_seconds:g} s per cell "
        "(its own time: running or asleep, not counting time the machine was busy with other "
        "work)"
    )
    if killed:
        return (
            f"{head} and did not stop when interrupted, so its process was killed. Later cells "
            "that use your functions fail. A loop that never ends is the usual cause: check "
            "the condition of every `while` loop, and that catching KeyboardInterrupt or "
            "ignoring SIGINT does not keep it going."
        )
    return (
        f"{head}, so it was interrupted. A loop that never ends is the usual cause: check the "
        "condition of every `while` loop and the number of steps of every `for` loop."
    )


# -- the grading kernel's end of the wire ---------------------------------------------


def referenced_names(source: str) -> set[str]:
    """Every name the code of ``source`` may look up (globals, attributes), nested code too."""
    try:
        code = compile(source, "<cell>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return set()
    names, todo = set(), [code]
    while todo:
        current = todo.pop()
        names.update(current.co_names)
        todo.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return names


class KernelSide(wire.Connection):
    """The grading kernel's end of the wire: requests carry the namespace the student's code
    references; an interrupt is passed on; a lost process becomes one clear exception."""

    def __init__(self, process: StudentProcess):
        super().__init__(process.read_fd, process.write_fd, serve=self._serve_callback)
        self.process = process
        self.dead: str | None = None
        self.namespace: dict = {}
        self.referenced: set[str] = set()
        self.sent: dict[str, int] = {}
        self.from_student: dict[str, int] = {}
        self.test_names: set[str] = set()
        self.ipython_names: set[str] = set()
        self.meter = owntime.Meter(process.pid)
        self.watched = 0.0  # when the student's own time was last looked at (monotonic)
        self.depth = 0  # requests under way (a callback may make one of its own)
        self.stopping: float | None = None  # own time when it was interrupted for its limit

    def bindings(self) -> dict:
        """Names the student's code references, as they are now here, if they changed.

        Never sent: names the test cells bound (hidden tests' helpers and reference functions),
        private names (``_x``) and IPython's own, unless the name is one the student defined
        (a test substituted a reference function for it).
        """
        bind = {}
        for name in sorted(self.referenced & self.namespace.keys()):
            value = self.namespace[name]
            if self.sent.get(name) == id(value):
                continue  # the student process has this value already
            if isinstance(value, wire.Handle) and value._conn is not self:
                continue  # from a student process that has stopped
            hidden = name in self.test_names or name in self.ipython_names or name[:1] == "_"
            if hidden and name not in self.from_student:
                continue
            bind[name] = value
            self.sent[name] = id(value)
        return bind

    def request(self, header: dict, buffers=()):
        if self.dead:
            raise StudentProcessLost(
                f"the process running your code is gone ({self.dead}), and the functions it "
                "defined with it. Cells after that one cannot use them."
            )
        tree, bind_buffers = self.encode(self.bindings())
        header = dict(header, bind=_shift(tree, len(buffers)))
        outermost = self.depth == 0  # a callback may make requests of its own
        if outermost:
            self.meter.begin()
        self.depth += 1
        try:
            reply = super().request(header, list(buffers) + bind_buffers)
        except KeyboardInterrupt:  # the wall-clock ceiling: nbgrader interrupted this kernel
            self._stop_after_interrupt()
        except (wire.WireError, BrokenPipeError, OSError) as err:
            self._lose(self.process.exit_description(err))
        finally:
            self.depth -= 1
            if outermost:
                self.meter.end()
        if outermost and self.stopping is not None:
            self.stopping = None  # the student's code stopped when interrupted, in its grace
            raise TimeLimit(_time_limit_message(self.process.settings, killed=False))
        return reply

    def wait_readable(self) -> None:
        """Wait for the student process, charging it its own time; stop it when it is over
        (looked at every ``POLL_SECONDS``, however often messages come: a loop of callbacks
        never leaves the kernel waiting that long)."""
        self.meter.waiting()
        while True:
            before = self.meter.kernel_delay()
            came = select.select([self.read_fd], [], [], POLL_SECONDS)[0]
            self.meter.woken(self.meter.kernel_delay() - before if came else None)
            if time.monotonic() - self.watched >= POLL_SECONDS:
                self._watch()
            if came:
                return

    def _watch(self) -> None:
        self.watched = time.monotonic()
        charged = self.meter.charged()
        limit = self.process.settings.cell_seconds
        if self.stopping is None:
            if limit > 0 and charged > limit:
                self.process.interrupt()
                self.stopping = charged
        elif charged > self.stopping + INTERRUPT_GRACE:
            self.stopping = None
            self._lose(_time_limit_message(self.process.settings, killed=True), killed=True)

    def _stop_after_interrupt(self):
        """The kernel was interrupted while the student's code ran: interrupt that code, give
        it its grace of own time to stop, then raise :class:`WallClockLimit`."""
        self.process.interrupt()
        self.stopping = self.meter.charged()
        try:
            self.wait_reply()  # _watch kills it if it does not stop in its grace
        except (wire.WireError, OSError, KeyboardInterrupt):
            self._lose("it did not stop when interrupted, so it was killed")
        finally:
            self.stopping = None
        raise WallClockLimit(
            "this cell ran past the wall-clock ceiling of the grading machine and was stopped; "
            f"your code had used {self.meter.charged():.1f} s of its own time, within its limit "
            f"of {self.process.settings.cell_seconds:g} s per cell. The grading machine was "
            "probably overloaded: your instructor can grade the notebook again."
        )

    def _serve_callback(self, header, buffers):
        if header.get("op") != "call":
            return wire.error_reply(ValueError("the student process may only call back")), []
        return self.serve_call(header, buffers, run=self.meter.serve)

    def close(self, why: str = "it was stopped") -> None:
        """Stop the student process; later requests fail with ``why``."""
        self.process.stop()
        self.meter.close()
        self.dead = self.dead or why

    def _lose(self, why: str, killed: bool = False):
        self.close(why)
        if killed:
            raise StudentProcessLost(why) from None
        raise StudentProcessLost(
            f"the process running your code stopped while running this cell: {why}. "
            "Later cells that use your functions fail."
        ) from None

    def reply_output(self, reply: dict) -> None:
        """Show what the student's code printed, as the cell's own output."""
        if reply.get("stdout"):
            sys.stdout.write(str(reply["stdout"]))
        if reply.get("stderr"):
            sys.stderr.write(str(reply["stderr"]))

    def call(self, handle, args, kwargs):
        if handle._conn is not self:
            raise StudentProcessLost(
                "this function was defined by your code in a process that has since stopped"
            )
        return super().call(handle, args, kwargs)

    on_reply = reply_output


def _shift(tree, offset: int):
    """Renumber the buffer indexes of an encoded value (bindings travel after the payload)."""
    if isinstance(tree, list):
        return [_shift(t, offset) for t in tree]
    if not isinstance(tree, dict):
        return tree
    out = {k: _shift(v, offset) for k, v in tree.items()}
    for key in ("$a", "$s"):
        if key in tree:
            out[key] = tree[key] + offset
    return out


# -- what a replaced cell calls in the grading kernel ----------------------------------------

_conn: KernelSide | None = None  # to this kernel's student process, once one runs
_test_names: set[str] = set()
_cell_number: int | None = None  # the "In [N]" of the cell running now (set by install's hook)
TEST_CELL_MARK = "# nnl: test cell\n"
"""The grader starts the source it sends for a test cell with this line (see execute.py)."""


def stop() -> None:
    """Stop the student process of this kernel, if there is one (tests; kernel shutdown)."""
    global _conn
    if _conn is not None:
        _conn.close()
        _conn = None


def _student(shell) -> KernelSide:
    """The connection to this kernel's student process, started (again) if there is none."""
    global _conn
    if _conn is None or _conn.dead:
        limits = Limits.from_json(os.environ.get(LIMITS_VARIABLE) or Limits().to_json())
        _conn = KernelSide(StudentProcess(limits, Path.cwd()))
        import atexit

        atexit.register(_conn.close)
    _conn.namespace = shell.user_ns
    _conn.test_names = _test_names
    _conn.ipython_names = set(shell.user_ns_hidden)
    return _conn


def install(shell=None) -> None:
    """Run at kernel start: remember the names each test cell binds (never shown to the
    student's code)."""
    from IPython import get_ipython

    shell = shell or get_ipython()
    before: dict[str, int] = {}

    def pre_run_cell(info):
        global _cell_number
        # IPython has counted this cell already: its number (the "In [N]" of the graded
        # notebook) is one less than the shell's count now
        _cell_number = shell.execution_count - 1
        if _conn is not None:  # each cell has its own time limit
            _conn.meter.new_cell()
        before.clear()
        if (info.raw_cell or "").startswith(TEST_CELL_MARK):
            before.update({name: id(value) for name, value in shell.user_ns.items()})
            before["__nnl_test__"] = 1

    def post_run_cell(result):
        if before.pop("__nnl_test__", None):
            _test_names.update(
                name for name, value in shell.user_ns.items() if before.get(name) != id(value)
            )

    shell.events.register("pre_run_cell", pre_run_cell)
    shell.events.register("post_run_cell", post_run_cell)
    shell.set_custom_exc((Exception,), _show_error)
    _exit_with_parent()


def error_lines(namespace: dict, error: BaseException, tb) -> list[str]:
    """The traceback shown for an error in a cell of the grading kernel: the lines of the
    notebook's cells that led to it (this cell's, an earlier cell's function), then the
    student's own frames (cell number, line, code: :meth:`worker.Student.describe`) and the
    error. Never a frame of the grader's machinery (this package, nbgrader, a library) nor any
    file path of the grading machine."""
    if hasattr(error, "_render_traceback_"):  # one of ours, whose message says it all
        return list(error._render_traceback_())
    lines, here = [], None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_globals is not namespace:
            continue  # the grader's modules, nbgrader, numpy: not the notebook's code
        code = frame.f_code
        if linecache.getline(code.co_filename, lineno).strip().startswith("_nnl_sandbox.run_cell("):
            continue  # a cell the student wrote: its own frames follow
        here = here or code.co_filename
        where = "this cell" if code.co_filename == here else "an earlier cell"
        lines.append(wire.frame_line(where, code, lineno))
    student = str(getattr(error, "remote_traceback", "") or "").rstrip()
    if student:
        if lines:
            lines.append("which called your code:")
        lines.append(student)
    else:
        lines.append("".join(traceback.format_exception_only(error)).rstrip())
    return "\n".join(lines).splitlines()


def _show_error(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler (it shows nothing itself: this shows the lines)."""
    lines = error_lines(shell.user_ns, value, tb)
    shell._showtraceback(etype, value, lines)
    return lines


def _exit_with_parent() -> None:
    """End this kernel (and with it the student process) if the grader that started it dies:
    a grading run killed with SIGKILL leaves nothing running."""
    import threading

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        stop()
        os._exit(1)

    threading.Thread(target=watch, name="nnl-parent-watch", daemon=True).start()


def run_cell(source: str, shell=None) -> None:
    """Run a cell the student wrote in the student process (called from the grading kernel)."""
    from IPython import get_ipython

    shell = shell or get_ipython()
    conn = _student(shell)
    conn.referenced |= referenced_names(source)
    number = _cell_number if _cell_number is not None else shell.execution_count
    reply, buffers = conn.request({"op": "exec", "source": source, "cell": number})
    conn.reply_output(reply)
    if reply.get("op") == "error":
        raise wire.remote_exception(reply)
    names = conn.decode(reply.get("value"), buffers)
    for name, value in names.items():
        current = shell.user_ns.get(name, _MISSING)
        if current is not _MISSING and conn.from_student.get(name) != id(current):
            continue  # the instructor's cells bound this name: the tests keep theirs
        shell.user_ns[name] = value
        conn.from_student[name] = conn.sent[name] = id(value)


_MISSING = object()
