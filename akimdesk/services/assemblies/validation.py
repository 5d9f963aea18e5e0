"""Where a member, a meeting and an agenda item are validated, field by field."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from akimdesk.domain.assemblies import AGENDA_KINDS, MEETING_KINDS, votes_problem
from akimdesk.domain.calendar import FUTURE, in_future
from akimdesk.domain.fields import check_texts, text_problem
from akimdesk.i18n import N_, Msg, msg

REQUIRED = N_("This field is required.")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

Errors = dict[str, str | Msg]


@dataclass
class MemberInput:
    full_name: str = ""
    settlement_id: uuid.UUID | None = None
    delegated_by: str = ""
    delegated_on: date | None = None
    term_until: date | None = None  # empty: four years from delegation
    position: str = ""
    phone: str = ""


@dataclass
class MeetingInput:
    kind: str = "assembly"
    meeting_date: date | None = None
    start_time: str = ""
    place: str = ""
    convened_by: str = ""
    chair: str = ""
    secretary: str = ""
    invited: str = ""
    settlement_id: uuid.UUID | None = None
    scope: str = ""
    residents_entitled: int = 0
    residents_present: int = 0


@dataclass
class ItemInput:
    kind: str = "other"
    title_kk: str = ""
    title_ru: str = ""
    rapporteur: str = ""
    speakers: list[dict[str, Any]] = field(default_factory=list)
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None
    decision_kk: str = ""
    decision_ru: str = ""


def validate_member(data: MemberInput, today: date | None = None) -> Errors:
    errors: Errors = {}
    if not data.full_name.strip():
        errors["full_name"] = REQUIRED
    if data.delegated_on is None:
        errors["delegated_on"] = REQUIRED
    elif in_future(data.delegated_on, today or date.today()):
        errors["delegated_on"] = FUTURE  # a gathering that has not met delegated nobody yet
    elif data.term_until is not None and data.term_until <= data.delegated_on:
        errors["term_until"] = N_("The term must end after the delegation date.")
    if not data.delegated_by.strip():
        errors["delegated_by"] = N_("Say which gathering delegated the member.")
    check_texts("assembly_member", data, errors)
    return errors


def validate_meeting(data: MeetingInput) -> Errors:
    errors: Errors = {}
    if data.kind not in MEETING_KINDS:
        errors["kind"] = REQUIRED
    if data.meeting_date is None:
        errors["meeting_date"] = REQUIRED
    if data.start_time and not _TIME.match(data.start_time):
        errors["start_time"] = N_("Enter the time as HH:MM, e.g. 10:00.")
    if not data.place.strip():
        errors["place"] = REQUIRED
    if data.kind != "assembly":
        if data.residents_entitled < 0:
            errors["residents_entitled"] = N_("The number cannot be negative.")
        if data.residents_present < 0:
            errors["residents_present"] = N_("The number cannot be negative.")
        elif data.residents_present > data.residents_entitled > 0:
            errors["residents_present"] = msg(
                "More present ({present}) than residents entitled ({entitled}).",
                present=data.residents_present,
                entitled=data.residents_entitled,
            )
    check_texts("meeting", data, errors)
    return errors


def validate_item(data: ItemInput, present: int) -> Errors:
    errors: Errors = {}
    if data.kind not in AGENDA_KINDS:
        errors["kind"] = REQUIRED
    if not (data.title_kk.strip() or data.title_ru.strip()):
        errors["title_kk"] = N_("Write the item in Kazakh or Russian.")
    votes = (data.votes_for, data.votes_against, data.votes_abstained)
    for name, value in zip(("votes_for", "votes_against", "votes_abstained"), votes, strict=True):
        if value is not None and value < 0:
            errors[name] = N_("The number cannot be negative.")
    if "votes_for" not in errors and (problem := votes_problem(votes, present)):
        errors["votes_for"] = problem
    for i, speaker in enumerate(data.speakers):
        if not str(speaker.get("name", "")).strip():
            errors["speakers"] = msg("Speaker {n}: the name is missing.", n=i + 1)
            break
        for key in ("name", "summary"):
            if problem := text_problem("speaker", key, speaker.get(key)):
                errors["speakers"] = msg("Speaker {n}: {problem}", n=i + 1, problem=problem)
                break
        if "speakers" in errors:
            break
    check_texts("agenda_item", data, errors)
    return errors
