"""A throw-away PostgreSQL cluster for the tests: initdb into a temporary directory, the server
running as the postgres user and listening only on a UNIX socket (which Kea reaches from its
network namespace), a database with Kea's schema made by kea-admin."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from typing import Dict, List

from pykea.tools import lab

# Seconds pg_ctl waits for the server to start or stop (its default, 60, is tight for a busy
# machine); the wait ends as soon as the server is up or down.
PG_CTL_TIMEOUT = 300


def _run(command: List[str], **kwargs) -> str:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def postgres_bin() -> str:
    """The directory of the installed PostgreSQL server's programs (initdb, pg_ctl)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("no PostgreSQL server is installed (the postgresql package, listed in "
                           "tests/env/<suite>.packages)")
    return os.path.dirname(found[-1])


class PostgresCluster:
    """``with PostgresCluster() as pg: pg.create_database("kea", "kea", "secret")``."""

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="pykea-pg-")
        self.data = os.path.join(self.directory, "data")
        self.socket_dir = self.directory
        self.log_path = os.path.join(self.directory, "postgres.log")
        self.bin = postgres_bin()
        self.started = False

    def _as_postgres(self, *command: str) -> str:
        return _run(["runuser", "-u", "postgres", "--", *command], cwd=self.directory)

    def start(self) -> "PostgresCluster":
        account = pwd.getpwnam("postgres")
        os.chown(self.directory, account.pw_uid, account.pw_gid)
        self._as_postgres(f"{self.bin}/initdb", "-D", self.data, "-U", "postgres",
                          "--auth-local=scram-sha-256", "--auth-host=reject", "--no-sync")
        # The superuser connects without a password (only through the socket, only as root or
        # postgres can); every other role needs its password, as Kea's would in production.
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as hba:
            hba.write("local all postgres trust\nlocal all all scram-sha-256\n")
        self._as_postgres(f"{self.bin}/pg_ctl", "-D", self.data, "-l", self.log_path, "-w",
                          "-t", str(PG_CTL_TIMEOUT), "-o", f"-c listen_addresses='' -k {self.socket_dir} -c fsync=off",
                          "start")
        self.started = True
        return self

    def stop(self) -> None:
        if self.started:
            self._as_postgres(f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w",
                              "-t", str(PG_CTL_TIMEOUT), "stop")
            self.started = False
        shutil.rmtree(self.directory, ignore_errors=True)

    def psql(self, sql: str, database: str = "postgres", user: str = "postgres",
             password: str = "") -> str:
        """Runs ``sql``; returns psql's unaligned, tuples-only output."""
        environment = dict(os.environ, PGPASSWORD=password)
        return _run(["psql", "-h", self.socket_dir, "-U", user, "-d", database, "-v",
                     "ON_ERROR_STOP=1", "-A", "-t", "-c", sql], env=environment)

    def create_database(self, name: str, user: str, password: str) -> Dict[str, str]:
        """A database owned by a new role, with Kea's schema (kea-admin db-init pgsql); returns
        Kea's database access parameters for it."""
        self.psql(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        self.psql(f"CREATE DATABASE {name} OWNER {user}")
        _run(["kea-admin", "db-init", "pgsql", "-h", self.socket_dir, "-u", user, "-p", password,
              "-n", name])
        return {"type": "postgresql", "name": name, "user": user, "password": password,
                "host": self.socket_dir}

    def log(self) -> str:
        return lab.read_log(self.log_path)

    def __enter__(self) -> "PostgresCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
