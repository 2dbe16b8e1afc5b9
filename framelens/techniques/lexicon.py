"""The transparent layer: word lists and named patterns, read from ``resources/techniques/``.

Why a layer a user can read: a technique label is a judgement, and a reader should be
able to see why a span was flagged ("the pattern ``name_calling_apposition`` matched",
"'hysteria' is in the loaded-language list") and disagree with it.  The trained model
(``framelens.techniques.model``) uses these matches as features too, so the two layers
are not independent guesses.

Everything here is plain regular expressions over the text: no parse is needed, so the
layer runs anywhere, fast, and gives the same spans whatever spaCy model is installed.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from framelens.errors import ConfigError

#: the 14 technique classes of the Propaganda Techniques Corpus (SemEval-2020 Task 11), in its spelling
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

REPETITION_PATTERN = "repeated_phrase"
_WORD = re.compile(r"[\w'’-]+")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: characters a PTC span never starts or ends with (the corpus's own trimming rule)
_TRIM = " \n\t.,:;"


@dataclass(frozen=True, slots=True)
class Match:
    """One hit of the transparent layer: a span of the text, the technique and the cue."""

    start: int
    end: int
    technique: str
    pattern: str
    cue: str


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    technique: str
    description: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class TechniqueLexicon:
    """The word lists and the compiled patterns."""

    lists: dict[str, tuple[str, ...]]
    patterns: tuple[Pattern, ...]
    repetition: dict[str, Any]

    @functools.cached_property
    def word_categories(self) -> dict[str, tuple[str, ...]]:
        """Single-word entry -> the lists it is in (model features: ``lex:<list>``)."""
        out: dict[str, list[str]] = {}
        for name, entries in self.lists.items():
            for entry in entries:
                if " " not in entry:
                    out.setdefault(entry, []).append(name)
        return {word: tuple(names) for word, names in out.items()}

    @functools.cached_property
    def stop_words(self) -> frozenset[str]:
        return frozenset(self.repetition.get("stop_words", ()))


def _alternation(entries: tuple[str, ...]) -> str:
    """Whole-word alternation of a list in which the longest entry wins (phrases over words).

    Written as a trie ("out(?:rage(?:ous|d)?|...)"), not as one branch per entry: Python's
    ``re`` tries every branch of an alternation at every position of the text, and the
    loaded-language list's 237 branches made it the costliest pattern of the stage (0.14 s
    of 0.79 s over 80 PTC articles).  A trie tries longer continuations first, so the same
    entry wins as with the entries sorted longest first.  Written by hand: the trie is a dozen
    lines, and no maintained library builds one for ``re``."""
    trie: dict[str, Any] = {}
    for entry in entries:
        node = trie
        for part in re.findall(r"\s+|[^\s]", entry.strip()):
            node = node.setdefault(" " if part.isspace() else part, {})
        node[""] = {}
    return r"(?<![\w-])" + _trie_regex(trie) + r"(?![\w-])"


def _trie_regex(node: dict[str, Any]) -> str:
    """The regular expression of a trie node: its children, longest continuations first."""
    branches = [
        (r"\s+" if key == " " else re.escape(key)) + _trie_regex(child)
        for key, child in sorted(node.items())
        if key
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
    return body


def _compile(raw: dict[str, Any], lists: dict[str, tuple[str, ...]]) -> Pattern:
    name = str(raw.get("name", ""))
    technique = str(raw.get("technique", ""))
    if technique not in TECHNIQUES:
        raise ConfigError(f"technique pattern {name!r}: unknown technique {technique!r}")

    def expand(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in lists:
            raise ConfigError(
                f"technique pattern {name!r} names the list {{{key}}}, which lexicon.toml lacks"
            )
        return _alternation(lists[key])

    source = _PLACEHOLDER.sub(expand, str(raw["regex"]))
    try:
        regex = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"technique pattern {name!r} is not a valid regular expression: {exc}") from None
    if "span" not in regex.groupindex:
        raise ConfigError(f"technique pattern {name!r} has no (?P<span>...) group")
    return Pattern(name, technique, str(raw.get("description", "")), regex)


@functools.cache
def load_lexicon() -> TechniqueLexicon:
    """Read and compile ``lexicon.toml`` and ``patterns.toml`` once per process."""
    base = resources.files("framelens.resources") / "techniques"
    lexicon = tomllib.loads((base / "lexicon.toml").read_text("utf-8"))
    lists = {name: tuple(str(e).lower() for e in entries) for name, entries in lexicon["lists"].items()}
    raw_patterns = tomllib.loads((base / "patterns.toml").read_text("utf-8"))["pattern"]
    patterns = tuple(_compile(raw, lists) for raw in raw_patterns)
    return TechniqueLexicon(lists, patterns, dict(lexicon.get("repetition", {})))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that it neither starts nor ends with space or . , : ; (as PTC spans)."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def find_patterns(text: str, lexicon: TechniqueLexicon | None = None) -> list[Match]:
    """Every pattern match in ``text``, in text order; one per (span, technique)."""
    lexicon = lexicon or load_lexicon()
    seen: set[tuple[int, int, str]] = set()
    out: list[Match] = []
    for pattern in lexicon.patterns:
        for m in pattern.regex.finditer(text):
            start, end = trim(text, *m.span("span"))
            key = (start, end, pattern.technique)
            if start >= end or key in seen:
                continue
            seen.add(key)
            out.append(Match(start, end, pattern.technique, pattern.name, f"pattern {pattern.name}"))
    return sorted(out, key=lambda m: (m.start, m.end, m.technique))


def find_repetition(text: str, lexicon: TechniqueLexicon | None = None) -> list[Match]:
    """Phrases (and loaded or insulting words) used again and again in one text.

    Every use after the first is a match.  Phrases whose words are all capitalised are
    names ("White House"), which news repeats without any persuasive intent, so they
    are left out; so are phrases that start or end with a stop word.
    """
    lexicon = lexicon or load_lexicon()
    rules = lexicon.repetition
    stop = lexicon.stop_words
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    # consecutive words of one clause: nothing but spaces between them
    joined = [text[words[i][1] : words[i + 1][0]].strip() == "" for i in range(len(words) - 1)]
    taken = [False] * len(words)
    out: list[Match] = []
    for n in range(int(rules.get("max_words", 4)), 1, -1):
        positions: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(words) - n + 1):
            if not all(joined[i : i + n - 1]):
                continue
            gram = tuple(w for _, _, w in words[i : i + n])
            if gram[0] in stop or gram[-1] in stop:
                continue
            if all(text[words[j][0]].isupper() for j in range(i, i + n)):
                continue
            positions.setdefault(gram, []).append(i)
        for gram, starts in positions.items():
            if len(starts) < int(rules.get("min_phrase", 2)):
                continue
            cue = f"repeated phrase '{' '.join(gram)}' ({len(starts)} times)"
            for i in starts[1:]:
                if any(taken[i : i + n]):
                    continue
                taken[i : i + n] = [True] * n
                out.append(Match(words[i][0], words[i + n - 1][1], "Repetition", REPETITION_PATTERN, cue))
    emotive = set(lexicon.lists.get("loaded", ())) | set(lexicon.lists.get("insult", ()))
    counts = Counter(w for _, _, w in words if w in emotive)
    seen_once: set[str] = set()
    for i, (start, end, word) in enumerate(words):
        if counts[word] < int(rules.get("min_word", 3)):
            continue
        if word not in seen_once:
            seen_once.add(word)
            continue
        if not taken[i]:
            taken[i] = True
            out.append(
                Match(
                    start,
                    end,
                    "Repetition",
                    REPETITION_PATTERN,
                    f"repeated word '{word}' ({counts[word]} times)",
                )
            )
    return sorted(out, key=lambda m: (m.start, m.end))


def find_all(text: str, lexicon: TechniqueLexicon | None = None) -> list[Match]:
    """Pattern matches and repetitions together, in text order."""
    lexicon = lexicon or load_lexicon()
    return sorted(
        [*find_patterns(text, lexicon), *find_repetition(text, lexicon)],
        key=lambda m: (m.start, m.end, m.technique),
    )
