"""The web app through TestClient: every route and its JSON twin, errors, bounds and safety."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from webstore import BASE, HOSTILE_OUTLET, HOSTILE_TITLE

from framelens.errors import StoreError
from framelens.store import Store
from framelens.store.duck import CONFIG
from framelens.web import WebOptions, create_app, pages
from framelens.web import app as web_app
from framelens.web.security import security_headers

INJECTION = "'; drop table articles; --"


def _json(client: TestClient, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def _html(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def _first_story(client: TestClient) -> dict[str, Any]:
    return _json(client, "/index.json")["stories"][0]


def _velka_article(client: TestClient) -> str:
    return str(_json(client, "/search.json?q=Velka")["results"][0]["id"])


def test_index_lists_stories_by_size_with_its_twins(client: TestClient) -> None:
    data = _json(client, "/index.json")
    assert data["corpus"] == {"articles": 13, "stories": 4, "outlets": 4}
    sizes = [s["size"] for s in data["stories"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == 13
    assert _json(client, "/.json") == data
    by_accept = client.get("/", headers={"accept": "application/json"})
    assert by_accept.headers["content-type"].startswith("application/json") and by_accept.json() == data
    page = _html(client, "/")
    assert all(f'href="/story/{s["id"]}"' in page for s in data["stories"])
    recent = _json(client, "/index.json?sort=recent")["stories"]
    ends = [s["last_at"] for s in recent]
    assert ends == sorted(ends, reverse=True)


def test_index_pages_are_bounded_and_linked(client: TestClient) -> None:
    first = _json(client, "/index.json?size=3")
    assert len(first["stories"]) == 3
    assert first["paging"] == {
        "page": 1,
        "size": 3,
        "total": 4,
        "pages": 2,
        "next": "/index.json?sort=size&page=2&size=3",
        "previous": None,
    }
    second = _json(client, first["paging"]["next"])
    assert len(second["stories"]) == 1 and second["paging"]["next"] is None
    assert {s["id"] for s in first["stories"]}.isdisjoint(s["id"] for s in second["stories"])
    assert _json(client, "/index.json?page=50")["stories"] == []
    assert "page=2" in _html(client, "/?size=3")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("size=101", "size must be from 1 to 100"),
        ("size=0", "size must be from 1 to 100"),
        ("size=abc", "size must be a whole number"),
        ("page=0", "page must be from 1"),
        ("page=99999999999999999999", "page must be from 1"),
        ("sort=name", "sort must be one of recent, size"),
    ],
)
def test_bad_parameters_are_400_pages(client: TestClient, query: str, message: str) -> None:
    assert message in _json(client, f"/index.json?{query}", 400)["error"]["message"]
    page = _html(client, f"/?{query}", 400)
    assert message in page and "bad request" in page and "Traceback" not in page


def test_search_finds_articles_and_gives_their_story(client: TestClient) -> None:
    data = _json(client, "/search.json?q=Velka flood")
    assert data["paging"]["total"] >= 3 and data["query"] == "Velka flood"
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(r["story_id"] is not None and "Velka" in (r["title"] + r["lead"]) for r in data["results"][:3])
    page = _html(client, "/search?q=Velka+flood")
    assert f'href="/article/{data["results"][0]["id"]}"' in page
    assert 'value="Velka flood"' in page
    paged = _json(client, "/search.json?q=Velka&size=1&page=2")
    assert len(paged["results"]) == 1 and paged["paging"]["previous"] == "/search.json?q=Velka&page=1&size=1"


def test_search_without_query_is_the_form_and_a_long_one_is_refused(client: TestClient) -> None:
    assert _json(client, "/search.json")["results"] == []
    assert "Type words" in _html(client, "/search?q=")
    assert "at most 200 characters" in _json(client, "/search.json?q=" + "a" * 201, 400)["error"]["message"]


def test_search_is_parameterised(client: TestClient, store_path: Path) -> None:
    data = _json(client, "/search.json?q=" + INJECTION)
    assert data["query"] == INJECTION and isinstance(data["results"], list)
    assert _html(client, "/search", 200) and _json(client, "/index.json")["corpus"]["articles"] == 13
    for path in (f"/actor/{INJECTION}.json", f"/article/{INJECTION}.json"):
        assert _json(client, path, 404)["error"]["status"] == 404
    con = duckdb.connect(str(store_path), read_only=True, config=CONFIG)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(13,)]
    finally:
        con.close()


def test_markup_in_stored_text_is_escaped(client: TestClient) -> None:
    page = _html(client, "/search?q=bridges")
    assert HOSTILE_TITLE not in page and "&lt;script&gt;" in page
    assert HOSTILE_OUTLET not in page and "Metro &lt;b&gt;Daily&lt;/b&gt;" in page
    hit = next(r for r in _json(client, "/search.json?q=bridges")["results"] if r["title"] == HOSTILE_TITLE)
    assert "<script>alert" not in _html(client, f"/article/{hit['id']}")


def test_story_page_is_the_comparison_report_and_is_cached(client: TestClient) -> None:
    story = _first_story(client)
    page = _html(client, f"/story/{story['id']}")
    assert 'id="framelens-nav"' in page and page.index('id="framelens-nav"') < page.index("<h1")
    assert "coverage compared across" in page
    start = time.perf_counter()
    data = _json(client, f"/story/{story['id']}.json")
    assert time.perf_counter() - start < 1.0  # served from the cache
    assert data["story"]["id"] == story["id"] and data["notice"] is None
    assert len(data["report"]["articles"]) == story["size"]
    assert {m["article_id"] for m in data["members"]} >= {a["id"] for a in data["report"]["articles"]}
    by_accept = client.get(f"/story/{story['id']}", headers={"accept": "application/json"})
    assert by_accept.json()["report"] == data["report"]
    assert any(key[0] == story["id"] for key in client.app.state.web.reports._items)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/story/9999", 404, "there is no story 9999"),
        ("/story/abc", 404, "a story id is a whole number"),
        ("/story/-1", 404, "a story id is a whole number"),
        ("/story/99999999999999999999999", 404, "a story id is a whole number"),
        ("/article/0000000000000000", 404, "there is no article"),
        ("/actor/nobody-at-all", 404, "names an actor"),
        ("/no/such/page", 404, "there is no such page"),
        ("/static/../../etc/passwd", 404, "there is no such page"),
        ("/static/report.css", 404, "there is no such file"),
    ],
)
def test_not_found_and_bad_ids(client: TestClient, path: str, status: int, message: str) -> None:
    page = _html(client, path, status)
    assert message in page and "Traceback" not in page
    twin = _json(client, path + ".json", status)
    assert twin["error"]["status"] == status
    by_accept = client.get(path, headers={"accept": "application/json"})
    assert by_accept.status_code == status and by_accept.json()["error"]["message"]


def test_large_story_is_left_to_the_command_line(store_path: Path, tmp_path: Path) -> None:
    # a store whose stories were grouped with a report limit of 1 article
    path = tmp_path / "large.duckdb"
    path.write_bytes(store_path.read_bytes())
    with Store(path) as store:
        store._con.execute("DELETE FROM story_reports")
    app = create_app(path, options=WebOptions(max_story_articles=1))
    with TestClient(app, base_url=BASE) as small:
        story = _first_story(small)
        data = _json(small, f"/story/{story['id']}.json")
        assert data["report"] is None and "framelens compare --db" in data["notice"]
        assert "framelens compare --db" in _html(small, f"/story/{story['id']}")


def test_article_page_summarises_the_analysis(client: TestClient) -> None:
    article_id = _velka_article(client)
    data = _json(client, f"/article/{article_id}.json")
    assert data["article"]["id"] == article_id and data["story"] is not None
    assert data["actors"] and all(a["tone"] in {"negative", "neutral", "positive"} for a in data["actors"])
    # the segments are the whole text, and each highlight is the exact text at its offsets
    segments = [seg for para in data["paragraphs"] for seg in para]
    assert "".join(s["text"] for s in segments).split() == data["text"].split()
    marked = [s for s in segments if "kind" in s]
    assert marked and all(data["text"][s["start"] : s["end"]] == s["text"] for s in marked)
    for label in data["labels"]:
        assert data["text"][label["start"] : label["end"]] == label["text"]
    page = _html(client, f"/article/{article_id}")
    assert f'href="/story/{data["story"]}"' in page and '<mark class="actor"' in page
    assert f'href="/actor/{data["actors"][0]["id"]}"' in page


def test_actor_page_shows_labels_and_tone_by_outlet(client: TestClient) -> None:
    data = _json(client, "/actor/irina-dostal.json")
    assert data["actor"]["name"] == "Irina Dostal" and data["actor"]["articles"] >= 3
    assert data["period"] == "day"
    assert data["tone"] and {r["outlet"] for r in data["tone"]} <= {
        "Harbor Times",
        "Northern Ledger",
        "Valley Post",
        HOSTILE_OUTLET,
    }
    assert sum(r["n"] for r in data["tone"]) == sum(
        r["negative"] + r["neutral"] + r["positive"] for r in data["tone"]
    )
    # as written in the articles ("Mayor Irina Dostal"), not lower-cased
    assert any(lab["label"] == "Mayor" for lab in data["labels"])
    assert data["chart"]["series"] and all(s["dots"] for s in data["chart"]["series"])
    assert len(data["articles"]) == data["paging"]["total"] == data["actor"]["articles"]
    page = _html(client, "/actor/irina-dostal")
    assert '<svg id="tone-chart"' in page and 'id="tone"' in page and "Mayor" in page
    assert _json(client, "/actor/irina-dostal.json?size=1")["paging"]["next"].startswith(
        "/actor/irina-dostal.json?page=2"
    )


def test_chart_geometry_stays_in_the_plot() -> None:
    import datetime as dt

    rows = [
        {"outlet": f"o{i % 10}", "period": dt.datetime(2031, 1, 1) + dt.timedelta(days=i), "n": 1, "mean": m}
        for i, m in enumerate([-1.0, 1.0, 0.0, 0.5, -0.5] * 4)
    ]
    rows.append({"outlet": "undated", "period": None, "n": 3, "mean": 0.2})
    chart = pages.chart(rows)
    plot = chart["plot"]
    assert len(chart["series"]) == pages.CHART_OUTLETS and "undated" not in {
        s["outlet"] for s in chart["series"]
    }
    for series in chart["series"]:
        for dot in series["dots"]:
            assert plot["left"] <= dot["x"] <= plot["right"] and plot["top"] <= dot["y"] <= plot["bottom"]
    assert pages.chart([])["series"] == []


def test_security_headers_and_loopback_host_only(client: TestClient) -> None:
    response = client.get("/")
    for name, value in security_headers().items():
        assert response.headers[name] == value
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/docs").status_code == 404 and client.get("/openapi.json").status_code == 404


def test_unexpected_errors_are_logged_and_answered_without_a_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(pages, "index_page", broken)
    with caplog.at_level(logging.ERROR, logger="framelens.web.app"):
        page = _html(client, "/", 500)
        data = _json(client, "/index.json", 500)
    assert "secret internal detail" not in page and "Traceback" not in page and "server error" in page
    assert data == {"error": {"status": 500, "message": "the server failed to answer this request"}}
    assert "secret internal detail" in caplog.text


def test_store_is_read_only(client: TestClient) -> None:
    state = client.app.state.web  # type: ignore[attr-defined]
    with state.reading() as cur:
        store = state.store_on(cur)
        assert store.read_only
        with pytest.raises(StoreError, match="read-only"):
            store.index_text()


def test_missing_and_locked_stores_are_clear_errors(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_app, "LOCK_WAIT_S", 0.5)  # the server waits this long for a writer
    with pytest.raises(StoreError, match="no store at"):
        create_app(tmp_path / "absent.duckdb")
    locked = tmp_path / "locked.duckdb"
    locked.write_bytes(store_path.read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); sys.stdin.read()",
            str(locked),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="locked by a process writing to it"):
            create_app(locked)
    finally:
        holder.communicate("", timeout=20)
