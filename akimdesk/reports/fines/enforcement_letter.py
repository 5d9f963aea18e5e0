"""The covering letter sending an unpaid decision for compulsory enforcement, and what came
back (executed, returned, the amount recovered) once it is recorded."""

from __future__ import annotations

from reportlab.platypus import Flowable

from akimdesk.domain.fines import ENFORCEMENT_RESULTS
from akimdesk.i18n import Msg, format_date, msg
from akimdesk.reports.base import gap, p
from akimdesk.reports.fines import parts
from akimdesk.reports.fines.data import CaseDoc
from akimdesk.reports.fines.parts import T


def story(doc: CaseDoc, code: str, t: T) -> list[Flowable]:
    # No address line: the office's address is kept in one language only.
    out: list[Flowable] = [p(doc.office.name(code), "office"), gap(2)]
    number = doc.enforcement_letter_no or "____"
    out.append(p(t("Outgoing No. {number} of {date}").format(
        number=number, date=format_date(doc.enforcement_date, code))))  # fmt: skip
    out += [gap(2), p(t("Addressee") + f": {doc.enforcement_to}", "right"), gap(4)]
    out.append(p(t("On sending a decision for compulsory enforcement"), "title"))
    out.append(parts.table([
        (t("Person held liable"), doc.offender.name),
        (t("ИИН / БИН"), doc.offender.iin_bin),
        (t("Address"), doc.offender.address),
        (t("Decision"), t("No. {number} of {date}").format(
            number=doc.number, date=format_date(doc.decision_date, code))),
        (t("Article"), parts.article_ref(doc, t, code)),
        (t("Fine imposed"), t("{count} МРП, that is {amount}").format(
            count=doc.mrp_count, amount=parts.money(doc.amount_tiyn, code))),
        (t("In force from"), format_date(doc.in_force_date, code)),
        (t("Voluntary payment was due by"), format_date(doc.pay_by, code)),
        (t("Paid"), parts.money(doc.paid_tiyn - doc.recovered_tiyn, code)),
        (t("Outstanding"), parts.money(doc.amount_tiyn - doc.paid_tiyn + doc.recovered_tiyn,
                                       code)),
    ]))  # fmt: skip
    out += [gap(), p(t(
        "The fine was not paid within the time for voluntary payment. Under the Code on "
        "Administrative Offences the decision is sent to you for compulsory enforcement; "
        "please inform us of the result."
    )), gap(2), p(t("Enclosures: a certified copy of the decision; the record of its delivery."),
                  "small")]  # fmt: skip
    out += [gap(6), parts.sign([parts.signature_line(doc, t, code)])]
    if doc.enforcement_result:
        out += [gap(6), p(t("Result of enforcement"), "label"), parts.table([
            (t("Result"), t(ENFORCEMENT_RESULTS[doc.enforcement_result])),
            (t("Answer received on"), format_date(doc.enforcement_result_date, code)),
            (t("Amount recovered"), parts.money(doc.recovered_tiyn, code)),
        ])]  # fmt: skip
    return out


def _refusal(doc: CaseDoc) -> Msg | None:
    if doc.enforcement_date is None:
        return msg("Case {number} has not been sent for enforcement.", number=doc.number)
    return None


enforcement_letter = parts.Document(story, "enforcement", _refusal)
