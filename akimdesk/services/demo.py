"""Realistic demo data: Kazakh and Russian names, valid ИИН/БИН, cases across every status.

Written in bulk (100,000 cases in well under a minute) inside one transaction with one audit row;
no outbox rows, so demo records never reach the district server. The database is marked as demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from akimdesk.domain.fines import amount_tiyn, half_tiyn
from akimdesk.domain.identity import make_bin, make_iin
from akimdesk.models import (
    FineCase,
    FineEvent,
    FinePayment,
    Meta,
    OffenceArticle,
    Official,
    Settlement,
    new_id,
    utcnow,
)
from akimdesk.services import audit, refdata, settings
from akimdesk.services import office as office_service
from akimdesk.services.fines.common import rules as fine_rules
from akimdesk.services.operation import Actor, require
from akimdesk.storage.database import Database

Progress = Callable[[int, int], None]

SURNAMES_KK = ["Әбілқайыров", "Сейітов", "Жұмабаев", "Құсайынов", "Нұрланов", "Өтегенов",
               "Төлеуов", "Иманғалиев", "Серікбаев", "Бекмұхамбетов", "Қасымов", "Ғабитов",
               "Үсенов", "Шәріпов", "Есенғалиев", "Тұрсынов"]  # fmt: skip
NAMES_KK_M = ["Ерлан", "Нұрсұлтан", "Асқар", "Бауыржан", "Дәулет", "Ғалым", "Қайрат", "Өмірзақ",
              "Мұрат", "Айбек", "Жанболат", "Серік"]  # fmt: skip
NAMES_KK_F = ["Әсел", "Гүлнар", "Айгүл", "Ұлжан", "Меруерт", "Динара", "Жанар", "Сәуле",
              "Аружан", "Қарлығаш"]  # fmt: skip
SURNAMES_RU = ["Иванов", "Ким", "Петров", "Шевченко", "Ли", "Кузнецов", "Смирнов", "Попов"]
NAMES_RU_M = ["Александр", "Сергей", "Андрей", "Дмитрий", "Виктор", "Юрий"]
NAMES_RU_F = ["Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана"]
STREETS = ["Абай көшесі", "Төле би көшесі", "Бейбітшілік көшесі", "Достық көшесі",
           "Жамбыл көшесі", "Орталық көшесі", "Мектеп көшесі", "Наурыз көшесі"]  # fmt: skip
STREETS_RU = ["улица Абая", "улица Толе би", "улица Бейбитшилик", "улица Достык",
              "улица Жамбыла", "Центральная улица", "Школьная улица", "улица Наурыз"]  # fmt: skip
# The legal form is written in the language of the office's papers: ЖШС / ТОО, ШҚ / КХ ...
ORGS = [("«Жетісу Агро» ЖШС", "ТОО «Жетісу Агро»"), ("«Береке» ШҚ", "КХ «Береке»"),
        ("«Ақниет» ЖК", "ИП «Ақниет»"), ("«Дихан» ӨК", "ПК «Дихан»"),
        ("«Дала-Сервис» ЖШС", "ТОО «Дала-Сервис»"), ("«Нұр-Тау» ЖШС", "ТОО «Нұр-Тау»")]  # fmt: skip
DESCRIPTIONS = {  # in the language of the proceedings
    "kk": {
        "505": "Үй маңындағы аумақта тұрмыстық қоқыс жиналған, абаттандыру қағидалары бұзылған",
        "408": "Ауыл шаруашылығы жануарлары белгіленбеген жерде бақылаусыз жайылған",
        "204": "Белгіленбеген жерде көкөніс саудасы жүргізілген",
        "434-2": "Ортақ пайдаланылатын орында қоқыс тасталған",
    },
    "ru": {
        "505": "На придомовой территории складирован бытовой мусор, нарушены правила благоустройства",
        "408": "Сельскохозяйственные животные выпасались без надзора в неустановленном месте",
        "204": "Велась торговля овощами в неустановленном месте",
        "434-2": "В месте общего пользования выброшен мусор",
    },
}
PLACES = {"kk": "{village} ауылы, Абай көшесі, 12, әкімдік ғимараты",
          "ru": "село {village}, улица Абая, 12, здание акимата"}  # fmt: skip
ISSUERS = {"kk": "ҚР ІІМ", "ru": "МВД РК"}
OFFICIALS = [  # (name, position kk, position ru, is the akim)
    ("Серікбаев Ерлан Қайратұлы", "Ақсу ауылдық округінің әкімі",
     "Аким Аксуского сельского округа", True),
    ("Қасымова Әсел Бауыржанқызы", "Ақсу ауылдық округі әкімі аппаратының бас маманы",
     "Главный специалист аппарата акима Аксуского сельского округа", False),
]  # fmt: skip
SETTLEMENTS = [("Ақсу", "Аксу"), ("Көктал", "Коктал"), ("Қызылжар", "Кызылжар"),
               ("Жаңаталап", "Жанаталап"), ("Бірлік", "Бирлик")]  # fmt: skip
DEMO_OFFICE = office_service.OfficeInput(
    name_kk="Ақсу ауылдық округі әкімінің аппараты",
    name_ru="Аппарат акима Аксуского сельского округа",
    district="Сарқан ауданы", region="Жетісу облысы", bin="080140000255",
    akim_name="Серікбаев Ерлан Қайратұлы", address="Ақсу ауылы, Абай көшесі, 12",
    phone="+7 728 39 2-14-55", kbk="204101", iik="KZ24070105KSN0000000", bik="KKMFKZ2A",
    bank_name="ҚР Қаржы министрлігінің Қазынашылық комитеті", knp="911",
)  # fmt: skip
SCENARIOS = [("protocol", 8), ("not_delivered", 5), ("in_force", 10), ("partly_paid", 6),
             ("paid", 25), ("paid_half", 10), ("warning", 12), ("overdue", 8),
             ("enforcement", 8), ("appealed", 2), ("cancelled", 3), ("half_window", 3)]  # fmt: skip


def ensure_office(db: Database, actor: Actor, language: str = "kk") -> None:
    if not office_service.is_set_up(db):
        office_service.set_up(db, actor, DEMO_OFFICE, language, SETTLEMENTS)


def russian_patronymic(father: str, male: bool) -> str:
    """Дмитрий → Дмитриевич / Дмитриевна, Юрий → Юрьевич, Андрей → Андреевич,
    Александр → Александрович: as a registry office writes them, never "Дмитрийович"."""
    end = "ич" if male else "на"
    if father.endswith("ий"):
        stem = father[:-2]
        # One consonant after a vowel softens (Юрий → Юрьевич, Василий → Васильевич); two
        # consonants keep the и (Дмитрий → Дмитриевич, Георгий → Георгиевич).
        soft = len(stem) >= 2 and stem[-2].lower() in "аеёиоуыэюя"
        return stem + ("ьев" if soft else "иев") + end
    if father.endswith(("ей", "ай")):  # Андрей → Андреевич, Николай → Николаевич
        return father[:-1] + "ев" + end
    return father + "ов" + end


class _People:
    def __init__(self, rnd: random.Random, lang: str = "kk") -> None:
        self.rnd = rnd
        self.serial = 0
        self.lang = lang

    def person(self) -> dict[str, Any]:
        r = self.rnd
        male = r.random() < 0.6
        kazakh = r.random() < 0.8
        born = date(1950, 1, 1) + timedelta(days=r.randrange(0, 365 * 55))
        iin = None
        while iin is None:
            self.serial += 1
            iin = make_iin(born, male, self.serial)
        if kazakh:
            surname = r.choice(SURNAMES_KK) + ("" if male else "а")
            first = r.choice(NAMES_KK_M if male else NAMES_KK_F)
            father = r.choice(NAMES_KK_M)
            patronymic = father + ("ұлы" if male else "қызы")
        else:
            surname = r.choice(SURNAMES_RU)
            if not male and surname.endswith("ов"):
                surname += "а"
            first = r.choice(NAMES_RU_M if male else NAMES_RU_F)
            patronymic = russian_patronymic(r.choice(NAMES_RU_M), male)
        return {
            "offender_kind": "person", "offender_category": "individual", "iin_bin": iin,
            "surname": surname, "first_name": first, "patronymic": patronymic,
            "birth_date": born, "org_name": "", "representative": "",
            "offender_name": f"{surname} {first} {patronymic}",
            "phone": f"+7 7{r.randrange(0, 100):02d} {r.randrange(1_000_000, 10_000_000)}",
        }  # fmt: skip

    def organisation(self) -> dict[str, Any]:
        r = self.rnd
        bin_ = None
        while bin_ is None:
            self.serial += 1
            bin_ = make_bin(r.randrange(2000, 2025), r.randrange(1, 13), 4, self.serial)
        kk, ru = r.choice(ORGS)
        name = kk if self.lang == "kk" else ru
        return {
            "offender_kind": "organisation",
            "offender_category": r.choice(("small", "medium", "large")),
            "iin_bin": bin_, "surname": "", "first_name": "", "patronymic": "", "birth_date": None,
            "org_name": name, "representative": r.choice(SURNAMES_KK) + " " + r.choice(NAMES_KK_M),
            "offender_name": name, "phone": "",
        }  # fmt: skip


def generate_fines(
    db: Database, actor: Actor, n: int, today: date | None = None, seed: int = 2026,
    progress: Progress | None = None, lang: str | None = None,
) -> int:  # fmt: skip
    """Adds `n` demo cases, organisations named in `lang` (default: the office's language).
    Returns how many were written."""
    require(actor, "demo.fill")  # bulk rows skip operation(), so the role is checked here
    today = today or date.today()
    rnd = random.Random(seed)
    with db.read() as s:
        people = _People(rnd, lang or settings.load(s)["ui.language"])
    with db.write() as s:
        # A part for a repeat needs the person's earlier penalty: demo people have none.
        articles = [a for a in s.scalars(select(OffenceArticle)) if not a.needs_prior]
        places = list(s.scalars(select(Settlement)))
        rules = fine_rules(s)
        pattern = settings.load(s)["fines.number_pattern"]
        akim, author = _officials(s)
        next_seq: dict[int, int] = {}
        for year, top in s.execute(
            select(FineCase.year, func.max(FineCase.seq_no)).group_by(FineCase.year)
        ):
            next_seq[year] = top
        people.serial = s.scalar(select(func.count()).select_from(FineCase)) or 0
        weights = [w for _, w in SCENARIOS]
        names = [k for k, _ in SCENARIOS]
        now = utcnow()
        chunk_cases: list[dict[str, Any]] = []
        chunk_events: list[dict[str, Any]] = []
        chunk_pay: list[dict[str, Any]] = []

        mrps = refdata.mrp_table(s)

        def mrp(d: date) -> int:
            return mrps.on(d) or 0

        def flush() -> None:
            if chunk_cases:
                s.execute(insert(FineCase), chunk_cases)
            if chunk_events:
                s.execute(insert(FineEvent), chunk_events)
            if chunk_pay:
                s.execute(insert(FinePayment), chunk_pay)
            chunk_cases.clear()
            chunk_events.clear()
            chunk_pay.clear()

        for i in range(n):
            scenario = rnd.choices(names, weights)[0]
            art = rnd.choice(articles)
            who = (
                people.organisation()
                if rnd.random() < 0.1 and art.sanction_for("small")
                else people.person()
            )
            if art.sanction_for(who["offender_category"]) is None:
                who = people.person()
            sanction = art.sanction_for(who["offender_category"])
            assert sanction is not None
            recent = scenario in ("protocol", "half_window", "not_delivered", "appealed")
            if scenario == "half_window":
                age = rnd.randrange(4, 7)
            elif scenario in ("in_force", "partly_paid"):
                age = rnd.randrange(16, 45)  # so that today falls inside the payment period
            elif recent:
                age = rnd.randrange(3, 40)
            else:
                age = rnd.randrange(60, 700)
            protocol = today - timedelta(days=age)
            offence = protocol - timedelta(days=rnd.randrange(0, 3))
            year = protocol.year
            next_seq[year] = next_seq.get(year, 0) + 1
            seq = next_seq[year]
            number = pattern.format(year=year, seq=seq)
            place = rnd.choice(places) if places else None
            lang = "ru" if rnd.random() < 0.3 else "kk"
            village = (place.name(lang) if place else "") or "Ақсу"
            hearing = protocol + timedelta(days=rnd.randrange(3, 8))
            count = sanction.min_mrp
            penalty = "warning" if scenario == "warning" and art.warning_allowed else "fine"
            admits = scenario in ("paid_half", "half_window") or rnd.random() < 0.3
            row: dict[str, Any] = {
                "id": new_id(), "version": 1, "number": number, "year": year, "seq_no": seq,
                "stage": "protocol", "offence_date": offence,
                "offence_time": f"{rnd.randrange(8, 20):02d}:{rnd.choice((0, 15, 30, 45)):02d}",
                "settlement_id": place.id if place else None,
                "offence_address": f"{rnd.choice(STREETS if lang == 'kk' else STREETS_RU)}, "
                f"{rnd.randrange(1, 120)}",
                "description": DESCRIPTIONS[lang].get(art.article, art.title(lang)),
                "article_id": art.id, **who,
                "offender_address": _address(rnd, place, lang),
                "protocol_number": number, "protocol_date": protocol,
                "protocol_author": author.full_name, "author_id": author.id,
                "protocol_time": f"{rnd.randrange(9, 18):02d}:00",
                "protocol_place": PLACES[lang].format(village=village), "language": lang,
                "interpreter": "", "id_doc_kind": "id_card" if who["birth_date"] else "",
                "id_doc_number": f"{rnd.randrange(10**8, 10**9)}" if who["birth_date"] else "",
                "id_doc_issuer": ISSUERS[lang] if who["birth_date"] else "",
                "id_doc_date": (date(2020, 1, 1) + timedelta(days=rnd.randrange(0, 1500))
                                if who["birth_date"] else None),
                "workplace": "", "representative_position": "",
                "representative_authority": "",
                "hearing_date": hearing, "hearing_time": "10:00",
                "hearing_place": PLACES[lang].format(village=village),
                "erap_number": f"{year}{rnd.randrange(10**10, 10**11)}" if age > 5 else "",
                "erap_date": protocol + timedelta(days=1) if age > 5 else None,
                "prior_case_id": None, "decided_by_id": None, "decision_place": "",
                "offender_present": True, "circumstances": "", "evidence": "",
                "mitigating": "", "aggravating": "", "enforcement_to": "",
                "enforcement_letter_no": "", "enforcement_result": "",
                "enforcement_result_date": None, "recovered_tiyn": 0,
                "witnesses": "", "explanation": "",
                "refused_to_sign": rnd.random() < 0.05, "admits_offence": admits,
                "penalty": penalty, "mrp_count": count if penalty == "fine" else 0,
                "decision_date": None, "mrp_value": mrp(protocol) if penalty == "fine" else 0,
                "amount_tiyn": amount_tiyn(mrp(protocol), count) if penalty == "fine" else 0,
                "paid_tiyn": 0, "reduced": False, "delivery_date": None,
                "limitation_date": rules.limitation_date(offence),
                "half_pay_until": (
                    rules.half_pay_until(protocol) if admits and penalty == "fine" else None
                ),
                "appeal_until": None, "in_force_date": None, "pay_by": None, "enforcement_by": None,
                "deferral_until": None, "instalment_months": 0, "enforcement_date": None,
                "closed_date": None, "import_key": None, "created_at": now, "updated_at": now,
            }  # fmt: skip
            if who["offender_kind"] == "organisation":
                row.update(representative_position="директор",
                           representative_authority="жарғы" if lang == "kk" else "устав")  # fmt: skip
            events: list[tuple[str, date, dict[str, Any]]] = [("protocol_drawn", protocol, {})]
            if scenario == "paid_half" and penalty == "fine":
                paid_on = protocol + timedelta(days=rnd.randrange(1, 6))
                half = half_tiyn(row["amount_tiyn"])
                row.update(stage="closed", reduced=True, paid_tiyn=half, closed_date=paid_on)
                chunk_pay.append(_payment(row, paid_on, half, actor, now))
                events += [("payment", paid_on, {"amount_tiyn": half}), ("paid_half", paid_on, {})]
            elif scenario not in ("protocol", "half_window"):
                decided = min(today, protocol + timedelta(days=rnd.randrange(1, 10)))
                row.update(stage="decided", decision_date=decided, decided_by_id=akim.id,
                           decision_place=row["hearing_place"], hearing_date=decided)  # fmt: skip
                events.append(("decision_issued", decided, {"penalty": penalty}))
                if scenario != "not_delivered":
                    delivered = min(today, decided + timedelta(days=rnd.randrange(0, 4)))
                    appeal_until = rules.appeal_until(delivered)
                    in_force = rules.in_force_after(appeal_until)
                    row.update(
                        delivery_date=delivered, appeal_until=appeal_until, in_force_date=in_force
                    )
                    if penalty == "fine":
                        row.update(pay_by=rules.pay_by(in_force))
                        row.update(enforcement_by=rules.enforcement_by(row["pay_by"]))
                    events.append(("decision_delivered", delivered, {}))
                    _finish(scenario, row, events, chunk_pay, rnd, today, actor, now, rules)
            chunk_cases.append(row)
            for k, (kind, on, data) in enumerate(events, start=1):
                chunk_events.append({
                    "id": new_id(), "version": 1, "case_id": row["id"], "seq": k, "kind": kind,
                    "on_date": on, "at": now, "author": actor.name, "reason": "",
                    "data": data,
                })  # fmt: skip
            if len(chunk_cases) >= 5000:
                flush()
                if progress:
                    progress(i + 1, n)
        flush()
        mark_demo(s, actor, "demo.generate_fines", "fine_case", n)
    if progress:
        progress(n, n)
    return n


def mark_demo(s: Session, actor: Actor, action: str, entity: str, count: int) -> None:
    """One audit row for a bulk demo write, and the file marked as holding demo data."""
    audit.append(s, [{
        "at": utcnow(), "user": actor.label, "action": action, "entity": entity, "entity_id": "",
        "reason": "", "before": None, "after": {"count": count},
    }])  # fmt: skip
    if s.get(Meta, "demo") is None:
        s.add(Meta(key="demo", value="1"))


def _address(rnd: random.Random, place: Settlement | None, lang: str = "kk") -> str:
    village = (
        (f"{place.name_kk} а., " if lang == "kk" else f"с. {place.name_ru}, ") if place else ""
    )
    return (
        f"{village}{rnd.choice(STREETS if lang == 'kk' else STREETS_RU)}, {rnd.randrange(1, 120)}"
    )


def _officials(s: Session) -> tuple[Official, Official]:
    """The akim and the specialist who draws up protocols; added when the office has none."""
    rows = list(s.scalars(select(Official).where(Official.active)))
    if not rows:
        for name, kk, ru, is_akim in OFFICIALS:
            row = Official(id=new_id(), version=1, full_name=name, position_kk=kk,
                           position_ru=ru, is_akim=is_akim, active=True)  # fmt: skip
            s.add(row)
            rows.append(row)
        s.flush()
    akim = next((o for o in rows if o.is_akim), rows[0])
    return akim, next((o for o in rows if not o.is_akim), akim)


def _payment(row: dict[str, Any], on: date, amount: int, actor: Actor, now: Any) -> dict[str, Any]:
    return {
        "id": new_id(), "version": 1, "case_id": row["id"], "paid_on": on, "amount_tiyn": amount,
        "document_no": f"ПТ-{row['seq_no']:06d}", "author": actor.name, "created_at": now,
    }  # fmt: skip


def _finish(scenario, row, events, pays, rnd, today, actor, now, rules) -> None:  # type: ignore[no-untyped-def]
    """Moves a delivered decision on to the scenario's end state, keeping dates consistent."""
    if row["penalty"] == "warning":
        return
    in_force, pay_by = row["in_force_date"], row["pay_by"]
    if in_force > today:
        return
    if scenario in ("in_force", "partly_paid"):
        if scenario == "partly_paid":
            part = row["amount_tiyn"] // 3
            on = min(today, row["in_force_date"] + timedelta(days=1))
            row["paid_tiyn"] = part
            pays.append(_payment(row, on, part, actor, now))
            events.append(("payment", on, {"amount_tiyn": part}))
    elif scenario == "paid":
        on = min(today, in_force + timedelta(days=rnd.randrange(0, 25)))
        row.update(paid_tiyn=row["amount_tiyn"], stage="closed", closed_date=on)
        pays.append(_payment(row, on, row["amount_tiyn"], actor, now))
        events += [("payment", on, {"amount_tiyn": row["amount_tiyn"]}), ("paid_in_full", on, {})]
    elif scenario == "enforcement" and pay_by < today:
        on = min(today, pay_by + timedelta(days=rnd.randrange(1, 10)))
        to = "Жеке сот орындаушысы Бекмұхамбетов Д." if row["language"] == "kk" else (
            "Частный судебный исполнитель Петров А.")  # fmt: skip
        row.update(stage="enforcement", enforcement_date=on, enforcement_to=to,
                   enforcement_letter_no=f"01-15/{row['seq_no']}")  # fmt: skip
        events.append(("sent_to_enforcement", on, {}))
    elif scenario == "appealed":
        row.update(stage="appealed")
        events.append(("appeal_filed", min(today, row["delivery_date"] + timedelta(days=2)), {}))
    elif scenario == "cancelled":
        on = row["decision_date"] + timedelta(days=5)
        row.update(stage="cancelled", closed_date=min(on, today))
        events.append(("cancelled", min(on, today), {}))
