"""The district web view in a real browser: Playwright driving Debian's chromium against the
server on 127.0.0.1 and PostgreSQL. Sign in, open every page, drill down to a case, edit an
article, and see the edit arrive in an office's database with its next sync."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from akimdesk.i18n import translator
from akimdesk.models import ArticleSanction, OffenceArticle
from tests.conftest import ACTOR, OFFICE
from tests.support.district import fill_office
from tests.sync.conftest import sync_round
from tests.sync.district import PASSWORD, add_office, add_user, office_pc

CHROMIUM = "/usr/bin/chromium"
# Words a Kazakh or Russian page may show in Latin letters: the product, file formats.
LATIN_OK = {"AkimDesk", "XLSX", "PDF"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is installed by make test"),
]


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("AKIMDESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"web-{name}.png"), full_page=True)


def latin_words(page) -> set[str]:  # type: ignore[no-untyped-def]
    text = page.inner_text("body")
    # The test office's clerk is "Test Clerk": a name the office typed, not the interface.
    return set(re.findall(r"[A-Za-z]{2,}", text)) - LATIN_OK - set(ACTOR.name.split())


def test_a_district_person_works_through_every_page(browser, server, server_db, tmp_path):
    token = add_office(server_db)
    db = office_pc(tmp_path / "office", server.url, token)
    info = fill_office(db)
    assert sync_round(db).rejected == 0
    add_user(server_db, "aidos", "editor")
    t = translator("kk")

    page = browser.new_page(viewport={"width": 1366, "height": 800})
    refused: list[str] = []  # what the Content-Security-Policy blocked: the pages need none of it
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.goto(f"{server.url}/district/fines")
    assert "/district/login" in page.url  # nothing is shown before signing in
    page.fill("input[name=login]", "aidos")
    page.fill("input[name=password]", PASSWORD)
    shot(page, "login")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/district/fines$"))

    for label, name in ((t("Sync"), "health"), (t("Fines"), "fines"),
                        (t("Communal property"), "property"), (t("Meetings"), "assemblies"),
                        (t("Reference data"), "refdata")):  # fmt: skip
        page.click(f"header nav >> text={label}")
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        assert not latin_words(page), (name, latin_words(page))
        assert OFFICE.name_kk in page.inner_text("main") or name == "refdata"
        shot(page, name)

    # Drill down: the office, then a case, read-only.
    page.click(f"header nav >> text={t('Fines')}")
    page.click(f"table[data-table=by_office] >> text={OFFICE.name_kk}")
    page.wait_for_url(re.compile(r"/district/fines/office/"))
    page.select_option("select[name=status]", "overdue")
    page.click(f"form.filters button >> text={t('Show')}")
    page.wait_for_url(re.compile(r"status=overdue"))
    shot(page, "office")
    page.click(f"table[data-table=cases] >> text={info['overdue'].number}")
    page.wait_for_url(re.compile(r"/district/fines/case/"))
    assert t("Overdue") in page.inner_text("h1")
    assert page.locator("main form").count() == 0
    assert not latin_words(page)
    shot(page, "case")

    # The language switches on the spot and stays.
    page.click("header >> text=Русский")
    page.wait_for_load_state()
    assert "Просрочено" in page.inner_text("h1") and not latin_words(page)
    page.click("header nav >> text=Справочники")
    page.wait_for_load_state()

    # Edit an article: a bad range is refused next to the field, then the good one is saved.
    page.click("table[data-table=articles] >> text=505-1")
    page.wait_for_url(re.compile(r"/district/refdata/article/"))
    page.fill("textarea[name=title_ru]", "Нарушение правил благоустройства (ред. района)")
    page.fill("input[name=max_individual]", "0")
    page.click("main button[type=submit]")
    error = page.locator("#err-max_individual")
    assert error.is_visible() and "больше нуля" in error.inner_text()
    assert "(ред. района)" in page.input_value("textarea[name=title_ru]")  # nothing typed is lost
    shot(page, "article-error")
    page.fill("input[name=max_individual]", "25")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/district/refdata\?saved="))
    assert "Сохранено" in page.inner_text("main")
    shot(page, "refdata-saved")

    # The office takes it with its next sync.
    assert sync_round(db).refdata_rows >= 1
    with db.read() as s:
        art = s.query(OffenceArticle).filter_by(article="505", part="1").one()
        assert art.title_ru == "Нарушение правил благоустройства (ред. района)"
        top = (
            s.query(ArticleSanction)
            .filter_by(article_id=art.id, offender_category="individual")
            .one()
        )
        assert top.max_mrp == 25

    # The minutes open as a PDF from the meetings page.
    page.click("header nav >> text=Собрания")
    with page.expect_response(re.compile(r"/assemblies/minutes/")) as response:
        page.click(f"table[data-table=minutes] a[href*='{info['meeting']}'][href$='lang=ru']")
    assert response.value.status == 200
    assert response.value.headers["content-type"] == "application/pdf"
    assert refused == []
    db.close()


AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""
# The widest tables of a page: a person at a 1366 px screen reads them without scrolling sideways.
WIDE = """() => [document.documentElement, ...document.querySelectorAll('.scroll')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)"""


def axe_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def big_office(server_db: str) -> None:
    """Sums as large as a district's: a billion tenge imposed and collected in one office."""
    from tests.sync.conftest import sql

    office = sql(server_db, "SELECT id FROM office_account WHERE bin = %s", OFFICE.bin)[0][0]
    article = sql(server_db, "SELECT id FROM ref_row WHERE dataset = 'article' LIMIT 1")[0][0]
    sql(server_db, """
        INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
        SELECT e, gen_random_uuid(), %s, 1, p, 10000 + n, %s, now()
        FROM (VALUES ('fine_case', 1), ('fine_payment', 2)) v(e, n),
        LATERAL (SELECT jsonb_build_object('number', '2026-999999', 'stage', 'enforcement',
            'penalty', 'fine', 'article_id', %s::text, 'protocol_date', '2026-03-02',
            'decision_date', '2026-03-03', 'pay_by', '2026-04-01', 'enforcement_date', '2026-05-01',
            'amount_tiyn', 123456789012, 'case_id', gen_random_uuid()::text,
            'paid_on', '2026-03-20') AS p) x
        RETURNING id""", office, office, str(article))  # fmt: skip
    sql(server_db, "UPDATE office_account SET audit_problem = 'changed:17', "
                   "audit_problem_at = now() WHERE id = %s RETURNING id", office)  # fmt: skip


def test_every_page_is_accessible_and_fits_the_screen_in_both_languages(
    browser, server, server_db, tmp_path
):
    """axe-core on every page, in Kazakh and Russian, for an editor and a viewer: no serious
    or critical violation; the by-office tables fit 1366 px without scrolling sideways."""
    token = add_office(server_db)
    db = office_pc(tmp_path / "office", server.url, token)
    info = fill_office(db)
    assert sync_round(db).rejected == 0
    db.close()
    big_office(server_db)
    add_user(server_db, "aidos", "editor")
    add_user(server_db, "saule", "viewer")
    from tests.sync.conftest import sql

    office = sql(server_db, "SELECT id FROM office_account WHERE bin = %s", OFFICE.bin)[0][0]
    case = sql(server_db, "SELECT id FROM fine_fact WHERE office_id = %s LIMIT 1", office)[0][0]
    article = sql(server_db, "SELECT id FROM ref_row WHERE dataset = 'article' LIMIT 1")[0][0]
    pages = {
        "health": "/district/health", "health-problems": "/district/health?show=problems",
        "fines": "/district/fines?year=2026", "fines-q1": "/district/fines?year=2026&quarter=1",
        "fines-range": "/district/fines?from=17.02.2026&to=09.05.2026",
        "office": f"/district/fines/office/{office}?q=2026", "case": f"/district/fines/case/{case}",
        "property": "/district/property", "assemblies": "/district/assemblies?year=2026",
        "refdata": "/district/refdata", "article": f"/district/refdata/article/{article}",
        "article-new": "/district/refdata/article/new", "mrp": "/district/refdata/mrp/new",
        "rejected": f"/district/health/{office}/rejected",
    }  # fmt: skip
    viewer_pages = {
        "refdata": "/district/refdata",
        "article": f"/district/refdata/article/{article}",
    }
    problems: dict[str, list[str]] = {}
    for login, paths in (("aidos", pages), ("saule", viewer_pages)):
        for lang in ("kk", "ru"):
            # axe-core is the test's own script, put into the page: the site's policy forbids any
            # script it did not serve (the other browser test keeps the policy on).
            context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
            context.add_cookies([{"name": "akd_lang", "value": lang, "url": server.url}])
            page = context.new_page()
            page.goto(f"{server.url}/district/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            for name, path in paths.items():
                page.goto(server.url + path)
                assert page.locator("h1").count() == 1, (login, lang, name)
                shot(page, f"{login}-{lang}-{name}")
                found = axe_problems(page)
                if found:
                    problems[f"{login} {lang} {name}"] = found
                if name in ("fines", "property", "assemblies", "health"):
                    assert page.evaluate(WIDE) == [], (lang, name, "scrolls sideways at 1366 px")
                assert not latin_words(page), (lang, name, latin_words(page))
            context.close()
    assert problems == {}
    assert info["meeting"]
