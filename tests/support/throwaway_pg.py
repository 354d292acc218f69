"""A throwaway PostgreSQL server for tests on a machine where none runs.

pytest-postgresql's process fixture runs ``initdb`` as the current user, and PostgreSQL refuses
to run as root; CI and fresh machines here run as root. So this starts the server from the
installed binaries as the ``postgres`` system user (created by Debian's package) when we are root,
in a private directory it owns, on a free loopback port, and stops it afterwards.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError(
        "expected PostgreSQL's server binaries (initdb, pg_ctl) for the scale-out tests, found none: "
        "install Debian's 'postgresql' package (bash scripts/test.sh does this as root)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ThrowawayPostgres:
    """A running server: its admin URL, and how to stop it."""

    url: str
    _run_as: list[str]
    _pg_ctl: Path
    _data: Path
    _root: Path

    def stop(self) -> None:
        subprocess.run([*self._run_as, str(self._pg_ctl), "-D", str(self._data), "-m", "fast", "stop"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self._root, ignore_errors=True)


def start() -> ThrowawayPostgres:
    """Initialise and start a trust-auth server on 127.0.0.1 and a free port."""
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="pced-pg-"))
    data, log = root / "data", root / "server.log"
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root, expected a 'postgres' system user to run PostgreSQL as") from None
        os.chown(root, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-sync"], capture_output=True, timeout=120, check=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
                   capture_output=True, timeout=120, check=True)
    return ThrowawayPostgres(f"postgresql://postgres@127.0.0.1:{port}/postgres", run_as, bindir / "pg_ctl", data, root)
