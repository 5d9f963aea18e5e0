"""Minutes that state a decision only where one was taken, in one or two languages side by side;
the notice, the registration sheet, publication and the akim's consideration (issue #20,
items 1-7)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import date, datetime

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
    kk = flat(
        pdf_text(write(tmp_path, "kk.pdf", reports.render("minutes", db, {"meeting": ref}, "kk")))
    )
    ru = flat(
        pdf_text(write(tmp_path, "ru.pdf", reports.render("minutes", db, {"meeting": ref}, "ru")))
    )
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
        m = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
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
        for pg2, a0, b0, a1, b1, w2 in words[i + 1 :]:
            overlap = (
                pg == pg2 and min(x1, a1) - max(x0, a0) > 0.5 and min(y1, b1) - max(y0, b0) > 0.5
            )
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


# --- item 2: both texts, and plainly which parts are in one language -----------------------
def test_bilingual_minutes_carry_both_texts_and_say_what_is_missing(db, tmp_path):
    from akimdesk.reports import minutes as minutes_report
    from akimdesk.reports.minutes_data import missing_translations
    from akimdesk.services.assemblies.validation import ItemInput

    ids = make_members(db, ACTOR, 10)
    mid, ref = make_meeting(db, ACTOR, ids, present=8, items=1, language="ru",
                            place="село Аксу, дом культуры", convened_by="Аким сельского округа",
                            invited="Ли Виктор, депутат районного маслихата")  # fmt: skip
    doc = minutes_report.load(db, {"meeting": ref})
    missing = [m.render("ru") for m in missing_translations(doc)]
    assert missing == ["Место", "Созвал", "Приглашённые", "Вопрос 1: выступление — Жұмабаев Дәулет"]
    kk = flat(
        pdf_text(write(tmp_path, "kk.pdf", reports.render("minutes", db, {"meeting": ref}, "kk")))
    )
    # Russian text under a Kazakh heading is marked as such; the item was written in both.
    assert "село Аксу, дом культуры (тек орыс тілінде)" in kk
    assert "Бюджет жобасы келісілсін" in kk and "Согласовать проект бюджета" not in kk
    meetings.update_meeting(db, ACTOR, mid, meeting_input(
        language="ru", place="село Аксу, дом культуры", place_other="Ақсу ауылы, мәдениет үйі",
        convened_by="Аким сельского округа", convened_by_other="Ауылдық округ әкімі",
        invited="Ли Виктор, депутат районного маслихата",
        invited_other="Ли Виктор, аудандық мәслихат депутаты"))  # fmt: skip
    (item_id,) = [i.id for i, _ in _items(db, mid)]
    meetings.save_item(db, ACTOR, mid, item_id, item_input(1, speakers=[{
        "name": "Жұмабаев Дәулет", "summary": "Предложил увеличить средства на ремонт дорог",
        "summary_other": "Жол жөндеуге қаражат көбейтуді ұсынды"}]))  # fmt: skip
    assert missing_translations(minutes_report.load(db, {"meeting": ref})) == []
    left, right = (flat(t) for t in pdf_halves(write(tmp_path, "b.pdf", reports.render(
        "minutes", db, {"meeting": ref, "layout": "columns"}, "both"))))  # fmt: skip
    assert "тілінде)" not in left and "языке)" not in right
    assert "Ақсу ауылы, мәдениет үйі" in left and "село Аксу, дом культуры" in right
    assert "Жол жөндеуге қаражат көбейтуді ұсынды" in left
    assert "Предложил увеличить средства на ремонт дорог" in right
    # The minutes' own language is required for the question; the other is a translation.
    with pytest.raises(Exception) as exc:
        meetings.save_item(db, ACTOR, mid, None, ItemInput(kind="other", title_kk="Тек қазақша"))
    assert "title_ru" in exc.value.errors  # type: ignore[attr-defined]


def meeting_input(**over):  # type: ignore[no-untyped-def]
    from tests.support.assemblies import meeting_input as base

    return base(**over)


def _items(db, mid):  # type: ignore[no-untyped-def]
    from akimdesk.services.assemblies import queries

    return queries.load(db, mid).items


# --- item 4 and 6: publication and the akim's consideration, and what is late --------------
def test_publication_and_consideration_with_their_deadlines(db, three):
    from akimdesk.services import settings
    from akimdesk.services.assemblies import follow_up
    from akimdesk.services.assemblies.validation import ConsiderationInput, PublicationInput
    from akimdesk.services.errors import ValidationError

    mid, _ = three
    with db.write() as s:  # signed on Friday 20 November 2026
        from akimdesk.models import Meeting

        s.get(Meeting, mid).signed_at = datetime(2026, 11, 20, 15, 0)
    settings.save(db, ACTOR, {"assembly.publish_days": 5, "assembly.consideration_days": 10})
    with db.read() as s:
        state = follow_up.follow_up(s, mid, date(2026, 11, 27))
    # Five working days from Friday: 27 November; ten: 4 December (1 December is a working day).
    assert state.publish_by == date(2026, 11, 27) and not state.publish_late
    assert state.consider_by == date(2026, 12, 4) and state.unconsidered == 1
    with db.read() as s:
        late = follow_up.follow_up(s, mid, date(2026, 11, 30))
    assert late.publish_late and not late.consider_late and late.needs_action

    with pytest.raises(ValidationError) as exc:
        follow_up.record_publication(db, ACTOR, mid, PublicationInput(
            date(2026, 11, 19), "notice_board", "", "Құсайынова Ұлжан"), today=TODAY)  # fmt: skip
    assert {"published_on", "place"} <= set(exc.value.errors)
    follow_up.record_publication(db, ACTOR, mid, PublicationInput(
        date(2026, 11, 23), "internet_resource", "https://www.gov.kz/memleket/entities/aksu",
        "Құсайынова Ұлжан"), today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError) as exc:  # recorded: a correction needs its reason
        follow_up.record_publication(db, ACTOR, mid, PublicationInput(
            date(2026, 11, 23), "notice_board", "Әкімдік ғимараты", "Құсайынова Ұлжан"), today=TODAY)  # fmt: skip
    assert "reason" in exc.value.errors
    with db.read() as s:
        m = s.get(Meeting, mid)
        assert (m.published_on, m.published_channel) == (date(2026, 11, 23), "internet_resource")
        assert not follow_up.follow_up(s, mid, date(2026, 11, 30)).publish_late

    items = {i.position: i.id for i, _ in _items(db, mid)}
    with pytest.raises(ValidationError):  # the rejected item has no decision to consider
        follow_up.record_consideration(db, ACTOR, items[2], ConsiderationInput(
            date(2026, 11, 23), "accepted", "Орындалды", "Серікбаев Е."), today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        follow_up.record_consideration(db, ACTOR, items[1], ConsiderationInput(
            date(2026, 11, 23), "declined", "", "Серікбаев Е."), today=TODAY)  # fmt: skip
    assert "text" in exc.value.errors
    follow_up.record_consideration(db, ACTOR, items[1], ConsiderationInput(
        date(2026, 11, 23), "accepted", "Бюджет жобасы аудандық мәслихатқа жіберілді.",
        "Серікбаев Ерлан Қайратұлы"), today=TODAY)  # fmt: skip
    with db.read() as s:
        done = follow_up.follow_up(s, mid, date(2026, 12, 10))
    assert done.unconsidered == 0 and not done.needs_action
    # Only the akim records the consideration.
    from akimdesk.services.operation import Actor

    secretary = Actor("Хатшы", frozenset({"secretary"}))
    with pytest.raises(Exception, match="role akim"):
        follow_up.record_consideration(db, secretary, items[1], ConsiderationInput(
            date(2026, 11, 24), "accepted", "x", "y"), "түзету", today=TODAY)  # fmt: skip


# --- item 5: the notice and the residents' registration sheet -------------------------------
def test_notice_and_registration_sheet(db, tmp_path):
    ids = make_members(db, ACTOR, 10)
    _, ref = make_meeting(db, ACTOR, ids, items=2)
    notice = flat(pdf_text(write(tmp_path, "n.pdf", reports.render(
        "meeting-notice", db, {"meeting": ref}, "kk"))))  # fmt: skip
    assert "Жергілікті қоғамдастық жиналысын шақыру туралы хабарлама" in notice
    assert "2026 ж. 20 қараша 10:00" in notice and "Ақсу ауылы, мәдениет үйі" in notice
    assert "КҮН ТӘРТІБІ: 1. Ауылдық округтің 2027 жылға арналған бюджетін келісу (1)" in notice
    assert "Серікбаев Ерлан Қайратұлы" in notice  # the akim signs it
    notice_ru = flat(pdf_text(write(tmp_path, "n-ru.pdf", reports.render(
        "meeting-notice", db, {"meeting": ref}, "ru"))))  # fmt: skip
    assert "Извещение о созыве собрания местного сообщества" in notice_ru
    _, gathering = make_meeting(db, ACTOR, ids, items=1, kind="gathering", residents_entitled=600,
                                residents_present=312, place="Көктал ауылы, мектеп")  # fmt: skip
    sheet = flat(pdf_text(write(tmp_path, "r.pdf", reports.render(
        "registration-sheet", db, {"meeting": gathering}, "ru"))))  # fmt: skip
    assert "Лист регистрации участвующих жителей" in sheet and "312" in sheet
    assert "Фамилия, имя, отчество" in sheet and "Адрес" in sheet and "Подпись" in sheet
    assert "Зарегистрировано: ________ жителей" in sheet
    minutes = flat(pdf_text(write(tmp_path, "g.pdf", reports.render(
        "minutes", db, {"meeting": gathering}, "ru"))))  # fmt: skip
    assert "312 из 600 жителей, имеющих право участвовать (по листу регистрации)" in minutes
    with pytest.raises(ReportError):  # an assembly has its members' attendance sheet instead
        reports.render("registration-sheet", db, {"meeting": ref}, "kk")


# --- item 7: a member is not delegated in the future ----------------------------------------
def test_a_member_cannot_be_delegated_in_the_future(db):
    from akimdesk.services.assemblies import members
    from akimdesk.services.assemblies.validation import MemberInput
    from akimdesk.services.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        members.add_member(db, ACTOR, MemberInput(
            full_name="Болашақов Бір", delegated_by="Ақсу ауылының жиыны",
            delegated_on=date(2030, 3, 1)), today=TODAY)  # fmt: skip
    from akimdesk.domain.calendar import FUTURE
    from akimdesk.i18n import render

    # The app's one message for a date of what happened set in the future (common to elections,
    # offences, payments, receipts, signatures), under the delegation date's own field.
    assert exc.value.errors["delegated_on"] == FUTURE
    assert render(exc.value.errors["delegated_on"], "ru") == "Дата не может быть в будущем."
    members.add_member(db, ACTOR, MemberInput(full_name="Бүгінгі Екі", delegated_by="Жиын",
                                              delegated_on=TODAY), today=TODAY)  # fmt: skip
