"""Assembly and gathering rules (DOMAIN.md §3): quorum, majority, the size of the assembly.

The quorum and majority come from each district's approved regulation ([R]), so every threshold
is a setting; only the size table by population is in the standard regulation ([C]).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from akimdesk.domain.languages import LANGUAGE_LABELS
from akimdesk.i18n import N_, Msg, msg

MEETING_KINDS = {
    "assembly": N_("Assembly of the local community"),
    "gathering": N_("Gathering of residents"),
    "separate_gathering": N_("Separate gathering"),
}
AGENDA_KINDS = {
    "budget": N_("Agreeing the rural district budget"),
    "budget_monitoring": N_("Monitoring the use of budget funds"),
    "development_programme": N_("Development programme"),
    "communal_property": N_("Communal property"),
    "akim_candidate": N_("Candidate for akim"),
    "improvement_rules": N_("Improvement rules"),
    "other": N_("Other"),
}
LANGUAGES = LANGUAGE_LABELS  # the language minutes are kept in
PUBLICATION_CHANNELS = {
    "internet_resource": N_("Internet resource of state bodies"),
    "notice_board": N_("Notice board"),
}
CONSIDERATIONS = {  # what the akim did with an adopted decision
    "accepted": N_("Accepted for execution"),
    "declined": N_("Not accepted"),
}
MAJORITY_BASES = {
    "present": N_("of those present"),
    "members": N_("of all members"),
    "cast": N_("of votes cast"),
}
TERM_YEARS = 4  # members are delegated for four years [C]

# Size of the assembly by the rural district's population [C]: (up to, min, max).
SIZE_TABLE = ((10_000, 5, 10), (15_000, 11, 15), (20_000, 16, 20), (None, 21, 25))


@dataclass(frozen=True)
class MeetingRules:
    assembly_quorum_percent: int = 50
    gathering_quorum_percent: int = 50
    quorum_strict: bool = False  # False: "at least half"; True: "more than half"
    majority_percent: int = 50
    majority_base: str = "present"
    majority_strict: bool = True  # "a majority" is more than half

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> MeetingRules:
        return cls(
            assembly_quorum_percent=values["assembly.quorum_percent"],
            gathering_quorum_percent=values["gathering.quorum_percent"],
            quorum_strict=values["assembly.quorum_strict"],
            majority_percent=values["assembly.majority_percent"],
            majority_base=values["assembly.majority_base"],
            majority_strict=values["assembly.majority_strict"],
        )


def threshold(total: int, percent: int, strict: bool) -> int:
    """The smallest count that is at least (or, strict, more than) `percent`% of `total`."""
    if total <= 0:
        return 1
    whole, rest = divmod(total * percent, 100)
    if strict:
        return whole + 1
    return whole + (1 if rest else 0)


@dataclass(frozen=True)
class Quorum:
    eligible: int  # members of the assembly, or residents entitled to take part
    present: int
    required: int

    @property
    def met(self) -> bool:
        return self.eligible > 0 and self.present >= self.required


def quorum(kind: str, eligible: int, present: int, rules: MeetingRules) -> Quorum:
    percent = (
        rules.assembly_quorum_percent if kind == "assembly" else rules.gathering_quorum_percent
    )
    return Quorum(eligible, present, threshold(eligible, percent, rules.quorum_strict))


Votes = tuple[int | None, int | None, int | None]


def votes_problem(votes: Votes, present: int) -> Msg | None:
    """Votes that cannot be: more cast than people present. The save refuses them and the live
    outcome shows the same refusal, never "adopted"."""
    total = sum(v or 0 for v in votes)
    if total > present:
        return msg(
            "The votes add up to {total}, more than the {present} present.",
            total=total,
            present=present,
        )
    return None


@dataclass(frozen=True)
class Outcome:
    voted: bool
    needed: int
    adopted: bool
    without_quorum: bool
    problem: Msg | None = None  # the votes themselves are impossible


def at_vote(q: Quorum, present: int | None) -> Quorum:
    """The quorum when an item was voted on, if fewer were present by then."""
    return q if present is None else Quorum(q.eligible, present, q.required)


def outcome(votes: Votes, q: Quorum, rules: MeetingRules) -> Outcome:
    """Adopted or not from the votes: for >= the majority of the base in the settings, and
    only with a quorum (a vote without one is flagged and adopts nothing)."""
    for_, against, abstained = (v or 0 for v in votes)
    voted = any(v is not None for v in votes)
    base = {
        "present": q.present,
        "members": q.eligible,
        "cast": for_ + against + abstained,
    }[rules.majority_base]
    needed = threshold(base, rules.majority_percent, rules.majority_strict)
    problem = votes_problem(votes, q.present) if voted else None
    adopted = voted and problem is None and q.met and base > 0 and for_ >= needed
    return Outcome(voted, needed, adopted, voted and not q.met, problem)


def verdict(o: Outcome) -> str:
    """adopted | rejected | no_quorum | no_vote: only "adopted" is a decision of the meeting."""
    if o.adopted:
        return "adopted"
    if o.without_quorum:
        return "no_quorum"
    return "rejected" if o.voted else "no_vote"


def size_range(population: int) -> tuple[int, int]:
    for limit, lo, hi in SIZE_TABLE:
        if limit is None or population <= limit:
            return lo, hi
    raise AssertionError("unreachable")
