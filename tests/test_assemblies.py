"""Assemblies and gatherings: quorum and majority under different rules, members and the size
rule, editing, signing, addenda, and the refusals a clerk sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from akimdesk.domain.assemblies import MeetingRules, outcome, quorum, size_range, threshold
from akimdesk.models import AgendaItem, AuditEntry, Meeting, MeetingAttendance, OutboxEntry
from akimdesk.models import Settlement as SettlementRow
from akimdesk.services import settings
from akimdesk.services.assemblies import meetings, members, queries
from akimdesk.services.assemblies.validation import MemberInput
from akimdesk.services.errors import ValidationError
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import item_input, make_meeting, make_members, meeting_input


@pytest.mark.parametrize(
    ("total", "percent", "strict", "need"),
    [
        (10, 50, False, 5),  # at least half of 10
        (10, 50, True, 6),  # more than half of 10
        (9, 50, False, 5),  # at least half of 9 is 4.5 -> 5
        (9, 50, True, 5),
        (15, 67, False, 11),  # two thirds (rounded up to 67%) of 15 -> 10.05 -> 11
        (12, 100, False, 12),
        (0, 50, False, 1),  # nobody entitled: nothing can be reached
    ],
)
def test_threshold(total, percent, strict, need):
    assert threshold(total, percent, strict) == need


def test_quorum_follows_the_settings():
    half = MeetingRules()
    assert quorum("assembly", 10, 5, half).met
    assert not quorum("assembly", 10, 4, half).met
    strict = MeetingRules(quorum_strict=True)
    assert not quorum("assembly", 10, 5, strict).met
    assert quorum("assembly", 10, 6, strict).met
    gathering = MeetingRules(gathering_quorum_percent=10)
    q = quorum("gathering", 430, 43, gathering)
    assert q.required == 43 and q.met
    assert not quorum("gathering", 430, 42, gathering).met
    assert not quorum("assembly", 0, 0, half).met


def test_majority_bases_and_no_quorum():
    rules = MeetingRules()
    q = quorum("assembly", 10, 8, rules)
    # of those present (8): more than half is 5
    assert outcome((5, 3, 0), q, rules).adopted
    assert not outcome((4, 2, 2), q, rules).adopted
    # of all members (10): more than half is 6
    members_rule = MeetingRules(majority_base="members")
    assert not outcome((5, 3, 0), q, members_rule).adopted
    assert outcome((6, 2, 0), q, members_rule).adopted
    # of votes cast: abstentions do not count against
    cast = MeetingRules(majority_base="cast")
    assert outcome((4, 3, 0), q, cast).adopted
    # two thirds of those present
    two_thirds = MeetingRules(majority_percent=67, majority_strict=False)
    assert (
        outcome((6, 2, 0), q, two_thirds).adopted and not outcome((5, 3, 0), q, two_thirds).adopted
    )
    # without quorum a vote adopts nothing and is flagged
    low = quorum("assembly", 10, 4, rules)
    result = outcome((4, 0, 0), low, rules)
    assert not result.adopted and result.without_quorum
    # no vote taken (an informational item): neither adopted nor flagged
    none = outcome((None, None, None), q, rules)
    assert not none.voted and not none.adopted and not none.without_quorum


@pytest.mark.parametrize(
    ("population", "expected"),
    [(3_200, (5, 10)), (10_000, (5, 10)), (10_001, (11, 15)), (15_000, (11, 15)),
     (17_500, (16, 20)), (20_001, (21, 25)), (60_000, (21, 25))],
)  # fmt: skip
def test_size_by_population(population, expected):
    assert size_range(population) == expected


def test_composition_checks_size_and_settlements(db):
    with db.write() as s:
        for place in s.scalars(select(SettlementRow)):
            place.population = 2500
    ids = make_members(db, ACTOR, 4)
    with db.read() as s:
        comp = members.composition(s, TODAY)
    assert (comp.population, comp.size_min, comp.size_max, comp.active) == (5000, 5, 10, 4)
    assert any("5" in str(p) and "10" in str(p) for p in comp.problems)
    for left in (ids[1], ids[3]):  # the members from the second settlement
        members.end_membership(db, ACTOR, left, TODAY - timedelta(days=3), "Көшіп кетті")
    with db.read() as s:
        comp = members.composition(s, TODAY)
        assert comp.active == 2
        assert [p.name_kk for p in comp.without_member] == ["Көктал"]
    settings.save(db, ACTOR, {"assembly.population": 12_000})
    with db.read() as s:
        assert members.composition(s, TODAY).size_min == 11


def test_member_input_is_checked(db):
    with pytest.raises(ValidationError) as err:
        members.add_member(
            db, ACTOR, MemberInput(full_name=" ", delegated_on=date(2024, 1, 1),
                                   term_until=date(2023, 1, 1))
        )  # fmt: skip
    assert set(err.value.errors) == {"full_name", "term_until", "delegated_by"}
    mid = members.add_member(
        db, ACTOR, MemberInput(full_name="Ким  Сергей", delegated_by="Жиын", delegated_on=date(2024, 1, 10))
    )  # fmt: skip
    with db.read() as s:
        m = s.get(members.AssemblyMember, mid)
        assert m.full_name == "Ким Сергей" and m.term_until == date(2028, 1, 10)


def test_meeting_numbering_quorum_and_outcomes(db):
    ids = make_members(db, ACTOR, 10)
    mid, ref = make_meeting(db, ACTOR, ids, present=8, items=2)
    assert ref == "1/2026"
    _, ref2 = meetings.create_meeting(
        db, ACTOR, meeting_input(kind="gathering", residents_entitled=400, residents_present=150)
    )
    assert ref2 == "2/2026"
    v = queries.load(db, "1/2026")
    assert (v.quorum.present, v.quorum.eligible, v.quorum.required, v.quorum.met) == (
        8,
        10,
        5,
        True,
    )
    assert [o.adopted for _, o in v.items] == [True, True]
    # A member who left before the meeting neither counts nor can be ticked
    members.end_membership(db, ACTOR, ids[9], date(2026, 1, 1), "Мерзімінен бұрын кетті")
    with pytest.raises(ValidationError):
        meetings.set_attendance(db, ACTOR, mid, {ids[9]: True})
    # Fewer present: the quorum is lost and the vote is flagged
    meetings.set_attendance(db, ACTOR, mid, {m: i < 4 for i, m in enumerate(ids[:9])})
    v = queries.load(db, mid)
    assert (v.quorum.present, v.quorum.eligible, v.quorum.met) == (4, 9, False)
    assert all(o.without_quorum and not o.adopted for _, o in v.items)
    rows = queries.rows(db.read().__enter__())
    row = next(r for r in rows if r.ref == "1/2026")
    assert (row.present, row.entitled, row.items) == (4, 9, 2)
    gathering = next(r for r in rows if r.ref == "2/2026")
    assert (gathering.present, gathering.entitled) == (150, 400)


def test_bad_input_is_refused_next_to_the_field(db):
    ids = make_members(db, ACTOR, 10)
    with pytest.raises(ValidationError) as err:
        meetings.create_meeting(
            db, ACTOR,
            meeting_input(kind="gathering", residents_entitled=100, residents_present=120,
                          start_time="25:00", place=""),
        )  # fmt: skip
    assert set(err.value.errors) == {"residents_present", "start_time", "place"}
    mid, _ = make_meeting(db, ACTOR, ids, present=6, items=0)
    with pytest.raises(ValidationError) as err:
        meetings.save_item(db, ACTOR, mid, None, item_input(votes_for=5, votes_against=2))
    assert "votes_for" in err.value.errors
    assert "7" in err.value.errors["votes_for"].render("ru")
    assert "6" in err.value.errors["votes_for"].render("kk")
    with pytest.raises(ValidationError) as err:
        meetings.save_item(db, ACTOR, mid, None, item_input(title_kk="", title_ru="", votes_for=-1))
    assert {"title_kk", "votes_for"} <= set(err.value.errors)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_signing_rules(db):
    ids = make_members(db, ACTOR, 10)
    mid, _ = make_meeting(db, ACTOR, ids, present=8, items=2, chair="", secretary="",
                          meeting_date=TODAY + timedelta(days=2))  # fmt: skip
    v = queries.load(db, mid)
    first = v.items[0][0]
    meetings.save_item(db, ACTOR, mid, first.id, item_input(decision_kk="", decision_ru=""))
    with pytest.raises(ValidationError) as err:
        meetings.sign(db, ACTOR, mid, today=TODAY)
    assert set(err.value.errors) == {"meeting_date", "chair", "secretary", "items"}
    assert "1" in err.value.errors["items"].render("ru")
    with db.read() as s:
        assert s.get(Meeting, mid).status == "draft"


def test_signed_minutes_are_read_only_and_take_addenda(db):
    ids = make_members(db, ACTOR, 10)
    mid, _ = make_meeting(db, ACTOR, ids, present=8, items=3)
    v = queries.load(db, mid)
    meetings.withdraw_item(db, ACTOR, v.items[0][0].id)
    v = queries.load(db, mid)
    assert [i.position for i, _ in v.items] == [1, 2]
    meetings.move_item(db, ACTOR, v.items[1][0].id, -1)
    moved = queries.load(db, mid)
    assert [i.id for i, _ in moved.items] == [v.items[1][0].id, v.items[0][0].id]
    meetings.sign(db, ACTOR, mid, today=TODAY)
    with pytest.raises(ValidationError):
        meetings.save_item(db, ACTOR, mid, None, item_input())
    with pytest.raises(ValidationError):
        meetings.update_meeting(db, ACTOR, mid, meeting_input(place="Басқа жер"))
    with pytest.raises(ValidationError):
        meetings.set_attendance(db, ACTOR, mid, {ids[0]: False})
    with pytest.raises(ValidationError) as err:
        meetings.add_addendum(db, ACTOR, mid, "", "")
    assert set(err.value.errors) == {"reason", "text"}
    meetings.add_addendum(
        db, ACTOR, mid, "Хатшы қатесі", "2-мәселе бойынша «қарсы» дауыс саны 2 деп оқылсын."
    )
    v = queries.load(db, mid)
    assert v.meeting.signed and v.meeting.signed_by == ACTOR.name
    assert [(a.seq, a.author, a.reason) for a in v.addenda] == [(1, ACTOR.name, "Хатшы қатесі")]
    with db.read() as s:
        audit = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "meeting_addendum")
        ).all()
        assert audit == ["meeting.addendum"]
        sent = s.scalars(select(OutboxEntry.entity).distinct()).all()
        assert {
            "meeting",
            "agenda_item",
            "meeting_attendance",
            "meeting_addendum",
            "assembly_member",
        } <= set(sent)
    # Legal records: the database itself refuses deletes and changed addenda
    with db.write() as s, pytest.raises(Exception, match="never"):
        s.execute(text("DELETE FROM meeting"))
    with db.write() as s, pytest.raises(Exception, match="never"):
        s.execute(text("UPDATE meeting_addendum SET text = 'x'"))


def test_attendance_has_one_record_per_member(db):
    ids = make_members(db, ACTOR, 5)
    mid, _ = make_meeting(db, ACTOR, ids, present=5, items=0)
    meetings.set_attendance(db, ACTOR, mid, {ids[0]: False})
    meetings.set_attendance(db, ACTOR, mid, {ids[0]: True})
    with db.read() as s:
        rows = s.scalars(select(MeetingAttendance)).all()
        assert len(rows) == 5
        row = s.get(MeetingAttendance, MeetingAttendance.id_for(mid, ids[0]))
        assert row.present and row.version == 3


def test_settings_for_meetings_are_validated(db):
    with pytest.raises(ValidationError) as err:
        settings.save(db, ACTOR, {"assembly.quorum_percent": 0, "assembly.majority_base": "x",
                                  "assembly.quorum_strict": "yes"})  # fmt: skip
    assert set(err.value.errors) == {
        "assembly.quorum_percent", "assembly.majority_base", "assembly.quorum_strict"
    }  # fmt: skip


def test_signed_minutes_keep_the_rules_and_counts_they_were_signed_under(db):
    ids = make_members(db, ACTOR, 10)
    signed_id, _ = make_meeting(db, ACTOR, ids, present=8, items=1)  # 7 for, 1 against
    draft_id, _ = make_meeting(db, ACTOR, ids, present=8, items=1)
    meetings.sign(db, ACTOR, signed_id, today=TODAY)
    # Later the district's regulation changes, and a member's term is cut short
    settings.save(db, ACTOR, {"assembly.majority_percent": 80, "assembly.majority_strict": False,
                              "assembly.majority_base": "members"})  # fmt: skip
    members.end_membership(db, ACTOR, ids[0], date(2026, 1, 1), "Қайта сайланды")
    signed = queries.load(db, signed_id)
    assert signed.rules.majority_base == "present" and signed.items[0][1].adopted
    assert (signed.quorum.present, signed.quorum.eligible) == (8, 10)
    draft = queries.load(db, draft_id)
    assert draft.rules.majority_base == "members" and not draft.items[0][1].adopted
    assert (draft.quorum.present, draft.quorum.eligible) == (7, 9)
    with db.read() as s:
        row = next(r for r in queries.rows(s) if r.id == signed_id)
        assert (row.present, row.entitled) == (8, 10) and row.signed_rules["majority_percent"] == 50
