"""Who may reach the web app: the access token, the Host allow-list, methods, ids and the CSP."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from typer.testing import CliRunner
from webstore import BASE

from framelens.cli import app as cli_app
from framelens.errors import UsageError
from framelens.web import WebOptions, create_app
from framelens.web.security import TOKEN_COOKIE, RedactToken, host_allowed, redact
from framelens.web.server import check_access, published_hosts

TOKEN = "s3cret-token_for.tests~0123"


@pytest.fixture(scope="module")
def locked(store_path: Path) -> Iterator[TestClient]:
    app = create_app(store_path, options=WebOptions(story_cache=2), token=TOKEN)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


def test_without_the_token_every_path_is_401(locked: TestClient) -> None:
    locked.cookies.clear()
    for path in ("/", "/index.json", "/static/web.css", "/story/1", "/no/such/page"):
        response = locked.get(path)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "content-security-policy" in response.headers
    assert "needs its access token" in locked.get("/index.json").json()["error"]["message"]
    assert "Traceback" not in locked.get("/").text
    wrong = {"authorization": "Bearer " + TOKEN[:-1] + "x"}
    assert locked.get("/index.json", headers=wrong).status_code == 401
    locked.cookies.set(TOKEN_COOKIE, "nope")
    assert locked.get("/index.json").status_code == 401
    locked.cookies.clear()
    assert locked.get("/index.json?token=" + TOKEN.upper()).status_code == 401


def test_a_bearer_header_opens_the_json(locked: TestClient) -> None:
    locked.cookies.clear()
    response = locked.get("/index.json", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["corpus"]["articles"] == 13


def test_the_token_link_sets_a_strict_httponly_cookie_and_leaves_the_url(locked: TestClient) -> None:
    locked.cookies.clear()
    response = locked.get(f"/search?q=Velka&token={TOKEN}&size=2")
    assert response.status_code == 303
    assert response.headers["location"] == "/search?q=Velka&size=2"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    # the client keeps the cookie, as a browser does
    page = locked.get(response.headers["location"])
    assert page.status_code == 200 and "Velka" in page.text
    assert locked.get("/static/web.css").status_code == 200


def test_the_token_link_never_redirects_to_another_site() -> None:
    import asyncio

    from framelens.web.render import error_page
    from framelens.web.security import TokenGate

    sent: list[dict[str, object]] = []

    async def never(scope: object, receive: object, send: object) -> None:
        raise AssertionError("the gate answers this itself")

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "//attacker.example/x",
        "raw_path": b"//attacker.example/x",
        "query_string": f"token={TOKEN}".encode(),
        "headers": [(b"host", b"127.0.0.1")],
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "root_path": "",
    }
    asyncio.run(TokenGate(never, TOKEN, error_page)(scope, receive, send))
    headers = dict(sent[0]["headers"])  # type: ignore[call-overload]
    assert sent[0]["status"] == 303 and headers[b"location"] == b"/attacker.example/x"


def test_the_token_is_not_logged() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s"',
        ("1.2.3.4", "GET", f"/?token={TOKEN}&q=a"),
        None,
    )
    RedactToken().filter(record)
    assert TOKEN not in record.getMessage() and "token=***&q=a" in record.getMessage()
    assert redact(f"/x?q=1&token={TOKEN}") == "/x?q=1&token=***"


@pytest.mark.parametrize(
    ("host", "allowed", "arrived_on", "ok"),
    [
        ("127.0.0.1:8000", ("127.0.0.1",), "127.0.0.1", True),
        ("[::1]:8000", ("::1",), "::1", True),
        ("LOCALHOST", ("localhost",), None, True),
        ("attacker.example", ("localhost",), "127.0.0.1", False),
        ("reader.newsroom.org", ("*.newsroom.org",), None, True),
        ("newsroom.org.attacker.example", ("*.newsroom.org",), None, False),
        ("10.0.0.5:8000", (), "10.0.0.5", True),  # the address the request came in on
        ("10.0.0.6:8000", (), "10.0.0.5", False),
        ("", ("localhost",), "127.0.0.1", False),
    ],
)
def test_host_allow_list(host: str, allowed: tuple[str, ...], arrived_on: str | None, ok: bool) -> None:
    assert host_allowed(host, allowed, arrived_on) is ok


def test_a_foreign_host_name_is_refused_with_a_hint(client: TestClient) -> None:
    response = client.get("/index.json", headers={"host": "rebind.attacker.example"})
    assert response.status_code == 400
    assert "--allow-host" in response.json()["error"]["message"]


def test_published_hosts_name_this_machine_for_a_wildcard() -> None:
    import socket

    assert socket.gethostname().lower() in published_hosts("0.0.0.0")
    assert published_hosts("192.168.1.5", ("news.lan",)) == ("news.lan", "192.168.1.5")


def test_off_loopback_a_token_is_required(store_path: Path) -> None:
    with pytest.raises(UsageError, match="needs an access token"):
        check_access("0.0.0.0", None)
    with pytest.raises(UsageError, match="at least 16 characters"):
        check_access("127.0.0.1", "short")
    with pytest.raises(UsageError, match="only letters"):
        check_access("0.0.0.0", "a token with spaces in it")
    check_access("127.0.0.1", None)
    check_access("0.0.0.0", TOKEN)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path), "--host", "0.0.0.0"], env={})
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "needs an access token" in lines[0] and "FRAMELENS_TOKEN" in lines[0]
    # an empty FRAMELENS_TOKEN is no token, not a too-short one
    empty = CliRunner().invoke(
        cli_app, ["serve", "--db", str(store_path), "--host", "0.0.0.0"], env={"FRAMELENS_TOKEN": ""}
    )
    assert empty.exit_code == 2 and "needs an access token" in empty.output


def test_head_is_answered_and_405_names_the_methods(client: TestClient) -> None:
    got = client.get("/index.json")
    head = client.head("/index.json")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert client.head("/static/web.css").status_code == 200
    for method in ("POST", "PUT", "DELETE"):
        response = client.request(method, "/")
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, HEAD"
        assert "Traceback" not in response.text


@pytest.mark.parametrize("ref", ["²", "١٢", "１", "12a", "+1", " 1"])
def test_ids_that_are_not_ascii_digits_are_404(client: TestClient, ref: str) -> None:
    for route in ("/story/", "/article/", "/actor/"):
        response = client.get(route + ref)
        assert response.status_code == 404, (route, ref, response.text[:200])
        assert client.get(route + ref + ".json").json()["error"]["status"] == 404


def _script_hashes(page: str) -> set[str]:
    tree = lxml_html.document_fromstring(page)
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256((s.text or "").encode()).digest()).decode() + "'"
        for s in tree.xpath("//script[not(@src)]")
    }


def test_inline_scripts_are_allowed_by_hash_not_unsafe_inline(client: TestClient) -> None:
    story = client.get("/index.json").json()["stories"][0]
    response = client.get(f"/story/{story['id']}")
    assert response.status_code == 200
    script_src = re.search(r"script-src ([^;]*)", response.headers["content-security-policy"])
    assert script_src is not None
    sources = script_src.group(1).split()
    assert "'unsafe-inline'" not in sources
    hashes = _script_hashes(response.text)
    assert hashes and hashes <= set(sources)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_on_all_addresses_needs_the_token_and_a_known_host(store_path: Path) -> None:
    port = _free_port()
    exe = Path(sys.executable).with_name("framelens")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]
    server = subprocess.Popen(
        [*command, "serve", "--db", str(store_path), "--host", "0.0.0.0", "--port", str(port)],
        env={**os.environ, "HF_HUB_OFFLINE": "1", "FRAMELENS_TOKEN": TOKEN},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = httpx.get(f"{url}/index.json", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.2)
        assert first.status_code == 401
        bearer = {"authorization": f"Bearer {TOKEN}"}
        assert httpx.get(f"{url}/index.json", headers=bearer).json()["corpus"]["articles"] == 13
        rebound = httpx.get(f"{url}/index.json", headers={**bearer, "host": f"rebind.example:{port}"})
        assert rebound.status_code == 400
        link = httpx.get(f"{url}/?token={TOKEN}")
        assert link.status_code == 303 and TOKEN_COOKIE in link.headers["set-cookie"]
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    logged = stdout + stderr  # uvicorn's access log goes to stdout
    assert "Traceback" not in logged and "token=***" in logged and TOKEN not in logged
