"""Who may do what. Every write names its action, and the single write path (services.operation)
checks the action against this table, so a service cannot forget the check and a hidden button
is never the only guard.

An account may hold several roles: in a small office one person is often both the specialist
and the secretary.
"""

from __future__ import annotations

from akimdesk.i18n import N_

AKIM, SPECIALIST, ACCOUNTANT, SECRETARY, ADMINISTRATOR = (
    "akim", "specialist", "accountant", "secretary", "administrator",
)  # fmt: skip
ROLES = (AKIM, SPECIALIST, ACCOUNTANT, SECRETARY, ADMINISTRATOR)
ROLE_LABELS = {
    AKIM: N_("Akim"),
    SPECIALIST: N_("Specialist"),
    ACCOUNTANT: N_("Accountant"),
    SECRETARY: N_("Secretary"),
    ADMINISTRATOR: N_("Administrator"),
}
# Internal actors: changes that arrive from the district server during sync.
DISTRICT = "district"
# Anyone signed in (or trying to): login records, resolving one's own sync refusals.
ANYONE = "*"

_CASES = frozenset({SPECIALIST, AKIM})
_MINUTES = frozenset({SECRETARY, AKIM})
_ADMIN = frozenset({ADMINISTRATOR})
_PROPERTY = frozenset({SPECIALIST, ACCOUNTANT, AKIM})
_VALUES = frozenset({ACCOUNTANT, AKIM})

PERMISSIONS: dict[str, frozenset[str]] = {
    # Fines: the specialist keeps the cases; decisions and their cancellation are the akim's
    # (the official who imposes the penalty also defers it, Code on Administrative Offences).
    "fines.create_case": _CASES,
    "fines.correct_case": _CASES,
    "fines.deliver_decision": _CASES,
    "fines.file_appeal": _CASES,
    "fines.resolve_appeal": _CASES,
    "fines.send_to_enforcement": _CASES,
    "fines.import": _CASES,
    "fines.renumber_case": _CASES,
    "fines.record_delivery": _CASES,
    # What came back from enforcement: recovered money is a payment, so the accountant too.
    "fines.enforcement_result": frozenset({SPECIALIST, AKIM, ACCOUNTANT}),
    "fines.issue_decision": frozenset({AKIM}),
    "fines.grant_deferral": frozenset({AKIM}),
    "fines.grant_instalments": frozenset({AKIM}),
    "fines.cancel_case": frozenset({AKIM}),
    "fines.add_payment": frozenset({ACCOUNTANT}),
    # Assemblies: the secretary keeps members and minutes; the akim signs them.
    "assembly.member_add": _MINUTES,
    "assembly.member_update": _MINUTES,
    "assembly.member_end": _MINUTES,
    "meeting.create": _MINUTES,
    "meeting.update": _MINUTES,
    "meeting.attendance": _MINUTES,
    "meeting.item_save": _MINUTES,
    "meeting.item_move": _MINUTES,
    "meeting.item_withdraw": _MINUTES,
    "meeting.renumber": _MINUTES,
    "meeting.addendum": _MINUTES,
    "meeting.sign": frozenset({AKIM}),
    "meeting.publication": _MINUTES,
    "meeting.consider": frozenset({AKIM}),
    # Property: the specialist and the accountant keep the register; a change of value or of
    # the balance (by the akim's decision) is the accountant's entry; rent is the accountant's.
    "property.asset_add": _PROPERTY,
    "property.asset_update": _PROPERTY,
    "property.category_add": _PROPERTY,
    "property.attach": _PROPERTY,
    "property.attach_remove": _PROPERTY,
    "property.import": _PROPERTY,
    "property.renumber": _PROPERTY,
    "property.transfer": _VALUES,
    "property.revalue": _VALUES,
    "property.write_off": _VALUES,
    "property.lease_add": _PROPERTY,
    "property.lease_update": _PROPERTY,
    "property.lease_end": _PROPERTY,
    "property.rent_add": frozenset({ACCOUNTANT}),
    "property.inventory_start": _PROPERTY,
    "property.inventory_mark": _PROPERTY,
    "property.inventory_add_found": _PROPERTY,
    "property.inventory_close": _VALUES,
    # The office, its settings, its accounts and its data file.
    "office.set_up": frozenset({ANYONE}),  # before any account exists
    "office.update": _ADMIN,
    "office.official_save": _ADMIN,
    "settings.save": _ADMIN,
    "settings.first_steps": frozenset({ANYONE}),  # putting away the main window's first steps
    "users.create": _ADMIN,
    "users.update": _ADMIN,
    "users.reset_password": _ADMIN,
    "users.unlock": _ADMIN,
    "users.change_own_password": frozenset({ANYONE}),
    "auth.login": frozenset({ANYONE}),
    "auth.failed": frozenset({ANYONE}),
    "backup.restore": _ADMIN,
    "demo.fill": _ADMIN,
    # Sync: records and reference data from the district; a person settles her own refusals.
    "sync.records": frozenset({DISTRICT}),
    "sync.refdata": frozenset({DISTRICT}),
    "sync.keep_mine": frozenset({ANYONE}),
    "sync.take_theirs": frozenset({ANYONE}),
    "sync.dismiss": frozenset({ANYONE}),
    "sync.renumbered": frozenset({ANYONE}),
}

# What a person may look at (reads are not operations, so these are checked where they happen).
VIEW_AUDIT = frozenset({ADMINISTRATOR, AKIM})


def allowed(roles: frozenset[str] | set[str], action: str) -> bool:
    """KeyError for an action missing from the table: a new action must be given its roles."""
    needed = PERMISSIONS[action]
    return ANYONE in needed or bool(needed & set(roles))


def roles_for(action: str) -> list[str]:
    return [r for r in ROLES if r in PERMISSIONS[action]]
