"""The notice of payment: what to pay, by when, and where, with every requisite labelled."""

from __future__ import annotations

from reportlab.platypus import Flowable

from akimdesk.domain.fines import half_tiyn
from akimdesk.i18n import Msg, format_date, msg
from akimdesk.reports.base import gap, header, p
from akimdesk.reports.fines import parts
from akimdesk.reports.fines.data import CaseDoc
from akimdesk.reports.fines.parts import T


def story(doc: CaseDoc, code: str, t: T) -> list[Flowable]:
    out = header(doc.office, t("Notice of payment of an administrative fine"),
                 t("Case No. {number}").format(number=doc.number), code)  # fmt: skip
    basis = (t("decision on the case No. {number} of {date}").format(
                number=doc.number, date=format_date(doc.decision_date, code))
             if doc.decision_date else
             t("protocol No. {number} of {date}").format(
                number=doc.protocol_number, date=format_date(doc.protocol_date, code)))  # fmt: skip
    out.append(parts.table([
        (t("Payer"), doc.offender.name),
        (t("ИИН / БИН of the payer"), doc.offender.iin_bin),
        (t("Fine"), t("{count} МРП, that is {amount}").format(
            count=doc.mrp_count, amount=parts.money(doc.amount_tiyn, code))),
        (t("Paid so far"), parts.money(doc.paid_tiyn, code)),
        (t("Amount to pay"), parts.money(doc.balance_tiyn, code)),
        (t("Pay by"), format_date(doc.pay_by or doc.half_pay_until, code) or "—"),
        *parts.requisites_rows(doc, t, code),
        (t("Purpose of payment"), t("Administrative fine, {basis}").format(basis=basis)),
    ]))  # fmt: skip
    out.append(p(parts.mrp_note(doc, t, code), "small"))
    if doc.admits_offence and doc.half_pay_until and doc.stage == "protocol":
        out += [gap(), p(t("Paying 50%, {amount}, by {date} closes the case.").format(
            amount=parts.money(half_tiyn(doc.amount_tiyn), code),
            date=format_date(doc.half_pay_until, code)))]  # fmt: skip
    return out


def _refusal(doc: CaseDoc) -> Msg | None:
    if doc.penalty != "fine" or not doc.amount_tiyn:
        return msg("No fine has been imposed in case {number}.", number=doc.number)
    return None


notice = parts.Document(story, "notice", _refusal)
