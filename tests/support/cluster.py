"""A real Dask cluster on 127.0.0.1 for the tests (no tests in here).

``Cluster`` starts ``dask scheduler`` and ``dask worker`` processes of this environment, each in
a working directory of its own (the workers share no files with the client or each other), each
in a process group of its own so that a test can kill one, whole, by its id, and stops all of
them at the end. The workers run this checkout's code (``PYTHONPATH``), one thread each.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """``with Cluster(root, workers=2) as cluster:`` ... ``cluster.address``, ``kill(name)``."""

    def __init__(self, root: Path, workers: int = 2, worker_env: dict | None = None):
        self.root = Path(root)
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.names = [f"w{i + 1}" for i in range(workers)]
        self.worker_env = worker_env or {}

    def _start(self, name: str, command: list[str], env: dict | None = None) -> None:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        self.procs[name] = subprocess.Popen(
            command,
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
            stdout=open(folder / "log", "w"),  # noqa: SIM115 - the process keeps it open
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_scheduler(self) -> None:
        command = [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(self.port)]
        self._start("scheduler", [str(c) for c in command] + ["--no-dashboard"])

    def start_worker(self, name: str, env: dict | None = None) -> None:
        command = [str(BIN / "dask"), "worker", self.address, "--name", name, "--nthreads", "1"]
        command += ["--no-dashboard", "--no-nanny", "--local-directory", str(self.root / name)]
        self._start(name, command, {**self.worker_env, **(env or {})})

    def wait_for_workers(self, count: int, timeout: float = 120) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=timeout)

    def kill(self, name: str) -> None:
        """SIGKILL the process group of ``name`` (a worker, or the scheduler)."""
        proc = self.procs[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def log(self, name: str) -> str:
        return (self.root / name / "log").read_text(errors="replace")

    def __enter__(self) -> Cluster:
        self.start_scheduler()
        for name in self.names:
            self.start_worker(name)
        if self.names:
            self.wait_for_workers(len(self.names))
        return self

    def __exit__(self, *exc) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
