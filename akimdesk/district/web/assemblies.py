"""Local community meetings across the district: meetings per office and quarter, decisions by
kind, and the signed minutes as PDF, printed by the desktop's own report code."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.district.minutes import adopted, signed_minutes, signed_terms
from akimdesk.district.models import Record
from akimdesk.district.web.core import (
    LANGS,
    PREFIX,
    NotFound,
    Viewer,
    server_of,
    viewer,
    year_page,
)
from akimdesk.district.web.tables import Column, Table, sums
from akimdesk.domain.assemblies import AGENDA_KINDS, MEETING_KINDS
from akimdesk.i18n import N_

router = APIRouter(include_in_schema=False)
STATUS = {"draft": N_("draft"), "signed": N_("signed")}
PAGE_SIZE = 50
# The list's filter: (label, test of a row).
STATES = {
    "draft": N_("Drafts"),
    "late": N_("Drafts past the days allowed"),
    "signed": N_("Signed"),
    "unpublished": N_("Signed, not published"),
    "published": N_("Published"),
}


def _meetings(
    s: Session, ids: list[uuid.UUID], year: int
) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    return [
        (o, p)
        for o, p in s.execute(
            select(Record.office_id, Record.payload).where(
                Record.entity == "meeting", Record.office_id.in_(ids),
                Record.payload["meeting_date"].as_string().between(f"{year}-01-01", f"{year}-12-31"),
            )
        )
    ]  # fmt: skip


def _published(m: dict[str, Any]) -> date | None:
    """From the minutes' publication record (`published_on`); older payloads lack it: not
    published."""
    try:
        return date.fromisoformat(m["published_on"]) if m.get("published_on") else None
    except (TypeError, ValueError):
        return None


def _state_of(m: dict[str, Any], held: date, day: date, late_days: int) -> set[str]:
    if m.get("status") != "signed":
        return {"draft", "late"} if (day - held).days > late_days else {"draft"}
    return {"signed", "published" if _published(m) else "unpublished"}


def assembly_tables(
    s: Session, v: Viewer, year: int, day: date, params: dict[str, str] | None = None
) -> list[Table]:
    t = v.t
    params = params or {}
    late_days = v.conf.draft_days
    want_office, want_state = params.get("office", ""), params.get("state", "")
    want_kind = params.get("kind", "")
    meetings = _meetings(s, v.office_ids, year)
    per: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    terms: dict[str, tuple[Any, Any]] = {}  # signed meeting id -> the quorum and rules it was under
    listing = []
    for office_id, m in meetings:
        held = date.fromisoformat(m["meeting_date"])
        row = per[office_id]
        if held <= day:
            row[f"q{(held.month - 1) // 3 + 1}"] += 1
            row["held"] += 1
        signed = m.get("status") == "signed"
        row["signed"] += int(signed)
        row["published"] += int(signed and _published(m) is not None)
        row["late"] += int(not signed and (day - held).days > late_days)
        if signed:
            terms[m["id"]] = signed_terms(m)
        states = _state_of(m, held, day, late_days)
        if (
            (want_office and want_office != str(office_id))
            or (want_state in STATES and want_state not in states)
            or (want_kind in MEETING_KINDS and m.get("kind") != want_kind)
        ):
            continue
        link = f"{PREFIX}/assemblies/minutes/{m['id']}"
        published = _published(m)
        status = t(STATUS.get(m.get("status", "draft"), ""))
        if "late" in states:
            status = t("draft, {days} days after the meeting").format(days=(day - held).days)
        elif signed:
            status = t("signed, published") if published else t("signed, not published")
        ref = m.get("ref", "")
        listing.append({
            "_rank": v.rank(office_id), "office": v.name(office_id), "ref": ref, "date": held,
            "kind": t(MEETING_KINDS.get(m.get("kind", ""), m.get("kind", ""))),
            "status": status, "_alert": "late" in states,
            "published": published if signed else None,
            "pdf_kk": "PDF" if signed else "", "pdf_kk__href": f"{link}?lang=kk" if signed else "",
            "pdf_kk__label": t("Minutes {ref} in Kazakh, PDF").format(ref=ref),
            "pdf_ru": "PDF" if signed else "", "pdf_ru__href": f"{link}?lang=ru" if signed else "",
            "pdf_ru__label": t("Minutes {ref} in Russian, PDF").format(ref=ref),
        })  # fmt: skip
    kinds: dict[str, int] = defaultdict(int)  # adopted decisions by kind of question
    deciding: dict[str, set[Any]] = defaultdict(set)  # the offices that took them
    if terms:
        for office_id, item in s.execute(
            select(Record.office_id, Record.payload).where(
                Record.entity == "agenda_item",
                Record.office_id.in_(v.office_ids),
                Record.payload["meeting_id"].as_string().in_(list(terms)),
            )
        ):
            if not adopted(item, *terms[item["meeting_id"]]):  # only what the minutes decided
                continue
            kind = item.get("kind", "other")
            kinds[kind] += 1
            deciding[kind].add(office_id)
    by_kind = [{"kind": t(AGENDA_KINDS.get(k, k)), "decisions": n, "offices": len(deciding[k])}
               for k, n in sorted(kinds.items())]  # fmt: skip
    by_office = [{"office": v.name(oid), **per.get(oid, {})} for oid, o in v.offices.items()]
    listing.sort(key=lambda r: (r["_rank"], r["date"]))
    quarters = ["q1", "q2", "q3", "q4", "held", "signed", "published", "late"]
    return [
        Table("by_quarter", N_("Meetings held by quarter"), [
            Column("office", N_("Office")), Column("q1", N_("Q1"), "int"), Column("q2", N_("Q2"), "int"),
            Column("q3", N_("Q3"), "int"), Column("q4", N_("Q4"), "int"),
            Column("held", N_("Held in the year"), "int"), Column("signed", N_("Minutes signed"), "int"),
            Column("published", N_("Minutes published"), "int"),
            Column("late", N_("Drafts past the days allowed"), "int",
                   N_("Minutes not signed this many days after the meeting (a district setting)")),
        ], by_office, {"office": t("Total"), **sums(by_office, quarters)}, sortable=True),
        Table("by_kind", N_("Decisions by kind"), [
            Column("kind", N_("Question")), Column("decisions", N_("Decisions"), "int"),
            Column("offices", N_("Offices"), "int"),
        ], by_kind, {"kind": t("Total"), **sums(by_kind, ["decisions"])}),
        Table("minutes", N_("Minutes"), [
            Column("office", N_("Office")), Column("ref", N_("Number")), Column("date", N_("Date"), "date"),
            Column("kind", N_("Meeting")), Column("status", N_("State")),
            Column("published", N_("Published on"), "date"),
            Column("pdf_kk", N_("In Kazakh")), Column("pdf_ru", N_("In Russian")),
        ], listing, sortable=True, page_size=PAGE_SIZE),
    ]  # fmt: skip


@router.get("/assemblies")
def overview(request: Request, v: Annotated[Viewer, Depends(viewer)], year: str = "") -> Response:
    return year_page(request, v, year, "assemblies.html", assembly_tables, "meetings",
                     states=STATES, kinds=MEETING_KINDS)  # fmt: skip


# --- signed minutes as PDF ------------------------------------------------------------------
@router.get("/assemblies/minutes/{meeting_id}")
def minutes(
    request: Request, meeting_id: uuid.UUID, v: Annotated[Viewer, Depends(viewer)], lang: str = ""
) -> Response:
    lang = lang if lang in LANGS else v.lang
    owner = server_of(request).run(lambda s: s.scalar(
        select(Record.office_id).where(Record.entity == "meeting", Record.id == meeting_id)))  # fmt: skip
    if owner is None:
        raise NotFound()
    v.office(owner)  # another district's meeting is not found either
    from akimdesk.reports.minutes import render_minutes

    doc = server_of(request).run(signed_minutes, owner, meeting_id)
    if doc is None:
        raise NotFound()
    pdf = render_minutes(doc, lang)
    name = f"minutes-{doc.ref.replace('/', '-')}-{lang}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})  # fmt: skip
