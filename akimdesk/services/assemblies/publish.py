"""Where minutes leave the office: publishing signed minutes (PDF + structured JSON for the
state internet-resources platform) and exporting the meetings list as JSON or CSV."""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from akimdesk import __version__
from akimdesk.domain.assemblies import AGENDA_KINDS, MEETING_KINDS
from akimdesk.i18n import N_, translator
from akimdesk.models import Meeting
from akimdesk.reports.bilingual import Bi
from akimdesk.reports.minutes_data import ItemDoc, MinutesDoc
from akimdesk.services.assemblies import queries
from akimdesk.services.errors import fail
from akimdesk.services.tables import csv_cell
from akimdesk.storage.database import Database

FORMAT = "akimdesk.minutes/2"  # 2: a decision only for an adopted item, else the proposal


def structured(doc: MinutesDoc) -> dict[str, Any]:
    """The content of the minutes as data: both languages, votes and computed outcomes. Like
    the printout, only an adopted item has a decision; any other has what was proposed."""
    q, rules = doc.quorum, doc.rules
    kk, ru = translator("kk"), translator("ru")
    return {
        "format": FORMAT,
        "generator": f"AkimDesk {__version__}",
        "office": {"bin": doc.office_bin, "name_kk": doc.office.kk, "name_ru": doc.office.ru},
        "number": doc.ref,
        "kind": doc.kind,
        "kind_kk": kk(MEETING_KINDS[doc.kind]),
        "kind_ru": ru(MEETING_KINDS[doc.kind]),
        "language": doc.language,
        "date": doc.meeting_date.isoformat(),
        "time": doc.start_time,
        "place": _both(doc.place),
        "settlement": _both(doc.settlement) if doc.settlement.kk or doc.settlement.ru else None,
        "scope": _both(doc.scope),
        "convened_by": _both(doc.convened_by),
        "chair": doc.chair,
        "secretary": doc.secretary,
        "invited": {
            lang: [x for x in doc.invited.text(lang).splitlines() if x.strip()]
            for lang in ("kk", "ru")
        },
        "status": "signed" if doc.signed else "draft",
        "signed_at": doc.signed_at or None,
        "attendance": {
            "present": q.present,
            "entitled": q.eligible,
            "quorum_required": q.required,
            "quorum": q.met,
            "members_present": [m.name for m in doc.members if m.present],
        },
        "rules": {
            "quorum_percent": rules.assembly_quorum_percent
            if doc.assembly
            else rules.gathering_quorum_percent,
            "quorum_strict": rules.quorum_strict,
            "majority_percent": rules.majority_percent,
            "majority_base": rules.majority_base,
            "majority_strict": rules.majority_strict,
        },
        "agenda": [_item(i, kk, ru) for i in doc.items],
        "addenda": [
            {
                "number": a.seq,
                "date": a.on_date.isoformat(),
                "author": a.author,
                "reason": a.reason,
                "text": a.text,
            }
            for a in doc.addenda
        ],
    }


def _both(part: Bi) -> dict[str, str]:
    return {"kk": part.kk, "ru": part.ru}


def _item(item: ItemDoc, kk: Any, ru: Any) -> dict[str, Any]:
    kind = AGENDA_KINDS.get(item.kind, AGENDA_KINDS["other"])
    adopted = item.adopted
    out: dict[str, Any] = {
        "position": item.position,
        "kind": item.kind,
        "kind_kk": kk(kind),
        "kind_ru": ru(kind),
        "title_kk": item.title.kk,
        "title_ru": item.title.ru,
        "rapporteur": item.rapporteur,
        "speakers": [
            {"name": s.name, "summary_kk": s.summary.kk, "summary_ru": s.summary.ru}
            for s in item.speakers
        ],
        "votes": dict(zip(("for", "against", "abstained"), item.votes, strict=True)),
        "outcome": item.verdict,  # adopted | rejected | no_quorum | no_vote
        "adopted": adopted,
        "without_quorum": item.outcome.without_quorum,
        "decision_kk": item.text.kk if adopted else None,
        "decision_ru": item.text.ru if adopted else None,
        "proposal_kk": None if adopted else item.text.kk,
        "proposal_ru": None if adopted else item.text.ru,
    }
    if item.considered_on:
        out["akim_consideration"] = {
            "date": item.considered_on.isoformat(), "result": item.consideration_result,
            "text": item.consideration, "by": item.considered_by,
        }  # fmt: skip
    return out


def publish(
    db: Database, meeting_id: uuid.UUID, folder: str | Path, lang: str = "both"
) -> tuple[Path, Path]:
    """Writes `minutes-N-YEAR.pdf` and `.json` for signed minutes; returns both paths."""
    from akimdesk.reports import minutes
    from akimdesk.reports.base import ReportError

    try:
        doc = minutes.load(db, {"meeting_id": meeting_id})
    except ReportError:
        raise fail("", N_("The meeting was not found.")) from None
    if not doc.signed:
        raise fail("", N_("Only signed minutes are published."))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "minutes-" + doc.ref.replace("/", "-")
    pdf = folder / f"{stem}.pdf"
    data = folder / f"{stem}.json"
    pdf.write_bytes(minutes.render_minutes(doc, lang))
    content = {"id": str(meeting_id), **structured(doc)}
    data.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    return pdf, data


CSV_HEADERS = (N_("No."), N_("Kind"), N_("Date"), N_("Place"), N_("Status"), N_("Present"),
               N_("Entitled"), N_("Quorum"), N_("Items"), N_("Adopted"))  # fmt: skip


def export(
    db: Database, path: str | Path, fmt: str, lang: str = "kk",
    progress: Callable[[int, int], None] | None = None,
) -> int:  # fmt: skip
    """All meetings: JSON holds the full structured minutes, CSV one summary line each."""
    from akimdesk.reports.minutes import doc_of

    docs = []
    with db.read() as s:
        found = s.scalars(select(Meeting).order_by(Meeting.year, Meeting.number)).all()
        for i, meeting in enumerate(found):
            docs.append(doc_of(queries.view(s, meeting)))
            if progress and i % 50 == 0:
                progress(i, len(found))
    path = Path(path)
    if fmt == "json":
        path.write_text(
            json.dumps([structured(d) for d in docs], ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    elif fmt == "csv":
        t = translator(lang)
        yes, no = t("yes"), t("no")
        status = {"draft": t("draft"), "signed": t("signed")}
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow([t(h) for h in CSV_HEADERS])
            for d in docs:
                w.writerow([csv_cell(x) for x in (
                    d.ref, t(MEETING_KINDS[d.kind]), d.meeting_date.strftime("%d.%m.%Y"),
                    d.place.text(d.language), status["signed" if d.signed else "draft"],
                    d.quorum.present, d.quorum.eligible, yes if d.quorum.met else no,
                    len(d.items), sum(1 for i in d.items if i.adopted),
                )])  # fmt: skip
    else:
        raise ValueError(f"unknown format {fmt}")
    return len(docs)
