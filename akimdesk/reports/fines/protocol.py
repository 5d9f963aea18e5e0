"""The protocol on an administrative offence, as the official who draws it up signs it: where
and when, who, the person and their identity document, the offence, the rights explained in
full, when and where the case will be considered, and every signature."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from akimdesk.domain.fines import LANGUAGE_LABELS, half_tiyn
from akimdesk.i18n import N_, format_date
from akimdesk.reports.base import gap, header, p
from akimdesk.reports.fines import parts
from akimdesk.reports.fines.data import CaseDoc
from akimdesk.reports.fines.parts import T

# The rights of the person held liable (Code on Administrative Offences, art. 744 [R]), printed
# in full: a line saying "rights were explained" proves nothing to a court.
RIGHTS = N_(
    "The person held liable has the right: to see all the materials of the case and to make "
    "copies of them; to give explanations and to refuse to testify against oneself, one's "
    "spouse and close relatives; to present evidence; to make applications and challenges; to "
    "have the legal help of a defender; to speak and give explanations in their native "
    "language or a language they know and to use an interpreter free of charge; to receive a "
    "copy of the protocol and of the decision; to appeal against the decision on the case. "
    "The person is obliged to appear when summoned by the official considering the case."
)


def story(doc: CaseDoc, code: str, t: T) -> list[Flowable]:
    out = header(doc.office, t("Protocol on an administrative offence"),
                 t("No. {number}").format(number=doc.protocol_number), code)  # fmt: skip
    out.append(parts.table([
        (t("Date and time the protocol was drawn up"),
         parts.when(doc.protocol_date, doc.protocol_time, code)),
        (t("Place the protocol was drawn up"), doc.protocol_place or "—"),
        (t("Drawn up by"), parts.author(doc, code)),
        (t("Registration in ЕРАП"), t("No. {number} of {date}").format(
            number=doc.erap_number, date=format_date(doc.erap_date, code))
         if doc.erap_number else "—"),
        (t("Language of proceedings"), t(LANGUAGE_LABELS[doc.language]).lower()),
        (t("Interpreter"), doc.interpreter or t("did not take part")),
    ]))  # fmt: skip
    out += [
        gap(),
        p(t("Person held liable"), "label"),
        parts.table(parts.offender_rows(doc, t, code)),
    ]
    rows = [
        (t("Time and place of the offence"),
         f"{parts.when(doc.offence_date, doc.offence_time, code)}, {parts.place(doc, code)}"),
        (t("Substance of the offence"), doc.description),
        (t("Article"), parts.article_ref(doc, t, code)),
    ]  # fmt: skip
    if doc.prior:
        rows.append((t("Earlier penalty"), t("case No. {number}, decision of {date}").format(
            number=doc.prior[0], date=format_date(doc.prior[1], code))))  # fmt: skip
    rows += [
        (t("Witnesses, victims"), ", ".join(doc.witnesses) or "—"),
        (t("Explanation of the person held liable"), doc.explanation or "—"),
    ]
    out += [gap(), parts.table(rows), gap()]
    out += [p(t("Rights and obligations explained to the person held liable"), "label"),
            p(t(RIGHTS), "small")]  # fmt: skip
    if doc.admits_offence and doc.half_pay_until and doc.penalty == "fine":
        out.append(p(t(
            "The person admits the fact of the offence and may pay half of the fine (50%), "
            "{amount}, by {date}; the case is then closed."
        ).format(amount=parts.money(half_tiyn(doc.amount_tiyn), code),
                 date=format_date(doc.half_pay_until, code)), "small"))  # fmt: skip
    out.append(gap(2))
    if doc.hearing_date:
        out.append(p(t("The case will be considered on {when} at: {place}.").format(
            when=parts.when(doc.hearing_date, doc.hearing_time, code),
            place=doc.hearing_place)))  # fmt: skip
    else:
        out.append(p(t("The case will be considered on ____________ at: ______________________.")))
    lines = [
        (t("Rights explained to me; a copy of the protocol received"), doc.offender.name),
        (t("Protocol drawn up by"), doc.author.name if doc.author else doc.author_text),
    ]
    if doc.refused_to_sign:
        out += [gap(2), p(t("The person held liable refused to sign the protocol; the refusal "
                            "is witnessed by the signatures below."))]  # fmt: skip
        lines[0] = (t("Person held liable (refused to sign)"), doc.offender.name)
    # A refusal needs witnesses' signatures: blank lines for them when none were named.
    witnesses = doc.witnesses or (["", ""] if doc.refused_to_sign else [])
    lines += [(t("Witness"), name) for name in witnesses]
    if doc.interpreter:
        lines.append((t("Interpreter"), doc.interpreter))
    out += [gap(1), parts.sign(lines, height=8 * mm)]
    return out


protocol = parts.Document(story, "protocol")
