"""The catalogue of what a person types: each register's fields once, with their label, kind,
longest allowed text and whether the text runs over several lines.

Legal records are never deleted, so a 5,000-character name typed by mistake would stay for good
and break every printout it appears on. The validation of each register checks its texts here
(so a form, an import and a record received by sync are held to the same limits), the widgets
take their maximum length from here, and the audit log, the import/export headers and the
district's tables read their field labels from here (`labelled`).

The limits fit storage (each is at most the column's length, a test checks it) and print:
names, numbers and addresses are short; descriptions and explanations long but bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from akimdesk.domain import text
from akimdesk.i18n import N_, Msg, msg, translator

NAME = 150  # a person's full name, a chair, a rapporteur
NAME_PART = 80  # surname, first name, patronymic: the three join into one 300-character column
TITLE = 250  # an organisation, an asset, a place or an address
NUMBER = 60  # a document or decision number
PHONE = 30
NOTE = 1000  # a reason, a remark, a short summary
TEXT = 2000  # a description, an explanation, a list of people
DECISION = 4000  # the wording of a decision or an addendum


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # msgid, translated where it is shown
    kind: str = "text"  # text | date | money | number | choice | flag
    max_len: int = 0  # the longest text allowed; 0 for what is not free text
    multiline: bool = False


def _t(name: str, label: str, max_len: int, multiline: bool = False) -> Field:
    return Field(name, label, "text", max_len, multiline)


def _f(name: str, label: str, kind: str) -> Field:
    return Field(name, label, kind)


CATALOGUE: dict[str, tuple[Field, ...]] = {
    "fine_case": (
        _f("offence_date", N_("Offence date"), "date"),
        _t("offence_time", N_("Offence time"), 5),
        _f("settlement_id", N_("Settlement"), "choice"),
        _t("offence_address", N_("Place of the offence"), TITLE),
        _t("description", N_("Description"), TEXT, True),
        _f("article_id", N_("Article"), "choice"),
        _f("offender_kind", N_("Offender"), "choice"),
        _f("offender_category", N_("Category"), "choice"),
        _t("iin_bin", N_("ИИН/БИН"), 12),
        _t("surname", N_("Surname"), NAME_PART),
        _t("first_name", N_("First name"), NAME_PART),
        _t("patronymic", N_("Patronymic"), NAME_PART),
        _f("birth_date", N_("Date of birth"), "date"),
        _t("org_name", N_("Organisation"), TITLE),
        _t("representative", N_("Representative"), NAME),
        _t("offender_address", N_("Offender's address"), TITLE),
        _t("phone", N_("Phone"), PHONE),
        _t("protocol_number", N_("Protocol No."), 40),
        _f("protocol_date", N_("Protocol date"), "date"),
        _t("protocol_author", N_("Protocol drawn by"), NAME),
        _t("witnesses", N_("Witnesses"), NOTE, True),
        _t("explanation", N_("Explanation"), TEXT, True),
        _f("refused_to_sign", N_("Refused to sign"), "flag"),
        _f("admits_offence", N_("Admits the offence"), "flag"),
        _f("penalty", N_("Penalty"), "choice"),
        _f("mrp_count", N_("МРП count"), "number"),
        # The protocol's other facts and the proceedings (#19)
        _f("id_doc_kind", N_("Identity document"), "choice"),
        _t("id_doc_number", N_("Document No."), 40),
        _t("id_doc_issuer", N_("Issued by"), NAME),
        _f("id_doc_date", N_("Issued on"), "date"),
        _t("workplace", N_("Place of work or study"), TITLE),
        _t("representative_position", N_("Representative's position"), NAME),
        _t("representative_authority", N_("Representative's authority"), TITLE),
        _f("author_id", N_("Protocol drawn by"), "choice"),
        _t("protocol_time", N_("Protocol time"), 5),
        _t("protocol_place", N_("Place the protocol was drawn up"), TITLE),
        _f("language", N_("Language of proceedings"), "choice"),
        _t("interpreter", N_("Interpreter"), NAME),
        _f("hearing_date", N_("Hearing date"), "date"),
        _t("hearing_time", N_("Hearing time"), 5),
        _t("hearing_place", N_("Place of the hearing"), TITLE),
        _t("erap_number", N_("ЕРАП number"), 40),
        _f("erap_date", N_("ЕРАП registration date"), "date"),
        _f("decided_by_id", N_("Case considered by"), "choice"),
        _t("decision_place", N_("Place of consideration"), TITLE),
        _t("circumstances", N_("Circumstances"), TEXT, True),
        _t("evidence", N_("Evidence"), TEXT, True),
        _t("mitigating", N_("Mitigating circumstances"), NOTE, True),
        _t("aggravating", N_("Aggravating circumstances"), NOTE, True),
        _t("enforcement_to", N_("Sent for enforcement to"), TITLE),
        _t("enforcement_letter_no", N_("Covering letter No."), 40),
        _f("enforcement_result", N_("Result of enforcement"), "choice"),
        _t("note", N_("Note"), TEXT, True),
    ),
    "fine_event": (
        _f("on_date", N_("Date"), "date"),
        _t("reason", N_("Reason"), NOTE, True),
    ),
    "fine_payment": (
        _f("paid_on", N_("Paid on"), "date"),
        _f("amount_tiyn", N_("Amount"), "money"),
        _t("document_no", N_("Document No."), NUMBER),
    ),
    "assembly_member": (
        _t("full_name", N_("Full name"), NAME),
        _f("settlement_id", N_("Settlement"), "choice"),
        _t("delegated_by", N_("Delegated by"), TITLE),
        _f("delegated_on", N_("Delegated on"), "date"),
        _f("term_until", N_("Term until"), "date"),
        _t("position", N_("Occupation"), NAME),
        _t("phone", N_("Phone"), PHONE),
        _f("ended_on", N_("Left on"), "date"),
        _t("end_reason", N_("Reason for leaving"), NOTE, True),
    ),
    "meeting": (
        _f("kind", N_("Kind"), "choice"),
        _f("meeting_date", N_("Meeting date"), "date"),
        _t("start_time", N_("Start time"), 5),
        _t("place", N_("Place"), TITLE),
        _t("convened_by", N_("Convened by"), TITLE),
        _t("chair", N_("Chair"), NAME),
        _t("secretary", N_("Secretary"), NAME),
        _t("invited", N_("Invited"), TEXT, True),
        _f("settlement_id", N_("Settlement"), "choice"),
        _t("scope", N_("Scope"), TITLE),
        _f("residents_entitled", N_("Residents entitled"), "number"),
        _f("residents_present", N_("Residents present"), "number"),
        # The other language's texts, publication (#20)
        _f("language", N_("Language of the minutes"), "choice"),
        _t("place_other", N_("Place in the other language"), TITLE),
        _t("convened_by_other", N_("Convened by, in the other language"), TITLE),
        _t("invited_other", N_("Invited, in the other language"), TEXT, True),
        _t("scope_other", N_("Scope in the other language"), TITLE),
        _f("published_on", N_("Published on"), "date"),
        _f("published_channel", N_("Where published"), "choice"),
        _t("published_place", N_("Address or place of publication"), TITLE),
        _t("published_by", N_("Published by"), NAME),
    ),
    "agenda_item": (
        _f("kind", N_("Kind"), "choice"),
        _t("title_kk", N_("Title in Kazakh"), NOTE, True),
        _t("title_ru", N_("Title in Russian"), NOTE, True),
        _t("rapporteur", N_("Rapporteur"), NAME),
        _f("votes_for", N_("For"), "number"),
        _f("votes_against", N_("Against"), "number"),
        _f("votes_abstained", N_("Abstained"), "number"),
        _t("decision_kk", N_("Decision in Kazakh"), DECISION, True),
        _t("decision_ru", N_("Decision in Russian"), DECISION, True),
        _f("present_at_vote", N_("Present at this vote"), "number"),
        _f("considered_on", N_("Considered by the akim on"), "date"),
        _f("consideration_result", N_("Akim's consideration"), "choice"),
        _t("consideration", N_("What was done, or why not"), TEXT, True),
        _t("considered_by", N_("Considered by"), NAME),
    ),
    "speaker": (
        _t("name", N_("Speaker"), NAME),
        _t("summary", N_("What was said, briefly"), NOTE, True),
        _t("summary_other", N_("The same in the other language"), NOTE, True),
    ),
    "meeting_addendum": (
        _t("reason", N_("Reason"), NOTE, True),
        _t("text", N_("Text"), DECISION, True),
    ),
    "asset": (
        _t("inventory_number", N_("Inventory number"), 40),
        _t("name_kk", N_("Name in Kazakh"), TITLE),
        _t("name_ru", N_("Name in Russian"), TITLE),
        _f("category_id", N_("Category"), "choice"),
        _f("settlement_id", N_("Settlement"), "choice"),
        _t("address", N_("Address"), TITLE),
        _t("size", N_("Quantity, area or length"), 20),
        _f("unit", N_("Unit"), "choice"),
        _t("year_built", N_("Year built"), 4),
        _f("acquisition", N_("How received"), "choice"),
        _t("acquisition_doc_no", N_("Decision No."), NUMBER),
        _f("acquisition_doc_date", N_("Date of the decision on receipt"), "date"),
        _f("received_on", N_("Received on"), "date"),
        _t("book_value", N_("Book value"), 20),
        _t("accumulated_depreciation", N_("Depreciation when received, ₸"), 20),
        _t("received_from", N_("Received from"), TITLE),
        _f("condition", N_("Condition"), "choice"),
        _f("title_status", N_("Title documents"), "choice"),
        _t("title_number", N_("Title document No."), NUMBER),
        _f("title_date", N_("Title document date"), "date"),
        _t("responsible", N_("Responsible person"), NAME),
        _t("notes", N_("Notes"), TEXT, True),
    ),
    "asset_category": (
        _t("code", N_("Code"), 30),
        _t("name_kk", N_("Name in Kazakh"), NAME),
        _t("name_ru", N_("Name in Russian"), NAME),
        _f("life_years", N_("Useful life, years"), "number"),
    ),
    "asset_movement": (
        _f("on_date", N_("Date"), "date"),
        _t("decision_no", N_("Decision No."), NUMBER),
        _f("decision_date", N_("Decision date (property)"), "date"),
        _t("counterparty", N_("From or to whom"), TITLE),
        _t("reason", N_("Reason"), NOTE, True),
        _t("new_value", N_("Value after"), 20),
        _t("act_no", N_("Act No."), 50),
    ),
    "lease": (
        _t("tenant_name", N_("Tenant"), TITLE),
        _t("tenant_iin_bin", N_("Tenant's ИИН/БИН"), 12),
        _t("contract_no", N_("Contract No."), NUMBER),
        _f("contract_date", N_("Contract date"), "date"),
        _f("start_date", N_("From"), "date"),
        _f("end_date", N_("To"), "date"),
        _t("monthly_rent", N_("Monthly rent"), 20),
        _t("purpose", N_("Purpose"), TITLE),
        _f("terminated_on", N_("Ended early on"), "date"),
        _t("terminated_reason", N_("Why ended early"), NOTE, True),
    ),
    "lease_payment": (
        _f("for_month", N_("For the month"), "choice"),
        _f("paid_on", N_("Paid on"), "date"),
        _t("amount", N_("Amount"), 20),
        _t("document_no", N_("Document No."), NUMBER),
    ),
    "inventory_campaign": (
        _t("order_no", N_("Order No."), 40),
        _f("order_date", N_("Order date"), "date"),
        _f("start_date", N_("From"), "date"),
        _f("settlement_id", N_("Settlement"), "choice"),
        _t("commission", N_("Commission"), TEXT, True),
        _f("closed_on", N_("Closed on"), "date"),
        _t("conclusion", N_("Conclusion"), TEXT, True),
    ),
    "commission_member": (
        _t("name", N_("Full name"), NAME),
        _t("position", N_("Occupation"), NAME),
    ),
    "inventory_item": (_t("remark", N_("Remark"), NOTE, True),),
    "office": (
        _t("name_kk", N_("Name in Kazakh"), 300),
        _t("name_ru", N_("Name in Russian"), 300),
        _t("district", N_("District"), 200),
        _t("region", N_("Region"), 200),
        _t("bin", N_("БИН"), 12),
        _t("akim_name", N_("Akim"), NAME),
        _t("address", N_("Address"), TITLE),
        _t("phone", N_("Phone"), PHONE),
        _t("kbk", N_("КБК"), 6),
        _t("iik", N_("ИИК"), 24),  # typed with spaces; stored as its 20 characters
        _t("bik", N_("БИК"), 11),
        _t("bank_name", N_("Bank"), 200),
        _t("knp", N_("КНП"), 3),
    ),
    "official": (
        _t("full_name", N_("Full name"), NAME),
        _t("position_kk", N_("Position in Kazakh"), TITLE),
        _t("position_ru", N_("Position in Russian"), TITLE),
    ),
    "fine_delivery": (
        _f("document", N_("Document"), "choice"),
        _f("method", N_("How"), "choice"),
        _f("on_date", N_("Date"), "date"),
        _t("note", N_("Note (receipt or message No.)"), 300),
    ),
    "user_account": (
        _t("login", N_("Login"), 50),
        _t("full_name", N_("Full name"), 100),  # it signs records as their author (100)
    ),
}


def fields(entity: str) -> tuple[Field, ...]:
    return CATALOGUE[entity]


def spec(entity: str, name: str) -> Field:
    for f in CATALOGUE[entity]:
        if f.name == name:
            return f
    raise KeyError(f"{entity}.{name}")


def max_length(entity: str, name: str) -> int:
    return spec(entity, name).max_len


def max_length_of(entity: str, name: str) -> int:
    """The catalogue's limit, or 0 where it says none (a field it does not list)."""
    return _limits(entity, name)[0]


def is_multiline(entity: str, name: str) -> bool:
    return _limits(entity, name)[1]


@cache
def _limits(entity: str, name: str) -> tuple[int, bool]:
    """(longest text, several lines) of a field: asked for every text of every imported row."""
    found = [f for f in CATALOGUE.get(entity, ()) if f.name == name]
    return (found[0].max_len if found else 0), any(f.multiline for f in found)


def labelled(entity: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(field name, label in the language) for each field of a register, in form order: what an
    export header, a district table or the audit log shows."""
    t = translator(lang)
    return [(f.name, t(f.label)) for f in CATALOGUE[entity]]


def too_long(value: str, max_len: int) -> Msg | None:
    """The one check of a text's length, next to its field."""
    if max_len and len(value) > max_len and len(value.strip()) > max_len:
        return msg(
            "Too long: at most {limit} characters, here {n}.", limit=max_len, n=len(value.strip())
        )
    return None


def text_problem(entity: str, name: str, value: Any) -> Msg | None:
    """Why a text cannot be stored in `entity`.`name`: a control character (domain.text; tabs
    and line breaks only in a field of several lines), or more than the field allows."""
    if not isinstance(value, str):
        return None
    return text.character_problem(value, is_multiline(entity, name)) or too_long(
        value, max_length_of(entity, name) or text.DEFAULT_MAX_LENGTH
    )


def _fits(entity: str, name: str, value: str) -> bool:
    """`text_problem(...) is None`, asked without building a message: an import asks it for
    every text of every row."""
    max_len, several = _limits(entity, name)
    return (too_long(value, max_len or text.DEFAULT_MAX_LENGTH) is None
            and text.bad_character(value, several) is None)  # fmt: skip


def check_texts(
    entity: str,
    values: Any,
    errors: dict[str, Any],
    names: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Adds a refusal for each text of `values` (a dataclass or a mapping) that cannot be stored:
    a control character, or longer than its field allows; texts inside a list or a mapping
    (speakers, a commission) are checked for characters. A field that already has a refusal
    keeps it. The one check every validation calls, so forms, imports and sync agree."""
    wanted = set(names) if names is not None else None
    for name, value in text.items(values):
        if name in errors or (wanted is not None and name not in wanted):
            continue
        if isinstance(value, str):
            if value and not _fits(entity, name, value):
                errors[name] = text_problem(entity, name, value)
        elif isinstance(value, list | tuple | dict):
            for inner in text.nested_texts(value):
                if problem := text.character_problem(inner, True):
                    errors[name] = problem
                    break
    return errors
