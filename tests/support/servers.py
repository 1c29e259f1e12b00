"""Real Redis and PostgreSQL servers for tests and benchmarks, started from Debian's binaries.

Each server lives in a temporary directory on a free loopback port and is stopped at the end.
PostgreSQL refuses to run as root, so under root (CI) its commands run as the ``postgres`` user
that Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


@dataclass
class RedisServer:
    port: int
    directory: Path
    process: subprocess.Popen = field(repr=False)
    persistent: bool = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _halt(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def restart(self, down_seconds: float = 0.0) -> None:
        """Stop and start again on the same port and directory (an append-only file survives),
        after ``down_seconds`` without a Redis."""
        self._halt()
        time.sleep(down_seconds)
        self.process = _spawn_redis(self.port, self.directory, self.persistent)
        _wait_port(self.port)

    def stop(self) -> None:
        self._halt()
        shutil.rmtree(self.directory, ignore_errors=True)


def _spawn_redis(port: int, directory: Path, persistent: bool) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    return subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes" if persistent else "no",
            "--dir",
            str(directory),
            "--logfile",
            str(directory / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_redis(port: int | None = None, persistent: bool = False) -> RedisServer:
    """A Redis on a free port; ``persistent`` keeps an append-only file, as production should."""
    port = port or free_port()
    directory = Path(tempfile.mkdtemp(prefix="sidecar-redis-"))
    process = _spawn_redis(port, directory, persistent)
    _wait_port(port)
    return RedisServer(port, directory, process, persistent)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} not found (apt-get install postgresql)")
    return path


def _as_postgres(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@dataclass
class PostgresServer:
    port: int
    directory: Path
    user: str = "sidecar"
    options: str = ""

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        subprocess.run(
            _as_postgres(
                [
                    _pg_bin("createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    self.user,
                    name,
                ]
            ),
            check=True,
            capture_output=True,
        )
        return self.url(name)

    def _ctl(self, *argv: str) -> None:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), *argv]),
            check=True,
            capture_output=True,
        )

    def restart(self, down_seconds: float = 0.0) -> None:
        """A fast shutdown (every connection is cut, as in a crash or a failover), then the same
        cluster again on the same port after ``down_seconds``."""
        self._ctl("-m", "fast", "-w", "stop")
        time.sleep(down_seconds)
        self._ctl("-o", self.options, "-l", str(self.directory / "pg.log"), "-w", "start")

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def start_postgres(durable: bool = False) -> PostgresServer:
    """A throw-away cluster; ``durable`` keeps fsync on (benchmarks), tests turn it off."""
    port = free_port()
    directory = Path(tempfile.mkdtemp(prefix="sidecar-pg-"))
    data = directory / "data"
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                _pg_bin("initdb"),
                "-D",
                str(data),
                "-U",
                "sidecar",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        _as_postgres(
            [
                _pg_bin("pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(directory / "pg.log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    _wait_port(port)
    return PostgresServer(port, directory, options=options)
