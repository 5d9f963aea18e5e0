"""Where a fine case is validated: every rule a clerk's input must pass, field by field."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from akimdesk.domain.fields import check_texts
from akimdesk.domain.fines import ID_DOCUMENTS
from akimdesk.domain.identity import iin_birth_date, validate_bin, validate_iin
from akimdesk.i18n import LANGUAGES, N_, Msg, msg
from akimdesk.models import OffenceArticle, Official, Settlement

PERSON_CATEGORIES = ("individual", "official")
ORG_CATEGORIES = ("small", "medium", "large")
REQUIRED = N_("This field is required.")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

Errors = dict[str, str | Msg]


@dataclass
class CaseInput:
    """What the case form (or an import row) gives; the service fills in the rest."""

    offence_date: date | None = None
    offence_time: str = ""
    settlement_id: uuid.UUID | None = None
    offence_address: str = ""
    description: str = ""
    article_id: uuid.UUID | None = None
    offender_kind: str = "person"
    offender_category: str = "individual"
    iin_bin: str = ""
    surname: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    org_name: str = ""
    representative: str = ""
    offender_address: str = ""
    phone: str = ""
    protocol_number: str = ""
    protocol_date: date | None = None
    protocol_author: str = ""
    witnesses: str = ""
    explanation: str = ""
    refused_to_sign: bool = False
    admits_offence: bool = False
    penalty: str = "fine"
    mrp_count: int | None = None
    note: str = ""
    # The protocol's other facts (Code on Administrative Offences; DOMAIN.md §1)
    author_id: uuid.UUID | None = None
    protocol_time: str = ""
    protocol_place: str = ""
    language: str = "kk"
    interpreter: str = ""
    id_doc_kind: str = ""
    id_doc_number: str = ""
    id_doc_issuer: str = ""
    id_doc_date: date | None = None
    workplace: str = ""
    representative_position: str = ""
    representative_authority: str = ""
    hearing_date: date | None = None
    hearing_time: str = ""
    hearing_place: str = ""
    erap_number: str = ""
    erap_date: date | None = None


@dataclass
class DecisionInput:
    decision_date: date | None = None
    penalty: str = "fine"
    mrp_count: int | None = None
    official_id: uuid.UUID | None = None  # who considered the case; the akim when not given
    place: str = ""
    present: bool = True  # the person took part; else notified (a delivery record shows how)
    circumstances: str = ""
    evidence: str = ""
    mitigating: str = ""
    aggravating: str = ""


def check_penalty(
    article: OffenceArticle, category: str, penalty: str, mrp_count: int | None, errors: Errors
) -> None:
    if penalty == "warning":
        if not article.warning_allowed:
            errors["penalty"] = N_("This article does not allow a warning.")
        return
    if penalty != "fine":
        errors["penalty"] = N_("Choose a warning or a fine.")
        return
    if not article.fine_allowed:
        errors["penalty"] = N_("This article does not allow a fine.")
        return
    sanction = article.sanction_for(category)
    if sanction is None:
        errors["offender_category"] = N_(
            "The article sets no fine for this category of offender; ask the district."
        )
    elif mrp_count is None:
        errors["mrp_count"] = REQUIRED
    elif not sanction.min_mrp <= mrp_count <= sanction.max_mrp:
        errors["mrp_count"] = (
            msg("The article sets {lo} МРП for this category.", lo=sanction.min_mrp)
            if sanction.min_mrp == sanction.max_mrp
            else msg(
                "The article sets from {lo} to {hi} МРП for this category.",
                lo=sanction.min_mrp,
                hi=sanction.max_mrp,
            )
        )


def validate_case(
    session: Session, data: CaseInput, today: date
) -> tuple[Errors, OffenceArticle | None]:
    errors: Errors = {}
    if data.offence_date is None:
        errors["offence_date"] = REQUIRED
    elif data.offence_date > today:
        errors["offence_date"] = N_("The date cannot be in the future.")
    for name in ("offence_time", "protocol_time", "hearing_time"):
        if getattr(data, name) and not _TIME.match(getattr(data, name)):
            errors[name] = N_("Enter the time as HH:MM, e.g. 14:30.")
    if data.language not in LANGUAGES:
        errors["language"] = N_("Choose Kazakh or Russian.")
    if data.settlement_id is not None and session.get(Settlement, data.settlement_id) is None:
        errors["settlement_id"] = N_("Choose a settlement from the list.")
    if not data.description.strip():
        errors["description"] = REQUIRED

    _check_offender(data, today, errors)

    if data.protocol_date is None:
        errors["protocol_date"] = REQUIRED
    elif data.protocol_date > today:
        errors["protocol_date"] = N_("The date cannot be in the future.")
    elif data.offence_date and data.protocol_date < data.offence_date:
        errors["protocol_date"] = N_("The protocol cannot be dated before the offence.")
    _check_protocol_facts(session, data, today, errors)

    article = session.get(OffenceArticle, data.article_id) if data.article_id else None
    if article is None:
        errors["article_id"] = REQUIRED
    elif data.offence_date and not article.is_valid_on(data.offence_date):
        errors["article_id"] = N_("This article was not in force on the offence date.")
    elif "offender_category" not in errors:
        check_penalty(article, data.offender_category, data.penalty, data.mrp_count, errors)
    check_texts("fine_case", data, errors)
    return errors, article


def _check_protocol_facts(session: Session, data: CaseInput, today: date, errors: Errors) -> None:
    if data.author_id is not None:
        official = session.get(Official, data.author_id)
        if official is None:
            errors["author_id"] = N_("Choose an official from the list.")
    elif not data.protocol_author.strip():
        errors["protocol_author"] = REQUIRED  # the form shows it under its list of officials
    if data.id_doc_kind and data.id_doc_kind not in ID_DOCUMENTS:
        errors["id_doc_kind"] = N_("Choose the kind of document from the list.")
    if data.id_doc_kind and not data.id_doc_number.strip():
        errors["id_doc_number"] = REQUIRED
    if data.id_doc_date and data.id_doc_date > today:
        errors["id_doc_date"] = N_("The date cannot be in the future.")
    if data.hearing_date and data.protocol_date and data.hearing_date < data.protocol_date:
        errors["hearing_date"] = N_("The case cannot be considered before the protocol.")
    if data.hearing_date and not data.hearing_place.strip():
        errors["hearing_place"] = REQUIRED
    if data.erap_date and not data.erap_number.strip():
        errors["erap_number"] = REQUIRED
    elif data.erap_number.strip() and data.erap_date is None:
        errors["erap_date"] = REQUIRED
    elif data.erap_date and data.erap_date > today:
        errors["erap_date"] = N_("The date cannot be in the future.")
    elif data.erap_date and data.protocol_date and data.erap_date < data.protocol_date:
        errors["erap_date"] = N_("A protocol cannot be registered before it is drawn up.")


def _check_offender(data: CaseInput, today: date, errors: Errors) -> None:
    ident = data.iin_bin.strip()
    if data.offender_kind == "person":
        if data.offender_category not in PERSON_CATEGORIES:
            errors["offender_category"] = N_("A person is an individual or an official.")
        if not ident:
            errors["iin_bin"] = REQUIRED
        elif err := validate_iin(ident, today):
            errors["iin_bin"] = err
        elif data.birth_date and data.birth_date != iin_birth_date(ident):
            errors["birth_date"] = N_("The birth date does not match the ИИН.")
        for name in ("surname", "first_name"):
            if not getattr(data, name).strip():
                errors[name] = REQUIRED
    elif data.offender_kind == "organisation":
        if data.offender_category not in ORG_CATEGORIES:
            errors["offender_category"] = N_("Choose the size of the business.")
        if not ident:
            errors["iin_bin"] = REQUIRED
        elif (err := validate_bin(ident, today)) and validate_iin(ident, today) is not None:
            # An individual entrepreneur (ИП, ЖК) or a peasant farm is registered under its
            # owner's ИИН: either number identifies it.
            errors["iin_bin"] = err
        if not data.org_name.strip():
            errors["org_name"] = REQUIRED
    else:
        errors["offender_kind"] = N_("Choose a person or an organisation.")


def validate_decision(
    mrp_lookup: Callable[[date], int | None],
    article: OffenceArticle,
    category: str,
    offence_date: date,
    protocol_date: date,
    limitation_date: date | None,
    data: DecisionInput,
    today: date,
) -> tuple[Errors, int | None]:
    """Returns the errors and the МРП value the fine is counted in: the one in force on the
    protocol's date, when the case was opened (Code on Administrative Offences, art. 44 p.1)."""
    errors: Errors = {}
    d = data.decision_date
    mrp = None
    if d is None:
        errors["decision_date"] = REQUIRED
    elif d > today:
        errors["decision_date"] = N_("The date cannot be in the future.")
    elif d < offence_date:
        errors["decision_date"] = N_("The decision cannot be dated before the offence.")
    elif d < protocol_date:
        errors["decision_date"] = N_("The decision cannot be dated before the protocol.")
    elif limitation_date and d > limitation_date:
        errors["decision_date"] = N_(
            "The limitation period for imposing a penalty has run out; the case must be closed."
        )
    elif data.penalty == "fine":
        mrp = mrp_lookup(protocol_date)
        if mrp is None:
            errors["decision_date"] = N_("No МРП value is known for the date of the protocol.")
    check_penalty(article, category, data.penalty, data.mrp_count, errors)
    return errors, mrp
