"""Money written one way everywhere (Babel's kk_KZ / ru_KZ currency format), and demo data that
reads as a real office writes."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from akimdesk import reports
from akimdesk.i18n import format_money
from akimdesk.models import FineCase
from akimdesk.services.demo import generate_fines, russian_patronymic
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_text

NBSP = "\u00a0"


# --- item 12: money ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_money_is_babels_currency_format_of_kazakhstan(lang):
    from babel.numbers import format_currency

    locale = {"kk": "kk_KZ", "ru": "ru_KZ"}[lang]
    assert format_money(432_500 * 100, lang) == format_currency(432_500, "KZT", locale=locale)
    assert format_money(432_500 * 100, lang) == f"432{NBSP}500,00{NBSP}₸"
    assert format_money(4_325 * 100 + 5, lang) == f"4{NBSP}325,05{NBSP}₸"


def test_the_mrp_is_written_as_money_on_screen_and_on_paper(qtbot, ctx, tmp_path):
    """ "4 325 ₸" beside "43 250,00 ₸": the МРП value was printed as a bare number."""
    from akimdesk.services.fines import cases
    from akimdesk.services.fines.validation import DecisionInput
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.settings_screen import SettingsScreen
    from tests.support.fines import case_input

    today = date.today()
    data = case_input(ctx.db, 1)
    data.offence_date, data.protocol_date = today - timedelta(days=5), today - timedelta(days=4)
    case = cases.create_case(ctx.db, ACTOR, data)
    cases.issue_decision(ctx.db, ACTOR, case.id, DecisionInput(today, "fine", 20))
    case = cases.get_case(ctx.db, case.id)
    mrp = format_money(case.mrp_value * 100)
    dialog = CaseDialog(ctx, case.id)
    qtbot.addWidget(dialog)
    assert f"× {mrp} =" in dialog.amount_label.text()
    assert f"= {mrp}," in dialog.form.suggestion.text()
    screen = SettingsScreen(ctx)
    qtbot.addWidget(screen)
    cells = [screen.mrp.item(r, 2).text() for r in range(screen.mrp.rowCount())]
    assert all(re.fullmatch(rf"\d{{1,3}}{NBSP}\d{{3}},00{NBSP}₸", c) for c in cells), cells
    path = tmp_path / "decision.pdf"
    path.write_bytes(reports.render("fine-decision", ctx.db, {"number": case.number}, "kk"))
    spaced = mrp.replace(NBSP, " ")
    assert f"1 АЕК = {spaced}" in " ".join(pdf_text(path).split())  # its note under the fine


def test_no_money_is_formatted_by_hand():
    """Every amount goes through i18n.format_money: no "{…} ₸" pattern or hand-made ₸ suffix is
    left in the code (a column title such as "Value, ₸" is a word, not an amount)."""
    offenders = []
    for path in Path("akimdesk").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef) and n.body
                and isinstance(n.body[0], ast.Expr)}  # fmt: skip
        for node in ast.walk(tree):
            if id(node) in docs:
                continue
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and re.search(r"\}\s*₸|\d\s*₸", text):
                offenders.append(f"{path}:{node.lineno}: {text[:60]}")
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and "₸" in str(v.value) for v in node.values
            ):
                offenders.append(f"{path}:{node.lineno}: an f-string with ₸")
    assert not offenders, offenders


# --- item 13: demo data ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("father", "son", "daughter"),
    [("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Андрей", "Андреевич", "Андреевна"),
     ("Юрий", "Юрьевич", "Юрьевна"), ("Сергей", "Сергеевич", "Сергеевна"),
     ("Александр", "Александрович", "Александровна"), ("Виктор", "Викторович", "Викторовна"),
     ("Василий", "Васильевич", "Васильевна"), ("Георгий", "Георгиевич", "Георгиевна"),
     ("Николай", "Николаевич", "Николаевна")],
)  # fmt: skip
def test_russian_patronymics_are_declined_as_written(father, son, daughter):
    assert russian_patronymic(father, True) == son
    assert russian_patronymic(father, False) == daughter


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_demo_cases_read_as_an_office_writes(db, lang):
    generate_fines(db, ACTOR, 600, today=TODAY, lang=lang)
    with db.read() as s:
        people = s.execute(select(FineCase.patronymic, FineCase.org_name)).all()
    patronymics = {p for p, _org in people if p}
    assert not {p for p in patronymics if re.search(r"[йь]ов(ич|на)$", p)}
    assert {"Дмитриевич", "Дмитриевна", "Юрьевич"} & patronymics
    orgs = {o for _p, o in people if o}
    assert orgs
    if lang == "kk":
        assert all(o.endswith(("ЖШС", "ШҚ", "ЖК", "ӨК")) for o in orgs), orgs
    else:
        assert all(o.startswith(("ТОО", "КХ", "ИП", "ПК")) for o in orgs), orgs


def test_demo_progress_does_not_run_together_in_a_log(tmp_path):
    """Written to a file (not a terminal), the progress of three generators gave one line like
    "0/2020/20"; now each result is a line of its own and nothing else."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "akimdesk",
            "demo",
            "--fines",
            "30",
            "--meetings",
            "3",
            "--assets",
            "5",
            "--data-dir",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        check=True,
    )  # fmt: skip (bytes: text mode would turn the carriage returns into new lines)
    assert run.stderr == b"" and b"\r" not in run.stdout
    lines = run.stdout.decode("utf-8").strip().splitlines()
    assert len(lines) == 3 and all(re.search(r": \d+ \(", line) for line in lines), lines
