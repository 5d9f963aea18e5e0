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
    from akimdesk import __version__

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


def test_bad_data_folder_message_in_the_users_language(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "akimdesk.sqlite3").write_bytes(b"garbage" * 50)
    res = run("export", "fines", "--out", str(tmp_path / "x.json"), data_dir=folder, check=False)
    assert res.returncode == 2 and "зақымдалған" in res.stderr
    assert (folder / "akimdesk.sqlite3").read_bytes() == b"garbage" * 50
