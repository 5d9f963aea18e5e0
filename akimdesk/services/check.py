"""`akimdesk check`: is the file sound, and has the audit log been changed behind the app's back?
Says plainly what is wrong, in the person's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from akimdesk.i18n import Msg, msg
from akimdesk.models import AuditEntry
from akimdesk.services import audit, trail
from akimdesk.storage.database import Database

MAX_LISTED = 20


@dataclass
class CheckReport:
    audit_rows: int = 0
    problems: list[Msg] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run(db: Database) -> CheckReport:
    report = CheckReport()
    with db.read() as s:
        for (line,) in s.execute(text("PRAGMA integrity_check")):
            if line != "ok":
                report.problems.append(msg("The database file is damaged: {detail}", detail=line))
        for row in s.execute(text("PRAGMA foreign_key_check")).fetchall()[:MAX_LISTED]:
            report.problems.append(
                msg("A record in {table} refers to a missing record.", table=row[0])
            )
        report.audit_rows = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        for n, brk in enumerate(audit.verify(s)):
            if n >= MAX_LISTED:
                report.problems.append(msg("…and more breaks in the audit log."))
                break
            report.problems.append(_describe(brk))
        if verdict := district_verdict(s):
            report.problems.append(verdict)
        if gone := acknowledged_tail(s):
            report.problems.append(gone)
        for n, mismatch in enumerate(trail.verify(s)):
            if n >= MAX_LISTED:
                report.problems.append(msg("…and more records that differ from the audit log."))
                break
            report.problems.append(trail.message(s, mismatch))
    return report


def acknowledged_tail(session) -> Msg | None:  # type: ignore[no-untyped-def]
    """The district acknowledged the log up to a row (kept by sync with that row's hash): rows
    deleted from the end of the log, which the chain alone cannot show, are found here."""
    from akimdesk.sync import state

    through = int(state.get(session, state.AUDIT_CURSOR) or 0)
    if not through:
        return None
    last = session.scalar(select(func.max(AuditEntry.id))) or 0
    if last < through:
        return msg(
            "Audit log: rows {first} to {last} are missing from its end; the district server "
            "acknowledged them.",
            first=last + 1, last=through,
        )  # fmt: skip
    held = state.get(session, state.AUDIT_ACK_HASH)
    row_hash = session.scalar(select(AuditEntry.row_hash).where(AuditEntry.id == through))
    if held and row_hash != held:
        return msg(
            "Audit log: row {row} is not the one the district server acknowledged.", row=through
        )
    return None


def district_verdict(session) -> Msg | None:  # type: ignore[no-untyped-def]
    """What the district server said at the last sync: rows it holds the hashes of were changed
    here, even if every hash after them was recomputed (so the chain above looks sound)."""
    from akimdesk.sync import state

    problem = state.get(session, state.AUDIT_PROBLEM)
    if not problem:
        return None
    _kind, _, row = problem.partition(":")
    return msg(
        "The district server holds the audit log as it was sent, and from row {row} this PC's "
        "log no longer matches it: it was changed here afterwards.",
        row=row,
    )


def _describe(brk: audit.Break) -> Msg:
    if brk.kind == "missing":
        return msg(
            "Audit log: rows {first} to {last} have been deleted.",
            first=brk.expected_id, last=brk.row_id - 1,
        )  # fmt: skip
    if brk.kind == "relinked":
        return msg("Audit log: the chain is broken before row {row}.", row=brk.row_id)
    return msg("Audit log: row {row} has been changed after it was written.", row=brk.row_id)
