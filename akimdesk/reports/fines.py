"""Where a fine is printed: protocol, decision, payment notice, register, monthly summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from akimdesk.domain.fines import STATUS_LABELS, half_tiyn
from akimdesk.i18n import format_date, format_long_date, format_money, msg
from akimdesk.models import FineCase, Office
from akimdesk.reports.base import ReportError, build, gap, grid, header, kv_table, p, signatures
from akimdesk.services import office as office_service
from akimdesk.services import settings
from akimdesk.services.fines import queries
from akimdesk.storage.database import Database

T = Callable[[str], str]


def _load(db: Database, number: str) -> tuple[FineCase, Office, dict[str, Any]]:
    from sqlalchemy import select

    with db.read() as s:
        case = s.scalars(select(FineCase).where(FineCase.number == number)).first()
        office = office_service.current(s)
        values = settings.load(s)
        if case is None or office is None:
            raise ReportError(msg("Case {number} was not found.", number=number))
        _ = case.article, case.settlement, case.payments
    return case, office, values


def _office_name(office: Office, lang: str) -> str:
    return office.name_kk if lang == "kk" else office.name_ru


def _place(case: FineCase, lang: str) -> str:
    village = case.settlement.name(lang) if case.settlement else ""
    return ", ".join(x for x in (village, case.offence_address) if x)


def _offender_rows(case: FineCase, t: T, lang: str) -> list[tuple[str, Any]]:
    if case.offender_kind == "organisation":
        return [
            (t("Organisation"), case.org_name),
            (t("БИН"), case.iin_bin),
            (t("Representative"), case.representative),
            (t("Address"), case.offender_address),
            (t("Phone"), case.phone),
        ]
    return [
        (t("Surname, first name, patronymic"), case.offender_name),
        (t("ИИН"), case.iin_bin),
        (t("Birth date"), format_date(case.birth_date, lang)),
        (t("Address"), case.offender_address),
        (t("Phone"), case.phone),
    ]


def _article(case: FineCase, t: T, lang: str) -> str:
    title = case.article.title_kk if lang == "kk" else case.article.title_ru
    if case.article.part:
        ref = t("part {part} of article {article} of the Code on Administrative Offences").format(
            part=case.article.part, article=case.article.article
        )
    else:
        ref = t("article {article} of the Code on Administrative Offences").format(
            article=case.article.article
        )
    return f"{ref} ({title})"


def protocol(db: Database, params: dict[str, Any], lang: str) -> bytes:
    case, office, _ = _load(db, params["number"])

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Protocol on an administrative offence"),
                      t("No. {number}").format(number=case.protocol_number or case.number), code)  # fmt: skip
        out.append(kv_table([
            (t("Date of the protocol"), format_long_date(case.protocol_date, code)),
            (t("Drawn up by"), case.protocol_author),
            (t("Time and place of the offence"),
             f"{format_date(case.offence_date, code)} {case.offence_time}, {_place(case, code)}"),
        ]))  # fmt: skip
        out += [gap(), p(t("Offender"), "label")]
        out.append(kv_table(_offender_rows(case, t, code)))
        out += [gap()]
        out.append(kv_table([
            (t("Substance of the offence"), case.description),
            (t("Article"), _article(case, t, code)),
            (t("Witnesses, victims"), case.witnesses or "—"),
            (t("Offender's explanation"), case.explanation or "—"),
        ]))  # fmt: skip
        out += [gap(), p(t("The offender's rights and obligations were explained."))]
        if case.admits_offence and case.half_pay_until:
            out.append(p(t("The offender admits the offence and may pay 50% of the fine, {amount}, by {date}; "
                           "the case is then closed.").format(
                amount=format_money(half_tiyn(case.amount_tiyn), code),
                date=format_date(case.half_pay_until, code))))  # fmt: skip
        if case.refused_to_sign:
            out.append(p(t("The offender refused to sign the protocol.")))
        out += [gap(6), signatures([
            (t("Drawn up by"), case.protocol_author),
            (t("Offender"), case.offender_name),
            (t("A copy of the protocol received"), ""),
        ])]  # fmt: skip
        return out

    return build(story, lang, f"protocol {case.number}")


def decision(db: Database, params: dict[str, Any], lang: str) -> bytes:
    case, office, values = _load(db, params["number"])
    if case.decision_date is None:
        raise ReportError(msg("No decision has been issued in case {number}.", number=case.number))

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Decision on a case of an administrative offence"),
                      t("No. {number}").format(number=case.number), code)  # fmt: skip
        out.append(kv_table([
            (t("Date of the decision"), format_long_date(case.decision_date, code)),
            (t("Considered by"), t("Akim {name}").format(name=office.akim_name)),
            (t("Protocol"), t("No. {number} of {date}").format(
                number=case.protocol_number, date=format_date(case.protocol_date, code))),
        ]))  # fmt: skip
        out += [
            gap(),
            p(t("Person held liable"), "label"),
            kv_table(_offender_rows(case, t, code)),
            gap(),
        ]
        out.append(kv_table([
            (t("Circumstances established"),
             f"{format_date(case.offence_date, code)} {case.offence_time}, {_place(case, code)}: {case.description}"),
            (t("Qualification"), _article(case, t, code)),
        ]))  # fmt: skip
        out += [gap(), p(t("DECIDED:"), "title")]
        if case.penalty == "warning":
            out.append(p(t("To impose on {name} an administrative penalty in the form of a warning.").format(
                name=case.offender_name)))  # fmt: skip
        else:
            out.append(p(t("To impose on {name} an administrative penalty in the form of a fine of {count} МРП "
                           "(1 МРП = {mrp}), that is {amount}.").format(
                name=case.offender_name, count=case.mrp_count, mrp=format_money(case.mrp_value * 100, code),
                amount=format_money(case.amount_tiyn, code))))  # fmt: skip
            out.append(p(t("The fine is to be paid voluntarily within {days} days after the decision comes "
                           "into force, to the budget: БИН {bin}, ИИК {iik}, БИК {bik}, КБК {kbk}, КНП {knp}."
                           ).format(days=values["fines.voluntary_payment_days"], bin=office.bin,
                                    iik=office.iik, bik=office.bik, kbk=office.kbk, knp=office.knp)))  # fmt: skip
            out.append(
                p(t("If the fine is not paid in time, the decision is sent for enforcement."))
            )
        out.append(p(t("The decision may be appealed within {days} days of the day a copy is received.").format(
            days=values["fines.appeal_days"])))  # fmt: skip
        out += [gap(8), signatures([
            (t("Akim"), office.akim_name),
            (t("A copy of the decision received"), case.offender_name),
        ])]  # fmt: skip
        return out

    return build(story, lang, f"decision {case.number}")


def notice(db: Database, params: dict[str, Any], lang: str) -> bytes:
    case, office, _ = _load(db, params["number"])
    if case.penalty != "fine" or not case.amount_tiyn:
        raise ReportError(msg("No fine has been imposed in case {number}.", number=case.number))

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Notice of payment of an administrative fine"),
                      t("Case No. {number}").format(number=case.number), code)  # fmt: skip
        out.append(kv_table([
            (t("Payer"), case.offender_name),
            (t("ИИН / БИН of the payer"), case.iin_bin),
            (t("Amount to pay"), format_money(case.balance_tiyn, code)),
            (t("Pay by"), format_date(case.pay_by or case.half_pay_until, code) or "—"),
            (t("Beneficiary"), _office_name(office, code)),
            (t("БИН of the beneficiary"), office.bin),
            (t("Account (ИИК)"), office.iik),
            (t("Bank"), office.bank_name),
            (t("БИК"), office.bik),
            (t("Budget classification code (КБК)"), office.kbk),
            (t("Payment purpose code (КНП)"), office.knp),
            (t("Purpose of payment"), t("Administrative fine, case No. {number} of {date}").format(
                number=case.number, date=format_date(case.decision_date or case.protocol_date, code))),
        ]))  # fmt: skip
        if case.admits_offence and case.half_pay_until and case.stage == "protocol":
            out += [gap(), p(t("Paying 50%, {amount}, by {date} closes the case.").format(
                amount=format_money(half_tiyn(case.amount_tiyn), code),
                date=format_date(case.half_pay_until, code)))]  # fmt: skip
        return out

    return build(story, lang, f"notice {case.number}")


def register(db: Database, params: dict[str, Any], lang: str) -> bytes:
    d_from, d_to = params["date_from"], params["date_to"]
    today = params.get("today") or date.today()
    with db.read() as s:
        office = office_service.current(s)
        rows_by_lang: dict[str, list[list[str]]] = {}
        found = queries.cases_in_period(s, d_from, d_to)
        for code in ("kk", "ru"):
            from akimdesk.i18n import translator

            t = translator(code)
            rows_by_lang[code] = [
                [str(i), c.number, format_date(c.protocol_date, code), c.offender_name, c.iin_bin,
                 c.article.code, format_date(c.decision_date, code),
                 t("warning") if c.penalty == "warning" and c.decision_date else (
                     f"{c.mrp_count} МРП" if c.decision_date else ""),
                 format_money(c.amount_tiyn, code) if c.decision_date and c.amount_tiyn else "",
                 format_money(c.paid_tiyn, code) if c.paid_tiyn else "",
                 t(STATUS_LABELS[queries.status_of_case(c, today)])]
                for i, c in enumerate(found, start=1)
            ]  # fmt: skip
        total_imposed = sum(
            c.amount_tiyn for c in found if c.decision_date and c.stage != "cancelled"
        )
        total_paid = sum(c.paid_tiyn for c in found)
    assert office is not None

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Register of administrative offence cases"),
                      t("from {start} to {end}").format(start=format_date(d_from, code),
                                                         end=format_date(d_to, code)), code)  # fmt: skip
        head = [t("No."), t("Case"), t("Protocol"), t("Offender"), t("ИИН/БИН"), t("Article"),
                  t("Decision"), t("Penalty"), t("Amount"), t("Paid"), t("Status")]  # fmt: skip
        widths = [10, 24, 20, 52, 25, 15, 20, 20, 26, 26, 29]
        out.extend(grid(head, rows_by_lang[code], [w * mm for w in widths], right=(8, 9)))
        out += [gap(), p(t("Cases: {n}. Fines imposed: {imposed}. Paid: {paid}.").format(
            n=len(rows_by_lang[code]), imposed=format_money(total_imposed, code),
            paid=format_money(total_paid, code)))]  # fmt: skip
        return out

    return build(story, lang, "fines register", wide=True)


def summary(db: Database, params: dict[str, Any], lang: str) -> bytes:
    d_from, d_to = params["date_from"], params["date_to"]
    with db.read() as s:
        office = office_service.current(s)
        lines = queries.monthly_summary(s, d_from, d_to)
    assert office is not None

    def story(code: str, t: T) -> list[Flowable]:
        out = header(office, t("Summary of administrative fines"),
                      t("from {start} to {end}").format(start=format_date(d_from, code),
                                                         end=format_date(d_to, code)), code)  # fmt: skip
        rows = [[x.article, x.title_kk if code == "kk" else x.title_ru, str(x.cases), str(x.warnings),
                 str(x.fines), format_money(x.imposed_tiyn, code), format_money(x.collected_tiyn, code)]
                for x in lines]  # fmt: skip
        rows.append(["", t("Total"), str(sum(x.cases for x in lines)), str(sum(x.warnings for x in lines)),
                     str(sum(x.fines for x in lines)), format_money(sum(x.imposed_tiyn for x in lines), code),
                     format_money(sum(x.collected_tiyn for x in lines), code)])  # fmt: skip
        head = [t("Article"), t("Offence"), t("Cases opened"), t("Warnings"), t("Fines"),
                  t("Fines imposed"), t("Collected")]  # fmt: skip
        widths = [w * mm for w in (16, 62, 17, 17, 14, 27, 27)]
        out.extend(grid(head, rows, widths, right=(2, 3, 4, 5, 6), size=8))
        return out

    return build(story, lang, "fines summary")
