"""Where a member, a meeting and an agenda item are validated, field by field."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from akimdesk.domain.assemblies import (
    AGENDA_KINDS,
    CONSIDERATIONS,
    LANGUAGES,
    MEETING_KINDS,
    PUBLICATION_CHANNELS,
    votes_problem,
)
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
    """Texts in the language of the minutes; `*_other` in the other one, for a bilingual print."""

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
    language: str = "kk"
    place_other: str = ""
    convened_by_other: str = ""
    scope_other: str = ""
    invited_other: str = ""


@dataclass
class ItemInput:
    kind: str = "other"
    title_kk: str = ""
    title_ru: str = ""
    rapporteur: str = ""
    # [{"name", "summary", "summary_other"}]: the summary in the minutes' language and the other
    speakers: list[dict[str, Any]] = field(default_factory=list)
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None
    present_at_vote: int | None = None  # fewer than at the meeting, when people had left
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
    if data.language not in LANGUAGES:
        errors["language"] = REQUIRED
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


def validate_item(data: ItemInput, present: int, language: str = "kk") -> Errors:
    """`language`: the minutes': the item's question is written in it."""
    errors: Errors = {}
    if data.kind not in AGENDA_KINDS:
        errors["kind"] = REQUIRED
    if not getattr(data, f"title_{language}").strip():
        errors[f"title_{language}"] = (
            N_("Write the question in Kazakh: the minutes are kept in Kazakh.")
            if language == "kk"
            else N_("Write the question in Russian: the minutes are kept in Russian.")
        )
    votes = (data.votes_for, data.votes_against, data.votes_abstained)
    for name, value in zip(("votes_for", "votes_against", "votes_abstained"), votes, strict=True):
        if value is not None and value < 0:
            errors[name] = N_("The number cannot be negative.")
    if data.present_at_vote is not None:
        if not 0 <= data.present_at_vote <= present:
            errors["present_at_vote"] = msg(
                "Give a number from 0 to the {present} present at the meeting.", present=present
            )
        else:
            present = data.present_at_vote
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


@dataclass
class PublicationInput:
    published_on: date | None = None
    channel: str = "internet_resource"
    place: str = ""  # the resource's address, or where the notice board stands
    by: str = ""


def _after_signing(errors: Errors, name: str, day: date | None, signed_on: date, today: date,
                   too_early: str) -> None:  # fmt: skip
    """A day between the signing of the minutes and today."""
    if day is None:
        errors[name] = REQUIRED
    elif day < signed_on:
        errors[name] = too_early
    elif day > today:
        errors[name] = N_("The date is in the future.")


def validate_publication(data: PublicationInput, signed_on: date, today: date) -> Errors:
    errors: Errors = {}
    _after_signing(errors, "published_on", data.published_on, signed_on, today,
                   N_("The minutes were signed later: publish after signing."))  # fmt: skip
    if data.channel not in PUBLICATION_CHANNELS:
        errors["channel"] = REQUIRED
    if not data.place.strip():
        errors["place"] = N_("Give the address of the resource or where the notice hangs.")
    if not data.by.strip():
        errors["by"] = N_("Say who published the minutes.")
    _stored_as(errors, "meeting", data, {"place": "published_place", "by": "published_by"})
    return errors


@dataclass
class ConsiderationInput:
    considered_on: date | None = None
    result: str = "accepted"
    text: str = ""  # what was done, or why not
    by: str = ""


def validate_consideration(data: ConsiderationInput, signed_on: date, today: date) -> Errors:
    errors: Errors = {}
    _after_signing(errors, "considered_on", data.considered_on, signed_on, today,
                   N_("The date is before the minutes were signed."))  # fmt: skip
    if data.result not in CONSIDERATIONS:
        errors["result"] = REQUIRED
    if not data.text.strip():
        errors["text"] = (
            N_("Say what was done to carry out the decision.")
            if data.result == "accepted"
            else N_("Say why the decision was not accepted.")
        )
    if not data.by.strip():
        errors["by"] = REQUIRED
    _stored_as(errors, "agenda_item", data, {"text": "consideration", "by": "considered_by"})
    return errors


def _stored_as(errors: Errors, entity: str, data: Any, fields: dict[str, str]) -> None:
    """The texts of a form whose fields are stored under other names: each checked as the
    field it is stored in (characters and length, domain.fields)."""
    for form, stored in fields.items():
        if form not in errors and (problem := text_problem(entity, stored, getattr(data, form))):
            errors[form] = problem
