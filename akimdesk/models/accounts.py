"""The people who use this PC: one account each, with roles. Accounts stay on the PC (they are
not synced) and are never deleted, since the audit log names them; they are deactivated."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from akimdesk.models.base import Base, new_id
from akimdesk.models.core import utcnow


class UserAccount(Base):
    __tablename__ = "user_account"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    login: Mapped[str] = mapped_column(String(50), unique=True)  # kept in lower case
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(200))
    # Set when the administrator gives a temporary password: the person chooses her own.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def to_dict(self) -> dict[str, Any]:
        # The audit log shows that the password changed, never the hash itself.
        out = super().to_dict()
        out["password_hash"] = hashlib.sha256(self.password_hash.encode()).hexdigest()[:8]
        return out
