"""Which page F1 opens: by the class of the screen or dialog in front (module.Class), the first
found walking up from the widget that has the keyboard. Kept here, as names, so that no screen
carries help code and a moved class shows in one test (tests/test_help_ui.py)."""

from __future__ import annotations

from akimdesk.i18n import N_

UI = "akimdesk.ui."

PAGES: dict[str, str] = {
    # signing in, the first run (the main window shows the page of the screen on view: STACKS)
    "setup_dialog.SetupDialog": "start",
    "accounts.dialogs.LoginDialog": "start",
    "help.first_steps.FirstStepsPanel": "start",
    "help.window.HelpWindow": "help",
    # accounts and officials
    "accounts.dialogs.FirstAccountDialog": "officials-accounts",
    "accounts.dialogs.ChangePasswordDialog": "officials-accounts",
    "accounts.users_tab.UsersTab": "officials-accounts",
    "accounts.users_tab.AccountDialog": "officials-accounts",
    "accounts.users_tab.ResetDialog": "officials-accounts",
    "officials_tab.OfficialsTab": "officials-accounts",
    # settings
    "settings_screen.SettingsScreen": "settings",
    "assemblies.rules_tab.AssemblyRulesTab": "settings",
    "backup_tab.BackupTab": "backups",
    # fines
    "fines.register.FinesScreen": "fines-register",
    "fines.case_dialog.CaseDialog": "fine-protocol",
    "journal.wizard.ImportWizard": "import",
    "common.preview.PreviewDialog": "printing",
    # property
    "property.screen.PropertyScreen": "property-register",
    "property.screen.RegisterPanel": "property-register",
    "property.asset_dialog.AssetDialog": "property-register",
    "property.leases.LeasesPanel": "property-leases",
    "property.campaigns.CampaignsPanel": "property-inventory",
    "property.campaigns.CampaignStartDialog": "property-inventory",
    "property.campaigns.CampaignDialog": "property-inventory",
    # assemblies
    "assemblies.screen.AssembliesScreen": "meetings",
    "assemblies.screen.MeetingsPanel": "meetings",
    "assemblies.members_panel.MembersPanel": "assembly-members",
    "assemblies.members_panel.MemberDialog": "assembly-members",
    "assemblies.meeting_dialog.MeetingDialog": "meetings",
    "assemblies.details_tab.DetailsTab": "meetings",
    "assemblies.attendance_tab.AttendanceTab": "meetings",
    "assemblies.agenda_tab.AgendaTab": "meetings",
    "assemblies.follow_up_tab.FollowUpTab": "minutes-publication",
    "assemblies.addenda_tab.AddendaTab": "minutes-publication",
    # sync and the audit log
    "sync_screen.SyncScreen": "sync",
    "sync_screen.LinkDialog": "sync",
    "audit.screen.AuditScreen": "audit-check",
}

# A tab of a screen or dialog with a page of its own: (class, attribute holding the tab) -> page,
# used while that tab is the one on view.
TABS: dict[str, dict[str, str]] = {
    "fines.case_dialog.CaseDialog": {"state_tab": "fine-decision"},
    "property.asset_dialog.AssetDialog": {"leases": "property-leases"},
}

# A window that holds screens in a stack: F1 outside them (on the list of screens) opens the page
# of the screen on view.
STACKS: dict[str, str] = {"main_window.MainWindow": "stack"}

# Windows that are part of the one that opened them and show its page, unless their title says
# which step they are (a dialog asking for one step's details).
# common.dialogs.EditDialog is only the base of dialogs that have their own page.
SHARED = {
    "common.action_dialog.ActionDialog",
    "common.dialogs.EditDialog",
    "property.screen.LazyPanel",
}
BY_TITLE: dict[str, str] = {
    N_("Issue decision"): "fine-decision",
    N_("Record delivery"): "fine-decision",
    N_("Record appeal"): "fine-decision",
    N_("Result of appeal"): "fine-decision",
    N_("Hearing notice delivered"): "fine-protocol",
    N_("Record payment"): "fine-payment",
    N_("Grant deferral"): "fine-payment",
    N_("Grant instalments"): "fine-payment",
    N_("Send for enforcement"): "fine-enforcement",
    N_("Result of enforcement"): "fine-enforcement",
    N_("Cancel case"): "fine-enforcement",
    N_("Correction"): "fine-enforcement",
    N_("Dates checked"): "import",
    N_("New lease"): "property-leases",
    N_("Rent received"): "property-leases",
    N_("End the lease early"): "property-leases",
    N_("Close the inventory"): "property-inventory",
}

FALLBACK = "start"


def page_of(class_name: str) -> str | None:
    """`class_name`: module.Class of a widget under akimdesk.ui."""
    return PAGES.get(class_name.removeprefix(UI))


def tabs_of(class_name: str) -> dict[str, str]:
    return TABS.get(class_name.removeprefix(UI), {})


def stack_of(class_name: str) -> str | None:
    return STACKS.get(class_name.removeprefix(UI))


def is_shared(class_name: str) -> bool:
    return class_name.removeprefix(UI) in SHARED
