"""A row of a fines journal as a case: who (a full name in one cell, or an organisation), which
article, the amount as a number of МРП at the protocol date, and what happened after (decision,
delivery, payment) as far as the journal says. The journal package finds and maps the columns;
`services.fines.history` stores the case with the status its data supports."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from akimdesk.domain.fines import CATEGORY_LABELS, STATUS_LABELS
from akimdesk.domain.identity import validate_bin, validate_iin
from akimdesk.i18n import N_, _, format_money, get_language, msg
from akimdesk.models import FineCase, OffenceArticle, Settlement
from akimdesk.services import settings
from akimdesk.services.fines import cases, history
from akimdesk.services.fines.queries import status_of_case
from akimdesk.services.fines.validation import ORG_CATEGORIES, CaseInput
from akimdesk.services.journal import CellError, ImportReport, Options, Register, synonyms
from akimdesk.services.journal.cells import (
    lines,
    text,
    to_bool,
    to_date,
    to_iin_bin,
    to_tiyn,
    to_whole,
)
from akimdesk.services.journal.mapping import journal_register
from akimdesk.services.journal.names import is_organisation, split_name
from akimdesk.services.journal.refs import SettlementNames, article_candidates
from akimdesk.services.journal.text import fold
from akimdesk.services.operation import Operation

# Fields a journal has that the app's own export does not, with their labels.
JOURNAL_COLUMNS = {
    "offender": ("Аты-жөні немесе ұйым", "ФИО или организация"),
    "amount": ("Айыппұл сомасы, ₸", "Сумма штрафа, ₸"),
}
PENALTY_WORDS = {"штраф": "fine", "айыппұл": "fine", "fine": "fine", "предупреждение": "warning",
                 "ескерту": "warning", "warning": "warning", "пред": "warning"}  # fmt: skip
KIND_WORDS = {"организация": "organisation", "ұйым": "organisation", "organisation": "organisation",
              "юр": "organisation", "юл": "organisation", "заңды тұлға": "organisation",
              "юридическое лицо": "organisation", "физ": "person", "фл": "person", "жеке": "person",
              "person": "person", "физическое лицо": "person", "жеке тұлға": "person"}  # fmt: skip
CATEGORY_WORDS = {"физическое лицо": "individual", "жеке тұлға": "individual",
                  "individual": "individual", "должностное лицо": "official",
                  "лауазымды адам": "official", "лауазымды тұлға": "official", "official": "official",
                  "малый": "small", "шағын": "small", "small": "small", "средний": "medium",
                  "орта": "medium", "medium": "medium", "крупный": "large", "ірі": "large",
                  "large": "large", "малый бизнес": "small", "шағын бизнес": "small",
                  "средний бизнес": "medium", "орта бизнес": "medium", "крупный бизнес": "large",
                  "ірі бизнес": "large", "нко": "small", "ип": "small"}  # fmt: skip


# The language of proceedings as journals and exports write it.
LANGUAGE_WORDS = {"kk": "kk", "қазақ": "kk", "қазақша": "kk", "қазақ тілі": "kk",
                  "казахский": "kk", "ru": "ru", "орыс": "ru", "орысша": "ru", "орыс тілі": "ru",
                  "русский": "ru"}  # fmt: skip


def register(columns: dict[str, tuple[str, str]]) -> Register:
    """`columns`: the register's own export headers, which are synonyms too."""
    return journal_register(
        "fines", {**columns, **JOURNAL_COLUMNS}, synonyms.FINES,
        {"status": N_("not stored: the app works it out from the dates")},
        (("article",), ("offence_date", "protocol_date"), ("iin_bin",),
         ("offender", "surname", "org_name"), ("protocol_author",)),
    )  # fmt: skip


class FinesWriter:
    action = "fines.import"
    sources = {
        "article_id": ("article",), "settlement_id": ("settlement",),
        "surname": ("surname", "offender"), "first_name": ("first_name", "offender"),
        "patronymic": ("patronymic", "offender"), "org_name": ("org_name", "offender"),
        "offender_kind": ("offender_kind", "offender"),
        "offender_category": ("offender_category", "offender"), "mrp_count": ("mrp_count", "amount"),
        "penalty": ("penalty", "amount"), "amount": ("paid_amount", "amount"),
        "paid_on": ("paid_date",), "offence_date": ("offence_date", "protocol_date"),
        "protocol_date": ("protocol_date", "offence_date"),
    }  # fmt: skip

    def __init__(self, reg: Register) -> None:
        self.register = reg

    def start(self, op: Operation, report: ImportReport, options: Options, today: date) -> None:
        s = op.session
        self.today, self.report, self.lang = today, report, get_language()
        # A case without a language column is in the office's language (as a new case is).
        self.office_lang = settings.load(s)["ui.language"]
        self.articles: dict[tuple[str, str], list[OffenceArticle]] = {}
        for a in s.scalars(select(OffenceArticle)):
            self.articles.setdefault((a.article, a.part), []).append(a)
        # Held here: the session forgets objects nobody holds, and would read them again per row.
        self.settlement_rows = list(s.scalars(select(Settlement)))
        self.settlements = SettlementNames((st.id, st.name_kk, st.name_ru)
                                           for st in self.settlement_rows)  # fmt: skip
        c = FineCase
        self.known = set(s.scalars(select(c.import_key).where(c.import_key.is_not(None))))
        for row in s.execute(select(c.protocol_number, c.iin_bin, c.offence_date, c.article_id)):
            self.known.add(case_key(*row))
        mapped = {col.field for col in report.columns if col.field} | set(report.values)
        if "description" not in mapped:
            report.defaults["description"] = N_("the article's title is written")
        # A protocol is drawn up when the offence is found: one date stands for both.
        for one, other in (("offence_date", "protocol_date"), ("protocol_date", "offence_date")):
            if one not in mapped and other in mapped:
                report.defaults[one] = msg("the date of «{field}» is taken",
                                           field=report.label(other))  # fmt: skip
        self.numbers: list[str] = []

    def checkpoint(self, op: Operation) -> Any:
        return dict(op.scratch.get("last_seq", {}))

    def rollback(self, op: Operation, token: Any) -> None:
        op.scratch["last_seq"] = token  # no gap in the numbering

    def write(self, op: Operation, row: dict[str, Any], line: int) -> FineCase | None:
        data, past = self.read(op, row)
        if data.protocol_number:
            key = case_key(data.protocol_number, data.iin_bin, data.offence_date, data.article_id)
        else:  # no protocol number in the journal: the rest of what identifies the row
            parts = [data.iin_bin, data.offence_date, data.protocol_date, data.article_id,
                     data.mrp_count, data.penalty, data.surname, data.org_name]  # fmt: skip
            key = hashlib.sha256(("journal|" + "|".join(map(str, parts))).encode()).hexdigest()
        if key in self.known:
            return None
        case = history.add_from_journal(op, data, past, self.today, key)
        self.known.add(key)
        self.numbers.append(case.number)
        self.report.dates_to_check += case.dates_to_check
        return case

    def finish(self, op: Operation, report: ImportReport, options: Options) -> dict[str, Any]:
        return {"first": self.numbers[0], "last": self.numbers[-1]} if self.numbers else {}

    # --- reading a row ---------------------------------------------------------------------
    def read(self, op: Operation, row: dict[str, Any]) -> tuple[CaseInput, history.Past]:
        today = self.today
        iin_bin = to_iin_bin(row.get("iin_bin"))
        who = text(row.get("offender"))
        kind = _word(KIND_WORDS, row.get("offender_kind"), "offender_kind")
        org = text(row.get("org_name"))
        if not org and who and (kind == "organisation" or (kind is None and _is_org(who, iin_bin))):
            org = who
        kind = kind or ("organisation" if org else "person")
        surname, first, patronymic = split_name(who) if kind == "person" else ("", "", "")
        offence = to_date(row.get("offence_date"), "offence_date", today)
        protocol = to_date(row.get("protocol_date"), "protocol_date", today)
        offence, protocol = offence or protocol, protocol or offence
        article = self.article(row.get("article"), offence)
        penalty, count = self.sanction(op, row, article, protocol)
        category = _word(CATEGORY_WORDS, row.get("offender_category"), "offender_category")
        if category is None:
            category = "individual" if kind == "person" else _size(article, count)
        if row.get("amount") not in (None, "") and penalty == "fine" and article is not None:
            self.check_sanction(op, article, category, count, protocol, row.get("amount"))
        title = (article.title_kk if self.lang == "kk" else article.title_ru) if article else ""
        data = CaseInput(
            offence_date=offence, offence_time=_time(row.get("offence_time")),
            settlement_id=self.settlement(row), offence_address=text(row.get("offence_address")),
            description=lines(row.get("description")) or title,
            article_id=article.id if article else None, offender_kind=kind,
            offender_category=category, iin_bin=iin_bin,
            surname=text(row.get("surname")) or surname,
            first_name=text(row.get("first_name")) or first,
            patronymic=text(row.get("patronymic")) or patronymic,
            birth_date=to_date(row.get("birth_date"), "birth_date", today), org_name=org,
            representative=text(row.get("representative")),
            offender_address=text(row.get("offender_address")), phone=text(row.get("phone")),
            protocol_number=text(row.get("protocol_number")) or text(row.get("number")),
            protocol_date=protocol, protocol_author=text(row.get("protocol_author")),
            witnesses=lines(row.get("witnesses")), explanation=lines(row.get("explanation")),
            admits_offence=bool(to_bool(row.get("admits_offence"), "admits_offence")),
            penalty=penalty, mrp_count=count if penalty == "fine" else None,
            note=lines(row.get("note")),
            language=_word(LANGUAGE_WORDS, row.get("language"), "language") or self.office_lang,
            erap_number=text(row.get("erap_number")),
            erap_date=to_date(row.get("erap_date"), "erap_date", today),
        )  # fmt: skip
        past = history.Past(
            decision_date=to_date(row.get("decision_date"), "decision_date", today),
            delivery_date=to_date(row.get("delivery_date"), "delivery_date", today),
            paid_on=to_date(row.get("paid_date"), "paid_date", today),
            paid_tiyn=to_tiyn(row.get("paid_amount"), "paid_amount"),
        )
        return data, past

    def article(self, value: Any, on: date | None) -> OffenceArticle | None:
        if text(value) == "":
            return None
        for number, part in article_candidates(value):
            found = self.articles.get((number, part))
            if not found and not part:  # "505" where the catalog has only parts
                parts = [k for k in self.articles if k[0] == number]
                found = self.articles[parts[0]] if len(parts) == 1 else None
                if len(parts) > 1:
                    raise CellError("article", msg(
                        "Give the part of article {article}: {parts}.", article=number,
                        parts=", ".join(p for _, p in sorted(parts))))  # fmt: skip
            if found:
                valid = [a for a in found if on and a.is_valid_on(on)]
                return (valid or found)[0]
        raise CellError("article", msg("Unknown article «{value}».", value=text(value)))

    def sanction(self, op: Operation, row: dict[str, Any], article: OffenceArticle | None,
                 protocol: date | None) -> tuple[str, int | None]:  # fmt: skip
        """The penalty and the number of МРП: given, or from the amount and the МРП in force
        on the protocol date (the amount must be a whole number of МРП)."""
        amount_cell = row.get("amount")
        penalty = _word(PENALTY_WORDS, row.get("penalty"), "penalty")
        if isinstance(amount_cell, str) and fold(amount_cell).strip(" .") in PENALTY_WORDS:
            penalty = penalty or PENALTY_WORDS[fold(amount_cell).strip(" .")]  # "предупреждение"
            amount_cell = None
        count = to_whole(row.get("mrp_count"), "mrp_count")
        amount = to_tiyn(amount_cell, "amount")
        if penalty is None:
            penalty = (
                "fine" if amount or count or not (article and article.warning_allowed) else None
            )
            if penalty is None:
                raise CellError("penalty", N_("Write whether it was a fine or a warning."))
        if penalty != "fine" or amount is None or protocol is None:
            return penalty, count
        mrp = cases.mrp_on(op, protocol)
        if mrp is None:
            raise CellError("protocol_date", N_("No МРП value is known for this date."))
        if amount % (mrp * 100):
            raise CellError("amount", msg(
                "{amount} is not a whole number of МРП: the МРП on {date} was {mrp}.",
                amount=format_money(amount), date=protocol.strftime("%d.%m.%Y"),
                mrp=format_money(mrp * 100)))  # fmt: skip
        derived = amount // (mrp * 100)
        if count is not None and count != derived:
            raise CellError("amount", msg(
                "{amount} is {n} МРП at the МРП of {date} ({mrp}), not {count}.",
                amount=format_money(amount), n=derived, date=protocol.strftime("%d.%m.%Y"),
                mrp=format_money(mrp * 100), count=count))  # fmt: skip
        return penalty, derived

    def check_sanction(self, op: Operation, article: OffenceArticle, category: str,
                       count: int | None, protocol: date | None, amount: Any) -> None:  # fmt: skip
        sanction = article.sanction_for(category)
        if sanction is None or count is None or sanction.min_mrp <= count <= sanction.max_mrp:
            return  # no sanction for the category: the case's own validation says so
        span = (str(sanction.min_mrp) if sanction.min_mrp == sanction.max_mrp
                else f"{sanction.min_mrp}–{sanction.max_mrp}")  # fmt: skip
        raise CellError("amount", msg(
            "{amount} is {n} МРП; article {article} sets {span} МРП for this category.",
            amount=format_money(to_tiyn(amount, "amount")), n=count, article=article.code,
            span=span))  # fmt: skip

    def settlement(self, row: dict[str, Any]) -> Any:
        named = text(row.get("settlement"))
        if named:
            found = self.settlements.named(named)
            if found is None:
                raise CellError("settlement", msg("Unknown settlement «{value}».", value=named))
            return found
        for where in ("offence_address", "offender_address"):
            found = self.settlements.in_address(row.get(where))
            if found is not None:
                return found
        return None

    # --- the preview ------------------------------------------------------------------------
    def shown(self, case: FineCase) -> dict[str, str]:
        def day(d: date | None) -> str:
            return d.strftime("%d.%m.%Y") if d else ""

        status = _(STATUS_LABELS[status_of_case(case, self.today)])
        if case.dates_to_check:
            status += " · " + _("dates to check")
        settlement = next((st for st in self.settlement_rows if st.id == case.settlement_id), None)
        return {
            "number": case.number,
            "offender": cases.display_name(case),
            "iin_bin": case.iin_bin,
            "article": case.article.code,
            "protocol_date": day(case.protocol_date),
            "amount": format_money(case.amount_tiyn) if case.amount_tiyn else "",
            "mrp_count": str(case.mrp_count or ""),
            "status": status,
            "decision_date": day(case.decision_date),
            "delivery_date": day(case.delivery_date),
            "paid_amount": format_money(case.paid_tiyn) if case.paid_tiyn else "",
            "offence_date": day(case.offence_date),
            "settlement": settlement.name(self.lang) if settlement else "",
            "offender_category": _(CATEGORY_LABELS[case.offender_category]),
            "note": case.note,
        }  # fmt: skip


def case_key(protocol_number: str, iin_bin: str, offence_date: Any, article_id: Any) -> str:
    """Protocol, person, day and article identify a case across files and registers."""
    parts = [protocol_number.strip(), iin_bin.strip(), str(offence_date), str(article_id)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _word(words: dict[str, str], value: Any, field: str) -> str | None:
    word = fold(text(value)).strip(" .")
    if not word:
        return None
    if word not in words:
        raise CellError(field, msg("Unknown value «{value}».", value=text(value)))
    return words[word]


def _is_org(name: str, iin_bin: str) -> bool:
    """A legal form in the name, or a number that is a БИН and cannot be an ИИН."""
    if is_organisation(name):
        return True
    return (
        len(iin_bin) == 12 and validate_bin(iin_bin) is None and validate_iin(iin_bin) is not None
    )


def _size(article: OffenceArticle | None, count: int | None) -> str:
    """An organisation's size, when the journal does not say: the one category whose sanction
    the number of МРП fits; small business otherwise."""
    if article is not None and count is not None:
        fits = [c for c in ORG_CATEGORIES if (s := article.sanction_for(c))
                and s.min_mrp <= count <= s.max_mrp]  # fmt: skip
        if len(fits) == 1:
            return fits[0]
    return "small"


def _time(value: Any) -> str:
    if isinstance(value, datetime | time):
        return value.strftime("%H:%M")
    return text(value).replace(".", ":")[:5]
