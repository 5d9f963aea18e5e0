"""`akimdesk`: the window by default; subcommands for scripts, checks and the task scheduler."""

from __future__ import annotations

import time

_STARTED = time.time()  # before the heavy imports, so start-up figures include them

import argparse  # noqa: E402
import gc  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402


def process_start_time() -> float:
    """When this process began (epoch seconds), from the OS where it tells, else module import."""
    try:
        with open("/proc/self/stat") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        started = time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return _STARTED
    # Some sandboxes report boot-relative times that do not add up; then trust the import time.
    return started if _STARTED - 30 < started <= _STARTED else _STARTED


def _parser() -> argparse.ArgumentParser:
    from akimdesk import __version__

    ap = argparse.ArgumentParser(prog="akimdesk", description="AkimDesk")
    ap.add_argument("--version", action="version", version=f"AkimDesk {__version__}")
    ap.add_argument("--data-dir", help="data folder (default: the user's data folder)")
    ap.add_argument("--exit-after-start", action="store_true", help="open the window, report, exit")
    sub = ap.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="fill the data folder with demo data")
    demo.add_argument("--fines", type=int, default=0)
    demo.add_argument("--meetings", type=int, default=0)
    demo.add_argument("--assets", type=int, default=0)
    demo.add_argument("--data-dir", dest="data_dir_sub")

    imp = sub.add_parser("import", help="import a journal or an export from XLSX or CSV")
    imp.add_argument("register", choices=["fines", "assets"])
    imp.add_argument("file")
    imp.add_argument("--sheet", help="the sheet to read (default: the first that has a table)")
    imp.add_argument("--header-row", type=int, help="the row of the headers (default: found)")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=field",
        help="put a column into a field (field empty: leave the column out)",
    )
    imp.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="field=value",
        help="a value for every row that has none (e.g. protocol_author=...)",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="show the mapping and the first rows as read; write nothing",
    )
    imp.add_argument(
        "--errors-out",
        metavar="ROWS.xlsx",
        help="write the refused rows, with the reason, to fix and import again",
    )
    imp.add_argument("--data-dir", dest="data_dir_sub")

    exp = sub.add_parser("export", help="export a register")
    exp.add_argument("register", choices=["fines", "meetings", "assets"])
    exp.add_argument("--format", choices=["csv", "xlsx", "json"], default=None)
    exp.add_argument("--out", required=True)
    exp.add_argument("--lang", choices=["kk", "ru"])
    exp.add_argument("--data-dir", dest="data_dir_sub")

    from akimdesk.reports import REPORTS

    pr = sub.add_parser("print", help="print a document to PDF")
    pr.add_argument("report", choices=REPORTS)
    pr.add_argument(
        "key", nargs="?",
        help="case number, meeting NUMBER/YEAR, inventory number, inventory order number, or a "
        "movement INVENTORY_NUMBER:LINE (the line of the asset card's history, 1 its receipt)",
    )  # fmt: skip
    pr.add_argument(
        "--layout",
        choices=["sequential", "columns"],
        default="sequential",
        help="minutes in both languages: one after the other, or side by side",
    )
    pr.add_argument("--item", type=int, default=1, help="agenda item of a decision extract")
    pr.add_argument("--from", dest="date_from", type=date.fromisoformat)
    pr.add_argument("--to", dest="date_to", type=date.fromisoformat)
    pr.add_argument(
        "--lang",
        choices=["kk", "ru", "both"],
        default=None,
        help="a case's documents: its language of proceedings when not given",
    )
    pr.add_argument(
        "--by",
        dest="basis",
        choices=["protocol", "offence", "decision"],
        default="protocol",
        help="the date a register's period is taken on",
    )
    pr.add_argument("--out", required=True)
    pr.add_argument("--data-dir", dest="data_dir_sub")

    bk = sub.add_parser("backup", help="a consistent copy of the database, while the app runs")
    bk.add_argument("--out", required=True)
    bk.add_argument("--data-dir", dest="data_dir_sub")
    rs = sub.add_parser("restore", help="replace the database with a backup (the old file is kept)")
    rs.add_argument("file")
    rs.add_argument("--yes", action="store_true", help="do not ask")
    rs.add_argument("--data-dir", dest="data_dir_sub")

    ck = sub.add_parser("check", help="check the database file and the audit log's hash chain")
    ck.add_argument("--data-dir", dest="data_dir_sub")

    sy = sub.add_parser("sync", help="one sync round with the district server (for the scheduler)")
    sy.add_argument("--register", nargs=2, metavar=("URL", "TOKEN"), help="link this PC first")
    sy.add_argument("--data-dir", dest="data_dir_sub")
    for command in sub.choices.values():
        command.add_argument(
            "--user", help="login, once the office has accounts (password: asked, or the "
            "AKIMDESK_PASSWORD environment variable)",
        )  # fmt: skip
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        # Start-up makes hundreds of thousands of objects that live as long as the window
        # (modules, classes, the ORM's mappers, Qt's wrappers): the collector walking them
        # again and again was a tenth of the start; it is switched on once the window is up.
        gc.disable()
    from akimdesk import errorlog
    from akimdesk.paths import resolve_data_dir

    data_dir = resolve_data_dir(getattr(args, "data_dir_sub", None) or args.data_dir)
    errorlog.configure(data_dir)
    # An error Python can only report at exit (a half-written file's generator) goes to the log.
    sys.unraisablehook = lambda unraisable: errorlog.record(unraisable.exc_value)
    if args.command is None:
        from akimdesk.ui.app import run_gui

        return run_gui(data_dir, args.exit_after_start, process_start_time())
    try:
        if args.command == "restore":
            return _restore(args, data_dir)
        if args.command == "print" and args.report in ("user-guide", "district-guide"):
            return _print_guide(args, data_dir)
        return _headless(args, data_dir)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a fault of ours: one plain line, the traceback in the log file
        print(errorlog.report(exc), file=sys.stderr)
        return 70  # EX_SOFTWARE


def _headless(args: argparse.Namespace, data_dir: Path) -> int:
    from akimdesk import i18n
    from akimdesk.i18n import render
    from akimdesk.services import settings
    from akimdesk.services.errors import ValidationError
    from akimdesk.storage.database import StartupError, open_database

    try:
        db = open_database(data_dir)
    except StartupError as exc:
        print(exc.message(), file=sys.stderr)
        return 2
    try:
        with db.read() as s:
            i18n.set_language(settings.load(s)["ui.language"])
        actor = _cli_actor(args, db)
        if actor is None:
            return 2
        handler = {
            "demo": _demo,
            "import": _import,
            "export": _export,
            "print": _print,
            "sync": _sync,
            "check": _check,
            "backup": _backup,
        }[args.command]
        try:
            return handler(args, db, actor)
        except ValidationError as exc:  # a refusal (the role, a full disk): nothing was changed
            print("\n".join(render(m) for m in exc.errors.values()), file=sys.stderr)
            return 1
        except OSError as exc:
            if not exc.filename:
                raise
            return _cannot_write(exc.filename)
    finally:
        db.close()


def _cannot_write(path: str) -> int:
    from akimdesk.i18n import _

    print(_("The file {path} cannot be written: check that its folder exists and that "
            "you may write there.").format(path=path), file=sys.stderr)  # fmt: skip
    return 1


# Commands that change nothing a person wrote and show no personal data need no sign-in: the
# scheduler's sync and the file check.
NO_SIGN_IN = ("sync", "check")


def _cli_actor(args, db):  # type: ignore[no-untyped-def]
    """Once the office has accounts, the command line signs in like the window does, so the
    same roles apply and the audit log names the person. Before that, the PC's own user acts."""
    from akimdesk.i18n import _
    from akimdesk.services import accounts
    from akimdesk.services.operation import Actor

    with db.read() as s:
        has_accounts = accounts.has_accounts(s)
    if not has_accounts:
        return Actor.system_user()
    if args.command in NO_SIGN_IN:
        return Actor(Actor.system_user().name, frozenset())
    if not args.user:
        print(_("This office has user accounts: give {option} LOGIN (the password is asked, or "
                "taken from the {variable} environment variable).").format(
                option="--user", variable="AKIMDESK_PASSWORD"), file=sys.stderr)  # fmt: skip
        return None
    password = os.environ.get("AKIMDESK_PASSWORD")
    if password is None:
        import getpass

        password = getpass.getpass(_("Password: "))
    try:
        return accounts.authenticate(db, args.user, password)
    except accounts.LoginRefused as exc:
        from akimdesk.i18n import render

        print(render(exc.message), file=sys.stderr)
        return None


def _demo(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    from akimdesk.i18n import _
    from akimdesk.services import demo

    demo.ensure_office(db, actor)
    from akimdesk.services.assemblies.demo import generate_meetings
    from akimdesk.services.property.demo import generate_assets

    for n, generate, done in (
        (args.fines, demo.generate_fines, _("Demo cases added: {n} ({s:.1f} s)")),
        (args.meetings, generate_meetings, _("Demo meetings added: {n} ({s:.1f} s)")),
        (args.assets, generate_assets, _("Demo assets added: {n} ({s:.1f} s)")),
    ):
        if n:
            t0 = time.perf_counter()
            generate(db, actor, n, progress=_progress)
            print(done.format(n=n, s=time.perf_counter() - t0))
    return 0


def _progress(i: int, n: int) -> None:
    """One line, rewritten in place on a terminal and wiped when done (the result is printed
    after it); nothing in a log file, where the rewrites would run together ("0/2020/20")."""
    if not sys.stderr.isatty():
        return
    print(f"\r{i} / {n}" if i < n else "\r\033[K", end="", file=sys.stderr, flush=True)


def _import(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    """Exit 0: imported; 1: some rows were refused; 2: nothing could be imported."""
    from akimdesk.i18n import _
    from akimdesk.services import journal

    if args.register == "assets":
        from akimdesk.services.property import import_export
    else:
        from akimdesk.services.fines import import_export  # type: ignore[no-redef]

    options = journal.Options(sheet=args.sheet, header_row=args.header_row,
                              dry_run=args.dry_run, preview=10 if args.dry_run else 0)  # fmt: skip
    for given, target, split in ((args.map, options.columns, str.rpartition),
                                 (args.set, options.values, str.partition)):  # fmt: skip
        for item in given:
            left, eq, right = split(item, "=")
            if not eq or not left.strip():
                print(_("Write it as NAME=VALUE: «{item}».").format(item=item), file=sys.stderr)
                return 2
            target[left.strip()] = right.strip()
    t0 = time.perf_counter()
    try:
        report = import_export.import_file(db, actor, args.file, progress=_progress,
                                           options=options)  # fmt: skip
    except journal.FileError as exc:
        print(exc.message.render(), file=sys.stderr)
        return 2
    print(journal.describe(report, limit=1000))
    if report.problem is not None:
        return 2
    if args.dry_run:
        print(journal.describe_preview(report))
    if args.errors_out and report.refused:
        n = journal.write_errors(report, args.errors_out)
        print(_("Refused rows written to {path}: {n}, with the reason in the last column. Fix "
                "them and import that file again.").format(path=args.errors_out, n=n))  # fmt: skip
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 1 if report.errors else 0


def _export(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    from akimdesk import i18n
    from akimdesk.i18n import _

    if args.register == "meetings":
        from akimdesk.services.assemblies import publish as meetings

        fmt = args.format or "json"
        if fmt not in ("json", "csv"):
            print(_("Meetings are exported as JSON or CSV."), file=sys.stderr)
            return 2
        n = meetings.export(db, args.out, fmt, args.lang or i18n.get_language())
        print(_("Exported {n} meetings.").format(n=n))
        return 0
    if args.register == "assets":
        from akimdesk.services.property import import_export as property_io

        n = property_io.export(db, args.out, args.format or "xlsx", args.lang)
        print(_("Exported {n} assets.").format(n=n))
        return 0
    from akimdesk.services.fines import import_export

    n = import_export.export(db, args.out, args.format or "xlsx", args.lang)
    print(_("Exported {n} cases.").format(n=n))
    return 0


def _print(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    from akimdesk import i18n, reports
    from akimdesk.i18n import _
    from akimdesk.reports.base import ReportError

    lang = args.lang or ("case" if args.report in reports.CASE_REPORTS else i18n.get_language())
    if args.report in reports.MEETING_REPORTS:
        if not args.key:
            print(_("Give the meeting as NUMBER/YEAR, e.g. 3/2026."), file=sys.stderr)
            return 2
        params: dict[str, object] = {"meeting": args.key, "layout": args.layout, "item": args.item}
    elif args.report in reports.CAMPAIGN_REPORTS or args.report == "asset-card":
        if not args.key:
            print(_("Give the inventory number of the asset, or the order number of the "
                    "inventory."), file=sys.stderr)  # fmt: skip
            return 2
        params = {"number" if args.report == "asset-card" else "campaign": args.key}
    elif args.report in reports.MOVEMENT_REPORTS:
        if not args.key:
            print(_("Give the movement as INVENTORY_NUMBER:LINE, e.g. 000012:2."), file=sys.stderr)
            return 2
        params = {"movement": args.key}
    elif args.report == "lease-income":  # without dates: this year up to today
        params = {"date_from": args.date_from, "date_to": args.date_to}
    elif args.report.startswith("fine-"):
        if not args.key:
            print(_("Give the case number."), file=sys.stderr)
            return 2
        params = {"number": args.key}
    else:
        today = date.today()
        params = {
            "date_from": args.date_from or today.replace(day=1),
            "date_to": args.date_to or today,
            "basis": args.basis,
        }
    try:
        data = reports.render(args.report, db, params, lang)
    except ReportError as exc:
        print(_("Cannot print: {reason}").format(reason=exc.message.render()), file=sys.stderr)
        return 1
    Path(args.out).write_bytes(data)
    print(args.out)
    return 0


def _print_guide(args, data_dir: Path) -> int:  # type: ignore[no-untyped-def]
    """The guide shows no records: no database is opened and nobody signs in. Without --lang it
    is printed in the language this PC's window was last in."""
    from akimdesk import i18n, reports
    from akimdesk.preferences import remembered_language

    lang = args.lang or remembered_language(data_dir)
    i18n.set_language("kk" if lang == "both" else lang)
    data = reports.render(args.report, None, {}, lang)  # type: ignore[arg-type]
    try:
        Path(args.out).write_bytes(data)
    except OSError:
        return _cannot_write(args.out)
    print(args.out)
    return 0


def _backup(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    from akimdesk.i18n import _
    from akimdesk.services import backup

    t0 = time.perf_counter()
    try:
        path = backup.backup_to(db, Path(args.out))
    except backup.BackupError as exc:
        print(exc.message.render(), file=sys.stderr)
        return 1
    size = path.stat().st_size / 1_048_576
    print(_("Backup saved: {path} ({size:.1f} MB, {s:.1f} s)").format(
        path=path, size=size, s=time.perf_counter() - t0))  # fmt: skip
    return 0


def _restore(args, data_dir: Path) -> int:  # type: ignore[no-untyped-def]
    """Asks before replacing; refuses while the window is open on the same folder."""
    from akimdesk import i18n
    from akimdesk.i18n import _
    from akimdesk.preferences import remembered_language
    from akimdesk.services import backup
    from akimdesk.storage.database import StartupError
    from akimdesk.storage.lock import AlreadyRunning, InstanceLock

    i18n.set_language(remembered_language(data_dir))
    if not _may_restore(args, data_dir):
        return 2
    source = Path(args.file)
    try:
        backup.check_file(source)
    except backup.BackupError as exc:
        print(exc.message.render(), file=sys.stderr)
        return 2
    if not args.yes:
        answer = input(_("Replace the database in {folder} with {file}? The current file is kept "
                         "beside it. [y/N] ").format(folder=data_dir, file=source))  # fmt: skip
        if answer.strip().lower() not in ("y", "yes", "и", "иә", "д", "да"):
            print(_("Nothing was changed."))
            return 1
    lock = InstanceLock(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except AlreadyRunning:
        print(StartupError("locked", data_dir).message(), file=sys.stderr)
        return 3
    try:
        done = backup.restore(data_dir, source)
    except (backup.BackupError, StartupError) as exc:
        text = exc.message.render() if isinstance(exc, backup.BackupError) else exc.message()
        print(text, file=sys.stderr)
        return 1
    finally:
        lock.release()
    print(_("Restored from {file}.").format(file=source))
    if done.replaced:
        print(_("The replaced database was kept as {path}.").format(path=done.replaced))
    print(_("Changes made after this backup are sent to the district again from the next sync."))
    return 0


def _may_restore(args, data_dir: Path) -> bool:
    """Replacing the database is the administrator's, checked against the database in place."""
    from akimdesk.services.errors import PermissionDenied
    from akimdesk.services.operation import require
    from akimdesk.storage.database import DB_FILENAME, StartupError, open_database

    if not (data_dir / DB_FILENAME).exists():
        return True
    try:
        db = open_database(data_dir)
    except StartupError:
        return True  # a damaged or foreign file: restoring is how it gets mended
    try:
        actor = _cli_actor(args, db)
        if actor is None:
            return False
        try:
            require(actor, "backup.restore")
        except PermissionDenied as exc:
            from akimdesk.i18n import render

            print(render(exc.errors[""]), file=sys.stderr)
            return False
        return True
    finally:
        db.close()


def _check(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    """Exit 0: sound; 1: something is wrong (each problem on its own line)."""
    from akimdesk.i18n import _, format_number
    from akimdesk.services import check

    report = check.run(db)
    for problem in report.problems:
        print(problem.render(), file=sys.stderr)
    if report.ok:
        print(
            _("The database is sound; the audit log ({n} rows) has not been changed.").format(
                n=format_number(report.audit_rows)
            )
        )
        return 0
    print(_("Problems found: {n}. Restore from a backup copy or call the district.").format(
        n=len(report.problems)), file=sys.stderr)  # fmt: skip
    return 1


def _sync(args, db, actor) -> int:  # type: ignore[no-untyped-def]
    """Exit 0: everything sent and received; 1: the round failed (changes kept); 2: not linked."""
    from akimdesk.i18n import _, format_number
    from akimdesk.sync import client
    from akimdesk.sync.messages import failure_text
    from akimdesk.sync.transport import SyncFailure

    try:
        if args.register:
            name = client.link(db, *args.register)
            print(_("Linked to the district server as: {office}").format(office=name))
        sync = client.SyncClient(db)
    except SyncFailure as exc:
        print(failure_text(exc.code), file=sys.stderr)
        return 2
    try:
        result = sync.round(
            progress=lambda stage, i, n: _progress(i, n) if stage == "push" else None
        )
    except SyncFailure as exc:
        print(failure_text(exc.code), file=sys.stderr)
        return 1
    finally:
        sync.close()
    print(
        _("Sent: {sent}, refused by the server: {rejected}, reference rows: {ref}, records received: {got}.").format(
            sent=format_number(result.sent), rejected=format_number(result.rejected),
            ref=format_number(result.refdata_rows), got=format_number(result.records_applied),
        )
    )  # fmt: skip
    if result.clock_warning:
        print(
            _("This PC's clock is off by {minutes} minutes from the district server.").format(
                minutes=round(abs(result.clock_skew_s or 0) / 60)
            ),
            file=sys.stderr,
        )
    return 0
