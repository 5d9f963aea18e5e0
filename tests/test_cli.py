"""The command line, as scripts and the task scheduler use it. `run` calls `cli.main()` in this
process (what it prints and returns is all a script sees); `run_process` starts a real process
where the process itself is the point (the entry point, start-up, the exit code of a new Python)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

from tests.pdf import pdf_text


def _argv(args, data_dir) -> list[str]:  # type: ignore[no-untyped-def]
    argv = [str(a) for a in args]
    return argv if data_dir is None else [*argv, "--data-dir", str(data_dir)]


def run(*args, data_dir=None, check=True) -> subprocess.CompletedProcess[str]:
    from akimdesk import cli

    argv = _argv(args, data_dir)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse: --version, --help, a usage error
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    res = subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())
    if check:
        assert res.returncode == 0, res.stderr
    return res


def run_process(*args, data_dir=None, check=True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-m", "akimdesk", *_argv(args, data_dir)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert res.returncode == 0, res.stderr
    return res


def test_version():
    from importlib.metadata import version

    from akimdesk import __version__

    assert __version__ == version("akimdesk")  # read without importlib.metadata, as it reads it

    assert run("--version").stdout.strip() == f"AkimDesk {__version__}"
    assert run_process("--version").stdout.strip() == f"AkimDesk {__version__}"  # the entry point


def test_demo_print_export_import(tmp_path):
    data = tmp_path / "data"
    out = run("demo", "--fines", "120", data_dir=data).stdout
    assert "120" in out and "Демо істер қосылды" in out  # the office language is Kazakh
    exported = tmp_path / "fines.json"
    run("export", "fines", "--format", "json", "--out", str(exported), data_dir=data)
    cases = json.loads(exported.read_text("utf-8"))
    assert len(cases) == 120
    decided = next(c for c in cases if c["decision_date"] and c["penalty"] == "айыппұл")
    pdf = tmp_path / "d.pdf"
    run(
        "print",
        "fine-decision",
        decided["number"],
        "--lang",
        "kk",
        "--out",
        str(pdf),
        data_dir=data,
    )
    text = pdf_text(pdf)
    assert "қаулы" in text and decided["iin_bin"] in text
    reg = tmp_path / "r.pdf"
    run("print", "fines-register", "--from", "2020-01-01", "--to", "2030-12-31", "--lang", "ru",
        "--out", str(reg), data_dir=data)  # fmt: skip
    assert "Реестр дел" in pdf_text(reg)
    missing = run(
        "print", "fine-decision", "NO-SUCH", "--out", str(pdf), data_dir=data, check=False
    )
    assert missing.returncode == 1 and "NO-SUCH" in missing.stderr and "табылмады" in missing.stderr
    xlsx = tmp_path / "f.xlsx"
    run("export", "fines", "--format", "xlsx", "--out", str(xlsx), data_dir=data)
    again = run("import", "fines", str(xlsx), data_dir=data)
    assert "Тізілімде бар: 120" in again.stdout  # re-import of what is there adds nothing


def test_exit_after_start_on_a_fresh_folder(tmp_path):
    res = run_process("--exit-after-start", data_dir=tmp_path / "fresh")
    assert "main window shown in" in res.stdout
    ms = int(res.stdout.split("shown in")[1].split()[0])
    assert 0 < ms < 60_000
    assert (tmp_path / "fresh" / "akimdesk.sqlite3").exists()


def test_start_up_imports_only_what_the_first_screen_needs(tmp_path):
    """The window opens on the fines register: printing (reportlab), spreadsheets (openpyxl),
    the sync client (httpx), the district server, the other screens and their models, and
    Babel's catalog compiler are imported when used. Each was part of a 1.1 s start."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"))
    cmd = [sys.executable, "-X", "importtime", "-m", "akimdesk", "--exit-after-start",
           "--data-dir", str(tmp_path / "data")]  # fmt: skip
    for _ in range(2):  # the first start creates the database and compiles the catalogs
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
        assert res.returncode == 0, res.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in res.stderr.splitlines() if "|" in line}
    assert "akimdesk.ui.fines.register" in imported and "PySide6.QtWidgets" in imported
    late = ("reportlab", "openpyxl", "httpx", "akimdesk.district", "akimdesk.reports.",
            "akimdesk.ui.property", "akimdesk.ui.assemblies", "akimdesk.models.property",
            "akimdesk.models.assemblies", "akimdesk.sync.client", "babel.messages", "alembic")  # fmt: skip
    assert sorted(m for m in imported if m.startswith(late)) == []


def test_bad_data_folder_message_in_the_users_language(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "akimdesk.sqlite3").write_bytes(b"garbage" * 50)
    res = run("export", "fines", "--out", str(tmp_path / "x.json"), data_dir=folder, check=False)
    assert res.returncode == 2 and "зақымдалған" in res.stderr
    assert (folder / "akimdesk.sqlite3").read_bytes() == b"garbage" * 50


def test_an_unexpected_error_is_one_plain_line_and_a_log_file(tmp_path):
    """A fault of ours (here an export that fails inside) gives one plain line and the log file;
    before, Python's traceback. An export to a folder that does not exist says just that."""
    data = tmp_path / "data"
    run("demo", "--fines", "3", data_dir=data)
    res = run("export", "fines", "--format", "xlsx", "--out", str(tmp_path / "no" / "x.xlsx"),
              data_dir=data, check=False)  # fmt: skip
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.strip().count("\n") == 0 and "no/x.xlsx" in res.stderr
    broken = (
        "import sys, akimdesk.cli as cli, akimdesk.services.fines.import_export as io\n"
        "def export(*a, **k): raise KeyError('a bug')\n"
        "io.export = export\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    res = subprocess.run([sys.executable, "-c", broken, "export", "fines", "--out",
                          str(tmp_path / "x.json"), "--data-dir", str(data)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 70
    assert "Traceback" not in res.stderr + res.stdout
    lines = res.stderr.strip().splitlines()
    log = data / "logs" / "akimdesk-errors.log"
    assert len(lines) == 1 and str(log) in lines[0] and "күтпеген" in lines[0].lower(), res.stderr
    assert "Traceback" in log.read_text("utf-8") and "a bug" in log.read_text("utf-8")


def test_printing_without_office_details_says_so(tmp_path):
    """Before: "case not found" (or an AssertionError) on a PC whose office is not set up."""
    data = tmp_path / "empty"
    for report, key in (("fine-decision", "2026-00001"), ("fines-register", None),
                        ("minutes", "1/2026"), ("assets-register", None)):  # fmt: skip
        res = run("print", report, *([key] if key else []), "--out", str(tmp_path / "x.pdf"),
                  data_dir=data, check=False)  # fmt: skip
        assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
        assert "Баптаулар → Аппарат" in res.stderr, (report, res.stderr)
