"""Starting the student process: a sandbox of its own, with limits, and a pipe to it.

The student's cells run in a second process, the *student process* (``worker.py`` of this
folder), never in the grading kernel that runs the tests (:mod:`autograder.sandbox.kernel`):

* bubblewrap (``bwrap``): no network, its own PID namespace (nothing it starts outlives it), an
  empty root with the Python installation, numpy and ``nnlearn`` read-only, a small tmpfs home
  holding a copy of the submission (the scratch space; gone when the process ends);
* limits: address space, CPU seconds, file size, processes (a cgroup ``pids`` limit where the
  machine lets us create one), output kept per request.

``isolation="none"`` (``--no-sandbox``, the instructor's explicit choice) starts the same worker
as a plain process of the grader's user: the tests stay apart, the grader's files do not.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSIDE = "/opt/nnl"  # where wire.py, worker.py and nnlearn appear in the sandbox
HOME = "/home/student"


@dataclass(frozen=True)
class Limits:
    """Limits and isolation of the student process."""

    isolation: str = "bwrap"  # "bwrap", or "none": a plain process (the instructor's choice)
    memory: int = 2 * 1024**3  # bytes of address space; 0: no limit
    cell_seconds: float = 30  # own time per cell (autograder.sandbox.owntime); 0: no limit
    cpu_seconds: int = 300  # CPU time over the whole notebook
    file_size: int = 64 * 1024**2  # bytes per file written; also the size of each tmpfs
    processes: int = 64  # tasks in the cgroup (where the machine lets us make one)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Limits:
        return cls(**json.loads(text))


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine."""


def _nnlearn_dir() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("nnlearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _bwrap_command(settings: Limits, scratch: Path, info_fd: int) -> list[str]:
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


def _python_command(inside: str, read_fd: int, write_fd: int, memory: int) -> list[str]:
    boot = (
        f"import sys; sys.path[:0] = [{inside!r}]; import runpy; "
        f"runpy.run_path({inside + '/worker.py'!r}, run_name='__main__')"
    )
    return [sys.executable, "-I", "-c", boot, str(read_fd), str(write_fd), str(memory)]


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


def _limit(settings: Limits, cgroup_procs: str | None):
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
    """The sandboxed process that runs the student's cells, and the two pipe ends to it
    (``read_fd``, ``write_fd``: the grading kernel's side)."""

    def __init__(self, settings: Limits, submission_dir: Path):
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
                INSIDE, to_child, to_parent, settings.memory
            )
            cwd = None
        else:
            info_read = info_write = None
            shutil.copyfile(HERE / "wire.py", self.scratch / "wire.py")
            shutil.copyfile(HERE / "worker.py", self.scratch / "worker.py")
            cmd = _python_command(str(self.scratch), to_child, to_parent, settings.memory)
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
        self.read_fd, self.write_fd = from_child, from_parent

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
        for fd in (self.read_fd, self.write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def exit_description(self, err: BaseException) -> str:
        """Why the process went away, in words for the student."""
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return f"the connection broke ({err})"
        if code < 0:
            name = signal.Signals(-code).name
            if -code == signal.SIGXCPU:
                return f"it used up its CPU time ({self.settings.cpu_seconds} s)"
            return f"it was killed by {name}"
        return f"it exited with status {code} (os._exit, a crash, or out of memory)"


STARTUP = "import numpy, nnlearn"
"""What the student process must be able to run to grade anything (the worker imports numpy)."""
HEADROOM = 64 * 1024**2
"""Address space the student's own code gets, at least, above what the process takes to start."""
_MEASURE = (
    "_nnl_peak = [int(line.split()[1]) * 1024 for line in open('/proc/self/status') "
    "if line.startswith('VmPeak:')][0]"
)


class MemoryLimitTooSmall(SandboxUnavailable):
    """``--memory`` is below what the student process needs to start; the message gives the
    measured minimum."""


def size_text(n: int) -> str:
    """1610612736 -> '1.5G'; 209715200 -> '200M' (the units ``--memory`` takes)."""
    for unit, size in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if n >= size:
            return f"{n / size:.4g}{unit}"
    return f"{n} bytes"


def _probe(limits: Limits) -> int:
    """Start a student process under ``limits``, run :data:`STARTUP` in it, stop it; return
    its peak address space (bytes). Raises :class:`SandboxUnavailable` with the reason."""
    from autograder.sandbox import wire  # (numpy: not imported by a run whose probe is cached)

    with tempfile.TemporaryDirectory(prefix="nnl-probe-") as tmp:
        try:
            process = StudentProcess(limits, Path(tmp))
        except (OSError, SandboxUnavailable) as err:
            raise SandboxUnavailable(str(err)) from None
        conn = wire.Connection(process.read_fd, process.write_fd, serve=None)
        try:
            reply, buffers = conn.request({"op": "exec", "source": f"{STARTUP}\n{_MEASURE}"})
            if reply.get("op") != "result":
                raise SandboxUnavailable(
                    f"the sandboxed Python failed: {reply.get('ename')}: {reply.get('evalue')}"
                )
            return int(conn.decode(reply["value"], buffers)["_nnl_peak"])
        except (wire.WireError, OSError) as err:
            stderr = process.proc.stderr.read().decode(errors="replace").strip()
            last = stderr.splitlines()[-1] if stderr else ""
            raise SandboxUnavailable(f"{process.exit_description(err)} {last}".strip()) from None
        finally:
            process.stop()


def minimum_memory(limits: Limits) -> tuple[int, int]:
    """(the smallest ``memory`` the student process may have, its measured start-up peak).

    Measured, not guessed: a student process without a memory cap runs :data:`STARTUP` and
    reads its peak address space (``VmPeak``); the minimum adds :data:`HEADROOM` for the
    student's own code and rounds up to 16M."""
    peak = _probe(replace(limits, memory=0))
    step = 16 * 1024**2
    return -(-(peak + HEADROOM) // step) * step, peak


def check_available(limits: Limits | None = None) -> None:
    """Start a student process under ``limits``, run ``import numpy, nnlearn`` in it, stop it;
    raise :class:`SandboxUnavailable` with the reason if any of it fails, and
    :class:`MemoryLimitTooSmall` if the memory cap is too small for it (with the minimum)."""
    limits = limits or Limits()
    if limits.memory <= 0:
        _probe(limits)
        return
    minimum, peak = minimum_memory(limits)  # a sandbox that cannot start fails here, uncapped
    why = (
        f"--memory {size_text(limits.memory)} is too small for the students' process: it "
        f"needs at least {size_text(minimum)} (Python with numpy and nnlearn takes "
        f"{size_text(peak)} of address space to start, measured on this machine, plus "
        f"{size_text(HEADROOM)} for the student's code). Give --memory {size_text(minimum)} "
        "or more (512M is plenty for this course), or --memory none for no limit."
    )
    if limits.memory < minimum:
        raise MemoryLimitTooSmall(why)
    try:
        _probe(limits)
    except SandboxUnavailable as err:
        raise MemoryLimitTooSmall(f"{why} Under this cap it failed: {err}") from None
