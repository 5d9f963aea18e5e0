"""Demo assembly: members from every settlement and meetings over past years, most signed.

Like the fines demo: bulk rows in one transaction with one audit row and no outbox rows, so demo
minutes never reach the district server; the database is marked as demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from akimdesk.domain.assemblies import AGENDA_KINDS, TERM_YEARS
from akimdesk.domain.calendar import add_months
from akimdesk.models import (
    AgendaItem,
    AssemblyMember,
    Meeting,
    MeetingAttendance,
    Settlement,
    new_id,
    utcnow,
)
from akimdesk.services.assemblies import meetings
from akimdesk.services.assemblies.meetings import make_ref
from akimdesk.services.demo import mark_demo
from akimdesk.services.operation import Actor, require
from akimdesk.storage.database import Database

Progress = Callable[[int, int], None]

MEMBERS = ["Әбілқайырова Гүлнар Серікқызы", "Сейітов Асқар Болатұлы", "Жұмабаев Дәулет Ерланұлы",
           "Құсайынова Ұлжан Маратқызы", "Нұрланов Ғалым Жақсылықұлы", "Өтегенов Қайрат Нұрланұлы",
           "Иванова Елена Викторовна", "Ким Сергей Александрович", "Төлеуова Сәуле Қайратқызы",
           "Серікбаев Мұрат Асқарұлы", "Бекмұхамбетов Айбек Тұрсынұлы",
           "Ғабитова Меруерт Ерболқызы"]  # fmt: skip
TOPICS = {
    "budget": ("{year} жылға арналған ауылдық округ бюджетін келісу",
               "О согласовании бюджета сельского округа на {year} год",
               "Бюджет жобасы келісілсін.", "Согласовать проект бюджета."),
    "budget_monitoring": ("Бюджет қаражатының жұмсалуы туралы есеп",
                          "Об отчёте об использовании бюджетных средств",
                          "Есеп назарға алынсын.", "Отчёт принять к сведению."),
    "development_programme": ("Жергілікті қоғамдастықты дамыту бағдарламасы",
                              "О программе развития местного сообщества",
                              "Бағдарлама бекітілсін.", "Утвердить программу."),
    "communal_property": ("Мәдениет үйінің ғимаратын жалға беру",
                          "О передаче в аренду здания дома культуры",
                          "Ғимарат бір жылға жалға берілсін.", "Передать здание в аренду на один год."),
    "improvement_rules": ("Абаттандыру қағидалары", "О правилах благоустройства",
                          "Қағидалар келісілсін.", "Согласовать правила."),
    "other": ("Жайылымдарды пайдалану туралы", "Об использовании пастбищ",
              "Мал жаю орындары белгіленсін.", "Определить места выпаса скота."),
}  # fmt: skip
# (kk, ru): the demo minutes are kept in Kazakh with every text also in Russian.
PLACES = [("Ақсу ауылы, мәдениет үйі", "село Аксу, дом культуры"),
          ("Ақсу ауылы, мектептің мәжіліс залы", "село Аксу, актовый зал школы"),
          ("Әкімдік ғимараты", "здание акимата")]  # fmt: skip
CONVENED = ("Ауылдық округ әкімі", "Аким сельского округа")
INVITED = ("Ауылдық округ әкімі\nАудандық мәслихат депутаты",
           "Аким сельского округа\nДепутат районного маслихата")  # fmt: skip
SPOKE = ("Ұсынысты қолдады", "Поддержал предложение")


def generate_meetings(
    db: Database, actor: Actor, n: int, today: date | None = None, seed: int = 2026,
    progress: Progress | None = None,
) -> int:  # fmt: skip
    require(actor, "demo.fill")  # bulk rows skip operation(), so the role is checked here
    today = today or date.today()
    rnd = random.Random(seed)
    now = utcnow()
    with db.write() as s:
        places = list(s.scalars(select(Settlement)))
        office_rules = asdict(meetings.rules(s))
        last: dict[int, int] = dict(
            s.execute(select(Meeting.year, func.max(Meeting.number)).group_by(Meeting.year)).all()
        )
        # Meetings go back from today, every few days (a big demo spans years).
        day = today - timedelta(days=rnd.randrange(1, 6))
        dates = []
        for _ in range(n):
            dates.append(day)
            day -= timedelta(days=rnd.randrange(1, 5))
        members = _ensure_members(s, places, min(dates, default=today), today, now)
        meetings_rows: list[dict[str, Any]] = []
        items_rows: list[dict[str, Any]] = []
        attendance_rows: list[dict[str, Any]] = []
        for i, on in enumerate(sorted(dates)):
            last[on.year] = number = last.get(on.year, 0) + 1
            kind = rnd.choices(["assembly", "gathering", "separate_gathering"], [6, 3, 1])[0]
            mid = new_id()
            signed = on < today - timedelta(days=7) or rnd.random() < 0.5
            place = rnd.choice(places) if places and kind != "assembly" else None
            entitled = rnd.randrange(150, 900) if kind != "assembly" else 0
            hall = rnd.choice(PLACES)
            separate = kind == "separate_gathering"
            signed_at = datetime.combine(
                min(today, on + timedelta(days=rnd.randrange(0, 3))), time(12)
            )
            # Most signed minutes were published within a week; a few were not (needs action).
            published = signed and rnd.random() < 0.9
            meetings_rows.append({
                "id": mid, "version": 1, "kind": kind, "language": "kk", "year": on.year,
                "number": number, "ref": make_ref(number, on.year), "meeting_date": on,
                "start_time": "10:00", "place": hall[0], "place_other": hall[1],
                "convened_by": CONVENED[0], "convened_by_other": CONVENED[1],
                "chair": MEMBERS[1], "secretary": MEMBERS[3],
                "invited": INVITED[0], "invited_other": INVITED[1],
                "settlement_id": place.id if place else None,
                "scope": "Абай көшесі" if separate else "",
                "scope_other": "улица Абая" if separate else "",
                "residents_entitled": entitled,
                "residents_present": int(entitled * rnd.uniform(0.3, 0.8)) if entitled else 0,
                "status": "signed" if signed else "draft",
                "signed_at": signed_at if signed else None,
                "signed_by": actor.name if signed else "",
                "published_on": min(today, signed_at.date() + timedelta(days=rnd.randrange(1, 6)))
                if published else None,
                "published_channel": "internet_resource" if published else "",
                "published_place": "https://www.gov.kz/memleket/entities/aksu" if published else "",
                "published_by": MEMBERS[3] if published else "",
                "created_at": now, "updated_at": now,
            })  # fmt: skip
            present, seated = 0, 0
            if kind == "assembly":
                for m in members:
                    if m["delegated_on"] <= on <= m["term_until"]:
                        here = rnd.random() < 0.85
                        present += here
                        seated += 1
                        attendance_rows.append({
                            "id": MeetingAttendance.id_for(mid, m["id"]), "version": 1,
                            "meeting_id": mid, "member_id": m["id"], "present": here,
                        })  # fmt: skip
            else:
                present, seated = meetings_rows[-1]["residents_present"], entitled
            meetings_rows[-1].update(  # signed minutes keep the rules and counts of their day
                signed_rules=office_rules if signed else None,
                signed_present=present if signed else None,
                signed_entitled=seated if signed else None,
            )
            for pos in range(1, rnd.randrange(2, 6)):
                considered = signed and signed_at.date() + timedelta(days=3) <= today
                items_rows.append(_item(rnd, mid, pos, on, present, considered))
            if len(meetings_rows) >= 500:
                _flush(s, meetings_rows, items_rows, attendance_rows)
            if progress and i % 100 == 0:
                progress(i, n)
        _flush(s, meetings_rows, items_rows, attendance_rows)
        mark_demo(s, actor, "demo.generate_meetings", "meeting", n)
    if progress:
        progress(n, n)
    return n


def _ensure_members(s, places, earliest, today, now) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The same ten people delegated term after term, back to the earliest meeting."""
    existing = s.scalars(select(AssemblyMember)).all()
    if existing:
        return [{"id": m.id, "full_name": m.full_name, "delegated_on": m.delegated_on,
                 "term_until": m.term_until} for m in existing]  # fmt: skip
    start = add_months(today, -12 * TERM_YEARS + 2)
    while start > earliest:
        start = add_months(start, -12 * TERM_YEARS)
    rows = []
    while start <= today:
        end = add_months(start, 12 * TERM_YEARS) - timedelta(days=1)
        for i, name in enumerate(MEMBERS[:10]):
            place = places[i % len(places)] if places else None
            rows.append({
                "id": new_id(), "version": 1, "full_name": name,
                "settlement_id": place.id if place else None,
                "delegated_by": f"{place.name_kk} ауылының жиыны" if place else "Жиын",
                "delegated_on": start, "term_until": end,
                "position": "", "phone": "", "ended_on": None, "end_reason": "", "created_at": now,
            })  # fmt: skip
        start = end + timedelta(days=1)
    s.execute(insert(AssemblyMember), rows)
    return rows


def _item(rnd: random.Random, mid: Any, pos: int, on: date, present: int,
          considered: bool) -> dict[str, Any]:  # fmt: skip
    """`considered`: the akim has answered, if the item was adopted (the meeting's quorum and
    majority are not known here, so a clear majority of those present stands for adopted)."""
    kind = rnd.choice([k for k in AGENDA_KINDS if k in TOPICS])
    kk, ru, dkk, dru = TOPICS[kind]
    voted_for = int(present * rnd.uniform(0.4, 1.0))
    against = rnd.randrange(0, max(present - voted_for, 0) + 1)
    answered = considered and voted_for * 2 > present and rnd.random() < 0.95
    return {
        "id": new_id(), "version": 1, "meeting_id": mid, "position": pos, "kind": kind,
        "title_kk": kk.format(year=on.year + 1), "title_ru": ru.format(year=on.year + 1),
        "rapporteur": "Серікбаев Ерлан Қайратұлы",
        "speakers": [{"name": "Жұмабаев Дәулет Ерланұлы", "summary": SPOKE[0],
                      "summary_other": SPOKE[1]}],
        "votes_for": voted_for, "votes_against": against,
        "votes_abstained": max(present - voted_for - against, 0),
        "decision_kk": dkk, "decision_ru": dru, "withdrawn": False,
        "considered_on": on + timedelta(days=3) if answered else None,
        "consideration_result": "accepted" if answered else "",
        "consideration": "Орындауға қабылданды, жауапты маман белгіленді." if answered else "",
        "considered_by": "Серікбаев Ерлан Қайратұлы" if answered else "",
    }  # fmt: skip


def _flush(s, meetings_rows, items_rows, attendance_rows) -> None:  # type: ignore[no-untyped-def]
    for model, rows in ((Meeting, meetings_rows), (AgendaItem, items_rows),
                        (MeetingAttendance, attendance_rows)):  # fmt: skip
        if rows:
            s.execute(insert(model), rows)
            rows.clear()
