"""HTTP to the district server: one kept-alive connection, short timeouts, typed failures."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from akimdesk import __version__
from akimdesk.sync import protocol


class SyncFailure(Exception):
    """Why a sync step failed. `transient` failures are retried with back-off."""

    def __init__(self, code: str, detail: str = "", *, transient: bool, retry_after: float = 0,
                 body: dict[str, Any] | None = None) -> None:  # fmt: skip
        super().__init__(f"{code}: {detail}")
        self.code, self.detail, self.transient = code, detail, transient
        self.retry_after, self.body = retry_after, body or {}


if TYPE_CHECKING:
    import httpx


class Transport:
    def __init__(self, url: str, token: str, *, timeout: float = 30.0) -> None:
        import httpx  # here, not at the top: the window starts without it (about 70 ms)

        self.url = url.rstrip("/")
        self.client: httpx.Client = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {token}", protocol.APP_VERSION_HEADER: __version__},
            timeout=httpx.Timeout(timeout, connect=10.0),
            limits=httpx.Limits(max_keepalive_connections=1, max_connections=2),
        )

    def close(self) -> None:
        self.client.close()

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self._call("GET", path, params=params)

    def post_batch(self, body: bytes, digest: str) -> dict[str, Any]:
        headers = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            protocol.HASH_HEADER: digest,
            protocol.CLIENT_TIME_HEADER: datetime.now(UTC).isoformat(),
        }
        return self._call("POST", "/v1/batches", content=body, headers=headers)

    def put_batch(
        self, batch_id: uuid.UUID, body: bytes, digest: str, offset: int = 0
    ) -> dict[str, Any]:
        """Protocol 2: the batch's body from `offset` on (district/uploads.py)."""
        headers = {
            "Content-Type": "application/octet-stream",
            "Content-Encoding": "zstd",
            "Upload-Offset": str(offset),
            "Upload-Length": str(len(body)),
            protocol.HASH_HEADER: digest,
            protocol.CLIENT_TIME_HEADER: datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return self._call("PUT", f"/v2/batches/{batch_id}", content=body[offset:], headers=headers)

    def batch_state(self, batch_id: uuid.UUID) -> dict[str, Any]:
        """How much of the batch's body the district holds, or its ack if it was applied."""
        return self._call("GET", f"/v2/batches/{batch_id}")

    def post_audit(self, body: bytes, encoding: str = "gzip") -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
        return self._call("POST", "/v1/audit", content=body, headers=headers)

    def _call(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        import httpx

        try:
            r = self.client.request(method, path, **kw)
        except httpx.TimeoutException as exc:
            raise SyncFailure("timeout", str(exc), transient=True) from exc
        except httpx.TransportError as exc:  # refused, reset, cut mid-way, DNS
            raise SyncFailure("offline", str(exc), transient=True) from exc
        try:
            body = r.json() if r.content else {}
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if r.status_code == 200:
            return body
        code = str(body.get("code", r.status_code))
        detail = str(body.get("detail", ""))[:300]
        if r.status_code in (429, 502, 503, 504) or r.status_code >= 500:
            retry = _retry_after(r.headers.get("Retry-After"))
            raise SyncFailure(code, detail, transient=True, retry_after=retry, body=body)
        raise SyncFailure(code, detail, transient=False, body=body)


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, min(float(value or 0), 300.0))
    except ValueError:
        return 0.0
