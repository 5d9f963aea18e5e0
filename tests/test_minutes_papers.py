"""Minutes that state a decision only where one was taken, in one or two languages side by side;
the notice, the registration sheet, publication and the akim's consideration (issue #20,
items 1-7)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace

import pytest

from akimdesk import reports
from akimdesk.reports.base import ReportError
from akimdesk.services.assemblies import meetings, publish
from tests.conftest import ACTOR, TODAY
from tests.pdf import need_poppler, pdf_halves, pdf_text
from tests.support.assemblies import item_input, make_meeting, make_members


def flat(text: str) -> str:
    return " ".join(text.split())


def write(tmp_path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return path


def three_kinds(db):  # type: ignore[no-untyped-def]
    """10 members, 8 present: item 1 adopted, item 2 rejected, item 3 voted after four had
    left (no quorum: 5 needed)."""
    ids = make_members(db, ACTOR, 10)
    mid, ref = make_meeting(db, ACTOR, ids, present=8, items=1)
    meetings.save_item(db, ACTOR, mid, None, item_input(
        2, kind="improvement_rules", title_kk="Абаттандыру қағидалары туралы",
        title_ru="О правилах благоустройства", votes_for=3, votes_against=5,
        decision_kk="Қағидалар келісілсін.", decision_ru="Согласовать правила."))  # fmt: skip
    meetings.save_item(db, ACTOR, mid, None, item_input(
        3, title_kk="Жайылымдарды пайдалану туралы", title_ru="Об использовании пастбищ",
        present_at_vote=4, votes_for=4, votes_against=0,
        decision_kk="Мал жаю орындары белгіленсін.",
        decision_ru="Определить места выпаса скота."))  # fmt: skip
    return mid, ref


@pytest.fixture
def three(db):  # type: ignore[no-untyped-def]
    mid, ref = three_kinds(db)
    meetings.sign(db, ACTOR, mid, today=TODAY)
    return mid, ref


# --- item 1: a decision only for what was adopted ------------------------------------------
def test_resolved_only_for_the_adopted_item(db, three, tmp_path):
    _, ref = three
    kk = flat(pdf_text(write(tmp_path, "kk.pdf", reports.render("minutes", db, {"meeting": ref}, "kk"))))
    ru = flat(pdf_text(write(tmp_path, "ru.pdf", reports.render("minutes", db, {"meeting": ref}, "ru"))))
    assert kk.count("ШЕШТІ") == 1 and ru.count("РЕШИЛИ") == 1
    assert "РЕШИЛИ: Согласовать проект бюджета" in ru
    assert "Предлагалось: Согласовать правила. Решение не принято." in ru
    assert "Ұсынылды: Қағидалар келісілсін. Шешім қабылданбады." in kk
    # The third item: four were left, five make a quorum; the budget is not taken as agreed.
    assert "При голосовании по этому вопросу присутствовали: 4 из 10" in ru
    assert ("Предлагалось: Определить места выпаса скота. Кворума не было: решение не могло быть "
            "принято.") in ru  # fmt: skip
    assert "РЕШИЛИ: Определить места" not in ru and "РЕШИЛИ: Согласовать правила" not in ru
    for layout in ("sequential", "columns"):
        both = write(tmp_path, f"{layout}.pdf", reports.render(
            "minutes", db, {"meeting": ref, "layout": layout}, "both"))  # fmt: skip
        text = flat(pdf_text(both))
        assert text.count("ШЕШТІ") == 1 and text.count("РЕШИЛИ") == 1, layout


def test_no_extract_of_an_item_not_adopted(db, three, tmp_path):
    _, ref = three
    extract = flat(pdf_text(write(tmp_path, "e.pdf", reports.render(
        "decision-extract", db, {"meeting": ref, "item": 1}, "ru"))))  # fmt: skip
    assert "Выписка из протокола" in extract and extract.count("РЕШИЛИ") == 1
    for item in (2, 3):
        with pytest.raises(ReportError) as exc:
            reports.render("decision-extract", db, {"meeting": ref, "item": item}, "kk")
        assert "қабылданбаған" in exc.value.message.render("kk")


def test_published_json_states_a_decision_only_for_the_adopted_item(db, three, tmp_path):
    mid, _ = three
    _pdf, data = publish.publish(db, mid, tmp_path / "out")
    agenda = json.loads(data.read_text("utf-8"))["agenda"]
    assert [i["outcome"] for i in agenda] == ["adopted", "rejected", "no_quorum"]
    assert agenda[0]["decision_ru"].startswith("Согласовать проект бюджета")
    assert agenda[1]["decision_ru"] is None and agenda[1]["proposal_ru"] == "Согласовать правила."
    assert agenda[2]["decision_kk"] is None and agenda[2]["without_quorum"] is True


# --- item 3: side by side, word by word ------------------------------------------------------
def words_with_boxes(path) -> list[tuple[int, float, float, float, float, str]]:  # type: ignore[no-untyped-def]
    """(page, x0, y0, x1, y1, word) of every word poppler reads."""
    import html
    import re

    need_poppler()
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            words.append((page, *map(float, m.groups()[:4]), html.unescape(m.group(5))))
    return words


def test_side_by_side_names_never_overlap_and_words_stay_whole(db, tmp_path):
    ids = make_members(db, ACTOR, 10)
    mid, ref = make_meeting(db, ACTOR, ids, present=8, items=2, chair="Сейітов Асқар Болатұлы",
                            secretary="Құсайынова Ұлжан Маратқызы")  # fmt: skip
    meetings.sign(db, ACTOR, mid, today=TODAY)
    columns = write(tmp_path, "c.pdf", reports.render(
        "minutes", db, {"meeting": ref, "layout": "columns"}, "both"))  # fmt: skip
    words = words_with_boxes(columns)
    for i, (pg, x0, y0, x1, y1, w) in enumerate(words):
        for pg2, a0, b0, a1, b1, w2 in words[i + 1:]:
            overlap = pg == pg2 and min(x1, a1) - max(x0, a0) > 0.5 and min(y1, b1) - max(y0, b0) > 0.5
            assert not overlap, (w, w2)
    # Every word is one the full-width printouts have too: none was cut without a hyphen.
    vocabulary = set()
    for lang in ("kk", "ru"):
        full = write(tmp_path, f"{lang}.pdf", reports.render("minutes", db, {"meeting": ref}, lang))
        vocabulary |= {w for *_box, w in words_with_boxes(full)}
    broken = [w for *_box, w in words
              if w not in vocabulary and not w.endswith("-") and not any(c.isdigit() for c in w)]  # fmt: skip
    assert broken == []
    left, right = (flat(t) for t in pdf_halves(columns))
    assert "Болатұлы" in left and "Құсайынова Ұлжан Маратқызы" in right
    assert "Председатель" in right and "Төраға" in left


def test_the_district_prints_the_same_minutes_from_the_records_it_holds(db, three):
    """The district builds the minutes from payloads (what sync sent), not a desktop database:
    the same data as the office's own printout."""
    from akimdesk.domain.assemblies import MeetingRules, quorum
    from akimdesk.models import AgendaItem, Meeting, MeetingAddendum
    from akimdesk.reports import minutes as minutes_report
    from akimdesk.reports.minutes_data import Bi, minutes_doc

    mid, ref = three
    meetings.add_addendum(db, ACTOR, mid, "Хатшы қатесі", "Екінші мәселе бойынша «қарсы» — 5.")
    office_doc = minutes_report.load(db, {"meeting": ref})
    with db.read() as s:
        m = s.get(Meeting, mid).to_dict()
        items = [i.to_dict() for i in s.query(AgendaItem).filter_by(meeting_id=mid)]
        addenda = [a.to_dict() for a in s.query(MeetingAddendum).filter_by(meeting_id=mid)]
    rules = MeetingRules(**m["signed_rules"])
    q = quorum(m["kind"], m["signed_entitled"], m["signed_present"], rules)
    district_doc = minutes_doc(m, items, addenda, office=office_doc.office,
                               office_bin=office_doc.office_bin, settlement=Bi(), q=q, rules=rules,
                               office_akim=office_doc.office_akim)  # fmt: skip
    # Members are not in the district's payloads; everything printed is the same.
    assert district_doc == replace(office_doc, members=())
    assert [i.verdict for i in district_doc.items] == ["adopted", "rejected", "no_quorum"]
