"""SQLAlchemy 2 ORM classes. Importing this package registers every table on Base.metadata."""

from akimdesk.models.accounts import UserAccount
from akimdesk.models.assemblies import (
    AgendaItem,
    AssemblyMember,
    Meeting,
    MeetingAddendum,
    MeetingAttendance,
)
from akimdesk.models.base import Base, Syncable, new_id
from akimdesk.models.core import AuditEntry, Meta, Office, OutboxEntry, Setting, utcnow
from akimdesk.models.fines import FineCase, FineDelivery, FineEvent, FinePayment, Official
from akimdesk.models.journal import JournalMapping
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
