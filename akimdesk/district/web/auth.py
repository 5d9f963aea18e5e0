"""Signing in and out, and the language switch. Passwords are scrypt hashes as on the office
PCs (services.accounts); five wrong passwords in a row lock the login for five minutes."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from akimdesk.district.models import DistrictLog, DistrictUser, WebSession, now
from akimdesk.district.web.core import (
    LANG_COOKIE,
    LANGS,
    PREFIX,
    SESSION_COOKIE,
    Viewer,
    check_csrf,
    new_token,
    render,
    secure,
    server_of,
    token_digest,
    viewer,
)
from akimdesk.i18n import N_
from akimdesk.services.accounts import WRONG, hash_password, password_problem, verify_password

router = APIRouter(include_in_schema=False)
ROLES = ("viewer", "editor")
SESSION_HOURS = 12
LOCK_AFTER, LOCK_MINUTES = 5, 5
LOCKED = N_("Too many wrong passwords. Try again in a few minutes.")


def add_user(
    s: Session, login: str, full_name: str, role: str, district: str, password: str
) -> DistrictUser:
    """For the district's IT person (akimdesk-server add-user)."""
    if role not in ROLES:
        raise ValueError(f"role is one of {', '.join(ROLES)}")
    if not district.strip():
        raise ValueError("a district user needs the district whose offices they see")
    problem = password_problem(password, login)
    if problem is not None:
        raise ValueError(str(problem))
    if s.scalar(select(DistrictUser).where(func.lower(DistrictUser.login) == login.lower())):
        raise ValueError(f"login {login} is taken")
    user = DistrictUser(login=login.strip(), full_name=full_name.strip(), role=role,
                        district=district.strip(), password_hash=hash_password(password))  # fmt: skip
    s.add(user)
    s.flush()
    return user


def _safe_next(target: str | None) -> str:
    # Only a path of this site: a link crafted to send a person elsewhere after sign-in fails.
    if target and target.startswith(PREFIX + "/") and not target.startswith("//"):
        return target
    return f"{PREFIX}/"


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    return render(request, None, "login.html", next=_safe_next(next), error="", login="")


@router.post("/login")
def login(
    request: Request,
    login: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    login = login.strip()
    user = server_of(request).run(
        lambda s: s.scalar(
            select(DistrictUser).where(func.lower(DistrictUser.login) == login.lower())
        )
    )
    # The hash is checked outside the transaction: 40-50 ms of scrypt must not hold a row lock.
    good = user is not None and verify_password(password, user.password_hash)
    token = new_token()

    def decide(s: Session) -> str | None:
        if user is None:
            s.add(DistrictLog(login=login[:60], district="", action="login_failed", subject=""))
            return WRONG
        u = s.get(DistrictUser, user.id, with_for_update=True)
        assert u is not None
        if u.disabled_at is not None:
            return WRONG
        if u.locked_until is not None and u.locked_until > now():
            return LOCKED
        if not good:
            u.failed_logins += 1
            if u.failed_logins >= LOCK_AFTER:
                u.failed_logins, u.locked_until = 0, now() + timedelta(minutes=LOCK_MINUTES)
            s.add(
                DistrictLog(login=u.login, district=u.district, action="login_failed", subject="")
            )
            return WRONG
        u.failed_logins, u.locked_until = 0, None
        s.execute(delete(WebSession).where(WebSession.expires_at < now()))
        s.add(WebSession(token_hash=token_digest(token), user_id=u.id, csrf=new_token(),
                         expires_at=now() + timedelta(hours=SESSION_HOURS)))  # fmt: skip
        s.add(DistrictLog(login=u.login, district=u.district, action="login", subject=""))
        return None

    error = server_of(request).run(decide)
    if error is not None:
        return render(request, None, "login.html", status_code=401, next=_safe_next(next),
                      error=error, login=login)  # fmt: skip
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="lax", path=PREFIX, secure=secure(request))  # fmt: skip
    return response


@router.post("/logout")
def logout(
    request: Request, v: Annotated[Viewer, Depends(viewer)], csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(v, csrf)
    digest = token_digest(request.cookies.get(SESSION_COOKIE, ""))
    server_of(request).run(
        lambda s: s.execute(delete(WebSession).where(WebSession.token_hash == digest))
    )
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str, next: str = "") -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    if lang in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path=PREFIX,
                            secure=secure(request))  # fmt: skip
    return response


@router.get("/")
def home(v: Annotated[Viewer, Depends(viewer)]) -> Response:
    return RedirectResponse(f"{PREFIX}/health", status_code=303)
