"""Communal property (DOMAIN.md §2): categories, straight-line depreciation, lease rent due,
inventory numbers. Pure functions: the services store, the reports print, nothing here writes.

Depreciation is computed, never typed. It accrues monthly from the month after the asset was put
in service (or revalued) and stops with the month it left the balance; a category with a life of
0 years (land, monuments) is not depreciated. A revaluation sets a new value that is depreciated
over the life that remains; an asset past its life keeps the revalued amount. An asset received
used (by transfer from the district) comes with its initial cost and the depreciation accumulated
so far, from the transfer act: depreciation continues at the same monthly rate from there.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date

from akimdesk.i18n import N_

# Seeds of the category list (office-extendable): code, kk, ru, useful life in years.
# Ids are derived from the code, so every office's seeded category is the same record for the
# district's consolidated view.
CATEGORY_NS = uuid.UUID("0b8a3c7e-5d2f-4e61-9a4b-3f1c2d7e8a90")
SEED_CATEGORIES = (
    ("building", "Ғимараттар", "Здания", 50),
    ("culture", "Мәдениет үйлері мен клубтар", "Дома культуры и клубы", 50),
    ("kindergarten", "Балабақшалар", "Детские сады", 50),
    ("library", "Кітапханалар", "Библиотеки", 50),
    ("road", "Көшелер мен жолдар", "Улицы и дороги", 20),
    ("sidewalk", "Тротуарлар", "Тротуары", 15),
    ("bridge", "Көпірлер", "Мосты", 40),
    ("lighting", "Көше жарығы", "Уличное освещение", 15),
    ("drainage", "Көше арықтары мен науалары", "Уличные арыки и лотки", 15),
    ("park", "Саябақтар мен демалыс орындары", "Парки и места отдыха", 20),
    ("square", "Алаңдар мен скверлер", "Площади и скверы", 20),
    ("monument", "Жергілікті маңызы бар ескерткіштер", "Памятники местного значения", 0),
    ("land", "Жер учаскелері", "Земельные участки", 0),
    ("equipment", "Жабдықтар мен техника", "Оборудование и техника", 10),
    ("other", "Басқа мүлік", "Прочее имущество", 10),
)


def category_id(code: str) -> uuid.UUID:
    return uuid.uuid5(CATEGORY_NS, code)


ACQUISITIONS = {
    "transferred": N_("Transferred from the district"),
    "built": N_("Built"),
    "bought": N_("Bought"),
    "ownerless": N_("Recognised as ownerless"),
    "found": N_("Found in an inventory"),
    "other": N_("Other"),
}
CONDITIONS = {
    "good": N_("Good"),
    "satisfactory": N_("Satisfactory"),
    "poor": N_("Poor"),
    "emergency": N_("Emergency"),
    "unusable": N_("Unusable"),
}
TITLE_STATUSES = {
    "registered": N_("Registered"),
    "in_progress": N_("Registration in progress"),
    "none": N_("No title documents"),
}
UNITS = {
    "pcs": N_("pcs"),
    "m2": N_("m²"),
    "m": N_("m"),
    "km": N_("km"),
    "ha": N_("ha"),
}
ASSET_STATUSES = {
    "in_use": N_("On the balance"),
    "transferred": N_("Transferred out"),
    "written_off": N_("Written off"),
}
MOVEMENTS = {
    "received": N_("Received"),
    "transferred": N_("Transferred"),
    "revalued": N_("Revalued"),
    "written_off": N_("Written off"),
}
FINDINGS = {
    "pending": N_("Not checked yet"),
    "found": N_("Found"),
    "not_found": N_("Not found"),
}
ATTACHMENT_KINDS = {
    "photo": N_("Photo"),
    "scan": N_("Scan of a document"),
    "title": N_("Title document"),
}


def months_accrued(start: date, on: date) -> int:
    """Whole months of depreciation from the month after `start` up to `on`: a month counts
    once its last day has come."""
    months = (on.year * 12 + on.month) - (start.year * 12 + start.month) - 1
    if on.day == calendar.monthrange(on.year, on.month)[1]:
        months += 1
    return max(0, months)


@dataclass(frozen=True)
class Valuation:
    value_tiyn: int  # the book value: cost, or the last revalued amount
    valued_on: date  # when that value was set (put in service, or revalued)
    life_months: int  # months of useful life left at `valued_on`; 0: no more depreciation
    # Depreciation accumulated before `valued_on` (the transfer act's figure); 0 after a revaluation.
    accumulated_tiyn: int = 0


def life_left(life_years: int, in_service: date, on: date) -> int:
    """Months of a category's life left on `on` for an asset in service since `in_service`."""
    if life_years <= 0:
        return 0
    return max(0, life_years * 12 - months_accrued(in_service, on))


def life_when_received(life_years: int, cost_tiyn: int, accumulated_tiyn: int) -> int:
    """Months of life left for an asset received with `accumulated_tiyn` of its cost already
    depreciated: the months the same straight-line rate needs to write off the rest. A road of
    20 years, half depreciated, has 120 months left; a fully depreciated one none."""
    full = max(0, life_years) * 12
    if full == 0 or accumulated_tiyn <= 0 or cost_tiyn <= 0:
        return full
    if accumulated_tiyn >= cost_tiyn:
        return 0
    return max(1, full - accumulated_tiyn * full // cost_tiyn)  # some value left: a month at least


def life_left_of(v: Valuation, on: date) -> int:
    """Months of life left on `on` of a valuation: what a revaluation on `on` runs over."""
    return max(0, v.life_months - months_accrued(v.valued_on, on))


def depreciation(v: Valuation, on: date, stopped: date | None = None) -> int:
    """Accumulated depreciation in tiyn on `on` (straight line); `stopped`: left the balance."""
    base = min(max(v.accumulated_tiyn, 0), max(v.value_tiyn, 0))
    if v.life_months <= 0 or v.value_tiyn <= 0:
        return base
    end = min(on, stopped) if stopped else on
    months = min(months_accrued(v.valued_on, end), v.life_months)
    return base + (v.value_tiyn - base) * months // v.life_months


def residual(v: Valuation, on: date, stopped: date | None = None) -> int:
    return v.value_tiyn - depreciation(v, on, stopped)


# --- leases -------------------------------------------------------------------------------
def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_of(start: date, end: date) -> list[str]:
    """ "YYYY-MM" of every month from `start` to `end`, both included."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def rent_due(monthly_tiyn: int, start: date, end: date, month: str) -> int:
    """Rent due for one month; a month the lease covers in part is due in proportion to its
    days (a lease from the 16th of a 30-day month owes half of that month)."""
    y, m = int(month[:4]), int(month[5:7])
    days = calendar.monthrange(y, m)[1]
    first, last = date(y, m, 1), date(y, m, days)
    lo, hi = max(first, start), min(last, end)
    if lo > hi:
        return 0
    covered = (hi - lo).days + 1
    return monthly_tiyn if covered == days else monthly_tiyn * covered // days


def rent_for_period(monthly_tiyn: int, lease_start: date, lease_end: date, start: date,
                    end: date) -> int:  # fmt: skip
    """Rent due for the days from `start` to `end` the lease covers: whole months in full, part
    months in proportion to their days, as each month's rent is counted."""
    lo, hi = max(lease_start, start), min(lease_end, end)
    if lo > hi:
        return 0
    return sum(rent_due(monthly_tiyn, lo, hi, month) for month in months_of(lo, hi))


# --- inventory numbers --------------------------------------------------------------------
def inventory_number(pattern: str, seq: int, year: int, category_code: str) -> str:
    """`pattern` may use {seq} (required), {year} and {cat}: e.g. "{cat}-{seq:05d}"."""
    return pattern.format(seq=seq, year=year, cat=category_code.upper())
