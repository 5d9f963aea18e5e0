"""Reference data owned by the district: read-only in an office, replaced by sync.

Every legal number (articles, sanctions, МРП) is a dated row, never a constant in code.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from akimdesk.models.base import Base, new_id

OFFENDER_CATEGORIES = ("individual", "official", "small", "medium", "large")
PENALTY_KINDS = ("warning", "fine")


class RefRow:
    """Reference rows carry the district's version (its change counter) so an office can tell
    what it has; 0 marks the office's own seeded copy, not yet confirmed by the district."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    ref_version: Mapped[int] = mapped_column(default=0)


class OffenceArticle(RefRow, Base):
    __tablename__ = "offence_article"
    __table_args__ = (UniqueConstraint("article", "part", "valid_from"),)

    article: Mapped[str] = mapped_column(String(20))
    part: Mapped[str] = mapped_column(String(10), default="")
    title_kk: Mapped[str] = mapped_column(String(500))
    title_ru: Mapped[str] = mapped_column(String(500))
    warning_allowed: Mapped[bool] = mapped_column(default=False)
    fine_allowed: Mapped[bool] = mapped_column(default=True)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None] = mapped_column(default=None)
    sanctions: Mapped[list[ArticleSanction]] = relationship(
        back_populates="article_row", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def code(self) -> str:
        return f"{self.article}-{self.part}" if self.part else self.article

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def sanction_for(self, category: str) -> ArticleSanction | None:
        return next((s for s in self.sanctions if s.offender_category == category), None)


class ArticleSanction(RefRow, Base):
    """Fine range in МРП for one offender category; min == max where the law fixes one number."""

    __tablename__ = "article_sanction"
    __table_args__ = (UniqueConstraint("article_id", "offender_category"),)

    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("offence_article.id"))
    offender_category: Mapped[str] = mapped_column(String(20))
    min_mrp: Mapped[int]
    max_mrp: Mapped[int]
    article_row: Mapped[OffenceArticle] = relationship(back_populates="sanctions")


class MrpValue(RefRow, Base):
    """МРП in tenge from a date, for a purpose ('fines' or 'benefits': they split in April 2022)."""

    __tablename__ = "mrp_value"
    __table_args__ = (UniqueConstraint("valid_from", "purpose"),)

    valid_from: Mapped[date]
    purpose: Mapped[str] = mapped_column(String(20), default="fines")
    amount: Mapped[int]


class Settlement(RefRow, Base):
    __tablename__ = "settlement"

    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    kato: Mapped[str] = mapped_column(String(12), default="")
    population: Mapped[int | None] = mapped_column(default=None)

    def name(self, lang: str) -> str:
        return self.name_kk if lang == "kk" else self.name_ru


class BudgetCode(RefRow, Base):
    __tablename__ = "budget_code"

    code: Mapped[str] = mapped_column(String(6), unique=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
