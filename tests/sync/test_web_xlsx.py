"""The district's XLSX downloads carry an office's texts as text: a name that looks like a
formula stays a name, in every table."""

from __future__ import annotations

import dataclasses
import io
import re

from openpyxl import load_workbook

from akimdesk.services.fines import cases
from tests.conftest import ACTOR, TODAY
from tests.support.fines import case_input
from tests.sync.conftest import sync_round
from tests.sync.district import add_office, add_user, office_pc, signed_in

FORMULA = '=HYPERLINK("http://example.com/x","x")'


def test_a_formula_from_an_office_is_text_in_the_districts_xlsx(server, server_db, tmp_path):
    db = office_pc(tmp_path / "office", server.url, add_office(server_db))
    try:
        data = dataclasses.replace(
            case_input(db, 1), surname=FORMULA, first_name="=cmd|' /C calc'!A0"
        )
        cases.create_case(db, ACTOR, data, today=TODAY)
        assert sync_round(db).rejected == 0
    finally:
        db.close()
    add_user(server_db, "aidos")
    h = signed_in(server.url, "aidos")
    page = h.get("/district/fines?year=2026").text
    office = re.search(r"/district/fines/office/([0-9a-f-]{36})\?year", page).group(1)
    r = h.get(f"/district/fines/office/{office}?year=2026&export=cases")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(names) == 1 and names[0].startswith(f"{FORMULA} =cmd|"), names
