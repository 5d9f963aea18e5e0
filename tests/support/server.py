"""The district server as a real process on 127.0.0.1, and its command line in-process."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time

import httpx

from akimdesk.district import cli
from tests.support.postgres import free_port


def server_cli(url: str, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["--database-url", url, *args])
    assert code == 0, out.getvalue()
    return out.getvalue().strip()


class ServerProcess:
    def __init__(self, url: str, *, workers: int = 1, pool: int = 10, extra: tuple[str, ...] = ()):
        self.db_url, self.workers, self.pool, self.extra = url, workers, pool, extra
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        cmd = [
            sys.executable, "-m", "akimdesk.district", "--database-url", self.db_url, "serve",
            "--port", str(self.port), "--workers", str(self.workers), "--pool", str(self.pool),
            *self.extra,
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, env={**os.environ})
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited at start")
            try:
                if httpx.get(f"{self.url}/openapi.json", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self, kill: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:  # a graceful stop waits for idle keep-alives
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def restart(self) -> None:
        self.stop(kill=True)
        self.start()
