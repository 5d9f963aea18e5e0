"""ASGI entry for uvicorn workers: `uvicorn --factory akimdesk.district.asgi:make_app`."""

from __future__ import annotations

import os

from fastapi import FastAPI

from akimdesk.district.app import create_app
from akimdesk.district.db import make_engine

DB_ENV = "AKIMDESK_SERVER_DB"
SLOTS_ENV = "AKIMDESK_SERVER_BATCH_SLOTS"  # batches applied at once per worker


def make_app() -> FastAPI:
    pool = int(os.environ.get("AKIMDESK_SERVER_POOL", "20"))
    slots = int(os.environ.get(SLOTS_ENV, "2"))
    return create_app(make_engine(os.environ[DB_ENV], pool_size=pool), batch_slots=slots)
