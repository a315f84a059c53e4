"""The wire between the grading kernel and the sandbox that runs a student's code.

Both ends import this module (the sandbox gets this file alone, bound read-only, with numpy and
the standard library). A message is one frame on a pipe::

    b"NNLW" | u64 length | u32 header length | JSON header | buffer | buffer | ...

(the header lists the buffers' sizes under ``"$sizes"``).

Values travel as *data* only, never as pickles: nothing the student's process sends can make the
grading kernel run code. What crosses:

* ``None``, ``bool``, ``int``, ``float`` (NaN and infinities too), ``complex``, ``str``;
* ``list``, ``tuple``, ``dict`` of those (keys: str, int, float, bool, None, tuple);
* numpy arrays and scalars of boolean, integer, floating or complex dtype (raw bytes);
* anything else (a function, a module, an object of a student's class) as a *handle*: a number
  the owning side resolves to its own object. The other side gets a :class:`Handle` in its
  place; calling it asks the owner to call the object (:meth:`Connection.call`), passing it back
  gives the owner its own object again.
"""

from __future__ import annotations

import json
import linecache
import math
import os
import struct

import numpy as np

MAGIC = b"NNLW"
READ_SIZE = 1 << 16  # bytes asked of the pipe at least, whatever the message needs
MAX_MESSAGE = 1 << 30  # bytes; a larger frame is refused (the student's process is not trusted)
_DTYPE_KINDS = "biufc"


class WireError(Exception):
    """The other end sent something that is not a valid message, or went away."""


class Handle:
    """Stands for an object that lives on the other side of a :class:`Connection`."""

    __slots__ = ("_conn", "_id", "_kind", "_name", "__weakref__")

    def __init__(self, conn: Connection, hid: int, kind: str, name: str):
        self._conn, self._id, self._kind, self._name = conn, hid, kind, name

    def __call__(self, *args, **kwargs):
        return self._conn.call(self, args, kwargs)

    def __repr__(self) -> str:
        return f"<{self._name} (runs in the other process)>"


def _encode(value, conn: Connection, buffers: list):
    if isinstance(value, np.ndarray | np.generic):  # first: np.float64 is also a float
        if value.dtype.kind not in _DTYPE_KINDS:
            return conn.export(value)
        array = np.asarray(value)  # (not ascontiguousarray: it turns shape () into (1,))
        buffers.append(array.tobytes(order="C"))
        kind = "$a" if isinstance(value, np.ndarray) else "$s"
        return {kind: len(buffers) - 1, "dt": array.dtype.str, "sh": list(array.shape)}
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return value if abs(value) < 2**63 else {"$big": str(value)}
    if type(value) is float:
        return value if math.isfinite(value) else {"$f": repr(value)}
    if type(value) is complex:
        return {"$c": [_encode(value.real, conn, buffers), _encode(value.imag, conn, buffers)]}
    if type(value) in (list, tuple):
        return {"$l" if type(value) is list else "$t": [_encode(v, conn, buffers) for v in value]}
    if type(value) is dict and all(_is_key(k) for k in value):
        return {
            "$d": [[_encode(k, conn, buffers), _encode(v, conn, buffers)] for k, v in value.items()]
        }
    if isinstance(value, Handle) and value._conn is conn:
        return {"$yours": value._id}  # back to its owner
    return conn.export(value)


def _is_key(key) -> bool:
    if isinstance(key, tuple):
        return all(_is_key(k) for k in key)
    return key is None or isinstance(key, bool | int | float | str)


def _decode(tree, conn: Connection, buffers: list):
    if not isinstance(tree, dict):
        if tree is None or isinstance(tree, bool | int | float | str):
            return tree
        raise WireError(f"unexpected value in a message: {type(tree).__name__}")
    if "$f" in tree:
        return float(tree["$f"])
    if "$big" in tree:
        return int(tree["$big"])
    if "$c" in tree:
        return complex(*(_decode(v, conn, buffers) for v in tree["$c"]))
    if "$a" in tree or "$s" in tree:
        dtype = np.dtype(tree["dt"])
        if dtype.kind not in _DTYPE_KINDS or dtype.hasobject:
            raise WireError(f"refused array dtype {dtype}")
        shape = tuple(int(n) for n in tree["sh"])
        raw = buffers[int(tree.get("$a", tree.get("$s")))]
        if len(raw) != dtype.itemsize * math.prod(shape):
            raise WireError("array size does not match its shape")
        array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        return array if "$a" in tree else array[()]
    if "$l" in tree:
        return [_decode(v, conn, buffers) for v in tree["$l"]]
    if "$t" in tree:
        return tuple(_decode(v, conn, buffers) for v in tree["$t"])
    if "$d" in tree:
        return {_key(_decode(k, conn, buffers)): _decode(v, conn, buffers) for k, v in tree["$d"]}
    if "$h" in tree:  # an object of the other side
        return Handle(
            conn, int(tree["$h"]), str(tree.get("kind", "obj")), str(tree.get("name", ""))
        )
    if "$yours" in tree:  # one of ours, coming back
        try:
            return conn.objects[int(tree["$yours"])]
        except KeyError:
            raise WireError("a handle that this side never gave out") from None
    if "$m" in tree:
        return conn.import_module(str(tree["$m"]))
    raise WireError(f"unknown value tag in a message: {sorted(tree)[:3]}")


def _key(key):
    return tuple(_key(k) for k in key) if isinstance(key, list) else key


class Connection:
    """One end of the wire: frames over two file descriptors, and the objects it handed out.

    ``serve`` handles a request from the other side (``{"op": "call" | "exec", ...}``) and
    returns the reply message; :meth:`request` sends a request and serves the other side's
    nested requests (a callback) until the reply arrives. Both ends run the same loop.
    """

    def __init__(self, read_fd: int, write_fd: int, serve, *, modules: bool = False):
        self.read_fd, self.write_fd, self.serve = read_fd, write_fd, serve
        self.objects: dict[int, object] = {}
        self._accept_modules = modules
        self._inbox = bytearray()  # read from the pipe, not yet taken

    # -- values -----------------------------------------------------------------------------

    def export(self, obj) -> dict:
        self.objects[id(obj)] = obj
        if isinstance(obj, type(os)):
            return {"$m": obj.__name__} if self._accept_modules is False else {"$h": id(obj)}
        kind = "fn" if callable(obj) else "obj"
        name = getattr(obj, "__qualname__", None) or type(obj).__name__
        return {"$h": id(obj), "kind": kind, "name": str(name)}

    def import_module(self, name: str):
        if not self._accept_modules:
            raise WireError("this side does not import modules for the other side")
        import importlib

        return importlib.import_module(name)

    def encode(self, value) -> tuple[object, list]:
        buffers: list[bytes] = []
        return _encode(value, self, buffers), buffers

    def decode(self, tree, buffers):
        return _decode(tree, self, buffers)

    # -- frames -----------------------------------------------------------------------------

    def send(self, header: dict, buffers: list[bytes] = ()) -> None:
        head = json.dumps({**header, "$sizes": [len(b) for b in buffers]}).encode()
        total = 4 + len(head) + sum(len(b) for b in buffers)
        prefix = MAGIC + struct.pack("<QI", total, len(head))
        view = memoryview(b"".join([prefix, head, *buffers]))
        while view:
            view = view[os.write(self.write_fd, view) :]

    def wait_readable(self) -> None:
        """Called before each read; the read blocks until the other side sends something.

        A subclass may watch the other process while it waits (:mod:`autograder.sandbox`).
        """

    def _read_exactly(self, n: int) -> bytes:
        """The next ``n`` bytes. A read takes what the pipe holds, up to :data:`READ_SIZE` (at
        least): a message's prefix and its frame come in one read, and the frame is then taken
        without a second wait (the kernel's side watches the student process at each)."""
        while len(self._inbox) < n:
            self.wait_readable()
            chunk = os.read(self.read_fd, min(max(n - len(self._inbox), READ_SIZE), 1 << 20))
            if not chunk:
                raise WireError("the other process closed the connection")
            self._inbox += chunk
        taken = bytes(self._inbox[:n])
        del self._inbox[:n]
        return taken

    def receive(self) -> tuple[dict, list[bytes]]:
        prefix = self._read_exactly(12)
        if prefix[:4] != MAGIC:
            raise WireError("garbage on the wire (not a message)")
        (total,) = struct.unpack("<Q", prefix[4:])
        if total > MAX_MESSAGE:
            raise WireError(f"message of {total} bytes refused (limit {MAX_MESSAGE})")
        frame = self._read_exactly(total) if total else b""
        try:
            (head_len,) = struct.unpack_from("<I", frame, 0)
            header = json.loads(frame[4 : 4 + head_len])
            sizes = header.pop("$sizes")
            at, buffers = 4 + head_len, []
            for size in sizes:
                buffers.append(frame[at : at + int(size)])
                at += int(size)
        except (struct.error, ValueError, TypeError, KeyError, AttributeError) as err:
            raise WireError(f"malformed message: {err!r}") from None
        if at != total:
            raise WireError("malformed message (its parts do not add up)")
        return header, buffers

    # -- requests ---------------------------------------------------------------------------

    def request(self, header: dict, buffers: list[bytes] = ()) -> tuple[dict, list[bytes]]:
        """Send a request; serve the other side's requests until our reply comes back."""
        self.send(header, buffers)
        return self.wait_reply()

    def wait_reply(self) -> tuple[dict, list[bytes]]:
        while True:
            reply, reply_buffers = self.receive()
            if reply.get("op") in ("result", "error"):
                return reply, reply_buffers
            self.send(*self.serve(reply, reply_buffers))

    def call(self, handle: Handle, args: tuple, kwargs: dict):
        """Call the other side's object; arrays it changed in place are changed here too."""
        tree, buffers = self.encode([handle, list(args), kwargs])
        reply, reply_buffers = self.request({"op": "call", "value": tree}, buffers)
        self.on_reply(reply)
        value = self.result(reply, reply_buffers)
        for path, array in self.decode(reply.get("mutated", {"$l": []}), reply_buffers):
            target = _follow([list(args), kwargs], path)
            if isinstance(target, np.ndarray) and target.shape == np.shape(array):
                np.copyto(target, array, casting="unsafe")
        return value

    def on_reply(self, reply: dict) -> None:
        """Called with every reply to :meth:`call` (a subclass shows the output it carries)."""

    def serve_call(self, header: dict, buffers: list[bytes], run=lambda f: f()) -> tuple:
        """Serve a ``call`` request: the reply, with the arrays the call changed in place."""
        try:
            target, args, kwargs = self.decode(header["value"], buffers)
            before = [(path, _contents(array)) for path, array in _arrays([args, kwargs])]
            value = run(lambda: target(*args, **kwargs))
            changed = [
                (path, _follow([args, kwargs], path))
                for path, old in before
                if _contents(_follow([args, kwargs], path)) != old
            ]
            tree, out = self.encode([value, changed])
            return {"op": "result", "value": tree["$l"][0], "mutated": tree["$l"][1]}, out
        except BaseException as err:  # noqa: BLE001 - every failure goes back as a reply
            self.objects[id(err)] = err  # if it comes back unchanged, it is raised as itself
            return dict(error_reply(err, self.error_text(err)), raised=id(err)), []

    def error_text(self, err: BaseException) -> str:
        """The traceback an error reply carries (this side's choice: the student's process
        sends the student's frames, the grading kernel sends none of its own)."""
        return ""

    def exception(self, reply: dict) -> BaseException:
        """The exception an error reply stands for: one of ours coming back is itself."""
        mine = self.objects.get(reply.get("yours")) if isinstance(reply.get("yours"), int) else None
        return mine if isinstance(mine, BaseException) else remote_exception(reply)

    def result(self, reply: dict, buffers: list[bytes]):
        """The value of a ``result`` reply; raise for an ``error`` reply."""
        if reply.get("op") == "error":
            raise self.exception(reply)
        return self.decode(reply.get("value"), buffers)


def _arrays(value, path=()):
    """(path, array) for every array among nested lists, tuples and dicts."""
    if isinstance(value, np.ndarray):
        yield path, value
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _arrays(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str | int):
                yield from _arrays(item, (*path, key))


def _contents(array) -> tuple | None:
    """What an array holds, to tell whether a call changed it (bytes: cheaper than a copy)."""
    if not isinstance(array, np.ndarray):
        return None
    return array.shape, array.dtype.str, array.tobytes()


def _follow(value, path):
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return None
    return value


class RemoteError(Exception):
    """An exception raised in the other process whose type this side does not know."""


def remote_exception(reply: dict) -> BaseException:
    """Rebuild an exception from an error reply: a builtin type by name, else RemoteError."""
    import builtins

    name = str(reply.get("ename", "Exception"))
    message = str(reply.get("evalue", ""))
    kind = getattr(builtins, name, None)
    allowed = isinstance(kind, type) and (issubclass(kind, Exception) or kind is KeyboardInterrupt)
    if not allowed:  # SystemExit and the like must not stop the grading kernel
        kind, message = RemoteError, f"{name}: {message}"
    try:
        error = kind(message)
    except Exception:
        error = RemoteError(f"{name}: {message}")
    error.remote_traceback = str(reply.get("traceback", ""))
    if "raised" in reply:  # the other side's own exception: if it comes back, it is theirs
        error.wire_origin = int(reply["raised"])
    return error


def error_reply(err: BaseException, traceback_text: str = "") -> dict:
    reply = {
        "op": "error",
        "ename": type(err).__name__,
        "evalue": str(err)[:20000],
        "traceback": traceback_text[-20000:],
    }
    if isinstance(getattr(err, "wire_origin", None), int):
        reply["yours"] = err.wire_origin
    return reply


def frame_line(where: str, code, lineno: int) -> str:
    """One frame of a traceback the student sees, on both sides of the wire: "In cell [7],
    line 3, in linear_backward:" and the line of code (``where``: which cell; ``code``: the
    frame's code object). No file path: the cell's lines come from :mod:`linecache`."""
    name = "" if code.co_name == "<module>" else f", in {code.co_name}"
    text = linecache.getline(code.co_filename, lineno).strip()
    return f"In {where}, line {lineno}{name}:" + (f"\n    {text}" if text else "")
