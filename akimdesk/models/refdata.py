"""Reference data owned by the district: read-only in an office, replaced by sync.

Every legal number (articles, sanctions, МРП) is a dated row, never a constant in code.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
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
    # A part that applies only to a repeat within a year after a penalty under the same article
    # (505 p.2, 204 p.2): the case needs such a prior penalty of the same person.
    needs_prior: Mapped[bool] = mapped_column(default=False)
    kbk: Mapped[str] = mapped_column(String(6), default="")  # where its fines are paid
    sanctions: Mapped[list[ArticleSanction]] = relationship(
        back_populates="article_row", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def code(self) -> str:
        return f"{self.article}-{self.part}" if self.part else self.article

    def title(self, lang: str) -> str:
        return self.title_kk if lang == "kk" else self.title_ru

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


class HolidayYear(RefRow, Base):
    """One year's days off as the government set them: the holidays (Құрбан айт's first day
    moves every year), the days off moved onto weekdays, and weekend days made working."""

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(unique=True)
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates
    days_off: Mapped[list[str]] = mapped_column(JSON, default=list)  # moved days off
    workdays: Mapped[list[str]] = mapped_column(JSON, default=list)  # weekend days worked
    kurban_ait: Mapped[date | None] = mapped_column(default=None)


class PaymentRequisites(RefRow, Base):
    """Where an office's fines are paid, from a date: set by the district (the beneficiary may
    be the state revenue office rather than the akim's office). Names in both languages."""

    __tablename__ = "payment_requisites"

    valid_from: Mapped[date]
    beneficiary_kk: Mapped[str] = mapped_column(String(300))
    beneficiary_ru: Mapped[str] = mapped_column(String(300))
    beneficiary_bin: Mapped[str] = mapped_column(String(12))
    iik: Mapped[str] = mapped_column(String(20))
    bik: Mapped[str] = mapped_column(String(11))
    bank_kk: Mapped[str] = mapped_column(String(300), default="")
    bank_ru: Mapped[str] = mapped_column(String(300), default="")
    kbe: Mapped[str] = mapped_column(String(2), default="")
    knp: Mapped[str] = mapped_column(String(3), default="")

    def values(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in REQUISITE_FIELDS}


REQUISITE_FIELDS = (
    "beneficiary_kk", "beneficiary_ru", "beneficiary_bin", "iik", "bik", "bank_kk", "bank_ru",
    "kbe", "knp",
)  # fmt: skip
