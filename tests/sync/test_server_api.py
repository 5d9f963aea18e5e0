"""The server's published OpenAPI schema, fuzzed by schemathesis: no input gives a server error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx


def test_openapi_schema_is_published(server):
    schema = httpx.get(f"{server.url}/openapi.json").json()
    assert {"/v1/hello", "/v1/batches", "/v1/refdata", "/v1/records"} <= set(schema["paths"])


def test_schemathesis_finds_no_server_error(server, token, tmp_path):
    st = Path(sys.executable).with_name("st")
    for headers in ([f"Authorization: Bearer {token}"], []):
        cmd = [
            str(st), "run", f"{server.url}/openapi.json", "--checks", "not_a_server_error",
            "--max-examples", "40", "--no-color", "--seed", "1",
            *[arg for h in headers for arg in ("-H", h)],
        ]  # fmt: skip
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path,
            env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
        )  # fmt: skip
        assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_sqlite_for_a_quick_local_try(db, tmp_path):
    from akimdesk.sync import client
    from tests.conftest import ACTOR, OFFICE
    from tests.support.fines import make_cases
    from tests.support.server import ServerProcess, server_cli
    from tests.sync.conftest import sync_round

    url = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    token = server_cli(url, "add-office", "--name", OFFICE.name_ru, "--bin", OFFICE.bin)
    proc = ServerProcess(url).start()
    try:
        client.link(db, proc.url, token)
        make_cases(db, ACTOR, 5)
        result = sync_round(db)
        assert result.sent == 11 and result.rejected == 0 and result.refdata_rows > 20
        assert "fine_case 5" in server_cli(url, "offices")
    finally:
        proc.stop()
