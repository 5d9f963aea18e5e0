"""Opening the data folder: migrations with data, bad files, a second copy, pragmas."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from akimdesk.storage.database import HEAD, REVISIONS, StartupError, open_database
from akimdesk.storage.lock import AlreadyRunning, InstanceLock
from akimdesk.storage.migrate import alembic_config, upgrade


def test_known_revisions_match_the_scripts(tmp_path):
    script = ScriptDirectory.from_config(alembic_config(tmp_path / "x.sqlite3"))
    chain = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert tuple(chain) == REVISIONS and script.get_current_head() == HEAD


def test_upgrade_keeps_data_and_makes_a_copy(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db_path = folder / "akimdesk.sqlite3"
    upgrade(db_path, "0001")
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO office (id, version, name_kk, name_ru, district, region, bin, akim_name,"
                " address, phone, kbk, iik, bik, bank_name, knp) VALUES ('00000000000000000000000000000001',"
                " 1, 'Ақсу', 'Аксу', 'a', 'b', '080140000255', 'c', '', '', '', '', '', '', '')")  # fmt: skip
    con.execute("INSERT INTO setting (key, value) VALUES ('ui.language', '\"ru\"')")
    con.commit()
    con.close()
    db = open_database(folder)
    with db.read() as s:
        assert s.execute(text("SELECT name_kk FROM office")).scalar_one() == "Ақсу"
        assert s.execute(text("SELECT value FROM setting")).scalar_one() == '"ru"'
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
        assert s.execute(text("SELECT count(*) FROM fine_case")).scalar_one() == 0
    db.close()
    copies = list(folder.glob("akimdesk.before-*.sqlite3"))
    assert len(copies) == 1
    con = sqlite3.connect(copies[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()


def test_pragmas(empty_db):
    with empty_db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_corrupt_file_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    bad = folder / "akimdesk.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    before = bad.read_bytes()
    with pytest.raises(StartupError) as e:
        open_database(folder)
    assert e.value.code == "corrupt" and bad.read_bytes() == before
    assert "зақымдалған" in e.value.message()


def test_truncated_database_is_refused(tmp_path, data_dir):
    db = open_database(data_dir)
    db.close()
    path = data_dir / "akimdesk.sqlite3"
    with path.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 3000)
    with pytest.raises(StartupError) as e:
        open_database(data_dir)
    assert e.value.code == "corrupt"


def test_newer_database_is_refused(tmp_path, data_dir):
    open_database(data_dir).close()
    con = sqlite3.connect(data_dir / "akimdesk.sqlite3")
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(StartupError) as e:
        open_database(data_dir)
    assert e.value.code == "newer"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere; checked below with a file")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(StartupError) as e:
        open_database(folder)
    assert e.value.code == "not_writable"


def test_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StartupError) as e:
        open_database(blocker / "data")
    assert e.value.code == "not_writable"


def test_second_copy_is_refused(tmp_path):
    first = InstanceLock(tmp_path)
    first.acquire()
    code = "from akimdesk.storage.lock import InstanceLock, AlreadyRunning\nimport sys\n" \
           f"try:\n    InstanceLock(__import__('pathlib').Path({str(tmp_path)!r})).acquire()\n" \
           "except AlreadyRunning:\n    sys.exit(7)\n"  # fmt: skip
    assert subprocess.run([sys.executable, "-c", code]).returncode == 7
    first.release()
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
    with pytest.raises(AlreadyRunning):
        a, b = InstanceLock(tmp_path), InstanceLock(tmp_path)
        a.acquire()
        b.acquire()


def test_old_fixture_database_opens(tmp_path):
    """Databases made by earlier releases, kept in tests/fixtures, open with nothing lost."""
    for fixture in sorted((Path(__file__).parent / "fixtures").glob("*.sqlite3")):
        folder = tmp_path / fixture.stem
        folder.mkdir()
        shutil.copy(fixture, folder / "akimdesk.sqlite3")
        db = open_database(folder)
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM office")).scalar_one() == 1
        db.close()


def test_the_district_servers_migrations_are_one_line():
    """Two branches each adding a server migration after the same parent leave two heads, and
    `upgrade head` then fails on every server (it did once, after a merge)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from akimdesk.district.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1, script.get_heads()


def test_the_folded_case_search_is_built_from_cases_already_there(db, data_dir):
    """Migration 0013 indexes an office's existing cases folded (and 0012's index comes back on
    the way down)."""
    from alembic import command

    from akimdesk.services.demo import generate_fines
    from akimdesk.services.fines import queries
    from tests.conftest import ACTOR, TODAY

    folder = data_dir
    generate_fines(db, ACTOR, 30, today=TODAY)
    with db.read() as s:
        names = [r[0] for r in s.execute(text("SELECT offender_name FROM fine_case"))]
    db.close()
    kazakh = next(n for n in names if any(ch in n for ch in "әғқңөұүһі"))
    typed = kazakh.translate(str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ"))

    def found(query: str) -> int:
        db = open_database(folder)
        try:
            with db.read() as s:
                return len(queries.register_rowids(s, queries.CaseFilter(search=query)))
        finally:
            db.close()

    config = alembic_config(folder / "akimdesk.sqlite3")
    command.downgrade(config, "0012")
    con = sqlite3.connect(folder / "akimdesk.sqlite3")  # 0012's index: the names as they are
    hits = con.execute("SELECT count(*) FROM fine_case_fts WHERE fine_case_fts MATCH ?",
                       ('"' + kazakh.split()[0] + '"',)).fetchone()[0]  # fmt: skip
    con.close()
    assert hits >= 1
    assert found(typed) >= 1 and found(typed) == found(kazakh)  # opening upgrades again


def test_json_columns_read_back_what_was_written_whatever_the_writer():
    """JSON columns are written by orjson, with json for what it refuses (a number past 64
    bits, a lone surrogate); every value reads back as json would have written it."""
    import json

    from akimdesk.storage.database import json_text

    values = [
        {"name": "Әлия Қайратқызы", "n": 3, "f": 1.5, "none": None, "yes": True, "list": [1, "ә"]},
        {1: "a key that is a number"},
        [1, 2**70],
        {"bad": "\ud800"},
        None,
        "",
    ]
    for value in values:
        assert json.loads(json_text(value)) == json.loads(json.dumps(value)), value
    assert json_text({"name": "Әлия"}) == '{"name":"Әлия"}'  # orjson's, not json's spelling


RACE = r"""
import sys, threading
from sqlalchemy.orm import configure_mappers
import akimdesk.models  # the assemblies' classes are registered when first named
go, done, errors = threading.Event(), threading.Event(), []

def other():  # another thread's first query, while the module is half-built
    go.wait()
    try:
        configure_mappers()
    except Exception as exc:
        errors.append(exc)
    done.set()

threading.Thread(target=other, daemon=True).start()

def tracer(frame, event, arg):
    if not frame.f_code.co_filename.endswith("assemblies.py"):
        return None
    source = open(frame.f_code.co_filename, encoding="utf-8").read().splitlines()

    def line(frame, event, arg):
        if event == "line" and source[frame.f_lineno - 1].startswith("class AgendaItem"):
            go.set()
            done.wait(1.0)  # Meeting is registered, AgendaItem not yet
        return line
    return line

sys.settrace(tracer)
from akimdesk.models import Meeting
sys.settrace(None)
done.wait(10)
try:
    configure_mappers()
except Exception as exc:
    errors.append(exc)
print([f"{type(e).__name__}: {e}"[:300] for e in errors])
sys.exit(1 if errors else 0)
"""


def test_a_class_registered_later_is_never_configured_half_built():
    """The assemblies' and property classes are registered when first named (start-up speed).
    Another thread's query configures every mapper registered so far; one that came while
    `models.assemblies` was half-built (Meeting without AgendaItem) failed every mapper for
    the rest of the run: `akimdesk sync` ended with exit 70 now and then (its batch builder
    and its audit thread). Here the other thread is made to come at exactly that moment."""
    done = subprocess.run([sys.executable, "-c", RACE], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
