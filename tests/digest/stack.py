"""A real SMTP server and real processes (Celery worker and beat, gunicorn) for the digest's end-to-end tests.

The SMTP server is a small one of our own (smtplib talks to it over TCP like to any server): it can slow down, break
down for a while after a number of messages, and tell the test when a message starts, so that the test can kill the
worker at that moment.
"""

from __future__ import annotations

import email
import email.policy
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server: SMTPServer = self.server.smtp  # type: ignore[attr-defined]
        if server.unavailable():
            self.reply("421 4.3.2 Service not available, closing channel")
            return
        self.reply("220 localhost ESMTP digest test server")
        mail_from, recipients = None, []
        try:
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                command = line.decode("utf-8", "replace").strip()
                verb = command[:4].upper()
                if verb == "EHLO":
                    self.reply("250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8")
                elif verb == "HELO":
                    self.reply("250 localhost")
                elif verb == "MAIL":
                    if server.unavailable():
                        self.reply("421 4.3.2 Service not available, closing channel")
                        return
                    server.mail_started()
                    mail_from, recipients = command[10:].strip(), []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command[8:].split(">")[0].strip("<> "))
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = []
                    while True:
                        chunk = self.rfile.readline()
                        if not chunk:
                            return  # the client went away in the middle: nothing was delivered
                        if chunk in (b".\r\n", b".\n"):
                            break
                        data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    server.deliver(mail_from, recipients, b"".join(data))
                    self.reply("250 OK: queued")
                elif verb == "RSET":
                    mail_from, recipients = None, []
                    self.reply("250 OK")
                elif verb == "NOOP":
                    self.reply("250 OK")
                elif verb == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")
        except (ConnectionError, TimeoutError, OSError):
            return


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPServer:
    """Collects the messages it accepts; see `fail_after`, `outage_seconds`, `mail_delay`, `on_mail`."""

    def __init__(self, *, fail_after: int | None = None, outage_seconds: float = 0, mail_delay: float = 0):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.fail_after = fail_after
        self.outage_seconds = outage_seconds
        self.mail_delay = mail_delay
        self.on_mail = None  # called with the number of messages accepted so far when a new one starts
        self._outage_until = 0.0
        self._lock = threading.Lock()
        self._server = _TCPServer(("127.0.0.1", 0), _Handler)
        self._server.smtp = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def __enter__(self) -> SMTPServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def unavailable(self) -> bool:
        return time.monotonic() < self._outage_until

    def mail_started(self) -> None:
        if self.on_mail is not None:
            self.on_mail(len(self.messages))
        if self.mail_delay:
            time.sleep(self.mail_delay)

    def deliver(self, mail_from: str, recipients: list[str], data: bytes) -> None:
        with self._lock:
            self.messages.append((mail_from, recipients, data))
            if self.fail_after is not None and len(self.messages) == self.fail_after:
                self._outage_until = time.monotonic() + self.outage_seconds

    def received(self) -> Counter:
        """How many messages each address received."""
        with self._lock:
            return Counter(address for _from, recipients, _data in self.messages for address in recipients)

    def parsed(self) -> list:
        with self._lock:
            return [email.message_from_bytes(data, policy=email.policy.default) for _from, _to, data in self.messages]


# ---- processes ----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(*, smtp_port: int, **extra: str) -> dict[str, str]:
    """The production settings on the test database and the test Redis, as docker-compose.yml sets them up."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        database_url = database_url.replace("@", f":{db['PASSWORD']}@", 1)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rvase.settings.production",
        "SECRET_KEY": "digest-end-to-end-test-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": "https://rvase.example",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


class Process:
    """A child process whose output goes to a file (read it when a test fails)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        self._file = self.log.open("wb")
        self.popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._file, stderr=subprocess.STDOUT)

    def output(self) -> str:
        if not self._file.closed:
            self._file.flush()
        return self.log.read_text(errors="replace")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.popen.pid}/task/{self.popen.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self._file.close()


def celery_worker(env, log_dir, *, concurrency: int = 1, name: str = "worker") -> Process:
    return Process(
        name,
        [
            str(BIN / "celery"),
            "-A",
            "rvase",
            "worker",
            "--loglevel=info",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}-{os.getpid()}@%h",
        ],
        env,
        log_dir,
    )


def wait_for(predicate, *, timeout: float, interval: float = 0.2, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s: {message}")
