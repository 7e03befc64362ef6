"""A real PostgreSQL server for the store tests: the Debian package's initdb and pg_ctl, one
server per test session on a unix socket in a temporary folder, one fresh database per test.

initdb refuses to run as root, so under root the server runs as the `postgres` user (which the
Debian package creates) in a folder handed to that user. Without server binaries the
PostgreSQL variants skip, saying how to install them (`make system`).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_USER = "postgres"
ROLE = "allywatch"
_numbers = itertools.count(1)


def _bin_dir() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parts[-3])
    except ValueError:
        return 0.0


def _as_server_user(command: list[str]) -> list[str]:
    """Root may not run the server: run it as `postgres` (runuser, else su)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return ["su", SERVER_USER, "-s", "/bin/sh", "-c", " ".join(map(repr, command))]


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def _hand_over(folder: Path) -> None:
    """Under root, give the folder to the server user (it must own its data directory)."""
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        os.chown(folder, user.pw_uid, user.pw_gid)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running server; yields the folder of its unix socket. Stopped at the end of the session."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries in /usr/lib/postgresql (run `make system`)")
    if os.geteuid() == 0 and not _has_user(SERVER_USER):
        pytest.skip(f"running as root and there is no {SERVER_USER!r} user to run the server")
    folder = Path(tempfile.mkdtemp(prefix="allywatch-pg-"))
    _hand_over(folder)
    data = folder / "data"
    _run(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            ROLE,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        ]
    )
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    _run(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        ]
    )
    try:
        yield str(folder)
    finally:
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def postgres_url_for(socket_dir: str, database: str) -> str:
    """A libpq URL for a database of the test server, over its unix socket."""
    return f"postgresql://{ROLE}@/{database}?host={socket_dir}"


@pytest.fixture()
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server for one test; dropped afterwards."""
    import psycopg

    from allywatch.store.backend import quote_identifier

    name = quote_identifier(f"test_{os.getpid()}_{next(_numbers)}")
    admin = postgres_url_for(postgres_server, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    try:
        yield postgres_url_for(postgres_server, name.strip('"'))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
