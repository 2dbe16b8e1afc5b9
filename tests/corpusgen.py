"""A generated fictional news corpus: several events, each covered by several outlets.

Deterministic (seeded), so tests can state exact expectations.  Every event has its own
people, places, numbers and date; two events share a type (two floods, two strikes)
so that clustering must tell events apart, not topics.  Each article draws its own
choice and order of the event's sentences, with an outlet-specific headline.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from framelens.models import Article, article_id

OUTLETS = ("Harbor Times", "Northern Ledger", "Valley Post", "Coastal Herald", "Metro Daily", "River Gazette")


@dataclass(frozen=True)
class Event:
    key: str
    date: str
    titles: tuple[str, ...]
    sentences: tuple[str, ...]


EVENTS: tuple[Event, ...] = (
    Event(
        "flood-velka",
        "2031-03-02",
        (
            "Floods swamp Velka as river bursts banks",
            "Velka evacuates thousands after record flood",
            "Mayor Irina Dostal warns Velka flood will worsen",
        ),
        (
            "The Marn river burst its banks in Velka on Sunday, flooding the old town.",
            "Mayor Irina Dostal said 4,000 residents had been moved to shelters.",
            '"We have never seen water this high," Dostal told reporters outside the town hall.',
            "Rescue teams from Ostrelia pulled dozens of people from flooded homes.",
            "The regional weather office said more rain would fall on Velka until Tuesday.",
            "Damage to bridges in Velka was estimated at 12 million dollars.",
            "Critics said the Velka council had ignored warnings about the ageing river walls.",
        ),
    ),
    Event(
        "flood-torun",
        "2031-06-18",
        (
            "Flash flood hits Torun mining district",
            "Torun miners trapped as flood waters rise",
            "Governor Pavel Remez declares emergency in Torun",
        ),
        (
            "A flash flood tore through the Torun mining district on Wednesday.",
            "Governor Pavel Remez declared a state of emergency across the Torun valley.",
            "Eleven miners were trapped underground when water filled the Kessel shaft.",
            '"Every pump we own is in that mine," Remez said at a briefing.',
            "The Kessel Mining Company said it had stopped all work in Torun.",
            "Union leader Marta Vell accused the company of skipping safety drills.",
            "Relatives of the trapped miners gathered at the Kessel gate through the night.",
        ),
    ),
    Event(
        "election-ostrelia",
        "2031-04-10",
        (
            "Lenart Vossberg wins Ostrelian election",
            "Vossberg's Unity Party takes majority in Ostrelia",
            "Ostrelia votes for change as Vossberg triumphs",
        ),
        (
            "Lenart Vossberg won the Ostrelian general election on Sunday.",
            "His Unity Party took 52 percent of the vote, according to the electoral commission.",
            "Outgoing prime minister Dana Kroll conceded defeat shortly after midnight.",
            '"Ostrelia has chosen a new road," Vossberg told supporters in Brenholm.',
            "Turnout reached 71 percent, the highest in two decades.",
            "Kroll's Liberal Alliance lost more than 30 seats in parliament.",
            "Observers from the Baltic Council said the vote was free and fair.",
        ),
    ),
    Event(
        "strike-port",
        "2031-05-20",
        (
            "Dockers strike shuts Port Aldern",
            "Port Aldern at standstill as dockers walk out",
            "Dock union chief Tomas Brek vows long strike",
        ),
        (
            "Dock workers at Port Aldern walked out on Monday in a dispute over pay.",
            "Union chief Tomas Brek said 2,500 members had joined the strike.",
            '"We will stay out until the port authority pays what it owes," Brek said.',
            "More than 40 container ships were waiting outside Port Aldern by evening.",
            "The Aldern Port Authority called the strike illegal and threatened legal action.",
            "Retailers warned of empty shelves if the Port Aldern dispute lasted a week.",
            "Transport minister Elin Sarr urged both sides to return to talks.",
        ),
    ),
    Event(
        "strike-rail",
        "2031-09-03",
        (
            "Rail strike halts trains across Kardania",
            "Kardanian rail workers stop trains over safety",
            "Minister Oskar Lind condemns Kardanian rail strike",
        ),
        (
            "Rail workers across Kardania stopped all trains on Thursday.",
            "The Kardanian Rail Union said the strike was about safety after the Morrow crash.",
            "Union secretary Ida Falk said drivers would not work on broken signals.",
            '"Nobody should die on the way to work," Falk said in Morrow.',
            "Transport minister Oskar Lind called the strike reckless.",
            "About 300,000 commuters were stranded in the capital, Vesna.",
            "The state rail company said it had spent 80 million on new signals this year.",
        ),
    ),
    Event(
        "court-senn",
        "2031-07-22",
        (
            "High court frees journalist Mila Senn",
            "Court overturns Mila Senn conviction",
            "Mila Senn walks free after appeal ruling",
        ),
        (
            "The High Court in Brenholm overturned the conviction of journalist Mila Senn on Friday.",
            "Senn had served 14 months of a five-year sentence for publishing state documents.",
            "Judge Anton Hale said the trial had ignored evidence from the defence.",
            '"This is a victory for every reporter," Senn said outside the court.',
            "Prosecutor Ralf Dorn said his office would study the ruling.",
            "Press freedom groups had campaigned for Senn's release since her arrest.",
            "Senn's newspaper, the Brenholm Courier, said she would return to work.",
        ),
    ),
)


def _article(event: Event, outlet: str, rng: random.Random, index: int) -> dict[str, str]:
    sentences = list(event.sentences)
    rng.shuffle(sentences)
    chosen = sentences[: rng.randint(4, len(sentences))]
    day = int(event.date[-2:]) + rng.randint(0, 1)
    return {
        "id": f"{event.key}-{index}",
        "title": rng.choice(event.titles),
        "text": " ".join(chosen[:2]) + "\n\n" + " ".join(chosen[2:]),
        "date": f"{event.date[:-2]}{day:02d}",
        "outlet": outlet,
        "lang": "en",
        "cluster": event.key,
    }


def generate(per_event: int = 4, events: int = len(EVENTS), seed: int = 7) -> list[dict[str, str]]:
    """``per_event`` articles for each of the first ``events`` events, interleaved by event."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for i in range(per_event):
        for event in EVENTS[:events]:
            rows.append(_article(event, OUTLETS[i % len(OUTLETS)], rng, i))
    return rows


def syndicated_copy(row: dict[str, str], outlet: str) -> dict[str, str]:
    """A near-duplicate: the same text under another outlet's headline, with a credit line added."""
    text = row["text"] + f"\n\nFirst published by {row['outlet']}."
    return {
        **row,
        "id": row["id"] + "-copy",
        "outlet": outlet,
        "title": "Wire: " + row["title"],
        "text": text,
    }


def as_articles(rows: list[dict[str, str]]) -> list[Article]:
    """The rows as Articles, with the ids framelens gives their texts (no reading step)."""
    return [
        Article(
            id=article_id(r["text"]),
            source=r["id"],
            text=r["text"],
            title=r["title"],
            outlet=r["outlet"],
            published=r["date"],
        )
        for r in rows
    ]


def write_jsonl(rows: list[dict[str, str]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
