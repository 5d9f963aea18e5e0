"""The printable summary for the maslikhat: the consolidated tables of a year in one PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from akimdesk.district.web import assemblies, fines, health, period, property
from akimdesk.district.web.core import LANGS, Viewer, parse_year, server_of, today, viewer
from akimdesk.district.web.tables import Table
from akimdesk.i18n import N_, format_date
from akimdesk.reports.district import Section, summary

router = APIRouter(include_in_schema=False)
PARTS = (  # (module, table) in the order the maslikhat reads them
    ("fines", "by_office"), ("fines", "by_article"), ("property", "by_office"),
    ("property", "by_category"), ("assemblies", "by_quarter"), ("assemblies", "by_kind"),
    ("health", "offices"),
)  # fmt: skip
TITLES = {
    "fines": N_("Fines"),
    "property": N_("Communal property"),
    "assemblies": N_("Meetings"),
    "health": N_("Sync"),
}


def _section(table: Table, v: Viewer, area: str) -> Section:
    t = v.t
    cols = table.columns
    rows = [
        [table.cell(r, c, v.lang) for c in cols]
        for r in [*table.rows, *([table.total] if table.total else [])]
    ]
    return Section(f"{t(TITLES[area])}: {t(table.title)}", [t(c.label) for c in cols], rows,
                   [i for i, c in enumerate(cols) if c.numeric])  # fmt: skip


@router.get("/summary.pdf")
def summary_pdf(
    request: Request, v: Annotated[Viewer, Depends(viewer)], year: str = "", lang: str = ""
) -> Response:
    v.lang = lang if lang in LANGS else v.lang
    day = today(v.zone)
    y = parse_year(year, day.year)

    def load(s: Session) -> dict[str, list[Table]]:
        pending = health.pending_rejections(s, v.office_ids)
        return {
            "fines": fines.overview_tables(s, v, period.of_year(y), day),
            "property": property.property_tables(s, v, y, day),
            "assemblies": assemblies.assembly_tables(s, v, y, day),
            "health": [health.offices_table(v, pending)],
        }

    tables = server_of(request).run(load)
    sections = []
    for area, name in PARTS:
        table = next(t for t in tables[area] if t.name == name)
        if area == "health":  # the maslikhat needs when and what is wrong, not versions
            table.columns = [
                c
                for c in table.columns
                if c.key in ("office", "last_sync", "state", "rejected", "audit")
            ]
        sections.append(_section(table, v, area))
    t = v.t
    pdf = summary(
        t("{district}: rural districts").format(district=v.user.district),
        t("Summary for the maslikhat, {year}").format(year=y),
        t("As of {date}").format(date=format_date(day, v.lang)), sections, v.lang,
    )  # fmt: skip
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="summary-{y}-{v.lang}.pdf"'})  # fmt: skip
