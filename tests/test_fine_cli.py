"""`akimdesk print` for the new documents of a case (issue #19), as a script would run it."""

from __future__ import annotations

import json

from tests.pdf import pdf_words
from tests.test_cli import run


def test_print_hearing_notice_and_enforcement_letter(tmp_path):
    data = tmp_path / "data"
    run("demo", "--fines", "150", data_dir=data)
    exported = tmp_path / "fines.json"
    run("export", "fines", "--format", "json", "--out", str(exported), data_dir=data)
    rows = json.loads(exported.read_text("utf-8"))
    sent = next(r for r in rows if r["status"] == "Мәжбүрлеп орындауға жіберілді")
    pdf = tmp_path / "letter.pdf"
    run("print", "fine-enforcement-letter", sent["number"], "--lang", "ru", "--out", str(pdf),
        data_dir=data)  # fmt: skip
    words = pdf_words(pdf)
    assert "О направлении постановления на принудительное исполнение" in words
    assert sent["iin_bin"] in words
    russian = next(r for r in rows if r["language"] == "ru")
    notice = tmp_path / "notice.pdf"
    # Without --lang a case's document prints in its language of proceedings.
    run("print", "fine-hearing-notice", russian["number"], "--out", str(notice), data_dir=data)
    assert "Извещение о времени и месте рассмотрения дела" in pdf_words(notice)
    kazakh = next(r for r in rows if r["language"] == "kk")
    run("print", "fine-hearing-notice", kazakh["number"], "--out", str(notice), data_dir=data)
    assert "Әкімшілік құқық бұзушылық туралы істі қарау уақыты" in pdf_words(notice)
    missing = run("print", "fine-enforcement-letter", kazakh["number"], "--out", str(notice),
                  data_dir=data, check=False)  # fmt: skip
    if kazakh["status"] != "Мәжбүрлеп орындауға жіберілді":
        assert missing.returncode == 1 and kazakh["number"] in missing.stderr
