"""What an import did, told in the person's language with the row numbers of the file: where the
table was found, which column went where and which did not, what was added, what was refused
and why; and the refused rows written back to a file to be fixed and imported again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from akimdesk.i18n import N_, Msg, _, format_number, get_language, render
from akimdesk.services.journal.mapping import Column, Register, column_letter


@dataclass
class RowError:
    line: int
    field: str
    message: str | Msg
    header: str = ""  # the file's own column, when the value came from one


@dataclass
class PreviewRow:
    line: int
    values: dict[str, str]  # field -> as it will be stored
    errors: dict[str, str | Msg]  # field -> why the row is refused
    skipped: bool = False  # the register holds it already


@dataclass
class ImportReport:
    register: Register | None = None
    file: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    header_row: int | None = None
    columns: list[Column] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # field -> value for every row
    defaults: dict[str, str | Msg] = field(default_factory=dict)  # field -> what stands in
    rows_read: int = 0
    added: int = 0
    skipped: int = 0  # already in the register
    errors: list[RowError] = field(default_factory=list)
    refused: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list, repr=False)
    totals: list[int] = field(default_factory=list)
    dates_to_check: int = 0
    unknown: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # unknown names
    problem: Msg | None = None  # why nothing could be imported at all
    dry_run: bool = False
    preview: list[PreviewRow] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({e.line for e in self.errors})

    def label(self, name: str) -> str:
        return self.register.label(name) if self.register else name


NOT_IMPORTED = N_("not imported")


def describe_columns(report: ImportReport) -> list[str]:
    lines = []
    for c in report.columns:
        where = f"{column_letter(c.index)} «{c.header}»" if c.header else column_letter(c.index)
        if c.field is None:
            lines.append(f"  {where} → {_(NOT_IMPORTED)}")
            continue
        target = report.label(c.field)
        reason = report.register.not_stored.get(c.field) if report.register else None
        if reason:
            target += f" ({render(reason)})"
        lines.append(f"  {where} → {target}")
    for name, value in report.values.items():
        lines.append("  " + _("{field} = «{value}» for every row that has none").format(
            field=report.label(name), value=value))  # fmt: skip
    for name, how in report.defaults.items():
        lines.append("  " + _("{field}: no column; {how}").format(
            field=report.label(name), how=render(how)))  # fmt: skip
    return lines


def describe(report: ImportReport, limit: int = 30) -> str:
    """The report as the command line prints it and the import window shows it."""
    out: list[str] = []
    if report.file:
        where = _("File «{file}», sheet «{sheet}»").format(file=report.file, sheet=report.sheet)
        if report.header_row:
            where += ", " + _("header on row {row}").format(row=report.header_row)
        out.append(where + ".")
    if report.columns:
        out.append(_("Columns:"))
        out += describe_columns(report)
    if report.problem is not None:
        out.append(render(report.problem))
        return "\n".join(out)
    if report.dry_run:
        out.append(_("A trial run: nothing was written."))
    out.append(
        _("Added: {added}. Already in the register: {skipped}. Rows with errors: {bad}.").format(
            added=format_number(report.added), skipped=format_number(report.skipped),
            bad=format_number(report.bad_rows),
        )
    )  # fmt: skip
    for e in report.errors[:limit]:
        where = _("line {line}").format(line=e.line)
        column = e.header or (report.label(e.field) if e.field else "")
        if column:
            where += f", «{column}»"
        out.append(f"  {where}: {render(e.message)}")
    if len(report.errors) > limit:
        out.append("  " + _("…and {n} more.").format(n=len(report.errors) - limit))
    for name, values in report.unknown.items():
        out.append(_("Not in the list of «{field}» (add them or choose what they stand for in the "
                     "import window):").format(field=report.label(name)))  # fmt: skip
        for value, lines in values.items():
            out.append(f"  «{value}»: " + _("rows {rows}").format(rows=_rows(lines)))
    if report.dates_to_check:
        out.append(_("Imported without a decision or delivery date the journal does not give: "
                     "{n}. They are marked «dates to check» (Fines → Imported: dates to check)."
                     ).format(n=format_number(report.dates_to_check)))  # fmt: skip
    if report.totals:
        out.append(_("Totals rows left out: {rows}.").format(rows=_rows(report.totals)))
    return "\n".join(out)


def _rows(lines: list[int], limit: int = 12) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (" …" if len(lines) > limit else "")


def describe_preview(report: ImportReport, rows: int = 10) -> str:
    """The first rows as they will be stored (`--dry-run`)."""
    out = [_("The first rows as they will be stored:")]
    for row in report.preview[:rows]:
        if row.skipped:
            out.append(
                f"  {_('line {line}').format(line=row.line)}: {_('already in the register')}"
            )
            continue
        values = "; ".join(f"{report.label(k)}: {v}" for k, v in row.values.items() if v)
        out.append(f"  {_('line {line}').format(line=row.line)}: {values}")
        for name, message in row.errors.items():
            out.append(f"    ✗ {report.label(name) if name else ''}: {render(message)}")
    return "\n".join(out)


def write_errors(report: ImportReport, path: str | Path) -> int:
    """The refused rows with the file's own headers and a last column saying what is wrong, to be
    fixed and imported again. Returns how many rows were written."""
    from openpyxl import Workbook

    by_line: dict[int, list[str]] = {}
    for e in report.errors:
        column = e.header or (report.label(e.field) if e.field else "")
        by_line.setdefault(e.line, []).append(
            f"{column}: {render(e.message)}" if column else render(e.message)
        )
    headers = [c.header for c in report.columns]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(report.sheet[:31] or "Sheet1")
    ws.append([*headers, "Қате" if get_language() == "kk" else "Ошибка"])
    for line, cells in report.refused:
        values = list(cells[: len(headers)]) + [None] * (len(headers) - len(cells))
        ws.append([*values, "; ".join(by_line.get(line, []))])
    wb.save(path)
    return len(report.refused)
