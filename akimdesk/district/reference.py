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

from akimdesk.district.models import Counter, RefRow, now
from akimdesk.domain import catalog
from akimdesk.i18n import N_, Msg, msg
from akimdesk.models import OFFENDER_CATEGORIES
from akimdesk.sync.protocol import DATASETS, ProtocolError, dataset_digest


class RefError(ValueError):
    """A reference edit the district must correct; the message says what is wrong."""


def _next_rev(s: Session) -> int:
    counter = s.execute(select(Counter).where(Counter.name == "ref").with_for_update()).scalar_one()
    counter.value += 1
    return counter.value


def put(
    s: Session, dataset: str, row_id: uuid.UUID, data: dict[str, Any], office_id=None, note=""
) -> RefRow:
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
    """Loads the catalog of DOMAIN.md once; the office app seeds the same rows with the same ids.
    A catalog grown since (holiday years, the repeat parts and КБК of articles) is added to a
    server seeded before, without touching what the district has edited."""
    if s.scalar(select(RefRow.id).limit(1)) is not None:
        return _seed_additions(s)
    n = 0
    for art, part, kk, ru, warn, sanctions in catalog.INITIAL_ARTICLES:
        upsert_article(
            s, art, part, kk, ru, catalog.CODE_IN_FORCE, None, warn, True,
            {c: lo_hi for c, lo_hi in sanctions.items()}, **catalog.article_extras(art, part),
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
    return n + _seed_additions(s)


def _seed_additions(s: Session) -> int:
    n = 0
    for year, extra in catalog.INITIAL_HOLIDAY_YEARS.items():
        if s.get(RefRow, ("holiday", catalog.holiday_year_id(year))) is None:
            put(s, "holiday", catalog.holiday_year_id(year),
                catalog.holiday_row(year, extra["kurban_ait"], extra["days_off"], extra["workdays"]))  # fmt: skip
            n += 1
    for art, part, *_ in catalog.INITIAL_ARTICLES:
        row = s.get(RefRow, ("article", catalog.article_id(art, part, catalog.CODE_IN_FORCE)))
        if row is not None and "needs_prior" not in row.data:
            put(
                s,
                "article",
                row.id,
                {**row.data, **catalog.article_extras(art, part)},
                note=row.note,
            )
            n += 1
    return n


Problems = dict[str, "str | Msg"]  # field -> what is wrong, in words the district reads
MAX_MRP_COUNT = 10_000
MAX_MRP_TENGE = 1_000_000
PURPOSES = ("fines", "benefits")


def article_problems(
    s: Session,
    article: str,
    part: str,
    title_kk: str,
    title_ru: str,
    valid_from: date,
    valid_to: date | None,
    warning_allowed: bool,
    sanctions: dict[str, tuple[int, int]],
    replacing: bool,
) -> Problems:
    """Everything wrong with an article before it is saved, by field: the web form shows each
    next to its field, the command line prints them. `replacing`: the article (number, part and
    start date) exists and this is a change to it."""
    problems: Problems = {}
    if not article.strip():
        problems["article"] = N_("Enter the article number.")
    elif not all(p.isdigit() for p in article.strip().replace("-", ".").split(".")):
        problems["article"] = N_("The article number is digits, like 505, 409.1 or 434-2.")
    if part.strip() and not part.strip().isdigit():
        problems["part"] = N_("The part is a number, or empty.")
    for name, value in (("title_kk", title_kk), ("title_ru", title_ru)):
        if not value.strip():
            problems[name] = N_("Enter the title.")
    if valid_to is not None and valid_to < valid_from:
        problems["valid_to"] = N_("The end date is before the start date.")
    for category, (lo, hi) in sanctions.items():
        if category not in OFFENDER_CATEGORIES:
            problems["sanctions"] = msg("Unknown offender category {code}.", code=category)
        elif lo < 0 or hi < lo or hi == 0 or hi > MAX_MRP_COUNT:
            problems[f"max_{category}"] = N_(
                "The highest number of МРП must be above zero and not below the lowest."
            )
    if not sanctions and not warning_allowed:
        problems["sanctions"] = N_("Give a fine for at least one category, or allow a warning.")
    aid = catalog.article_id(article.strip(), part.strip(), valid_from)
    if not replacing and s.get(RefRow, ("article", aid)) is not None:
        problems["valid_from"] = N_("This article already has a version from this date.")
    elif "valid_to" not in problems:
        end = valid_to or date.max
        for other in s.scalars(select(RefRow).where(RefRow.dataset == "article", RefRow.id != aid)):
            d = other.data
            if d["article"] != article.strip() or d.get("part", "") != part.strip():
                continue
            o_from = date.fromisoformat(d["valid_from"])
            o_to = date.fromisoformat(d["valid_to"]) if d.get("valid_to") else date.max
            if o_from <= end and valid_from <= o_to:
                problems["valid_to" if replacing else "valid_from"] = msg(
                    "Another version of this article is valid from {start}; set its end date first.",
                    start=o_from.strftime("%d.%m.%Y"),
                )
                break
    return problems


def _refuse(problems: Problems) -> None:
    if problems:
        raise RefError("; ".join(f"{field}: {text}" for field, text in problems.items()))


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
    needs_prior: bool | None = None,
    kbk: str | None = None,
) -> RefRow:
    """`needs_prior` and `kbk` left None keep what the article had (the web form does not
    show them)."""
    aid = catalog.article_id(article.strip(), part.strip(), valid_from)
    existing = s.get(RefRow, ("article", aid))
    replacing = existing is not None
    _refuse(article_problems(s, article, part, title_kk, title_ru, valid_from, valid_to,
                             warning_allowed, sanctions, replacing))  # fmt: skip
    old = existing.data if existing is not None else {}
    kbk = (old.get("kbk", "") if kbk is None else kbk).strip()
    if kbk and not (kbk.isdigit() and len(kbk) == 6):
        raise RefError("kbk: the budget classification code has 6 digits")
    data = {
        "article": article.strip(), "part": part.strip(), "title_kk": title_kk.strip(),
        "title_ru": title_ru.strip(), "warning_allowed": warning_allowed,
        "fine_allowed": fine_allowed and bool(sanctions), "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else None,
        "needs_prior": bool(old.get("needs_prior", False) if needs_prior is None else needs_prior),
        "kbk": kbk,
        "sanctions": [
            {"id": str(catalog.sanction_id(aid, c)), "offender_category": c,
             "min_mrp": lo, "max_mrp": hi}
            for c, (lo, hi) in sorted(sanctions.items())
        ],
    }  # fmt: skip
    return put(s, "article", aid, data, note=note)


def mrp_problems(s: Session, valid_from: date, amount: int, purpose: str, reason: str) -> Problems:
    problems: Problems = {}
    if purpose not in PURPOSES:
        problems["purpose"] = N_("Choose what the value is used for.")
    if not 0 < amount <= MAX_MRP_TENGE:
        problems["amount"] = msg("Enter a whole number from {lo} to {hi}.", lo=1, hi=MAX_MRP_TENGE)
    exists = s.get(RefRow, ("mrp", catalog.mrp_id(valid_from, purpose))) is not None
    if exists and not reason.strip():
        problems["reason"] = N_("A value from this date exists; give the reason for correcting it.")
    return problems


def set_mrp(
    s: Session, valid_from: date, amount: int, purpose: str = "fines", reason: str = ""
) -> RefRow:
    """A new МРП value, or a corrected one (then with its reason, kept in the row's note)."""
    _refuse(mrp_problems(s, valid_from, amount, purpose, reason))
    data = {"valid_from": valid_from.isoformat(), "purpose": purpose, "amount": amount}
    return put(s, "mrp", catalog.mrp_id(valid_from, purpose), data, note=reason.strip())


def add_settlement(
    s: Session, office_id: uuid.UUID, office_bin: str, name_kk: str, name_ru: str, kato: str = ""
) -> RefRow:
    if not name_kk.strip() or not name_ru.strip():
        raise RefError("a settlement needs its Kazakh and Russian names")
    data = {"name_kk": name_kk.strip(), "name_ru": name_ru.strip(), "kato": kato.strip()}
    sid = catalog.settlement_id(office_bin, name_ru)
    return put(s, "settlement", sid, data, office_id=office_id)


def holiday_problems(
    year: int, kurban_ait: date | None, days_off: list[date], workdays: list[date]
) -> Problems:
    problems: Problems = {}
    if not 2000 <= year <= 2100:
        problems["year"] = msg("Enter a whole number from {lo} to {hi}.", lo=2000, hi=2100)
        return problems
    dates = [d for d in (kurban_ait, *days_off, *workdays) if d is not None]
    if any(d.year != year for d in dates):
        problems["year"] = N_("Every date must be in the year given.")
    if any(d.weekday() < 5 for d in workdays):
        problems["workdays"] = N_("A working day moved by a transfer is a Saturday or Sunday.")
    if any(d.weekday() >= 5 for d in days_off):
        problems["days_off"] = N_("A day off moved by a transfer is a weekday.")
    return problems


def set_holidays(
    s: Session, year: int, kurban_ait: date | None, days_off: list[date], workdays: list[date],
    note: str = "",
) -> RefRow:  # fmt: skip
    """A year's days off: the fixed holidays with their statutory carry-over, Құрбан айт and the
    government's transfers. Replaces the year's row, so a correction is the whole year again."""
    _refuse(holiday_problems(year, kurban_ait, days_off, workdays))
    data = catalog.holiday_row(
        year, kurban_ait, [d.isoformat() for d in days_off], [d.isoformat() for d in workdays]
    )
    return put(s, "holiday", catalog.holiday_year_id(year), data, note=note.strip())


REQUISITES = ("beneficiary_kk", "beneficiary_ru", "beneficiary_bin", "iik", "bik", "bank_kk",
              "bank_ru", "kbe", "knp")  # fmt: skip


def requisites_problems(values: dict[str, str]) -> Problems:
    from akimdesk.domain.identity import validate_bin

    problems: Problems = {}
    for name in ("beneficiary_kk", "beneficiary_ru", "bank_kk", "bank_ru"):
        if not values.get(name, "").strip():
            problems[name] = N_("This field is required.")
    if err := validate_bin(values.get("beneficiary_bin", "").strip()):
        problems["beneficiary_bin"] = err
    iik = values.get("iik", "").replace(" ", "").upper()
    if not (len(iik) == 20 and iik.startswith("KZ") and iik[2:].isalnum()):
        problems["iik"] = N_("The account (IBAN) starts with KZ and has 20 characters.")
    bik = values.get("bik", "").strip()
    if not (8 <= len(bik) <= 11 and bik.isalnum()):
        problems["bik"] = N_("The bank code (BIC) has 8 to 11 letters and digits.")
    if not (values.get("kbe", "").isdigit() and len(values["kbe"]) == 2):
        problems["kbe"] = N_("The beneficiary code (Кбе) has 2 digits.")
    if not (values.get("knp", "").isdigit() and len(values["knp"]) == 3):
        problems["knp"] = N_("The payment purpose code (КНП) has 3 digits.")
    return problems


def set_requisites(
    s: Session, office_id: uuid.UUID, office_bin: str, valid_from: date, values: dict[str, str],
    note: str = "",
) -> RefRow:  # fmt: skip
    """Where an office's fines are paid from a date; the КБК is the article's."""
    clean = {k: values.get(k, "").strip() for k in REQUISITES}
    clean["iik"] = clean["iik"].replace(" ", "").upper()
    _refuse(requisites_problems(clean))
    data = {"valid_from": valid_from.isoformat(), **clean}
    rid = catalog.requisites_id(office_bin, valid_from)
    return put(s, "requisites", rid, data, office_id=office_id, note=note.strip())


def _visible(office_id: uuid.UUID):
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
