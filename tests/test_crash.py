"""The app process killed with SIGKILL at random moments during a stream of writes, 50 times:
each time the file opens, passes SQLite's integrity check and the audit chain check, and every
write the process reported as committed is there."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from akimdesk.models import AssemblyMember
from akimdesk.services import check
from akimdesk.storage.database import open_database
from akimdesk.sync import outbox

WRITER = """
import sys
from datetime import date
from pathlib import Path
from akimdesk.services.assemblies import members
from akimdesk.services.assemblies.validation import MemberInput
from akimdesk.domain.roles import ROLES
from akimdesk.services.operation import Actor
from akimdesk.storage.database import open_database
db = open_database(Path(sys.argv[1]))
actor = Actor("writer", frozenset(ROLES))
print("ready", flush=True)
n = 0
while True:
    n += 1
    name = f"{sys.argv[2]}-{n}"
    members.add_member(db, actor, MemberInput(full_name=name, delegated_by="Жиын",
                                              delegated_on=date(2025, 1, 1)))
    print(name, flush=True)  # reported only after the commit returned
"""

ROUNDS = 50


@pytest.mark.slow
def test_sigkill_during_writes_loses_nothing_committed(db, tmp_path):
    data_dir = Path(db.path).parent
    db.close()
    rnd = random.Random(2026)
    committed: list[str] = []
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    for round_no in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), f"r{round_no}"],
            stdout=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        committed += [line for line in out.splitlines() if line]
    assert len(committed) > ROUNDS  # the writes really ran between the kills
    again = open_database(data_dir)
    try:
        report = check.run(again)
        assert report.ok, [p.render("ru") for p in report.problems]
        with again.read() as s:
            names = set(s.scalars(select(AssemblyMember.full_name)))
            assert set(committed) <= names
            # each member has its outbox row: a committed change is never lost to the district
            assert outbox.pending_count(s) >= len(names)
    finally:
        again.close()
