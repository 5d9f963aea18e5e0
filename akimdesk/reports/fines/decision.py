"""The decision on a case: where and by whom it was considered, whether the person took part
or how they were notified, what was established, the finding in the Code's words, the
sanction with the МРП it is counted in, the payment requisites and how to appeal."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from akimdesk.domain.fines import LANGUAGE_LABELS
from akimdesk.i18n import Msg, format_date, msg
from akimdesk.reports.base import esc as e
from akimdesk.reports.base import gap, header, p, p_markup
from akimdesk.reports.fines import parts
from akimdesk.reports.fines.data import CaseDoc
from akimdesk.reports.fines.parts import T


def _participation(doc: CaseDoc, t: T, code: str) -> str:
    if doc.offender_present:
        return t("took part in the consideration")
    notice = doc.notices[-1] if doc.notices else None
    how = (parts.delivery_text(notice.method, notice.on_date, notice.note, t, code)
           if notice else "—")  # fmt: skip
    return t("did not take part; notified of the time and place: {how}").format(how=how)


def story(doc: CaseDoc, code: str, t: T) -> list[Flowable]:
    assert doc.decision_date is not None
    out = header(doc.office, t("Decision on a case of an administrative offence"),
                 t("No. {number}").format(number=doc.number), code)  # fmt: skip
    out.append(parts.table([
        (t("Date of the decision"), parts.when(doc.decision_date, "", code)),
        (t("Place of consideration"), doc.decision_place or "—"),
        (t("Case considered by"), parts.considered_by(doc, t, code)),
        (t("Protocol"), t("No. {number} of {date}").format(
            number=doc.protocol_number, date=format_date(doc.protocol_date, code))
         + f", {parts.author(doc, code)}"),
        (t("Registration in ЕРАП"), t("No. {number} of {date}").format(
            number=doc.erap_number, date=format_date(doc.erap_date, code))
         if doc.erap_number else "—"),
        (t("Language of proceedings"), t(LANGUAGE_LABELS[doc.language]).lower()
         + ("; " + t("interpreter") + f": {doc.interpreter}" if doc.interpreter else "")),
    ]))  # fmt: skip
    out += [
        gap(),
        p(t("Person held liable"), "label"),
        parts.table(parts.offender_rows(doc, t, code)),
    ]
    circumstances = doc.circumstances or doc.description
    rows = [
        (t("The person held liable"), _participation(doc, t, code)),
        (t("Circumstances established"),
         f"{parts.when(doc.offence_date, doc.offence_time, code)}, {parts.place(doc, code)}: "
         f"{circumstances}"),
        (t("Evidence"), doc.evidence or t("protocol No. {number} of {date}").format(
            number=doc.protocol_number, date=format_date(doc.protocol_date, code))),
        (t("Explanation of the person held liable"), doc.explanation or "—"),
        (t("Mitigating circumstances"), doc.mitigating or (
            t("the person admits the fact of the offence") if doc.admits_offence
            else t("none established"))),
        (t("Aggravating circumstances"), doc.aggravating or t("none established")),
        (t("Qualification"), parts.article_ref(doc, t, code)),
    ]  # fmt: skip
    if doc.prior:
        rows.append((t("Earlier penalty"), t("case No. {number}, decision of {date}").format(
            number=doc.prior[0], date=format_date(doc.prior[1], code))))  # fmt: skip
    out += [gap(), parts.table(rows), gap(), p(t("DECIDED:"), "title")]
    out.append(p_markup(f"<b>{e(parts.person_line(doc, t))}</b>"))
    ref = parts.provided_by(doc, t)
    if doc.penalty == "warning":
        out.append(p(t(
            "to find guilty of the administrative offence provided for by {ref} of the Code on "
            "Administrative Offences and to impose an administrative penalty in the form of a "
            "warning."
        ).format(ref=ref)))  # fmt: skip
    else:
        out.append(p(t(
            "to find guilty of the administrative offence provided for by {ref} of the Code on "
            "Administrative Offences and to impose an administrative penalty in the form of a "
            "fine of {count} МРП, that is {amount}."
        ).format(ref=ref, count=doc.mrp_count, amount=parts.money(doc.amount_tiyn, code))))  # fmt: skip
        out.append(p(parts.mrp_note(doc, t, code), "small"))
        out += [gap(2), KeepTogether([p(t(
            "The fine is to be paid voluntarily within {days} days after the decision comes "
            "into force, by these requisites:"
        ).format(days=doc.voluntary_payment_days)),
            parts.table(parts.requisites_rows(doc, t, code))])]  # fmt: skip
        out += [gap(2), p(t("If the fine is not paid in time, the decision is sent for compulsory "
                            "enforcement."))]  # fmt: skip
    out += [gap(2), p(t(
        "The decision may be appealed to a higher official or to the district court within "
        "{days} days of the day a copy of it is delivered."
    ).format(days=doc.appeal_days))]  # fmt: skip
    out += [gap(6), parts.sign([
        parts.signature_line(doc, t, code),
        (t("A copy of the decision received (date, signature)"), doc.offender.name),
    ])]  # fmt: skip
    return out


def _refusal(doc: CaseDoc) -> Msg | None:
    if doc.decision_date is None:
        return msg("No decision has been issued in case {number}.", number=doc.number)
    return None


decision = parts.Document(story, "decision", _refusal)
