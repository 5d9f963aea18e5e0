"""The built one-folder bundle, not the source: it starts, migrates, fills demo data, prints a
Kazakh decision and Kazakh minutes that read back, and opens a database made by the previous
release."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdf import pdf_text

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "ERROR", "--distpath", str(out / "dist"),
         "--workpath", str(out / "work"), str(ROOT / "packaging" / "akimdesk.spec")],
        check=True, cwd=out, timeout=900,
    )  # fmt: skip
    exe = out / "dist" / "AkimDesk" / ("akimdesk.exe" if os.name == "nt" else "akimdesk")
    assert exe.exists()
    return exe


def run(exe: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_bundle_version_comes_from_pyproject(bundle):
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert run(bundle, "--version").strip() == f"AkimDesk {version}"


def test_bundle_starts_migrates_fills_and_prints_kazakh(bundle, tmp_path):
    data = tmp_path / "data"
    run(bundle, "demo", "--fines", "60", "--meetings", "12", "--data-dir", str(data))
    assert "main window shown" in run(bundle, "--data-dir", str(data), "--exit-after-start")
    with sqlite3.connect(data / "akimdesk.sqlite3") as conn:
        number = conn.execute(
            "SELECT number FROM fine_case WHERE decision_date IS NOT NULL LIMIT 1"
        ).fetchone()[0]
    pdf = tmp_path / "decision.pdf"
    run(
        bundle,
        "print",
        "fine-decision",
        number,
        "--lang",
        "kk",
        "--out",
        str(pdf),
        "--data-dir",
        str(data),
    )
    text = pdf_text(pdf)
    assert "Әкімшілік құқық бұзушылық туралы іс бойынша қаулы" in text
    assert all(ch in text for ch in "әқұүңө")
    with sqlite3.connect(data / "akimdesk.sqlite3") as conn:
        ref = conn.execute(
            "SELECT ref FROM meeting WHERE kind = 'assembly' AND status = 'signed' LIMIT 1"
        ).fetchone()[0]
    minutes = tmp_path / "minutes.pdf"
    run(
        bundle,
        "print",
        "minutes",
        ref,
        "--lang",
        "kk",
        "--out",
        str(minutes),
        "--data-dir",
        str(data),
    )
    text = " ".join(pdf_text(minutes).split())
    assert "Жергілікті қоғамдастық жиналысының хаттамасы" in text and f"№ {ref}" in text
    assert "КҮН ТӘРТІБІ" in text and "ШЕШТІ" in text
    assert all(ch in text for ch in "әқұүғі")


def test_bundle_opens_the_previous_releases_database(bundle, tmp_path):
    for fixture in sorted((ROOT / "tests" / "fixtures").glob("*.sqlite3")):
        folder = tmp_path / fixture.stem
        folder.mkdir()
        shutil.copy(fixture, folder / "akimdesk.sqlite3")
        before = sqlite3.connect(fixture).execute("SELECT count(*) FROM fine_case").fetchone()[0]
        out = tmp_path / f"{fixture.stem}.json"
        run(
            bundle,
            "export",
            "fines",
            "--format",
            "json",
            "--out",
            str(out),
            "--data-dir",
            str(folder),
        )
        import json

        assert len(json.loads(out.read_text())) == before > 0
