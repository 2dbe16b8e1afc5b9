"""The command line through its entry point: exit codes, one stderr line per bad input, output formats."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from framelens import __version__
from framelens.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOOD = (
    "The council voted on Tuesday to close the old river bridge for repairs, officials said.\n\n"
    "Residents who cross it daily said the closure would add twenty minutes to their commute."
)


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD)
    return path


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# --- help, version, usage ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("extract",),
        ("analyze",),
        ("compare",),
        ("ingest",),
        ("export",),
        ("stories",),
        ("fetch",),
        ("watch",),
        ("eval",),
        ("eval", "extraction"),
        ("eval", "newsmtsc"),
        ("eval", "propaganda"),
        ("eval", "fnc1"),
        ("eval", "clustering"),
        ("eval", "convert-clustering"),
        ("eval", "actors"),
    ],
)
def test_every_command_help_has_an_example(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert f"Example: framelens {' '.join(command)}" in " ".join(result.stdout.split())


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example: framelens compare" in result.stdout


def test_extract_help_has_an_example() -> None:
    result = run("extract", "--help")
    assert result.exit_code == 0
    assert "Example: framelens extract examples/ --format jsonl -o articles.jsonl" in result.stdout
    assert "Exit status" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"framelens {__version__}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract"], "Missing argument"),
        (["extract", "x.txt", "--format", "xml"], "'xml' is not one of"),
        (["extract", "x.txt", "--max-bytes", "lots"], "Invalid value for '--max-bytes'"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


# --- bad inputs: one line each, the rest still read ---------------------------------------


def _warc_with_only_images(path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://example.org/a.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=http
    )
    writer.write_record(record)
    path.write_bytes(buf.getvalue())


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:
        fh.truncate(size)


BadInput = Callable[[Path], tuple[str, str]]


def _binary(tmp: Path) -> tuple[str, str]:
    (tmp / "blob.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00" + bytes(range(256)))
    return str(tmp / "blob.txt"), "is binary data (NUL bytes), not text"


def _empty(tmp: Path) -> tuple[str, str]:
    (tmp / "empty.txt").write_bytes(b"")
    return str(tmp / "empty.txt"), "is empty (0 bytes)"


def _whitespace(tmp: Path) -> tuple[str, str]:
    (tmp / "blank.md").write_text("  \n\n \t\n")
    return str(tmp / "blank.md"), "is empty (no text)"


def _malformed_html(tmp: Path) -> tuple[str, str]:
    (tmp / "cut.html").write_text("<html><head><title>Bridge</ti")
    return str(tmp / "cut.html"), ""


def _huge(tmp: Path) -> tuple[str, str]:
    _sparse(tmp / "huge.txt", 50_000_000)
    return str(tmp / "huge.txt"), "larger than the 20 MB limit for one document"


def _huge_gz(tmp: Path) -> tuple[str, str]:
    (tmp / "huge.html.gz").write_bytes(gzip.compress(b" " * 50_000_000, compresslevel=1))
    return str(tmp / "huge.html.gz"), "larger than the 20 MB limit for one document"


def _unknown(tmp: Path) -> tuple[str, str]:
    (tmp / "report.pdf").write_bytes(b"%PDF-1.7")
    return str(tmp / "report.pdf"), "unknown file type; framelens reads"


def _fifo(tmp: Path) -> tuple[str, str]:
    os.mkfifo(tmp / "pipe.txt")
    return str(tmp / "pipe.txt"), "is not a regular file"


def _dir_named_txt(tmp: Path) -> tuple[str, str]:
    (tmp / "x.txt").mkdir()
    return str(tmp / "x.txt"), "is a folder with no files framelens reads"


def _missing(tmp: Path) -> tuple[str, str]:
    return str(tmp / "nowhere.txt"), "no such file or directory"


def _no_glob_match(tmp: Path) -> tuple[str, str]:
    return str(tmp / "*.html"), "the pattern matches no files"


def _bad_jsonl_line(tmp: Path) -> tuple[str, str]:
    lines = [json.dumps({"text": GOOD.replace("bridge", "road")}), '{"text": oops}']
    (tmp / "rows.jsonl").write_text("\n".join(lines) + "\n")
    return f"{tmp / 'rows.jsonl'}:2", "is not valid JSON (Expecting value at column 10)"


def _csv_without_text(tmp: Path) -> tuple[str, str]:
    (tmp / "meta.csv").write_text("a,b,c\n1,2,3\n")
    return str(tmp / "meta.csv"), "has no text or html column; columns are: a, b, c"


def _warc_without_html(tmp: Path) -> tuple[str, str]:
    _warc_with_only_images(tmp / "images.warc")
    return str(tmp / "images.warc"), "contains no HTML response records (1 record(s) of other types)"


def _bad_gzip(tmp: Path) -> tuple[str, str]:
    (tmp / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    return str(tmp / "broken.txt.gz"), "is not valid gzip data"


BAD_INPUTS: dict[str, BadInput] = {
    "binary": _binary,
    "empty": _empty,
    "whitespace-only": _whitespace,
    "malformed-html": _malformed_html,
    "50MB": _huge,
    "50MB-gunzipped": _huge_gz,
    "unknown-extension": _unknown,
    "fifo": _fifo,
    "directory-named-x.txt": _dir_named_txt,
    "missing": _missing,
    "glob-no-match": _no_glob_match,
    "invalid-jsonl-line": _bad_jsonl_line,
    "csv-without-text": _csv_without_text,
    "warc-without-html": _warc_without_html,
    "bad-gzip": _bad_gzip,
}


@pytest.mark.parametrize("make", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_gives_one_line_and_the_rest_is_read(tmp_path: Path, make: BadInput) -> None:
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    source, problem = make(bad_dir)
    arg = source.rsplit(":", 1)[0] if source.endswith(":2") else source
    good = good_file(tmp_path)
    result = run("extract", arg, str(good), "--format", "jsonl")
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"error: {source}: {problem}"), lines[0]
    assert lines[1].startswith("1 input failed, ")
    assert "Traceback" not in result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources[-1] == str(good)


def test_permission_denied_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD)

    def deny(path: object, *args: object, **kwargs: object) -> object:
        if Path(str(path)) == secret:
            raise PermissionError(13, "Permission denied")
        return open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("framelens.readers.inputs.open", deny, raising=False)
    good = good_file(tmp_path)
    result = run("extract", str(secret), str(good), "-f", "jsonl")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"error: {secret}: cannot be read: permission denied",
        "1 input failed, 1 article extracted",
    ]


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads files whatever their mode; see the monkeypatch test"
)
def test_chmod_000_through_the_cli(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0)
    result = run("extract", str(secret))
    assert result.exit_code == 1
    assert error_lines(result)[0] == f"error: {secret}: cannot be read: permission denied"


def test_all_good_exits_0_with_nothing_on_stderr(tmp_path: Path) -> None:
    result = run("extract", str(good_file(tmp_path)))
    assert result.exit_code == 0
    assert result.stderr == ""
    [record] = json.loads(result.stdout)
    assert record["text"] == GOOD


def test_many_failures_are_counted(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.exit_code == 1
    assert error_lines(result)[-1] == "2 inputs failed, 0 articles extracted"
    assert json.loads(result.stdout) == []


# --- output -----------------------------------------------------------------------------


def test_jsonl_output_in_input_order_with_the_fields(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(GOOD)
    (tmp_path / "a.md").write_text(
        "# Road works\n\nThe road past the school will be resurfaced in May, the council said."
    )
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        json.dumps(
            {
                "text": "Shop owners near the bridge feared a drop in trade during the six months of work.",
                "title": "Traders worried",
                "authors": "Ann Lee; Bo Chen",
                "date": "6 March 2024",
                "outlet": "Riverside Gazette",
            }
        )
        + "\n"
    )
    result = run("extract", str(tmp_path / "b.txt"), str(rows), str(tmp_path / "a.md"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(tmp_path / "b.txt"), f"{rows}:1", str(tmp_path / "a.md")]
    for record in records:
        assert {"source", "title", "authors", "published", "outlet", "text", "removed"} <= set(record)
    assert {k: records[1][k] for k in ("title", "authors", "published", "outlet")} == {
        "title": "Traders worried",
        "authors": ["Ann Lee", "Bo Chen"],
        "published": "2024-03-06",
        "outlet": "Riverside Gazette",
    }
    assert records[2]["title"] == "Road works"


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "articles.jsonl"
    out.parent.mkdir()
    result = run("extract", str(good_file(tmp_path)), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote 1 article to {out}\n"
    [line] = out.read_text().splitlines()
    assert json.loads(line)["text"] == GOOD


def test_output_file_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    result = run("extract", str(good_file(tmp_path)), "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.exit_code == 2
    assert error_lines(result)[0].startswith(
        f"error: {tmp_path / 'no' / 'such' / 'dir.json'}: cannot be written"
    )


def test_text_format(tmp_path: Path) -> None:
    result = run("extract", str(good_file(tmp_path)), "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.startswith("# (untitled)\nsource: ")
    assert GOOD in result.stdout


def test_stdin(tmp_path: Path) -> None:
    result = run("extract", "-", "-f", "jsonl", stdin=GOOD.encode("utf-16"))
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["source"], record["text"]) == ("<stdin>", GOOD)


def test_stdin_jsonl_gzipped() -> None:
    rows = "".join(json.dumps({"text": f"{GOOD} Row {i}."}) + "\n" for i in range(3))
    result = run("extract", "-", "-f", "jsonl", stdin=gzip.compress(rows.encode()))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        "<stdin>:1",
        "<stdin>:2",
        "<stdin>:3",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss für Reparaturen zu "
            "sperren. Anwohner sagten, die Sperrung verlängere ihren Arbeitsweg um zwanzig Minuten.",
            "de",
        ),
        (
            "Le conseil municipal a voté mardi la fermeture du vieux pont pour des travaux de réparation. "
            "Les habitants ont déclaré que la fermeture rallongerait leur trajet de vingt minutes.",
            "fr",
        ),
    ],
)
def test_non_english_is_kept_with_a_warning(tmp_path: Path, text: str, language: str) -> None:
    path = tmp_path / f"{language}.txt"
    path.write_text(text, encoding="latin-1" if language == "fr" else "utf-8")
    result = run("extract", str(path), "-f", "jsonl")
    assert result.exit_code == 0
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["language"], record["text"]) == (language, text)
    assert error_lines(result) == [
        f"warning: {path}: language detected as '{language}'; framelens's analysis is tuned for English"
    ]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("latin-1", b""), ("cp1252", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_encodings_through_the_cli(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "The café owner said “we will reopen” after the bridge closes — residents’ views were mixed."
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("—", "-").replace("’", "'")
    path = tmp_path / "enc.txt"
    path.write_bytes(prefix + text.encode(encoding))
    result = run("extract", str(path), "-f", "jsonl")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == text


# --- the real executable: exit codes and stderr as a shell sees them --------------------------


def _framelens() -> list[str]:
    exe = Path(sys.executable).with_name("framelens")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]


def test_subprocess_exit_codes_and_stderr(tmp_path: Path) -> None:
    good = good_file(tmp_path)
    (tmp_path / "bad.jsonl").write_text('{"text": \n')
    ok = subprocess.run([*_framelens(), "extract", str(good), "-f", "jsonl"], capture_output=True, text=True)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert json.loads(ok.stdout)["source"] == str(good)
    mixed = subprocess.run(
        [*_framelens(), "extract", str(tmp_path / "bad.jsonl"), str(tmp_path / "missing.txt"), str(good)],
        capture_output=True,
        text=True,
    )
    assert mixed.returncode == 1
    assert mixed.stderr.splitlines() == [
        f"error: {tmp_path / 'bad.jsonl'}:1: is not valid JSON (Expecting value at column 10)",
        f"error: {tmp_path / 'missing.txt'}: no such file or directory",
        "2 inputs failed, 1 article extracted",
    ]


def test_subprocess_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([*_framelens(), "extract"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Missing argument" in result.stderr
    assert "Traceback" not in result.stderr


# --- progress bar: only on a terminal, only for more than a few inputs ------------------------


def _extract_with_stderr_on(terminal: bool, paths: list[Path], out: Path) -> tuple[int, str]:
    """Run ``framelens extract`` with stderr on a pseudo-terminal (or a pipe); what stderr showed."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR", "TTY_INTERACTIVE"}}
    env.update(TERM="xterm", COLUMNS="100", LINES="30")
    args = [*_framelens(), "extract", *map(str, paths), "-f", "jsonl"]
    with out.open("w") as stdout:
        if not terminal:
            proc = subprocess.run(args, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120)
            return proc.returncode, proc.stderr.decode()
        master, slave = pty.openpty()
        try:
            child = subprocess.Popen(args, stdout=stdout, stderr=slave, env=env)
            os.close(slave)
            shown = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed its end of the terminal
                    break
                if not chunk:
                    break
                shown += chunk
            return child.wait(timeout=120), shown.decode("utf-8", "replace")
        finally:
            os.close(master)


@pytest.mark.parametrize(
    ("terminal", "inputs", "bar"),
    [(True, 6, True), (True, 2, False), (False, 6, False)],
    ids=["terminal-6-inputs", "terminal-2-inputs", "pipe-6-inputs"],
)
def test_progress_bar_only_on_a_terminal_for_many_inputs(
    tmp_path: Path, terminal: bool, inputs: int, bar: bool
) -> None:
    paths = []
    for i in range(inputs):
        path = tmp_path / f"story{i}.txt"
        path.write_text(GOOD.replace("twenty", f"{20 + i}"))
        paths.append(path)
    out = tmp_path / "out.jsonl"
    code, shown = _extract_with_stderr_on(terminal, paths, out)
    assert code == 0, shown
    assert len(out.read_text().splitlines()) == inputs
    assert ("reading" in shown) is bar, shown
    assert (f"{inputs}/{inputs}" in shown) is bar, shown
    if not bar:
        assert shown == ""
