"""Printed documents (reportlab, A4, the bundled font embedded), in Kazakh, Russian or both.

`render(name, db, params, lang)` is the one entry point the UI and the command line use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line reads REPORTS before it needs the database layer
    from akimdesk.storage.database import Database

Renderer = Callable[["Database", dict[str, Any], str], bytes]


def _registry() -> dict[str, Renderer]:
    from akimdesk.reports import asset_acts, fines, guide, inventory, minutes, property

    return {
        "fine-protocol": fines.protocol,
        "fine-decision": fines.decision,
        "fine-notice": fines.notice,
        "fine-hearing-notice": fines.hearing_notice,
        "fine-enforcement-letter": fines.enforcement_letter,
        "fines-register": fines.register,
        "fines-summary": fines.summary,
        "minutes": minutes.minutes,
        "attendance-sheet": minutes.attendance_sheet,
        "decision-extract": minutes.decision_extract,
        "meeting-notice": minutes.meeting_notice,
        "registration-sheet": minutes.registration_sheet,
        "asset-card": property.asset_card,
        "assets-register": property.assets_register,
        "assets-untitled": property.untitled_assets,
        "inventory-list": inventory.inventory_list,
        "inventory-act": inventory.inventory_act,
        "lease-income": property.lease_income,
        "asset-transfer-act": asset_acts.transfer_act,
        "asset-writeoff-act": asset_acts.writeoff_act,
        "user-guide": guide.user_guide,
        "district-guide": guide.district_guide,
    }


REPORTS = (
    "fine-protocol", "fine-decision", "fine-notice", "fine-hearing-notice",
    "fine-enforcement-letter", "fines-register", "fines-summary",
    "minutes", "attendance-sheet", "decision-extract", "meeting-notice", "registration-sheet",
    "asset-card", "assets-register", "assets-untitled", "inventory-list", "inventory-act",
    "lease-income", "asset-transfer-act", "asset-writeoff-act", "user-guide", "district-guide",
)  # fmt: skip
MEETING_REPORTS = (
    "minutes", "attendance-sheet", "decision-extract", "meeting-notice", "registration-sheet",
)  # fmt: skip
MOVEMENT_REPORTS = ("asset-transfer-act", "asset-writeoff-act")
CAMPAIGN_REPORTS = ("inventory-list", "inventory-act")
# The guides read no database: printed without opening the office's file or signing in.
GUIDE_REPORTS = ("user-guide", "district-guide")


CASE_REPORTS = (
    "fine-protocol", "fine-decision", "fine-notice", "fine-hearing-notice",
    "fine-enforcement-letter",
)  # fmt: skip


def render(name: str, db: Database, params: dict[str, Any], lang: str) -> bytes:
    """lang is "kk", "ru" or "both" (Kazakh first, then Russian, in one file); a case's
    documents also take "case", the case's language of proceedings."""
    return _registry()[name](db, params, lang)
