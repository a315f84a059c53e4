"""The student's side of a split grading kernel: runs the student's cells, nothing else.

Started by :mod:`autograder.sandbox` inside the sandbox, with this file and ``wire.py`` beside it
and two pipe descriptors on its command line (requests in, replies out). It holds the student's
namespace and answers three requests from the grading kernel:

``exec``  run a cell the student wrote (``cell``: its number, the ``In [N]`` of the graded
          notebook); reply with the names it (re)bound and what it printed;
``call``  call one of the student's objects (the tests call the student's functions this way);
          callbacks the student's code makes into the grading kernel (a loss function handed to
          ``numerical_gradient``, an earlier chapter's function) go back over the same pipe.

Every request may carry ``bind``: names the grading kernel's namespace gives the student's code
(``np``, an earlier chapter's function, a function a hidden test substituted).

An error goes back with a traceback of the student's own frames only (:meth:`Student.describe`:
"In cell [7], line 3, in linear_backward:" and the line), never this process's machinery or a
file path; a ``MemoryError`` says what the memory limit is.
"""

from __future__ import annotations

import builtins
import io
import linecache
import os
import signal
import sys
import traceback

import wire

OUTPUT_LIMIT = 64 * 1024  # characters of stdout + stderr kept per request


class CappedText(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int = OUTPUT_LIMIT):
        self.parts: list[str] = []
        self.kept = self.dropped = 0
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.limit - self.kept
        self.parts.append(text[: max(room, 0)])
        self.kept += min(len(text), max(room, 0))
        self.dropped += max(len(text) - max(room, 0), 0)
        return len(text)

    def text(self) -> str:
        note = f"\n[... {self.dropped} more characters of output not kept]" if self.dropped else ""
        return "".join(self.parts) + note


class Student:
    def __init__(self, conn: wire.Connection, memory: int = 0):
        self.conn = conn
        self.memory = memory  # the process's address-space limit in bytes (0: none)
        self.namespace = {"__name__": "__main__", "__builtins__": builtins}

    def captured(self, run):
        """Run ``run()`` with stdout and stderr captured; return (value, out, err)."""
        out, err = CappedText(), CappedText()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            return self._explained(run), out, err
        finally:
            sys.stdout, sys.stderr = saved
            self.last_output = out.text(), err.text()

    def _explained(self, run):
        """``run()``; a MemoryError says which limit it hit."""
        try:
            return run()
        except MemoryError as err:
            if not self.memory:
                raise
            limit = self.memory / 1024**2
            raise MemoryError(
                f"your code needed more memory than the limit of {limit:.0f} MB for the "
                "process that runs it. An array far larger than the data (a shape that "
                "multiplies where it should add, an (n, n) array from (n,) and (n, 1)) or a "
                "list that grows in a loop that never ends is the usual cause."
            ).with_traceback(err.__traceback__) from None

    def describe(self, err: BaseException) -> str:
        """The traceback the student sees: the frames of the student's cells (their number,
        line and code), where a library raised it, and the error; nothing of this process."""
        lines, library = [], None
        for frame, lineno in traceback.walk_tb(err.__traceback__):
            if frame.f_globals is not self.namespace:
                module = str(frame.f_globals.get("__name__", ""))
                if lines and module not in ("wire", "__main__", "runpy"):
                    library = library or module.split(".")[0]
                continue
            library = None
            where = frame.f_code.co_filename.strip("<>")  # "cell [7]"
            lines.append(wire.frame_line(where, frame.f_code, lineno))
        if library:
            lines.append(f"(raised inside {library}, called from the line above)")
        lines.append("".join(traceback.format_exception_only(err)).rstrip())
        return "\n".join(lines)

    def bind(self, header: dict, buffers) -> None:
        if "bind" in header:
            self.namespace.update(self.conn.decode(header["bind"], buffers))

    def serve(self, header: dict, buffers) -> tuple[dict, list]:
        self.last_output = ("", "")
        try:
            self.bind(header, buffers)
        except BaseException as err:  # noqa: BLE001
            return wire.error_reply(err, traceback.format_exception_only(err)[-1]), []
        if header.get("op") == "exec":
            reply, out = self.execute(str(header.get("source", "")), header.get("cell"))
        elif header.get("op") == "call":
            reply, out = self.conn.serve_call(header, buffers, run=self._run_captured)
        else:
            reply, out = wire.error_reply(ValueError(f"unknown request {header.get('op')!r}")), []
        reply["stdout"], reply["stderr"] = self.last_output
        return reply, out

    def _run_captured(self, run):
        return self.captured(run)[0]

    def execute(self, source: str, cell=None) -> tuple[dict, list]:
        before = {name: id(value) for name, value in self.namespace.items()}
        name = f"<cell [{cell}]>" if isinstance(cell, int) else "<your cell>"
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        try:
            code = compile(source, name, "exec")
            self.captured(lambda: exec(code, self.namespace))
        except BaseException as err:  # noqa: BLE001 - the student's error goes back as a reply
            return wire.error_reply(err, self.describe(err)), []
        changed = {
            name: value
            for name, value in self.namespace.items()
            if not name.startswith("__") and before.get(name) != id(value)
        }
        tree, buffers = self.conn.encode(changed)
        return {"op": "result", "value": tree}, buffers


def main(read_fd: int, write_fd: int, memory: int = 0) -> None:
    conn = wire.Connection(read_fd, write_fd, serve=None, modules=True)
    student = Student(conn, memory)
    conn.serve = student.serve
    conn.error_text = student.describe
    while True:
        try:
            header, buffers = conn.receive()
        except KeyboardInterrupt:  # an interrupt that arrived between requests
            continue
        except wire.WireError:
            return  # the grading kernel went away
        conn.send(*student.serve(header, buffers))


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    stdin_fd, stdout_fd = int(sys.argv[1]), int(sys.argv[2])
    os.chdir(os.environ.get("HOME", "/"))
    main(stdin_fd, stdout_fd, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
