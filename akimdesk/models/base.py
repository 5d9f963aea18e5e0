"""Declarative base, ids and the serialisation every audit and outbox row uses."""

from __future__ import annotations

import hashlib
import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, Date, DateTime, MetaData, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Names for constraints so Alembic's batch mode on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> uuid.UUID:
    """A UUIDv7: made on the PC like any UUID, but time-ordered so inserts stay local in B-trees."""
    ms = time.time_ns() // 1_000_000
    raw = bytearray(ms.to_bytes(6, "big") + _random_bytes(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    return uuid.UUID(bytes=bytes(raw))


def _random_bytes(n: int) -> bytes:
    """Bytes of the operating system's random source, asked for 4 KB at a time: a system call
    per id took 12 µs on the development machine, a quarter of a second of an import of 10,000
    cases. Per thread, and dropped in a forked child, so that no two ids share them."""
    buf: bytes = getattr(_pool, "buf", b"")
    at: int = getattr(_pool, "at", 0)
    if at + n > len(buf):
        buf, at = os.urandom(4096), 0
        _pool.buf = buf
    _pool.at = at + n
    return buf[at : at + n]


_pool = threading.local()
if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=lambda: _pool.__dict__.clear())


def derived_id(parent: uuid.UUID, name: str) -> uuid.UUID:
    """An id both the office and the district compute from what they already have (a record's
    parent and its place under it), so the wire need not carry it (sync protocol 2).

    `uuid.uuid5(parent, name)`, built from its number: half the time, and an import derives one
    for every record it writes (its outbox op) and every event."""
    digest = hashlib.sha1(parent.bytes + name.encode(), usedforsecurity=False).digest()
    value = int.from_bytes(digest[:16], "big") & _NOT_VERSION_VARIANT
    return uuid.UUID(int=value | _VERSION_5)


_NOT_VERSION_VARIANT = ~(0xF000 << 64) & ~(0xC000 << 48)
_VERSION_5 = (5 << 76) | (0x8000 << 48)  # version 5, the RFC 4122 variant


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        uuid.UUID: Uuid(as_uuid=True),
        dict[str, Any]: JSON,
    }

    def to_dict(self) -> dict[str, Any]:
        return {c.key: jsonable(getattr(self, c.key)) for c in self.__mapper__.column_attrs}


_T = TypeVar("_T", bound="Base")


def record(cls: type[_T], final: bool = False, **values: Any) -> _T:
    """A new object of `cls` holding `values`, made without the ORM's attribute events (a fifth
    of an import's time): for a bulk operation, whose new objects `insert_row` reads and
    `storage.bulk` writes, never the session. Reading and later changes work as on any object.
    `final`: a record nothing changes once made (an event of a case's history), made without
    the ORM's state as well; only what `values` and `insert_row` set can be read from it."""
    if final:
        obj: _T = cls.__new__(cls)
    else:
        obj = cls._sa_class_manager.new_instance()  # type: ignore[attr-defined]
    obj.__dict__.update(values)
    return obj


def insert_row(obj: Base) -> list[Any]:
    """Every column of a new object as an INSERT writes it, in `insert_columns` order: what was
    set, else the column's default, which is then set on the object as the unit of work would
    have done."""
    state = obj.__dict__  # a new object's values live here; reading them skips the descriptors
    defaults = _defaults(type(obj))
    get = state.get
    row = [get(key, _UNSET) for key, _default in defaults]
    for i, value in enumerate(row):
        if value is _UNSET:
            key, default = defaults[i]
            # As loaded, not as changed: the object is never flushed by the unit of work.
            row[i] = state[key] = default() if callable(default) else default
    return row


_UNSET = object()


def payload(obj: Base, row: list[Any]) -> dict[str, Any]:
    """`obj.to_dict()` of a new object from its `insert_row`."""
    keys = insert_columns(type(obj))[0]
    return {k: v if plain else jsonable(v) for k, v, plain in
            zip(keys, row, _plain(type(obj)), strict=True)}  # fmt: skip


def compact_payload(obj: Base, row: list[Any]) -> dict[str, Any]:
    """`sync.protocol.compact(payload(obj, row))` in one pass: what an outbox row of a new
    object holds, without its empty values (an id or a date is never empty)."""
    keys = insert_columns(type(obj))[0]
    return {
        k: v if to_json is None else to_json(v)
        for k, v, to_json in zip(keys, row, _to_json(type(obj)), strict=True)
        if v is not None
        and v is not False
        and (to_json is not None or (v != "" and v != {} and v != []))
    }


@cache
def _to_json(cls: type[Base]) -> tuple[Callable[[Any], Any] | None, ...]:
    """Per column: how its value becomes JSON (None: as it is)."""
    out: list[Callable[[Any], Any] | None] = []
    for attr, plain in zip(cls.__mapper__.column_attrs, _plain(cls), strict=True):
        kind = attr.columns[0].type
        if plain:
            out.append(None)
        elif isinstance(kind, Uuid):
            out.append(str)
        elif isinstance(kind, Date | DateTime):
            out.append(_isoformat)
        else:
            out.append(jsonable)
    return tuple(out)


def _isoformat(value: date) -> str:
    return value.isoformat()


@cache
def insert_columns(cls: type[Base]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(attribute keys, column names) of a class, in the order `insert_row` gives them."""
    attrs = cls.__mapper__.column_attrs
    return tuple(a.key for a in attrs), tuple(a.columns[0].name for a in attrs)


@cache
def _plain(cls: type[Base]) -> tuple[bool, ...]:
    """Per column: its values are JSON as they are (text, numbers, flags, JSON)."""
    out = []
    for attr in cls.__mapper__.column_attrs:
        try:
            kind = attr.columns[0].type.python_type
        except NotImplementedError:
            kind = object
        out.append(kind in (str, int, bool, float) or isinstance(attr.columns[0].type, JSON))
    return tuple(out)


@cache
def _defaults(cls: type[Base]) -> tuple[tuple[str, Any], ...]:
    """(attribute, its default: a value, or a function of nothing) for every column."""
    out = []
    for attr in cls.__mapper__.column_attrs:
        default = attr.columns[0].default
        if default is None:
            out.append((attr.key, None))
        elif default.is_callable:
            out.append((attr.key, lambda fn=default.arg: fn(None)))  # type: ignore[union-attr]
        elif default.is_scalar:
            out.append((attr.key, default.arg))  # type: ignore[union-attr]
        else:
            raise TypeError(f"{cls.__name__}.{attr.key}: a default SQL computes")
    return tuple(out)


@cache
def text_columns(cls: type[Base]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text fields of a model: (one-line, multi-line). A `Text` column is a field of several
    lines (a description, a reason); a `String` column holds one line."""
    one: list[str] = []
    multi: list[str] = []
    for attr in cls.__mapper__.column_attrs:
        kind = attr.columns[0].type
        if isinstance(kind, String):
            (multi if isinstance(kind, Text) else one).append(attr.key)
    return tuple(one), tuple(multi)


def multiline(cls: type[Base]) -> frozenset[str]:
    return frozenset(text_columns(cls)[1])


def column_values(cls: type[Base], payload: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `to_dict` for a payload from the wire, where empty values were left out."""
    out: dict[str, Any] = {}
    for attr in cls.__mapper__.column_attrs:
        col = attr.columns[0]
        value = payload.get(attr.key)
        try:
            kind = col.type.python_type
        except NotImplementedError:
            kind = object
        if value is None:
            if attr.key in payload or col.nullable:
                out[attr.key] = None
            elif kind is str:
                out[attr.key] = ""
            elif kind is bool:
                out[attr.key] = False
            elif kind is int:
                out[attr.key] = 0
            elif kind is dict or isinstance(col.type, JSON):
                out[attr.key] = {}
            continue
        if kind is uuid.UUID:
            value = uuid.UUID(str(value))
        elif kind is datetime:
            value = datetime.fromisoformat(value)
        elif kind is date:
            value = date.fromisoformat(value)
        out[attr.key] = value
    return out


class Syncable:
    """A record the office owns and sends to the district: it has an id and a version."""

    __sync_entity__: ClassVar[str]
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(default=1)
