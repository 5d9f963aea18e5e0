"""Where property is printed: the asset card, the register by category with totals, the assets
without title documents, and the lease income summary. Each renders plain data from
`property_data`; the inventory papers are in `inventory`, the acts of a movement in `asset_acts`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from akimdesk.domain import property as rules
from akimdesk.domain.legal_forms import in_language
from akimdesk.i18n import N_, format_date, format_money, format_number
from akimdesk.reports.base import build, gap, grid, header, kv_table, p, signatures
from akimdesk.reports.longgrid import LongGrid
from akimdesk.reports.property_data import (
    AssetDoc,
    CardDoc,
    IncomeDoc,
    OfficeDoc,
    RegisterDoc,
    load_card,
    load_income,
    load_register,
)
from akimdesk.services.property import queries
from akimdesk.services.property.queries import AssetFilter
from akimdesk.storage.database import Database

T = Callable[[str], str]


def office_header(office: OfficeDoc, title: str, subtitle: str, lang: str) -> list[Flowable]:
    return header(office, title, subtitle, lang)


def size_text(size: float | None, unit: str, t: T, lang: str) -> str:
    if size is None:
        return ""
    return f"{format_number(size, lang)} {t(rules.UNITS[unit])}"


def place_text(a: AssetDoc, lang: str) -> str:
    return ", ".join(x for x in (a.settlement.best(lang), a.address) if x)


def money_or_dash(tiyn: int | None, lang: str) -> str:
    return "—" if tiyn is None else format_money(tiyn, lang)


# --- the card -----------------------------------------------------------------------------
def value_rows(a: AssetDoc, depreciation: int, on: date, t: T, code: str) -> list[tuple[str, str]]:
    """The initial cost and the depreciation that came with the asset (the transfer act), a
    revaluation's value, and the depreciation accumulated on the day printed."""
    rows = [(t("Initial cost"), format_money(a.initial_value_tiyn, code))]
    if a.received_depreciation_tiyn:
        rows.append((t("Depreciation when received (transfer act)"),
                     format_money(a.received_depreciation_tiyn, code)))  # fmt: skip
    if a.revalued:
        rows.append((t("Revalued on {date}").format(date=format_date(a.valued_on, code)),
                     format_money(a.book_value_tiyn, code)))  # fmt: skip
    rows.append((t("Depreciation on {date}").format(date=format_date(on, code)),
                 format_money(depreciation, code)))  # fmt: skip
    return rows


def render_card(doc: CardDoc, lang: str) -> bytes:
    a = doc.asset

    def story(code: str, t: T) -> list[Flowable]:
        out = office_header(doc.office, t("Asset card"), t("Inventory number {number}").format(
            number=a.number), code)  # fmt: skip
        title = t(rules.TITLE_STATUSES[a.title_status])
        if a.title_status != "none" and a.title_number:
            title += ", " + t("No. {number} of {date}").format(
                number=a.title_number, date=format_date(a.title_date, code))  # fmt: skip
        received = t(rules.ACQUISITIONS[a.acquisition])
        if a.acquisition_doc_no:
            received += ", " + t("decision No. {number} of {date}").format(
                number=a.acquisition_doc_no, date=format_date(a.acquisition_doc_date, code))  # fmt: skip
        if a.received_from:
            received += ", " + t("from {whom}").format(whom=in_language(a.received_from, code))
        out.append(kv_table([
            (t("Name"), a.name.best(code)),
            (t("Category"), a.category.best(code)),
            (t("Settlement and address"), place_text(a, code)),
            (t("Quantity, area or length"), size_text(a.size, a.unit, t, code)),
            (t("Year built"), a.year_built or "—"),
            (t("How received"), received),
            (t("Received on"), format_date(a.received_on, code)),
            *value_rows(a, doc.depreciation_tiyn, doc.on, t, code),
            (t("Residual value"), format_money(doc.residual_tiyn, code)),
            (t("Technical condition"), t(rules.CONDITIONS[a.condition])),
            (t("Title documents"), title),
            (t("Responsible person"), a.responsible or "—"),
            (t("Status"), t(rules.ASSET_STATUSES[a.status])),
            (t("Notes"), a.notes or "—"),
        ]))  # fmt: skip
        out += [gap(), p(t("Movements"), "label")]
        rows = [[str(n), format_date(h.on_date, code), t(rules.MOVEMENTS[h.kind]),
                 " ".join(x for x in (h.decision_no, format_date(h.decision_date, code)) if x),
                 in_language(h.counterparty, code) or h.reason,
                 format_money(h.value_after_tiyn, code) if h.value_after_tiyn is not None else ""]
                for n, h in enumerate(doc.history, start=1)]  # fmt: skip
        out += grid([t("No."), t("Date"), t("Movement"), t("Decision"), t("From or to whom, reason"),
                     t("Cost")], rows, [w * mm for w in (10, 22, 28, 28, 62, 30)], right=(5,))  # fmt: skip
        if doc.leases:
            out += [gap(), p(t("Leases"), "label")]
            rows = [[in_language(x.tenant, code), x.tenant_iin_bin, x.contract_no,
                     f"{format_date(x.start, code)} – {format_date(x.end, code)}",
                     format_money(x.monthly_rent_tiyn, code)] for x in doc.leases]  # fmt: skip
            out += grid([t("Tenant"), t("ИИН/БИН"), t("Contract"), t("Period"), t("Monthly rent")],
                        rows, [w * mm for w in (50, 26, 24, 46, 34)], right=(4,))  # fmt: skip
        if doc.attachments:
            out += [gap(), p(t("Attached files"), "label")]
            out += [p(f"{name} — {t(rules.ATTACHMENT_KINDS[kind])}", "small")
                    for name, kind in doc.attachments]  # fmt: skip
        out += [gap(8), signatures([(t("Responsible person"), a.responsible)])]
        return out

    return build(story, lang, f"asset {a.number}")


def asset_card(db: Database, params: dict[str, Any], lang: str) -> bytes:
    on = params.get("today") or date.today()
    return render_card(load_card(db, str(params.get("number", "")), on), lang)


# --- the register -------------------------------------------------------------------------
def render_register(doc: RegisterDoc, title_key: str, lang: str) -> bytes:
    groups = queries.by_category(doc.rows)

    def story(code: str, t: T) -> list[Flowable]:
        out = office_header(doc.office, t(title_key),
                            t("on {date}").format(date=format_date(doc.on, code)), code)  # fmt: skip
        head = [t("No."), t("Inventory number"), t("Name"), t("Settlement"),
                t("Quantity"), t("Year"), t("Title documents"), t("Book value"),
                t("Depreciation"), t("Residual value")]  # fmt: skip
        # The row number holds five digits (a register of 20,000 assets) without wrapping.
        widths = [w * mm for w in (11, 24, 59, 26, 22, 12, 34, 26, 26, 26)]
        n = 0
        for kk, ru, group in groups:
            body = []
            for r in group:
                n += 1
                body.append([str(n), r.inventory_number, r.name(code), r.settlement(code),
                             size_text(r.size, r.unit, t, code), r.year_built or "",
                             t(rules.TITLE_STATUSES[r.title_status]),
                             format_money(r.book_value_tiyn, code),
                             format_money(r.depreciation_tiyn, code),
                             format_money(r.residual_tiyn, code)])  # fmt: skip
            sub = queries.totals(group)
            body.append(["", "", t("Total for the category: {n}").format(n=sub.count), "", "", "",
                         "", format_money(sub.book_tiyn, code),
                         format_money(sub.depreciation_tiyn, code),
                         format_money(sub.residual_tiyn, code)])  # fmt: skip
            out += [gap(2), LongGrid(head, body, widths, right=(7, 8, 9), totals=1,
                                     heading=p(kk if code == "kk" else ru, "label"))]  # fmt: skip
        total = queries.totals(doc.rows)
        out += [gap(), p(t("Assets: {n}. Book value: {book}. Depreciation: {dep}. Residual value: "
                           "{residual}.").format(
            n=total.count, book=format_money(total.book_tiyn, code),
            dep=format_money(total.depreciation_tiyn, code),
            residual=format_money(total.residual_tiyn, code)))]  # fmt: skip
        return out

    return build(story, lang, "assets register", wide=True)


def assets_register(db: Database, params: dict[str, Any], lang: str) -> bytes:
    on = params.get("today") or date.today()
    doc = load_register(db, params.get("filter") or AssetFilter(), on)
    return render_register(doc, N_("Register of communal property by category"), lang)


def untitled_assets(db: Database, params: dict[str, Any], lang: str) -> bytes:
    on = params.get("today") or date.today()
    doc = load_register(db, AssetFilter(), on, untitled=True)
    return render_register(doc, N_("Communal property without title documents"), lang)


# --- leases -------------------------------------------------------------------------------
def render_income(doc: IncomeDoc, lang: str) -> bytes:
    def story(code: str, t: T) -> list[Flowable]:
        out = office_header(doc.office, t("Lease income summary"), t("from {start} to {end}").format(
            start=format_date(doc.date_from, code), end=format_date(doc.date_to, code)), code)  # fmt: skip
        rows = [[x.number, x.asset.best(code), in_language(x.tenant, code), x.contract_no,
                 f"{format_date(x.start, code)} – {format_date(x.end, code)}",
                 format_money(x.monthly_rent_tiyn, code), format_money(x.due_tiyn, code),
                 format_money(x.received_tiyn, code), format_money(x.owed_tiyn, code)]
                for x in doc.lines]  # fmt: skip
        due = sum(x.due_tiyn for x in doc.lines)
        got = sum(x.received_tiyn for x in doc.lines)
        owed = sum(x.owed_tiyn for x in doc.lines)
        rows.append(["", t("Total"), "", "", "", "", format_money(due, code),
                     format_money(got, code), format_money(owed, code)])  # fmt: skip
        head = [t("Inventory number"), t("Asset"), t("Tenant"), t("Contract"), t("Period"),
                t("Monthly rent"), t("Due for the period"), t("Received in the period"),
                t("Owed at its end")]  # fmt: skip
        out += grid(head, rows, [w * mm for w in (22, 50, 40, 18, 38, 24, 26, 26, 22)],
                    right=(5, 6, 7, 8))  # fmt: skip
        out += [
            gap(),
            p(t("Rent for a part of a month is due in proportion to its days."), "small"),
        ]
        return out

    return build(story, lang, "lease income", wide=True)


def lease_income(db: Database, params: dict[str, Any], lang: str) -> bytes:
    """Without dates: this year up to today."""
    today = params.get("today") or date.today()
    d_from = params.get("date_from") or today.replace(month=1, day=1)
    d_to = params.get("date_to") or today
    return render_income(load_income(db, d_from, d_to), lang)
