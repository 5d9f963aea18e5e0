"""Who is looking (session cookie → district user → the offices of their district), in which
language, and how a page is rendered. Every office-scoped page asks `Viewer.office()`, which
answers 404 for an office of another district: its existence is not told either."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk import i18n
from akimdesk.district import settings
from akimdesk.district.models import (
    DistrictLog,
    DistrictUser,
    OfficeAccount,
    Record,
    WebSession,
    now,
)
from akimdesk.district.web import listing
from akimdesk.district.web.tables import Table, xlsx_response

PREFIX = "/district"
SESSION_COOKIE = "akd_session"
LANG_COOKIE = "akd_lang"
LANGS = ("kk", "ru")
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
TEMPLATES.env.autoescape = True


class LoginNeeded(Exception):
    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = quote(next_url, safe="")


class NotFound(Exception):
    """An unknown page, or an office or record outside the person's district."""


class Forbidden(Exception):
    """A viewer tried what only an editor may do."""


def name_of(names: dict[uuid.UUID, str], key: object) -> str:
    """The name of the reference row `key` (an id, its text as a payload holds it, or nothing)
    among `names`; empty for none or an id the district does not know."""
    if isinstance(key, uuid.UUID):
        return names.get(key, "")
    try:
        return names.get(uuid.UUID(str(key)), "") if key else ""
    except ValueError:
        return ""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def secure(request: Request) -> bool:
    """Whether the browser came over HTTPS, so that cookies are sent back over HTTPS only.
    Behind the district's proxy this is its X-Forwarded-Proto, trusted only from the proxy's
    address given to `akimdesk-server serve --trusted-proxy`."""
    return request.url.scheme == "https"


def lang_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "")
    return lang if lang in LANGS else "kk"


@dataclass
class Viewer:
    """The signed-in district person and what they may see."""

    user: DistrictUser
    csrf: str
    lang: str
    offices: dict[uuid.UUID, OfficeAccount] = field(default_factory=dict)
    titles: dict[uuid.UUID, dict[str, str]] = field(default_factory=dict)  # the office's own names
    conf: settings.Settings = field(default_factory=settings.defaults)

    def __post_init__(self) -> None:
        # One order on every page: the names as shown, by the page's alphabet, №2 before №10.
        order = sorted(self.offices, key=lambda o: listing.natural_key(self.name(o), self.lang))
        self.offices = {o: self.offices[o] for o in order}
        self._ranks = {o: i for i, o in enumerate(order)}

    @property
    def editor(self) -> bool:
        return self.user.role == "editor"

    @property
    def office_ids(self) -> list[uuid.UUID]:
        return list(self.offices)

    def t(self, message: str) -> str:
        return i18n.translator(self.lang)(message)

    def require_editor(self) -> None:
        if not self.editor:
            raise Forbidden()

    @property
    def zone(self) -> tzinfo:
        return self.conf.zone

    def name(self, office_id: uuid.UUID) -> str:
        """The office in the page's language: as the district named it (add-office --name-kk
        --name-ru), else as the office names itself in its set-up, else the one server name."""
        office = self.offices[office_id]
        own = self.titles.get(office_id, {})
        named = office.name_kk if self.lang == "kk" else office.name_ru
        return named or own.get(f"name_{self.lang}") or office.name

    def rank(self, office_id: uuid.UUID) -> int:
        """The office's place in the common order, for sorting rows by office."""
        return self._ranks.get(office_id, len(self._ranks))

    def office(self, office_id: uuid.UUID) -> OfficeAccount:
        office = self.offices.get(office_id)
        if office is None:
            raise NotFound()
        return office

    def log(self, s: Session, action: str, subject: str, detail: dict[str, Any] | None = None):
        s.add(DistrictLog(login=self.user.login, district=self.user.district, action=action,
                          subject=subject[:300], detail=detail))  # fmt: skip


def server_of(request: Request):
    return request.app.state.server


def viewer(request: Request) -> Viewer:
    """FastAPI dependency: the signed-in person, or a redirect to the sign-in page."""
    token = request.cookies.get(SESSION_COOKIE)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not token:
        raise LoginNeeded(here)
    digest = token_digest(token)

    def load(s: Session) -> Viewer | None:
        ws = s.get(WebSession, digest)
        if ws is None or ws.expires_at < now():
            return None
        user = s.get(DistrictUser, ws.user_id)
        if user is None or user.disabled_at is not None:
            return None
        offices = s.scalars(select(OfficeAccount).where(OfficeAccount.district == user.district))
        visible = {o.id: o for o in offices}
        titles = {
            oid: payload
            for oid, payload in s.execute(
                select(Record.office_id, Record.payload).where(
                    Record.entity == "office", Record.office_id.in_(list(visible))
                )
            )
        }
        return Viewer(user, ws.csrf, lang_of(request), visible, titles, settings.load(s))

    found = server_of(request).run(load)
    if found is None:
        raise LoginNeeded(here)
    return found


def check_csrf(v: Viewer, form_token: str | None) -> None:
    if not form_token or not secrets.compare_digest(form_token, v.csrf):
        raise NotFound()  # a forged or stale form: nothing is changed


def formatters(lang: str, zone: Any = None) -> dict[str, Callable[..., str]]:
    return {
        # PostgreSQL sums bigints as numeric: whole tiyn, as tables.py takes them too
        "money": lambda tiyn: i18n.format_money(None if tiyn is None else int(tiyn), lang),
        "num": lambda n: i18n.format_number(n, lang) if n is not None else "",
        "date": lambda d: i18n.format_date(d, lang),
        "dt": lambda d: i18n.format_datetime(d, lang, zone) if d else "",
        "month": lambda m: i18n.format_month(m, lang),
    }


def render(
    request: Request,
    v: Viewer | None,
    template: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = v.lang if v else lang_of(request)
    query = request.url.query
    ctx = {
        "v": v, "lang": lang, "_": i18n.translator(lang), "prefix": PREFIX,
        "here": request.url.path, "query": query, "today": date.today(),
        "link": lambda **changes: listing.link(query, **changes),
        **formatters(lang, v.zone if v else None), **context,
    }  # fmt: skip
    return TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)


def page(
    request: Request,
    v: Viewer,
    template: str,
    tables: list[Table],
    files: tuple[str, str] = ("", ""),
    **context: Any,
) -> Response:
    """A page of tables, each sorted and paged as its query asks; `?export=<table>` answers
    that table as an XLSX file instead, named by `files` (area, period) and the table
    ("fines-by-office-2026-Q4.xlsx")."""
    for table in tables:
        listing.arrange(table, request.query_params, v.lang, v.zone)
    wanted = request.query_params.get("export")
    if wanted:
        for table in tables:
            if table.name == wanted:
                if not table.file:
                    table.file = file_name(files[0], table.name, files[1])
                return xlsx_response(table, v.lang, str(request.base_url))
        raise NotFound()
    return render(request, v, template, tables={t.name: t for t in tables}, **context)


def file_name(*parts: str) -> str:
    """ "fines", "by_office", "2026-Q4" → "fines-by-office-2026-Q4"."""
    return "-".join(p.replace("_", "-") for p in parts if p)


def year_page(
    request: Request,
    v: Viewer,
    year: str,
    template: str,
    tables_of: Callable[..., list[Table]],
    area: str,
    **context: Any,
) -> Response:
    """An overview for one year (today's by default): tables_of(session, viewer, year, today,
    query parameters)."""
    day = today(v.zone)
    y = parse_year(year, day.year)
    tables = server_of(request).run(tables_of, v, y, day, dict(request.query_params))
    return page(request, v, template, tables, files=(area, str(y)), year=y, **context)


def not_found_page(request: Request) -> Response:
    return render(request, None, "error.html", status_code=404, forbidden=False)


def forbidden_page(request: Request) -> Response:
    return render(request, None, "error.html", status_code=403, forbidden=True)


def parse_year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def today(zone: tzinfo | None = None) -> date:
    """Today in the district (its zone), not on the server's clock face."""
    return datetime.now(zone).date()
