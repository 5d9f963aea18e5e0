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
from akimdesk.services.assemblies import queries
from akimdesk.services.assemblies.queries import MeetingView
from akimdesk.services.errors import fail
from akimdesk.services.tables import csv_cell
from akimdesk.storage.database import Database

FORMAT = "akimdesk.minutes/1"


def structured(view: MeetingView) -> dict[str, Any]:
    """The content of the minutes as data: both languages, votes and computed outcomes."""
    m, q, office = view.meeting, view.quorum, view.office
    kk, ru = translator("kk"), translator("ru")
    return {
        "format": FORMAT,
        "generator": f"AkimDesk {__version__}",
        "office": {"bin": office.bin, "name_kk": office.name_kk, "name_ru": office.name_ru}
        if office
        else None,
        "id": str(m.id),
        "number": m.ref,
        "kind": m.kind,
        "kind_kk": kk(MEETING_KINDS[m.kind]),
        "kind_ru": ru(MEETING_KINDS[m.kind]),
        "date": m.meeting_date.isoformat(),
        "time": m.start_time,
        "place": m.place,
        "settlement": {"kk": m.settlement.name_kk, "ru": m.settlement.name_ru}
        if m.settlement
        else None,
        "scope": m.scope,
        "convened_by": m.convened_by,
        "chair": m.chair,
        "secretary": m.secretary,
        "invited": [line for line in m.invited.splitlines() if line.strip()],
        "status": m.status,
        "signed_at": m.signed_at.isoformat() if m.signed_at else None,
        "attendance": {
            "present": q.present,
            "entitled": q.eligible,
            "quorum_required": q.required,
            "quorum": q.met,
            "members_present": [mm.full_name for mm, here in view.members if here],
        },
        "rules": {
            "quorum_percent": view.rules.assembly_quorum_percent
            if m.kind == "assembly"
            else view.rules.gathering_quorum_percent,
            "quorum_strict": view.rules.quorum_strict,
            "majority_percent": view.rules.majority_percent,
            "majority_base": view.rules.majority_base,
            "majority_strict": view.rules.majority_strict,
        },
        "agenda": [
            {
                "position": item.position,
                "kind": item.kind,
                "kind_kk": kk(AGENDA_KINDS.get(item.kind, AGENDA_KINDS["other"])),
                "kind_ru": ru(AGENDA_KINDS.get(item.kind, AGENDA_KINDS["other"])),
                "title_kk": item.title("kk"),
                "title_ru": item.title("ru"),
                "rapporteur": item.rapporteur,
                "speakers": item.speakers,
                "votes": {
                    "for": item.votes_for,
                    "against": item.votes_against,
                    "abstained": item.votes_abstained,
                },
                "adopted": o.adopted,
                "without_quorum": o.without_quorum,
                "decision_kk": item.decision("kk"),
                "decision_ru": item.decision("ru"),
            }
            for item, o in view.items
        ],
        "addenda": [
            {
                "number": a.seq,
                "date": a.on_date.isoformat(),
                "author": a.author,
                "reason": a.reason,
                "text": a.text,
            }
            for a in view.addenda
        ],
    }


def publish(
    db: Database, meeting_id: uuid.UUID, folder: str | Path, lang: str = "both"
) -> tuple[Path, Path]:
    """Writes `minutes-N-YEAR.pdf` and `.json` for signed minutes; returns both paths."""
    from akimdesk import reports

    view = queries.load(db, meeting_id)
    if view is None:
        raise fail("", N_("The meeting was not found."))
    if not view.meeting.signed:
        raise fail("", N_("Only signed minutes are published."))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "minutes-" + view.meeting.ref.replace("/", "-")
    pdf = folder / f"{stem}.pdf"
    data = folder / f"{stem}.json"
    pdf.write_bytes(reports.render("minutes", db, {"meeting_id": meeting_id}, lang))
    data.write_text(json.dumps(structured(view), ensure_ascii=False, indent=1), encoding="utf-8")
    return pdf, data


CSV_HEADERS = (N_("No."), N_("Kind"), N_("Date"), N_("Place"), N_("Status"), N_("Present"),
               N_("Entitled"), N_("Quorum"), N_("Items"), N_("Adopted"))  # fmt: skip


def export(
    db: Database, path: str | Path, fmt: str, lang: str = "kk",
    progress: Callable[[int, int], None] | None = None,
) -> int:  # fmt: skip
    """All meetings: JSON holds the full structured minutes, CSV one summary line each."""
    views = []
    with db.read() as s:
        found = s.scalars(select(Meeting).order_by(Meeting.year, Meeting.number)).all()
        for i, meeting in enumerate(found):
            views.append(queries.view(s, meeting))
            if progress and i % 50 == 0:
                progress(i, len(found))
    path = Path(path)
    if fmt == "json":
        path.write_text(
            json.dumps([structured(v) for v in views], ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    elif fmt == "csv":
        t = translator(lang)
        yes, no = t("yes"), t("no")
        status = {"draft": t("draft"), "signed": t("signed")}
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow([t(h) for h in CSV_HEADERS])
            for v in views:
                m = v.meeting
                w.writerow([csv_cell(x) for x in (
                    m.ref, t(MEETING_KINDS[m.kind]), m.meeting_date.strftime("%d.%m.%Y"),
                    m.place, status[m.status], v.quorum.present, v.quorum.eligible,
                    yes if v.quorum.met else no, len(v.items),
                    sum(1 for _, o in v.items if o.adopted),
                )])  # fmt: skip
    else:
        raise ValueError(f"unknown format {fmt}")
    return len(views)
