"""The district server's settings, kept in its database (`akimdesk-server setting NAME VALUE`).

They are the district's choices, not the law's: the time zone its pages show times in, and
after how many days a meeting's unsigned minutes are flagged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.district.models import ServerSetting, now


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Almaty)") from None
    return value


def _days(value: str) -> str:
    if not value.isdigit() or not 1 <= int(value) <= 365:
        raise ValueError("a number of days from 1 to 365")
    return value


# name: (default, check, what it is)
SETTINGS: dict[str, tuple[str, Any, str]] = {
    # Kazakhstan keeps one zone, UTC+5, since 1 March 2024; Asia/Almaty says so from tzdata 2024a.
    "time_zone": ("Asia/Almaty", _zone, "the zone the web view shows times in"),
    "draft_days": ("10", _days, "days after the meeting when unsigned minutes are flagged"),
}


@dataclass(frozen=True)
class Settings:
    zone: ZoneInfo
    draft_days: int


def defaults() -> Settings:
    return Settings(ZoneInfo(SETTINGS["time_zone"][0]), int(SETTINGS["draft_days"][0]))


def load(s: Session) -> Settings:
    values = {name: default for name, (default, _check, _about) in SETTINGS.items()}
    values.update(dict(s.execute(select(ServerSetting.name, ServerSetting.value)).all()))
    return Settings(ZoneInfo(values["time_zone"]), int(values["draft_days"]))


def put(s: Session, name: str, value: str) -> None:
    if name not in SETTINGS:
        raise ValueError(f"no setting {name!r}; there are {', '.join(SETTINGS)}")
    value = SETTINGS[name][1](value.strip())
    row = s.get(ServerSetting, name)
    if row is None:
        s.add(ServerSetting(name=name, value=value))
    else:
        row.value, row.updated_at = value, now()


def listing(s: Session) -> list[tuple[str, str, str]]:
    held = dict(s.execute(select(ServerSetting.name, ServerSetting.value)).all())
    return [
        (name, held.get(name, default), about) for name, (default, _c, about) in SETTINGS.items()
    ]
