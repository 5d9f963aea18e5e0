"""Repeated offences: a part of an article that needs a penalty under the same article within a
year (505 p.2, 204 p.2; which parts is reference data on the article) is refused without one,
and the form is told which part the person's record points to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from akimdesk.domain.calendar import add_months
from akimdesk.i18n import Msg, format_date, msg
from akimdesk.models import FineCase, OffenceArticle
from akimdesk.services import refdata, settings


@dataclass(frozen=True)
class PriorPenalty:
    case_id: uuid.UUID
    number: str
    article: str  # the code of the part, e.g. 505-1
    penalty_on: date  # in force from (or closed by the 50% payment on)
    in_window: bool  # the new offence is within the repeat period after it


def prior_penalty(
    session: Session, iin_bin: str, article: str, offence: date, exclude: uuid.UUID | None = None
) -> PriorPenalty | None:
    """The latest penalty in force for the same ИИН/БИН under the same article (any part)
    before `offence`, and whether the offence falls within the repeat period after it."""
    c = FineCase
    penalty_on = case(
        (and_(c.stage == "closed", c.reduced, c.decision_date.is_(None)), c.closed_date),
        else_=c.in_force_date,
    )
    stmt = (
        select(c.id, c.number, OffenceArticle.article, OffenceArticle.part, penalty_on)
        .join(OffenceArticle, OffenceArticle.id == c.article_id)
        .where(
            c.iin_bin == iin_bin.strip(),
            OffenceArticle.article == article,
            c.stage.in_(("decided", "closed", "enforcement")),
            or_(c.decision_date.is_not(None), c.reduced),
            penalty_on.is_not(None),
            penalty_on < offence,
        )
        .order_by(penalty_on.desc())
        .limit(1)
    )
    if exclude is not None:
        stmt = stmt.where(c.id != exclude)
    row = session.execute(stmt).first()
    if row is None:
        return None
    cid, number, art, part, on = row
    months = settings.load(session)["fines.repeat_months"]
    return PriorPenalty(cid, number, f"{art}-{part}" if part else art, on,
                        offence <= add_months(on, months))  # fmt: skip


def repeat_part(session: Session, article: OffenceArticle, on: date) -> OffenceArticle | None:
    """The part of the same article (valid on the day) that applies to a repeat, if any."""
    return next(
        (a for a in refdata.articles_valid_on(session, on)
         if a.article == article.article and a.needs_prior),
        None,
    )  # fmt: skip


def check(
    session: Session, iin_bin: str, article: OffenceArticle, offence: date,
    exclude: uuid.UUID | None = None,
) -> tuple[Msg | None, PriorPenalty | None]:  # fmt: skip
    """(why the article cannot be used, the prior penalty that makes it a repeat)."""
    if not article.needs_prior:
        return None, None  # asked first: an import of 10,000 cases under 505 p.1 asks nothing
    prior = prior_penalty(session, iin_bin, article.article, offence, exclude)
    if prior is not None and prior.in_window:
        return None, prior
    months = settings.load(session)["fines.repeat_months"]
    if prior is None:
        return msg(
            "Part {part} applies to an offence repeated within {months} months after a penalty "
            "under article {article}; this ИИН/БИН has no such penalty.",
            part=article.part, months=months, article=article.article,
        ), None  # fmt: skip
    return msg(
        "The last penalty under article {article} (case {number}, in force from {date}) was more "
        "than {months} months before the offence; part {part} does not apply.",
        article=article.article, number=prior.number, date=format_date(prior.penalty_on),
        months=months, part=article.part,
    ), prior  # fmt: skip


def suggestion(
    session: Session, iin_bin: str, article: OffenceArticle, offence: date,
    exclude: uuid.UUID | None = None,
) -> Msg | None:  # fmt: skip
    """What the form shows under the article: the part the person's record points to."""
    prior = prior_penalty(session, iin_bin, article.article, offence, exclude)
    repeat = repeat_part(session, article, offence)
    if repeat is None or prior is None or not prior.in_window:
        if article.needs_prior:
            error, _ = check(session, iin_bin, article, offence, exclude)
            return error
        return None
    if article.needs_prior:
        return msg("Repeated: case {number}, penalty in force from {date}.",
                   number=prior.number, date=format_date(prior.penalty_on))  # fmt: skip
    return msg(
        "Case {number} (penalty in force from {date}) makes this a repeat: part {part} applies.",
        number=prior.number, date=format_date(prior.penalty_on), part=repeat.part,
    )  # fmt: skip
