"""Words for the audit log: actions, kinds of record and fields, so no column name or code
reaches the person untranslated. A field missing here is not shown in the changes (and a test
checks every audited column has its label)."""

from __future__ import annotations

from akimdesk.domain.assemblies import AGENDA_KINDS, MAJORITY_BASES, MEETING_KINDS
from akimdesk.domain.fines import CATEGORY_LABELS, STATUS_LABELS
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

FIELDS = {
    # Cases
    "number": N_("Number"), "stage": N_("Stage"), "offence_date": N_("Offence date"),
    "offence_time": N_("Offence time"), "settlement_id": N_("Settlement"),
    "offence_address": N_("Place of the offence"), "description": N_("Description"),
    "article_id": N_("Article"), "offender_kind": N_("Offender"),
    "offender_category": N_("Category"), "offender_name": N_("Offender's name"), "iin_bin": N_("ИИН/БИН"), "surname": N_("Surname"),
    "first_name": N_("First name"), "patronymic": N_("Patronymic"),
    "birth_date": N_("Date of birth"), "org_name": N_("Organisation"),
    "representative": N_("Representative"), "offender_address": N_("Offender's address"),
    "phone": N_("Phone"), "protocol_number": N_("Protocol No."),
    "protocol_date": N_("Protocol date"), "protocol_author": N_("Protocol drawn by"),
    "witnesses": N_("Witnesses"), "explanation": N_("Explanation"),
    "admits_offence": N_("Admits the offence"), "refused_to_sign": N_("Refused to sign"),
    "penalty": N_("Penalty"), "mrp_count": N_("МРП count"), "mrp_value": N_("МРП value"),
    "amount_tiyn": N_("Amount"), "paid_tiyn": N_("Paid"), "decision_date": N_("Decision date"),
    "delivery_date": N_("Delivered on"), "half_pay_until": N_("50% payment until"),
    "appeal_until": N_("Appeal until"), "in_force_date": N_("In force from"),
    "pay_by": N_("Pay by"), "deferral_until": N_("Deferred until"),
    "instalment_months": N_("Instalment months"), "enforcement_date": N_("Sent for enforcement"),
    "enforcement_by": N_("Enforcement by"), "limitation_date": N_("Limitation date"),
    "closed_date": N_("Closed on"), "reduced": N_("Reduced"), "status": N_("Status"),
    # Case events and payments
    "case_id": N_("Case"), "kind": N_("Kind"), "on_date": N_("Date"), "at": N_("Recorded"),
    "author": N_("Author"), "reason": N_("Reason"), "detail": N_("Details"),
    "paid_on": N_("Paid on"), "amount": N_("Amount"), "document_no": N_("Document No."),
    # Members and meetings
    "full_name": N_("Full name"), "delegated_by": N_("Delegated by"),
    "delegated_on": N_("Delegated on"), "term_until": N_("Term until"),
    "position": N_("Occupation"), "ended_on": N_("Left on"), "end_reason": N_("Reason for leaving"),
    "year": N_("Year"), "ref": N_("Number"), "meeting_date": N_("Meeting date"),
    "start_time": N_("Start time"), "place": N_("Place"), "convened_by": N_("Convened by"),
    "chair": N_("Chair"), "secretary": N_("Secretary"), "invited": N_("Invited"),
    "scope": N_("Scope"), "residents_entitled": N_("Residents entitled"),
    "residents_present": N_("Residents present"), "signed_at": N_("Signed at"),
    "signed_by": N_("Signed by"), "signed_rules": N_("Rules at signing"),
    "signed_present": N_("Present at signing"), "signed_entitled": N_("Members at signing"),
    "meeting_id": N_("Meeting"), "member_id": N_("Member"), "present": N_("Present"),
    "seq": N_("Order"), "title_kk": N_("Title in Kazakh"), "title_ru": N_("Title in Russian"),
    "rapporteur": N_("Rapporteur"), "speakers": N_("Speakers"),
    "decision_kk": N_("Decision in Kazakh"), "decision_ru": N_("Decision in Russian"),
    "votes_for": N_("For"), "votes_against": N_("Against"), "votes_abstained": N_("Abstained"),
    "withdrawn": N_("Withdrawn"), "text": N_("Text"),
    # Office, settings, reference data
    "name_kk": N_("Name in Kazakh"), "name_ru": N_("Name in Russian"), "district": N_("District"),
    "region": N_("Region"), "bin": N_("БИН"), "akim_name": N_("Akim"), "address": N_("Address"),
    "kbk": N_("КБК"), "iik": N_("ИИК"), "bik": N_("БИК"), "bank_name": N_("Bank"),
    "knp": N_("КНП"), "key": N_("Setting"), "value": N_("Value"), "kato": N_("КАТО code"),
    "population": N_("Population"), "article": N_("Article"), "part": N_("Part"),
    "valid_from": N_("Valid from"), "valid_to": N_("Valid to"), "code": N_("Code"),
    "purpose": N_("Purpose"),
    "min_mrp": N_("Fine from, МРП"), "max_mrp": N_("Fine up to, МРП"),
    "fine_allowed": N_("Fine possible"), "warning_allowed": N_("Warning possible"),
    # Accounts
    "login": N_("Login"), "roles": N_("Roles"), "password_hash": N_("Password"),
    "must_change_password": N_("Temporary password"), "active": N_("May sign in"),
    "failed_attempts": N_("Wrong passwords"), "locked_until": N_("Locked until"),
    "last_login_at": N_("Last sign-in"),
    # Sync refusals
    "entity": N_("Record"), "entity_id": N_("Record id"), "resolution": N_("Resolution"),
    "resolved_at": N_("Resolved at"), "data": N_("Data"), "op_id": N_("Change id"),
    "base_version": N_("Based on version"), "ref_version": N_("Version"),
}  # fmt: skip

# Coded values shown in words.
VALUES: dict[str, dict[str, str]] = {
    "stage": {**STATUS_LABELS},
    "status": {**STATUS_LABELS, "draft": N_("Draft"), "signed": N_("Signed")},
    "offender_category": CATEGORY_LABELS,
    "offender_kind": {"person": N_("Person"), "organisation": N_("Organisation")},
    "penalty": {"fine": N_("Fine"), "warning": N_("Warning")},
    "roles": ROLE_LABELS,
    "majority_base": MAJORITY_BASES,
}
KINDS = {"meeting": MEETING_KINDS, "agenda_item": AGENDA_KINDS}  # "kind" differs by record
