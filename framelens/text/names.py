"""Name forms and name comparison: normalising, fuzzy similarity, initials, plurals, slugs.

Used by actor resolution within an article (``framelens.stages.actors``), actor linking
across articles (``framelens.comparison.link``) and wherever words are compared folded.

No fuzzy-matching library is used on purpose: rapidfuzz is not a dependency of the project,
and the comparisons made here are few (a name form against the handful of person names of
one article or of a bucket of full names, after an index lookup), short (single name tokens)
and need one tailored rule that no library ships: transliterations of one name differ
mostly in vowels and doubled letters ("Qasim"/"Qasem"/"Qassem", "Solemani"/"Soleimani"/
"Suleimani"), so a consonant skeleton plus difflib's ratio catches them at no extra install cost.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_VOWELS = re.compile(r"[aeiouy]+")
_REPEAT = re.compile(r"(.)\1+")

#: token similarity at or above this counts as the same name (Qasem/Qasim = 0.8 fails it,
#: which is why the skeleton test comes first)
MIN_RATIO = 0.84


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
