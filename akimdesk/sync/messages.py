"""What a person is told about sync, in their language."""

from __future__ import annotations

from akimdesk import errorlog
from akimdesk.i18n import N_, _

FAILURES = {
    "offline": N_(
        "The district server cannot be reached. Changes are kept and will be sent later."
    ),
    "timeout": N_(
        "The connection is too slow or was cut. Changes are kept and will be sent later."
    ),
    "unauthorized": N_(
        "The district server does not accept this PC's token: it is not valid. Changes are "
        "kept; ask the district for a new token and link the PC again."
    ),
    "token_replaced": N_(
        "This PC's token is no longer valid: the district replaced it with a new one. Changes "
        "are kept; ask the district for the new token and link the PC again."
    ),
    "revoked": N_(
        "The district revoked this PC's token. Changes are kept; ask the district for a new token."
    ),
    "not_linked": N_("This PC is not linked to the district server yet."),
    "refdata_mismatch": N_(
        "Reference data from the district did not arrive whole; it will be fetched again."
    ),
    "cancelled": N_("Sync was stopped."),
    "busy": N_("The district server is busy. Changes are kept and will be sent later."),
    "unavailable": N_("The district server is busy. Changes are kept and will be sent later."),
    # The district still applies this PC's previous batch (its answer was lost on the way).
    "one_at_a_time": N_("The district server is busy. Changes are kept and will be sent later."),
    "unexpected": N_(
        "An unexpected error stopped the sync; changes are kept. The details are in {path}: "
        "send this file to the district's IT specialist."
    ),
}

REJECTIONS = {
    "conflict": N_("Changed at the district or on another PC meanwhile"),
    "not_yours": N_("Belongs to another office"),
    "unknown_entity": N_("The server does not know this kind of record; update the server"),
    "unsupported_schema": N_("The server is older than this app; update the server"),
    "missing_fields": N_("Required fields are missing"),
    "bad_id": N_("The record's identifier is damaged"),
    "bad_version": N_("The record's version is damaged"),
    "no_payload": N_("The record is empty"),
    "number_taken": N_("The district has another record with this number"),
    # A value the district cannot store; the clerk corrects the record and keeps her version.
    "unknown_field": N_(
        "The record has a field the district server does not know; update the server"
    ),
    "bad_type": N_("A value is of the wrong kind (text instead of a number, or the like)"),
    "bad_text": N_("A text holds an invisible control character"),
    "too_long": N_("A text is too long"),
    "bad_date": N_("A date is not a valid date"),
    "out_of_range": N_("A number or a date is out of the possible range"),
    "bad_choice": N_("A value is not one of those the field allows"),
    "bad_format": N_("A value is not written in the expected form"),
    "bad_uuid": N_("A link to another record is damaged"),
    "not_stored": N_("The district server could not store the record; tell the district"),
    # Records pulled from the district that this PC set aside (sync.records).
    "missing_parent": N_("The record it belongs to is not on this PC"),
    "missing_reference": N_("Waiting for reference data from the district"),
    "parent_set_aside": N_("The record it belongs to was set aside"),
    "not_applied": N_("This PC could not store the record"),
}

ENTITIES = {
    "office": N_("Office details"),
    "fine_case": N_("Fine case"),
    "fine_event": N_("Fine case event"),
    "fine_payment": N_("Fine payment"),
    "assembly_member": N_("Assembly member"),
    "meeting": N_("Meeting minutes"),
    "meeting_attendance": N_("Attendance"),
    "agenda_item": N_("Agenda item"),
    "meeting_addendum": N_("Addendum to minutes"),
    "asset_category": N_("Asset category"),
    "asset": N_("Asset"),
    "asset_movement": N_("Asset movement"),
    "lease": N_("Lease"),
    "lease_payment": N_("Rent payment"),
    "inventory_campaign": N_("Inventory"),
    "inventory_item": N_("Inventory check"),
}


def failure_text(code: str) -> str:
    text = FAILURES.get(code)
    if text is None:
        return _("Sync failed ({code}). Changes are kept and will be sent later.").format(code=code)
    return _(text).format(path=errorlog.log_path()) if code == "unexpected" else _(text)


def rejection_text(reason: str) -> str:
    return _(REJECTIONS[reason]) if reason in REJECTIONS else reason


def entity_text(entity: str) -> str:
    return _(ENTITIES[entity]) if entity in ENTITIES else entity
