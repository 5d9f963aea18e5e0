"""Bringing in an office's own Excel or CSV journals as they are laid out: the table found under
its titles, columns matched to fields by their Kazakh and Russian wording, cells read as people
typed them, and the rows written through the single write path.

`run.plan` reads and maps a file, `run.run` imports it through a register's `RowWriter`
(`services.fines.import_export`, `services.property.import_export`); `report.describe` tells
what happened.
"""

from akimdesk.services.journal.cells import CellError
from akimdesk.services.journal.mapping import Column, MappingError, Register
from akimdesk.services.journal.report import (
    ImportReport,
    PreviewRow,
    RowError,
    describe,
    describe_preview,
    write_errors,
)
from akimdesk.services.journal.run import (
    Options,
    Plan,
    Progress,
    RowWriter,
    lacking,
    missing,
    plan,
    run,
)
from akimdesk.services.journal.source import FileError

__all__ = [
    "CellError",
    "Column",
    "FileError",
    "ImportReport",
    "MappingError",
    "Options",
    "Plan",
    "PreviewRow",
    "Progress",
    "Register",
    "RowError",
    "RowWriter",
    "describe",
    "describe_preview",
    "lacking",
    "missing",
    "plan",
    "run",
    "write_errors",
]
