"""Office settings: rules that come from the district's regulation or are unsure in law."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain.catalog import RELIGIOUS_HOLIDAYS, STATE_HOLIDAYS
from akimdesk.i18n import LANGUAGES, N_, Msg, msg
from akimdesk.services.errors import ValidationError
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database

DEFAULTS: dict[str, Any] = {
    "ui.language": "kk",
    "fines.number_pattern": "{year}-{seq:05d}",
    "fines.limitation_months": 2,
    "fines.half_payment_days": 7,
    # Working days: egov.kz, "How to pay 50% from the sum of fine" (updated 01.12.2022): weekends
    # and holidays are not counted in the 7 days. Sources disagree, hence a setting (DOMAIN.md).
    "fines.half_payment_day_rule": "working",
    "fines.appeal_days": 10,
    "fines.appeal_day_rule": "calendar",
    "fines.voluntary_payment_days": 30,
    "fines.enforcement_days": 10,
    "fines.max_deferral_months": 1,
    "fines.max_instalment_months": 3,
    "fines.roll_to_working_day": True,  # a deadline ending on a day off moves to the next [R]
    "fines.repeat_months": 12,  # "repeated within a year after a penalty"
    "fines.erap_days": 3,  # a protocol older than this without its ЕРАП number needs action [R]
    # For a year the district has sent no holiday row for (domain.calendar.statutory_year).
    "calendar.holidays": STATE_HOLIDAYS,
    "calendar.religious_holidays": RELIGIOUS_HOLIDAYS,
    # Assemblies and gatherings: from the district maslikhat's approved regulation [R].
    "assembly.quorum_percent": 50,
    "gathering.quorum_percent": 50,
    "assembly.quorum_strict": False,
    "assembly.majority_percent": 50,
    "assembly.majority_base": "present",
    "assembly.majority_strict": True,
    "assembly.population": 0,  # 0: the sum of the settlements' populations
    # Working days after signing to publish the minutes, and for the akim to consider the
    # adopted decisions; signed minutes past either are under "needs action" [R].
    "assembly.publish_days": 5,
    "assembly.consideration_days": 5,
    # Property: inventory numbers ({seq} required; {cat} the category code, {year}); leases
    # ending within this many days are in the "needs action" list.
    "property.number_pattern": "{seq:06d}",
    "property.lease_warn_days": 30,
    "backup.folder": "",  # empty: "backups" in the data folder
    "backup.warn_days": 7,
    # Closing the window makes a copy when the last one is older than this many hours (0: always).
    "backup.exit_hours": 8,
    # Accounts: the window locks after this many idle minutes (0: never); wrong passwords.
    "security.lock_minutes": 10,
    "security.max_failures": 5,
    "security.lockout_minutes": 15,
    # The main window's list of first steps was put away (services/first_steps.py).
    "help.first_steps_dismissed": False,
}

_INT_RANGES = {
    "fines.limitation_months": (1, 24),
    "fines.half_payment_days": (1, 60),
    "fines.appeal_days": (1, 60),
    "fines.voluntary_payment_days": (1, 180),
    "fines.enforcement_days": (1, 60),
    "fines.max_deferral_months": (0, 12),
    "fines.max_instalment_months": (0, 24),
    "fines.repeat_months": (1, 36),
    "fines.erap_days": (0, 90),
    "assembly.quorum_percent": (1, 100),
    "gathering.quorum_percent": (1, 100),
    "assembly.majority_percent": (1, 100),
    "assembly.population": (0, 1_000_000),
    "assembly.publish_days": (1, 90),
    "assembly.consideration_days": (1, 90),
    "backup.warn_days": (1, 90),
    "backup.exit_hours": (0, 168),
    "property.lease_warn_days": (1, 365),
    "security.lock_minutes": (0, 240),
    "security.max_failures": (3, 20),
    "security.lockout_minutes": (1, 1440),
}


# Numbering patterns: the names each may use, and the refusal that shows an example.
PATTERNS = {
    "fines.number_pattern": (
        ("year", "seq"),
        N_("The pattern may use {year} and {seq}, e.g. {year}-{seq:05d}."),
    ),
    "property.number_pattern": (
        ("cat", "year", "seq"),
        N_("The pattern may use {cat}, {year} and {seq}, e.g. {cat}-{seq:05d}."),
    ),
}


def _pattern_error(value: str, names: tuple[str, ...], example: str) -> str | None:
    sample_values = {"year": 2026, "seq": 1, "cat": "BUILDING"}
    try:
        sample = value.format(**{n: sample_values[n] for n in names})
    except (KeyError, ValueError, IndexError):
        return example
    if "{seq" not in value or not sample.strip() or len(sample) > 30:
        return N_("The pattern must contain {seq}.")
    return None


def load(session: Session) -> dict[str, Any]:
    from akimdesk.models import Setting

    values = dict(DEFAULTS)
    values.update({k: v for k, v in session.execute(select(Setting.key, Setting.value))})
    return values


def validate(key: str, value: Any) -> str | Msg | None:
    if key not in DEFAULTS:
        return N_("Unknown setting.")
    if key in _INT_RANGES:
        lo, hi = _INT_RANGES[key]
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            return msg("Enter a whole number from {lo} to {hi}.", lo=lo, hi=hi)
    if key.endswith("_day_rule") and value not in ("calendar", "working"):
        return N_("Choose calendar or working days.")
    if key in ("assembly.quorum_strict", "assembly.majority_strict", "help.first_steps_dismissed"
               ) and not isinstance(value, bool):  # fmt: skip
        return N_("Choose yes or no.")
    if key == "assembly.majority_base" and value not in ("present", "members", "cast"):
        return N_("Choose who the majority is counted from.")
    if key == "ui.language" and value not in LANGUAGES:
        return N_("Choose Kazakh or Russian.")
    if key in PATTERNS:
        return _pattern_error(str(value), *PATTERNS[key])
    return None


def save(db: Database, actor: Actor, values: dict[str, Any]) -> None:
    _write(db, actor, "settings.save", values)


def dismiss_first_steps(db: Database, actor: Actor) -> None:
    """Anyone signed in may put the first-steps list away (it changes no rule of the office)."""
    _write(db, actor, "settings.first_steps", {"help.first_steps_dismissed": True})


def _write(db: Database, actor: Actor, action: str, values: dict[str, Any]) -> None:
    from akimdesk.models import Setting

    errors = {k: e for k, v in values.items() if (e := validate(k, v))}
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, action) as op:
        for key, value in values.items():
            row = op.session.get(Setting, key)
            if row is None:
                row = Setting(key=key, value=value)
                op.add(row)
            elif row.value != value:
                before = op.snapshot(row)
                row.value = value
                op.changed(row, before)
