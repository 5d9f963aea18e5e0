"""What this PC remembers about the journals it imported: how a person mapped the columns of a
file with a given set of headers, and which category a name in a list of assets stands for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from akimdesk.models.base import Base
from akimdesk.models.core import utcnow


class JournalMapping(Base):
    """Local to this PC (not synced): a convenience, asked again if lost."""

    __tablename__ = "journal_mapping"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
