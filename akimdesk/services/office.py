"""The office this PC belongs to: first-run setup and later edits of its details."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain.catalog import settlement_id
from akimdesk.domain.fields import check_texts
from akimdesk.domain.identity import validate_bin
from akimdesk.i18n import LANGUAGES, N_, Msg
from akimdesk.models import Meta, Office, Setting, Settlement, new_id
from akimdesk.services import refdata
from akimdesk.services.errors import ValidationError
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database


@dataclass
class OfficeInput:
    name_kk: str = ""
    name_ru: str = ""
    district: str = ""
    region: str = ""
    bin: str = ""
    akim_name: str = ""
    address: str = ""
    phone: str = ""
    kbk: str = ""
    iik: str = ""
    bik: str = ""
    bank_name: str = ""
    knp: str = ""


def validate(data: OfficeInput) -> dict[str, str | Msg]:
    errors: dict[str, str | Msg] = {}
    for name in ("name_kk", "name_ru", "district", "region", "akim_name"):
        if not getattr(data, name).strip():
            errors[name] = N_("This field is required.")
    if err := validate_bin(data.bin.strip()):
        errors["bin"] = err
    if data.kbk and not (data.kbk.isdigit() and len(data.kbk) == 6):
        errors["kbk"] = N_("The budget classification code has 6 digits.")
    iik = data.iik.replace(" ", "").upper()
    if iik and not (len(iik) == 20 and iik.startswith("KZ") and iik[2:].isalnum()):
        errors["iik"] = N_("The account (IBAN) starts with KZ and has 20 characters.")
    if data.bik and not (8 <= len(data.bik) <= 11 and data.bik.isalnum()):
        errors["bik"] = N_("The bank code (BIC) has 8 to 11 letters and digits.")
    check_texts("office", data, errors)
    return errors


def current(session: Session) -> Office | None:
    return session.scalars(select(Office).limit(1)).first()


def is_set_up(db: Database) -> bool:
    with db.read() as s:
        return current(s) is not None


def set_up(
    db: Database,
    actor: Actor,
    data: OfficeInput,
    language: str,
    settlement_names: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Office:
    """First run: the office, its language, its settlements and the initial reference data."""
    errors = validate(data)
    if language not in LANGUAGES:
        errors["language"] = N_("Choose Kazakh or Russian.")
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "office.set_up") as op:
        if current(op.session) is not None:
            raise ValidationError({"": N_("The office is already set up.")})
        office = Office(**_clean(data))
        op.add(office)
        op.add(Setting(key="ui.language", value=language))
        op.session.add(Meta(key="epoch", value=str(new_id())))
        for kk, ru in settlement_names:
            sid = settlement_id(office.bin, ru)
            op.add(Settlement(id=sid, ref_version=0, name_kk=kk, name_ru=ru))
        refdata.seed_initial(op)
    return office


def update(db: Database, actor: Actor, data: OfficeInput) -> None:
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "office.update") as op:
        office = current(op.session)
        if office is None:
            raise ValidationError({"": N_("The office is not set up yet.")})
        before = op.snapshot(office)
        for key, value in _clean(data).items():
            setattr(office, key, value)
        op.changed(office, before)


def _clean(data: OfficeInput) -> dict[str, str]:
    out = {k: v.strip() for k, v in asdict(data).items()}
    out["iik"] = out["iik"].replace(" ", "").upper()
    return out


def as_input(office: Office) -> OfficeInput:
    return OfficeInput(**{k: getattr(office, k) for k in OfficeInput.__dataclass_fields__})
