"""Metadata written into article text: bylines, bio lines, datelines and dates."""

from __future__ import annotations

import pytest

from framelens.readers.textmeta import Byline, Dateline, parse_bio, parse_byline, parse_date, parse_dateline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Nadia Ferro", Byline(("Nadia Ferro",))),
        ("By Mara Quill and Dev Osei", Byline(("Mara Quill", "Dev Osei"))),
        ("By Mara Quill, Dev Osei & Ana de la Cruz", Byline(("Mara Quill", "Dev Osei", "Ana de la Cruz"))),
        ("By Mara Quill, Reuters", Byline(("Mara Quill",), outlet="Reuters")),
        ("By Mara Quill, The Harbour Ledger", Byline(("Mara Quill",), outlet="The Harbour Ledger")),
        ("By Mara Quill, Senior Correspondent", Byline(("Mara Quill",))),
        ("BY MARA QUILL | March 11, 2031", Byline(("MARA QUILL",), published="2031-03-11")),
        ("Written by J. R. Osei", Byline(("J. R. Osei",))),
        ("By AP", Byline((), outlet="AP")),
        (
            "Reporting by Mara Quill in Port Marren; Additional reporting by Dev Osei; Editing by Sol Bay",
            Byline(("Mara Quill", "Dev Osei")),
        ),
    ],
)
def test_bylines(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "By the time troops arrived, the square was empty.",
        "By Monday, the pickets had doubled.",
        "By contrast, the ferry unions stayed at work.",
        "By law, the port must give 30 days' notice.",
        "By 2030 the cranes will run themselves.",
        "Byline",
        "The union was led by Bo Hadley.",
    ],
)
def test_prose_starting_with_by_is_no_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The Harbour Ledger, March 11, 2031", Dateline("2031-03-11", "The Harbour Ledger", 34)),
        ("Harbour Ledger, 11 March 2031", Dateline("2031-03-11", "Harbour Ledger", 29)),
        ("Published: Mar. 11, 2031", Dateline("2031-03-11", None, 24, labelled=True)),
        ("Updated March 11, 2031 10:40 a.m. GMT", Dateline("2031-03-11", None, 37, labelled=True)),
        ("Posted on 2031-03-11", Dateline("2031-03-11", None, 20, labelled=True)),
        ("Posted March 11", Dateline(None, None, 15, labelled=True)),
        ("Wednesday, March 11, 2031", Dateline("2031-03-11", None, 25)),
        ("11th March 2031", Dateline("2031-03-11", None, 15)),
        ("PORT MARREN (Reuters) — Dockers walked out.", Dateline(None, "Reuters", 24)),
        ("Port Marren (AP) - Dockers walked out.", Dateline(None, "AP", 19)),
        (
            "PORT MARREN, March 11, 2031 (Tessaly Press) — Dockers",
            Dateline("2031-03-11", "Tessaly Press", 46),
        ),
    ],
)
def test_datelines(line: str, expected: Dateline) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The strike began on March 11, 2031, after talks failed.",
        "The Harbour Party (THP) — a small group — backed the strike.",
        "March of the dockers",
        "May 2031 be better.",
    ],
)
def test_prose_is_no_dateline(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("January 16, 2020", "2020-01-16"),
        ("Jan. 16, 2020", "2020-01-16"),
        ("Sept 3 2031", "2031-09-03"),
        ("3 September 2031", "2031-09-03"),
        ("2031-9-3", "2031-09-03"),
        ("February 30, 2031", None),
        ("January 16", None),
        ("soon", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Odile Brandt is a maritime security analyst at the Fenwick Centre (FC).", "Odile Brandt"),
        ("Nadia Ferro is a labour economist at the Institute of Coastal Studies.", "Nadia Ferro"),
        ("Dev Osei has been a correspondent in Port Marren since 2029.", "Dev Osei"),
        ("Bo Hadley is the leader of the dockers' union.", None),
        ("The port authority is a public body.", None),
        ("It is a researcher's dream.", None),
        # news about someone, where a profession comes late in the clause, or a courtesy title names them
        (
            "Mr. Velk was facing an awkward task: chairing a debate that only two candidates would attend.",
            None,
        ),
        (
            "Ilse Marr was facing an awkward task: chairing a debate that only two candidates would attend.",
            None,
        ),
        ("Ms. Petrova is a senior fellow at the Halden Institute.", None),
        ("Ana Petrova is a senior maritime security fellow at the Halden Institute.", "Ana Petrova"),
    ],
)
def test_bio_lines(text: str, name: str | None) -> None:
    assert parse_bio(text) == name
