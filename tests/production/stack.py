"""The production topology on loopback: PostgreSQL, Redis, the engine, a task worker, gunicorn.

Every process is the real one, started with the commands `deploy/` documents. The engine is reached
through a ``FaultyProxy`` so a test can make it refuse connections or hang (accept, never answer)
without losing its in-memory index, as a real cluster's outage would not either.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
import requests
from osmem_server import resolve_binary

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = "redis://127.0.0.1:6379/14"
# A real cluster instead of osmem (e.g. in the container workflow, .github/workflows/engines.yml).
REAL_ENGINE_URL = os.environ.get("SMOKE_ENGINE_URL", "")
REAL_ENGINE = os.environ.get("SMOKE_ENGINE", "elasticsearch")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, what: str, timeout: float = 60.0, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(interval)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


class FaultyProxy:
    """A TCP relay in front of the engine: ``up``, ``down`` (connection refused) or ``hang``.

    ``connections`` counts the connections clients opened, so a test can tell whether the site still
    tries the engine (a circuit breaker that is open makes none).
    """

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.mode = "up"
        self.connections = 0
        self._listener: socket.socket | None = None
        self._held: list[socket.socket] = []
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listen()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: the engine is "down"
            with self._lock:
                self.connections += 1
                mode = self.mode
            if mode == "hang":
                self._held.append(client)  # never answered, never closed until the engine "returns"
                continue
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        pair = {client: upstream, upstream: client}
        with self._lock:
            self._open.update(pair)
        try:
            while True:
                readable, _, _ = select.select(list(pair), [], [], 60)
                if not readable:
                    break
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    pair[sock].sendall(data)
        except OSError:
            return
        finally:
            with self._lock:
                self._open.difference_update(pair)
            client.close()
            upstream.close()

    def set_mode(self, mode: str) -> None:
        assert mode in {"up", "down", "hang"}
        with self._lock:
            previous, self.mode = self.mode, mode
        if mode != "up":
            # Kept-alive connections die with the engine too.
            with self._lock:
                live, self._open = list(self._open), set()
            for sock in live:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        if mode == "down" and self._listener is not None:
            self._listener.close()
            self._listener = None
        if mode != "down" and self._listener is None:
            self._listen()
        if mode == "up" and previous == "hang":
            for sock in self._held:
                sock.close()
            self._held.clear()

    def close(self) -> None:
        self.set_mode("down")


@dataclass
class ProductionStack:
    """Settings, processes and helpers for one run of the production topology."""

    workdir: Path
    database: str = "relieve_smoke"
    web_port: int = field(default_factory=free_port)
    engine_port: int = field(default_factory=lambda: urlsplit(REAL_ENGINE_URL).port or free_port())
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    proxy: FaultyProxy = field(init=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def env(self) -> dict[str, str]:
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
        return {
            **{k: v for k, v in os.environ.items() if k in keep},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": self._secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.base_url,
            "DATABASE_URL": f"{POSTGRES}/{self.database}",
            "REDIS_URL": REDIS_DB,
            "SEARCH_ENGINE": REAL_ENGINE if REAL_ENGINE_URL else "opensearch",
            "SEARCH_URL": f"http://127.0.0.1:{self.proxy.port}",
            "SEARCH_INDEX_PREFIX": "smoke_",
            "SEARCH_TIMEOUT": "1",
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "LOG_LEVEL": "ERROR",
            "APP_LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }

    def client(self) -> requests.Session:
        """A new HTTP client, seen by the site as behind the TLS-terminating proxy production has."""
        session = requests.Session()
        session.headers["X-Forwarded-Proto"] = "https"
        return session

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.client().get(self.base_url + path, timeout=kwargs.pop("timeout", 15), **kwargs)

    def __post_init__(self) -> None:
        self._secret = secrets.token_urlsafe(50)
        self.proxy = FaultyProxy(self.engine_port)

    # --- processes -------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    @property
    def engine_url(self) -> str:
        return REAL_ENGINE_URL or f"http://127.0.0.1:{self.engine_port}"

    def start_engine(self) -> None:
        if REAL_ENGINE_URL:
            return  # already running; the proxy in front of it still injects the faults
        binary = resolve_binary()
        self.start(
            "engine",
            [binary, "--addr", f"127.0.0.1:{self.engine_port}", "--no-stdin-watch", "--parent-pid", str(os.getpid())],
        )
        wait_for(lambda: requests.get(f"http://127.0.0.1:{self.engine_port}/", timeout=1).ok, what="osmem-server")

    def start_worker(self) -> None:
        # The same command as deploy/Procfile's worker line.
        self.start("worker", [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"])

    def start_web(self, workers: int = 3) -> None:
        self.start(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--timeout",
                "30",
            ],
        )
        wait_for(lambda: self.get("/", timeout=5).status_code == 200, what="gunicorn")

    def prepare_database(self) -> None:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')
        redis.Redis.from_url(REDIS_DB).flushdb()

    def forget_engine_failures(self) -> None:
        """Close the circuit breaker (its state is in the shared cache) for a test of its own."""
        shared = redis.Redis.from_url(REDIS_DB)
        for key in shared.scan_iter("*search:breaker:*"):
            shared.delete(key)

    def shutdown(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        self.proxy.close()
        shutil.rmtree(self.workdir / "static", ignore_errors=True)
