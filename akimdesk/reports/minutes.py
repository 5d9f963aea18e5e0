"""Where minutes are printed: the minutes (Kazakh, Russian, or both one after the other or in two
columns), the attendance sheet with signature lines, and an extract of one decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from akimdesk.domain.assemblies import MEETING_KINDS, Outcome
from akimdesk.i18n import N_, format_date, format_long_date, msg, translator
from akimdesk.models import AgendaItem
from akimdesk.reports.base import (
    FONT,
    ReportError,
    build,
    build_story,
    gap,
    grid,
    kv_table,
    office_of,
    p,
    p_markup,
    signatures,
)
from akimdesk.services.assemblies import queries
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


def _load(db: Database, params: dict[str, Any]) -> MeetingView:
    key = params.get("meeting_id") or str(params.get("meeting", ""))
    with db.read() as s:
        office_of(s)
    view = queries.load(db, key)
    if view is None or view.office is None:
        raise ReportError(msg("Meeting {ref} was not found.", ref=key))
    return view


def _office(view: MeetingView, lang: str) -> str:
    assert view.office is not None
    return view.office.name_kk if lang == "kk" else view.office.name_ru


def _place(view: MeetingView, lang: str) -> str:
    m = view.meeting
    parts = [m.settlement.name(lang) if m.settlement else "", m.scope, m.place]
    return ", ".join(x for x in parts if x)


def _attendance(view: MeetingView, t: T) -> str:
    q = view.quorum
    if view.meeting.kind == "assembly":
        text = t("{present} of {total} members of the assembly").format(
            present=q.present, total=q.eligible
        )
    else:
        text = t("{present} of {total} residents entitled to take part").format(
            present=q.present, total=q.eligible
        )
    if q.met:
        return text + ". " + t("Quorum present ({required} needed).").format(required=q.required)
    return text + ". " + t("NO QUORUM ({required} needed).").format(required=q.required)


def _verdict(o: Outcome, t: T) -> str:
    if not o.voted:
        return t("No vote was taken.")
    if o.without_quorum:
        return t("Voted without a quorum: the decision is not adopted.")
    return t("The decision is adopted.") if o.adopted else t("The decision is not adopted.")


def _blocks(view: MeetingView) -> list[Block]:
    """The minutes as small blocks, so that two languages can stand side by side row by row."""
    m = view.meeting

    def head(code: str, t: T, width: float) -> list[Flowable]:
        out = [p(_office(view, code), "office"), gap(3), p(t(TITLES[m.kind]), "title")]
        out.append(p(t("No. {number}").format(number=m.ref), "subtitle"))
        if not m.signed:
            out.append(p(t("DRAFT — not signed"), "subtitle"))
        return out

    def facts(code: str, t: T, width: float) -> list[Flowable]:
        rows = [
            (
                t("Date and time"),
                f"{format_long_date(m.meeting_date, code)} {m.start_time}".strip(),
            ),
            (t("Place"), _place(view, code)),
            (t("Convened by"), m.convened_by or "—"),
            (t("Chair"), m.chair or "—"),
            (t("Secretary"), m.secretary or "—"),
            (t("Present"), _attendance(view, t)),
            (t("Invited"), m.invited or "—"),
        ]
        return [kv_table(rows, label_width=min(38 * mm, width / 3), width=width)]

    def agenda(code: str, t: T, width: float) -> list[Flowable]:
        out = [gap(3), p(t("AGENDA:"), "label")]
        out += [p(f"{item.position}. {item.title(code)}") for item, _ in view.items]
        return out

    def item_block(item: AgendaItem, o: Outcome) -> Block:
        def block(code: str, t: T, width: float) -> list[Flowable]:
            out: list[Flowable] = [
                gap(3),
                p_markup(f"<b>{item.position}. </b>" + _esc(item.title(code))),
            ]
            if item.rapporteur:
                out.append(p(t("Reported: {name}.").format(name=item.rapporteur)))
            for s in item.speakers:
                out.append(p(t("Spoke: {name} — {summary}").format(
                    name=s.get("name", ""), summary=s.get("summary", "")).rstrip(" —")))  # fmt: skip
            if o.voted:
                out.append(p(t("Voted: for — {f}, against — {a}, abstained — {s}.").format(
                    f=item.votes_for or 0, a=item.votes_against or 0, s=item.votes_abstained or 0)))  # fmt: skip
            out.append(p_markup("<b>" + _esc(_verdict(o, t)) + "</b>"))
            out += [p(t("RESOLVED:"), "label"), p(item.decision(code) or "—")]
            return out

        return block

    def addenda(code: str, t: T, width: float) -> list[Flowable]:
        if not view.addenda:
            return []
        out = [gap(4), p(t("Addenda to the signed minutes"), "label")]
        for a in view.addenda:
            out.append(p(t("Addendum No. {n} of {date} ({author}). Reason: {reason}").format(
                n=a.seq, date=format_date(a.on_date, code), author=a.author, reason=a.reason)))  # fmt: skip
            out.append(p(a.text))
        return out

    def sign(code: str, t: T, width: float) -> list[Flowable]:
        lines = [(t("Chair"), m.chair), (t("Secretary"), m.secretary)]
        return [gap(8), signatures(lines, width=width)]

    return [head, facts, agenda, *(item_block(i, o) for i, o in view.items), addenda, sign]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def minutes(db: Database, params: dict[str, Any], lang: str) -> bytes:
    """lang "both": Kazakh then Russian; with params["layout"] == "columns", side by side."""
    view = _load(db, params)
    blocks = _blocks(view)
    title = f"minutes {view.meeting.ref}"
    if lang == "both" and params.get("layout") == "columns":
        return build_story(_columns(blocks), "kk", title)
    return build(lambda code, t: [f for b in blocks for f in b(code, t, FULL)], lang, title)


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


def attendance_sheet(db: Database, params: dict[str, Any], lang: str) -> bytes:
    view = _load(db, params)
    m = view.meeting

    def story(code: str, t: T) -> list[Flowable]:
        out = [p(_office(view, code), "office"), gap(3), p(t("Attendance sheet"), "title")]
        out.append(p(t("{meeting} No. {number}, {date}").format(
            meeting=t(MEETING_KINDS[m.kind]), number=m.ref,
            date=format_long_date(m.meeting_date, code)), "subtitle"))  # fmt: skip
        out.append(p(_place(view, code), "subtitle"))
        if m.kind == "assembly":
            rows = [[str(i), member.full_name,
                     member.settlement.name(code) if member.settlement else "", ""]
                    for i, (member, _) in enumerate(view.members, start=1)]  # fmt: skip
            header = [t("No."), t("Member of the assembly"), t("Settlement"), t("Signature")]
        else:
            count = max(m.residents_present, 30)
            rows = [[str(i), "", "", ""] for i in range(1, count + 1)]
            header = [t("No."), t("Surname, first name, patronymic"), t("Address"), t("Signature")]
        tables = grid(header, rows, [12 * mm, 78 * mm, 50 * mm, 40 * mm], size=9)
        for table in tables:
            table.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 6),
                                       ("BOTTOMPADDING", (0, 1), (-1, -1), 6)]))  # fmt: skip
        out.extend(tables)
        out += [gap(8), signatures([(t("Secretary"), m.secretary)])]
        return out

    return build(story, lang, f"attendance {m.ref}")


def decision_extract(db: Database, params: dict[str, Any], lang: str) -> bytes:
    view = _load(db, params)
    m = view.meeting
    position = int(params.get("item") or 1)
    found = [(i, o) for i, o in view.items if i.position == position]
    if not found:
        raise ReportError(msg("Meeting {ref} has no item {n}.", ref=m.ref, n=position))
    item, o = found[0]

    def story(code: str, t: T) -> list[Flowable]:
        out = [p(_office(view, code), "office"), gap(3), p(t("Extract from the minutes"), "title")]
        out.append(p(t("{title} No. {number} of {date}").format(
            title=t(TITLES[m.kind]), number=m.ref, date=format_long_date(m.meeting_date, code)),
            "subtitle"))  # fmt: skip
        out.append(kv_table([(t("Present"), _attendance(view, t))], label_width=32 * mm))
        body: list[Flowable] = [
            gap(3),
            p_markup(f"<b>{item.position}. </b>" + _esc(item.title(code))),
        ]
        if o.voted:
            body.append(p(t("Voted: for — {f}, against — {a}, abstained — {s}.").format(
                f=item.votes_for or 0, a=item.votes_against or 0, s=item.votes_abstained or 0)))  # fmt: skip
        body += [p_markup("<b>" + _esc(_verdict(o, t)) + "</b>"), p(t("RESOLVED:"), "label"),
                 p(item.decision(code) or "—")]  # fmt: skip
        out.append(KeepTogether(body))
        out += [gap(8), p(t("The extract is true to the minutes.")),
                signatures([(t("Secretary"), m.secretary)])]  # fmt: skip
        return out

    return build(story, lang, f"extract {m.ref}-{position}")
