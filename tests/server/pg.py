"""A throw-away PostgreSQL server for the tests: initdb + postgres in a temp dir, stopped by pid.

We run as root, so the cluster belongs to the ``postgres`` system user (installed
with the postgresql package) and the server is started through ``setpriv``,
which execs, so the pid we hold is the postmaster's own.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.support.services import ManagedProcess, free_tcp_port, wait_until

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]


@dataclass
class PostgresServer:
    root: Path
    port: int
    process: ManagedProcess

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self.process.stop(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


def _ready(port: int) -> bool:
    try:
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", connect_timeout=1):
            return True
    except psycopg.OperationalError:
        return False


def start_postgres() -> PostgresServer:
    root = Path(tempfile.mkdtemp(prefix="mf-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        for path in (root, sock):
            os.chown(path, pw.pw_uid, pw.pw_gid)
    subprocess.run([*_as_postgres(), str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    port = free_tcp_port()
    process = ManagedProcess(
        [*_as_postgres(), str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port), "-k", str(sock),
         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
         "-c", "max_connections=100"], root / "postgres.log").start()
    try:
        wait_until(lambda: _ready(port), 30, "PostgreSQL")
    except TimeoutError:
        process.stop()
        raise RuntimeError("PostgreSQL did not start:\n" + process.log_tail()) from None
    return PostgresServer(root, port, process)
