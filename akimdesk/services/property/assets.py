"""Where an asset is stored: added with its inventory number, corrected, moved (transferred,
revalued, written off), given scans and photos; where a category is added to the list.

An asset is never deleted. A movement is an event that stays; an asset that left the balance
keeps its history and is shown when the register asks for it.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain import property as rules
from akimdesk.domain.fields import check_texts
from akimdesk.i18n import N_, msg
from akimdesk.models import Asset, AssetAttachment, AssetCategory, AssetMovement, new_id
from akimdesk.services import settings
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.services.property.validation import (
    AssetInput,
    AssetValues,
    MovementInput,
    parse_number,
    validate_asset,
    validate_movement,
)
from akimdesk.storage.database import Database

NUMBER_TAKEN = N_("This inventory number is already taken by another asset.")
REVALUED = N_("The asset was revalued: a new value is a revaluation.")


def _category(op: Operation, category_id: uuid.UUID) -> AssetCategory:
    cache: dict[uuid.UUID, AssetCategory] = op.scratch.setdefault("categories", {})
    if category_id not in cache:
        found = op.session.get(AssetCategory, category_id)
        if found is None:
            raise fail("category_id", N_("Choose the category."))
        cache[category_id] = found
    return cache[category_id]


def next_number(session: Session, category_code: str, scratch: dict[str, Any]) -> tuple[str, int]:
    """The next free inventory number from the office's pattern; `scratch` (an operation's)
    remembers the last one across the rows of an import."""
    if "pattern" not in scratch:
        scratch["pattern"] = settings.load(session)["property.number_pattern"]
        scratch["last_seq"] = session.scalar(select(func.max(Asset.seq))) or 0
    seq = scratch["last_seq"] + 1
    with session.no_autoflush:
        while True:
            number = rules.inventory_number(
                scratch["pattern"], seq, date.today().year, category_code
            )
            taken = number in scratch.setdefault("numbers", set()) or session.scalar(
                select(Asset.id).where(Asset.inventory_number == number)
            )
            if not taken:
                scratch["last_seq"] = seq
                return number, seq
            seq += 1  # a number typed by hand or imported: skip it, never give it twice


def _number_free(op: Operation, number: str, asset_id: uuid.UUID | None = None) -> bool:
    if number in op.scratch.get("numbers", set()):
        return False
    with op.session.no_autoflush:
        other = op.session.scalar(select(Asset.id).where(Asset.inventory_number == number))
    return other is None or other == asset_id


def _apply(asset: Asset, data: AssetInput, values: AssetValues) -> None:
    asset.name_kk, asset.name_ru = data.name_kk.strip(), data.name_ru.strip()
    asset.category_id = data.category_id  # type: ignore[assignment]
    asset.settlement_id = data.settlement_id
    asset.address = data.address.strip()
    asset.size, asset.unit, asset.year_built = values.size, data.unit, values.year_built
    asset.acquisition = data.acquisition
    asset.acquisition_doc_no = data.acquisition_doc_no.strip()
    asset.acquisition_doc_date = data.acquisition_doc_date
    asset.received_from = " ".join(data.received_from.split())
    asset.condition, asset.title_status = data.condition, data.title_status
    asset.title_number = data.title_number.strip() if data.title_status != "none" else ""
    asset.title_date = data.title_date if data.title_status != "none" else None
    asset.responsible, asset.notes = data.responsible.strip(), data.notes.strip()


def _value_as_received(asset: Asset, category: AssetCategory, values: AssetValues) -> None:
    """The initial cost, the depreciation accumulated before receipt (the transfer act) and the
    life left for the rest: depreciation continues at the rate it had, not a new full life."""
    worn = values.accumulated_depreciation_tiyn
    if worn and category.life_years <= 0:
        raise fail("accumulated_depreciation", N_("Assets of this category are not depreciated."))
    asset.book_value_tiyn = asset.initial_value_tiyn = values.book_value_tiyn
    asset.accumulated_depreciation_tiyn = worn
    asset.life_months = rules.life_when_received(category.life_years, values.book_value_tiyn, worn)


def add(op: Operation, data: AssetInput, today: date, import_key: str | None = None) -> Asset:
    """Adds an asset in a running operation (the form, an import row, a campaign find)."""
    errors, values = validate_asset(data, today)
    if errors:
        raise ValidationError(errors)
    assert data.category_id is not None and data.received_on is not None
    category = _category(op, data.category_id)
    typed = " ".join(data.inventory_number.split())
    if typed:
        if not _number_free(op, typed):
            raise fail("inventory_number", NUMBER_TAKEN)
        number, seq = typed, 0
    else:
        number, seq = next_number(op.session, category.code, op.scratch)
    op.scratch.setdefault("numbers", set()).add(number)
    asset = Asset(id=new_id(), inventory_number=number, seq=seq, import_key=import_key)
    _apply(asset, data, values)
    asset.received_on = asset.valued_on = data.received_on
    _value_as_received(asset, category, values)
    op.add(asset)  # its receipt is the first line of the history (queries.history)
    return asset


def create_asset(db: Database, actor: Actor, data: AssetInput, today: date | None = None) -> str:
    """Returns the inventory number given."""
    with operation(db, actor, "property.asset_add") as op:
        return add(op, data, today or date.today()).inventory_number


def _load(op: Operation, asset_id: uuid.UUID) -> Asset:
    asset = op.session.get(Asset, asset_id)
    if asset is None:
        raise fail("", N_("The asset was not found."))
    return asset


def update_asset(
    db: Database, actor: Actor, asset_id: uuid.UUID, data: AssetInput, today: date | None = None
) -> None:
    """Corrects what was typed. The value is not changed here: a new value is a revaluation,
    with its decision; the receipt date and value of the first entry are corrected together."""
    today = today or date.today()
    errors, values = validate_asset(data, today)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "property.asset_update") as op:
        asset = _load(op, asset_id)
        typed = " ".join(data.inventory_number.split())
        if typed and typed != asset.inventory_number and not _number_free(op, typed, asset.id):
            raise fail("inventory_number", NUMBER_TAKEN)
        before = op.snapshot(asset)
        if typed:
            asset.inventory_number = typed
        _apply(asset, data, values)
        revalued = op.session.scalar(
            select(func.count()).where(
                AssetMovement.asset_id == asset.id, AssetMovement.kind == "revalued"
            )
        )
        if not revalued:  # still the value it came with: a typing error may be corrected
            assert data.received_on is not None
            asset.received_on = asset.valued_on = data.received_on
            _value_as_received(asset, _category(op, asset.category_id), values)
        elif values.book_value_tiyn != asset.book_value_tiyn:
            raise fail("book_value", REVALUED)
        elif values.accumulated_depreciation_tiyn != asset.accumulated_depreciation_tiyn:
            raise fail("accumulated_depreciation", REVALUED)
        op.changed(asset, before)


def renumber_asset(db: Database, actor: Actor, number: str, reason: str) -> str:
    """Gives this PC's asset with `number` the next free number (the district holds another
    asset under it). Returns the number it now has."""
    with operation(db, actor, "property.renumber", reason) as op:
        asset = op.session.scalars(select(Asset).where(Asset.inventory_number == number)).first()
        if asset is None:
            return number
        before = op.snapshot(asset)
        asset.inventory_number, asset.seq = next_number(op.session, asset.category.code, op.scratch)
        op.changed(asset, before)
        return asset.inventory_number


def _movement(op: Operation, asset: Asset, data: MovementInput, before: int | None,
              after: int | None) -> AssetMovement:  # fmt: skip
    assert data.on_date is not None
    m = AssetMovement(
        id=new_id(), asset_id=asset.id, kind=data.kind, on_date=data.on_date,
        decision_no=data.decision_no.strip(), decision_date=data.decision_date,
        counterparty=" ".join(data.counterparty.split()), reason=data.reason.strip(),
        value_before_tiyn=before, value_after_tiyn=after, author=op.actor.name,
        act_no=data.act_no.strip(),
        commission=[{"name": str(x["name"]).strip(), "position": str(x.get("position", "")).strip(),
                     "chair": bool(x.get("chair"))} for x in data.commission if x.get("name")],
    )  # fmt: skip
    op.add(m)
    return m


ACTIONS = {
    "transferred": "property.transfer",
    "revalued": "property.revalue",
    "written_off": "property.write_off",
}


def move(
    db: Database, actor: Actor, asset_id: uuid.UUID, data: MovementInput, today: date | None = None
) -> None:
    """Transfers, revalues or writes off an asset, as its decision says."""
    today = today or date.today()
    if data.kind not in ACTIONS:
        raise fail("kind", N_("This field is required."))
    with operation(db, actor, ACTIONS[data.kind], data.reason.strip()) as op:
        asset = _load(op, asset_id)
        if asset.status != "in_use":
            raise fail("", N_("The asset is no longer on the balance."))
        errors = validate_movement(data, asset.received_on, today)
        if errors:
            raise ValidationError(errors)
        assert data.on_date is not None
        last = op.session.scalar(
            select(func.max(AssetMovement.on_date)).where(AssetMovement.asset_id == asset.id)
        )
        if last and data.on_date < last:
            raise fail("on_date", msg("The date is before the last movement ({date}).", date=last))
        before = op.snapshot(asset)
        residual = rules.residual(asset.valuation, data.on_date)
        if data.kind == "revalued":
            new_value = round((parse_number(data.new_value) or 0) * 100)
            _movement(op, asset, data, residual, new_value)
            # The new value runs over the life the old one had left, from no depreciation.
            asset.life_months = rules.life_left_of(asset.valuation, data.on_date)
            asset.book_value_tiyn, asset.valued_on = new_value, data.on_date
            asset.accumulated_depreciation_tiyn = 0
        else:
            _movement(op, asset, data, residual, None)
            asset.status, asset.disposed_on = data.kind, data.on_date
        op.changed(asset, before)


def add_category(
    db: Database, actor: Actor, code: str, name_kk: str, name_ru: str, life_years: int
) -> uuid.UUID:
    errors: dict[str, Any] = {}
    code = code.strip().lower()
    if not code or not code.replace("_", "").replace("-", "").isalnum() or len(code) > 30:
        errors["code"] = N_("Use letters, digits and dashes, at most 30.")
    if not name_kk.strip():
        errors["name_kk"] = N_("This field is required.")
    if not name_ru.strip():
        errors["name_ru"] = N_("This field is required.")
    if not 0 <= life_years <= 100:
        errors["life_years"] = msg("Enter a whole number from {lo} to {hi}.", lo=0, hi=100)
    check_texts("asset_category", {"name_kk": name_kk, "name_ru": name_ru}, errors)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "property.category_add") as op:
        if op.session.scalar(select(AssetCategory.id).where(AssetCategory.code == code)):
            raise fail("code", N_("A category with this code exists."))
        category = AssetCategory(id=new_id(), code=code, name_kk=name_kk.strip(),
                                 name_ru=name_ru.strip(), life_years=life_years)  # fmt: skip
        op.add(category)
        return category.id


# --- attachments --------------------------------------------------------------------------
ATTACHMENT_TYPES = {".jpg", ".jpeg", ".png", ".pdf", ".tif", ".tiff", ".bmp"}
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


def attach(db: Database, actor: Actor, asset_id: uuid.UUID, source: str | Path, kind: str,
           note: str = "") -> Path:  # fmt: skip
    """Copies a scan or photo into the data folder and lists it with the asset. The copy is
    named by its content, so attaching the same file twice keeps one copy."""
    source = Path(source)
    if kind not in rules.ATTACHMENT_KINDS:
        raise fail("kind", N_("This field is required."))
    if source.suffix.lower() not in ATTACHMENT_TYPES:
        raise fail(
            "file", msg("Attach a photo or a scan: {formats}.", formats="JPG, PNG, TIFF, BMP, PDF")
        )
    try:
        size = source.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise fail("file", N_("The file is larger than 50 MB."))
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError as exc:
        raise fail("file", msg("The file cannot be read: {reason}", reason=exc)) from exc
    relative = Path("attachments") / str(asset_id) / f"{digest[:20]}{source.suffix.lower()}"
    target = db.path.parent / relative
    with operation(db, actor, "property.attach", source.name) as op:
        _load(op, asset_id)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target.with_suffix(".part"))
            target.with_suffix(".part").replace(target)  # no half-copied file under the name
        op.add(AssetAttachment(
            asset_id=asset_id, kind=kind, file_name=source.name, stored_as=relative.as_posix(),
            sha256=digest, size_bytes=size, note=note.strip(), added_by=op.actor.name,
        ))  # fmt: skip
    return target


def set_aside_attachment(db: Database, actor: Actor, attachment_id: int, reason: str) -> None:
    """Takes a wrong scan off the asset's list; the file and the record stay."""
    if not reason.strip():
        raise fail("reason", N_("Give the reason."))
    with operation(db, actor, "property.attach_remove", reason.strip()) as op:
        row = op.session.get(AssetAttachment, attachment_id)
        if row is None or row.removed:
            raise fail("", N_("The file was not found."))
        before = op.snapshot(row)
        row.removed, row.removed_reason = True, reason.strip()
        op.changed(row, before)


def attachment_path(db: Database, row: AssetAttachment) -> Path:
    return db.path.parent / row.stored_as
