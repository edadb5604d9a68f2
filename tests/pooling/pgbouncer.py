"""A real PgBouncer (Debian package) in transaction mode, on a free port of 127.0.0.1, in
front of a PostgreSQL server; started and stopped by the tests."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def pgbouncer(*, host: str, port: int, user: str, password: str):
    """Yields (the port PgBouncer listens on, its log file); every database name is passed
    through."""
    with tempfile.TemporaryDirectory(prefix="pgbouncer-") as name:
        folder = Path(name)
        command = [PGBOUNCER]
        if os.geteuid() == 0:
            # PgBouncer refuses to run as root: as the postgres system user, then, which
            # must read its configuration and write its log.
            account = pwd.getpwnam("postgres")
            os.chown(folder, account.pw_uid, account.pw_gid)
            command += ["-u", "postgres"]
        with _running(folder, command, host, port, user, password) as listen:
            yield listen, folder / "pgbouncer.log"


@contextlib.contextmanager
def _running(folder, command, host, port, user, password):
    listen = free_port()
    (folder / "users.txt").write_text(f'"{user}" "{password}"\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = {"plain" if password else "trust"}
auth_file = {folder / "users.txt"}
pool_mode = transaction
default_pool_size = 5
max_client_conn = 100
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {folder / "pgbouncer.log"}
pidfile = {folder / "pgbouncer.pid"}
"""
    )
    for path in folder.iterdir():
        path.chmod(0o644)
    process = subprocess.Popen([*command, str(folder / "pgbouncer.ini")])
    deadline = time.monotonic() + 10
    while True:
        try:
            psycopg.connect(
                host="127.0.0.1", port=listen, user=user, password=password, dbname="postgres"
            ).close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)
    try:
        yield listen
    finally:
        process.terminate()
        process.wait(timeout=10)
