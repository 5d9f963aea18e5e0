"""A fine case's documents and the fines registers: each a loader (database -> plain values,
`data`) and a renderer (values -> PDF), in kk, ru or both; a case's documents print in its
language of proceedings unless asked otherwise (lang "case")."""

from akimdesk.reports.base import ReportError
from akimdesk.reports.fines.decision import decision
from akimdesk.reports.fines.enforcement_letter import enforcement_letter
from akimdesk.reports.fines.hearing_notice import hearing_notice
from akimdesk.reports.fines.notice import notice
from akimdesk.reports.fines.protocol import protocol
from akimdesk.reports.fines.registers import register, summary

__all__ = [
    "ReportError", "decision", "enforcement_letter", "hearing_notice", "notice", "protocol",
    "register", "summary",
]  # fmt: skip
