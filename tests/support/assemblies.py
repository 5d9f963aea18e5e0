"""An assembly of members and a meeting with items, for tests of minutes and their printing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from akimdesk.models import Settlement
from akimdesk.services.assemblies import meetings, members
from akimdesk.services.assemblies.validation import ItemInput, MeetingInput, MemberInput

NAMES = ["Әбілқайырова Гүлнар", "Сейітов Асқар", "Жұмабаев Дәулет", "Құсайынова Ұлжан",
         "Нұрланов Ғалым", "Өтегенов Қайрат", "Иванова Елена", "Ким Сергей",
         "Төлеуова Сәуле", "Серікбаев Мұрат"]  # fmt: skip


def make_members(db, actor, n: int = 10, on: date = date(2024, 3, 1)) -> list:
    with db.read() as s:
        places = list(s.scalars(select(Settlement)))
    return [
        members.add_member(
            db,
            actor,
            MemberInput(
                full_name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}"),
                settlement_id=places[i % len(places)].id,
                delegated_by="Ақсу ауылының жиыны",
                delegated_on=on,
            ),
        )
        for i in range(n)
    ]


def meeting_input(**over) -> MeetingInput:
    values = dict(
        kind="assembly", meeting_date=date(2026, 11, 20), start_time="10:00",
        place="Ақсу ауылы, мәдениет үйі", convened_by="Ауылдық округ әкімі",
        chair="Сейітов Асқар", secretary="Құсайынова Ұлжан",
        invited="Серікбаев Ерлан Қайратұлы, ауылдық округ әкімі\nАудандық мәслихат депутаты Ли Виктор",
    )  # fmt: skip
    values.update(over)
    return MeetingInput(**values)


def item_input(n: int = 1, **over) -> ItemInput:
    values = dict(
        kind="budget", title_kk=f"Ауылдық округтің 2027 жылға арналған бюджетін келісу ({n})",
        title_ru=f"О согласовании бюджета сельского округа на 2027 год ({n})",
        rapporteur="Серікбаев Ерлан Қайратұлы",
        speakers=[{"name": "Жұмабаев Дәулет", "summary": "Жол жөндеуге қаражат көбейтуді ұсынды"}],
        votes_for=7, votes_against=1, votes_abstained=0,
        decision_kk="Бюджет жобасы келісілсін. Жол жөндеуге шығыстар көзделсін.",
        decision_ru="Согласовать проект бюджета. Предусмотреть расходы на ремонт дорог.",
    )  # fmt: skip
    values.update(over)
    return ItemInput(**values)


def make_meeting(db, actor, member_ids, present: int = 8, items: int = 2, votes=None, **over):
    meeting_id, ref = meetings.create_meeting(db, actor, meeting_input(**over))
    if over.get("kind", "assembly") == "assembly":
        marks = {m: i < present for i, m in enumerate(member_ids)}
        meetings.set_attendance(db, actor, meeting_id, marks)
    for n in range(1, items + 1):
        meetings.save_item(db, actor, meeting_id, None, item_input(n, **(votes or {})))
    return meeting_id, ref
