"""Reference data the district keeps for its offices: offence articles (validity dates and
sanctions) and МРП values. A saved change gets the next reference version, so every office
picks it up on its next sync (sync.refdata). Rows are never deleted: an article is retired by
its end date, a corrected МРП keeps the reason in the district log.

The catalog is the Code's and the law's, so it is shared by every district on this server."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from akimdesk.district import reference
from akimdesk.district.models import DistrictLog, RefRow
from akimdesk.district.web.core import (
    PREFIX,
    Forbidden,
    NotFound,
    Viewer,
    check_csrf,
    page,
    render,
    server_of,
    viewer,
)
from akimdesk.district.web.tables import Column, Table
from akimdesk.domain import catalog
from akimdesk.domain.fines import CATEGORY_LABELS
from akimdesk.i18n import N_, Msg, format_date, msg, translator
from akimdesk.models import OFFENDER_CATEGORIES

router = APIRouter(include_in_schema=False)
PURPOSES = {"fines": N_("fines and penalties"), "benefits": N_("benefits and payments")}
ACTIONS = {
    "article_new": N_("Article added"), "article_edit": N_("Article changed"),
    "mrp_new": N_("МРП value added"), "mrp_edit": N_("МРП value corrected"),
    "audit_ack": N_("Audit problem seen"), "login": N_("Signed in"),
    "login_failed": N_("Wrong password"),
}  # fmt: skip


def _rows(s: Session, dataset: str, office_id: uuid.UUID | None = None) -> list[RefRow]:
    q = select(RefRow).where(RefRow.dataset == dataset)
    if office_id is not None:
        q = q.where(RefRow.office_id == office_id)
    return list(s.scalars(q))


def article_label(data: dict[str, Any], lang: str) -> str:
    number = data["article"] + (f"-{data['part']}" if data.get("part") else "")
    return f"{number} {data['title_kk'] if lang == 'kk' else data['title_ru']}"


def article_labels(s: Session, lang: str) -> dict[uuid.UUID, str]:
    return {r.id: article_label(r.data, lang) for r in _rows(s, "article")}


def settlement_names(s: Session, lang: str) -> dict[uuid.UUID, str]:
    return {r.id: r.data["name_kk" if lang == "kk" else "name_ru"] for r in _rows(s, "settlement")}


def _sanctions_text(data: dict[str, Any], t) -> str:
    return "; ".join(
        f"{t(CATEGORY_LABELS.get(x['offender_category'], x['offender_category']))}: "
        f"{x['min_mrp']}–{x['max_mrp']}"
        for x in data.get("sanctions", [])
    )


@router.get("/refdata")
def listing(request: Request, v: Annotated[Viewer, Depends(viewer)]) -> Response:
    t = v.t

    def load(s: Session) -> list[Table]:
        arts = sorted(
            _rows(s, "article"),
            key=lambda r: (_key(r.data["article"]), r.data.get("part", ""), r.data["valid_from"]),
        )
        articles = [{
            "article": r.data["article"] + (f"-{r.data['part']}" if r.data.get("part") else ""),
            "article__href": f"{PREFIX}/refdata/article/{r.id}",
            "title": r.data["title_kk" if v.lang == "kk" else "title_ru"],
            "valid_from": date.fromisoformat(r.data["valid_from"]),
            "valid_to": date.fromisoformat(r.data["valid_to"]) if r.data.get("valid_to") else None,
            "warning": t("yes") if r.data.get("warning_allowed") else t("no"),
            "sanctions": _sanctions_text(r.data, t), "version": r.rev,
        } for r in arts]  # fmt: skip
        mrps = sorted(
            _rows(s, "mrp"), key=lambda r: (r.data["valid_from"], r.data["purpose"]), reverse=True
        )
        mrp = [{
            "valid_from": date.fromisoformat(r.data["valid_from"]),
            "purpose": t(PURPOSES.get(r.data["purpose"], r.data["purpose"])),
            "amount": r.data["amount"], "version": r.rev,
        } for r in mrps]  # fmt: skip
        log = [{
            "at": e.at, "login": e.login, "action": t(ACTIONS.get(e.action, e.action)),
            "subject": _subject(e, v.lang),
        } for e in s.scalars(
            select(DistrictLog).where(DistrictLog.action.in_(("article_new", "article_edit", "mrp_new", "mrp_edit")))
            .order_by(desc(DistrictLog.id)).limit(200)
        )]  # fmt: skip
        return [
            Table("articles", N_("Offence articles"), [
                Column("article", N_("Article")), Column("title", N_("Title")),
                Column("valid_from", N_("Valid from"), "date"), Column("valid_to", N_("Valid to"), "date"),
                Column("warning", N_("Warning allowed")), Column("sanctions", N_("Fine, МРП")),
                Column("version", N_("Version"), "int"),
            ], articles),
            Table("mrp", N_("МРП values"), [
                Column("valid_from", N_("Valid from"), "date"), Column("purpose", N_("Used for")),
                Column("amount", N_("Tenge"), "int"), Column("version", N_("Version"), "int"),
            ], mrp),
            Table("changes", N_("Changes to reference data"), [
                Column("at", N_("When"), "datetime"), Column("login", N_("Who")),
                Column("action", N_("What")), Column("subject", N_("Subject")),
            ], log),
        ]  # fmt: skip

    return page(request, v, "refdata.html", server_of(request).run(load), files=("refdata", ""))


def _subject(e: DistrictLog, lang: str) -> str:
    """An МРП change is named by its date and purpose, in the reader's language."""
    after = (e.detail or {}).get("after") or {}
    if e.action.startswith("mrp") and "purpose" in after:
        when = format_date(date.fromisoformat(after["valid_from"]), lang)
        return f"{when}, {translator(lang)(PURPOSES.get(after['purpose'], after['purpose']))}"
    return e.subject


def _key(article: str) -> tuple[int, str]:
    digits = "".join(ch for ch in article if ch.isdigit())
    return (int(digits) if digits else 0, article)


# --- the article form ---------------------------------------------------------------------
def _date(value: str, errors: dict[str, Msg | str], name: str, required: bool) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            errors[name] = N_("Enter the date.")
        return None
    try:  # typed as on paper (23.11.2026); ISO too, as a browser's date picker sends it
        if "." in value:
            day, month, year = (int(x) for x in value.split("."))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = N_("Enter the date as DD.MM.YYYY.")
        return None


def _int(value: str, errors: dict[str, Msg | str], name: str, lo: int, hi: int) -> int | None:
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    if not value.isdigit() or not lo <= int(value) <= hi:
        errors[name] = msg("Enter a whole number from {lo} to {hi}.", lo=lo, hi=hi)
        return None
    return int(value)


def read_article(
    s: Session, form: dict[str, str], existing: RefRow | None
) -> tuple[dict[str, Any], dict[str, Msg | str]]:
    """The form's values and, per field, what is wrong: what cannot be read here, the rules
    of an article in reference.article_problems (the command line's too). Nothing written."""
    errors: dict[str, Msg | str] = {}
    values: dict[str, Any] = {
        k: (form.get(k) or "").strip() for k in ("article", "part", "title_kk", "title_ru")
    }
    if existing is not None:  # number, part and start date make the article's identity
        values.update(article=existing.data["article"], part=existing.data.get("part", ""))
        values["valid_from"] = date.fromisoformat(existing.data["valid_from"])
    else:
        values["valid_from"] = _date(form.get("valid_from", ""), errors, "valid_from", True)
    values["valid_to"] = _date(form.get("valid_to", ""), errors, "valid_to", False)
    values["warning_allowed"] = form.get("warning_allowed") == "on"
    sanctions: dict[str, tuple[int, int]] = {}
    for cat in OFFENDER_CATEGORIES:
        top = reference.MAX_MRP_COUNT
        lo = _int(form.get(f"min_{cat}", ""), errors, f"min_{cat}", 0, top)
        hi = _int(form.get(f"max_{cat}", ""), errors, f"max_{cat}", 0, top)
        if f"min_{cat}" in errors or f"max_{cat}" in errors:
            continue
        if (lo is None) != (hi is None):
            errors[f"max_{cat}" if hi is None else f"min_{cat}"] = N_(
                "Give both the lowest and the highest number of МРП, or neither."
            )
        elif lo is not None and hi is not None:
            sanctions[cat] = (lo, hi)
    values["sanctions"] = sanctions
    # The rules run even when the start date cannot be read (its own message stands for it),
    # so every other field is told at once.
    rules = reference.article_problems(
        s, values["article"], values["part"], values["title_kk"], values["title_ru"],
        values["valid_from"] or date.min, values["valid_to"], values["warning_allowed"],
        sanctions, replacing=existing is not None,
    )  # fmt: skip
    if any(k.startswith(("min_", "max_")) for k in errors):
        rules.pop("sanctions", None)  # a range that could not be read is said already
    errors = {**rules, **errors}  # what could not be read is said, not its sequel
    return values, errors


def _form_of(row: RefRow | None) -> dict[str, str]:
    if row is None:
        return {}
    d = row.data
    form = {k: str(d.get(k) or "") for k in ("article", "part", "title_kk", "title_ru")}
    for k in ("valid_from", "valid_to"):
        form[k] = date.fromisoformat(d[k]).strftime("%d.%m.%Y") if d.get(k) else ""
    form["warning_allowed"] = "on" if d.get("warning_allowed") else ""
    for x in d.get("sanctions", []):
        form[f"min_{x['offender_category']}"] = str(x["min_mrp"])
        form[f"max_{x['offender_category']}"] = str(x["max_mrp"])
    return form


def _article_page(
    request: Request,
    v: Viewer,
    row: RefRow | None,
    form: dict[str, str],
    errors: dict[str, Any],
    status: int = 200,
) -> Response:
    return render(request, v, "article_form.html", status_code=status, row=row, form=form,
                  errors={k: v.t(e) if isinstance(e, str) else e.render(v.lang) for k, e in errors.items()},
                  categories=[(c, CATEGORY_LABELS.get(c, c)) for c in OFFENDER_CATEGORIES])  # fmt: skip


def _load_article(s: Session, article_id: uuid.UUID | None) -> RefRow | None:
    row = s.get(RefRow, ("article", article_id)) if article_id else None
    if article_id and row is None:
        raise NotFound()
    return row


@router.get("/refdata/article/{article_id}")
def article_form(
    request: Request, article_id: str, v: Annotated[Viewer, Depends(viewer)]
) -> Response:
    row = None
    if article_id != "new":
        row = server_of(request).run(_load_article, _uuid(article_id))
    if not v.editor:  # a viewer reads the article; forms are for editors only
        if row is None:
            raise Forbidden()
        return render(request, v, "article_view.html", row=row, form=_form_of(row),
                      categories=[(c, CATEGORY_LABELS.get(c, c)) for c in OFFENDER_CATEGORIES])  # fmt: skip
    return _article_page(request, v, row, _form_of(row), {})


@router.post("/refdata/article/{article_id}")
async def article_save(
    request: Request, article_id: str, v: Annotated[Viewer, Depends(viewer)]
) -> Response:
    form = {k: str(x) for k, x in (await request.form()).items()}
    check_csrf(v, form.get("csrf"))
    v.require_editor()
    wanted = None if article_id == "new" else _uuid(article_id)

    def save(s: Session) -> tuple[RefRow | None, dict[str, Any]]:
        row = _load_article(s, wanted)
        values, errors = read_article(s, form, row)
        if errors:
            return row, errors
        before = dict(row.data) if row else None
        saved = reference.upsert_article(
            s, values["article"], values["part"], values["title_kk"], values["title_ru"],
            values["valid_from"], values["valid_to"], values["warning_allowed"],
            bool(values["sanctions"]), values["sanctions"],
        )  # fmt: skip
        subject = values["article"] + (f"-{values['part']}" if values["part"] else "")
        v.log(s, "article_edit" if row else "article_new", subject,
              {"before": before, "after": saved.data, "version": saved.rev})  # fmt: skip
        return saved, {}

    row, errors = server_of(request).run(save)
    if errors:
        return _article_page(request, v, row, form, errors, status=422)
    return RedirectResponse(f"{PREFIX}/refdata?saved=article", status_code=303)


# --- the МРП form -------------------------------------------------------------------------
@router.get("/refdata/mrp/new")
def mrp_form(request: Request, v: Annotated[Viewer, Depends(viewer)]) -> Response:
    v.require_editor()
    return render(
        request, v, "mrp_form.html", form={"purpose": "fines"}, errors={}, purposes=PURPOSES
    )


@router.post("/refdata/mrp/new")
async def mrp_save(request: Request, v: Annotated[Viewer, Depends(viewer)]) -> Response:
    form = {k: str(x) for k, x in (await request.form()).items()}
    check_csrf(v, form.get("csrf"))
    v.require_editor()
    errors: dict[str, Msg | str] = {}
    valid_from = _date(form.get("valid_from", ""), errors, "valid_from", True)
    amount = _int(form.get("amount", ""), errors, "amount", 1, reference.MAX_MRP_TENGE)
    if amount is None and "amount" not in errors:
        errors["amount"] = N_("Enter the МРП in tenge.")
    purpose, reason = form.get("purpose", ""), (form.get("reason") or "").strip()

    def save(s: Session) -> dict[str, Msg | str]:
        problems = dict(errors)
        if valid_from is not None:
            rules = reference.mrp_problems(s, valid_from, amount or 1, purpose, reason)
            problems = {**rules, **problems}
        if problems:
            return problems
        assert valid_from is not None and amount is not None
        existing = s.get(RefRow, ("mrp", catalog.mrp_id(valid_from, purpose)))
        before = dict(existing.data) if existing else None
        row = reference.set_mrp(s, valid_from, amount, purpose, reason)
        v.log(s, "mrp_edit" if existing else "mrp_new", valid_from.isoformat(),
              {"before": before, "after": row.data, "reason": reason})  # fmt: skip
        return {}

    problems = server_of(request).run(save)
    if problems:
        rendered = {
            k: v.t(e) if isinstance(e, str) else e.render(v.lang) for k, e in problems.items()
        }
        return render(
            request,
            v,
            "mrp_form.html",
            status_code=422,
            form=form,
            errors=rendered,
            purposes=PURPOSES,
        )
    return RedirectResponse(f"{PREFIX}/refdata?saved=mrp", status_code=303)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound() from None
