"""What a case's documents print, as plain values: loaded from the office's database here; the
district server could fill the same classes from the records it holds and print them with
the same renderers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from akimdesk.i18n import msg
from akimdesk.models import FineCase, Office, Official, PaymentRequisites
from akimdesk.reports.base import ReportError, office_of
from akimdesk.services import officials, refdata, settings
from akimdesk.storage.database import Database


@dataclass
class Bilingual:
    kk: str
    ru: str

    def __call__(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru


@dataclass
class Signer:
    name: str
    position: Bilingual

    @classmethod
    def of(cls, row: Official) -> Signer:
        return cls(row.full_name, Bilingual(row.position_kk, row.position_ru))


@dataclass
class OfficeDoc:
    name_kk: str
    name_ru: str
    bin: str = ""
    address: str = ""
    phone: str = ""

    @classmethod
    def of(cls, office: Office) -> OfficeDoc:
        return cls(office.name_kk, office.name_ru, office.bin, office.address, office.phone)

    def name(self, lang: str) -> str:
        return self.name_kk if lang == "kk" else self.name_ru


@dataclass
class Requisites:
    """Where the fine is paid: the district's reference row, or, before the district has sent
    one, the office's own details (then names are in one language only)."""

    beneficiary: Bilingual
    beneficiary_bin: str
    iik: str
    bik: str
    bank: Bilingual
    kbe: str
    knp: str
    kbk: str
    kbk_name: Bilingual


@dataclass
class Delivery:
    method: str
    on_date: date
    note: str


@dataclass
class Offender:
    kind: str  # person | organisation
    name: str
    iin_bin: str
    birth_date: date | None = None
    address: str = ""
    phone: str = ""
    id_doc_kind: str = ""
    id_doc_number: str = ""
    id_doc_issuer: str = ""
    id_doc_date: date | None = None
    workplace: str = ""
    representative: str = ""
    representative_position: str = ""
    representative_authority: str = ""


@dataclass
class CaseDoc:
    number: str
    language: str
    stage: str
    office: OfficeDoc
    offender: Offender
    # protocol
    protocol_number: str
    protocol_date: date
    protocol_time: str
    protocol_place: str
    author: Signer | None
    author_text: str  # as typed, for a case imported without an official from the list
    erap_number: str
    erap_date: date | None
    interpreter: str
    # offence
    offence_date: date
    offence_time: str
    settlement: Bilingual | None
    offence_address: str
    description: str
    article: str
    part: str
    article_title: Bilingual
    witnesses: list[str]
    explanation: str
    refused_to_sign: bool
    admits_offence: bool
    prior: tuple[str, date | None] | None  # the earlier penalty's case number and decision date
    # hearing
    hearing_date: date | None
    hearing_time: str
    hearing_place: str
    notices: list[Delivery]
    # sanction and decision
    penalty: str
    mrp_count: int
    mrp_value: int
    amount_tiyn: int
    paid_tiyn: int
    half_pay_until: date | None
    decision_date: date | None
    decided_by: Signer | None
    akim_name: str
    decision_place: str
    offender_present: bool
    circumstances: str
    evidence: str
    mitigating: str
    aggravating: str
    delivery_date: date | None
    in_force_date: date | None
    pay_by: date | None
    # enforcement
    enforcement_date: date | None
    enforcement_to: str
    enforcement_letter_no: str
    enforcement_result: str
    enforcement_result_date: date | None
    recovered_tiyn: int
    requisites: Requisites
    voluntary_payment_days: int
    appeal_days: int

    @property
    def balance_tiyn(self) -> int:
        return max(self.amount_tiyn - self.paid_tiyn, 0)

    @property
    def code(self) -> str:
        return f"{self.article}-{self.part}" if self.part else self.article


def _requisites(
    row: PaymentRequisites | None, office: Office, kbk: str, names: dict[str, tuple[str, str]]
) -> Requisites:
    kbk = kbk or office.kbk
    kbk_name = Bilingual(*names.get(kbk, ("", "")))
    if row is None:
        return Requisites(
            Bilingual(office.name_kk, office.name_ru), office.bin, office.iik, office.bik,
            Bilingual(office.bank_name, office.bank_name), "", office.knp, kbk, kbk_name,
        )  # fmt: skip
    return Requisites(
        Bilingual(row.beneficiary_kk, row.beneficiary_ru), row.beneficiary_bin, row.iik, row.bik,
        Bilingual(row.bank_kk, row.bank_ru), row.kbe, row.knp, kbk, kbk_name,
    )  # fmt: skip


def load_case(db: Database, number: str) -> CaseDoc:
    with db.read() as s:
        office = office_of(s)
        c = s.scalars(select(FineCase).where(FineCase.number == number)).first()
        if c is None:
            raise ReportError(msg("Case {number} was not found.", number=number))
        values = settings.load(s)
        day = c.decision_date or c.protocol_date
        requisites = _requisites(
            refdata.requisites_on(s, day), office, c.article.kbk, refdata.budget_code_names(s)
        )
        prior = s.get(FineCase, c.prior_case_id) if c.prior_case_id else None
        decided_by = c.decided_by or officials.akim(s)
        notices = [
            Delivery(d.method, d.on_date, d.note)
            for d in c.deliveries
            if d.document == "hearing_notice"
        ]
        o = c
        offender = Offender(
            o.offender_kind, o.offender_name, o.iin_bin, o.birth_date, o.offender_address,
            o.phone, o.id_doc_kind, o.id_doc_number, o.id_doc_issuer, o.id_doc_date,
            o.workplace, o.representative, o.representative_position,
            o.representative_authority,
        )  # fmt: skip
        return CaseDoc(
            number=c.number, language=c.language, stage=c.stage,
            office=OfficeDoc.of(office),
            offender=offender, protocol_number=c.protocol_number or c.number,
            protocol_date=c.protocol_date, protocol_time=c.protocol_time,
            protocol_place=c.protocol_place,
            author=Signer.of(c.author_official) if c.author_official else None,
            author_text=c.protocol_author, erap_number=c.erap_number, erap_date=c.erap_date,
            interpreter=c.interpreter, offence_date=c.offence_date, offence_time=c.offence_time,
            settlement=Bilingual(c.settlement.name_kk, c.settlement.name_ru) if c.settlement else None,
            offence_address=c.offence_address, description=c.description,
            article=c.article.article, part=c.article.part,
            article_title=Bilingual(c.article.title_kk, c.article.title_ru),
            witnesses=[w.strip() for w in c.witnesses.splitlines() if w.strip()],
            explanation=c.explanation, refused_to_sign=c.refused_to_sign,
            admits_offence=c.admits_offence,
            prior=(prior.number, prior.decision_date or prior.closed_date) if prior else None,
            hearing_date=c.hearing_date, hearing_time=c.hearing_time,
            hearing_place=c.hearing_place, notices=notices, penalty=c.penalty,
            mrp_count=c.mrp_count, mrp_value=c.mrp_value, amount_tiyn=c.amount_tiyn,
            paid_tiyn=c.paid_tiyn, half_pay_until=c.half_pay_until,
            decision_date=c.decision_date,
            decided_by=Signer.of(decided_by) if decided_by else None,
            akim_name=office.akim_name, decision_place=c.decision_place or c.hearing_place,
            offender_present=c.offender_present, circumstances=c.circumstances,
            evidence=c.evidence, mitigating=c.mitigating, aggravating=c.aggravating,
            delivery_date=c.delivery_date, in_force_date=c.in_force_date, pay_by=c.pay_by,
            enforcement_date=c.enforcement_date, enforcement_to=c.enforcement_to,
            enforcement_letter_no=c.enforcement_letter_no,
            enforcement_result=c.enforcement_result,
            enforcement_result_date=c.enforcement_result_date,
            recovered_tiyn=c.recovered_tiyn, requisites=requisites,
            voluntary_payment_days=values["fines.voluntary_payment_days"],
            appeal_days=values["fines.appeal_days"],
        )  # fmt: skip
