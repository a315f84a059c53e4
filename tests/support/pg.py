"""A throwaway PostgreSQL server for the tests (no tests in here).

``server()`` runs Debian's PostgreSQL binaries (``/usr/lib/postgresql/VERSION/bin``, the highest
version installed; the ``postgresql`` package, which .ci/run installs): ``initdb`` into a fresh
temporary directory, start the server listening only on a unix socket in that directory (no
TCP), create one database and yield its SQLAlchemy URL. On exit the server is stopped and the
directory removed, whatever happened inside the ``with`` block.

PostgreSQL refuses to run as root: as root, the server runs as the ``postgres`` system user
(created by Debian's package) through ``runuser``, and the directory belongs to that user.
Local connections are trusted (``initdb --auth=trust``): only whoever can reach the socket in
the temporary directory, i.e. its owner and root, can connect.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

DEBIAN_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "nnl"  # the database superuser initdb creates (not a system user)
DATABASE = "gradebook"
INSTALL = "install Debian's PostgreSQL server: `apt-get install postgresql` (.ci/run does)"


class NotInstalled(RuntimeError):
    """The PostgreSQL server binaries (or the ``postgres`` system user) are missing."""


def find_bindir(root: Path = DEBIAN_ROOT) -> Path:
    """The ``bin`` folder of the highest PostgreSQL version under ``root`` with initdb and
    pg_ctl; raise :class:`NotInstalled` if there is none."""
    found = [
        initdb.parent
        for initdb in Path(root).glob("*/bin/initdb")
        if (initdb.parent / "pg_ctl").is_file()
    ]
    if not found:
        raise NotInstalled(f"no PostgreSQL server in {root}/*/bin (initdb, pg_ctl): {INSTALL}")
    return max(found, key=lambda bindir: _version(bindir.parent.name))


def _version(name: str) -> tuple[int, ...]:
    """'15' -> (15,), '9.6' -> (9, 6); a folder that is not a version sorts first."""
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return ()


def _server_user() -> pwd.struct_passwd | None:
    """The system user to run the server as: None for ourselves, ``postgres`` when root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise NotInstalled(
            f"PostgreSQL does not run as root and there is no `postgres` system user: {INSTALL}"
        ) from None


def _run(command: list, user: pwd.struct_passwd | None, cwd: Path) -> str:
    """Run a PostgreSQL program (as ``user`` if given); raise RuntimeError with its output."""
    if user is not None:
        command = ["runuser", "-u", user.pw_name, "--", *command]
    proc = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,  # the server user may not be allowed into our working directory
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{shlex.join(map(str, command))} failed ({proc.returncode}):\n"
            f"{proc.stdout}{proc.stderr}"
        )
    return proc.stdout


def url(socket_dir: Path, database: str = DATABASE, user: str = SUPERUSER) -> str:
    """The SQLAlchemy URL (psycopg 3) of ``database`` on the server listening in
    ``socket_dir``."""
    return f"postgresql+psycopg://{user}@/{database}?host={socket_dir}"


@contextlib.contextmanager
def server(bindir: Path | None = None) -> Iterator[str]:
    """Start a throwaway PostgreSQL server; yield the SQLAlchemy URL of its empty database.

    ``bindir``: where initdb, pg_ctl and createdb are (default: :func:`find_bindir`).
    """
    bindir = Path(bindir) if bindir else find_bindir()
    user = _server_user()
    tmp = Path(tempfile.mkdtemp(prefix="nnl-pg-"))
    data, log = tmp / "data", tmp / "server.log"
    try:
        if user is not None:
            os.chown(tmp, user.pw_uid, user.pw_gid)
        initdb = [bindir / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust"]
        _run([*initdb, "--encoding=UTF8", "--no-locale", "--no-sync"], user, tmp)
        # Only a unix socket in tmp (no TCP port to collide with another server); no fsync.
        options = f"-c listen_addresses='' -k {shlex.quote(str(tmp))} -c fsync=off"
        start = [bindir / "pg_ctl", "start", "-w", "-t", "60", "-D", data, "-l", log]
        try:
            _run([*start, "-o", options], user, tmp)
        except RuntimeError as err:
            raise RuntimeError(f"{err}\nserver log:\n{_tail(log)}") from None
        _run([bindir / "createdb", "-h", tmp, "-U", SUPERUSER, DATABASE], user, tmp)
        yield url(tmp)
    finally:
        try:
            if (data / "postmaster.pid").exists():  # the server is (still) running
                _run([bindir / "pg_ctl", "stop", "-w", "-m", "immediate", "-D", data], user, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as err:
        return f"(cannot read {path}: {err})"
