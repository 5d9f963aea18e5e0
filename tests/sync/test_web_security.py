"""The district web view sends the usual protections, marks its cookies Secure when the browser
came over HTTPS (through a proxy trusted by a setting, never by default), and `/` leads to it."""

from __future__ import annotations

import httpx

from tests.support.server import ServerProcess
from tests.sync.district import PASSWORD, add_user


def test_every_page_and_answer_carries_the_protections(server, token):
    for path in ("/district/login", "/district/static/style.css", "/v1/hello", "/nowhere"):
        r = httpx.get(f"{server.url}{path}", headers={"Authorization": f"Bearer {token}"})
        h = r.headers
        assert h["x-content-type-options"] == "nosniff", path
        assert h["x-frame-options"] == "DENY" and h["referrer-policy"] == "same-origin", path
        csp = h["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path


def test_the_root_leads_to_the_web_view(server):
    r = httpx.get(f"{server.url}/", follow_redirects=False)
    assert r.status_code in (302, 303, 307) and r.headers["location"] == "/district/"


def sign_in(url: str, https: bool) -> httpx.Response:
    headers = {"X-Forwarded-Proto": "https"} if https else {}
    return httpx.post(f"{url}/district/login", headers=headers, follow_redirects=False,
                      data={"login": "aidos", "password": PASSWORD, "next": "/district/"})  # fmt: skip


def cookie_of(r: httpx.Response) -> str:
    assert r.status_code == 303, r.text
    return next(v for k, v in r.headers.multi_items() if k == "set-cookie" and "akd_session" in v)


def test_the_session_cookie_is_secure_over_https_behind_a_trusted_proxy(server, server_db):
    add_user(server_db, "aidos")
    # Not trusted by default: anyone could send the header.
    assert "secure" not in cookie_of(sign_in(server.url, https=True)).lower()
    behind = ServerProcess(server_db, extra=("--trusted-proxy", "127.0.0.1")).start()
    try:
        over_https = cookie_of(sign_in(behind.url, https=True))
        assert "secure" in over_https.lower() and "httponly" in over_https.lower()
        assert "secure" not in cookie_of(sign_in(behind.url, https=False)).lower()
        lang = httpx.get(f"{behind.url}/district/lang/ru", headers={"X-Forwarded-Proto": "https"},
                         follow_redirects=False)  # fmt: skip
        assert "secure" in lang.headers["set-cookie"].lower()
    finally:
        behind.stop()
