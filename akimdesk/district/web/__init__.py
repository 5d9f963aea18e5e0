"""The district's web view: consolidated registers, sync health and reference data, rendered on
the server (FastAPI + Jinja2) in Kazakh and Russian for district staff signed in by password.

Each area is one module with its routes and its SQL: health, fines, property, assemblies,
refdata; `core` holds sign-in, language and rendering, `tables` the tables and their XLSX.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from akimdesk.district.web import (
    assemblies,
    auth,
    fines,
    health,
    property,
    refdata,
    summary,
)
from akimdesk.district.web.core import (
    PREFIX,
    Forbidden,
    LoginNeeded,
    NotFound,
    forbidden_page,
    not_found_page,
)

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="district-static")
    for module in (auth, health, fines, property, assemblies, refdata, summary):
        app.include_router(module.router, prefix=PREFIX)

    @app.exception_handler(LoginNeeded)
    async def _login(_req: Request, exc: LoginNeeded) -> Response:
        return RedirectResponse(f"{PREFIX}/login?next={exc.next_url}", status_code=303)

    @app.exception_handler(NotFound)
    async def _missing(req: Request, _exc: NotFound) -> Response:
        return not_found_page(req)

    @app.exception_handler(Forbidden)
    async def _forbidden(req: Request, _exc: Forbidden) -> Response:
        return forbidden_page(req)

    @app.get("/", include_in_schema=False)
    def _root() -> Response:
        return RedirectResponse(f"{PREFIX}/", status_code=303)
