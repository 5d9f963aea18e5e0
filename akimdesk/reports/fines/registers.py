"""The register of cases for a period and the summary by article. Both list the same cases (by
the date the period is taken on: offence, protocol or decision) and add them up by the same
rule, so their totals agree; every page says which date and what a figure includes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from akimdesk.domain.fines import STATUS_LABELS
from akimdesk.i18n import N_, format_date, format_money
from akimdesk.reports.base import build, column_widths, gap, grid, header, office_of, p
from akimdesk.reports.fines.data import OfficeDoc
from akimdesk.reports.fines.parts import T
from akimdesk.reports.longgrid import LongGrid
from akimdesk.services.fines import queries
from akimdesk.services.fines.queries import PeriodCase, summarise
from akimdesk.storage.database import Database

BASES = {"protocol": N_("by protocol date"), "offence": N_("by offence date"),
         "decision": N_("by decision date")}  # fmt: skip
WIDE, NARROW = 267 * mm, 180 * mm  # landscape and portrait A4 less the margins


@dataclass
class Period:
    office: OfficeDoc
    date_from: date
    date_to: date
    basis: str
    today: date
    cases: list[PeriodCase]


def load(db: Database, params: dict[str, Any]) -> Period:
    basis = params.get("basis") or "protocol"
    today = params.get("today") or date.today()
    with db.read() as s:
        office = office_of(s)
        found = queries.period_cases(s, params["date_from"], params["date_to"], basis, today)
        return Period(OfficeDoc.of(office), params["date_from"], params["date_to"], basis,
                      today, found)  # fmt: skip


def _subtitle(x: Period, t: T, code: str) -> str:
    return t("Cases ({basis}) from {start} to {end}").format(
        basis=t(BASES[x.basis]), start=format_date(x.date_from, code),
        end=format_date(x.date_to, code),
    )  # fmt: skip


def _includes(x: Period, t: T, code: str) -> Flowable:
    return p(t(
        "Imposed: fines of decisions issued and not cancelled. Paid: payments received by "
        "{end}, including 50% payments made before a decision. The register and the summary "
        "for the same period count by this same rule."
    ).format(end=format_date(x.date_to, code)), "small")  # fmt: skip


def register(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_register(load(db, params), lang)


def register_table(
    x: Period, code: str, t: T
) -> tuple[list[str], list[list[str]], list[float], str]:
    """The register's header, rows, column widths and header style in one language."""
    rows = [
        [str(i), c.number, format_date(c.protocol_date, code), c.offender, c.iin_bin,
         c.article, format_date(c.decision_date, code) if c.decided else "",
         (t("warning") if c.penalty == "warning" else t("{n} МРП").format(n=c.mrp_count))
         if c.decided else "",
         format_money(c.imposed_tiyn, code) if c.imposed_tiyn else "",
         format_money(c.paid_tiyn, code) if c.paid_tiyn else "",
         t(STATUS_LABELS[c.status])]
        for i, c in enumerate(x.cases, start=1)
    ]  # fmt: skip
    head = [t("No."), t("Case"), t("Protocol"), t("Offender"), t("ИИН/БИН"), t("Article"),
            t("Decision"), t("Sanction"), t("Imposed"), t("Paid"), t("Status")]  # fmt: skip
    widths, style = column_widths(head, rows, WIDE, flex=3, min_flex=40 * mm)
    return head, rows, widths, style


def render_register(x: Period, lang: str) -> bytes:
    def story(code: str, t: T) -> list[Flowable]:
        out = header(x.office, t("Register of administrative offence cases"),
                     _subtitle(x, t, code), code)  # fmt: skip
        head, rows, widths, style = register_table(x, code, t)
        out.append(LongGrid(head, rows, widths, right=(8, 9), head=style))
        imposed = sum(c.imposed_tiyn for c in x.cases)
        paid = sum(c.paid_tiyn for c in x.cases)
        out += [gap(), p(t("Cases: {n}. Fines imposed: {imposed}. Paid: {paid}.").format(
            n=len(rows), imposed=format_money(imposed, code), paid=format_money(paid, code)))]  # fmt: skip
        out.append(_includes(x, t, code))
        return out

    return build(story, lang, "fines register", wide=True, note=lambda t: _subtitle(x, t, lang))


def summary(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_summary(load(db, params), lang)


def render_summary(x: Period, lang: str) -> bytes:
    lines = summarise(x.cases)

    def story(code: str, t: T) -> list[Flowable]:
        out = header(x.office, t("Summary of administrative fines"), _subtitle(x, t, code), code)
        rows = [[s.article, s.title_kk if code == "kk" else s.title_ru, str(s.cases),
                 str(s.warnings), str(s.fines), format_money(s.imposed_tiyn, code),
                 format_money(s.collected_tiyn, code)] for s in lines]  # fmt: skip
        rows.append(["", t("Total"), str(sum(s.cases for s in lines)),
                     str(sum(s.warnings for s in lines)), str(sum(s.fines for s in lines)),
                     format_money(sum(s.imposed_tiyn for s in lines), code),
                     format_money(sum(s.collected_tiyn for s in lines), code)])  # fmt: skip
        head = [t("Article"), t("Offence"), t("Cases"), t("Warnings"), t("Fines"),
                t("Imposed"), t("Paid")]  # fmt: skip
        widths, style = column_widths(head, rows, NARROW, flex=1, min_flex=50 * mm)
        out.extend(grid(head, rows, widths, right=(2, 3, 4, 5, 6), size=7, head=style))
        out += [gap(), _includes(x, t, code)]
        return out

    return build(story, lang, "fines summary", note=lambda t: _subtitle(x, t, lang))
