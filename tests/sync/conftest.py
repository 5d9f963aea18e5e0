"""A real PostgreSQL cluster for the session, a fresh database and a real server per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import psycopg
import pytest

from akimdesk.storage.database import Database
from akimdesk.sync import client
from akimdesk.sync.client import Backoff, SyncClient
from tests.conftest import OFFICE
from tests.support.postgres import Cluster
from tests.support.server import ServerProcess, server_cli

_names = itertools.count()


@pytest.fixture(scope="session")
def pg() -> Iterator[Cluster]:
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def server_db(pg: Cluster) -> str:
    return pg.create_database(f"district_{next(_names)}")


@pytest.fixture
def server(server_db: str) -> Iterator[ServerProcess]:
    proc = ServerProcess(server_db).start()
    yield proc
    proc.stop()


@pytest.fixture
def token(server_db: str) -> str:
    return server_cli(
        server_db, "add-office", "--name", OFFICE.name_ru, "--bin", OFFICE.bin,
        "--district", OFFICE.district, "--settlement", "Ақсу|Аксу",
    )  # fmt: skip


@pytest.fixture
def linked(db: Database, server: ServerProcess, token: str) -> Database:
    client.link(db, server.url, token)
    return db


def fast_client(db: Database, attempts: int = 30) -> SyncClient:
    """Retries quickly so fault tests do not wait on real back-off delays."""
    return SyncClient(db, backoff=Backoff(base=0.02, cap=0.2, attempts=attempts))


def sync_round(db: Database, attempts: int = 30):  # type: ignore[no-untyped-def]
    c = fast_client(db, attempts)
    try:
        return c.round()
    finally:
        c.close()


def sql(url: str, query: str, *params: object) -> list[tuple]:
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        return conn.execute(query, params).fetchall()  # type: ignore[arg-type]


def held(url: str) -> dict[str, int]:
    return dict(sql(url, "SELECT entity, count(*) FROM record GROUP BY entity"))  # type: ignore[arg-type]
