"""Sending one batch over protocol 2 (district/uploads.py): after a cut, the office asks how
much arrived and sends only the rest; told the server is busy, it comes back when told, with
nothing to send again (the server kept the body)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from akimdesk.sync.transport import SyncFailure

if TYPE_CHECKING:
    from akimdesk.sync.client import Backoff
    from akimdesk.sync.outbox import OutgoingBatch
    from akimdesk.sync.transport import Transport


@dataclass
class UploadStats:
    """What the link did to the uploads of a round, for the progress note and the benchmark."""

    cuts: int = 0  # uploads cut before their answer came
    resumed: int = 0  # bytes not sent again because the district kept them
    busy: int = 0  # times the district said to come back later


def send(
    transport: Transport, batch: OutgoingBatch, backoff: Backoff,
    cancel: threading.Event | None, stats: UploadStats | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The district's ack of `batch`, however many connections it takes."""
    stats = stats or UploadStats()
    size = len(batch.body)
    offset = 0  # what the district holds of the body, as far as we know
    ask = False  # after a cut: how much arrived is not known
    stuck = 0  # cuts in a row that carried nothing
    restarted = False
    while True:
        if cancel is not None and cancel.is_set():
            raise SyncFailure("cancelled", transient=False)
        asking = ask
        try:
            if ask:
                answer = transport.batch_state(batch.batch_id)
                if "acked_through" in answer:
                    return answer  # applied; only its ack was lost
                held = _offset(answer, size)
                asking = ask = False
                if held > offset:
                    stuck = 0
                    backoff.reset()  # the link carries data: a cut, not a dead link
                stats.resumed += held
                offset = held
            return transport.put_batch(batch.batch_id, batch.body, batch.digest, offset)
        except SyncFailure as exc:
            if exc.code == "offset":  # the district holds another length: go on from there
                offset = _offset(exc.body, size)
                continue
            if exc.code == "upload_restart" and not restarted:
                restarted, offset = True, 0
                continue
            if not exc.transient:
                raise
            if exc.code == "busy":  # the district keeps nothing of a body it had no room for
                stats.busy += 1
                offset = 0
                backoff.wait(exc, cancel)
                continue
            ask = True
            if asking:  # even asking failed: the link is down for now
                backoff.wait(exc, cancel)
                continue
            # A cut upload: ask at once, a cut link is usually back at the next connection.
            # Only cuts that carry nothing, again and again, are waited for.
            stats.cuts += 1
            stuck += 1
            if stuck > 2:
                backoff.wait(exc, cancel)


def _offset(answer: dict[str, Any], size: int) -> int:
    held = answer.get("offset", 0)
    return held if type(held) is int and 0 <= held <= size else 0
