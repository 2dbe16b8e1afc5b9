"""Cross-article actor identity, scored as entity cross-document coreference on ECB+.

ECB+ (Cybulska and Vossen, LREC 2014) gives, per topic, news documents about two seminal
events of one kind, tokenised, with mentions of human participants (``HUMAN_PART_*``) and
locations (``LOC_*``) among others, and their coreference within and across documents.
``framelens compare`` promises one identity per real-world actor across the articles it
is given; this evaluator measures that promise on the actors ECB+ annotates.

The setting, exactly:

* **Documents.**  ``DIR/ECB+/<topic>/<topic>_<n>ecb.xml`` and ``..._<n>ecbplus.xml``
  (the release layout); ``DIR/ECBplus_coreference_sentences.csv`` lists the sentences
  whose mentions were fully annotated.  The text is rebuilt from the tokens (one
  paragraph per sentence, a space between tokens except before closing punctuation and
  clitics), with a token -> character offset map.  Sentence 0 of an ``ecbplus`` file
  is its source URL and is left out of the text.
* **Gold mentions** are the ``HUMAN_PART_*`` (and, reported separately, ``LOC_*``)
  markables in the listed sentences, as the standard evaluation restricts them.  Gold
  chains: a ``CROSS_DOC_COREF`` relation's ``note`` (the cross-document instance id)
  names the chain of its sources in every document; an ``INTRA_DOC_COREF`` relation
  is a chain within its document; every other mention is a singleton.  Singletons are
  kept (the usual ECB+ setting; Cattan et al. 2021 argue for dropping them).
* **Predicted clustering, gold mentions.**  Each document is analysed by framelens's
  sentences and actors stages (the later stages never change actors), and the
  documents of one topic (``within="topic"``, the default) or of one sub-story
  (``within="story"``: the ``ecb`` or the ``ecbplus`` half of a topic) are linked by
  ``framelens.comparison.link.link_actors``, as ``framelens compare`` links them.  A
  gold mention takes the linked actor of the predicted mention that overlaps its head
  (``head_token``); among several, the one sharing most characters with the gold span,
  then the shortest.  A gold mention no predicted mention covers is a singleton.
* **Metrics** (``framelens.eval.coref``): MUC, B³ and CEAF-e from ``scorch`` (the
  reference scorer's formulas, Pradhan et al. 2014), their mean F1 (CoNLL F1), and LEA
  (Moosavi and Strube 2016).  All mentions of all scored topics form one key, as the
  reference scorer is run on ECB+.
* **Named mentions.**  The identity target is read on the human mentions that are person
  or organisation names (``HUMAN_PART_PER``/``ORG`` whose head is a name, ``_mark_named``),
  reported as a third kind beside human participants and locations.
* **Baselines** on the same mentions: every mention its own actor, and two exact-match
  baselines within the same scope: same head word (case-folded) and same mention string.
"""

from __future__ import annotations

import csv
import logging
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from framelens.config import Settings
from framelens.errors import InputError, UsageError
from framelens.eval.coref import CorefScores, coref_scores
from framelens.models import Analysis, Article, article_id

log = logging.getLogger(__name__)

#: the "Cybulska setup" dev topics (Kenyon-Dean et al. 2018, Barhom et al. 2019 and later work)
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
#: scored mention kinds and the markable tag prefix that makes a mention of that kind
KINDS = {"human": "HUMAN_PART", "location": "LOC"}
#: the subset the identity target is read on: human mentions that are person or organisation names
NAMED = "named person/organisation"
SCOPES = ("topic", "story")
SENTENCES_FILE = "ECBplus_coreference_sentences.csv"

#: tokens written without a space before them ("Lohan 's" -> "Lohan's"), or after them
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", ")", "]", "%", "'", "''", "’", "”", "n't", "n’t",
     *(f"{mark}{clitic}" for mark in "'’" for clitic in ("s", "m", "d", "re", "ve", "ll"))}
)  # fmt: skip
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "``", "“"})
#: the rest of a clitic split off at its apostrophe ("It ’ s" -> "It’s")
_CLITIC_REST = frozenset({"s", "m", "t", "d", "re", "ve", "ll"})
#: a mention's head is the last word before the first of these (past its first word):
#: "Laurence Mark , producer of the show" -> Mark, "the actress who ..." -> actress
_HEAD_STOPS = frozenset(
    {",", "(", "who", "whom", "whose", "which", "that", "of", "from", "in", "at", "for",
     "with", "on", "to", "by", "near", "after", "before", "during", "as", "and"}
)  # fmt: skip
_POSSESSIVE = frozenset({"'s", "'", "’s", "’"})
_DOC_NAME = re.compile(r"(\d+)_(\d+)(ecb|ecbplus)$")


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated mention: where it is in the rebuilt text, its head and its gold chain."""

    id: str
    kind: str
    start: int
    end: int
    head_start: int
    head_end: int
    chain: str
    text: str
    head: str
    #: the markable's tag (``HUMAN_PART_PER``, ``LOC_GEO`` ...)
    tag: str = ""
    #: a person or organisation mention whose head is a name (``_mark_named``)
    named: bool = False


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """One ECB+ document: its rebuilt text and the gold mentions of the listed sentences."""

    name: str
    topic: int
    subcorpus: str
    text: str
    mentions: tuple[GoldMention, ...]
    #: case-folded words written capitalised inside a sentence that is not in title case
    capitalised: frozenset[str] = frozenset()
    #: case-folded words written in lower case somewhere
    lowercase: frozenset[str] = frozenset()

    @property
    def story(self) -> str:
        """The sub-story: one topic's ``ecb`` or ``ecbplus`` half (clusters.tsv's story column)."""
        return f"{self.topic}_{self.subcorpus}"


def head_token(words: Sequence[str]) -> int:
    """Index of a mention's head word among its ``words`` (see ``_HEAD_STOPS``).

    ECB+ marks no heads, and the mentions are English noun phrases whose head ends the
    pre-modified part: the last word before a comma, parenthesis, preposition or relative
    pronoun, past a possessive ending ("Lindsay Lohan 's" -> Lohan).
    """
    end = len(words)
    for i, word in enumerate(words[1:], 1):
        if word.lower() in _HEAD_STOPS:
            end = i
            break
    while end > 1 and words[end - 1] in _POSSESSIVE:
        end -= 1
    return end - 1


def _rebuild(
    tokens: list[tuple[int, int, str]], skip_sentence: int | None
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text of (t_id, sentence, word) tokens and each token's character range in it."""
    parts: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    length = 0
    sentence: int | None = None
    previous = ""
    for t_id, sent, word in tokens:
        if sent == skip_sentence:
            continue
        if sentence is None:
            gap = ""
        elif sent != sentence:
            gap = "\n\n"
        elif (
            word in _NO_SPACE_BEFORE
            or previous in _NO_SPACE_AFTER
            or (previous in ("'", "’") and word in _CLITIC_REST)
        ):
            gap = ""
        else:
            gap = " "
        parts.append(gap)
        length += len(gap)
        offsets[t_id] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        sentence, previous = sent, word
    return "".join(parts), offsets


def _int(element: ET.Element, attr: str, where: str) -> int:
    value = element.get(attr)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(where, f"a <{element.tag}> has {attr}={value!r}, not a number") from None


def _kind(tag: str) -> str | None:
    for kind, prefix in KINDS.items():
        if tag.startswith(prefix):
            return kind
    return None


def parse_document(path: Path, selected: frozenset[int]) -> EcbDocument:
    """One ECB+ XML file: the text and the gold mentions in the ``selected`` sentences."""
    where = str(path)
    found = _DOC_NAME.match(path.stem)
    if not found:
        raise InputError(where, "is not named <topic>_<n>ecb.xml or <topic>_<n>ecbplus.xml")
    topic, subcorpus = int(found.group(1)), found.group(3)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(where, f"is not well-formed XML ({exc}); is the file complete?") from None
    tokens = sorted(
        (_int(t, "t_id", where), _int(t, "sentence", where), t.text or "") for t in root.iter("token")
    )
    if not tokens:
        raise InputError(where, "holds no <token> elements; is it an ECB+ document?")
    # an ecbplus file's sentence 0 is the page's URL, not the article
    text, offsets = _rebuild(tokens, 0 if subcorpus == "ecbplus" else None)
    sentence_of = {t_id: sent for t_id, sent, _ in tokens}
    word_of = {t_id: word for t_id, _, word in tokens}
    capitalised, lowercase = _casing(tokens, skip_sentence=0 if subcorpus == "ecbplus" else None)

    chains: dict[str, str] = {}
    for relation in root.iter():
        if relation.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        if relation.tag == "CROSS_DOC_COREF":
            chain = f"x:{relation.get('note')}"
        else:
            chain = f"i:{path.stem}:{relation.get('r_id')}"
        for source in relation.iter("source"):
            chains.setdefault(source.get("m_id", ""), chain)  # one mention is in two relations: the first

    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        kind = _kind(markable.tag)
        ids = sorted(_int(a, "t_id", where) for a in markable.iter("token_anchor"))
        if kind is None or not ids:
            continue  # another kind of markable, or an instance (a chain's target) with no tokens
        if any(t not in sentence_of for t in ids):
            raise InputError(where, f"markable {markable.get('m_id')} points to a token the file lacks")
        if sentence_of[ids[0]] not in selected or any(t not in offsets for t in ids):
            continue
        words = [word_of[t] for t in ids]
        head = ids[head_token(words)]
        m_id = markable.get("m_id", "")
        start, end = offsets[ids[0]][0], offsets[ids[-1]][1]
        mentions.append(
            GoldMention(
                id=f"{path.stem}:{m_id}",
                kind=kind,
                start=start,
                end=end,
                head_start=offsets[head][0],
                head_end=offsets[head][1],
                chain=chains.get(m_id, f"s:{path.stem}:{m_id}"),
                text=text[start:end],
                head=word_of[head],
                tag=markable.tag,
            )
        )
    return EcbDocument(path.stem, topic, subcorpus, text, tuple(mentions), capitalised, lowercase)


def _casing(
    tokens: Sequence[tuple[int, int, str]], skip_sentence: int | None
) -> tuple[frozenset[str], frozenset[str]]:
    """Words a document capitalises inside running sentences, and words it writes in lower case.

    ECB+ does not say which mentions are names.  A head is taken for a name when the
    topic's documents capitalise it inside a sentence (not first, and not in a title-case
    headline, where every word is capitalised) and never write it in lower case, and it is
    no pronoun or demonym: "Cheeks" and "Lakers" are names; "Police" opening a sentence,
    "I'm" and "an Australian" are not.
    """
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for _, sent, word in tokens:
        if sent != skip_sentence:
            by_sentence[sent].append(word)
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for words in by_sentence.values():
        alpha = [w for w in words if w[:1].isalpha()]
        lowercase.update(w.casefold() for w in alpha if w[0].islower())
        long_words = [w for w in alpha if len(w) > 3]
        if long_words and sum(w[0].isupper() for w in long_words) > 0.6 * len(long_words):
            continue  # a title-case headline
        capitalised.update(w.casefold() for w in alpha[1:] if w[0].isupper())
    return frozenset(capitalised), frozenset(lowercase)


#: person and organisation markables: the mentions whose names the "named" row scores
_NAMED_TAGS = ("HUMAN_PART_PER", "HUMAN_PART_ORG")
#: heads that are no name however written ("I'm", "We"); nor is a demonym ("an Australian")
_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them"})


def _mark_named(docs: Sequence[EcbDocument]) -> list[EcbDocument]:
    """Mark each person or organisation mention whose head is a name in its topic (``_casing``)."""
    capitalised: dict[int, set[str]] = defaultdict(set)
    lowercase: dict[int, set[str]] = defaultdict(set)
    for doc in docs:
        capitalised[doc.topic] |= doc.capitalised
        lowercase[doc.topic] |= doc.lowercase
    from framelens.text.actor_lexicon import actor_lexicon

    demonyms = {d.casefold() for d in actor_lexicon().demonyms}
    out = []
    for doc in docs:
        names = capitalised[doc.topic] - lowercase[doc.topic]
        mentions = tuple(
            replace(
                m,
                named=m.tag in _NAMED_TAGS
                and m.head[:1].isupper()
                and m.head.casefold() in names
                and re.split(r"['’]", m.head.casefold())[0] not in _PRONOUNS
                and m.head.casefold() not in demonyms,
            )
            for m in doc.mentions
        )
        out.append(replace(doc, mentions=mentions))
    return out


def read_sentences(path: Path) -> dict[str, frozenset[int]]:
    """``ECBplus_coreference_sentences.csv``: document name (``2_1ecb``) -> listed sentence numbers."""
    out: dict[str, set[int]] = defaultdict(set)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = csv.DictReader(handle)
            for row in rows:
                out[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    except (KeyError, ValueError, TypeError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(
            str(path), f"is not the release's sentence list (Topic,File,Sentence Number rows): {exc}"
        ) from None
    return {name: frozenset(sentences) for name, sentences in out.items()}


def parse_topics(spec: str) -> tuple[int, ...] | None:
    """``--topics``: ``dev`` (the Cybulska dev topics), ``all`` (None: every topic present) or ``1,2,3``."""
    if spec == "dev":
        return DEV_TOPICS
    if spec == "all":
        return None
    try:
        topics = tuple(sorted({int(part) for part in spec.split(",") if part.strip()}))
    except ValueError:
        topics = ()
    if not topics:
        raise UsageError(f"--topics must be dev, all or topic numbers such as 2,5,12, not {spec!r}")
    return topics


def _doc_order(path: Path) -> tuple[int, int, str]:
    found = _DOC_NAME.match(path.stem)
    return (int(found.group(1)), int(found.group(2)), found.group(3)) if found else (0, 0, path.stem)


def read_ecbplus(
    directory: Path, topics: Sequence[int] | None = DEV_TOPICS, limit: int | None = None
) -> list[EcbDocument]:
    """The documents of ``topics`` (None: all) of an ECB+ folder, ``limit`` per topic.

    A topic's documents are taken in number order, each number's ``ecb`` file before its
    ``ecbplus`` file, so a limit keeps both sub-stories.
    """
    directory = Path(directory)
    corpus = directory / "ECB+"
    sentences_path = directory / SENTENCES_FILE
    if not corpus.is_dir() or not sentences_path.is_file():
        raise InputError(
            str(directory),
            f"holds no ECB+/ folder and {SENTENCES_FILE}; give the folder of the ECB+ release "
            "(ECB+/<topic>/<topic>_<n>ecb.xml and the sentence list beside it)",
        )
    selected = read_sentences(sentences_path)
    present = sorted(int(p.name) for p in corpus.iterdir() if p.is_dir() and p.name.isdigit())
    wanted = present if topics is None else list(topics)
    missing = [t for t in wanted if t not in present]
    if missing or not wanted:
        raise InputError(
            str(corpus),
            f"has no folder for topic(s) {', '.join(map(str, missing)) or '(none)'}; "
            f"it has {', '.join(map(str, present)) or 'none'}; choose them with --topics",
        )
    docs = []
    for topic in wanted:
        paths = sorted((corpus / str(topic)).glob("*.xml"), key=_doc_order)
        for path in paths[:limit] if limit is not None else paths:
            docs.append(parse_document(path, selected.get(path.stem, frozenset())))
    if not docs:
        raise InputError(str(corpus), "holds no .xml document in the chosen topics")
    return _mark_named(docs)


# --- predictions --------------------------------------------------------------------------

#: mention id -> cluster id
Clustering = dict[str, str]


def analyse(docs: Sequence[EcbDocument], settings: Settings) -> list[Analysis]:
    """framelens's analysis of each document, through the stages actors need."""
    from framelens.context import Context
    from framelens.stages import pipeline_of

    pipeline = pipeline_of({"sentences", "actors"})
    articles = [Article(id=article_id(d.text), source=d.name, text=d.text, language="en") for d in docs]
    return list(pipeline.run(articles, Context(settings)))


def _scopes(docs: Sequence[EcbDocument], within: str) -> dict[str, list[int]]:
    """Document indices grouped by topic or by story: actors are linked within one group."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        groups[str(doc.topic) if within == "topic" else doc.story].append(i)
    return groups


def predicted_clustering(
    docs: Sequence[EcbDocument], analyses: Sequence[Analysis], within: str = "topic"
) -> Clustering:
    """Each gold mention's linked actor (see the module docstring); singletons where none covers it."""
    from framelens.comparison.link import link_actors

    out: Clustering = {}
    for scope, members in _scopes(docs, within).items():
        _, links = link_actors([analyses[i] for i in members])
        for i in members:
            analysis = analyses[i]
            spans = [
                (m.span.start, m.span.end, links[(analysis.article.id, actor.id)])
                for actor in analysis.actors
                for m in actor.mentions
            ]
            for gold in docs[i].mentions:
                best: tuple[int, int, int] | None = None
                linked = f"single:{gold.id}"
                for start, end, actor_id in spans:
                    if start >= gold.head_end or gold.head_start >= end:
                        continue
                    shared = min(end, gold.end) - max(start, gold.start)
                    rank = (shared, -(end - start), -start)
                    if best is None or rank > best:
                        best, linked = rank, f"{scope}:{actor_id}"
                out[gold.id] = linked
    return out


def exact_match_clustering(
    docs: Sequence[EcbDocument], key: Callable[[GoldMention], str], within: str = "topic"
) -> Clustering:
    """The exact-match baseline: mentions of one scope with the same ``key`` are one actor."""
    return {
        m.id: f"{scope}:{key(m)}"
        for scope, members in _scopes(docs, within).items()
        for i in members
        for m in docs[i].mentions
    }


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindResult:
    """The scores of every system on one kind of mention (human participants, locations).

    ``systems`` scores all gold mentions; ``covered`` the same systems on only the gold
    mentions framelens has a mention over, which separates linking from coverage (an
    uncovered mention is a singleton for framelens, whatever its chain).
    """

    mentions: int
    chains: int
    linked_chains: int
    covered_mentions: int
    systems: dict[str, CorefScores]
    covered: dict[str, CorefScores]

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_mentions": self.mentions,
            "gold_chains": self.chains,
            "gold_chains_of_several_mentions": self.linked_chains,
            "mentions_covered_by_framelens": self.covered_mentions,
            "systems": {name: s.to_dict() for name, s in self.systems.items()},
            "on_covered_mentions": {name: s.to_dict() for name, s in self.covered.items()},
        }


@dataclass(frozen=True, slots=True)
class ActorsReport:
    """Scores per kind of mention on one ECB+ folder; ``to_dict`` is the JSON twin of ``render``."""

    directory: str
    topics: tuple[int, ...]
    within: str
    documents: int
    kinds: dict[str, KindResult]
    seconds: float
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "topics": list(self.topics),
            "within": self.within,
            "documents": self.documents,
            "setting": "gold mentions, predicted clustering, singletons included",
            "kinds": {kind: result.to_dict() for kind, result in self.kinds.items()},
            "seconds": round(self.seconds, 1),
            "notes": list(self.notes),
        }

    def render(self) -> str:
        names = [name for result in self.kinds.values() for name in result.systems]
        width = max(len(n) for n in [*names, "system"])
        header = f"{'system':<{width}}  {'MUC':^17}  {'B3':^17}  {'CEAF-e':^17}  {'LEA':^17}  CoNLL F1"
        lines = [
            f"Actor identity (ECB+ entity coreference) {self.directory}: {self.documents} documents, "
            f"topics {','.join(map(str, self.topics))}, linked within each {self.within}, "
            f"{self.seconds:.0f} s",
            "Gold mentions, predicted clustering, singletons included.  R / P / F1 per metric.",
        ]
        for kind, result in self.kinds.items():
            lines += [
                "",
                f"{kind}: {result.mentions} gold mentions in {result.chains} chains "
                f"({result.linked_chains} of several mentions)",
                header,
                *_rows(result.systems, width),
                f"  on the {result.covered_mentions} of them framelens has a mention over "
                f"({result.covered_mentions / max(result.mentions, 1):.1%} found; linking alone):",
                *_rows(result.covered, width),
            ]
        lines += ["", *self.notes]
        return "\n".join(lines)


def _rows(systems: Mapping[str, CorefScores], width: int) -> list[str]:
    out = []
    for name, s in systems.items():
        cells = "  ".join(
            f"{m.recall:5.3f} {m.precision:5.3f} {m.f1:5.3f}" for m in (s.muc, s.bcubed, s.ceafe, s.lea)
        )
        out.append(f"{name:<{width}}  {cells}  {s.conll:8.3f}")
    return out


def _of_kind(kind: str) -> Callable[[GoldMention], bool]:
    return lambda mention: mention.kind == kind


def _kind_result(
    docs: Sequence[EcbDocument], keep: Callable[[GoldMention], bool], systems: Mapping[str, Clustering]
) -> KindResult:
    mentions = [m for d in docs for m in d.mentions if keep(m)]
    key = {m.id: m.chain for m in mentions}
    sizes = Counter(key.values())
    covered = {m: chain for m, chain in key.items() if not systems["framelens"][m].startswith("single:")}

    def score(gold: Mapping[str, str]) -> dict[str, CorefScores]:
        return {name: coref_scores(gold, {m: c[m] for m in gold}) for name, c in systems.items()}

    return KindResult(
        mentions=len(mentions),
        chains=len(sizes),
        linked_chains=sum(1 for n in sizes.values() if n > 1),
        covered_mentions=len(covered),
        systems=score(key),
        covered=score(covered),
    )


def evaluate_actors(
    directory: Path,
    settings: Settings,
    topics: Sequence[int] | None = DEV_TOPICS,
    limit: int | None = None,
    within: str = "topic",
) -> ActorsReport:
    """Score framelens's cross-article actor linking on an ECB+ folder (see the module docstring)."""
    if within not in SCOPES:
        raise UsageError(f"within must be one of {', '.join(SCOPES)}, not {within!r}")
    started = time.perf_counter()
    docs = read_ecbplus(Path(directory), topics, limit)
    log.info("read %d documents, %d gold mentions", len(docs), sum(len(d.mentions) for d in docs))
    analyses = analyse(docs, settings)
    systems: dict[str, Clustering] = {
        "framelens": predicted_clustering(docs, analyses, within),
        f"same head word within {within}": exact_match_clustering(docs, lambda m: m.head.casefold(), within),
        f"same string within {within}": exact_match_clustering(docs, lambda m: m.text.casefold(), within),
        "all singletons": {m.id: m.id for d in docs for m in d.mentions},
    }
    kinds = {kind: _kind_result(docs, _of_kind(kind), systems) for kind in KINDS}
    kinds[NAMED] = _kind_result(docs, lambda m: m.named, systems)
    return ActorsReport(
        directory=Path(directory).name,
        topics=tuple(sorted({d.topic for d in docs})),
        within=within,
        documents=len(docs),
        kinds=kinds,
        seconds=time.perf_counter() - started,
        notes=(
            f"Mentions: HUMAN_PART_* (human) and LOC_* (location) markables in the sentences of "
            f"{SENTENCES_FILE}; gold chains from CROSS_DOC_COREF notes and INTRA_DOC_COREF.",
            "framelens: sentences and actors stages, then compare's cross-article linking; a gold mention "
            "takes the actor of the predicted mention over its head word (none: a singleton).",
            "Baselines: mentions with the same case-folded head word / whole string are one actor.",
            f"{NAMED}: HUMAN_PART_PER/ORG mentions whose head the topic capitalises inside sentences "
            "(not in title-case headlines) and never writes in lower case; the issue's identity target.",
        ),
    )
