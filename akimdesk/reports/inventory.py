"""The inventory papers: the inventory list (инвентаризационная опись / түгендеу тізімдемесі)
with the book and actual number and value of each asset and the difference, preceded by the
materially responsible person's receipt; and the results act, approved by the akim above the
commission's signatures. Both render `property_data.InventoryDoc`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from akimdesk.domain import property as rules
from akimdesk.i18n import format_date, format_money
from akimdesk.reports.base import FONT, build, gap, grid, kv_table, p, signatures
from akimdesk.reports.longgrid import LongGrid
from akimdesk.reports.property import office_header, size_text
from akimdesk.reports.property_data import CommissionMember, CountLine, InventoryDoc, load_inventory
from akimdesk.storage.database import Database

T = Callable[[str], str]


def commission_lines(people: tuple[CommissionMember, ...], t: T) -> list[tuple[str, str]]:
    return [
        (t("Chair of the commission") if m.chair else t("Member of the commission"),
         ", ".join(x for x in (m.name, m.position) if x))
        for m in people
    ]  # fmt: skip


def _order(doc: InventoryDoc, t: T, code: str) -> str:
    c = doc.campaign
    return t("Order No. {number} of {date}").format(
        number=c.order_no, date=format_date(c.order_date, code))  # fmt: skip


def _finding(x: CountLine, t: T) -> str:
    if x.added_on_site:
        return t("Found on site, not in the books")
    if x.finding == "pending":
        return ""
    words = [t(rules.FINDINGS[x.finding])]
    if x.found_condition and x.found_condition != x.book_condition:
        words.append(t(rules.CONDITIONS[x.found_condition]))
    return ", ".join(words + ([x.remark] if x.remark else []))


def _signed_difference(value: int | None, money: bool, code: str) -> str:
    if value is None:
        return ""
    if value == 0:
        return "—"
    text = format_money(abs(value), code) if money else str(abs(value))
    return ("+" if value > 0 else "−") + text


def render_list(doc: InventoryDoc, lang: str) -> bytes:
    c = doc.campaign
    responsible = sorted({x.responsible for x in doc.lines if x.responsible})

    def story(code: str, t: T) -> list[Flowable]:
        out = office_header(doc.office, t("Inventory list"), _order(doc, t, code), code)
        where = c.settlement.best(code) or t("whole rural district")
        out.append(p(t("Inventory begun on {date}; {where}.").format(
            date=format_date(c.start_date, code), where=where)))  # fmt: skip
        if responsible:  # the receipt comes before the count, as on the standard form
            out += [gap(2), p(t("RECEIPT"), "label"), p(t(
                "By the start of the inventory all documents on the assets have been handed to the "
                "accounts and all receipts entered: everything received under my (our) "
                "responsibility has been taken on the books, everything that left has been "
                "written off."), "small"),
                signatures([(t("Materially responsible person"), r) for r in responsible],
                           width=260 * mm), gap(4)]  # fmt: skip
        number, value = t("number"), t("value")
        head = [t("No."), t("Inventory number"), t("Name"), t("Quantity, area or length"),
                t("Year"), number, value, number, value, number, value, t("Found")]  # fmt: skip
        groups = [(t("By the books"), 5, 6), (t("Actually"), 7, 8), (t("Difference"), 9, 10)]
        rows = []
        for x in doc.lines:
            qty, found_value = x.actual_qty, x.actual_value_tiyn
            rows.append([
                str(x.position), x.number, x.name.best(code), size_text(x.size, x.unit, t, code),
                x.year_built or "", str(x.book_qty),
                format_money(x.book_value_tiyn, code) if x.book_qty else "",
                "" if qty is None else str(qty), "" if found_value is None else format_money(found_value, code),
                _signed_difference(None if qty is None else qty - x.book_qty, False, code),
                _signed_difference(None if found_value is None else found_value - x.book_value_tiyn, True, code),
                _finding(x, t),
            ])  # fmt: skip
        widths = [w * mm for w in (10, 22, 52, 22, 11, 14, 27, 14, 27, 14, 27, 27)]
        out.append(LongGrid(head, rows, widths, right=(5, 6, 7, 8, 9, 10), head="head_small",
                            groups=groups))  # fmt: skip
        actual = [x for x in doc.lines if x.actual_qty]
        actual_value = sum(x.actual_value_tiyn or 0 for x in actual)
        out += [gap(), p(t("Listed: {n}, book value {value}.").format(
            n=doc.listed, value=format_money(doc.book_total_tiyn, code)))]  # fmt: skip
        out.append(p(t("Found on the ground: {n}, value {value}. Not checked yet: {pending}.").format(
            n=len(actual), value=format_money(actual_value, code), pending=doc.pending)))  # fmt: skip
        # Signatures are never cut between pages: the last members once signed on a page of
        # their own, under a line of nobody's (tests/test_reports.py).
        commission = signatures(commission_lines(c.commission, t), width=260 * mm)
        out += [gap(6), KeepTogether([commission])]
        if responsible:
            out += [gap(4), KeepTogether([
                p(t("The assets listed were checked in my presence."), "small"),
                signatures([(t("Materially responsible person"), r) for r in responsible],
                           width=260 * mm)])]  # fmt: skip
        return out

    return build(story, lang, f"inventory list {c.order_no}", wide=True)


def inventory_list(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_list(_load(db, params), lang)


def _load(db: Database, params: dict[str, Any]) -> InventoryDoc:
    return load_inventory(db, params.get("campaign_id") or str(params.get("campaign", "")))


def approval(akim: str, t: T) -> Table:
    """УТВЕРЖДАЮ / БЕКІТЕМІН: the akim's approval, at the top right of the act."""
    rows = [[p(t("APPROVED"), "label")], [p(t("Akim of the rural district"))],
            [p(f"__________ {akim}")], [p(t("«___» ____________ 20___"))]]  # fmt: skip
    table = Table(rows, colWidths=[85 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))  # fmt: skip
    return table


def render_act(doc: InventoryDoc, lang: str) -> bytes:
    """The results act: counts, and every discrepancy the commission found."""
    c = doc.campaign

    def story(code: str, t: T) -> list[Flowable]:
        out: list[Flowable] = [approval(doc.office.akim, t), gap(2)]
        out += office_header(doc.office, t("Act on the results of the inventory"),
                             _order(doc, t, code), code)  # fmt: skip
        period = f"{format_date(c.start_date, code)} – {format_date(c.end_date, code) or '…'}"
        not_found = doc.section("not_found")
        out.append(kv_table([
            (t("Period of the inventory"), period),
            (t("Assets on the list"), f"{doc.listed} ({format_money(doc.book_total_tiyn, code)})"),
            (t("Found"), str(doc.found)),
            (t("Not found"), f"{len(not_found)} ({format_money(doc.not_found_tiyn, code)})"),
            (t("Condition differs from the books"), str(len(doc.section("condition")))),
            (t("Title documents differ from the books"), str(len(doc.section("title")))),
            (t("Found on site, not in the books"), str(len(doc.section("added")))),
            (t("Not checked"), str(doc.pending)),
        ]))  # fmt: skip

        def section(title: str, lines: list[CountLine], what: Callable[[CountLine], str]) -> None:
            if not lines:
                return
            out.extend([gap(), p(title, "label")])
            rows = [[x.number, x.name.best(code), what(x),
                     format_money(x.book_value_tiyn, code) if x.book_value_tiyn else "", x.remark]
                    for x in lines]  # fmt: skip
            out.extend(grid([t("Inventory number"), t("Name"), t("Discrepancy"), t("Book value"),
                             t("Remark")], rows, [w * mm for w in (26, 52, 50, 26, 26)], right=(3,)))  # fmt: skip

        def change(book: str, found: str, labels: dict[str, str]) -> str:
            return f"{t(labels[book]) if book else '—'} → {t(labels[found])}"

        section(t("Not found"), not_found, lambda x: t("Not found"))
        section(t("Condition differs from the books"), doc.section("condition"),
                lambda x: change(x.book_condition, x.found_condition, rules.CONDITIONS))  # fmt: skip
        section(t("Title documents differ from the books"), doc.section("title"),
                lambda x: change(x.book_title_status, x.found_title_status, rules.TITLE_STATUSES))  # fmt: skip
        section(t("Found on site, not in the books"), doc.section("added"),
                lambda x: t(rules.ACQUISITIONS[x.acquisition]))  # fmt: skip
        if c.conclusion:
            out += [gap(), p(t("Proposals of the commission"), "label"), p(c.conclusion)]
        out += [gap(8), signatures(commission_lines(c.commission, t))]
        return out

    return build(story, lang, f"inventory act {c.order_no}")


def inventory_act(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_act(_load(db, params), lang)
