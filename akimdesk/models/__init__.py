"""SQLAlchemy 2 ORM classes. Importing this package registers the tables the fines register,
accounts, sync and the audit log use; the assemblies' and the property register's are
registered when one of their classes is first named (`from akimdesk.models import Asset`):
building those 13 classes was a tenth of the start-up, for screens not shown at start.
`load_all()` registers every table (what reads Base.metadata as a whole calls it)."""

import contextlib
import importlib
import sys
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Mapper

from akimdesk.models.accounts import UserAccount
from akimdesk.models.base import Base, Syncable, new_id
from akimdesk.models.core import AuditEntry, Meta, Office, OutboxEntry, Setting, utcnow
from akimdesk.models.fines import FineCase, FineDelivery, FineEvent, FinePayment, Official
from akimdesk.models.journal import JournalMapping
from akimdesk.models.refdata import (
    OFFENDER_CATEGORIES,
    PENALTY_KINDS,
    ArticleSanction,
    BudgetCode,
    HolidayYear,
    MrpValue,
    OffenceArticle,
    PaymentRequisites,
    Settlement,
)
from akimdesk.models.sync import InboxRecord, SyncRejection

if TYPE_CHECKING:
    from akimdesk.models.assemblies import (
        AgendaItem,
        AssemblyMember,
        Meeting,
        MeetingAddendum,
        MeetingAttendance,
    )
    from akimdesk.models.property import (
        Asset,
        AssetAttachment,
        AssetCategory,
        AssetMovement,
        InventoryCampaign,
        InventoryItem,
        Lease,
        LeasePayment,
    )

_LATER = {
    "assemblies": ("AgendaItem", "AssemblyMember", "Meeting", "MeetingAddendum",
                   "MeetingAttendance"),
    "property": ("Asset", "AssetAttachment", "AssetCategory", "AssetMovement",
                 "InventoryCampaign", "InventoryItem", "Lease", "LeasePayment"),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _LATER.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_load(module), name)
    globals()[name] = value
    return value


def load_all() -> None:
    """Registers every table on Base.metadata and every class on Base.registry."""
    for module in _LATER:
        _load(module)


def _load(module: str) -> Any:
    """Imports a module of classes registered later, holding SQLAlchemy's lock on configuring
    mappers: another thread's query (the sync's, a printout's) configures every class
    registered so far, and one that came while the module was half-built (Meeting without its
    AgendaItem yet) left every mapper failed for the rest of the run (tests/test_storage.py)."""
    with _CONFIGURE_LOCK:
        return importlib.import_module(f"{__name__}.{module}")


# The lock SQLAlchemy takes to configure mappers and to build one (private in 2.0; re-entrant).
_CONFIGURE_LOCK: Any = getattr(
    sys.modules[Mapper.__module__], "_CONFIGURE_MUTEX", contextlib.nullcontext()
)


# Bumped with every Alembic revision that changes what an outbox payload looks like.
SCHEMA_VERSION = 3

__all__ = [
    "OFFENDER_CATEGORIES",
    "PENALTY_KINDS",
    "SCHEMA_VERSION",
    "AgendaItem",
    "ArticleSanction",
    "AssemblyMember",
    "Asset",
    "AssetAttachment",
    "AssetCategory",
    "AssetMovement",
    "AuditEntry",
    "Base",
    "BudgetCode",
    "FineCase",
    "FineDelivery",
    "FineEvent",
    "FinePayment",
    "HolidayYear",
    "InboxRecord",
    "InventoryCampaign",
    "InventoryItem",
    "JournalMapping",
    "Lease",
    "LeasePayment",
    "Meeting",
    "MeetingAddendum",
    "MeetingAttendance",
    "Meta",
    "MrpValue",
    "OffenceArticle",
    "Office",
    "Official",
    "OutboxEntry",
    "PaymentRequisites",
    "Setting",
    "Settlement",
    "SyncRejection",
    "Syncable",
    "UserAccount",
    "new_id",
    "utcnow",
]
