"""Signed minutes as the district holds them: the office's records (meeting, agenda items,
addenda, the office) turned into the `MinutesDoc` the desktop prints from, with no database of
the desktop's in between. The quorum and outcomes are those the minutes were signed under.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.district.models import Record, RefRow
from akimdesk.domain.assemblies import MeetingRules, Quorum, at_vote, outcome, quorum
from akimdesk.reports.bilingual import Bi
from akimdesk.reports.minutes_data import MinutesDoc, minutes_doc

PARTS = ("agenda_item", "meeting_addendum")


def signed_minutes(s: Session, office_id: uuid.UUID, meeting_id: uuid.UUID) -> MinutesDoc | None:
    """None unless the office holds this meeting and its minutes are signed."""
    meeting = s.get(Record, ("meeting", meeting_id))
    if meeting is None or meeting.office_id != office_id:
        return None
    m = meeting.payload
    if m.get("status") != "signed":
        return None
    parts: dict[str, list[dict[str, Any]]] = {e: [] for e in PARTS}
    for entity, payload in s.execute(
        select(Record.entity, Record.payload).where(
            Record.office_id == office_id, Record.entity.in_(PARTS),
            Record.payload["meeting_id"].as_string() == str(meeting_id),
        )
    ):  # fmt: skip
        parts[entity].append(payload)
    office = s.scalars(
        select(Record.payload).where(Record.office_id == office_id, Record.entity == "office")
    ).first() or {}  # fmt: skip
    q, rules = signed_terms(m)
    return minutes_doc(
        m, parts["agenda_item"], parts["meeting_addendum"],
        office=Bi(office.get("name_kk", ""), office.get("name_ru", "")),
        office_bin=office.get("bin", ""), settlement=_settlement(s, m.get("settlement_id")),
        q=q, rules=rules, office_akim=office.get("akim_name", ""),
    )  # fmt: skip


def signed_terms(meeting: dict[str, Any]) -> tuple[Quorum, MeetingRules]:
    """The quorum and the rules a meeting's minutes were signed under (kept in its payload)."""
    m = meeting
    rules = MeetingRules(**m["signed_rules"]) if m.get("signed_rules") else MeetingRules()
    q = quorum(m.get("kind", "assembly"), m.get("signed_entitled") or 0,
               m.get("signed_present") or 0, rules)  # fmt: skip
    return q, rules


def adopted(item: dict[str, Any], q: Quorum, rules: MeetingRules) -> bool:
    """Whether an agenda item of signed minutes was adopted, as its minutes say (a rejected item
    or one voted without a quorum is not a decision of the meeting)."""
    if item.get("withdrawn"):
        return False
    votes = (item.get("votes_for"), item.get("votes_against"), item.get("votes_abstained"))
    return outcome(votes, at_vote(q, item.get("present_at_vote")), rules).adopted


def _settlement(s: Session, settlement_id: str | None) -> Bi:
    if not settlement_id:
        return Bi()
    row = s.get(RefRow, ("settlement", uuid.UUID(str(settlement_id))))
    return Bi(row.data.get("name_kk", ""), row.data.get("name_ru", "")) if row else Bi()
