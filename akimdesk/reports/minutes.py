"""Where minutes are printed: the minutes (Kazakh, Russian, or both one after the other or in two
columns), the notice convening the meeting, the attendance sheet of an assembly and the residents'
registration sheet of a gathering, and an extract of one adopted decision.

Each document is a renderer of `minutes_data.MinutesDoc` (plain data); `load` builds it from the
office's database, `akimdesk.district.minutes` from the records the district server holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from akimdesk.domain.assemblies import MEETING_KINDS
from akimdesk.i18n import N_, format_date, format_long_date, msg, translator
from akimdesk.reports.base import (
    FONT,
    ReportError,
    build,
    build_story,
    esc,
    gap,
    grid,
    kv_table,
    office_of,
    p,
    p_markup,
    signatures,
)
from akimdesk.reports.bilingual import Bi
from akimdesk.reports.minutes_data import ItemDoc, MemberDoc, MinutesDoc, minutes_doc
from akimdesk.services.assemblies.queries import MeetingView
from akimdesk.storage.database import Database

T = Callable[[str], str]
FULL = 180 * mm
Block = Callable[[str, T, float], list[Flowable]]  # language, translator, width

TITLES = {
    "assembly": N_("Minutes of the assembly of the local community"),
    "gathering": N_("Minutes of the gathering of the local community"),
    "separate_gathering": N_("Minutes of the separate gathering of the local community"),
}
NOTICES = {
    "assembly": N_("Notice convening the assembly of the local community"),
    "gathering": N_("Notice convening the gathering of the local community"),
    "separate_gathering": N_("Notice convening the separate gathering of the local community"),
}
ONLY_IN = {"kk": N_("only in Kazakh"), "ru": N_("only in Russian")}
# Said under each item that is not a decision; "RESOLVED" is printed only for adopted items.
VERDICTS = {
    "adopted": N_("The decision is adopted."),
    "rejected": N_("The decision is not adopted."),
    "no_quorum": N_("There was no quorum: no decision could be taken."),
    "no_vote": N_("No vote was taken: no decision was taken."),
}


# --- loading ------------------------------------------------------------------------------
def load(db: Database, params: dict[str, Any]) -> MinutesDoc:
    """The minutes of a meeting in the office's database, by id or by "number/year"."""
    from akimdesk.services.assemblies import queries

    key = params.get("meeting_id") or str(params.get("meeting", ""))
    with db.read() as s:
        office_of(s)  # without the office's details nothing is printed
        view = queries.view_of(s, key)
        if view is None or view.office is None:
            raise ReportError(msg("Meeting {ref} was not found.", ref=key))
        return doc_of(view)


def doc_of(view: MeetingView) -> MinutesDoc:
    """The minutes of a meeting read in an open session."""
    m, office = view.meeting, view.office
    people = tuple(
        MemberDoc(person.full_name, Bi(person.settlement.name_kk, person.settlement.name_ru)
                  if person.settlement else Bi(), here)
        for person, here in view.members
    )  # fmt: skip
    return minutes_doc(
        m, [item for item, _ in view.items], view.addenda,
        office=Bi(office.name_kk, office.name_ru) if office else Bi(),
        office_bin=office.bin if office else "",
        settlement=Bi(m.settlement.name_kk, m.settlement.name_ru) if m.settlement else Bi(),
        q=view.quorum, rules=view.rules, members=people,
        office_akim=office.akim_name if office else "",
    )  # fmt: skip


# --- pieces -------------------------------------------------------------------------------
def marked(part: Bi, lang: str, t: T) -> str:
    """The text as markup; a text the other language only has says so, plainly."""
    text, other = part.shown(lang)
    if other is None:
        return esc(text)
    return f'{esc(text)} <font size="8" color="#555555">({esc(t(ONLY_IN[other]))})</font>'


def _place(doc: MinutesDoc, lang: str, t: T) -> str:
    parts = [esc(doc.settlement.text(lang) or doc.settlement.shown(lang)[0])]
    parts += [marked(doc.scope, lang, t), marked(doc.place, lang, t)]
    return ", ".join(x for x in parts if x)


def _attendance(doc: MinutesDoc, t: T) -> str:
    q = doc.quorum
    if doc.assembly:
        text = t("{present} of {total} members of the assembly").format(
            present=q.present, total=q.eligible
        )
    else:
        text = t("{present} of {total} residents entitled to take part, by the registration "
                 "sheet").format(present=q.present, total=q.eligible)  # fmt: skip
    if q.met:
        return text + ". " + t("Quorum present ({required} needed).").format(required=q.required)
    return text + ". " + t("NO QUORUM ({required} needed).").format(required=q.required)


def _votes(item: ItemDoc, t: T) -> Paragraph:
    f, a, s = (v or 0 for v in item.votes)
    return p(t("Voted: for — {f}, against — {a}, abstained — {s}.").format(f=f, a=a, s=s))


def item_outcome(item: ItemDoc, lang: str, t: T) -> list[Flowable]:
    """The vote and what came of it: "RESOLVED" and the decision for an adopted item only;
    otherwise what was proposed, and that it was not adopted or could not be."""
    out: list[Flowable] = []
    if item.present_at_vote is not None:
        q = item.quorum
        out.append(p(t("Present at the vote on this item: {present} of {total} ({required} needed "
                       "for a quorum).").format(present=q.present, total=q.eligible,
                                                required=q.required)))  # fmt: skip
    if item.outcome.voted:
        out.append(_votes(item, t))
    text = marked(item.text, lang, t) or "—"
    if item.adopted:
        out += [p_markup("<b>" + esc(t(VERDICTS["adopted"])) + "</b>"), p(t("RESOLVED:"), "label"),
                p_markup(text)]  # fmt: skip
    else:
        out += [p(t("Proposed:"), "label"), p_markup(text),
                p_markup("<b>" + esc(t(VERDICTS[item.verdict])) + "</b>")]  # fmt: skip
    return out


def _office(doc: MinutesDoc, lang: str) -> str:
    return doc.office.text(lang) or doc.office.shown(lang)[0]


def _blocks(doc: MinutesDoc) -> list[Block]:
    """The minutes as small blocks, so that two languages can stand side by side row by row."""

    def head(code: str, t: T, width: float) -> list[Flowable]:
        out = [p(_office(doc, code), "office"), gap(3), p(t(TITLES[doc.kind]), "title")]
        out.append(p(t("No. {number}").format(number=doc.ref), "subtitle"))
        if not doc.signed:
            out.append(p(t("DRAFT — not signed"), "subtitle"))
        return out

    def facts(code: str, t: T, width: float) -> list[Flowable]:
        when = f"{format_long_date(doc.meeting_date, code)} {doc.start_time}".strip()
        rows: list[tuple[str, Any]] = [
            (t("Date and time"), when),
            (t("Place"), p_markup(_place(doc, code, t))),
            (t("Convened by"), p_markup(marked(doc.convened_by, code, t) or "—")),
            (t("Chair"), doc.chair or "—"),
            (t("Secretary"), doc.secretary or "—"),
            (t("Present"), _attendance(doc, t)),
            (t("Invited"), p_markup(marked(doc.invited, code, t).replace("\n", "<br/>") or "—")),
        ]
        return [kv_table(rows, label_width=min(38 * mm, width / 3), width=width)]

    def agenda(code: str, t: T, width: float) -> list[Flowable]:
        out = [gap(3), p(t("AGENDA:"), "label")]
        out += [p_markup(f"{i.position}. " + marked(i.title, code, t)) for i in doc.items]
        return out

    def item_block(item: ItemDoc) -> Block:
        def block(code: str, t: T, width: float) -> list[Flowable]:
            out: list[Flowable] = [
                gap(3),
                p_markup(f"<b>{item.position}. </b>" + marked(item.title, code, t)),
            ]
            if item.rapporteur:
                out.append(p(t("Reported: {name}.").format(name=item.rapporteur)))
            for s in item.speakers:
                said = marked(s.summary, code, t)
                out.append(p_markup(esc(t("Spoke: {name}").format(name=s.name))
                                    + (f" — {said}" if said else "")))  # fmt: skip
            return out + item_outcome(item, code, t)

        return block

    def addenda(code: str, t: T, width: float) -> list[Flowable]:
        if not doc.addenda:
            return []
        out = [gap(4), p(t("Addenda to the signed minutes"), "label")]
        for a in doc.addenda:
            out.append(p(t("Addendum No. {n} of {date} ({author}). Reason: {reason}").format(
                n=a.seq, date=format_date(a.on_date, code), author=a.author, reason=a.reason)))  # fmt: skip
            # Written after signing, in the language of the minutes.
            out.append(p_markup(marked(_in_minutes_language(doc, a.text), code, t)))
        return out

    def sign(code: str, t: T, width: float) -> list[Flowable]:
        lines = [(t("Chair"), doc.chair), (t("Secretary"), doc.secretary)]
        return [gap(8), signatures(lines, width=width)]

    return [head, facts, agenda, *(item_block(i) for i in doc.items), addenda, sign]


def _in_minutes_language(doc: MinutesDoc, text: str) -> Bi:
    return Bi(text, "") if doc.language == "kk" else Bi("", text)


# --- documents ----------------------------------------------------------------------------
def render_minutes(doc: MinutesDoc, lang: str, layout: str = "sequential") -> bytes:
    """lang "both": Kazakh then Russian; with layout "columns", side by side."""
    blocks = _blocks(doc)
    title = f"minutes {doc.ref}"
    if lang == "both" and layout == "columns":
        return build_story(_columns(blocks), "kk", title)
    return build(lambda code, t: [f for b in blocks for f in b(code, t, FULL)], lang, title)


def minutes(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_minutes(load(db, params), lang, params.get("layout") or "sequential")


def _columns(blocks: list[Block]) -> list[Flowable]:
    kk, ru = translator("kk"), translator("ru")
    width = 89 * mm
    story: list[Flowable] = []
    for block in blocks:
        left, right = block("kk", kk, width - 6 * mm), block("ru", ru, width - 6 * mm)
        if not left and not right:
            continue
        table = Table([[left, right]], colWidths=[width, width])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("LINEAFTER", (0, 0), (0, -1), 0.3, colors.HexColor("#bbbbbb")),
        ]))  # fmt: skip
        story.append(table)
    return story


def _subtitle(doc: MinutesDoc, code: str, t: T) -> str:
    return t("{meeting} No. {number}, {date}").format(
        meeting=t(MEETING_KINDS[doc.kind]), number=doc.ref,
        date=format_long_date(doc.meeting_date, code))  # fmt: skip


def render_attendance_sheet(doc: MinutesDoc, lang: str) -> bytes:
    """Members of the assembly with a line to sign; a gathering gets the registration sheet."""
    if not doc.assembly:
        return render_registration_sheet(doc, lang)

    def story(code: str, t: T) -> list[Flowable]:
        out = [p(_office(doc, code), "office"), gap(3), p(t("Attendance sheet"), "title"),
               p(_subtitle(doc, code, t), "subtitle"), p_markup(_place(doc, code, t), "subtitle")]  # fmt: skip
        rows = [[str(i), m.name, m.settlement.text(code), ""]
                for i, m in enumerate(doc.members, start=1)]  # fmt: skip
        header = [t("No."), t("Member of the assembly"), t("Settlement"), t("Signature")]
        out.extend(_sheet(header, rows))
        out += [gap(8), signatures([(t("Secretary"), doc.secretary)])]
        return out

    return build(story, lang, f"attendance {doc.ref}")


BLANK_ROWS = 40  # a registration sheet without a count yet: one more sheet is printed if full


def render_registration_sheet(doc: MinutesDoc, lang: str) -> bytes:
    """The residents' registration sheet of a gathering: name, address and signature by hand;
    the count of those registered is what the minutes give as present."""

    def story(code: str, t: T) -> list[Flowable]:
        out = [p(_office(doc, code), "office"), gap(3),
               p(t("Registration sheet of the residents taking part"), "title"),
               p(_subtitle(doc, code, t), "subtitle"), p_markup(_place(doc, code, t), "subtitle")]  # fmt: skip
        count = max(doc.residents_present, BLANK_ROWS)
        rows = [[str(i), "", "", ""] for i in range(1, count + 1)]
        header = [t("No."), t("Surname, first name, patronymic"), t("Address"), t("Signature")]
        out.extend(_sheet(header, rows))
        out += [gap(6), p(t("Registered: ________ residents. This number is entered in the minutes "
                            "as those present.")),
                signatures([(t("Secretary"), doc.secretary)])]  # fmt: skip
        return out

    return build(story, lang, f"registration {doc.ref}")


def _sheet(header: list[str], rows: list[list[str]]) -> list[Table]:
    tables = grid(header, rows, [12 * mm, 78 * mm, 50 * mm, 40 * mm], size=9)
    for table in tables:
        table.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 6),
                                   ("BOTTOMPADDING", (0, 1), (-1, -1), 6)]))  # fmt: skip
    return tables


def attendance_sheet(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_attendance_sheet(load(db, params), lang)


def registration_sheet(db: Database, params: dict[str, Any], lang: str) -> bytes:
    doc = load(db, params)
    if doc.assembly:
        raise ReportError(msg("Meeting {ref} is an assembly: print its attendance sheet.",
                              ref=doc.ref))  # fmt: skip
    return render_registration_sheet(doc, lang)


def render_notice(doc: MinutesDoc, lang: str) -> bytes:
    """The notice convening the meeting: who convenes it, when, where, and the agenda."""

    def story(code: str, t: T) -> list[Flowable]:
        out = [p(_office(doc, code), "office"), gap(3), p(t(NOTICES[doc.kind]), "title"), gap(4)]
        when = f"{format_long_date(doc.meeting_date, code)} {doc.start_time}".strip()
        out.append(kv_table([
            (t("Convened by"), p_markup(marked(doc.convened_by, code, t) or "—")),
            (t("Date and time"), when),
            (t("Place"), p_markup(_place(doc, code, t))),
        ]))  # fmt: skip
        out += [gap(4), p(t("AGENDA:"), "label")]
        out += [p_markup(f"{i.position}. " + marked(i.title, code, t)) for i in doc.items]
        invite = (t("Members of the assembly are asked to attend.") if doc.assembly
                  else t("Residents are invited to take part; bring an identity document to "
                         "register."))  # fmt: skip
        out += [gap(4), p(invite), gap(8),
                signatures([(t("Akim of the rural district"), doc.office_akim)])]  # fmt: skip
        return out

    return build(story, lang, f"notice {doc.ref}")


def meeting_notice(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_notice(load(db, params), lang)


def render_extract(doc: MinutesDoc, position: int, lang: str) -> bytes:
    item = doc.item(position)
    if item is None:
        raise ReportError(msg("Meeting {ref} has no item {n}.", ref=doc.ref, n=position))
    if not item.adopted:
        raise ReportError(msg("Item {n} of meeting {ref} was not adopted: there is no decision "
                              "to extract.", n=position, ref=doc.ref))  # fmt: skip

    def story(code: str, t: T) -> list[Flowable]:
        out = [p(_office(doc, code), "office"), gap(3), p(t("Extract from the minutes"), "title")]
        out.append(p(t("{title} No. {number} of {date}").format(
            title=t(TITLES[doc.kind]), number=doc.ref,
            date=format_long_date(doc.meeting_date, code)), "subtitle"))  # fmt: skip
        out.append(kv_table([(t("Present"), _attendance(doc, t))], label_width=32 * mm))
        body: list[Flowable] = [
            gap(3), p_markup(f"<b>{item.position}. </b>" + marked(item.title, code, t)),
        ]  # fmt: skip
        out.append(KeepTogether(body + item_outcome(item, code, t)))
        out += [gap(8), p(t("The extract is true to the minutes.")),
                signatures([(t("Secretary"), doc.secretary)])]  # fmt: skip
        return out

    return build(story, lang, f"extract {doc.ref}-{position}")


def decision_extract(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_extract(load(db, params), int(params.get("item") or 1), lang)
