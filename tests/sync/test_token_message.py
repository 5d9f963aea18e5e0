"""A PC whose token the district replaced is told so, and what to do."""

from __future__ import annotations

import os
import subprocess
import sys

from akimdesk import i18n
from akimdesk.sync.messages import failure_text
from tests.conftest import OFFICE
from tests.support.server import server_cli
from tests.sync.conftest import sync_round


def test_a_rotated_away_token_says_ask_the_district_for_the_new_one(linked, server_db, data_dir):
    sync_round(linked)
    server_cli(server_db, "rotate-token", OFFICE.bin)
    linked.close()
    env = {**os.environ, "AKIMDESK_DATA_DIR": str(data_dir)}
    res = subprocess.run([sys.executable, "-m", "akimdesk", "sync"], env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip() == failure_text("token_replaced")
    i18n.set_language("ru")
    said = failure_text("token_replaced")
    assert "больше не действует" in said and "попросите в районе новый" in said, said
