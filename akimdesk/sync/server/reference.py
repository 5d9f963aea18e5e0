"""The district's reference data: seeded from the catalog, edited by the district, served to
offices by cursor with a count and hash per dataset.

Rows are never deleted (cases in offices point at them); an article is retired by its end date.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from akimdesk.domain import catalog
from akimdesk.models import OFFENDER_CATEGORIES
from akimdesk.sync.protocol import DATASETS, ProtocolError, dataset_digest
from akimdesk.sync.server.models import Counter, RefRow, now


class RefError(ValueError):
    """A reference edit the district must correct; the message says what is wrong."""


def _next_rev(s: Session) -> int:
    counter = s.execute(select(Counter).where(Counter.name == "ref").with_for_update()).scalar_one()
    counter.value += 1
    return counter.value


def put(
    s: Session, dataset: str, row_id: uuid.UUID, data: dict[str, Any], office_id=None, note=""
) -> RefRow:  # type: ignore[no-untyped-def]
    """Creates or replaces one reference row with a new version."""
    if dataset not in DATASETS:
        raise RefError(f"unknown dataset {dataset}")
    rev = _next_rev(s)
    row = s.get(RefRow, (dataset, row_id))
    if row is None:
        row = RefRow(dataset=dataset, id=row_id, office_id=office_id, rev=rev, data=data, note=note)
        s.add(row)
    else:
        row.data, row.rev, row.note, row.updated_at = data, rev, note, now()
    s.flush()
    return row


def seed_initial(s: Session) -> int:
    """Loads the catalog of DOMAIN.md once; the office app seeds the same rows with the same ids."""
    if s.scalar(select(RefRow.id).limit(1)) is not None:
        return 0
    n = 0
    for art, part, kk, ru, warn, sanctions in catalog.INITIAL_ARTICLES:
        upsert_article(
            s, art, part, kk, ru, catalog.CODE_IN_FORCE, None, warn, True,
            {c: lo_hi for c, lo_hi in sanctions.items()},
        )  # fmt: skip
        n += 1
    for valid_from, fines, benefits in catalog.INITIAL_MRP:
        set_mrp(s, valid_from, fines, "fines")
        set_mrp(s, valid_from, benefits, "benefits")
        n += 2
    for code, kk, ru in catalog.INITIAL_BUDGET_CODES:
        put(
            s,
            "budget_code",
            catalog.budget_code_id(code),
            {"code": code, "name_kk": kk, "name_ru": ru},
        )
        n += 1
    return n


def upsert_article(
    s: Session,
    article: str,
    part: str,
    title_kk: str,
    title_ru: str,
    valid_from: date,
    valid_to: date | None,
    warning_allowed: bool,
    fine_allowed: bool,
    sanctions: dict[str, tuple[int, int]],
    note: str = "",
) -> RefRow:
    if not article.strip() or not title_kk.strip() or not title_ru.strip():
        raise RefError("article number and both titles are required")
    if valid_to is not None and valid_to < valid_from:
        raise RefError("the end date is before the start date")
    for category, (lo, hi) in sanctions.items():
        if category not in OFFENDER_CATEGORIES:
            raise RefError(f"unknown offender category {category}")
        if lo < 0 or hi < lo:
            raise RefError(f"bad МРП range {lo}-{hi} for {category}")
    if fine_allowed and not sanctions:
        raise RefError("a fine needs at least one sanction range")
    aid = catalog.article_id(article, part, valid_from)
    data = {
        "article": article.strip(), "part": part.strip(), "title_kk": title_kk.strip(),
        "title_ru": title_ru.strip(), "warning_allowed": warning_allowed,
        "fine_allowed": fine_allowed, "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else None,
        "sanctions": [
            {"id": str(catalog.sanction_id(aid, c)), "offender_category": c,
             "min_mrp": lo, "max_mrp": hi}
            for c, (lo, hi) in sorted(sanctions.items())
        ],
    }  # fmt: skip
    return put(s, "article", aid, data, note=note)


def set_mrp(s: Session, valid_from: date, amount: int, purpose: str = "fines") -> RefRow:
    if purpose not in ("fines", "benefits"):
        raise RefError("purpose is fines or benefits")
    if amount <= 0:
        raise RefError("the МРП must be a positive number of tenge")
    data = {"valid_from": valid_from.isoformat(), "purpose": purpose, "amount": amount}
    return put(s, "mrp", catalog.mrp_id(valid_from, purpose), data)


def add_settlement(
    s: Session, office_id: uuid.UUID, office_bin: str, name_kk: str, name_ru: str, kato: str = ""
) -> RefRow:
    if not name_kk.strip() or not name_ru.strip():
        raise RefError("a settlement needs its Kazakh and Russian names")
    data = {"name_kk": name_kk.strip(), "name_ru": name_ru.strip(), "kato": kato.strip()}
    sid = catalog.settlement_id(office_bin, name_ru)
    return put(s, "settlement", sid, data, office_id=office_id)


def _visible(office_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return or_(RefRow.office_id.is_(None), RefRow.office_id == office_id)


def digests(s: Session, office_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    by_set: dict[str, list[tuple[str, int]]] = {d: [] for d in DATASETS}
    for dataset, rid, rev in s.execute(
        select(RefRow.dataset, RefRow.id, RefRow.rev).where(_visible(office_id))
    ):
        by_set[dataset].append((str(rid), rev))
    return {d: {"count": len(rows), "hash": dataset_digest(rows)} for d, rows in by_set.items()}


def page(s: Session, office_id: uuid.UUID, since: int, limit: int) -> dict[str, Any]:
    """Rows changed after `since`, oldest change first; 410 when the cursor is not ours."""
    top = s.scalar(select(Counter.value).where(Counter.name == "ref")) or 0
    if since > top:
        # The cursor comes from a server database that has since been restored or replaced.
        raise ProtocolError(410, "cursor_expired", "start again from a fresh snapshot")
    rows = list(
        s.scalars(
            select(RefRow)
            .where(_visible(office_id), RefRow.rev > since)
            .order_by(RefRow.rev)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    out: dict[str, Any] = {
        "cursor": rows[-1].rev if rows else since,
        "more": more,
        "rows": [
            {"dataset": r.dataset, "id": str(r.id), "rev": r.rev, "data": r.data} for r in rows
        ],
    }
    if not more:
        out["datasets"] = digests(s, office_id)
    return out


def listing(s: Session, dataset: str | None = None) -> list[RefRow]:
    q = select(RefRow).order_by(RefRow.dataset, RefRow.rev)
    if dataset:
        q = q.where(RefRow.dataset == dataset)
    return list(s.scalars(q))
