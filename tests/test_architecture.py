"""Only akimdesk/ui imports Qt; domain, models, services, reports, storage and sync stay plain."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "akimdesk"


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "PySide6"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PySide6":
            found.append(node.module or "")
    return found


def test_qt_is_imported_only_in_ui():
    offenders = {
        str(p.relative_to(ROOT)): qt_imports(p)
        for p in ROOT.rglob("*.py")
        if "ui" not in p.relative_to(ROOT).parts[:1] and qt_imports(p)
    }
    assert offenders == {}


def test_the_check_would_catch_an_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert qt_imports(bad) == ["PySide6.QtCore"]


def test_domain_imports_no_database_or_qt():
    for p in (ROOT / "domain").rglob("*.py"):
        text = p.read_text("utf-8")
        assert "sqlalchemy" not in text and "PySide6" not in text, p


def test_ui_reads_only_through_services():
    """Screens go through services/*/queries.py: no SQL is written under akimdesk/ui."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "ui").rglob("*.py")
        if "sqlalchemy" in p.read_text("utf-8")
    ]
    assert offenders == []


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(node.module or "")
    return found


def test_district_server_is_its_own_package():
    """The office's side never imports the district server (akimdesk/district); the server may use
    the shared parts (domain, reports, the sync protocol)."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if p.relative_to(ROOT).parts[0] != "district"
        and any(m.startswith("akimdesk.district") for m in imported_modules(p))
    ]
    assert offenders == []
