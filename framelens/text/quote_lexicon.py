"""The word lists about speech (cue verbs, speaker nouns), read once from ``resources/quotes/lexicon.toml``.

Used by the quotes stage and by the sources and word-choice comparisons.

Kept as data (style habit 6) so that widening what counts as a speech cue is an
edit to a TOML file, not to code.  Regexes built from the lists are compiled here,
once per process, so the stage itself only runs precompiled patterns.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

#: the ``no_speaker_reason`` of a quote whose speaker is a people ("Syrians"): the quotes stage
#: writes it, the sources comparison reads it (speaker type "group")
REASON_GROUP = "a group of people (a nationality), not the country"
#: ... of a statement in the writer's own first person ("I said that ...", "we can only assume"):
#: the sources comparison counts no source for it
REASON_WRITER = "the writer, in the first person"


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """Every list the quotes stage consults, as frozensets and compiled patterns."""

    cue_verbs: frozenset[str]
    #: verbs whose object or infinitive is what is attributed ("criticized the plan", "vowed to stay")
    object_verbs: frozenset[str]
    particle_verbs: frozenset[tuple[str, str]]
    #: speech verbs whose infinitive is what was said ("told them to stay")
    infinitive_verbs: frozenset[str]
    #: cue words as written that tell a belief ("believes", "thought"), not speech
    belief_forms: frozenset[str]
    extensions: re.Pattern[str]
    generic_nouns: frozenset[str]
    titles: frozenset[str]
    pronouns: frozenset[str]
    work_before: re.Pattern[str]
    naming_before: re.Pattern[str]
    scare_max_words: int


def _alternation(phrases: list[str]) -> str:
    # longest first so that "in an e-mail" wins over a shorter prefix
    ordered = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@functools.cache
def quote_lexicon() -> QuoteLexicon:
    """The packaged lexicon (cached: it is read once per process)."""
    text = resources.files("framelens.resources").joinpath("quotes/lexicon.toml").read_text("utf-8")
    data = tomllib.loads(text)
    cues, speakers, quoted = data["cues"], data["speakers"], data["quoted"]
    particles = frozenset(tuple(p.lower().split(maxsplit=1)) for p in cues.get("particle_verbs", []))
    return QuoteLexicon(
        cue_verbs=frozenset(v.lower() for v in cues["verbs"]),
        object_verbs=frozenset(v.lower() for v in cues.get("object_verbs", [])),
        particle_verbs=frozenset((a, b) for a, b in particles),
        infinitive_verbs=frozenset(v.lower() for v in cues.get("infinitive_verbs", [])),
        belief_forms=frozenset(v.lower() for v in cues.get("belief_forms", [])),
        # a cue extension directly follows the verb: "wrote in a text message"
        extensions=re.compile(r"\s+(?:" + _alternation(cues["extensions"]) + r")\b", re.IGNORECASE),
        generic_nouns=frozenset(n.lower() for n in speakers["generic_nouns"]),
        titles=frozenset(t.lower() for t in speakers["titles"]),
        pronouns=frozenset(p.lower() for p in speakers["pronouns"]),
        # the text just before an opening mark ends with a work noun: 'in its article, "'
        work_before=re.compile(
            r"\b(?:" + _alternation(quoted["work_nouns"]) + r")\s*[,:]?\s*$", re.IGNORECASE
        ),
        # ... or with a naming word, maybe with an article: 'was being called a "'
        naming_before=re.compile(
            r"(?:^|[\s(])(?:" + _alternation(quoted["naming_words"]) + r")\s*[,:]?\s*(?:(?:a|an|the)\s+)?$",
            re.IGNORECASE,
        ),
        scare_max_words=int(quoted.get("scare_max_words", 4)),
    )
