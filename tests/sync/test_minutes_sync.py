"""Minutes travel like fines: members, meetings, attendance, items and addenda reach the district,
a new PC gets them back, and two PCs numbering a meeting alike are sorted out by a person."""

from __future__ import annotations

from sqlalchemy import func, select

from akimdesk import reports
from akimdesk.models import AgendaItem, AssemblyMember, Meeting, MeetingAttendance, SyncRejection
from akimdesk.services.assemblies import meetings
from akimdesk.storage.database import open_database
from akimdesk.sync import client, outbox, resolve
from tests.conftest import ACTOR, OFFICE, TODAY
from tests.support.assemblies import make_meeting, make_members, meeting_input
from tests.support.server import server_cli
from tests.sync.conftest import held, sync_round


def test_minutes_reach_the_district_and_a_new_pc(linked, server, token, server_db, tmp_path):
    ids = make_members(linked, ACTOR, 10)
    mid, ref = make_meeting(linked, ACTOR, ids, present=8, items=3)
    meetings.sign(linked, ACTOR, mid, today=TODAY)
    meetings.add_addendum(linked, ACTOR, mid, "Хатшы қатесі", "Түзету мәтіні")
    result = sync_round(linked)
    assert result.rejected == 0
    counts = held(server_db)
    assert (counts["assembly_member"], counts["meeting"], counts["meeting_attendance"],
            counts["agenda_item"], counts["meeting_addendum"]) == (10, 1, 10, 3, 1)  # fmt: skip
    fresh = open_database(tmp_path / "new-pc")
    try:
        client.link(fresh, server.url, token)
        sync_round(fresh)
        # The district does not know the office's second settlement yet: the members from it
        # (and their attendance) wait on this PC instead of failing the whole sync.
        with fresh.read() as s:
            assert s.scalar(select(func.count()).select_from(AssemblyMember)) == 5
            assert s.scalar(select(func.count()).select_from(MeetingAttendance)) == 5
        server_cli(server_db, "refdata", "settlement", "--office", OFFICE.bin, "--kk", "Көктал",
                   "--ru", "Коктал")  # fmt: skip
        sync_round(fresh)
        with fresh.read() as s:
            assert s.scalar(select(func.count()).select_from(AssemblyMember)) == 10
            assert s.scalar(select(func.count()).select_from(MeetingAttendance)) == 10
            assert s.scalar(select(func.count()).select_from(AgendaItem)) == 3
            assert s.get(Meeting, mid).signed
            assert outbox.pending_count(s) == 0
        # The same minutes print on the new PC
        mine = reports.render("minutes", linked, {"meeting": ref}, "kk")
        theirs = reports.render("minutes", fresh, {"meeting": ref}, "kk")
        assert len(mine) > 10_000 and abs(len(mine) - len(theirs)) < 200
    finally:
        fresh.close()


def test_two_pcs_give_one_number_to_two_meetings(linked, server, token, tmp_path):
    sync_round(linked)
    other = open_database(tmp_path / "second-pc")
    try:
        client.link(other, server.url, token)
        sync_round(other)
        meetings.create_meeting(other, ACTOR, meeting_input(place="Көктал мектебі"))
        sync_round(other)
        mine_id, ref = meetings.create_meeting(linked, ACTOR, meeting_input())
        sync_round(linked)
        sync_round(linked)
        with linked.read() as s:
            clash = s.scalars(
                select(SyncRejection).where(SyncRejection.resolved_at.is_(None))
            ).all()
        assert [(r.entity, r.reason, r.detail) for r in clash if r.reason == "number_taken"] == [
            ("meeting", "number_taken", ref)
        ]
        taken = next(r for r in clash if r.reason == "number_taken")
        assert resolve.renumber_mine(linked, ACTOR, taken.id, "Екі компьютер") == "2/2026"
        for r in clash:
            if r.resolved_at is None and r.reason != "number_taken":
                resolve.keep_mine(linked, ACTOR, r.id)
        sync_round(linked)
        sync_round(linked)
        with linked.read() as s:
            refs = sorted(s.scalars(select(Meeting.ref)))
            assert refs == ["1/2026", "2/2026"]
            assert s.get(Meeting, mine_id).ref == "2/2026"
    finally:
        other.close()
