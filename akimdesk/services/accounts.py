"""User accounts: slow password hashes, sign-in with lock-out, and the administrator's changes.

Passwords are hashed with scrypt (standard library, memory-hard): 16 MiB and about 50 ms per
try on an office PC, so a copied database file does not give its passwords away cheaply.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.fields import check_texts
from akimdesk.domain.roles import ADMINISTRATOR, ROLES
from akimdesk.i18n import N_, Msg, format_datetime, msg
from akimdesk.models import UserAccount, utcnow
from akimdesk.services import settings
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8

WRONG = N_("Wrong login or password.")
INACTIVE = N_("This account has been switched off. Ask the administrator.")


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
            maxmem=64 * 1024 * 1024,
        )  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(key))


def password_problem(password: str, login: str) -> str | Msg | None:
    if len(password) < MIN_PASSWORD:
        return msg("The password must have at least {n} characters.", n=MIN_PASSWORD)
    if password.strip().lower() == login.strip().lower():
        return N_("The password must not be the login.")
    return None


@dataclass
class AccountInput:
    login: str = ""
    full_name: str = ""
    roles: list[str] = field(default_factory=list)
    password: str = ""  # for a new account only
    password_again: str = ""
    active: bool = True

    def check(self, new: bool) -> dict[str, str | Msg]:
        errors: dict[str, str | Msg] = {}
        login = self.login.strip().lower()
        if not login:
            errors["login"] = N_("Enter a login.")
        elif len(login) > 50 or any(c.isspace() for c in login):
            errors["login"] = N_("A login is one word of at most 50 characters.")
        if not self.full_name.strip():
            errors["full_name"] = N_("Enter the person's full name.")
        check_texts("user_account", self, errors)
        if not self.roles:
            errors["roles"] = N_("Choose at least one role.")
        elif any(r not in ROLES for r in self.roles):
            errors["roles"] = N_("Unknown role.")
        if new:
            if problem := password_problem(self.password, login):
                errors["password"] = problem
            elif self.password != self.password_again:
                errors["password_again"] = N_("The two passwords differ.")
        return errors


def actor_of(account: UserAccount) -> Actor:
    return Actor(account.full_name, frozenset(account.roles), login=account.login)


def has_accounts(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(UserAccount)) or 0) > 0


def all_accounts(session: Session) -> list[UserAccount]:
    return list(session.scalars(select(UserAccount).order_by(UserAccount.login)))


def _by_login(session: Session, login: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(UserAccount.login == login.strip().lower()))


def create(db: Database, actor: Actor, data: AccountInput) -> uuid.UUID:
    """The first account is made by whoever sets the PC up and gets every role; after that only
    an administrator adds accounts."""
    errors = data.check(new=True)
    with db.read() as s:
        first = not has_accounts(s)
        if first:
            errors.pop("roles", None)
        if not errors.get("login") and _by_login(s, data.login):
            errors["login"] = N_("This login is taken.")
    if errors:
        raise ValidationError(errors)
    action = "office.set_up" if first else "users.create"
    with operation(db, actor, action) as op:
        account = UserAccount(
            id=uuid.uuid4(), login=data.login.strip().lower(), full_name=data.full_name.strip(),
            roles=list(ROLES) if first else _ordered(data.roles),
            password_hash=hash_password(data.password), active=True,
        )  # fmt: skip
        op.add(account)
        return account.id


def _ordered(roles: list[str]) -> list[str]:
    return [r for r in ROLES if r in roles]


def update(db: Database, actor: Actor, account_id: uuid.UUID, data: AccountInput) -> None:
    """Name, roles and whether the account may sign in. The login stays: the audit names it."""
    errors = data.check(new=False)
    errors.pop("login", None)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "users.update") as op:
        account = op.session.get(UserAccount, account_id)
        if account is None:
            raise fail("", N_("The account was not found."))
        before = op.snapshot(account)
        account.full_name, account.roles = data.full_name.strip(), _ordered(data.roles)
        account.active = data.active
        if not data.active and account.login == actor.login:
            raise fail("active", N_("You cannot switch off your own account."))
        op.session.flush()
        if not _administrators(op.session):
            # Someone must be able to manage accounts and settings, or the office is stuck.
            raise fail("roles", N_("The office must keep at least one active administrator."))
        op.changed(account, before)


def _administrators(session: Session) -> int:
    return sum(
        1 for a in session.scalars(select(UserAccount).where(UserAccount.active.is_(True)))
        if ADMINISTRATOR in a.roles
    )  # fmt: skip


def reset_password(
    db: Database, actor: Actor, account_id: uuid.UUID, password: str, again: str
) -> None:
    """A temporary password from the administrator; the person must choose her own at sign-in."""
    with operation(db, actor, "users.reset_password") as op:
        account = op.session.get(UserAccount, account_id)
        if account is None:
            raise fail("", N_("The account was not found."))
        if problem := password_problem(password, account.login):
            raise fail("password", problem)
        if password != again:
            raise fail("password_again", N_("The two passwords differ."))
        before = op.snapshot(account)
        account.password_hash = hash_password(password)
        account.must_change_password = account.login != actor.login
        account.failed_attempts, account.locked_until = 0, None
        op.changed(account, before)


def unlock(db: Database, actor: Actor, account_id: uuid.UUID) -> None:
    with operation(db, actor, "users.unlock") as op:
        account = op.session.get(UserAccount, account_id)
        if account is None:
            raise fail("", N_("The account was not found."))
        before = op.snapshot(account)
        account.failed_attempts, account.locked_until = 0, None
        op.changed(account, before)


def change_own_password(db: Database, actor: Actor, old: str, new: str, again: str) -> None:
    with operation(db, actor, "users.change_own_password") as op:
        account = _by_login(op.session, actor.login)
        if account is None or not verify_password(old, account.password_hash):
            raise fail("old_password", N_("The current password is wrong."))
        if problem := password_problem(new, account.login):
            raise fail("password", problem)
        if new == old:
            raise fail("password", N_("Choose a password different from the current one."))
        if new != again:
            raise fail("password_again", N_("The two passwords differ."))
        before = op.snapshot(account)
        account.password_hash, account.must_change_password = hash_password(new), False
        op.changed(account, before)


class LoginRefused(Exception):
    def __init__(self, message: str | Msg) -> None:
        super().__init__(str(message))
        self.message = message


def authenticate(db: Database, login: str, password: str, now: datetime | None = None) -> Actor:
    """The actor for a right password; LoginRefused otherwise. Every try is in the audit log.
    After `security.max_failures` wrong passwords in a row the account waits
    `security.lockout_minutes` (or the administrator unlocks it).

    The slow hash is checked before the write begins, so a sign-in never holds the database's
    write lock for it; the outcome then decides the action written."""
    now = now or utcnow()
    with db.read() as s:
        account = _by_login(s, login)
        locked = bool(account and account.locked_until and account.locked_until > now)
        right = bool(account and not locked and verify_password(password, account.password_hash))
    if account is not None and locked:
        raise LoginRefused(_locked(account.locked_until))  # type: ignore[arg-type]
    if right and account is not None and account.active:
        actor = actor_of(account)
        with operation(db, actor, "auth.login") as op:
            row = op.session.get(UserAccount, account.id)
            assert row is not None  # accounts are never deleted
            before = op.snapshot(row)
            row.failed_attempts, row.locked_until, row.last_login_at = 0, None, now
            op.changed(row, before)
        return actor
    attempt = Actor(login.strip().lower() or "?", frozenset(), login=login.strip().lower())
    refusal: str | Msg = INACTIVE if right else WRONG
    with operation(db, attempt, "auth.failed") as op:
        if account is None:
            op.note("user_account", "", None, {"login": attempt.login})
        elif not right:
            rules = settings.load(op.session)
            row = op.session.get(UserAccount, account.id)
            assert row is not None  # accounts are never deleted
            before = op.snapshot(row)
            row.failed_attempts += 1
            if row.failed_attempts >= int(rules["security.max_failures"]):
                row.locked_until = now + timedelta(minutes=int(rules["security.lockout_minutes"]))
                row.failed_attempts = 0
                refusal = _locked(row.locked_until)
            op.changed(row, before)
    raise LoginRefused(refusal)


def _locked(until: datetime) -> Msg:
    return msg(
        "Too many wrong passwords: the account is locked until {when}. The administrator can "
        "unlock it sooner.",
        when=format_datetime(until),
    )


def must_change_password(db: Database, actor: Actor) -> bool:
    with db.read() as s:
        account = _by_login(s, actor.login)
        return bool(account and account.must_change_password)
