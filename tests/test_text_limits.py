"""Texts are bounded where they are stored for good, and printing never stops on a long value."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.lib.units import mm
from sqlalchemy import String, text, update

from akimdesk import reports
from akimdesk.domain.fields import CATALOGUE, max_length
from akimdesk.models import Asset, Base, load_all
from akimdesk.reports.base import build_story, grid, kv_table, p
from akimdesk.services.errors import ValidationError
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_text

LONG = "Мәдениет үйі " * 400  # 5,200 characters
WORD = "Ұзынсөз" * 900  # one "word" of 6,300 characters, no space to break at


# --- the shared table helper ------------------------------------------------------------------
def test_a_cell_longer_than_a_page_wraps_and_continues_on_the_next(tmp_path):
    rows = [["1", "000199", LONG, "табылды"], ["2", "000200", "Саябақ", "табылды"],
            ["3", "000201", WORD, "табылмады"]]  # fmt: skip
    story = [p("Түгендеу тізімдемесі")]
    story += grid(["№", "Түг. №", "Атауы", "Нәтиже"], rows, [w * mm for w in (10, 25, 100, 25)])
    story.append(kv_table([("Ескертпе", LONG)]))
    path = tmp_path / "long.pdf"
    path.write_bytes(build_story(story, "kk", "long"))
    got = pdf_text(path)
    assert got.count("Мәдениет") >= 790  # every word of both long values is on paper
    assert "000200" in got and "Саябақ" in got and "табылмады" in got
    assert got.count("Атауы") >= 3  # the header repeats above each continuation


def test_what_still_cannot_be_laid_out_is_said_in_words():
    """A table of some report that does not split its rows: the person reads a sentence in her
    language, never reportlab's "Flowable ... too large on page 3"."""
    from reportlab.platypus import Table

    from akimdesk.reports.base import ReportError

    with pytest.raises(ReportError) as refused:
        build_story([Table([[p(LONG * 3)]], colWidths=[60 * mm])], "kk", "long")
    words = refused.value.message.render("kk")
    assert "Flowable" not in words and "тым ұзын" in words


@pytest.mark.parametrize(
    "report", ["inventory-list", "assets-register", "assets-untitled", "asset-card"]
)
def test_printouts_survive_long_values_recorded_before_the_limits(db, tmp_path, report):
    """A 5,000-character name already in a file (from before the limits) no longer stops the
    office's printouts for everyone."""
    from akimdesk.services.property import campaigns
    from akimdesk.services.property.validation import CampaignInput
    from tests.support.property import make_assets

    numbers = make_assets(db, 3)
    with db.write() as s:
        s.execute(update(Asset).where(Asset.inventory_number == numbers[1]).values(
            name_kk=LONG, name_ru=LONG, notes=LONG, address=WORD))  # fmt: skip
    campaigns.start_campaign(db, ACTOR, CampaignInput(
        "15-ө", date(2026, 11, 2), date(2026, 11, 9), None,
        [{"name": "Серікбаев Е.", "chair": True}, {"name": "Омаров Б."}]))  # fmt: skip
    params = {"campaign": "15-ө", "number": numbers[1]}
    path = tmp_path / f"{report}.pdf"
    path.write_bytes(reports.render(report, db, params, "kk"))
    assert "Мәдениет үйі Мәдениет үйі" in pdf_text(path)


# --- the domain refuses, so forms, imports and sync all obey -----------------------------------
def test_the_domain_refuses_a_5000_character_name_by_field(db):
    from akimdesk.services.assemblies import members
    from akimdesk.services.assemblies.validation import MemberInput
    from akimdesk.services.fines import cases
    from akimdesk.services.property import assets
    from tests.support.fines import case_input
    from tests.support.property import asset_input

    with pytest.raises(ValidationError) as refused:
        assets.create_asset(db, ACTOR, asset_input(name_kk=LONG))
    assert set(refused.value.errors) == {"name_kk"}
    assert "250" in refused.value.errors["name_kk"].render("ru")
    with pytest.raises(ValidationError) as refused:
        members.add_member(db, ACTOR, MemberInput(LONG, None, "Ақсу жиыны", TODAY))
    assert set(refused.value.errors) == {"full_name"}
    data = case_input(db, 1)
    data.surname, data.description = LONG, LONG
    with pytest.raises(ValidationError) as refused:
        cases.create_case(db, ACTOR, data, today=TODAY)
    assert {"surname", "description"} <= set(refused.value.errors)
    # The longest allowed text goes in.
    data.surname = "Ә" * max_length("fine_case", "surname")
    data.description = "қ" * max_length("fine_case", "description")
    assert cases.create_case(db, ACTOR, data, today=TODAY).surname.startswith("ӘӘӘ")


def test_an_import_row_with_a_long_name_is_refused_by_its_line(db, tmp_path):
    from openpyxl import Workbook

    from akimdesk.services.fines import import_export
    from tests.test_fines_import_export import HEADER, good_row

    long_row = good_row(2)
    long_row[6] = LONG
    wb = Workbook()
    for row in (HEADER, good_row(1), long_row):
        wb.active.append(row)
    wb.save(tmp_path / "f.xlsx")
    report = import_export.import_file(db, ACTOR, tmp_path / "f.xlsx", today=TODAY)
    assert report.added == 1
    assert [(e.line, e.field) for e in report.errors] == [(3, "surname")]


def test_a_reason_is_bounded_as_well(db):
    from akimdesk.services.fines import cases
    from tests.support.fines import case_input

    case = cases.create_case(db, ACTOR, case_input(db, 1), today=TODAY)
    with pytest.raises(ValidationError) as refused:
        cases.cancel_case(db, ACTOR, case.id, TODAY, LONG, today=TODAY)
    assert set(refused.value.errors) == {"reason"}
    assert cases.get_case(db, case.id).stage == "protocol"  # nothing was written


def test_every_limit_fits_its_column():
    """A limit above the column's own length would let a text in that storage or the district's
    PostgreSQL refuses."""
    load_all()
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    checked = 0
    for entity, fields in CATALOGUE.items():
        table = tables.get(entity)
        for f in fields:
            column = table.columns.get(f.name) if table is not None else None
            if column is None or not isinstance(column.type, String) or not column.type.length:
                continue
            if (entity, f.name) == ("office", "iik"):
                continue  # typed with spaces, stored as its 20 characters (checked as such)
            assert f.max_len <= column.type.length, (entity, f.name)
            checked += 1
    assert checked > 50
    parts = sum(max_length("fine_case", n) for n in ("surname", "first_name", "patronymic"))
    assert parts + 2 <= tables["fine_case"].columns["offender_name"].type.length


# What the app writes itself (numbers, statuses, authors, keys): no person types these.
NOT_TYPED = {
    "number",
    "stage",
    "offender_name",
    "import_key",
    "status",
    "ref",
    "signed_by",
    "closed_by",
    "author",
    "kind",
    "book_condition",
    "book_title_status",
    "finding",
    "found_condition",
    "found_title_status",
    "checked_by",
    "password_hash",
}


def test_every_text_a_person_types_is_in_the_catalogue():
    """A text column added to a register without its catalogue entry would have no limit in the
    form and the default one in the domain (it happened when three registers grew at once)."""
    from akimdesk.models.base import text_columns

    missing = []
    load_all()
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        entity = cls.__tablename__
        if entity not in CATALOGUE:
            continue
        one, many = text_columns(cls)
        listed = {f.name for f in CATALOGUE[entity]}
        missing += [f"{entity}.{c}" for c in (*one, *many) if c not in listed | NOT_TYPED]
    assert missing == []


# --- the widgets hold the same limits ------------------------------------------------------------
def test_the_widgets_take_their_limits_from_the_catalogue(qtbot, ctx):
    from akimdesk.ui.assemblies.members_panel import MemberDialog
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.property.asset_dialog import AssetDialog

    case = CaseDialog(ctx, None)
    qtbot.addWidget(case)
    assert case.form.surname.maxLength() == max_length("fine_case", "surname")
    assert case.form.offence_address.maxLength() == max_length("fine_case", "offence_address")
    case.form.description.setPlainText(LONG)
    assert len(case.form.description.toPlainText()) == max_length("fine_case", "description")
    asset = AssetDialog(ctx, None)
    qtbot.addWidget(asset)
    assert asset.w["name_kk"].maxLength() == max_length("asset", "name_kk")
    member = MemberDialog(ctx, None, case)
    assert member.full_name.maxLength() == max_length("assembly_member", "full_name")


def test_a_long_name_already_recorded_does_not_stretch_the_case_dialog(qtbot, ctx):
    from akimdesk.services.fines import cases
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from tests.support.fines import case_input

    case = cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 1), today=TODAY)
    with ctx.db.write() as s:
        s.execute(text("UPDATE fine_case SET offender_name = :n, surname = :n WHERE id = :id"),
                  {"n": WORD, "id": case.id.hex})  # fmt: skip
    dlg = CaseDialog(ctx, case.id)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.minimumSizeHint().width() < 1366
    assert dlg.width() <= dlg.screen().availableGeometry().width()


def test_the_audit_log_columns_stay_readable_with_a_long_reason(qtbot, ctx):
    from akimdesk.services.fines import cases
    from akimdesk.ui.audit.screen import AuditScreen
    from tests.support.fines import case_input

    case = cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 1), today=TODAY)
    cases.cancel_case(ctx.db, ACTOR, case.id, TODAY, "Себебі " * 130, today=TODAY)
    screen = AuditScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1150, 700)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    header = screen.table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= screen.table.viewport().width() + 2, widths
