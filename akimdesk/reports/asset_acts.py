"""The acts of a movement: the transfer-and-acceptance act (акт приёма-передачи / қабылдау-беру
актісі) of an asset received or handed over, and the write-off act (акт на списание / есептен
шығару актісі) with the commission and the reason, approved by the akim. Printed from the movement
(`INVENTORY_NUMBER:LINE` of the asset's history), whose act number and commission are kept with
it, so the act prints the same again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from akimdesk.domain import property as rules
from akimdesk.domain.legal_forms import in_language
from akimdesk.i18n import format_date, format_money
from akimdesk.reports.base import build, gap, grid, kv_table, p, signatures
from akimdesk.reports.inventory import approval, commission_lines
from akimdesk.reports.property import money_or_dash, office_header, place_text, size_text
from akimdesk.reports.property_data import MovementDoc, load_movement
from akimdesk.storage.database import Database

T = Callable[[str], str]


def _subtitle(doc: MovementDoc, t: T, code: str) -> str:
    number = doc.act_no or "____"
    return t("No. {number} of {date}").format(number=number, date=format_date(doc.on_date, code))


def _basis(doc: MovementDoc, t: T, code: str) -> str:
    if not doc.decision_no:
        return "—"
    return t("decision No. {number} of {date}").format(
        number=doc.decision_no, date=format_date(doc.decision_date, code))  # fmt: skip


def _asset_table(doc: MovementDoc, t: T, code: str) -> list[Flowable]:
    a = doc.asset
    head = [t("Inventory number"), t("Name"), t("Quantity, area or length"), t("Year built"),
            t("Initial cost"), t("Accumulated depreciation"), t("Residual value")]  # fmt: skip
    row = [a.number, a.name.best(code), size_text(a.size, a.unit, t, code), a.year_built or "",
           format_money(doc.cost_tiyn, code), money_or_dash(doc.depreciation_tiyn, code),
           money_or_dash(doc.residual_tiyn, code)]  # fmt: skip
    return grid(head, [row], [w * mm for w in (22, 38, 20, 16, 28, 28, 28)], right=(4, 5, 6),
                size=7.5, head="head_small")  # fmt: skip


def render_transfer_act(doc: MovementDoc, lang: str) -> bytes:
    """For a receipt the district hands the asset over and the office accepts it; for a transfer
    the office hands it over."""
    received = doc.kind == "received"

    def story(code: str, t: T) -> list[Flowable]:
        office = doc.office.name.best(code)
        other = in_language(doc.counterparty, code) or "________________________________"
        giver, taker = (other, office) if received else (office, other)
        a = doc.asset
        out = office_header(doc.office, t("Act of transfer and acceptance of an asset"),
                            _subtitle(doc, t, code), code)  # fmt: skip
        out.append(kv_table([
            (t("Basis"), _basis(doc, t, code)),
            (t("Handed over by"), giver),
            (t("Accepted by"), taker),
            (t("Settlement and address"), place_text(a, code) or "—"),
            (t("Technical condition"), t(rules.CONDITIONS[a.condition])),
            (t("Title documents"), t(rules.TITLE_STATUSES[a.title_status])),
        ]))  # fmt: skip
        out += [gap(3), *_asset_table(doc, t, code), gap(3)]
        if received and doc.depreciation_tiyn:
            out.append(p(t("Depreciation continues from the amount accumulated by the day of "
                           "transfer, over the useful life that remains.")))  # fmt: skip
        out.append(p(t("The asset was handed over in the condition stated; the accepting party "
                       "has no claims.")))  # fmt: skip
        lines = [(t("Handed over"), "" if received else doc.office.akim),
                 (t("Accepted"), doc.office.akim if received else "")]  # fmt: skip
        lines += commission_lines(doc.commission, t)
        out += [gap(8), signatures(lines)]
        return out

    return build(story, lang, f"transfer act {doc.asset.number}:{doc.line}")


def render_writeoff_act(doc: MovementDoc, lang: str) -> bytes:
    def story(code: str, t: T) -> list[Flowable]:
        a = doc.asset
        out: list[Flowable] = [approval(doc.office.akim, t), gap(2)]
        out += office_header(doc.office, t("Act of writing off an asset"),
                             _subtitle(doc, t, code), code)  # fmt: skip
        members = ", ".join(f"{m.name} ({m.position})" if m.position else m.name
                            for m in doc.commission)  # fmt: skip
        out.append(kv_table([
            (t("Basis"), _basis(doc, t, code)),
            (t("The commission"), members or "—"),
            (t("Received on"), format_date(a.received_on, code)),
            (t("Settlement and address"), place_text(a, code) or "—"),
            (t("Technical condition"), t(rules.CONDITIONS[a.condition])),
        ]))  # fmt: skip
        out += [gap(3), p(t("The commission examined the asset:"), "label"),
                *_asset_table(doc, t, code), gap(3),
                p(t("Reason for writing off"), "label"), p(doc.reason or "—"), gap(2),
                p(t("The commission concludes that the asset is to be written off the balance."))]  # fmt: skip
        out += [gap(8), KeepTogether([signatures(commission_lines(doc.commission, t))])]
        return out

    return build(story, lang, f"write-off act {doc.asset.number}:{doc.line}")


def transfer_act(db: Database, params: dict[str, Any], lang: str) -> bytes:
    doc = load_movement(db, str(params.get("movement", "")), ("received", "transferred"))
    return render_transfer_act(doc, lang)


def writeoff_act(db: Database, params: dict[str, Any], lang: str) -> bytes:
    return render_writeoff_act(load_movement(db, str(params.get("movement", "")),
                                             ("written_off",)), lang)  # fmt: skip
