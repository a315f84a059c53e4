"""A split grading kernel: the tests run in one process, the student's code in another.

Stock nbgrader runs a submission's cells and the hidden tests in one kernel, so the student's
code can rewrite whatever the tests rely on (``np.allclose = lambda *a, **k: True``, a helper
the tests call, IPython's hooks) and read what the kernel can read. Here the grading kernel runs
only the instructor's cells (the test cells nbgrader restored from the source, and every cell
whose code is the instructor's own). A cell the student wrote is sent to a second process, the
*student process* (``autograder/worker.py``), started in a sandbox:

* bubblewrap (``bwrap``): no network, its own PID namespace (nothing it starts outlives it), an
  empty root with the Python installation, numpy and ``nnlearn`` read-only, a small tmpfs home
  holding a copy of the submission (the scratch space; gone when the process ends);
* limits: address space, CPU seconds, file size, processes (a cgroup ``pids`` limit where the
  machine lets us create one), output kept per request.

The student's names reach the grading kernel as *data* (arrays, numbers, tuples, dicts: copied)
or as *handles* (functions: calling one runs it in the student process); see
:mod:`autograder.wire`, which never unpickles. The tests therefore run with the grading kernel's
own numpy, checks and reference functions, which no student code can reach: the design is
process separation, not a list of forbidden tricks. A name the instructor's cells bound (a check
helper, a reference function) is never replaced by a student's definition of the same name.

In the student process, the student's code sees the names it references from the grading
kernel's namespace as they are at the time of each request: modules are imported there, data is
copied, functions become callbacks (so a hidden test that substitutes the reference
``linear_backward`` is what the student's ``two_layer_backward`` calls).

Time: the student's code may use ``cell_seconds`` of its *own* time per cell (running or
asleep, not waiting for a CPU or for the grading kernel: :mod:`autograder.owntime`), so a grade
does not depend on how busy the grading machine is. Past that, the student process is
interrupted (:class:`TimeLimit` in the cell); code that does not stop within a further
``INTERRUPT_GRACE`` seconds of own time is killed, with everything it defined.

The kernel reads its settings from the ``NNL_SANDBOX`` environment variable (JSON, written by
:func:`autograder.course.configure`).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder import owntime, wire

HERE = Path(__file__).resolve().parent
SETTINGS_VARIABLE = "NNL_SANDBOX"
INSIDE = "/opt/nnl"  # where wire.py, worker.py and nnlearn appear in the sandbox
HOME = "/home/student"
INTERRUPT_GRACE = 1.0  # seconds of own time the student's code gets to stop when interrupted
POLL_SECONDS = 0.05  # how often the grading kernel looks at the student's own time while waiting


@dataclass
class Settings:
    """Limits and isolation of the student process."""

    isolation: str = "bwrap"  # "bwrap", or "none": a plain process (the instructor's choice)
    memory: int = 2 * 1024**3  # bytes of address space; 0: no limit
    cell_seconds: float = 30  # own time per cell (autograder.owntime); 0: no limit
    cpu_seconds: int = 300  # CPU time over the whole notebook
    file_size: int = 64 * 1024**2  # bytes per file written; also the size of each tmpfs
    processes: int = 64  # tasks in the cgroup (where the machine lets us make one)

    @classmethod
    def from_environment(cls) -> Settings:
        raw = os.environ.get(SETTINGS_VARIABLE)
        return cls(**json.loads(raw)) if raw else cls()

    def to_environment(self) -> str:
        return json.dumps(asdict(self))


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine."""


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


def _time_limit_message(settings: Settings, killed: bool) -> str:
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


# -- starting the student process ------------------------------------------------------------


def _nnlearn_dir() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("nnlearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _bwrap_command(settings: Settings, scratch: Path, info_fd: int) -> list[str]:
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable("bubblewrap is not installed (Debian: apt-get install bubblewrap)")
    cmd = [bwrap, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534"]
    # --as-pid-1: the student's Python is the namespace's init, so the pid bwrap reports is
    # the one to interrupt, and when it ends the kernel ends everything it started
    cmd += ["--die-with-parent", "--new-session", "--as-pid-1", "--info-fd", str(info_fd)]
    # the tmpfs first: a bind mount made earlier under /tmp (a checkout there) would be hidden
    size = str(settings.file_size)
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    cmd += ["--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", HOME]
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        path = Path(top)
        if path.is_symlink():
            cmd += ["--symlink", os.readlink(path), top]
        elif path.is_dir():
            cmd += ["--ro-bind", top, top]
    prefixes = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    for prefix in sorted(prefixes):
        if not str(prefix).startswith("/usr"):
            cmd += ["--ro-bind", str(prefix), str(prefix)]
    for name in ("wire.py", "worker.py"):
        cmd += ["--ro-bind", str(HERE / name), f"{INSIDE}/{name}"]
    nnlearn = _nnlearn_dir()
    if nnlearn is not None:
        cmd += ["--ro-bind", str(nnlearn), f"{INSIDE}/nnlearn"]
    for path in sorted(scratch.iterdir()):
        cmd += ["--ro-bind", str(path), f"{HOME}/{path.name}"]
    cmd += ["--chdir", HOME, "--clearenv"]
    for key, value in _environment(HOME).items():
        cmd += ["--setenv", key, value]
    return cmd


def _environment(home: str) -> dict[str, str]:
    return {
        "HOME": home,
        "PATH": "/usr/bin:/bin",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp",
        "OPENBLAS_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }


def _python_command(inside: str, read_fd: int, write_fd: int) -> list[str]:
    boot = (
        f"import sys; sys.path[:0] = [{inside!r}]; import runpy; "
        f"runpy.run_path({inside + '/worker.py'!r}, run_name='__main__')"
    )
    return [sys.executable, "-I", "-c", boot, str(read_fd), str(write_fd)]


class _PidsCgroup:
    """A cgroup (v1 ``pids`` controller) capping the number of tasks, if we may create one."""

    ROOT = Path("/sys/fs/cgroup/pids")

    def __init__(self, limit: int):
        self.path = None
        if limit <= 0 or not os.access(self.ROOT, os.W_OK):
            return
        try:
            path = self.ROOT / f"nnl-{os.getpid()}-{time.monotonic_ns()}"
            path.mkdir()
            (path / "pids.max").write_text(str(limit))
            self.path = path
        except OSError:
            self.path = None

    def join_path(self) -> str | None:
        return str(self.path / "cgroup.procs") if self.path else None

    def remove(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            for pid in (self.path / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):
                    os.kill(int(pid), signal.SIGKILL)
        for _ in range(50):
            try:
                self.path.rmdir()
                break
            except OSError:
                time.sleep(0.02)
        self.path = None


def _limit(settings: Settings, cgroup_procs: str | None):
    """The function run in the child between fork and exec: limits, cgroup, death signal."""
    import resource

    def apply():
        if cgroup_procs:
            with open(cgroup_procs, "w") as fh:
                fh.write(str(os.getpid()))
        if settings.memory > 0:
            resource.setrlimit(resource.RLIMIT_AS, (settings.memory, settings.memory))
        cpu = settings.cpu_seconds
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (settings.file_size, settings.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        with contextlib.suppress(Exception):  # die with the grading kernel (Linux)
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

    return apply


class StudentProcess:
    """The sandboxed process that runs the student's cells, and the pipe to it."""

    def __init__(self, settings: Settings, submission_dir: Path):
        self.settings = settings
        self.scratch = Path(tempfile.mkdtemp(prefix="nnl-scratch-"))
        for path in Path(submission_dir).glob("*.ipynb"):
            shutil.copyfile(path, self.scratch / path.name)
        self.cgroup = _PidsCgroup(settings.processes)
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        fds = [to_child, to_parent]
        if settings.isolation == "bwrap":
            info_read, info_write = os.pipe()
            fds.append(info_write)
            cmd = _bwrap_command(settings, self.scratch, info_write) + _python_command(
                INSIDE, to_child, to_parent
            )
            cwd = None
        else:
            info_read = info_write = None
            shutil.copyfile(HERE / "wire.py", self.scratch / "wire.py")
            shutil.copyfile(HERE / "worker.py", self.scratch / "worker.py")
            cmd = _python_command(str(self.scratch), to_child, to_parent)
            cwd = self.scratch
        env = None if settings.isolation == "bwrap" else _environment(str(self.scratch))
        try:
            self.proc = subprocess.Popen(
                cmd,
                pass_fds=fds,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=cwd,
                env=env,
                start_new_session=True,
                preexec_fn=_limit(settings, self.cgroup.join_path()),
            )
        finally:
            for fd in (to_child, to_parent, info_write):
                if fd is not None:
                    os.close(fd)
        self.pid = self.proc.pid
        if info_read is not None:
            self.pid = self._child_pid(info_read)
        self.conn = KernelSide(from_child, from_parent, self)

    def _child_pid(self, info_read: int) -> int:
        with os.fdopen(info_read) as info:
            text = info.read()  # bwrap closes it once the child runs
        try:
            return int(json.loads(text)["child-pid"])
        except (ValueError, KeyError):
            self.proc.wait(timeout=10)
            error = self.proc.stderr.read().decode(errors="replace").strip()
            raise SandboxUnavailable(f"bubblewrap could not start: {error or text}") from None

    def interrupt(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGINT)

    def stop(self) -> None:
        """Kill the student process and everything it started; remove the scratch space."""
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)
        self.cgroup.remove()
        for fd in (self.conn.read_fd, self.conn.write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.conn.dead = "it was stopped"
        self.conn.meter.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


# -- the grading kernel's side ---------------------------------------------------------------


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

    def __init__(self, read_fd: int, write_fd: int, process: StudentProcess):
        super().__init__(read_fd, write_fd, serve=self._serve_callback)
        self.process = process
        self.dead: str | None = None
        self.namespace: dict = {}
        self.referenced: set[str] = set()
        self.sent: dict[str, int] = {}
        self.from_student: dict[str, int] = {}
        self.test_names: set[str] = set()
        self.ipython_names: set[str] = set()
        self.meter = owntime.Meter(process.pid)
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
            self._lose(_exit_description(self.process, err))
        finally:
            self.depth -= 1
            if outermost:
                self.meter.end()
        if outermost and self.stopping is not None:
            self.stopping = None  # the student's code stopped when interrupted, in its grace
            raise TimeLimit(_time_limit_message(self.process.settings, killed=False))
        return reply

    def wait_readable(self) -> None:
        """Wait for the student process, charging it its own time; stop it when it is over."""
        self.meter.waiting()
        while True:
            before = self.meter.kernel_delay()
            if select.select([self.read_fd], [], [], POLL_SECONDS)[0]:
                self.meter.woken(self.meter.kernel_delay() - before)
                return
            self.meter.woken(None)
            self._watch()

    def _watch(self) -> None:
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
        return self.serve_call(header, buffers)

    def _lose(self, why: str, killed: bool = False):
        self.process.stop()
        self.dead = why
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


def _exit_description(process: StudentProcess, err: BaseException) -> str:
    try:
        code = process.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        return f"the connection broke ({err})"
    if code < 0:
        name = signal.Signals(-code).name
        if -code == signal.SIGXCPU:
            return f"it used up its CPU time ({process.settings.cpu_seconds} s)"
        return f"it was killed by {name}"
    return f"it exited with status {code} (os._exit, a crash, or out of memory)"


# -- what a replaced cell calls in the grading kernel ----------------------------------------

_process: StudentProcess | None = None


_test_names: set[str] = set()
TEST_CELL_MARK = "# nnl: test cell\n"
"""The grader starts the source it sends for a test cell with this line (see execute.py)."""


def stop() -> None:
    """Stop the student process of this kernel, if there is one (tests; kernel shutdown)."""
    global _process
    if _process is not None:
        _process.stop()
        _process = None


def _student(shell) -> StudentProcess:
    global _process
    if _process is None or _process.conn.dead:
        _process = StudentProcess(Settings.from_environment(), Path.cwd())
        import atexit

        atexit.register(_process.stop)
    conn = _process.conn
    conn.namespace = shell.user_ns
    conn.test_names = _test_names
    conn.ipython_names = set(shell.user_ns_hidden)
    return _process


def install(shell=None) -> None:
    """Run at kernel start: remember the names each test cell binds (never shown to the
    student's code)."""
    from IPython import get_ipython

    shell = shell or get_ipython()
    before: dict[str, int] = {}

    def pre_run_cell(info):
        if _process is not None:  # each cell has its own time limit
            _process.conn.meter.new_cell()
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
    _exit_with_parent()


def _exit_with_parent() -> None:
    """End this kernel (and with it the student process) if the grader that started it dies:
    a grading run killed with SIGKILL leaves nothing running."""
    import threading

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        if _process is not None:
            _process.stop()
        os._exit(1)

    threading.Thread(target=watch, name="nnl-parent-watch", daemon=True).start()


def run_cell(source: str, shell=None) -> None:
    """Run a cell the student wrote in the student process (called from the grading kernel)."""
    from IPython import get_ipython

    shell = shell or get_ipython()
    process = _student(shell)
    conn = process.conn
    conn.referenced |= referenced_names(source)
    reply, buffers = conn.request({"op": "exec", "source": source})
    conn.reply_output(reply)
    if reply.get("op") == "error":
        error = wire.remote_exception(reply)
        text = str(reply.get("traceback", "")).rstrip() or f"{error!r}"
        error._render_traceback_ = lambda: text.splitlines()
        raise error
    names = conn.decode(reply.get("value"), buffers)
    for name, value in names.items():
        current = shell.user_ns.get(name, _MISSING)
        if current is not _MISSING and conn.from_student.get(name) != id(current):
            continue  # the instructor's cells bound this name: the tests keep theirs
        shell.user_ns[name] = value
        conn.from_student[name] = conn.sent[name] = id(value)


_MISSING = object()


def check_available(settings: Settings | None = None) -> None:
    """Start a student process and stop it; raise :class:`SandboxUnavailable` if it fails."""
    settings = settings or Settings()
    with tempfile.TemporaryDirectory(prefix="nnl-probe-") as tmp:
        try:
            process = StudentProcess(settings, Path(tmp))
        except (OSError, SandboxUnavailable) as err:
            raise SandboxUnavailable(str(err)) from None
        try:
            reply, buffers = process.conn.request({"op": "exec", "source": "import numpy"})
            if reply.get("op") != "result":
                raise SandboxUnavailable(f"the sandboxed Python failed: {reply.get('evalue')}")
        except StudentProcessLost as err:
            stderr = process.proc.stderr.read().decode(errors="replace").strip()
            raise SandboxUnavailable(f"{err} {stderr}") from None
        finally:
            process.stop()
