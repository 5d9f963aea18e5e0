"""What a synced record may hold, field by field, read from the desktop's ORM models (column
types, declared lengths, foreign keys to parent records) and the domain's lists of codes.

The district server checks every op against it before writing anything, so one bad value is
refused alone instead of failing the whole batch in PostgreSQL; an office checks a record pulled
from the server the same way before applying it. Both sides read the same models, so the rules
cannot drift apart.

A payload arrives compact (protocol.compact): empty values are left out, so a missing field is
its empty value; only the fields `protocol.ENTITIES` names must be present.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text, Uuid

from akimdesk.domain import text
from akimdesk.domain.assemblies import AGENDA_KINDS, MEETING_KINDS
from akimdesk.domain.fines import EVENT_LABELS
from akimdesk.domain.property import (
    ACQUISITIONS,
    ASSET_STATUSES,
    CONDITIONS,
    FINDINGS,
    MOVEMENTS,
    TITLE_STATUSES,
    UNITS,
)
from akimdesk.domain.text import printable
from akimdesk.models import OFFENDER_CATEGORIES, PENALTY_KINDS, Base, Syncable, load_all
from akimdesk.models.fines import STAGES
from akimdesk.sync import protocol

# Coded fields: the values the domain knows. A field not listed takes any text.
CHOICES: dict[tuple[str, str], Collection[str]] = {
    ("fine_case", "stage"): STAGES,
    ("fine_case", "offender_kind"): ("person", "organisation"),
    ("fine_case", "offender_category"): OFFENDER_CATEGORIES,
    ("fine_case", "penalty"): PENALTY_KINDS,
    ("fine_event", "kind"): EVENT_LABELS,
    ("meeting", "kind"): MEETING_KINDS,
    ("meeting", "status"): ("draft", "signed"),
    ("agenda_item", "kind"): AGENDA_KINDS,
    ("asset", "unit"): UNITS,
    ("asset", "acquisition"): ACQUISITIONS,
    ("asset", "condition"): CONDITIONS,
    ("asset", "title_status"): TITLE_STATUSES,
    ("asset", "status"): ASSET_STATUSES,
    ("asset_movement", "kind"): MOVEMENTS,
    ("inventory_campaign", "status"): ("open", "closed"),
    ("inventory_item", "finding"): FINDINGS,
    ("inventory_item", "book_condition"): CONDITIONS,
    ("inventory_item", "found_condition"): CONDITIONS,
    ("inventory_item", "book_title_status"): TITLE_STATUSES,
    ("inventory_item", "found_title_status"): TITLE_STATUSES,
}
# Texts with a fixed shape that the office's code reads back (a month, a time of day).
_HHMM = r"([01]\d|2[0-3]):[0-5]\d"
PATTERNS: dict[tuple[str, str], str] = {
    ("lease_payment", "for_month"): r"\d{4}-(0[1-9]|1[0-2])",
    ("fine_case", "offence_time"): _HHMM,
    ("meeting", "start_time"): _HHMM,
}

INT_MAX = 2**31 - 1  # counts, years, positions: what PostgreSQL's integer holds
MONEY_MAX = 10**15  # tiyn: ten trillion tenge, so district sums stay far inside bigint
FLOAT_MAX = 1e12
FIRST_YEAR, LAST_YEAR = 1800, 2200
JSON_MAX_CHARS = 100_000  # a structured field (speakers, commission, event data) in all
JSON_MAX_DEPTH = 10

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

Check = Callable[[Any], str | None]  # a value -> why it is refused (a reason code) or None


@dataclass(frozen=True)
class Problem:
    """Why a payload cannot be taken: a reason code (sync.messages) and the field concerned."""

    reason: str
    field: str = ""


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[Base]
    checks: dict[str, Check]
    required: tuple[str, ...]
    parents: dict[str, str]  # field -> entity of the synced parent record it points to


@cache
def syncable_models() -> dict[str, type[Base]]:
    """entity name -> ORM class, in foreign-key order (parents first)."""
    load_all()
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    classes: list[type[Base]] = [m.class_ for m in Base.registry.mappers]
    models = [cls for cls in classes if issubclass(cls, Syncable)]
    models.sort(key=lambda cls: order[cls.__tablename__])
    return {cls.__sync_entity__: cls for cls in models}


@cache
def entities() -> dict[str, Entity]:
    models = syncable_models()
    tables = {m.__tablename__: name for name, m in models.items()}
    out = {}
    for name in protocol.ENTITIES:
        model = models[name]
        checks: dict[str, Check] = {}
        parents: dict[str, str] = {}
        for column in model.__table__.columns:
            if column.key in ("id", "version"):
                continue  # checked for every op by protocol.check_op
            checks[column.key] = _check_for(name, model, column)
            for fk in column.foreign_keys:
                if fk.column.table.name in tables:
                    parents[column.key] = tables[fk.column.table.name]
        out[name] = Entity(name, model, checks, protocol.ENTITIES[name], parents)
    return out


def check_payload(entity: str, payload: dict[str, Any]) -> Problem | None:
    """The first thing wrong with a payload of `entity`, or None. Fields are checked in the
    payload's order; `id` and `version` are protocol.check_op's."""
    spec = entities().get(entity)
    if spec is None:
        return Problem("unknown_entity")
    checks = spec.checks
    for key, value in payload.items():
        check = checks.get(key)
        if check is None:
            if key in ("id", "version"):
                continue
            return Problem("unknown_field", printable(key)[:60])
        if value is None:
            continue
        reason = check(value)
        if reason is not None:
            return Problem(reason, key)
    for key in spec.required:
        if key not in payload:
            return Problem("missing_fields", key)
    return None


def storable(value: Any, depth: int = 0) -> Any:
    """A JSON value as PostgreSQL's jsonb takes it: texts made printable, numbers that are not
    finite written as text. Used to keep a refused op's payload for the district to look at."""
    if isinstance(value, str):
        return printable(value, multiline=True)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if depth > JSON_MAX_DEPTH:
        return "…"
    if isinstance(value, dict):
        return {printable(str(k), True): storable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v, depth + 1) for v in value]
    return value


# --- one check per field, built once from the column -------------------------------------
def _check_for(entity: str, model: type[Base], column: Any) -> Check:
    kind = column.type
    key = column.key
    if isinstance(kind, String):  # Text is a String without a length
        choices = CHOICES.get((entity, key))
        pattern = PATTERNS.get((entity, key))
        return _text_check(
            text.max_length(entity, key, kind.length),
            multiline=isinstance(kind, Text),
            choices=frozenset(choices) if choices is not None else None,
            pattern=re.compile(pattern) if pattern else None,
        )
    if isinstance(kind, Boolean):
        return _bool
    if isinstance(kind, Integer):
        return _int_check(MONEY_MAX if key.endswith("_tiyn") else INT_MAX)
    if isinstance(kind, Float):
        return _float
    if isinstance(kind, DateTime):
        return _datetime
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, Uuid):
        return _uuid
    if isinstance(kind, JSON):
        return _json_check(_json_shape(model, key), text.max_length(entity, key, JSON_MAX_CHARS))
    raise TypeError(f"{entity}.{key}: no sync check for {kind!r}")


def _text_check(
    limit: int, *, multiline: bool, choices: frozenset[str] | None, pattern: re.Pattern[str] | None
) -> Check:
    def check(value: Any) -> str | None:
        if type(value) is not str:
            return "bad_type"
        if len(value) > limit:
            return "too_long"
        if text.bad_character(value, multiline) is not None:
            return "bad_text"
        if choices is not None and value not in choices:
            return "bad_choice"
        if pattern is not None and not pattern.fullmatch(value):
            return "bad_format"
        return None

    return check


def _bool(value: Any) -> str | None:
    return None if value is True or value is False else "bad_type"


def _int_check(top: int) -> Check:
    def check(value: Any) -> str | None:
        if type(value) is not int:
            return "bad_type"
        return None if 0 <= value <= top else "out_of_range"

    return check


def _float(value: Any) -> str | None:
    if type(value) not in (int, float):
        return "bad_type"
    return None if math.isfinite(value) and 0 <= value <= FLOAT_MAX else "out_of_range"


def _date(value: Any) -> str | None:
    if type(value) is not str or not _DATE.fullmatch(value):
        return "bad_date"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "bad_date"
    return None if FIRST_YEAR <= day.year <= LAST_YEAR else "out_of_range"


def _datetime(value: Any) -> str | None:
    if type(value) is not str or not _DATETIME.fullmatch(value):
        return "bad_date"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return "bad_date"
    return None if FIRST_YEAR <= moment.year <= LAST_YEAR else "out_of_range"


def _uuid(value: Any) -> str | None:
    return None if type(value) is str and _UUID.fullmatch(value) else "bad_uuid"


def _json_shape(model: type[Base], key: str) -> type:
    """list or dict, from the model's annotation (`Mapped[list[...]]`, `Mapped[dict[...]]`)."""
    for cls in model.__mro__:
        annotation = getattr(cls, "__annotations__", {}).get(key)
        if annotation is not None:
            return list if "Mapped[list" in str(annotation) else dict
    return dict


def _json_check(shape: type, limit: int) -> Check:
    def check(value: Any) -> str | None:
        if type(value) is not shape:
            return "bad_type"
        budget = [limit]
        return _json_value(value, 0, budget)

    return check


def _json_value(value: Any, depth: int, budget: list[int]) -> str | None:
    """Texts of several lines, finite numbers, a bounded depth and size."""
    if depth > JSON_MAX_DEPTH:
        return "too_long"
    if isinstance(value, str):
        budget[0] -= len(value)
        if budget[0] < 0:
            return "too_long"
        return "bad_text" if text.bad_character(value, multiline=True) is not None else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return None if abs(value) <= MONEY_MAX else "out_of_range"
    if isinstance(value, float):
        return None if math.isfinite(value) and abs(value) <= FLOAT_MAX else "out_of_range"
    if isinstance(value, dict):
        for k, v in value.items():
            problem = _json_value(k, depth + 1, budget) or _json_value(v, depth + 1, budget)
            if problem:
                return problem
        return None
    if isinstance(value, list):
        for v in value:
            problem = _json_value(v, depth + 1, budget)
            if problem:
                return problem
        return None
    return "bad_type"
