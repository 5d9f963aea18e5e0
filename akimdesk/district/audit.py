"""Anchoring offices' audit logs: the server keeps the hash of every audit row it received and
checks that what arrives next links to it.

An office PC checks its own chain (`akimdesk check`), but someone editing the SQLite file could
recompute every hash after the row they changed. The rows the district already holds do not
change with it: the next rows sent no longer link, and the server says where."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, literal, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from akimdesk.district.models import AuditAnchor, AuditAnchorReplaced, OfficeAccount, Stream, now

GENESIS = "0" * 64


def receive(
    s: Session, office_id: uuid.UUID, stream: uuid.UUID, rows: list[tuple[int, str, str]]
) -> dict[str, Any]:
    """Stores the rows that hold; stops at the first that does not. A row the server already
    has is fine if unchanged. A different row under the same id is a change, unless it comes
    from a new epoch (a backup restored on the PC) and links to the row before it.

    A new epoch is one the office's batches opened (a restored PC sends its changes in it): an
    epoch only named here could pass any rewrite off as a restore. Its hashes are refused until
    its first batch has come ("epoch": the client sends them again after its batches)."""
    _one_at_a_time(s, office_id)
    ids = [r[0] for r in rows]
    held: dict[int, tuple[str, str, uuid.UUID]] = {
        row_id: (prev_hash, row_hash, stream_id)
        for row_id, prev_hash, row_hash, stream_id in s.execute(
            select(AuditAnchor.row_id, AuditAnchor.prev_hash, AuditAnchor.row_hash,
                   AuditAnchor.stream_id).where(
                AuditAnchor.office_id == office_id,
                AuditAnchor.row_id.between(min(ids) - 1, max(ids)),
            )
        )
    }  # fmt: skip
    accepted, problem, diverged = 0, None, None
    known: bool | None = None  # the epoch opened by a batch of this office; asked when needed
    fresh: list[tuple[int, str, str]] = []  # rows the server did not hold
    replaced: list[tuple[int, str, str]] = []  # rows a restored epoch sends anew
    for row_id, prev_hash, row_hash in rows:
        old = held.get(row_id)
        if old is not None and old[1] == row_hash and old[0] == prev_hash:
            accepted = row_id
            continue
        if old is not None and old[2] == stream:
            problem = ("changed", row_id)
            break
        before = held.get(row_id - 1)
        expected = GENESIS if row_id == 1 else (before[1] if before else None)
        if expected is None:
            problem = ("gap", row_id)  # rows before it were never sent: the PC sends them first
            break
        if prev_hash != expected:
            problem = ("relinked", row_id)
            break
        if old is not None and known is None:
            known = s.scalar(select(Stream.id).where(Stream.id == stream,
                                                     Stream.office_id == office_id)) is not None  # fmt: skip
        if old is not None and not known:
            problem = ("epoch", row_id)
            break
        if old is not None and diverged is None:
            diverged = row_id  # a new epoch replaces what came after its backup
        (replaced if old is not None else fresh).append((row_id, prev_hash, row_hash))
        held[row_id] = (prev_hash, row_hash, stream)
        accepted = row_id
    # A restore's hashes come in several requests: the first replacement of an epoch is the news.
    new_epoch = bool(replaced) and s.scalar(
        select(AuditAnchorReplaced.id).where(AuditAnchorReplaced.office_id == office_id,
                                             AuditAnchorReplaced.replaced_by == stream).limit(1)
    ) is None  # fmt: skip
    if fresh or replaced:
        _store(s, office_id, stream, fresh, replaced)
    # What the district must see stays until someone there looks at it: a changed log, and also
    # a restored backup that dropped rows the district had (a new epoch could hide a rewrite).
    # Every restore is shown anew, even after an earlier problem was acknowledged, and so is
    # more of the same one after that; only a change the district has not looked at yet keeps
    # its place (it is the graver news).
    if problem and problem[0] not in ("gap", "epoch"):
        office = s.get(OfficeAccount, office_id, with_for_update=True)
        office.audit_problem, office.audit_problem_at = f"{problem[0]}:{problem[1]}", now()  # type: ignore[union-attr]
    elif diverged is not None:
        office = s.get(OfficeAccount, office_id, with_for_update=True)
        assert office is not None
        if not _unseen_change(office) and (
            not office.audit_problem or new_epoch or office.audit_seen
        ):
            office.audit_problem, office.audit_problem_at = f"restored:{diverged}", now()
    return {
        "accepted_to": accepted,
        "problem": {"kind": problem[0], "row": problem[1]} if problem else None,
    }


def _unseen_change(office: OfficeAccount) -> bool:
    problem = office.audit_problem
    return bool(problem) and not problem.startswith("restored:") and not office.audit_seen


def _one_at_a_time(s: Session, office_id: uuid.UUID) -> None:
    """One request of an office's hashes at a time. Not the office's row lock: a batch of the
    same office holds that while it is applied, and its hashes (sent beside its batches) need
    not wait for it. SQLite, for a quick local try, has one writer anyway."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(hashtext('audit:' || :office))"),
                  {"office": str(office_id)})  # fmt: skip


def _store(s: Session, office_id: uuid.UUID, stream: uuid.UUID, fresh: list[tuple[int, str, str]],
           replaced: list[tuple[int, str, str]]) -> None:  # fmt: skip
    """The request's new anchors in one COPY on PostgreSQL, and those a restored epoch replaces
    in one statement (a statement per row took most of the server's time in a sync of 10,000
    changes). SQLite, for a quick local try, takes them all as one executemany. What a new
    epoch replaces is kept in audit_anchor_replaced first: the district can still compare."""
    at = now()
    if replaced:
        old = select(
            AuditAnchor.office_id, AuditAnchor.row_id, AuditAnchor.prev_hash,
            AuditAnchor.row_hash, AuditAnchor.stream_id, AuditAnchor.received_at,
            literal(stream, AuditAnchor.stream_id.type), literal(at, AuditAnchor.received_at.type),
        ).where(AuditAnchor.office_id == office_id,
                AuditAnchor.row_id.in_([r for r, _p, _h in replaced]))  # fmt: skip
        s.execute(insert(AuditAnchorReplaced).from_select(
            ["office_id", "row_id", "prev_hash", "row_hash", "stream_id", "received_at",
             "replaced_by", "replaced_at"], old))  # fmt: skip
    if s.get_bind().dialect.name != "postgresql":
        ins = sqlite_insert(AuditAnchor)
        s.execute(
            ins.on_conflict_do_update(
                index_elements=["office_id", "row_id"],
                set_={k: getattr(ins.excluded, k)
                      for k in ("prev_hash", "row_hash", "stream_id", "received_at")},
            ),
            [{"office_id": office_id, "row_id": r, "prev_hash": p, "row_hash": h,
              "stream_id": stream, "received_at": at} for r, p, h in [*fresh, *replaced]],
        )  # fmt: skip
        return
    raw = s.connection().connection.driver_connection
    with raw.cursor() as cur:  # type: ignore[union-attr]
        if fresh:
            sql = ("COPY audit_anchor (office_id, row_id, prev_hash, row_hash, stream_id, "
                   "received_at) FROM STDIN")  # fmt: skip
            with cur.copy(sql) as copy:
                for r, p, h in fresh:
                    copy.write_row((office_id, r, p, h, stream, at))
        if replaced:  # after a restore: what came after its backup, once
            cur.executemany(
                "UPDATE audit_anchor SET prev_hash = %s, row_hash = %s, stream_id = %s, "
                "received_at = %s WHERE office_id = %s AND row_id = %s",
                [(p, h, stream, at, office_id, r) for r, p, h in replaced],
            )
