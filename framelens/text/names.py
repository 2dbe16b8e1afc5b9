"""Name forms and name comparison: normalising, fuzzy similarity, initials, plurals, slugs.

Used by actor resolution within an article (``framelens.stages.actors``), actor linking
across articles (``framelens.comparison.link``) and wherever words are compared folded.

No fuzzy-matching library is used on purpose: rapidfuzz is not a dependency of the project,
and the comparisons made here are few (a name form against the handful of person names of
one article or of a bucket of full names, after an index lookup), short (single name tokens)
and need one tailored rule that no library ships: transliterations of one name differ
mostly in vowels and doubled letters ("Qasim"/"Qasem"/"Qassem", "Solemani"/"Soleimani"/
"Suleimani"), so a consonant skeleton plus difflib's ratio catches them at no extra install cost.
The comparisons are cached (pure functions of short strings): linking compares the same few
surnames again and again.
Spellings that differ in consonants too ("Qaddafi" / "Gadhafi" / "Kadhafi", with or without
"al-") meet on a sound key built from the letter groups in ``resources/actors/names.toml``
(jellyfish's metaphone/NYSIIS are English rules and not installed); given names meet through
the short forms listed there ("Bob" / "Robert").
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_VOWELS = re.compile(r"[aeiouy]+")
_REPEAT = re.compile(r"(.)\1+")

#: token similarity at or above this counts as the same name (Qasem/Qasim = 0.8 fails it,
#: which is why the skeleton test comes first)
MIN_RATIO = 0.84


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents or punctuation: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped).strip()


def singular(word: str) -> str:
    """A folded word without a plural "s" ("forces" -> "force"); short words and "-ss" are kept."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def form_key(name: str, plural: bool = False) -> str:
    """The key names written alike share: the folded name, and with ``plural`` its last word
    made singular ("Quds Forces" -> "quds force", so that it meets "Quds Force")."""
    words = fold(name).split()
    if plural and words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def well_formed(name: str) -> bool:
    """Whether a name is fit to show as an actor's name: not an acronym in capitals, no possessive."""
    return not name.isupper() and "’" not in name and "'" not in name[-2:]


def skeleton(token: str) -> str:
    """The consonants of a folded name token, first letter kept, doubled letters collapsed.

    ``Qassem`` -> ``qsm``, ``Suleimani`` -> ``slmn``: transliteration variants mostly
    differ in vowels and doubling, so they share a skeleton.
    """
    folded = fold(token).replace(" ", "")
    if not folded:
        return ""
    head, rest = folded[0], _VOWELS.sub("", folded[1:])
    return _REPEAT.sub(r"\1", head + rest)


@dataclass(frozen=True, slots=True)
class NameTables:
    """The given-name short forms and transliteration rules of ``resources/actors/names.toml``."""

    #: folded given name -> the indices of the groups holding it
    given_groups: dict[str, frozenset[int]]
    #: folded given name -> "m" or "f", where the name tells it
    genders: dict[str, str]
    prefixes: tuple[str, ...]
    replacements: tuple[tuple[str, str], ...]
    min_letters: int
    min_key: int
    min_ratio: float
    #: folded words written after a surname that are no part of it ("Jr.")
    suffixes: frozenset[str]
    #: the given names listed with their gender, short forms left out: "Kim" (of Kimberly)
    #: is also a Korean surname written first, "Mel" (of Melissa) Mel Gibson
    listed_genders: dict[str, str] = field(default_factory=dict)


@functools.cache
def name_tables() -> NameTables:
    """The packaged tables (cached: read once per process)."""
    text = resources.files("framelens.resources").joinpath("actors/names.toml").read_text("utf-8")
    data = tomllib.loads(text)
    given = data["given_names"]
    groups: dict[str, set[int]] = {}
    heads: list[str] = []
    for i, group in enumerate(given["groups"]):
        heads.append(fold(str(group[0])))
        for name in group:
            groups.setdefault(fold(str(name)), set()).add(i)
    genders = {fold(str(n)): "m" for n in given["masculine"]}
    genders.update({fold(str(n)): "f" for n in given["feminine"]})
    listed = dict(genders)
    for name, held in groups.items():
        told = {genders.get(heads[i]) for i in held}
        if name not in genders and len(told) == 1 and None not in told:
            genders[name] = told.pop()  # type: ignore[assignment]
    trans = data["transliteration"]
    return NameTables(
        given_groups={k: frozenset(v) for k, v in groups.items()},
        genders=genders,
        prefixes=tuple(fold(str(p)) for p in trans["prefixes"]),
        replacements=tuple((str(a), str(b)) for a, b in trans["replacements"]),
        min_letters=int(trans["min_letters"]),
        min_key=int(trans["min_key"]),
        min_ratio=float(trans["min_ratio"]),
        suffixes=frozenset(fold(str(w)) for w in data["suffixes"]["words"]),
        listed_genders=listed,
    )


@functools.lru_cache(maxsize=1 << 16)
def strip_prefix(token: str) -> str:
    """A folded surname without a leading article ("al-Qaddafi" -> "qaddafi"): transliterations
    add or drop it at will, so it tells nothing about who is named."""
    words = fold(token).split()
    if len(words) > 1 and words[0] in name_tables().prefixes:
        words = words[1:]
    return "".join(words)


@functools.lru_cache(maxsize=1 << 16)
def sound_key(token: str) -> str:
    """A key transliterations of one name share: "Qaddafi", "Gadhafi", "Kadhafi", "al-Gaddafi" -> "kdf".

    The folded word without a leading article, letter groups one sound is written with made
    one (``names.toml``), vowels dropped (a leading vowel kept as "a"), doubled letters collapsed.
    """
    word = strip_prefix(token)
    if not word:
        return ""
    for old, new in name_tables().replacements:
        word = word.replace(old, new)
    head = "a" if word[0] in "aeiouy" else word[0]
    return _REPEAT.sub(r"\1", head + _VOWELS.sub("", word[1:]))


def same_sound(a: str, b: str) -> bool:
    """Whether two name tokens long enough to be told apart by sound share a sound key."""
    tables = name_tables()
    wa, wb = strip_prefix(a), strip_prefix(b)
    if min(len(wa), len(wb)) < tables.min_letters:
        return False
    key = sound_key(wa)
    if len(key) < tables.min_key or key != sound_key(wb):
        return False
    return difflib.SequenceMatcher(None, wa, wb).ratio() >= tables.min_ratio


def bucket(token: str) -> str:
    """The letter a surname is bucketed under for fuzzy comparison: the head of its sound key,
    so that every spelling ``similar_surname`` may accept lies in one bucket."""
    return sound_key(token)[:1]


@functools.lru_cache(maxsize=1 << 16)
def similar_surname(a: str, b: str) -> bool:
    """Whether two surnames are spellings of one name: as tokens, without a leading "al-"/"el-",
    or by sound when both are long ("Qaddafi" / "Gadhafi")."""
    return similar_token(strip_prefix(a), strip_prefix(b)) or same_sound(a, b)


def without_suffix(words: Sequence[str]) -> Sequence[str]:
    """A name's words without the suffixes after its surname ("Joseph R. Biden Jr." -> ... Biden)."""
    suffixes = name_tables().suffixes
    end = len(words)
    while end > 1 and fold(words[end - 1]) in suffixes:
        end -= 1
    return words[:end]


def is_initial(token: str) -> bool:
    """Whether a name token is an initial or run of initials ("W.", "W", "H.W.")."""
    letters = token.replace(".", "")
    return bool(letters) and letters.isalpha() and (len(letters) == 1 or ("." in token and len(letters) <= 3))


def same_given(a: str, b: str) -> bool:
    """Whether two given names are one name: spellings of it ("Moammar" / "Muammar") or one of
    its common short forms ("Bob" / "Robert", "Bill" / "William"; ``names.toml``)."""
    fa, fb = fold(a), fold(b)
    groups = name_tables().given_groups
    if groups.get(fa, frozenset()) & groups.get(fb, frozenset()):
        return True
    return similar_token(fa, fb)


def given_gender(name: str) -> str | None:
    """ "m" or "f" when the given name tells it ("Bill": m, "Hillary": f), else None."""
    return name_tables().genders.get(fold(name))


def listed_gender(name: str) -> str | None:
    """ "m" or "f" when the given name is listed with its gender in full ("Sarah": f), else
    None: a short form ("Kim", "Mel") may be a surname or either gender's."""
    return name_tables().listed_genders.get(fold(name))


@functools.lru_cache(maxsize=1 << 16)
def similar_token(a: str, b: str) -> bool:
    """Whether two name tokens are spellings of one name (exact, same skeleton, or close)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if not fa or not fb or fa[0] != fb[0]:
        return False
    if min(len(fa), len(fb)) < 4:
        return False
    sa, sb = skeleton(fa), skeleton(fb)
    if len(sa) >= 3 and sa == sb:
        return True
    return difflib.SequenceMatcher(None, fa, fb).ratio() >= MIN_RATIO


def initials(words: Sequence[str], function_words: frozenset[str], keep_function: bool = False) -> str:
    """Upper-case initials of a multi-word name; function words are skipped unless asked."""
    out = []
    for word in words:
        for part in word.split("-"):
            if not part:
                continue
            if part.lower() in function_words and not keep_function:
                continue
            out.append(part[0].upper())
    return "".join(out)


def acronym_letters(text: str) -> str | None:
    """The letters of an acronym ("U.S." -> "US", "PMUs" -> "PMU"), or None if it is not one."""
    letters = text.replace(".", "").replace("&", "")
    if letters.endswith("s") and len(letters) >= 3 and letters[:-1].isupper():
        letters = letters[:-1]
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper():
        return letters
    return None


def slug(name: str) -> str:
    """An id-safe form of a canonical name: ``Qasim Solemani`` -> ``qasim-solemani``."""
    return fold(name).replace(" ", "-") or "actor"
