"""The district server's HTTP face. The office is always the token's office, never the body's."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import ClientDisconnect

from akimdesk import __version__
from akimdesk.district import admission, audit, batches, records, reference, uploads
from akimdesk.district.models import OfficeAccount, now
from akimdesk.district.tokens import token_hash
from akimdesk.sync import protocol
from akimdesk.sync.protocol import ProtocolError, decode_batch

BATCH_SCHEMA = {
    "type": "object",
    "required": ["v", "batch", "stream", "pc", "first", "last", "cols", "ops"],
    "properties": {
        "v": {"type": "integer", "enum": [protocol.WIRE_VERSION]},
        "batch": {"type": "string", "format": "uuid"},
        "stream": {"type": "string", "format": "uuid"},
        "pc": {"type": "string", "format": "uuid"},
        "first": {"type": "integer", "minimum": 1},
        "last": {"type": "integer", "minimum": 1},
        "cols": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "field names of each entity's payload values",
        },
        "ops": {
            "type": "array",
            "items": {"type": "array", "minItems": 6, "maxItems": 6},
            "description": "[seq, op_id, entity, base_version, schema_version, [values]]",
        },
    },
}


# The web view has no script and no inline style; nothing may frame it (clickjacking), no
# response is sniffed into another type, and no address leaves the site in a Referer.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
DOCS = ("/docs", "/redoc")  # FastAPI's API pages load their script from a CDN: no CSP there


class SecurityHeaders:
    """ASGI middleware adding the headers to every response, cheaply (no body buffering)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(SECURITY_HEADERS)
        if not scope["path"].startswith(DOCS):
            extra.append((b"content-security-policy", CSP.encode()))

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class Server:
    """Per-app state: the engine, sessions, and the admission of batches (admission.Gate)."""

    def __init__(self, engine: Engine, batch_slots: int = 2) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.gate = admission.Gate(batch_slots)

    def run(self, fn, *args, isolation: str | None = None):
        """Runs fn(session, ...) in one transaction; retries a lost serialization race."""
        for attempt in range(3):
            try:
                with self.sessions() as s, s.begin():
                    if isolation and self.engine.dialect.name == "postgresql":
                        s.connection(execution_options={"isolation_level": isolation})
                    return fn(s, *args)
            except OperationalError as exc:
                if attempt == 2 or "could not serialize" not in str(exc).lower():
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")


def office_of(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> OfficeAccount:
    """The calling office, from its token; a missing, unknown or revoked token is a 401."""
    if not authorization or not authorization.startswith("Bearer "):
        raise ProtocolError(401, "unauthorized", "a Bearer token is required")
    digest = token_hash(authorization[7:])
    server: Server = request.app.state.server

    def find(s: Session) -> tuple[OfficeAccount | None, bool]:
        office = s.scalar(select(OfficeAccount).where(OfficeAccount.token_hash == digest))
        replaced = office is None and s.scalar(
            select(OfficeAccount.id).where(OfficeAccount.previous_token_hash == digest).limit(1)
        )
        return office, bool(replaced)

    office, replaced = server.run(find)
    if replaced:
        raise ProtocolError(401, "token_replaced", "the district issued a new token")
    if office is None:
        raise ProtocolError(401, "unauthorized", "unknown token")
    if office.revoked_at is not None:
        raise ProtocolError(401, "revoked", "this token was revoked by the district")
    return office


Office = Annotated[OfficeAccount, Depends(office_of)]


def create_app(engine: Engine, *, batch_slots: int = 2) -> FastAPI:
    app = FastAPI(
        title="AkimDesk district server",
        version=__version__,
        description="Batch sync of rural district offices; reference data for them.",
    )
    app.add_middleware(GZipMiddleware, minimum_size=600)
    app.add_middleware(SecurityHeaders)
    server = Server(engine, batch_slots=batch_slots)
    app.state.server = server
    _warm_up()

    @app.exception_handler(ProtocolError)
    async def _protocol_error(_req: Request, exc: ProtocolError) -> JSONResponse:
        headers = (
            {"Retry-After": str(exc.extra.get("retry_after", 2))}
            if exc.status in (429, 503)
            else None
        )
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(DBAPIError)
    async def _db_down(_req: Request, exc: DBAPIError) -> JSONResponse:
        # The database is restarting or overloaded: the office retries later; nothing is lost.
        return JSONResponse({"code": "unavailable", "detail": "database unavailable"},
                            status_code=503, headers={"Retry-After": "5"})  # fmt: skip

    if engine.dialect.name == "postgresql":  # the consolidated views read PostgreSQL projections
        from akimdesk.district import web

        web.install(app)

    @app.get("/v1/hello", summary="Cheap probe: who am I, and the server's clock")
    def hello(office: Office) -> dict[str, Any]:
        return {
            "office": {"id": str(office.id), "name": office.name, "bin": office.bin},
            "server_time": now().isoformat(),
            "wire_version": protocol.WIRE_VERSION,
            "server_version": __version__,
        }

    @app.post(
        "/v1/batches",
        summary="Apply one batch of an office's changes (idempotent by batch id and hash)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": BATCH_SCHEMA}},
            }
        },
    )
    async def post_batch(
        request: Request,
        office: Office,
        content_encoding: Annotated[str | None, Header()] = None,
        x_content_sha256: Annotated[str | None, Header()] = None,
        x_client_time: Annotated[str | None, Header()] = None,
        x_app_version: Annotated[str | None, Header()] = None,
    ) -> dict[str, Any]:
        with server.gate.one_batch(office.id):
            try:
                body = await request.body()
            except ClientDisconnect:  # the link dropped mid-upload: nobody to answer
                raise ProtocolError(400, "incomplete", "the connection was cut") from None
            if len(body) > protocol.MAX_BODY_BYTES:
                raise ProtocolError(413, "too_large")
            batch = decode_batch(body, content_encoding, x_content_sha256)
            client_time = _parse_time(x_client_time)
            return await _admitted(
                server, office.id, server.run, batches.apply_batch, office.id, batch, client_time,
                (x_app_version or "")[:40],
            )  # fmt: skip

    @app.get(
        "/v2/batches/{batch_id}",
        summary="How much of a batch's body the server holds, or its ack once applied",
    )
    def batch_state(office: Office, batch_id: uuid.UUID) -> dict[str, Any]:
        return server.run(uploads.state, office.id, batch_id)

    @app.put(
        "/v2/batches/{batch_id}",
        summary="Upload a batch (wire version 2) from Upload-Offset on; applied once whole",
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
    )  # fmt: skip
    async def put_batch(
        request: Request,
        office: Office,
        batch_id: uuid.UUID,
        upload_length: Annotated[int, Header(ge=1, le=protocol.MAX_BODY_BYTES)],
        upload_offset: Annotated[int, Header(ge=0, le=protocol.MAX_BODY_BYTES)] = 0,
        content_encoding: Annotated[str | None, Header()] = None,
        x_content_sha256: Annotated[str | None, Header(max_length=64)] = None,
        x_client_time: Annotated[str | None, Header()] = None,
        x_app_version: Annotated[str | None, Header()] = None,
    ) -> dict[str, Any]:
        if upload_length > protocol.MAX_UPLOAD_BYTES:  # longer than any batch: not even read
            raise ProtocolError(413, "too_large")
        with server.gate.one_batch(office.id):
            return await _put_batch(
                server, request, office.id, batch_id, upload_offset, upload_length,
                content_encoding, (x_content_sha256 or "").lower(), x_client_time, x_app_version,
            )  # fmt: skip

    @app.post("/v1/audit", summary="Hashes of the office's audit rows, checked against those held")
    async def post_audit(
        request: Request, office: Office, content_encoding: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        try:
            body = await request.body()
        except ClientDisconnect:
            raise ProtocolError(400, "incomplete", "the connection was cut") from None
        if len(body) > protocol.MAX_BODY_BYTES:
            raise ProtocolError(413, "too_large")
        stream, rows = protocol.decode_audit(body, content_encoding)
        return await run_in_threadpool(server.run, audit.receive, office.id, stream, rows)

    @app.get("/v1/refdata", summary="Reference data changed after the cursor, with dataset hashes")
    def get_refdata(
        office: Office,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    ) -> dict[str, Any]:
        return server.run(reference.page, office.id, since, limit, isolation="REPEATABLE READ")

    @app.get("/v1/records", summary="The office's own records changed after the cursor")
    def get_records(
        office: Office,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
        stream: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        return server.run(records.page, office.id, since, limit, stream)

    @app.get("/v1/records/{entity}/{record_id}", summary="One record of the office")
    def get_record(office: Office, entity: str, record_id: uuid.UUID) -> dict[str, Any]:
        return server.run(records.one, office.id, entity, record_id)

    return app


def _warm_up() -> None:
    """What the first batch would otherwise pay for in each worker: the wire format's modules
    and the checks built from the desktop's models."""
    import zstandard  # noqa: F401

    from akimdesk.sync import schema, wire

    for entity in schema.entities():
        wire.field_kinds(entity)


async def _receive(
    server: Server, request: Request, office_id: uuid.UUID, batch_id: uuid.UUID, offset: int,
    total: int, digest: str,
) -> tuple[bytes, str]:  # fmt: skip
    """The whole body: what the server held of it, then what comes now. When the link is cut,
    what arrived is kept for the office to go on from."""
    held, held_digest = b"", digest
    if offset > 0:
        held, held_digest = await run_in_threadpool(server.run, uploads.held, office_id, batch_id)
    if len(held) != offset:
        raise ProtocolError(409, "offset", "resume from the offset given", offset=len(held))
    parts, size = [held], offset
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > total:
                raise ProtocolError(413, "too_large", "more than Upload-Length")
            parts.append(chunk)
    except ClientDisconnect:
        if size > offset:
            data = b"".join(parts)
            await run_in_threadpool(
                server.run, uploads.keep, office_id, batch_id, data, total, held_digest or digest
            )
        raise ProtocolError(400, "incomplete", "the connection was cut") from None
    body = b"".join(parts)
    if len(body) != total:
        raise ProtocolError(400, "incomplete", "less than Upload-Length")
    return body, held_digest or digest


async def _put_batch(
    server: Server, request: Request, office_id: uuid.UUID, batch_id: uuid.UUID, offset: int,
    total: int, encoding: str | None, digest: str, x_client_time: str | None,
    x_app_version: str | None,
) -> dict[str, Any]:  # fmt: skip
    body, digest = await _receive(server, request, office_id, batch_id, offset, total, digest)
    client_time = _parse_time(x_client_time)

    def apply() -> dict[str, Any]:
        try:
            batch = decode_batch(body, encoding or "zstd", digest or None)
            if batch.batch_id != batch_id:
                raise ProtocolError(422, "bad_field", "batch")
        except ProtocolError:
            server.run(uploads.drop, office_id, batch_id)
            if offset > 0:  # pieces that do not fit together: the office starts over
                raise ProtocolError(409, "upload_restart", "send the body again") from None
            raise
        return server.run(_apply_upload, office_id, batch, client_time, (x_app_version or "")[:40])

    return await _admitted(server, office_id, apply)


def _apply_upload(s: Session, office_id: uuid.UUID, batch: Any, client_time: Any,
                  app_version: str) -> dict[str, Any]:  # fmt: skip
    """Applies an uploaded batch and forgets the body kept for it, in one transaction."""
    uploads.drop(s, office_id, batch.batch_id)
    return batches.apply_batch(s, office_id, batch, client_time, app_version)


async def _admitted(server: Server, office_id: uuid.UUID, fn: Any, *args: Any) -> dict[str, Any]:
    """Runs fn (a batch's application) when one of the gate's places is free within a moment;
    otherwise the office is told when its turn is expected. The body is not kept for it: kept
    bodies of refused batches filled the server's disk (a resumed upload is told the offset)."""
    if not await server.gate.enter():
        raise ProtocolError(503, "busy", "too many offices at once",
                            retry_after=server.gate.turn(office_id))  # fmt: skip
    started = time.monotonic()
    try:
        return await run_in_threadpool(fn, *args)
    finally:
        server.gate.leave(office_id, time.monotonic() - started)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
