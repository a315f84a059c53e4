"""The student's side of a split grading kernel: runs the student's cells, nothing else.

Started by :mod:`autograder.sandbox` inside the sandbox, with this file and ``wire.py`` beside it
and two pipe descriptors on its command line (requests in, replies out). It holds the student's
namespace and answers three requests from the grading kernel:

``exec``  run a cell the student wrote; reply with the names it (re)bound and what it printed;
``call``  call one of the student's objects (the tests call the student's functions this way);
          callbacks the student's code makes into the grading kernel (a loss function handed to
          ``numerical_gradient``, an earlier chapter's function) go back over the same pipe.

Every request may carry ``bind``: names the grading kernel's namespace gives the student's code
(``np``, an earlier chapter's function, a function a hidden test substituted).
"""

from __future__ import annotations

import builtins
import io
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
    def __init__(self, conn: wire.Connection):
        self.conn = conn
        self.namespace = {"__name__": "__main__", "__builtins__": builtins}

    def captured(self, run):
        """Run ``run()`` with stdout and stderr captured; return (value, out, err)."""
        out, err = CappedText(), CappedText()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            return run(), out, err
        finally:
            sys.stdout, sys.stderr = saved
            self.last_output = out.text(), err.text()

    def bind(self, header: dict, buffers) -> None:
        if "bind" in header:
            self.namespace.update(self.conn.decode(header["bind"], buffers))

    def serve(self, header: dict, buffers) -> tuple[dict, list]:
        self.last_output = ("", "")
        try:
            self.bind(header, buffers)
        except BaseException as err:  # noqa: BLE001
            return wire.error_reply(err, traceback.format_exc()), []
        if header.get("op") == "exec":
            reply, out = self.execute(str(header.get("source", "")))
        elif header.get("op") == "call":
            reply, out = self.conn.serve_call(header, buffers, run=self._run_captured)
        else:
            reply, out = wire.error_reply(ValueError(f"unknown request {header.get('op')!r}")), []
        reply["stdout"], reply["stderr"] = self.last_output
        return reply, out

    def _run_captured(self, run):
        return self.captured(run)[0]

    def execute(self, source: str) -> tuple[dict, list]:
        before = {name: id(value) for name, value in self.namespace.items()}
        try:
            code = compile(source, "<your cell>", "exec")
            self.captured(lambda: exec(code, self.namespace))
        except BaseException as err:  # noqa: BLE001 - the student's error goes back as a reply
            lines = traceback.format_exception(err)
            # drop the frames of this file: the student's code starts at "<your cell>"
            text = "".join(line for line in lines if __file__ not in line)
            return wire.error_reply(err, text), []
        changed = {
            name: value
            for name, value in self.namespace.items()
            if not name.startswith("__") and before.get(name) != id(value)
        }
        tree, buffers = self.conn.encode(changed)
        return {"op": "result", "value": tree}, buffers


def main(read_fd: int, write_fd: int) -> None:
    conn = wire.Connection(read_fd, write_fd, serve=None, modules=True)
    student = Student(conn)
    conn.serve = student.serve
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
    main(stdin_fd, stdout_fd)
