"""District web view helpers: offices in two districts, district users, a signed-in client."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx

from akimdesk.services.office import set_up
from akimdesk.storage.database import Database, open_database
from akimdesk.sync import client
from tests.conftest import ACTOR, OFFICE
from tests.support.server import server_cli

PASSWORD = "district-pass-1"
OTHER = dataclasses.replace(
    OFFICE, name_kk="Көктерек ауылдық округі әкімінің аппараты",
    name_ru="Аппарат акима Коктерекского сельского округа", district="Ескелді ауданы",
    bin="990240000010",
)  # fmt: skip
NAMES = {"aidos": "Айдос Серікұлы", "saule": "Сәуле Төлеуова", "marat": "Марат Ахметов"}
SETTLEMENTS = [("Ақсу", "Аксу"), ("Көктал", "Коктал")]


def add_office(url: str, office=OFFICE) -> str:  # type: ignore[no-untyped-def]
    args = [
        "add-office",
        "--name",
        office.name_ru,
        "--bin",
        office.bin,
        "--district",
        office.district,
    ]
    for kk, ru in SETTLEMENTS:
        args += ["--settlement", f"{kk}|{ru}"]
    return server_cli(url, *args)


def office_pc(folder: Path, server_url: str, token: str, office=OFFICE) -> Database:  # type: ignore[no-untyped-def]
    db = open_database(folder)
    set_up(db, ACTOR, office, "kk", SETTLEMENTS)
    client.link(db, server_url, token)
    return db


def add_user(url: str, login: str, role: str = "editor", district: str = OFFICE.district) -> None:
    server_cli(url, "add-user", "--login", login, "--name", NAMES.get(login, "Айдос Серікұлы"),
               "--role", role, "--district", district, "--password", PASSWORD)  # fmt: skip


def signed_in(base_url: str, login: str, lang: str = "kk") -> httpx.Client:
    h = httpx.Client(base_url=base_url, follow_redirects=False, timeout=30)
    h.cookies.set("akd_lang", lang, path="/district")
    r = h.post("/district/login", data={"login": login, "password": PASSWORD, "next": "/district/"})
    assert r.status_code == 303, r.text
    return h


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    return html[html.index(marker) + len(marker) :].split('"', 1)[0]


def two_districts(server, server_db: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Two offices of our district and one of another, each synced from its own PC; the
    district's users: an editor and a viewer, and another district's editor."""
    from tests.support.district import fill_office
    from tests.sync.conftest import sync_round

    pcs = {}
    for name, office in (("ours", OFFICE), ("other", OTHER)):
        token = add_office(server_db, office)
        db = office_pc(tmp_path / name, server.url, token, office)
        info = fill_office(db)
        assert sync_round(db).rejected == 0
        pcs[name] = (db, info)
    add_user(server_db, "aidos", "editor")
    add_user(server_db, "saule", "viewer")
    add_user(server_db, "marat", "editor", OTHER.district)
    yield pcs
    for db, _info in pcs.values():
        db.close()
