"""Where an asset, a movement, a lease, a rent payment and an inventory's order are validated,
field by field.

Numbers arrive as the person typed them (a form's text, a spreadsheet's cell), so "abc" and
"-5" are refused here, next to their field, the same way for the window and for an import.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from akimdesk.domain.calendar import FUTURE, in_future
from akimdesk.domain.fields import check_texts, text_problem
from akimdesk.domain.identity import validate_bin, validate_iin
from akimdesk.domain.property import ACQUISITIONS, CONDITIONS, TITLE_STATUSES, UNITS
from akimdesk.i18n import N_, Msg, msg

REQUIRED = N_("This field is required.")
NEGATIVE = N_("The value cannot be negative.")

Errors = dict[str, str | Msg]


def parse_number(value: Any) -> float | None:
    """A number as typed in Kazakhstan ("1 234,5"); None for empty; ValueError for text."""
    if value is None or isinstance(value, int | float):
        return None if value is None else float(value)
    text = str(value).replace("\u00a0", "").replace(" ", "").replace("₸", "").replace(",", ".")
    if not text:
        return None
    return float(text)


def _number(errors: Errors, name: str, value: Any, *, whole: bool = False) -> float | None:
    try:
        number = parse_number(value)
    except ValueError:
        errors[name] = msg("Not a number: «{value}».", value=str(value).strip())
        return None
    if number is None:
        return None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, infinity
        errors[name] = msg("Not a number: «{value}».", value=str(value).strip())
        return None
    if number < 0:
        errors[name] = NEGATIVE
        return None
    if whole and not number.is_integer():
        errors[name] = N_("Enter a whole number.")
        return None
    return number


@dataclass
class AssetInput:
    name_kk: str = ""
    name_ru: str = ""
    category_id: uuid.UUID | None = None
    settlement_id: uuid.UUID | None = None
    address: str = ""
    size: str = ""  # quantity, area or length, as typed
    unit: str = "pcs"
    year_built: str = ""
    acquisition: str = "transferred"
    acquisition_doc_no: str = ""
    acquisition_doc_date: date | None = None
    received_from: str = ""  # who handed the asset over (the transfer act)
    received_on: date | None = None
    book_value: str = ""  # tenge, as typed: the initial cost
    # Tenge as typed: depreciation accumulated before receipt (the transfer act); empty is 0.
    accumulated_depreciation: str = ""
    condition: str = "good"
    title_status: str = "none"
    title_number: str = ""
    title_date: date | None = None
    responsible: str = ""
    notes: str = ""
    inventory_number: str = ""  # empty: the next number from the office's pattern


@dataclass
class AssetValues:
    """What `validate_asset` read from the input: numbers parsed, tenge in tiyn."""

    size: float | None
    year_built: int | None
    book_value_tiyn: int
    accumulated_depreciation_tiyn: int = 0


def validate_asset(data: AssetInput, today: date) -> tuple[Errors, AssetValues]:
    errors: Errors = {}
    if not (data.name_kk.strip() or data.name_ru.strip()):
        errors["name_kk"] = N_("Write the name in Kazakh or Russian.")
    if data.category_id is None:
        errors["category_id"] = N_("Choose the category.")
    if data.unit not in UNITS:
        errors["unit"] = REQUIRED
    if data.acquisition not in ACQUISITIONS:
        errors["acquisition"] = REQUIRED
    if data.condition not in CONDITIONS:
        errors["condition"] = REQUIRED
    if data.title_status not in TITLE_STATUSES:
        errors["title_status"] = REQUIRED
    size = _number(errors, "size", data.size)
    year = _number(errors, "year_built", data.year_built, whole=True)
    if year is not None and "year_built" not in errors and not 1800 <= year <= today.year:
        errors["year_built"] = msg("Enter a year from 1800 to {year}.", year=today.year)
    value = _number(errors, "book_value", data.book_value)
    if value is None and "book_value" not in errors:
        # An empty cell must not become a zero value in the books; unknown is typed as 0.
        errors["book_value"] = N_("Enter the book value (0 if it is not known yet).")
    accumulated = _number(errors, "accumulated_depreciation", data.accumulated_depreciation)
    if accumulated and value is not None and accumulated > value:
        errors["accumulated_depreciation"] = N_(
            "The accumulated depreciation cannot be more than the initial cost."
        )
    if data.received_on is None:
        errors["received_on"] = REQUIRED
    elif data.received_on > today:
        errors["received_on"] = FUTURE
    elif year is not None and "year_built" not in errors and data.received_on.year < year:
        errors["received_on"] = N_("The asset was received before the year it was built.")
    if data.acquisition == "transferred" and not data.acquisition_doc_no.strip():
        errors["acquisition_doc_no"] = N_("Give the number of the district's decision.")
    if data.title_status == "registered" and not data.title_number.strip():
        errors["title_number"] = N_("Give the number of the title document.")
    for name in ("acquisition_doc_date", "title_date"):  # documents signed, not to be signed
        if in_future(getattr(data, name), today):
            errors[name] = FUTURE
    check_texts("asset", data, errors)
    tiyn = round((value or 0) * 100)
    worn = round((accumulated or 0) * 100)
    return errors, AssetValues(size, int(year) if year is not None else None, tiyn, worn)


@dataclass
class MovementInput:
    kind: str = "transferred"  # transferred | revalued | written_off
    on_date: date | None = None
    decision_no: str = ""
    decision_date: date | None = None
    counterparty: str = ""
    reason: str = ""
    new_value: str = ""  # revaluation, tenge as typed
    act_no: str = ""  # of the act printed from the movement
    # [{"name", "position", "chair"}]: who signs the act; a write-off needs a commission.
    commission: list[dict[str, Any]] = field(default_factory=list)


def parse_commission(text: str) -> list[dict[str, Any]]:
    """One member a line, "name, position"; the first line is the chair."""
    people: list[dict[str, Any]] = []
    for line in text.splitlines():
        name, _sep, position = line.partition(",")
        if name.strip():
            people.append({"name": " ".join(name.split()), "position": position.strip(),
                           "chair": not people})  # fmt: skip
    return people


def commission_text(people: list[dict[str, Any]]) -> str:
    return "\n".join(", ".join(x for x in (m["name"], m.get("position", "")) if x) for m in people)


def validate_movement(data: MovementInput, received_on: date, today: date) -> Errors:
    errors: Errors = {}
    if data.on_date is None:
        errors["on_date"] = REQUIRED
    elif data.on_date < received_on:
        errors["on_date"] = N_("The date is before the asset was received.")
    elif data.on_date > today:
        errors["on_date"] = FUTURE
    if not data.decision_no.strip():
        errors["decision_no"] = N_("Give the number of the decision.")
    if not data.reason.strip():
        errors["reason"] = N_("Give the reason.")
    if data.kind == "transferred" and not data.counterparty.strip():
        errors["counterparty"] = N_("Say to whom the asset is transferred.")
    if data.kind == "revalued":
        value = _number(errors, "new_value", data.new_value)
        if value is None and "new_value" not in errors:
            errors["new_value"] = REQUIRED
    if data.kind == "written_off" and len([m for m in data.commission if m.get("name")]) < 2:
        errors["commission"] = N_("The write-off act is signed by a commission of at least two: "
                                  "the chair first, one a line.")  # fmt: skip
    if len(data.act_no.strip()) > 50:
        errors["act_no"] = N_("The number is too long (at most 50 characters).")
    if in_future(data.decision_date, today):
        errors["decision_date"] = FUTURE
    check_texts("asset_movement", data, errors)
    return errors


@dataclass
class LeaseInput:
    tenant_name: str = ""
    tenant_iin_bin: str = ""
    contract_no: str = ""
    contract_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    monthly_rent: str = ""  # tenge as typed
    purpose: str = ""


def validate_lease(data: LeaseInput, today: date | None = None) -> tuple[Errors, int]:
    errors: Errors = {}
    if in_future(data.contract_date, today or date.today()):
        errors["contract_date"] = FUTURE  # a contract is dated the day it is signed
    if not data.tenant_name.strip():
        errors["tenant_name"] = REQUIRED
    number = data.tenant_iin_bin.strip()
    if not number:
        errors["tenant_iin_bin"] = REQUIRED
    else:
        # An ИИН has a birth date and century digit; a БИН a registration month and kind digit.
        iin, bin_ = validate_iin(number), validate_bin(number)
        if iin and bin_:
            errors["tenant_iin_bin"] = iin
    if not data.contract_no.strip():
        errors["contract_no"] = REQUIRED
    if data.start_date is None:
        errors["start_date"] = REQUIRED
    if data.end_date is None:
        errors["end_date"] = REQUIRED
    elif data.start_date and data.end_date < data.start_date:
        errors["end_date"] = N_("The lease must end after it starts.")
    rent = _number(errors, "monthly_rent", data.monthly_rent)
    if rent is None and "monthly_rent" not in errors:
        errors["monthly_rent"] = REQUIRED
    check_texts("lease", data, errors)
    return errors, round((rent or 0) * 100)


@dataclass
class RentInput:
    for_month: str = ""  # "YYYY-MM"
    paid_on: date | None = None
    amount: str = ""  # tenge as typed
    document_no: str = ""


def validate_rent(data: RentInput, today: date) -> tuple[Errors, int]:
    """The month is checked against the lease by the service; here the amount and the date."""
    errors: Errors = {}
    amount = _number(errors, "amount", data.amount)
    if amount is None and "amount" not in errors:
        errors["amount"] = REQUIRED
    elif amount is not None and amount <= 0:
        errors["amount"] = N_("The amount must be more than zero.")
    if data.paid_on is None:
        errors["paid_on"] = REQUIRED
    elif data.paid_on > today:
        errors["paid_on"] = FUTURE
    check_texts("lease_payment", data, errors)
    return errors, round((amount or 0) * 100)


@dataclass
class CampaignInput:
    order_no: str = ""
    order_date: date | None = None
    start_date: date | None = None
    settlement_id: uuid.UUID | None = None  # empty: the whole rural district
    commission: list[dict[str, Any]] = field(default_factory=list)  # name, position, chair


def validate_campaign(data: CampaignInput, today: date | None = None) -> Errors:
    errors: Errors = {}
    if not data.order_no.strip():
        errors["order_no"] = N_("Give the number of the akim's order.")
    if data.order_date is None:
        errors["order_date"] = REQUIRED
    elif in_future(data.order_date, today or date.today()):
        errors["order_date"] = FUTURE  # the akim signs the order before the walk
    if data.start_date is None:
        errors["start_date"] = REQUIRED
    elif data.order_date and data.start_date < data.order_date:
        errors["start_date"] = N_("The inventory cannot start before the order.")
    people = [m for m in data.commission if str(m.get("name", "")).strip()]
    if len(people) < 2:
        errors["commission"] = N_("The commission needs at least two members.")
    elif sum(1 for m in people if m.get("chair")) != 1:
        errors["commission"] = N_("Mark one member as the chair.")
    for i, m in enumerate(people, start=1):
        for key in ("name", "position"):
            if "commission" not in errors and (
                problem := text_problem("commission_member", key, m.get(key))
            ):
                errors["commission"] = msg("Line {n}: {problem}", n=i, problem=problem)
    check_texts("inventory_campaign", data, errors, names=("order_no",))
    return errors
