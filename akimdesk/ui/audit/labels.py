"""Words for the audit log: actions, kinds of record and fields, so no column name or code
reaches the person untranslated. A field missing here is not shown in the changes (and a test
checks every audited column has its label)."""

from __future__ import annotations

from akimdesk.domain.assemblies import AGENDA_KINDS, MAJORITY_BASES, MEETING_KINDS
from akimdesk.domain.fields import CATALOGUE
from akimdesk.domain.fines import CATEGORY_LABELS, STATUS_LABELS
from akimdesk.domain.property import (
    ACQUISITIONS,
    ASSET_STATUSES,
    ATTACHMENT_KINDS,
    CONDITIONS,
    FINDINGS,
    MOVEMENTS,
    TITLE_STATUSES,
    UNITS,
)
from akimdesk.domain.roles import ROLE_LABELS
from akimdesk.i18n import N_

ACTIONS = {
    "fines.create_case": N_("Case created"),
    "fines.correct_case": N_("Case corrected"),
    "fines.issue_decision": N_("Decision issued"),
    "fines.deliver_decision": N_("Decision delivered"),
    "fines.file_appeal": N_("Appeal filed"),
    "fines.resolve_appeal": N_("Appeal resolved"),
    "fines.grant_deferral": N_("Deferral granted"),
    "fines.grant_instalments": N_("Instalments granted"),
    "fines.send_to_enforcement": N_("Sent for enforcement"),
    "fines.cancel_case": N_("Case cancelled"),
    "fines.add_payment": N_("Payment recorded"),
    "fines.import": N_("Cases imported"),
    "fines.renumber_case": N_("Case number changed"),
    "assembly.member_add": N_("Member added"),
    "assembly.member_update": N_("Member changed"),
    "assembly.member_end": N_("Membership ended"),
    "meeting.create": N_("Meeting created"),
    "meeting.update": N_("Meeting changed"),
    "meeting.attendance": N_("Attendance marked"),
    "meeting.item_save": N_("Agenda item saved"),
    "meeting.item_move": N_("Agenda item moved"),
    "meeting.item_withdraw": N_("Agenda item withdrawn"),
    "meeting.renumber": N_("Meeting number changed"),
    "meeting.addendum": N_("Addendum to minutes"),
    "meeting.sign": N_("Minutes signed"),
    "property.asset_add": N_("Asset added"),
    "property.asset_update": N_("Asset corrected"),
    "property.category_add": N_("Category added"),
    "property.attach": N_("File attached"),
    "property.attach_remove": N_("File set aside"),
    "property.import": N_("Assets imported"),
    "property.renumber": N_("Inventory number changed"),
    "property.transfer": N_("Asset transferred"),
    "property.revalue": N_("Asset revalued"),
    "property.write_off": N_("Asset written off"),
    "property.lease_add": N_("Lease added"),
    "property.lease_update": N_("Lease changed"),
    "property.lease_end": N_("Lease ended early"),
    "property.rent_add": N_("Rent recorded"),
    "property.inventory_start": N_("Inventory started"),
    "property.inventory_mark": N_("Inventory: asset checked"),
    "property.inventory_add_found": N_("Inventory: asset found on site"),
    "property.inventory_close": N_("Inventory closed"),
    "demo.generate_assets": N_("Demo assets added"),
    "office.set_up": N_("Office set up"),
    "office.update": N_("Office details changed"),
    "settings.save": N_("Settings changed"),
    "users.create": N_("Account created"),
    "users.update": N_("Account changed"),
    "users.reset_password": N_("Temporary password given"),
    "users.unlock": N_("Account unlocked"),
    "users.change_own_password": N_("Password changed"),
    "auth.login": N_("Signed in"),
    "auth.failed": N_("Wrong password"),
    "backup.restore": N_("Restored from a backup"),
    "demo.fill": N_("Demo data added"),
    "demo.generate_fines": N_("Demo cases added"),
    "demo.generate_meetings": N_("Demo meetings added"),
    "sync.records": N_("Received from the district"),
    "sync.refdata": N_("Reference data from the district"),
    "sync.keep_mine": N_("Sync: kept this PC's version"),
    "sync.take_theirs": N_("Sync: took the district's version"),
    "sync.dismiss": N_("Sync: refusal dismissed"),
    "sync.renumbered": N_("Sync: renumbered"),
}

ENTITIES = {
    "fine_case": N_("Case"),
    "fine_event": N_("Case event"),
    "fine_payment": N_("Payment"),
    "assembly_member": N_("Assembly member"),
    "meeting": N_("Meeting"),
    "meeting_attendance": N_("Attendance"),
    "agenda_item": N_("Agenda item"),
    "meeting_addendum": N_("Addendum"),
    "asset_category": N_("Asset category"),
    "asset": N_("Asset"),
    "asset_movement": N_("Asset movement"),
    "asset_attachment": N_("Asset file"),
    "lease": N_("Lease"),
    "lease_payment": N_("Rent payment"),
    "inventory_campaign": N_("Inventory"),
    "inventory_item": N_("Inventory check"),
    "office": N_("Office"),
    "setting": N_("Setting"),
    "settlement": N_("Settlement"),
    "offence_article": N_("Offence article"),
    "article_sanction": N_("Sanction"),
    "mrp_value": N_("МРП value"),
    "budget_code": N_("Budget code"),
    "user_account": N_("Account"),
    "sync_rejection": N_("Sync refusal"),
    "meta": N_("Database"),
}

# Bookkeeping every change carries; the person learns nothing from it.
HIDDEN = {"id", "version", "created_at", "updated_at", "import_key", "server_version", "seq_no"}

# What a person types is named in the catalogue of fields (domain/fields.py), each register's
# own words first (`field_label`); here what the app computes or keeps for itself.
COMPUTED = {
    # Cases
    "number": N_("Number"), "stage": N_("Stage"), "offender_name": N_("Offender's name"),
    "mrp_value": N_("МРП value"), "paid_tiyn": N_("Paid"), "delivery_date": N_("Delivered on"),
    "half_pay_until": N_("50% payment until"), "appeal_until": N_("Appeal until"),
    "in_force_date": N_("In force from"), "pay_by": N_("Pay by"),
    "deferral_until": N_("Deferred until"), "instalment_months": N_("Instalment months"),
    "enforcement_date": N_("Sent for enforcement"), "enforcement_by": N_("Enforcement by"),
    "limitation_date": N_("Limitation date"), "closed_date": N_("Closed on"),
    "reduced": N_("Reduced"), "status": N_("Status"),
    # Case events
    "case_id": N_("Case"), "at": N_("Recorded"), "author": N_("Author"), "detail": N_("Details"),
    # Meetings
    "year": N_("Year"), "ref": N_("Number"), "signed_at": N_("Signed at"),
    "signed_by": N_("Signed by"), "signed_rules": N_("Rules at signing"),
    "signed_present": N_("Present at signing"), "signed_entitled": N_("Members at signing"),
    "meeting_id": N_("Meeting"), "member_id": N_("Member"), "present": N_("Present"),
    "seq": N_("Order"), "speakers": N_("Speakers"), "withdrawn": N_("Withdrawn"),
    # Property
    "book_value_tiyn": N_("Book value"), "initial_value_tiyn": N_("Value when received"),
    "valued_on": N_("Valued on"), "life_months": N_("Useful life left, months"),
    "disposed_on": N_("Left the balance on"), "asset_id": N_("Asset"),
    "value_before_tiyn": N_("Value before"), "value_after_tiyn": N_("Value after"),
    "file_name": N_("File"), "stored_as": N_("Stored as"), "sha256": N_("Checksum"),
    "size_bytes": N_("File size"), "note": N_("Note"), "added_by": N_("Added by"),
    "added_at": N_("Added at"), "removed": N_("Set aside"), "removed_reason": N_("Why set aside"),
    "monthly_rent_tiyn": N_("Monthly rent"), "lease_id": N_("Lease"), "closed_by": N_("Closed by"),
    "campaign_id": N_("Inventory"), "added_on_site": N_("Found on site"),
    "book_condition": N_("Condition in the books"),
    "book_title_status": N_("Title documents in the books"), "finding": N_("Finding"),
    "found_condition": N_("Condition found"), "found_title_status": N_("Title documents found"),
    "checked_at": N_("Checked at"), "checked_by": N_("Checked by"),
    # Settings, reference data
    "key": N_("Setting"), "value": N_("Value"), "kato": N_("КАТО code"),
    "population": N_("Population"), "article": N_("Article"), "part": N_("Part"),
    "valid_from": N_("Valid from"), "valid_to": N_("Valid to"),
    "min_mrp": N_("Fine from, МРП"), "max_mrp": N_("Fine up to, МРП"),
    "fine_allowed": N_("Fine possible"), "warning_allowed": N_("Warning possible"),
    # Accounts
    "roles": N_("Roles"), "password_hash": N_("Password"),
    "must_change_password": N_("Temporary password"), "active": N_("May sign in"),
    "failed_attempts": N_("Wrong passwords"), "locked_until": N_("Locked until"),
    "last_login_at": N_("Last sign-in"),
    # Sync refusals
    "entity": N_("Record"), "entity_id": N_("Record id"), "resolution": N_("Resolution"),
    "resolved_at": N_("Resolved at"), "data": N_("Data"), "op_id": N_("Change id"),
    "base_version": N_("Based on version"), "ref_version": N_("Version"),
}  # fmt: skip
FIELDS = {
    **{f.name: f.label for entity in CATALOGUE.values() for f in entity},
    **COMPUTED,
}


def field_label(entity: str, field: str) -> str | None:
    """The msgid naming a record's field: the register's own word for it, else the shared one."""
    for f in CATALOGUE.get(entity, ()):
        if f.name == field:
            return f.label
    return FIELDS.get(field)


# Coded values shown in words.
VALUES: dict[str, dict[str, str]] = {
    "stage": {**STATUS_LABELS},
    "status": {
        **STATUS_LABELS,
        "draft": N_("Draft"),
        "signed": N_("Signed"),
        **ASSET_STATUSES,
        "open": N_("Open"),
        "closed": N_("Closed"),
    },
    "offender_category": CATEGORY_LABELS,
    "offender_kind": {"person": N_("Person"), "organisation": N_("Organisation")},
    "penalty": {"fine": N_("Fine"), "warning": N_("Warning")},
    "roles": ROLE_LABELS,
    "majority_base": MAJORITY_BASES,
    "acquisition": ACQUISITIONS,
    "condition": CONDITIONS,
    "book_condition": CONDITIONS,
    "found_condition": CONDITIONS,
    "title_status": TITLE_STATUSES,
    "book_title_status": TITLE_STATUSES,
    "found_title_status": TITLE_STATUSES,
    "unit": UNITS,
    "finding": FINDINGS,
}
KINDS = {
    "meeting": MEETING_KINDS,
    "agenda_item": AGENDA_KINDS,
    "asset_movement": MOVEMENTS,
    "asset_attachment": ATTACHMENT_KINDS,
}  # "kind" differs by record
