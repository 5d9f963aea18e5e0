"""Pieces every case document prints the same way: the person as labelled fields (in Russian a
name never stands where it would need declining), the article, the payment requisites with
their labels spelled out, who signs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from akimdesk.domain.fines import DELIVERY_METHODS, ID_DOCUMENTS
from akimdesk.i18n import Msg, format_date, format_long_date, format_money
from akimdesk.reports.base import ReportError, build, kv_table, signatures
from akimdesk.reports.fines.data import CaseDoc, Signer, load_case
from akimdesk.storage.database import Database

T = Callable[[str], str]
Rows = list[tuple[str, Any]]


def place(doc: CaseDoc, lang: str) -> str:
    village = doc.settlement(lang) if doc.settlement else ""
    return ", ".join(x for x in (village, doc.offence_address) if x)


def when(day: date | None, time: str, lang: str) -> str:
    return " ".join(x for x in (format_long_date(day, lang) if day else "", time) if x)


def signer(person: Signer | None, lang: str, fallback: str = "") -> str:
    if person is None:
        return fallback
    return f"{person.position(lang)} {person.name}"


def author(doc: CaseDoc, lang: str) -> str:
    return signer(doc.author, lang, doc.author_text)


def considered_by(doc: CaseDoc, t: T, lang: str) -> str:
    akim = t("Akim")
    return signer(doc.decided_by, lang, f"{akim} {doc.akim_name}")


def signature_line(doc: CaseDoc, t: T, lang: str) -> tuple[str, str]:
    """(position, name) of who considered the case, for a signature line."""
    if doc.decided_by is None:
        return t("Akim"), doc.akim_name
    return doc.decided_by.position(lang), doc.decided_by.name


def id_document(doc: CaseDoc, t: T, lang: str) -> str:
    o = doc.offender
    if not o.id_doc_kind:
        return "—"
    text = f"{t(ID_DOCUMENTS[o.id_doc_kind])} № {o.id_doc_number}"
    if o.id_doc_issuer or o.id_doc_date:
        text += ", " + t("issued by {issuer} on {date}").format(
            issuer=o.id_doc_issuer or "—", date=format_date(o.id_doc_date, lang) or "—"
        )
    return text


def offender_rows(doc: CaseDoc, t: T, lang: str) -> Rows:
    o = doc.offender
    if o.kind == "organisation":
        return [
            (t("Organisation"), o.name),
            (t("БИН"), o.iin_bin),
            (t("Representative"), o.representative or "—"),
            (t("Representative's position"), o.representative_position or "—"),
            (t("Document giving the representative authority"), o.representative_authority or "—"),
            (t("Address"), o.address),
            (t("Phone"), o.phone or "—"),
        ]
    return [
        (t("Surname, first name, patronymic"), o.name),
        (t("ИИН"), o.iin_bin),
        (t("Birth date"), format_date(o.birth_date, lang) or "—"),
        (t("Identity document"), id_document(doc, t, lang)),
        (t("Place of work or study"), o.workplace or "—"),
        (t("Address"), o.address),
        (t("Phone"), o.phone or "—"),
    ]


def person_line(doc: CaseDoc, t: T) -> str:
    """The person as a labelled field: "Лицо: Ли Юрий Юрьевич, ИИН ..."."""
    ident = t("БИН") if doc.offender.kind == "organisation" else t("ИИН")
    label = t("Person held liable")
    return f"{label}: {doc.offender.name}, {ident} {doc.offender.iin_bin}"


def article_ref(doc: CaseDoc, t: T, lang: str) -> str:
    if doc.part:
        ref = t("part {part} of article {article} of the Code on Administrative Offences")
    else:
        ref = t("article {article} of the Code on Administrative Offences")
    return f"{ref.format(part=doc.part, article=doc.article)} ({doc.article_title(lang)})"


def provided_by(doc: CaseDoc, t: T) -> str:
    """The article in the case the finding's sentence needs ("частью 1 статьи 505")."""
    if doc.part:
        return t("under part {part} of article {article}").format(
            part=doc.part, article=doc.article
        )
    return t("under article {article}").format(article=doc.article)


def mrp_note(doc: CaseDoc, t: T, lang: str) -> str:
    return t(
        "1 МРП = {mrp}, the value in force on {date}, the day the protocol was drawn up "
        "(part 1 of article 44 of the Code)."
    ).format(mrp=money(doc.mrp_value * 100, lang), date=format_date(doc.protocol_date, lang))


def requisites_rows(doc: CaseDoc, t: T, lang: str) -> Rows:
    r = doc.requisites
    kbk = r.kbk + (f" — {r.kbk_name(lang)}" if r.kbk_name(lang) else "")
    return [
        (t("Beneficiary"), r.beneficiary(lang)),
        (t("БИН of the beneficiary"), r.beneficiary_bin),
        (t("Individual identification code of the account (ИИК)"), r.iik),
        (t("Bank"), r.bank(lang)),
        (t("Bank identification code (БИК)"), r.bik),
        (t("Beneficiary code (Кбе)"), r.kbe or "—"),
        (t("Payment purpose code (КНП)"), r.knp),
        (t("Budget classification code (КБК)"), kbk),
    ]


def delivery_text(method: str, on: date, note: str, t: T, lang: str) -> str:
    text = f"{format_date(on, lang)}, {t(DELIVERY_METHODS[method])}"
    return f"{text} ({note})" if note else text


def money(tiyn: int, lang: str) -> str:
    return format_money(tiyn, lang)


def table(rows: Rows) -> Flowable:
    """The labelled values of a case's document: compact, so a protocol keeps to one page."""
    return kv_table(rows, label_width=52 * mm, style="compact")


def sign(lines: list[tuple[str, str]], height: float = 12 * mm) -> Flowable:
    """Signature lines of a case's document, never cut between pages."""
    return KeepTogether([signatures(lines, height=height, flexible=True)])


Story = Callable[[CaseDoc, str, T], list[Flowable]]


@dataclass(frozen=True)
class Document:
    """One of a case's documents: its story (the renderer, from plain values) and why it cannot
    be printed yet. `render(doc, lang)` prints from values however they were loaded; calling it
    with the database (the reports registry) loads the case first. lang "case": the case's
    language of proceedings."""

    story: Story
    title: str
    refusal: Callable[[CaseDoc], Msg | None] = lambda _doc: None

    def render(self, doc: CaseDoc, lang: str) -> bytes:
        lang = doc.language if lang == "case" else lang
        return build(lambda code, t: self.story(doc, code, t), lang, f"{self.title} {doc.number}")

    def __call__(self, db: Database, params: dict[str, Any], lang: str) -> bytes:
        doc = load_case(db, params["number"])
        why = self.refusal(doc)
        if why is not None:
            raise ReportError(why)
        return self.render(doc, lang)
