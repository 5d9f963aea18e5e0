"""Accounts and roles: slow hashes, sign-in with lock-out, and every write checked against the
role in the service layer (the single write path), not only by hidden buttons."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from akimdesk.domain import roles
from akimdesk.i18n import render
from akimdesk.models import (
    AuditEntry,
    Base,
    FineCase,
    Meeting,
    UserAccount,
    load_all,
    utcnow,
)
from akimdesk.services import accounts, settings
from akimdesk.services.accounts import AccountInput, LoginRefused
from akimdesk.services.assemblies import meetings
from akimdesk.services.errors import PermissionDenied, ValidationError
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import make_meeting, make_members
from tests.support.fines import case_input
from tests.test_cli import run

PASSWORD = "Көктем-2026"


def account(login: str, *role: str) -> AccountInput:
    return AccountInput(login, f"{login.title()} Test", list(role), PASSWORD, PASSWORD)


@pytest.fixture
def office(db):
    """An office with its first account (the administrator, every role) and one per role."""
    accounts.create(db, ACTOR, account("admin"))
    admin = accounts.authenticate(db, "admin", PASSWORD)
    for role in roles.ROLES:
        accounts.create(db, admin, account(role, role))
    return db


def sign_in(db, login: str):
    return accounts.authenticate(db, login, PASSWORD)


def audit_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_passwords_are_slow_salted_hashes():
    h1, h2 = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2  # salted
    assert accounts.verify_password(PASSWORD, h1)
    assert not accounts.verify_password(PASSWORD + "x", h1)
    assert not accounts.verify_password(PASSWORD, "garbage")
    assert accounts.password_problem("short", "x") is not None
    assert accounts.password_problem("aigerim01", "AIGERIM01") is not None


def test_first_account_gets_every_role_then_only_the_administrator_adds(office):
    with office.read() as s:
        first = s.scalar(select(UserAccount).where(UserAccount.login == "admin"))
        assert first.roles == list(roles.ROLES)
        hashes = [a.password_hash for a in accounts.all_accounts(s)]
        audited = " ".join(str(a.after) for a in s.scalars(select(AuditEntry)))
    assert all(h.startswith("scrypt$") for h in hashes)
    assert not any(h in audited for h in hashes)  # the audit log never holds a hash
    with pytest.raises(ValidationError) as err:
        accounts.create(office, sign_in(office, "admin"), account("Admin", "akim"))
    assert "login" in err.value.errors  # logins are compared in lower case


def test_wrong_input_is_refused_field_by_field(office):
    admin = sign_in(office, "admin")
    bad = AccountInput("two words", "", [], "short", "other")
    with pytest.raises(ValidationError) as err:
        accounts.create(office, admin, bad)
    assert set(err.value.errors) == {"login", "full_name", "roles", "password"}
    with pytest.raises(ValidationError) as err:
        accounts.create(office, admin, AccountInput("x1", "X", ["akim"], PASSWORD, PASSWORD + "!"))
    assert set(err.value.errors) == {"password_again"}


def test_lock_out_after_repeated_failures_and_unlock(office):
    max_failures = 5
    now = utcnow()
    for i in range(max_failures - 1):
        with pytest.raises(LoginRefused) as err:
            accounts.authenticate(office, "specialist", "wrong-password", now=now)
        assert err.value.message == accounts.WRONG, i
    with pytest.raises(LoginRefused) as err:
        accounts.authenticate(office, "specialist", "wrong-password", now=now)
    assert "locked until" in str(err.value.message)
    # Locked: even the right password waits.
    with pytest.raises(LoginRefused):
        accounts.authenticate(office, "specialist", PASSWORD, now=now + timedelta(minutes=1))
    # After the lock-out time, the right password works again.
    assert accounts.authenticate(office, "specialist", PASSWORD, now=now + timedelta(minutes=16))
    # Or the administrator unlocks at once.
    for _ in range(max_failures):
        with pytest.raises(LoginRefused):
            accounts.authenticate(office, "specialist", "wrong-password")
    with pytest.raises(LoginRefused):
        sign_in(office, "specialist")
    with office.read() as s:
        target = s.scalar(select(UserAccount.id).where(UserAccount.login == "specialist"))
        failed = s.scalar(select(func.count()).where(AuditEntry.action == "auth.failed"))
    assert failed >= 2 * max_failures  # every wrong try is in the audit log
    accounts.unlock(office, sign_in(office, "admin"), target)
    assert sign_in(office, "specialist").login == "specialist"


def test_unknown_login_and_switched_off_account(office):
    with pytest.raises(LoginRefused) as err:
        accounts.authenticate(office, "nobody", PASSWORD)
    assert err.value.message == accounts.WRONG  # the same words: a login is not given away
    admin = sign_in(office, "admin")
    with office.read() as s:
        target = s.scalar(select(UserAccount).where(UserAccount.login == "secretary"))
    data = AccountInput("secretary", target.full_name, ["secretary"], active=False)
    accounts.update(office, admin, target.id, data)
    with pytest.raises(LoginRefused) as err:
        sign_in(office, "secretary")
    assert err.value.message == accounts.INACTIVE


def test_a_specialist_cannot_sign_a_decision_or_change_users_even_calling_the_service(office):
    specialist = sign_in(office, "specialist")
    case = cases.create_case(office, specialist, case_input(office, 1), today=TODAY)
    before = audit_count(office)
    with pytest.raises(PermissionDenied) as err:
        cases.issue_decision(office, specialist, case.id, DecisionInput(TODAY, "fine", 20), TODAY)
    assert "Әкім" in render(err.value.errors[""], "kk")  # which role it needs, in words
    assert "Аким" in render(err.value.errors[""], "ru")
    with pytest.raises(PermissionDenied):
        accounts.create(office, specialist, account("newcomer", "akim"))
    with office.read() as s:
        admin_id = s.scalar(select(UserAccount.id).where(UserAccount.login == "admin"))
    with pytest.raises(PermissionDenied):
        accounts.update(office, specialist, admin_id, AccountInput("admin", "X", ["specialist"]))
    with pytest.raises(PermissionDenied):
        accounts.reset_password(office, specialist, admin_id, PASSWORD + "1", PASSWORD + "1")
    with pytest.raises(PermissionDenied):
        settings.save(office, specialist, {"fines.appeal_days": 30})
    with pytest.raises(PermissionDenied):
        cases.add_payment(office, specialist, case.id, TODAY, 100, "1")
    # Nothing was written by the refused calls.
    assert audit_count(office) == before
    with office.read() as s:
        assert s.get(FineCase, case.id).stage == "protocol"
        assert s.scalar(select(func.count()).select_from(UserAccount)) == 6
    # The akim may.
    decided = cases.issue_decision(
        office, sign_in(office, "akim"), case.id, DecisionInput(TODAY, "fine", 20), TODAY
    )
    assert decided.stage == "decided"


def test_only_the_akim_signs_minutes(office):
    secretary = sign_in(office, "secretary")
    members = make_members(office, secretary, 10)
    meeting_id, _ref = make_meeting(office, secretary, members)
    for login in ("secretary", "specialist", "accountant", "administrator"):
        with pytest.raises(PermissionDenied):
            meetings.sign(office, sign_in(office, login), meeting_id, today=TODAY)
    with pytest.raises(PermissionDenied):  # a specialist does not keep minutes either
        make_meeting(office, sign_in(office, "specialist"), members)
    meetings.sign(office, sign_in(office, "akim"), meeting_id, today=TODAY)
    with office.read() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting.status == "signed" and meeting.signed_by == "Akim Test"
        who = s.scalar(select(AuditEntry.user).where(AuditEntry.action == "meeting.sign"))
    assert who == "Akim Test (akim)"  # the audit log names the login


def test_the_office_keeps_an_administrator(office):
    admin = sign_in(office, "admin")
    with office.read() as s:
        ids = {a.login: a.id for a in accounts.all_accounts(s)}
    accounts.update(office, admin, ids["administrator"],
                    AccountInput("administrator", "A", ["akim"]))  # fmt: skip
    with pytest.raises(ValidationError) as err:
        accounts.update(office, admin, ids["admin"], AccountInput("admin", "A", ["akim"]))
    assert "roles" in err.value.errors
    with pytest.raises(ValidationError) as err:
        accounts.update(office, admin, ids["admin"],
                        AccountInput("admin", "A", list(roles.ROLES), active=False))  # fmt: skip
    assert "active" in err.value.errors
    with office.read() as s:
        assert roles.ADMINISTRATOR in s.get(UserAccount, ids["admin"]).roles


def test_temporary_password_must_be_changed(office):
    admin = sign_in(office, "admin")
    with office.read() as s:
        target = s.scalar(select(UserAccount.id).where(UserAccount.login == "accountant"))
    accounts.reset_password(office, admin, target, "vremennyi-1", "vremennyi-1")
    actor = accounts.authenticate(office, "accountant", "vremennyi-1")
    assert accounts.must_change_password(office, actor)
    with pytest.raises(ValidationError) as err:
        accounts.change_own_password(office, actor, "wrong", "new-secret-1", "new-secret-1")
    assert "old_password" in err.value.errors
    accounts.change_own_password(office, actor, "vremennyi-1", "new-secret-1", "new-secret-1")
    assert not accounts.must_change_password(office, actor)
    assert accounts.authenticate(office, "accountant", "new-secret-1")


def test_accounts_are_never_deleted(office):
    with office.write() as s, pytest.raises(Exception, match="never deleted"):
        s.execute(text("DELETE FROM user_account"))


def test_every_write_names_an_action_with_roles():
    """A new operation() without an entry in domain.roles would fail at once in use; this finds
    it before: every literal action in the code is in the table, and every action has words in
    the audit log screen."""
    from akimdesk.services.audit_labels import ACTIONS

    found = set()
    for path in Path("akimdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "operation", "require",
            ):  # fmt: skip
                for arg in node.args:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and "." in arg.value
                    ):
                        found.add(arg.value)
    assert found, "no operations found"
    assert found <= set(roles.PERMISSIONS), found - set(roles.PERMISSIONS)
    assert set(roles.PERMISSIONS) <= set(ACTIONS), set(roles.PERMISSIONS) - set(ACTIONS)


def test_every_audited_field_has_words():
    from akimdesk.services.audit_labels import ENTITIES, FIELDS, HIDDEN

    skip = {"audit", "outbox", "sync_inbox", "alembic_version"}
    load_all()
    for table in Base.metadata.sorted_tables:
        if table.name in skip:
            continue
        assert table.name in ENTITIES, table.name
        missing = {c.name for c in table.columns} - set(FIELDS) - HIDDEN
        assert not missing, (table.name, missing)


def test_command_line_signs_in_once_accounts_exist(tmp_path, monkeypatch):
    data = tmp_path / "data"
    run("demo", "--fines", "3", data_dir=data)  # no accounts yet: the PC's own user
    from akimdesk.storage.database import open_database

    db = open_database(data)
    try:
        accounts.create(db, ACTOR, account("admin"))
        accounts.create(db, sign_in(db, "admin"), account("clerk", "specialist"))
    finally:
        db.close()
    refused = run("demo", "--fines", "3", data_dir=data, check=False)
    assert refused.returncode == 2 and "--user" in refused.stderr
    monkeypatch.setenv("AKIMDESK_PASSWORD", PASSWORD)
    denied = run("demo", "--fines", "3", "--user", "clerk", data_dir=data, check=False)
    assert denied.returncode == 1 and "Әкімші" in denied.stderr  # needs the administrator
    wrong = run("demo", "--fines", "3", "--user", "nobody", data_dir=data, check=False)
    assert wrong.returncode == 2
    run("demo", "--fines", "3", "--user", "admin", data_dir=data)
    assert run("check", data_dir=data).returncode == 0  # the check needs no sign-in
