"""The minutes as plain data: what the printed minutes, notice, sheets and extract say, built from
a meeting's records wherever they are (the office's database, or the district server's copies).

Texts are kept in the language of the minutes and, where entered, in the other one (`Bi`); a
printout in the other language shows what was not translated with a plain mark. Only an item
adopted with a quorum carries a decision; any other item carries what was proposed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from akimdesk.domain.assemblies import MeetingRules, Outcome, Quorum, at_vote, outcome, verdict
from akimdesk.i18n import Msg, msg
from akimdesk.reports.bilingual import Bi, bi


@dataclass(frozen=True)
class Speaker:
    name: str
    summary: Bi


@dataclass(frozen=True)
class ItemDoc:
    position: int
    kind: str
    title: Bi
    rapporteur: str
    speakers: tuple[Speaker, ...]
    votes: tuple[int | None, int | None, int | None]
    present_at_vote: int | None  # fewer present at this vote than at the meeting
    quorum: Quorum  # at this vote
    outcome: Outcome
    text: Bi  # the decision when adopted; otherwise what was proposed
    considered_on: date | None = None
    consideration_result: str = ""
    consideration: str = ""
    considered_by: str = ""

    @property
    def verdict(self) -> str:
        """adopted | rejected | no_quorum | no_vote."""
        return verdict(self.outcome)

    @property
    def adopted(self) -> bool:
        return self.outcome.adopted


@dataclass(frozen=True)
class AddendumDoc:
    seq: int
    on_date: date
    author: str
    reason: str
    text: str


@dataclass(frozen=True)
class MemberDoc:
    name: str
    settlement: Bi
    present: bool


@dataclass(frozen=True)
class MinutesDoc:
    office: Bi
    office_bin: str
    kind: str  # assembly | gathering | separate_gathering
    ref: str
    language: str  # the language the minutes are kept in
    signed: bool
    meeting_date: date
    start_time: str
    settlement: Bi
    scope: Bi
    place: Bi
    convened_by: Bi
    invited: Bi
    chair: str
    secretary: str
    quorum: Quorum
    rules: MeetingRules
    items: tuple[ItemDoc, ...]
    addenda: tuple[AddendumDoc, ...] = ()
    members: tuple[MemberDoc, ...] = ()  # of an assembly: active on the day
    signed_at: str = ""
    office_akim: str = ""  # signs the notice convening the meeting
    residents_entitled: int = 0
    residents_present: int = 0

    @property
    def assembly(self) -> bool:
        return self.kind == "assembly"

    def item(self, position: int) -> ItemDoc | None:
        return next((i for i in self.items if i.position == position), None)


def _get(row: Any, name: str, default: Any = None) -> Any:
    """A field of an ORM row or of a record's payload (a dict)."""
    if isinstance(row, dict):
        value = row.get(name, default)
        return default if value is None else value
    value = getattr(row, name, default)
    return default if value is None else value


def _speakers(language: str, raw: Iterable[dict[str, Any]]) -> tuple[Speaker, ...]:
    return tuple(
        Speaker(
            str(s.get("name", "")), bi(language, s.get("summary", ""), s.get("summary_other", ""))
        )
        for s in raw or ()
    )


def item_doc(row: Any, q: Quorum, rules: MeetingRules, language: str) -> ItemDoc:
    votes = (_get(row, "votes_for"), _get(row, "votes_against"), _get(row, "votes_abstained"))
    present = _get(row, "present_at_vote")
    considered = _get(row, "considered_on")
    if isinstance(considered, str):
        considered = date.fromisoformat(considered)
    return ItemDoc(
        position=int(_get(row, "position", 0)), kind=str(_get(row, "kind", "other")),
        title=Bi(_get(row, "title_kk", ""), _get(row, "title_ru", "")),
        rapporteur=_get(row, "rapporteur", ""),
        speakers=_speakers(language, _get(row, "speakers", [])),
        votes=votes, present_at_vote=present, quorum=at_vote(q, present),
        outcome=outcome(votes, at_vote(q, present), rules),
        text=Bi(_get(row, "decision_kk", "").strip(), _get(row, "decision_ru", "").strip()),
        considered_on=considered, consideration_result=_get(row, "consideration_result", ""),
        consideration=_get(row, "consideration", ""), considered_by=_get(row, "considered_by", ""),
    )  # fmt: skip


def minutes_doc(
    meeting: Any, items: Sequence[Any], addenda: Sequence[Any], *, office: Bi, office_bin: str,
    settlement: Bi, q: Quorum, rules: MeetingRules, members: Sequence[MemberDoc] = (),
    office_akim: str = "",
) -> MinutesDoc:  # fmt: skip
    """`meeting`, `items` and `addenda` are ORM rows or record payloads alike."""
    language = _get(meeting, "language", "kk")
    day = _get(meeting, "meeting_date")
    signed_at = _get(meeting, "signed_at", "")
    signed_at = signed_at if isinstance(signed_at, str) else signed_at.isoformat()
    live = sorted((i for i in items if not _get(i, "withdrawn", False)),
                  key=lambda i: _get(i, "position", 0))  # fmt: skip
    return MinutesDoc(
        office=office, office_bin=office_bin, kind=_get(meeting, "kind", "assembly"),
        ref=_get(meeting, "ref", ""), language=language,
        signed=_get(meeting, "status", "draft") == "signed",
        meeting_date=date.fromisoformat(day) if isinstance(day, str) else day,
        start_time=_get(meeting, "start_time", ""), settlement=settlement,
        scope=bi(language, _get(meeting, "scope", ""), _get(meeting, "scope_other", "")),
        place=bi(language, _get(meeting, "place", ""), _get(meeting, "place_other", "")),
        convened_by=bi(language, _get(meeting, "convened_by", ""),
                       _get(meeting, "convened_by_other", "")),
        invited=bi(language, _get(meeting, "invited", ""), _get(meeting, "invited_other", "")),
        chair=_get(meeting, "chair", ""), secretary=_get(meeting, "secretary", ""),
        quorum=q, rules=rules, items=tuple(item_doc(i, q, rules, language) for i in live),
        addenda=tuple(sorted((_addendum(a) for a in addenda), key=lambda a: a.seq)),
        members=tuple(members), signed_at=str(signed_at), office_akim=office_akim,
        residents_entitled=int(_get(meeting, "residents_entitled", 0)),
        residents_present=int(_get(meeting, "residents_present", 0)),
    )  # fmt: skip


def _addendum(row: Any) -> AddendumDoc:
    day = _get(row, "on_date")
    return AddendumDoc(
        int(_get(row, "seq", 0)), date.fromisoformat(day) if isinstance(day, str) else day,
        _get(row, "author", ""), _get(row, "reason", ""), _get(row, "text", ""),
    )  # fmt: skip


# --- what a bilingual printout lacks ------------------------------------------------------
def missing_translations(doc: MinutesDoc) -> list[Msg]:
    """The parts written in one language only, in the order they are printed."""
    out: list[Msg] = []

    def check(part: Bi, what: Msg) -> None:
        if part.one_language:
            out.append(what)

    for part, label in ((doc.place, msg("Place")), (doc.scope, msg("Street or building")),
                        (doc.convened_by, msg("Convened by")), (doc.invited, msg("Invited"))):  # fmt: skip
        check(part, label)
    for item in doc.items:
        check(item.title, msg("Item {n}: the question", n=item.position))
        for s in item.speakers:
            check(s.summary, msg("Item {n}: what {name} said", n=item.position, name=s.name))
        what = (msg("Item {n}: the decision", n=item.position) if item.adopted
                else msg("Item {n}: what was proposed", n=item.position))  # fmt: skip
        check(item.text, what)
    return out
