"""Sync health: every office of the district, when it last synced, what the server refused and
is still pending, clocks that are off, app versions, and audit logs that stopped matching."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import text
from sqlalchemy.orm import Session

from akimdesk.district.models import OfficeAccount, now
from akimdesk.district.web.core import PREFIX, Viewer, check_csrf, page, server_of, viewer
from akimdesk.district.web.tables import Column, Table
from akimdesk.i18n import N_
from akimdesk.sync.messages import ENTITIES, REJECTIONS
from akimdesk.sync.protocol import CLOCK_WARNING_SECONDS

router = APIRouter(include_in_schema=False)
STALE_DAYS = 7  # an office silent this long is shown in red

AUDIT_PROBLEMS = {
    "changed": N_("A row of the audit log was changed after it was sent"),
    "relinked": N_("The audit log was rewritten from this row on"),
    "restored": N_("Restored from a backup that lacks rows the district had"),
}

# A rejected op is pending until the office sends the record again and it is applied.
PENDING = """
SELECT o.office_id, o.op_id, o.entity, o.entity_id, o.reason, o.received_at, o.payload
FROM op_log o
WHERE o.status = 'rejected' AND o.office_id = ANY(:offices)
  AND NOT EXISTS (
    SELECT 1 FROM record r
    WHERE r.entity = o.entity
      AND r.id = CASE WHEN o.entity_id ~ '^[0-9a-f-]{36}$' THEN o.entity_id::uuid END
      AND r.updated_at > o.received_at)
ORDER BY o.received_at DESC
"""


def pending_rejections(s: Session, office_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in s.execute(text(PENDING), {"offices": office_ids})]


def audit_text(o: OfficeAccount, t) -> str:
    if not o.audit_problem:
        return ""
    kind, _, row = o.audit_problem.partition(":")
    label = t(AUDIT_PROBLEMS.get(kind, N_("The audit log differs from the district's copy")))
    return t("{problem} (row {row})").format(problem=label, row=row)


def offices_table(v: Viewer, pending: list[dict[str, Any]]) -> Table:
    t = v.t
    counts: dict[uuid.UUID, int] = {}
    for r in pending:
        counts[r["office_id"]] = counts.get(r["office_id"], 0) + 1
    stale_before = now() - timedelta(days=STALE_DAYS)
    rows = []
    for o in v.offices.values():
        skew = o.clock_skew_s
        clock = ""
        if skew is not None and abs(skew) > CLOCK_WARNING_SECONDS:
            clock = t("the PC clock is off by {minutes} min").format(minutes=round(skew / 60))
        state = []
        if o.revoked_at is not None:
            state.append(t("token revoked"))
        if o.last_sync_at is None:
            state.append(t("never synced"))
        elif o.last_sync_at < stale_before:
            state.append(t("no sync for over {days} days").format(days=STALE_DAYS))
        acked = o.audit_seen
        stale = o.last_sync_at is None or o.last_sync_at < stale_before
        problem = bool(
            o.revoked_at is not None or clock or counts.get(o.id) or (o.audit_problem and not acked)
        )
        rows.append({
            "office": v.name(o.id), "office__href": f"{PREFIX}/fines/office/{o.id}", "bin": o.bin,
            "last_sync": o.last_sync_at, "state": ", ".join(state), "version": o.app_version,
            "clock": clock, "epochs": o.epoch_changes or None,
            "rejected": counts.get(o.id) or None,
            "rejected__href": f"{PREFIX}/health/{o.id}/rejected" if counts.get(o.id) else "",
            "audit": audit_text(o, t), "_id": str(o.id), "_problem": bool(o.audit_problem),
            "_acked": acked, "_ack_by": o.audit_ack_by,
            "_alert": bool(state or clock or counts.get(o.id) or (o.audit_problem and not acked)),
            "_stale": stale, "_problem_now": problem,
        })  # fmt: skip
    return Table("offices", N_("Offices"), [
        Column("office", N_("Office")), Column("bin", N_("BIN")),
        Column("last_sync", N_("Last successful sync"), "datetime"),
        Column("state", N_("Warnings")), Column("rejected", N_("Refused, pending"), "int"),
        Column("clock", N_("Clock")), Column("version", N_("App version")),
        Column("epochs", N_("Restores"), "int", N_("Times a PC came back from a backup")),
        Column("audit", N_("Audit log")),
    ], rows, sortable=True)  # fmt: skip


SHOW = {"stale": "_stale", "problems": "_problem_now"}


def state_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many offices are in each state, for the line above the table."""
    return {
        "all": len(rows),
        "ok": sum(1 for r in rows if not (r["_stale"] or r["_problem_now"])),
        "stale": sum(1 for r in rows if r["_stale"]),
        "problems": sum(1 for r in rows if r["_problem_now"]),
    }


@router.get("/health")
def health(request: Request, v: Annotated[Viewer, Depends(viewer)], show: str = "") -> Response:
    pending = server_of(request).run(pending_rejections, v.office_ids)
    table = offices_table(v, pending)
    counts = state_counts(table.rows)
    problems = [r for r in table.rows if r["_problem"]]  # the audit list shows them all
    show = show if show in (*SHOW, "ok") else ""
    if show == "ok":
        table.rows = [r for r in table.rows if not (r["_stale"] or r["_problem_now"])]
    elif show:
        table.rows = [r for r in table.rows if r[SHOW[show]]]
    return page(request, v, "health.html", [table], files=("sync", show), counts=counts,
                show=show, problems=problems, stale_days=STALE_DAYS)  # fmt: skip


@router.get("/health/{office_id}/rejected")
def rejected(
    request: Request, office_id: uuid.UUID, v: Annotated[Viewer, Depends(viewer)]
) -> Response:
    office = v.office(office_id)
    t = v.t
    rows = []
    for r in server_of(request).run(pending_rejections, [office_id]):
        payload = r["payload"] or {}
        label = payload.get("number") or payload.get("ref") or payload.get("inventory_number")
        rows.append({
            "at": r["received_at"], "entity": t(ENTITIES.get(r["entity"], r["entity"])),
            "record": label or r["entity_id"], "reason": t(REJECTIONS.get(r["reason"], r["reason"])),
        })  # fmt: skip
    table = Table("rejected", N_("Refused by the server, not yet sent again"), [
        Column("at", N_("Received"), "datetime"), Column("entity", N_("Record")),
        Column("record", N_("Number")), Column("reason", N_("Reason")),
    ], rows)  # fmt: skip
    return page(request, v, "rejected.html", [table], files=(f"refused-{office.bin}", ""),
                office=office)  # fmt: skip


@router.post("/health/{office_id}/ack")
def acknowledge(
    request: Request,
    office_id: uuid.UUID,
    v: Annotated[Viewer, Depends(viewer)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """The person has seen the audit problem; it stays recorded, only marked as seen."""
    check_csrf(v, csrf)
    v.require_editor()
    v.office(office_id)

    def ack(s: Session) -> None:
        office = s.get(OfficeAccount, office_id, with_for_update=True)
        if office is None or not office.audit_problem:
            return
        office.audit_ack_at, office.audit_ack_by = now(), v.user.full_name or v.user.login
        v.log(s, "audit_ack", office.name, {"problem": office.audit_problem})

    server_of(request).run(ack)
    return RedirectResponse(f"{PREFIX}/health", status_code=303)
