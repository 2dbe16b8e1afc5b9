"""A folder of hostile inputs, written by the tests that need it (nothing is checked in).

Each file is one way real input goes wrong; ``HOSTILE`` says which of them are bad for a
command (one error line each) and which must still give articles.
"""

from __future__ import annotations

import gzip
import io
import os
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GOOD_TEXT = (
    "Police detained opposition leader Elena Vostrikova in Liberty Square on Saturday, "
    "witnesses said.\n\nThe interior minister, Tomas Reyl, said nobody was arrested for "
    "their opinions. Civic Watch Meridia called the detention a serious blow to the right "
    "of assembly.\n\nThe Renewal Party has called a second march for next Saturday.\n"
)

_WORDS = [
    "the",
    "council",
    "river",
    "market",
    "harbour",
    "winter",
    "bridge",
    "school",
    "road",
    "village",
    "farmers",
    "crowd",
    "evening",
    "morning",
    "quietly",
    "slowly",
    "walked",
    "talked",
    "waited",
    "built",
    "opened",
    "closed",
    "spoke",
    "about",
    "across",
    "under",
    "beside",
    "toward",
    "green",
    "old",
    "new",
    "small",
    "long",
    "narrow",
    "busy",
]


def prose(chars: int, seed: int = 7) -> str:
    """Ordinary paragraphs of plain sentences, about ``chars`` characters long."""
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < chars:
        sentences = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
            for _ in range(rng.randint(3, 6))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def _article(topic: str) -> str:
    return (
        f"The {topic} committee met in Dunmere on Monday to discuss the new budget plan. "
        f"Members of the {topic} committee said the plan needed more time.\n\n"
        f"Anna Varga, who chairs the {topic} committee, said the vote would come next week.\n"
    )


def _warc(records: list[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
        )
    return out.getvalue()


def _page(title: str, body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{paras}</article></body></html>"


#: file -> what each command must say about it: "ok" (gives articles), "bad" (one error
#: line naming it) or "part" (gives articles and error lines naming it: bad rows of a dump)
HOSTILE: dict[str, dict[str, str]] = {
    "good.txt": {"extract": "ok", "analyze": "ok"},
    "hugeline.txt": {"extract": "ok", "analyze": "bad"},
    "prose.txt": {"extract": "ok", "analyze": "ok"},
    "divs.html": {"extract": "bad", "analyze": "bad"},
    "utf16.txt": {"extract": "ok", "analyze": "ok"},
    "latin1.txt": {"extract": "ok", "analyze": "ok"},
    "bomb.txt.gz": {"extract": "bad", "analyze": "bad"},
    "truncated.txt.gz": {"extract": "bad", "analyze": "bad"},
    "truncated.warc.gz": {"extract": "part", "analyze": "part"},
    "bigfield.csv": {"extract": "ok", "analyze": "part"},
    "broken.jsonl": {"extract": "part", "analyze": "part"},
    "control.txt": {"extract": "ok", "analyze": "ok"},
    "dangling.txt": {"extract": "bad", "analyze": "bad"},
}

#: characters of the long ordinary article: over spaCy's 1,000,000-character limit
PROSE_CHARS = 1_600_000


def write_hostile(folder: Path) -> Path:
    """Write the hostile inputs (and the good ones) into ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "hugeline.txt").write_text("word " * 420_000 + "\n", encoding="utf-8")  # 2.1 MB, one line
    (folder / "prose.txt").write_text(prose(PROSE_CHARS), encoding="utf-8")
    (folder / "divs.html").write_text(
        "<html><body>" + "<div>" * 50_000 + "deep text " * 20 + "</div>" * 50_000 + "</body></html>"
    )
    (folder / "utf16.txt").write_bytes(_article("harbour").encode("utf-16"))
    (folder / "latin1.txt").write_bytes(_article("café façade").encode("latin-1"))
    # 256 MB of spaces decompressed, written a megabyte at a time (about 250 KB on disk)
    with gzip.open(folder / "bomb.txt.gz", "wb", compresslevel=1) as bomb:
        chunk = b" " * (1 << 20)
        for _ in range(256):
            bomb.write(chunk)
    whole = gzip.compress((_article("school") * 40).encode())
    (folder / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    warc = _warc(
        [
            ("https://example.org/a", _page("Bridge", _article("bridge"))),
            ("https://example.org/b", _page("Market", _article("market") * 30)),
        ]
    )
    (folder / "truncated.warc.gz").write_bytes(warc[: len(warc) - 300])
    (folder / "bigfield.csv").write_text(
        f'title,text\nRoad works,"{_article("road")}"\nHuge,"{"x" * 3_000_000}"\n',
        encoding="utf-8",
    )
    (folder / "broken.jsonl").write_text(
        '{"title": "Farm", "text": ' + repr(_article("farm")).replace("'", '"') + "}\n"
        '{"title": "cut off", "text": \n'
        "[1, 2, 3]\n"
        '"just a string"\n'
        "null\n",
        encoding="utf-8",
    )
    (folder / "control.txt").write_text(
        _article("winter").replace("committee", "comm\x01ittee\x1b[2J", 1) + "\x07\x08\x7f\x9b\n",
        encoding="utf-8",
    )
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    return folder
