"""Import and export of the fines register: CSV, XLSX (openpyxl) and JSON.

Import checks every row; good rows go in, bad rows are reported with their line number and
reason; each row is all-or-nothing and the whole import is one transaction.
A row already in the register (same protocol, person, date and article) is skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from akimdesk.i18n import N_, msg
from akimdesk.models import FineCase, FinePayment, OffenceArticle, Settlement
from akimdesk.services import settings, tables
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import CaseInput, DecisionInput
from akimdesk.services.operation import Actor, operation
from akimdesk.services.tables import (  # noqa: F401 (FileError, describe: this register's API)
    CellError,
    FileError,
    ImportReport,
    Progress,
    RowError,
    describe,
    read_rows,
    text,
    to_date,
    to_int,
    to_money,
)
from akimdesk.storage.database import Database

# column key -> header per language; import accepts any of these (and the key itself)
COLUMNS: dict[str, tuple[str, str]] = {
    "number": ("Іс нөмірі", "Номер дела"),
    "offence_date": ("Құқық бұзушылық күні", "Дата правонарушения"),
    "offence_time": ("Уақыты", "Время"),
    "settlement": ("Елді мекен", "Населённый пункт"),
    "offence_address": ("Орны", "Место"),
    "description": ("Мәні", "Существо правонарушения"),
    "article": ("Бап", "Статья"),
    "offender_kind": ("Тұлға түрі", "Вид лица"),
    "offender_category": ("Санаты", "Категория"),
    "iin_bin": ("ЖСН/БСН", "ИИН/БИН"),
    "surname": ("Тегі", "Фамилия"),
    "first_name": ("Аты", "Имя"),
    "patronymic": ("Әкесінің аты", "Отчество"),
    "birth_date": ("Туған күні", "Дата рождения"),
    "org_name": ("Ұйым атауы", "Наименование организации"),
    "representative": ("Өкілі", "Представитель"),
    "offender_address": ("Мекенжайы", "Адрес"),
    "phone": ("Телефон", "Телефон"),
    "protocol_number": ("Хаттама нөмірі", "Номер протокола"),
    "protocol_date": ("Хаттама күні", "Дата протокола"),
    "protocol_author": ("Хаттаманы жасаған", "Составил протокол"),
    "witnesses": ("Куәлар", "Свидетели"),
    "explanation": ("Түсініктеме", "Объяснение"),
    "admits_offence": ("Құқық бұзушылық жасау фактісін мойындайды", "Признаёт факт правонарушения"),
    "penalty": ("Санкция", "Взыскание"),
    "mrp_count": ("АЕК саны", "Количество МРП"),
    "decision_date": ("Қаулы күні", "Дата постановления"),
    "delivery_date": ("Тапсырылған күні", "Дата вручения"),
    "paid_amount": ("Төленген сома", "Оплаченная сумма"),
    "paid_date": ("Төлем күні", "Дата оплаты"),
    "status": ("Мәртебесі", "Статус"),
    "language": ("Іс жүргізу тілі", "Язык производства"),
    "erap_number": ("ЕРАП нөмірі", "Номер ЕРАП"),
    "erap_date": ("ЕРАП-та тіркелген күні", "Дата регистрации в ЕРАП"),
}
# Older exports' Kazakh headers, still read on import (under keys of their own).
OLD_HEADERS = {"protocol_author": "Хаттаманы толтырған", "admits_offence": "Кінәсін мойындайды",
               "penalty": "Жаза"}  # fmt: skip
READ_COLUMNS = {**COLUMNS, **{f"{k}_old": (v, v) for k, v in OLD_HEADERS.items()}}
_LANGUAGE = {"kk": "kk", "қазақ": "kk", "қазақша": "kk", "казахский": "kk", "ru": "ru",
             "орыс": "ru", "орысша": "ru", "русский": "ru"}  # fmt: skip
_YES = {"1", "да", "иә", "yes", "true", "+", "ия"}
_PENALTY = {"штраф": "fine", "айыппұл": "fine", "fine": "fine",
            "предупреждение": "warning", "ескерту": "warning", "warning": "warning"}  # fmt: skip
_KIND = {"организация": "organisation", "ұйым": "organisation", "organisation": "organisation",
         "юр": "organisation", "физ": "person", "жеке": "person", "person": "person",
         "физическое лицо": "person", "жеке тұлға": "person"}  # fmt: skip
_CATEGORY = {"физическое лицо": "individual", "жеке тұлға": "individual", "individual": "individual",
             "должностное лицо": "official", "лауазымды адам": "official", "official": "official",
             "малый": "small", "шағын": "small", "small": "small", "средний": "medium",
             "орта": "medium", "medium": "medium", "крупный": "large", "ірі": "large",
             "large": "large"}  # fmt: skip


# What export writes for coded values, per language; import reads these words back.
WORDS = {
    "person": ("жеке тұлға", "физическое лицо"), "organisation": ("ұйым", "организация"),
    "individual": ("жеке тұлға", "физическое лицо"), "official": ("лауазымды адам", "должностное лицо"),
    "small": ("шағын", "малый"), "medium": ("орта", "средний"), "large": ("ірі", "крупный"),
    "fine": ("айыппұл", "штраф"), "warning": ("ескерту", "предупреждение"),
    "yes": ("иә", "да"),
}  # fmt: skip


def _word(key: str, lang: str) -> str:
    pair = WORDS.get(key)
    return "" if pair is None else pair[0 if lang == "kk" else 1]


class _Lookups:
    def __init__(self, session: Any) -> None:
        self.articles: dict[str, list[OffenceArticle]] = {}
        for a in session.scalars(select(OffenceArticle)):
            for key in (
                a.code,
                f"{a.article} ч.{a.part}",
                f"{a.article} б.{a.part}",
                f"{a.article}.{a.part}",
            ):
                self.articles.setdefault(key.replace(" ", "").lower(), []).append(a)
        self.language = settings.load(session)["ui.language"]
        self.settlements = {}
        for st in session.scalars(select(Settlement)):
            self.settlements[st.name_kk.lower()] = st.id
            self.settlements[st.name_ru.lower()] = st.id

    def article(self, v: Any, on: date | None) -> Any:
        key = text(v).replace(" ", "").lower()
        if not key:
            return None
        found = self.articles.get(key)
        if not found:
            raise CellError("article", msg("Unknown article «{value}».", value=text(v)))
        valid = [a for a in found if on and a.is_valid_on(on)]
        return (valid or found)[0].id

    def settlement(self, v: Any) -> Any:
        name = text(v).lower()
        if not name:
            return None
        if name not in self.settlements:
            raise CellError("settlement", msg("Unknown settlement «{value}».", value=text(v)))
        return self.settlements[name]


def _to_input(row: dict[str, Any], look: _Lookups) -> CaseInput:
    offence = to_date(row.get("offence_date"), "offence_date")
    org = text(row.get("org_name"))
    kind = _KIND.get(text(row.get("offender_kind")).lower()) or (
        "organisation" if org else "person"
    )
    default_cat = "small" if kind == "organisation" else "individual"
    category = _CATEGORY.get(text(row.get("offender_category")).lower(), default_cat)
    penalty = _PENALTY.get(text(row.get("penalty")).lower(), "fine")
    return CaseInput(
        offence_date=offence,
        offence_time=text(row.get("offence_time"))[:5],
        settlement_id=look.settlement(row.get("settlement")),
        offence_address=text(row.get("offence_address")),
        description=text(row.get("description")),
        article_id=look.article(row.get("article"), offence),
        offender_kind=kind,
        offender_category=category,
        iin_bin=text(row.get("iin_bin")).zfill(12)
        if text(row.get("iin_bin")).isdigit()
        else text(row.get("iin_bin")),
        surname=text(row.get("surname")),
        first_name=text(row.get("first_name")),
        patronymic=text(row.get("patronymic")),
        birth_date=to_date(row.get("birth_date"), "birth_date"),
        org_name=org,
        representative=text(row.get("representative")),
        offender_address=text(row.get("offender_address")),
        phone=text(row.get("phone")),
        protocol_number=text(row.get("protocol_number")) or text(row.get("number")),
        protocol_date=to_date(row.get("protocol_date"), "protocol_date") or offence,
        protocol_author=text(row.get("protocol_author")),
        witnesses=text(row.get("witnesses")),
        explanation=text(row.get("explanation")),
        admits_offence=text(row.get("admits_offence")).lower() in _YES,
        penalty=penalty,
        mrp_count=to_int(row.get("mrp_count"), "mrp_count") if penalty == "fine" else None,
        language=_LANGUAGE.get(text(row.get("language")).lower(), look.language),
        erap_number=text(row.get("erap_number")),
        erap_date=to_date(row.get("erap_date"), "erap_date"),
    )


def _old_headers(row: dict[str, Any]) -> dict[str, Any]:
    for key in OLD_HEADERS:
        old = row.pop(f"{key}_old", None)
        if row.get(key) in (None, "") and old not in (None, ""):
            row[key] = old
    return row


def _import_key(data: CaseInput) -> str:
    return _key(data.protocol_number, data.iin_bin, data.offence_date, data.article_id)


def _key(protocol_number: str, iin_bin: str, offence_date: Any, article_id: Any) -> str:
    """Protocol, person, day and article identify a case across files and registers."""
    parts = [protocol_number.strip(), iin_bin.strip(), str(offence_date), str(article_id)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def import_file(
    db: Database, actor: Actor, path: str | Path, progress: Progress | None = None,
    today: date | None = None,
) -> ImportReport:  # fmt: skip
    today = today or date.today()
    report = ImportReport(columns=COLUMNS)
    rows = [(n, _old_headers(row)) for n, row in read_rows(path, READ_COLUMNS)]
    with operation(db, actor, "fines.import", reason=Path(path).name) as op:
        look = _Lookups(op.session)
        # Cases already in the register, however they got there, are recognised by the same key.
        c = FineCase
        known = {
            _key(*row)
            for row in op.session.execute(
                select(c.protocol_number, c.iin_bin, c.offence_date, c.article_id)
            )
        }
        # Rows only add new objects, so a bad row is undone by dropping what it added before
        # anything reaches the database; everything is written in one flush at the end.
        with op.session.no_autoflush:
            for n, (line, row) in enumerate(rows, start=1):
                mark = op.mark()
                numbers = dict(op.scratch.get("last_seq", {}))
                try:
                    data = _to_input(row, look)
                    key = _import_key(data)
                    if key in known:
                        report.skipped += 1
                        continue
                    _import_row(op, data, row, key, today)
                    known.add(key)
                    report.added += 1
                except (CellError, ValidationError) as exc:
                    op.discard_since(mark)
                    op.scratch["last_seq"] = numbers  # no gap in the numbering
                    if isinstance(exc, CellError):
                        report.errors.append(RowError(line, exc.field, exc.message))
                    else:
                        report.errors += [RowError(line, f, m) for f, m in exc.errors.items()]
                if progress and n % 200 == 0:
                    progress(n, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return report


def _import_row(op: Any, data: CaseInput, row: dict[str, Any], key: str, today: date) -> None:
    case = cases.add_case(op, data, today, import_key=key)
    decided = to_date(row.get("decision_date"), "decision_date")
    if decided is not None:
        cases.decide(op, case, DecisionInput(decided, data.penalty, data.mrp_count), today)
        delivered = to_date(row.get("delivery_date"), "delivery_date")
        if delivered:
            cases.deliver(op, case, delivered, today)
    amount = to_money(row.get("paid_amount"), "paid_amount")
    if amount:
        paid_on = to_date(row.get("paid_date"), "paid_date")
        if paid_on is None:
            raise CellError("paid_date", N_("This field is required."))
        cases.pay(op, case, paid_on, amount, "", today)


# --- export -------------------------------------------------------------------------------
EXPORT_KEYS = list(COLUMNS)


def _export_rows(
    db: Database, lang: str, progress: Progress | None = None
) -> Iterator[dict[str, Any]]:
    from akimdesk.domain.fines import STATUS_LABELS
    from akimdesk.i18n import translator
    from akimdesk.services.fines.queries import status_of_case

    t = translator(lang)
    today = date.today()
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(FineCase)) or 0
        last_paid = (
            select(func.max(FinePayment.paid_on))
            .where(FinePayment.case_id == FineCase.id)
            .correlate(FineCase)
            .scalar_subquery()
        )
        stmt = (
            select(FineCase, last_paid)
            .order_by(FineCase.year, FineCase.seq_no)
            .execution_options(yield_per=1000)
        )
        for n, (c, paid_on) in enumerate(s.execute(stmt), start=1):
            if progress and n % 1000 == 0:
                progress(n, total)
            yield {
                "number": c.number, "offence_date": c.offence_date, "offence_time": c.offence_time,
                "settlement": (c.settlement.name(lang) if c.settlement else ""),
                "offence_address": c.offence_address, "description": c.description,
                "article": c.article.code, "offender_kind": _word(c.offender_kind, lang),
                "offender_category": _word(c.offender_category, lang), "iin_bin": c.iin_bin,
                "surname": c.surname, "first_name": c.first_name, "patronymic": c.patronymic,
                "birth_date": c.birth_date, "org_name": c.org_name,
                "representative": c.representative, "offender_address": c.offender_address,
                "phone": c.phone, "protocol_number": c.protocol_number,
                "protocol_date": c.protocol_date, "protocol_author": c.protocol_author,
                "witnesses": c.witnesses, "explanation": c.explanation,
                "admits_offence": _word("yes", lang) if c.admits_offence else "",
                "penalty": _word(c.penalty, lang),
                "mrp_count": c.mrp_count or None, "decision_date": c.decision_date,
                "delivery_date": c.delivery_date, "paid_amount": c.paid_tiyn / 100 if c.paid_tiyn else None,
                "paid_date": paid_on,
                "status": t(STATUS_LABELS[status_of_case(c, today)]),
                "language": c.language, "erap_number": c.erap_number, "erap_date": c.erap_date,
            }  # fmt: skip


def export(
    db: Database, path: str | Path, fmt: str, lang: str | None = None,
    progress: Progress | None = None,
) -> int:  # fmt: skip
    from akimdesk.i18n import get_language

    lang = lang or get_language()
    return tables.write(path, fmt, COLUMNS, EXPORT_KEYS, lang, _export_rows(db, lang, progress))
