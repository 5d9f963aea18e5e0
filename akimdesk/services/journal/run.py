"""An import from start to end, the same for every register: open the file, find the table, map
the columns, then write the rows through the single write path, as one operation (one
transaction, one audit entry, an outbox row per record); a trial run does all of it and rolls
back. The register gives a `RowWriter` that turns one row into its records."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from akimdesk.i18n import Msg, msg
from akimdesk.services.errors import ValidationError
from akimdesk.services.journal import memory, source, table
from akimdesk.services.journal.cells import CellError
from akimdesk.services.journal.mapping import (
    Column,
    MappingError,
    Matcher,
    Register,
    apply_choices,
    apply_memory,
    match_columns,
    remembered_form,
    signature,
)
from akimdesk.services.journal.report import ImportReport, PreviewRow, RowError
from akimdesk.services.journal.text import clean
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database

Progress = Callable[[int, int], None]
Row = dict[str, Any]


@dataclass
class Options:
    sheet: str | None = None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header -> field ("" leaves it out)
    values: dict[str, str] = field(default_factory=dict)  # field -> value where a row has none
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {name: code}
    dry_run: bool = False
    preview: int = 0  # how many first rows to keep as they will be stored


class RowWriter(Protocol):
    register: Register
    action: str  # the operation's action, checked against the actor's roles
    # A validation's field -> the journal's fields its value may have come from.
    sources: dict[str, tuple[str, ...]]

    def start(self, op: Operation, report: ImportReport, options: Options, today: date) -> None:
        """Look-ups once per import; what the register already holds."""

    def checkpoint(self, op: Operation) -> Any: ...

    def rollback(self, op: Operation, token: Any) -> None:
        """Undoes what a refused row left in the operation's caches (a number it took)."""

    def write(self, op: Operation, row: Row, line: int) -> Any | None:
        """The stored record, or None when the register holds it already."""

    def shown(self, stored: Any) -> dict[str, str]:
        """A stored record as the preview shows it: field -> text."""
        ...

    def finish(self, op: Operation, report: ImportReport, options: Options) -> dict[str, Any]:
        """What the audit entry adds about the import; remembers the person's name choices."""
        ...


@dataclass
class Plan:
    report: ImportReport
    rows: list[tuple[int, tuple[Any, ...]]]
    memory_key: str = ""


def plan(db: Database, register: Register, path: str | Path, options: Options) -> Plan:
    """Reads the file and maps its columns; `report.problem` says why nothing can be imported."""
    matcher = Matcher(register)
    sheet = source.read(path, options.sheet, lambda rows: table.top_score(rows, matcher))
    found = table.find(sheet, matcher, options.header_row)
    report = ImportReport(register, Path(path).name, sheet.name, sheet.names, found.header_row,
                          totals=found.totals, dry_run=options.dry_run)  # fmt: skip
    if found.header_row is None:
        seen = "; ".join(f"«{t[:40]}»" for t in found.seen[:20]) or "—"
        report.problem = msg("No known column was found in the first rows of the sheet. They "
                             "hold: {seen}", seen=seen)  # fmt: skip
        return Plan(report, [])
    columns = match_columns(found.headers, register, matcher)
    key = signature(register, found.headers)
    with db.read() as s:
        remembered = memory.load(s, key)
    if remembered:
        apply_memory(columns, remembered)
    report.columns = columns
    try:
        apply_choices(columns, register, options.columns)
        report.values = _values(register, options.values)
    except MappingError as exc:
        report.problem = exc.message
        return Plan(report, found.rows, key)
    for c in columns:
        c.samples = [
            v for _, r in found.rows[:50] if c.index < len(r) and (v := clean(r[c.index]))
        ][:3]
    stored = [c for c in columns if c.field and c.field not in register.not_stored]
    if not stored:
        shown = "; ".join(f"«{c.header}»" for c in columns if c.header) or "—"
        report.problem = msg("No column of the header on row {row} is one the register knows. "
                             "The headers are: {headers}", row=found.header_row, headers=shown)  # fmt: skip
    elif not found.rows:
        report.problem = msg("There are no rows under the header on row {row}.",
                             row=found.header_row)  # fmt: skip
    else:
        report.problem = missing(register, columns, report.values)
    return Plan(report, found.rows, key)


def _values(register: Register, values: dict[str, str]) -> dict[str, str]:
    out = {}
    for name, value in values.items():
        found = register.field_named(name)
        if found is None:
            raise MappingError(msg("Unknown field «{name}».", name=name))
        out[found] = value
    return out


def lacking(
    register: Register, columns: list[Column], values: dict[str, str]
) -> list[tuple[str, ...]]:
    """The required fields (each as its alternatives) with neither a column nor a value."""
    have = {c.field for c in columns if c.field} | set(values)
    return [alts for alts in register.required if not have & set(alts)]


def missing(register: Register, columns: list[Column], values: dict[str, str]) -> Msg | None:
    """What the person must still give: a column, or a value for every row."""
    needed = lacking(register, columns, values)
    if not needed:
        return None
    names = "; ".join(" / ".join(f"«{register.label(f)}»" for f in alts) for alts in needed)
    return msg("The file has no column for: {fields}. Choose the column, or give one value for "
               "every row ({option} {example}=…).", fields=names, option="--set",
               example=needed[0][0])  # fmt: skip


class _TrialRun(Exception):
    """Raised at the end of a trial run so that the operation rolls everything back."""


def run(
    db: Database, actor: Actor, writer: RowWriter, path: str | Path, options: Options,
    progress: Progress | None = None, today: date | None = None,
) -> ImportReport:  # fmt: skip
    with collector_paused():
        return _run(db, actor, writer, path, options, progress, today)


@contextmanager
def collector_paused() -> Iterator[None]:
    """An import builds some hundred thousand objects (rows, records, their values) that all
    live until it commits: Python's cycle collector walked them again and again, a sixth of the
    import's time, finding nothing to free. Paused for the import; the collector's next pass
    takes what the import left."""
    if not gc.isenabled():  # paused already (an import within an import's test)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _run(
    db: Database, actor: Actor, writer: RowWriter, path: str | Path, options: Options,
    progress: Progress | None, today: date | None,
) -> ImportReport:  # fmt: skip
    today = today or date.today()
    p = plan(db, writer.register, path, options)
    report = p.report
    if report.problem is not None:
        return report
    columns = [c for c in report.columns if c.field]
    header_of = {c.field: c.header for c in columns if c.field}
    rows = p.rows
    report.rows_read = len(rows)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    try:
        with operation(db, actor, writer.action, reason=report.file, bulk=True) as op:
            writer.start(op, report, options, today)
            with op.session.no_autoflush:
                for n, (line, cells) in enumerate(rows, start=1):
                    row = {
                        c.field: cells[c.index] for c in columns if c.field and c.index < len(cells)
                    }
                    for name, value in report.values.items():
                        if row.get(name) in (None, ""):
                            row[name] = value
                    _one_row(op, writer, report, options, line, cells, row, header_of)
                    if progress and n % 200 == 0:
                        progress(n, len(rows))
            extra = writer.finish(op, report, options)
            if not options.dry_run:
                memory.save(op, p.memory_key, remembered_form(report.columns))
            op.summarise("journal_import", digest, {
                "file": report.file, "sheet": report.sheet, "header_row": report.header_row,
                "columns": {c.header: c.field for c in columns}, "values": report.values,
                "added": report.added, "skipped": report.skipped, "refused": report.bad_rows,
                **extra,
            })  # fmt: skip
            if options.dry_run:
                raise _TrialRun
    except _TrialRun:
        pass
    if progress:
        progress(len(rows), len(rows))
    return report


def _one_row(op: Operation, writer: RowWriter, report: ImportReport, options: Options, line: int,
             cells: tuple[Any, ...], row: Row, header_of: dict[str, str]) -> None:  # fmt: skip
    mark = op.mark()
    token = writer.checkpoint(op)
    try:
        stored = writer.write(op, row, line)
    except (CellError, ValidationError) as exc:
        op.discard_since(mark)
        writer.rollback(op, token)
        # A cell reader names the journal's field; a validation names the record's field,
        # which may have come from one of several columns.
        if isinstance(exc, CellError):
            found: Any = [(exc.field, exc.message, (exc.field,))]
        else:
            found = [(k, m, writer.sources.get(k, (k,))) for k, m in exc.errors.items()]
        errors: dict[str, str | Msg] = {}
        for _name, message, fields in found:
            field_ = next((f for f in fields if f in header_of), fields[0])
            errors[field_] = message
            report.errors.append(RowError(line, field_, message, header_of.get(field_, "")))
        report.refused.append((line, cells))
        if len(report.preview) < options.preview:  # as read, with what is wrong
            shown = {k: clean(v) for k, v in row.items() if k not in writer.register.not_stored}
            report.preview.append(PreviewRow(line, shown, errors))
        return
    if stored is None:
        report.skipped += 1
    else:
        report.added += 1
    if len(report.preview) < options.preview:
        report.preview.append(
            PreviewRow(line, writer.shown(stored) if stored else {}, {}, skipped=stored is None)
        )
