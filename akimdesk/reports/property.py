"""Where property is printed: the asset card, the register by category with totals, the
inventory list with the commission's signatures, the results act, the assets without title
documents, and the lease income summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy import select

from akimdesk.domain import property as rules
from akimdesk.i18n import N_, format_date, format_money, format_number, msg
from akimdesk.models import InventoryCampaign, InventoryItem, Office
from akimdesk.reports.base import (
    ReportError,
    build,
    gap,
    grid,
    header,
    kv_table,
    p,
    signatures,
)
from akimdesk.services import office as office_service
from akimdesk.services.property import campaigns, leases, queries
from akimdesk.services.property.queries import AssetFilter, AssetRow
from akimdesk.storage.database import Database

T = Callable[[str], str]


def _office(s: Any) -> Office:
    office = office_service.current(s)
    if office is None:
        raise ReportError(msg("The office is not set up yet."))
    return office


def _size(size: float | None, unit: str, t: T, lang: str) -> str:
    if size is None:
        return ""
    return f"{format_number(size, lang)} {t(rules.UNITS[unit])}"


def _value_rows(a: Any, depreciation: int, on: date, t: T, code: str) -> list[tuple[str, str]]:
    """The initial cost and the depreciation that came with the asset (the transfer act), a
    revaluation's value, and the depreciation accumulated on the day printed."""
    rows = [(t("Initial cost"), format_money(a.initial_value_tiyn, code))]
    if a.accumulated_depreciation_tiyn:
        rows.append((t("Depreciation when received (transfer act)"),
                     format_money(a.accumulated_depreciation_tiyn, code)))  # fmt: skip
    if a.revalued:
        rows.append((t("Revalued on {date}").format(date=format_date(a.valued_on, code)),
                     format_money(a.book_value_tiyn, code)))  # fmt: skip
    rows.append((t("Depreciation on {date}").format(date=format_date(on, code)),
                 format_money(depreciation, code)))  # fmt: skip
    return rows


def asset_card(db: Database, params: dict[str, Any], lang: str) -> bytes:
    on = params.get("today") or date.today()
    with db.read() as s:
        office = _office(s)
        asset = queries.by_number(s, str(params.get("number", "")))
        if asset is None:
            raise ReportError(msg("Asset {number} was not found.", number=params.get("number")))
        card = queries.card(s, asset.id, on)
        assert card is not None
        _ = asset.category, asset.settlement

    def story(code: str, t: T) -> list[Flowable]:
        a = card.asset
        out = header(office, t("Asset card"), t("Inventory number {number}").format(
            number=a.inventory_number), code)  # fmt: skip
        title = t(rules.TITLE_STATUSES[a.title_status])
        if a.title_status != "none" and a.title_number:
            title += ", " + t("No. {number} of {date}").format(
                number=a.title_number, date=format_date(a.title_date, code)
            )
        received = t(rules.ACQUISITIONS[a.acquisition])
        if a.acquisition_doc_no:
            received += ", " + t("decision No. {number} of {date}").format(
                number=a.acquisition_doc_no, date=format_date(a.acquisition_doc_date, code)
            )
        out.append(kv_table([
            (t("Name"), a.name(code)),
            (t("Category"), a.category.name(code)),
            (t("Settlement and address"), ", ".join(
                x for x in (a.settlement.name(code) if a.settlement else "", a.address) if x)),
            (t("Quantity, area or length"), _size(a.size, a.unit, t, code)),
            (t("Year built"), a.year_built or "—"),
            (t("How received"), received),
            (t("Received on"), format_date(a.received_on, code)),
            *_value_rows(a, card.depreciation_tiyn, on, t, code),
            (t("Residual value"), format_money(card.residual_tiyn, code)),
            (t("Technical condition"), t(rules.CONDITIONS[a.condition])),
            (t("Title documents"), title),
            (t("Responsible person"), a.responsible or "—"),
            (t("Status"), t(rules.ASSET_STATUSES[a.status])),
            (t("Notes"), a.notes or "—"),
        ]))  # fmt: skip
        out += [gap(), p(t("Movements"), "label")]
        rows = [[format_date(h.on_date, code), t(rules.MOVEMENTS[h.kind]),
                 " ".join(x for x in (h.decision_no, format_date(h.decision_date, code)) if x),
                 h.counterparty or h.reason,
                 format_money(h.value_after_tiyn, code) if h.value_after_tiyn is not None else ""]
                for h in card.history]  # fmt: skip
        out += grid([t("Date"), t("Movement"), t("Decision"), t("From or to whom, reason"),
                     t("Cost")], rows, [w * mm for w in (22, 30, 30, 68, 30)], right=(4,))  # fmt: skip
        if card.leases:
            out += [gap(), p(t("Leases"), "label")]
            rows = [[x.lease.tenant_name, x.lease.tenant_iin_bin, x.lease.contract_no,
                     f"{format_date(x.lease.start_date, code)} – {format_date(x.lease.effective_end, code)}",
                     format_money(x.lease.monthly_rent_tiyn, code)] for x in card.leases]  # fmt: skip
            out += grid([t("Tenant"), t("ИИН/БИН"), t("Contract"), t("Period"), t("Monthly rent")],
                        rows, [w * mm for w in (50, 26, 24, 46, 34)], right=(4,))  # fmt: skip
        if card.attachments:
            out += [gap(), p(t("Attached files"), "label")]
            out += [p(f"{f.file_name} — {t(rules.ATTACHMENT_KINDS[f.kind])}", "small")
                    for f in card.attachments]  # fmt: skip
        out += [gap(8), signatures([(t("Responsible person"), a.responsible)])]
        return out

    return build(story, lang, f"asset {card.asset.inventory_number}")


def _register_story(office: Office, rows: list[AssetRow], title_key: str, on: date,
                    ) -> Callable[[str, T], list[Flowable]]:  # fmt: skip
    groups = queries.by_category(rows)

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t(title_key), t("on {date}").format(date=format_date(on, code)), code)
        head = [t("No."), t("Inventory number"), t("Name"), t("Settlement"),
                t("Quantity"), t("Year"), t("Title documents"), t("Book value"),
                t("Depreciation"), t("Residual value")]  # fmt: skip
        widths = [w * mm for w in (10, 24, 60, 26, 22, 12, 34, 26, 26, 26)]
        n = 0
        for kk, ru, group in groups:
            body = []
            for r in group:
                n += 1
                body.append([str(n), r.inventory_number, r.name(code), r.settlement(code),
                             _size(r.size, r.unit, t, code), r.year_built or "",
                             t(rules.TITLE_STATUSES[r.title_status]),
                             format_money(r.book_value_tiyn, code),
                             format_money(r.depreciation_tiyn, code),
                             format_money(r.residual_tiyn, code)])  # fmt: skip
            sub = queries.totals(group)
            body.append(["", "", t("Total for the category: {n}").format(n=sub.count), "", "", "",
                         "", format_money(sub.book_tiyn, code),
                         format_money(sub.depreciation_tiyn, code),
                         format_money(sub.residual_tiyn, code)])  # fmt: skip
            out += [gap(2), p(kk if code == "kk" else ru, "label")]
            out += grid(head, body, widths, right=(7, 8, 9))
        total = queries.totals(rows)
        out += [gap(), p(t("Assets: {n}. Book value: {book}. Depreciation: {dep}. Residual value: "
                           "{residual}.").format(
            n=total.count, book=format_money(total.book_tiyn, code),
            dep=format_money(total.depreciation_tiyn, code),
            residual=format_money(total.residual_tiyn, code)))]  # fmt: skip
        return out

    return story


def assets_register(db: Database, params: dict[str, Any], lang: str) -> bytes:
    on = params.get("today") or date.today()
    f = params.get("filter") or AssetFilter()
    with db.read() as s:
        office = _office(s)
        rows = queries.register(s, f, on)
    return build(_register_story(office, rows, N_("Register of communal property by category"), on),
                 lang, "assets register", wide=True)  # fmt: skip


def untitled_assets(db: Database, params: dict[str, Any], lang: str) -> bytes:
    on = params.get("today") or date.today()
    with db.read() as s:
        office = _office(s)
        rows = [r for r in queries.register(s, AssetFilter(), on) if r.title_status != "registered"]
    return build(_register_story(office, rows, N_("Communal property without title documents"), on),
                 lang, "assets without title documents", wide=True)  # fmt: skip


# --- inventory ----------------------------------------------------------------------------
def _campaign(s: Any, params: dict[str, Any]) -> InventoryCampaign:
    key = params.get("campaign_id") or str(params.get("campaign", ""))
    campaign = campaigns.find(s, key)
    if campaign is None:
        raise ReportError(msg("Inventory {order} was not found.", order=key))
    return campaign


def _commission(campaign: InventoryCampaign, t: T) -> list[tuple[str, str]]:
    people = sorted(campaign.commission, key=lambda m: not m.get("chair"))
    return [
        (t("Chair of the commission") if m.get("chair") else t("Member of the commission"),
         ", ".join(x for x in (m["name"], m.get("position", "")) if x))
        for m in people
    ]  # fmt: skip


def _finding(item: InventoryItem, t: T) -> str:
    if item.finding == "pending":
        return ""
    words = [t(rules.FINDINGS[item.finding])]
    if item.found_condition and item.found_condition != item.book_condition:
        words.append(t(rules.CONDITIONS[item.found_condition]))
    return ", ".join(words)


def inventory_list(db: Database, params: dict[str, Any], lang: str) -> bytes:
    """Инвентаризационная опись / түгендеу тізімдемесі: every listed asset with what the books
    say and what was found, signed by the commission and the responsible person."""
    with db.read() as s:
        office = _office(s)
        campaign = _campaign(s, params)
        act = campaigns.act(s, campaign.id)
        assert act is not None
        items = _items(s, campaign.id)
        data = [(i.position, i.asset.inventory_number, i.asset.name_kk, i.asset.name_ru,
                 i.asset.size, i.asset.unit, i.asset.year_built, i.book_value_tiyn, i,
                 i.asset.responsible) for i in items]  # fmt: skip
        _ = campaign.settlement
    responsible = sorted({d[9] for d in data if d[9]})

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Inventory list"), t("Order No. {number} of {date}").format(
            number=campaign.order_no, date=format_date(campaign.order_date, code)), code)  # fmt: skip
        where = campaign.settlement.name(code) if campaign.settlement else t("whole rural district")
        out.append(p(t("Inventory begun on {date}; {where}.").format(
            date=format_date(campaign.start_date, code), where=where)))  # fmt: skip
        head = [t("No."), t("Inventory number"), t("Name"), t("Quantity"), t("Year"),
                t("Book value"), t("Found")]  # fmt: skip
        rows = [[str(pos), number, (kk if code == "kk" else ru) or kk or ru,
                 _size(size, unit, t, code), year or "", format_money(value, code), _finding(item, t)]
                for pos, number, kk, ru, size, unit, year, value, item, _r in data]  # fmt: skip
        out += grid(head, rows, [w * mm for w in (12, 26, 88, 28, 13, 30, 70)], right=(5,))
        out += [gap(), p(t("Listed: {n}, book value {value}.").format(
            n=act.listed, value=format_money(act.book_total_tiyn, code)))]  # fmt: skip
        out += [gap(6), signatures(_commission(campaign, t), width=260 * mm)]
        if responsible:
            out += [gap(4), p(t("The assets listed were checked in my presence."), "small"),
                    signatures([(t("Responsible person"), r) for r in responsible], width=260 * mm)]  # fmt: skip
        return out

    return build(story, lang, f"inventory list {campaign.order_no}", wide=True)


def _items(s: Any, campaign_id: Any) -> list[InventoryItem]:
    query = (
        select(InventoryItem)
        .where(InventoryItem.campaign_id == campaign_id)
        .order_by(InventoryItem.position)
    )
    return list(s.scalars(query))


def inventory_act(db: Database, params: dict[str, Any], lang: str) -> bytes:
    """The results act: counts, and every discrepancy the commission found."""
    with db.read() as s:
        office = _office(s)
        campaign = _campaign(s, params)
        act = campaigns.act(s, campaign.id)
        assert act is not None
        for group in (act.not_found, act.condition_changed, act.title_changed, act.added_on_site):
            for item in group:
                _ = item.asset

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Act on the results of the inventory"),
                     t("Order No. {number} of {date}").format(
                         number=campaign.order_no, date=format_date(campaign.order_date, code)), code)  # fmt: skip
        period = f"{format_date(campaign.start_date, code)} – {format_date(campaign.end_date, code) or '…'}"
        out.append(kv_table([
            (t("Period of the inventory"), period),
            (t("Assets on the list"), f"{act.listed} ({format_money(act.book_total_tiyn, code)})"),
            (t("Found"), str(act.found)),
            (t("Not found"), f"{len(act.not_found)} ({format_money(act.not_found_tiyn, code)})"),
            (t("Condition differs from the books"), str(len(act.condition_changed))),
            (t("Title documents differ from the books"), str(len(act.title_changed))),
            (t("Found on site, not in the books"), str(len(act.added_on_site))),
            (t("Not checked"), str(act.pending)),
        ]))  # fmt: skip

        def section(
            title: str, items: list[InventoryItem], what: Callable[[InventoryItem], str]
        ) -> None:
            if not items:
                return
            out.extend([gap(), p(title, "label")])
            rows = [[i.asset.inventory_number, i.asset.name(code), what(i),
                     format_money(i.book_value_tiyn, code) if i.book_value_tiyn else "", i.remark]
                    for i in items]  # fmt: skip
            out.extend(grid([t("Inventory number"), t("Name"), t("Discrepancy"), t("Book value"),
                             t("Remark")], rows, [w * mm for w in (30, 54, 44, 26, 26)], right=(3,)))  # fmt: skip

        def change(book: str, found: str, labels: dict[str, str]) -> str:
            return f"{t(labels[book]) if book else '—'} → {t(labels[found])}"

        section(t("Not found"), act.not_found, lambda i: t("Not found"))
        section(
            t("Condition differs from the books"),
            act.condition_changed,
            lambda i: change(i.book_condition, i.found_condition, rules.CONDITIONS),
        )
        section(
            t("Title documents differ from the books"),
            act.title_changed,
            lambda i: change(i.book_title_status, i.found_title_status, rules.TITLE_STATUSES),
        )
        section(t("Found on site, not in the books"), act.added_on_site,
                lambda i: t(rules.ACQUISITIONS[i.asset.acquisition]))  # fmt: skip
        if campaign.conclusion:
            out += [gap(), p(t("Proposals of the commission"), "label"), p(campaign.conclusion)]
        out += [gap(8), signatures(_commission(campaign, t))]
        return out

    return build(story, lang, f"inventory act {campaign.order_no}")


# --- leases -------------------------------------------------------------------------------
def lease_income(db: Database, params: dict[str, Any], lang: str) -> bytes:
    """Rent due and received per lease for a period (by default this year to date)."""
    today = params.get("today") or date.today()
    d_from = params.get("date_from") or today.replace(month=1, day=1)
    d_to = params.get("date_to") or today
    with db.read() as s:
        office = _office(s)
        lines = leases.lines(s, d_to)
        paid = leases.paid_by_month(s, [x.lease.id for x in lines])
        data = []
        for x in lines:
            months = [m for m in leases.income(x.lease, paid.get(x.lease.id, {}), d_to)
                      if m.month >= rules.month_key(d_from)]  # fmt: skip
            if not months:
                continue
            due = sum(m.due_tiyn for m in months)
            got = sum(m.received_tiyn for m in months)
            data.append((x.lease.asset.inventory_number, x.lease.asset.name_kk,
                         x.lease.asset.name_ru, x.lease.tenant_name, x.lease.contract_no,
                         x.lease.start_date, x.lease.effective_end, x.lease.monthly_rent_tiyn,
                         due, got))  # fmt: skip

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Lease income summary"), t("from {start} to {end}").format(
            start=format_date(d_from, code), end=format_date(d_to, code)), code)  # fmt: skip
        rows = [[number, (kk if code == "kk" else ru) or kk, tenant, contract,
                 f"{format_date(a, code)} – {format_date(b, code)}", format_money(rent, code),
                 format_money(due, code), format_money(got, code),
                 format_money(max(0, due - got), code)]
                for number, kk, ru, tenant, contract, a, b, rent, due, got in data]  # fmt: skip
        due_total, got_total = sum(d[8] for d in data), sum(d[9] for d in data)
        rows.append(["", t("Total"), "", "", "", "", format_money(due_total, code),
                     format_money(got_total, code), format_money(max(0, due_total - got_total), code)])  # fmt: skip
        head = [t("Inventory number"), t("Asset"), t("Tenant"), t("Contract"), t("Period"),
                t("Monthly rent"), t("Due"), t("Received"), t("Owed")]  # fmt: skip
        out += grid(head, rows, [w * mm for w in (22, 52, 42, 18, 38, 24, 24, 24, 22)],
                    right=(5, 6, 7, 8))  # fmt: skip
        return out

    return build(story, lang, "lease income", wide=True)
