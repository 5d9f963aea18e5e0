"""The notice of the time and place where the case will be considered, with the record of how
it reached the person (handed over, by post, by a phone message, refused), or a blank record
for the official to fill in when it is handed over."""

from __future__ import annotations

from reportlab.platypus import Flowable

from akimdesk.domain.fines import DELIVERY_METHODS
from akimdesk.i18n import Msg, format_date, msg
from akimdesk.reports.base import gap, header, p
from akimdesk.reports.fines import parts
from akimdesk.reports.fines.data import CaseDoc
from akimdesk.reports.fines.parts import T


def story(doc: CaseDoc, code: str, t: T) -> list[Flowable]:
    out = header(doc.office, t("Notice of the time and place of consideration of a case of an administrative offence"),
                 t("Case No. {number}").format(number=doc.number), code)  # fmt: skip
    out.append(parts.table([
        (t("Person held liable"), doc.offender.name),
        (t("ИИН / БИН"), doc.offender.iin_bin),
        (t("Address"), doc.offender.address),
        (t("Protocol"), t("No. {number} of {date}").format(
            number=doc.protocol_number, date=format_date(doc.protocol_date, code))),
        (t("Article"), parts.article_ref(doc, t, code)),
        (t("Time of consideration"), parts.when(doc.hearing_date, doc.hearing_time, code)),
        (t("Place of consideration"), doc.hearing_place),
        (t("Case to be considered by"), parts.considered_by(doc, t, code)),
    ]))  # fmt: skip
    out += [gap(), p(t(
        "You are notified that the case of the administrative offence will be considered at the "
        "time and place above. You may take part in it, see the materials of the case, give "
        "explanations, present evidence, and have a defender and an interpreter. If you do not "
        "appear, the case may be considered in your absence."
    ))]  # fmt: skip
    out += [gap(4), parts.sign([parts.signature_line(doc, t, code)])]
    out += [gap(6), p(t("Delivery record"), "label")]
    if doc.notices:
        out.append(parts.table([
            (t("Delivered"), parts.delivery_text(n.method, n.on_date, n.note, t, code))
            for n in doc.notices
        ]))  # fmt: skip
    else:
        boxes = "   ".join(f"□ {t(label)}" for label in DELIVERY_METHODS.values())
        out += [p(boxes), gap(2), parts.sign([
            (t("Date of delivery"), ""),
            (t("Notice received (signature of the person)"), doc.offender.name),
            (t("Delivered by (signature of the official)"), ""),
        ])]  # fmt: skip
    return out


def _refusal(doc: CaseDoc) -> Msg | None:
    if doc.hearing_date is None:
        return msg("No time and place of the hearing is set in case {number}.", number=doc.number)
    return None


hearing_notice = parts.Document(story, "hearing notice", _refusal)
