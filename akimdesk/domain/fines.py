"""Fine case rules: deadlines (DOMAIN.md §1) and the status a person sees on a given day.

Every period comes from the office's settings; nothing legal is a constant here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from akimdesk.domain.calendar import CALENDAR, DayCounter, YearDays, add_months
from akimdesk.domain.languages import LANGUAGE_LABELS as LANGUAGE_LABELS  # of the proceedings
from akimdesk.i18n import N_

STATUS_LABELS = {
    "protocol": N_("Protocol drawn"),
    "decided": N_("Decision issued"),
    "appealed": N_("Appealed"),
    "in_force": N_("In force, awaiting payment"),
    "partly_paid": N_("Partly paid"),
    "paid": N_("Paid"),
    "paid_half": N_("Paid 50%"),
    "warning": N_("Warning issued"),
    "overdue": N_("Overdue"),
    "enforcement": N_("Sent for enforcement"),
    "cancelled": N_("Cancelled"),
}
STATUSES = tuple(STATUS_LABELS)

CATEGORY_LABELS = {  # offender categories of the sanctions table
    "individual": N_("individual"),
    "official": N_("official"),
    "small": N_("small business or NGO"),
    "medium": N_("medium business"),
    "large": N_("large business"),
}

EVENT_LABELS = {  # what happened to a case, in its history
    "protocol_drawn": N_("Protocol drawn"),
    "renumbered": N_("Number changed"),
    "decision_issued": N_("Decision issued"),
    "decision_delivered": N_("Decision delivered"),
    "appeal_filed": N_("Appeal filed"),
    "appeal_upheld": N_("Decision upheld on appeal"),
    "appeal_granted": N_("Decision cancelled on appeal"),
    "payment": N_("Payment"),
    "paid_in_full": N_("Paid in full"),
    "paid_half": N_("Closed by the 50% payment"),
    "deferral_granted": N_("Deferral granted"),
    "instalments_granted": N_("Instalments granted"),
    "sent_to_enforcement": N_("Sent for enforcement"),
    "cancelled": N_("Case cancelled"),
    "corrected": N_("Correction"),
    "dates_checked": N_("Imported dates checked against the paper file"),
    "notice_delivered": N_("Hearing notice delivered"),
    "enforcement_result": N_("Result of enforcement"),
}

ACTION_LABELS = {
    "half_window": N_("50% payment window closes"),
    "coming_into_force": N_("Decision comes into force"),
    "not_delivered": N_("Decision not yet delivered"),
    "overdue": N_("Send for enforcement"),  # the status beside it says the deadline passed
    "limitation": N_("Limitation period runs out"),
    "not_notified": N_("No record of the hearing notice"),
    "erap_missing": N_("No ЕРАП number"),
}
# Said in full where the register's column has room only for the short words above (its tooltip).
ACTION_DETAILS = {
    "not_notified": N_("Hearing soon: no record that the person was notified"),
    "erap_missing": N_("No ЕРАП registration number"),
}


ID_DOCUMENTS = {
    "id_card": N_("identity card"),
    "passport": N_("passport"),
    "residence_permit": N_("residence permit"),
    "birth_certificate": N_("birth certificate"),
    "other": N_("other document"),
}

DELIVERY_METHODS = {
    "handed": N_("handed over"),
    "post": N_("by post"),
    "phone": N_("by phone message"),
    "refused": N_("refused to accept"),
}
DELIVERY_DOCUMENTS = {"hearing_notice": N_("Hearing notice"), "decision": N_("Decision")}

ENFORCEMENT_RESULTS = {
    "executed": N_("executed"),
    "returned": N_("returned without execution"),
}


@dataclass(frozen=True)
class FineRules:
    limitation_months: int
    half_payment_days: int
    half_payment_day_rule: str
    appeal_days: int
    appeal_day_rule: str
    voluntary_payment_days: int
    enforcement_days: int
    max_deferral_months: int
    max_instalment_months: int
    repeat_months: int
    counter: DayCounter

    @classmethod
    def from_settings(
        cls, s: dict[str, Any], years: dict[int, YearDays] | None = None
    ) -> FineRules:
        """`years`: the district's holiday rows; other years follow the settings' holidays."""
        return cls(
            limitation_months=s["fines.limitation_months"],
            half_payment_days=s["fines.half_payment_days"],
            half_payment_day_rule=s["fines.half_payment_day_rule"],
            appeal_days=s["fines.appeal_days"],
            appeal_day_rule=s["fines.appeal_day_rule"],
            voluntary_payment_days=s["fines.voluntary_payment_days"],
            enforcement_days=s["fines.enforcement_days"],
            max_deferral_months=s["fines.max_deferral_months"],
            max_instalment_months=s["fines.max_instalment_months"],
            repeat_months=s["fines.repeat_months"],
            counter=DayCounter.of_office(s, years),
        )

    def limitation_date(self, offence: date) -> date:
        return add_months(offence, self.limitation_months)

    def half_pay_until(self, protocol: date) -> date:
        return self.counter.add(protocol, self.half_payment_days, self.half_payment_day_rule)

    def appeal_until(self, delivered: date) -> date:
        return self.counter.add(delivered, self.appeal_days, self.appeal_day_rule)

    @staticmethod
    def in_force_after(appeal_until: date) -> date:
        return appeal_until + timedelta(days=1)

    def pay_by(self, in_force: date) -> date:
        return self.counter.add(in_force, self.voluntary_payment_days, CALENDAR)

    def enforcement_by(self, pay_by: date) -> date:
        return self.counter.add(pay_by, self.enforcement_days, CALENDAR)


def status_of(
    stage: str,
    penalty: str,
    reduced: bool,
    in_force_date: date | None,
    pay_by: date | None,
    paid_tiyn: int,
    today: date,
) -> str:
    """The Python twin of services.fines.status_sql; a test keeps the two in agreement."""
    if stage in ("cancelled", "protocol", "appealed", "enforcement"):
        return stage
    if penalty == "warning":
        return "warning"
    if stage == "closed":
        return "paid_half" if reduced else "paid"
    if in_force_date is None or in_force_date > today:
        return "decided"
    if pay_by is not None and pay_by >= today:
        return "partly_paid" if paid_tiyn > 0 else "in_force"
    return "overdue"


def repeat_window(penalty_on: date, months: int) -> tuple[date, date]:
    """An offence counts as repeated when committed after a penalty and within `months` of it
    ("повторно в течение года после наложения взыскания")."""
    return penalty_on, add_months(penalty_on, months)


def amount_tiyn(mrp_value: int, mrp_count: int) -> int:
    return mrp_value * mrp_count * 100


def half_tiyn(amount: int) -> int:
    return amount // 2
