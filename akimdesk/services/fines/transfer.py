"""Import and export of the fines register: CSV, XLSX (openpyxl) and JSON.

Import checks every row; good rows go in, bad rows are reported with their line number and
reason; each row is all-or-nothing and the whole import is one transaction.
A row already in the register (same protocol, person, date and article) is skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from akimdesk.i18n import N_, Msg, _, msg, render
from akimdesk.models import FineCase, FinePayment, OffenceArticle, Settlement
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import CaseInput, DecisionInput
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database

Progress = Callable[[int, int], None]

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
    "protocol_author": ("Хаттаманы толтырған", "Составил протокол"),
    "witnesses": ("Куәлар", "Свидетели"),
    "explanation": ("Түсініктеме", "Объяснение"),
    "admits_offence": ("Кінәсін мойындайды", "Признаёт вину"),
    "penalty": ("Жаза", "Взыскание"),
    "mrp_count": ("АЕК саны", "Количество МРП"),
    "decision_date": ("Қаулы күні", "Дата постановления"),
    "delivery_date": ("Тапсырылған күні", "Дата вручения"),
    "paid_amount": ("Төленген сома", "Оплаченная сумма"),
    "paid_date": ("Төлем күні", "Дата оплаты"),
    "status": ("Мәртебесі", "Статус"),
}
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


@dataclass
class RowError:
    line: int
    field: str
    message: str | Msg


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0  # already in the register
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({e.line for e in self.errors})


def describe(report: ImportReport, limit: int = 30) -> str:
    lines = [
        _("Added: {added}. Already in the register: {skipped}. Rows with errors: {bad}.").format(
            added=report.added, skipped=report.skipped, bad=report.bad_rows
        )
    ]
    for e in report.errors[:limit]:
        column = _header_for(e.field)
        where = _("line {line}").format(line=e.line) + (f", {column}" if column else "")
        lines.append(f"{where}: {render(e.message)}")
    if len(report.errors) > limit:
        lines.append(_("…and {n} more.").format(n=len(report.errors) - limit))
    return "\n".join(lines)


def _header_for(key: str) -> str:
    from akimdesk.i18n import get_language

    pair = COLUMNS.get(key)
    if not pair:
        return ""
    return pair[0] if get_language() == "kk" else pair[1]


# --- reading files ------------------------------------------------------------------------
def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number as the person sees it, {column key: value}) for each non-empty row."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".xlsx":
            yield from _xlsx_rows(path)
        else:
            yield from _csv_rows(path.read_bytes())
    except (OSError, ValueError, KeyError, csv.Error, zipfile.BadZipFile) as exc:
        raise FileError(msg("The file cannot be read as a table: {reason}", reason=exc)) from exc


def _header_map(header: list[Any]) -> dict[int, str]:
    aliases = {k: k for k in COLUMNS}
    for key, (kk, ru) in COLUMNS.items():
        aliases[kk.lower()] = key
        aliases[ru.lower()] = key
    out = {}
    for i, h in enumerate(header):
        key = aliases.get(str(h or "").strip().lower())
        if key:
            out[i] = key
    return out


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = wb.active.iter_rows(values_only=True)
        header = _header_map(list(next(rows, [])))
        for line, row in enumerate(rows, start=2):
            values = {header[i]: v for i, v in enumerate(row) if i in header}
            if any(v not in (None, "") for v in values.values()):
                yield line, values
    finally:
        wb.close()


def _csv_rows(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1251")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = _header_map(next(reader, []))
    for line, row in enumerate(reader, start=2):
        values = {header[i]: v for i, v in enumerate(row) if i in header}
        if any(str(v).strip() for v in values.values()):
            yield line, values


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False  # Excel in Russian Windows saves CSV as cp1251
    return True


# --- converting cells ---------------------------------------------------------------------
class FileError(Exception):
    """The file itself cannot be read (not a spreadsheet, damaged, wrong encoding)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


class CellError(Exception):
    def __init__(self, field: str, message: str | Msg) -> None:
        super().__init__(field)
        self.field, self.message = field, message


def _s(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _date(v: Any, name: str) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = _s(v)
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(name, msg("Not a date: «{value}». Use DD.MM.YYYY.", value=text))


def _int(v: Any, name: str) -> int | None:
    text = _s(v).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        raise CellError(name, msg("Not a number: «{value}».", value=text)) from None


def _money(v: Any, name: str) -> int | None:
    text = _s(v).replace(" ", "").replace("\u00a0", "").replace("₸", "").replace(",", ".")
    if not text:
        return None
    try:
        return round(float(text) * 100)
    except ValueError:
        raise CellError(name, msg("Not an amount: «{value}».", value=text)) from None


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
        self.settlements = {}
        for st in session.scalars(select(Settlement)):
            self.settlements[st.name_kk.lower()] = st.id
            self.settlements[st.name_ru.lower()] = st.id

    def article(self, v: Any, on: date | None) -> Any:
        key = _s(v).replace(" ", "").lower()
        if not key:
            return None
        found = self.articles.get(key)
        if not found:
            raise CellError("article", msg("Unknown article «{value}».", value=_s(v)))
        valid = [a for a in found if on and a.is_valid_on(on)]
        return (valid or found)[0].id

    def settlement(self, v: Any) -> Any:
        name = _s(v).lower()
        if not name:
            return None
        if name not in self.settlements:
            raise CellError("settlement", msg("Unknown settlement «{value}».", value=_s(v)))
        return self.settlements[name]


def _to_input(row: dict[str, Any], look: _Lookups) -> CaseInput:
    offence = _date(row.get("offence_date"), "offence_date")
    org = _s(row.get("org_name"))
    kind = _KIND.get(_s(row.get("offender_kind")).lower()) or ("organisation" if org else "person")
    default_cat = "small" if kind == "organisation" else "individual"
    category = _CATEGORY.get(_s(row.get("offender_category")).lower(), default_cat)
    penalty = _PENALTY.get(_s(row.get("penalty")).lower(), "fine")
    return CaseInput(
        offence_date=offence,
        offence_time=_s(row.get("offence_time"))[:5],
        settlement_id=look.settlement(row.get("settlement")),
        offence_address=_s(row.get("offence_address")),
        description=_s(row.get("description")),
        article_id=look.article(row.get("article"), offence),
        offender_kind=kind,
        offender_category=category,
        iin_bin=_s(row.get("iin_bin")).zfill(12)
        if _s(row.get("iin_bin")).isdigit()
        else _s(row.get("iin_bin")),
        surname=_s(row.get("surname")),
        first_name=_s(row.get("first_name")),
        patronymic=_s(row.get("patronymic")),
        birth_date=_date(row.get("birth_date"), "birth_date"),
        org_name=org,
        representative=_s(row.get("representative")),
        offender_address=_s(row.get("offender_address")),
        phone=_s(row.get("phone")),
        protocol_number=_s(row.get("protocol_number")) or _s(row.get("number")),
        protocol_date=_date(row.get("protocol_date"), "protocol_date") or offence,
        protocol_author=_s(row.get("protocol_author")),
        witnesses=_s(row.get("witnesses")),
        explanation=_s(row.get("explanation")),
        admits_offence=_s(row.get("admits_offence")).lower() in _YES,
        penalty=penalty,
        mrp_count=_int(row.get("mrp_count"), "mrp_count") if penalty == "fine" else None,
    )


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
    report = ImportReport()
    rows = list(read_rows(path))
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
    decided = _date(row.get("decision_date"), "decision_date")
    if decided is not None:
        cases.decide(op, case, DecisionInput(decided, data.penalty, data.mrp_count), today)
        delivered = _date(row.get("delivery_date"), "delivery_date")
        if delivered:
            cases.deliver(op, case, delivered, today)
    amount = _money(row.get("paid_amount"), "paid_amount")
    if amount:
        paid_on = _date(row.get("paid_date"), "paid_date")
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
            }  # fmt: skip


def export(
    db: Database, path: str | Path, fmt: str, lang: str | None = None,
    progress: Progress | None = None,
) -> int:  # fmt: skip
    from akimdesk.i18n import get_language

    lang = lang or get_language()
    headers = [COLUMNS[k][0 if lang == "kk" else 1] for k in EXPORT_KEYS]
    n = 0
    path = Path(path)
    if fmt == "json":
        with path.open("w", encoding="utf-8") as fh:
            fh.write("[\n")
            for row in _export_rows(db, lang, progress):
                fh.write(
                    ("," if n else "") + json.dumps(row, ensure_ascii=False, default=str) + "\n"
                )
                n += 1
            fh.write("]\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(headers)
            for row in _export_rows(db, lang, progress):
                w.writerow([_csv_cell(row[k]) for k in EXPORT_KEYS])
                n += 1
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(headers)
        for row in _export_rows(db, lang, progress):
            ws.append([row[k] for k in EXPORT_KEYS])
            n += 1
        wb.save(path)
    else:
        raise ValueError(f"unknown format {fmt}")
    return n


def _csv_cell(v: Any) -> Any:
    if isinstance(v, date):
        return v.strftime("%d.%m.%Y")
    return "" if v is None else v
