"""Features of a (claim, text) pair for the stance model: overlap, cue words, polarity, MiniLM similarity.

Why these: whether a text is about a claim at all (related vs unrelated) is mostly
lexical: how much of the claim's vocabulary, weighted by rarity, the text and its lead
repeat (TF-IDF cosine, coverage, shared bigrams and numbers), with the MiniLM cosine
of the claim to the text's best-matching sentences for paraphrase.  Whether a related
text agrees, disagrees or only discusses is read from the sentences that speak about
the claim: refuting, hedging, confirming and negating words (``resources/stance/
lexicon.toml``) and VADER polarity in the sentences closest to the claim, in the lead
and in the whole text, next to the same cues in the claim itself.

Cost: every sentence is compared with the claim by TF-IDF (sparse, cheap); only the
``CANDIDATES`` best of them and the lead are encoded by MiniLM, and each distinct claim
and sentence is encoded once per call however many pairs share it.  The encoder is
passed in (``encode``), so training can read vectors it cached and inference encodes.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from framelens.errors import ConfigError
from framelens.techniques.features import sentence_bounds
from framelens.tone.features import sentence_vader

#: a sentence (or claim) is cut here before encoding: the encoder's cost grows with length,
#: and a "sentence" this long is a list or a table the cut does not harm
MAX_SENTENCE_CHARS = 400
#: sentences that make the lead
LEAD_SENTENCES = 2
#: sentences per pair that MiniLM reads: the first sentence and the CANDIDATES best by
#: TF-IDF similarity to the claim (5 instead of 3 cost more encoding and moved FNC-1
#: held-back scores by less than 0.3 points)
CANDIDATES = 3
#: sentences closest to the claim (by MiniLM) whose cue words and polarity are read
TOP = 3
#: the cue lists of lexicon.toml, in feature order
CUES = ("refuting", "hedging", "confirming", "negation")
#: a word is negated when a negating or refuting word stands this many words before it or fewer
NEGATION_REACH = 3
#: a sentence "shares the claim's words" when it holds this share of the claim's content stems
OVERLAP_SHARE = 0.4

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_NUMBER = re.compile(r"\d")

FEATURES: tuple[str, ...] = (
    # related or not: overlap
    "tfidf_cos",
    "tfidf_cos_lead",
    "tfidf_sent_max",
    "tfidf_sent_top3",
    "tfidf_best_position",
    "jaccard",
    "coverage",
    "coverage_idf",
    "coverage_lead",
    "bigram_coverage",
    "claim_numbers",
    "numbers_found",
    # MiniLM
    "emb_max",
    "emb_top3",
    "emb_first",
    "emb_best_position",
    "emb_claim_text",
    # the claim itself
    *(f"claim_{c}" for c in CUES),
    "claim_question",
    "claim_words",
    # the text as a whole
    *(f"text_{c}_rate" for c in CUES),
    "text_sentences",
    "text_log_words",
    # the lead
    *(f"lead_{c}" for c in CUES),
    # the sentences closest to the claim
    *(f"top_{c}" for c in CUES),
    *(f"best_{c}" for c in CUES),
    # polarity (VADER compound)
    "claim_polarity",
    "best_polarity",
    "top_polarity",
    "lead_polarity",
    "polarity_product",
    # sentences that share the claim's words and carry a cue; the claim's words negated
    *(f"overlap_{c}_sentences" for c in CUES),
    "negated_claim_share",
    "negated_claim_top",
)

Encoder = Callable[[list[str]], np.ndarray]


# --- words and cue lists ------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words: runs of letters and digits, an inner apostrophe kept ("didn't")."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A light suffix fold, so that "resigned", "resigning" and "resigns" meet ("resign").

    Possessive, -ing, -ed, then plural: "obama's" -> "obama", "stories" -> "story".  Crude
    by design (no dictionary): it only has to make a claim's words meet the text's.
    """
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the baseline's), read from ``lexicon.toml``."""
    return load_cues().stop


def content_stems(tokens: Iterable[str]) -> list[str]:
    """Stems of the words that carry content (no stop words, no one-letter words)."""
    stops = stop_words()
    return [stem(w) for w in tokens if len(w) > 1 and w not in stops]


@dataclass(frozen=True)
class CueLexicon:
    """The cue lists: each entry a tuple of words, matched as a run of words."""

    lists: dict[str, frozenset[tuple[str, ...]]]
    longest: int
    stop: frozenset[str]

    @functools.cached_property
    def negators(self) -> frozenset[str]:
        """Single words that negate or refute what follows ("not", "never", "denied", "false")."""
        return frozenset(e[0] for name in ("negation", "refuting") for e in self.lists[name] if len(e) == 1)

    def negated(self, tokens: Sequence[str]) -> set[str]:
        """Content stems of ``tokens`` with a negating word at most ``NEGATION_REACH`` words before them."""
        negators, stops = self.negators, self.stop
        out: set[str] = set()
        last = -NEGATION_REACH - 1
        for i, word in enumerate(tokens):
            if word in negators or word.endswith("n't"):
                last = i
            elif i - last <= NEGATION_REACH and len(word) > 1 and word not in stops:
                out.add(stem(word))
        return out

    def counts(self, tokens: Sequence[str]) -> np.ndarray:
        """How many entries of each list in ``CUES`` occur in ``tokens`` (a word ending in n't negates)."""
        out = np.zeros(len(CUES), dtype=np.float64)
        for i in range(len(tokens)):
            for k, name in enumerate(CUES):
                entries = self.lists[name]
                for n in range(1, self.longest + 1):
                    if i + n <= len(tokens) and tuple(tokens[i : i + n]) in entries:
                        out[k] += 1
            if tokens[i].endswith("n't"):
                out[CUES.index("negation")] += 1
        return out


@functools.cache
def load_cues() -> CueLexicon:
    """Read ``resources/stance/lexicon.toml`` once per process."""
    path = resources.files("framelens.resources") / "stance" / "lexicon.toml"
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
        lists = {name: frozenset(tuple(words(str(e))) for e in raw["lists"][name]) for name in CUES}
        stop = frozenset(str(w) for w in raw["stop"]["words"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: the stance word lists cannot be read ({exc}); reinstall framelens"
        ) from None
    return CueLexicon(lists, max((len(e) for entries in lists.values() for e in entries), default=1), stop)


def polarity(sentence: str) -> float:
    """VADER's compound score of a sentence, -1..1."""
    return float(sentence_vader(sentence)["compound"])


# --- one text -------------------------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    """The sentences of a text as the encoder reads them: stripped, cut at ``MAX_SENTENCE_CHARS``."""
    out = [text[s:e].strip()[:MAX_SENTENCE_CHARS] for s, e in sentence_bounds(text)]
    return [s for s in out if s]


def claim_string(claim: str) -> str:
    """The claim as the encoder reads it: one line, cut at ``MAX_SENTENCE_CHARS``."""
    return " ".join(claim.split())[:MAX_SENTENCE_CHARS]


@dataclass(frozen=True)
class TextView:
    """One text (a claim or an article body) cut and counted once, whatever it is paired with."""

    #: the whole text on one line, cut like a sentence: what a claim is encoded as
    line: str
    sentences: tuple[str, ...]
    sentence_words: tuple[tuple[str, ...], ...]
    #: content stems of the whole text, in order (bigrams), and as sets
    stems: tuple[str, ...]
    stem_set: frozenset[str]
    lead_stems: frozenset[str]
    numbers: frozenset[str]
    #: cue counts per sentence, shape (sentences, len(CUES))
    cues: np.ndarray
    n_words: int
    #: per sentence: its content stems, and those a negating word stands before
    sentence_stems: tuple[frozenset[str], ...]
    negated: tuple[frozenset[str], ...]


def view(text: str) -> TextView:
    """Cut a text into sentences and words and count its cues."""
    sentences = split_sentences(text) or [claim_string(text)]
    sentence_words = tuple(tuple(words(s)) for s in sentences)
    all_words = [w for ws in sentence_words for w in ws]
    stems = tuple(content_stems(all_words))
    lead = content_stems(w for ws in sentence_words[:LEAD_SENTENCES] for w in ws)
    cues = load_cues()
    counts = np.array([cues.counts(ws) for ws in sentence_words], dtype=np.float64).reshape(-1, len(CUES))
    return TextView(
        line=claim_string(text),
        sentences=tuple(sentences),
        sentence_words=sentence_words,
        stems=stems,
        stem_set=frozenset(stems),
        lead_stems=frozenset(lead),
        numbers=frozenset(w for w in all_words if _NUMBER.search(w)),
        cues=counts,
        n_words=len(all_words),
        sentence_stems=tuple(frozenset(content_stems(ws)) for ws in sentence_words),
        negated=tuple(frozenset(cues.negated(ws)) for ws in sentence_words),
    )


# --- TF-IDF ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TfIdf:
    """A TF-IDF space over content stems: sublinear term frequency, smoothed idf, unit rows.

    Fitted on the training bodies and headlines only; kept as plain data (the terms and
    their idf) in the model's weights file.
    """

    terms: tuple[str, ...]
    idf: np.ndarray

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def fit(cls, documents: Sequence[Sequence[str]], min_df: int = 2) -> TfIdf:
        df: dict[str, int] = {}
        for doc in documents:
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        terms = tuple(sorted(t for t, n in df.items() if n >= min_df))
        n_docs = len(documents)
        idf = np.array([math.log((1 + n_docs) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
        return cls(terms, idf)

    def vectors(self, documents: Sequence[Sequence[str]]) -> Any:
        """A CSR matrix, one unit-length row per document (an empty or unknown document is all zeros)."""
        from scipy.sparse import csr_matrix

        index = self.index
        indptr, cols, vals = [0], [], []
        for doc in documents:
            tf: dict[int, int] = {}
            for term in doc:
                j = index.get(term)
                if j is not None:
                    tf[j] = tf.get(j, 0) + 1
            row = {j: (1.0 + math.log(n)) * self.idf[j] for j, n in tf.items()}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            for j in sorted(row):
                cols.append(j)
                vals.append(row[j] / norm)
            indptr.append(len(cols))
        return csr_matrix(
            (
                np.array(vals, dtype=np.float64),
                np.array(cols, dtype=np.int64),
                np.array(indptr, dtype=np.int64),
            ),
            shape=(len(documents), len(self.terms)),
        )

    def weight(self, term: str) -> float:
        j = self.index.get(term)
        return float(self.idf[j]) if j is not None else float(self.idf.max(initial=1.0))


# --- pairs -------------------------------------------------------------------------------------


def _ratio(found: float, total: float) -> float:
    return found / total if total else 0.0


def _position(index: int, n: int) -> float:
    return index / (n - 1) if n > 1 else 0.0


def pair_features(
    claims: Sequence[TextView],
    texts: Sequence[TextView],
    pairs: Sequence[tuple[int, int]],
    tfidf: TfIdf,
    encode: Encoder,
) -> np.ndarray:
    """The ``FEATURES`` of each (claim index, text index) pair: shape (len(pairs), len(FEATURES)).

    ``encode`` maps a list of strings to unit-length vectors; it is called once, with each
    distinct claim and candidate sentence once.
    """
    n_feat = len(FEATURES)
    if not pairs:
        return np.zeros((0, n_feat), dtype=np.float64)
    used_claims = sorted({c for c, _ in pairs})
    used_texts = sorted({t for _, t in pairs})
    claim_vecs = tfidf.vectors([claims[c].stems for c in used_claims])
    claim_row = {c: k for k, c in enumerate(used_claims)}
    text_vecs = tfidf.vectors([texts[t].stems for t in used_texts])
    lead_vecs = tfidf.vectors([list(texts[t].lead_stems) for t in used_texts])
    text_row = {t: k for k, t in enumerate(used_texts)}

    # TF-IDF similarity of each claim to each sentence of its texts, one product per text.
    by_text: dict[int, list[int]] = {}
    for k, (_, t) in enumerate(pairs):
        by_text.setdefault(t, []).append(k)
    sentence_sims: list[np.ndarray] = [np.zeros(0)] * len(pairs)
    for t, ks in by_text.items():
        sent_vecs = tfidf.vectors([content_stems(ws) for ws in texts[t].sentence_words])
        sims = (sent_vecs @ claim_vecs[[claim_row[pairs[k][0]] for k in ks]].T).toarray()
        for col, k in enumerate(ks):
            sentence_sims[k] = sims[:, col]

    # The sentences MiniLM reads: the first and the CANDIDATES best by TF-IDF.
    candidates: list[np.ndarray] = []
    strings: dict[str, int] = {}
    for k, (c, t) in enumerate(pairs):
        sims = sentence_sims[k]
        ranked = np.argsort(-sims, kind="stable")[:CANDIDATES]
        chosen = np.unique(np.concatenate([np.arange(min(1, len(sims))), ranked]))
        candidates.append(chosen)
        strings.setdefault(claims[c].line, len(strings))
        for i in chosen:
            strings.setdefault(texts[t].sentences[int(i)], len(strings))
    ordered = list(strings)
    vectors = np.asarray(encode(ordered), dtype=np.float64) if ordered else np.zeros((0, 1))
    polarities: dict[str, float] = {}

    def pol(s: str) -> float:
        if s not in polarities:
            polarities[s] = polarity(s)
        return polarities[s]

    out = np.zeros((len(pairs), n_feat), dtype=np.float64)
    for k, (c, t) in enumerate(pairs):
        claim, text = claims[c], texts[t]
        sims = sentence_sims[k]
        n_sent = len(text.sentences)
        claim_vec = claim_vecs[claim_row[c]]
        order = np.argsort(-sims, kind="stable")
        chosen = candidates[k]
        claim_key = claim.line
        h = vectors[strings[claim_key]]
        cand_vecs = vectors[[strings[text.sentences[int(i)]] for i in chosen]]
        cos = cand_vecs @ h
        emb_order = np.argsort(-cos, kind="stable")
        top = [int(chosen[j]) for j in emb_order[:TOP]]
        best = top[0]
        content = claim.stem_set
        idf_total = sum(tfidf.weight(s) for s in content)
        claim_bigrams = set(zip(claim.stems, claim.stems[1:], strict=False))
        text_bigrams = set(zip(text.stems, text.stems[1:], strict=False))
        found_numbers = claim.numbers & set(w for ws in text.sentence_words for w in ws)
        claim_cues = claim.cues.sum(axis=0)
        text_cues = text.cues.sum(axis=0)
        lead_text = " ".join(text.sentences[:LEAD_SENTENCES])
        top_pols = [pol(text.sentences[i]) for i in top]
        claim_pol = pol(claim_key)
        values = [
            float((claim_vec @ text_vecs[text_row[t]].T).toarray()[0, 0]),
            float((claim_vec @ lead_vecs[text_row[t]].T).toarray()[0, 0]),
            float(sims[order[0]]) if n_sent else 0.0,
            float(sims[order[:3]].mean()) if n_sent else 0.0,
            _position(int(order[0]), n_sent),
            _ratio(len(content & text.stem_set), len(content | text.stem_set)),
            _ratio(len(content & text.stem_set), len(content)),
            _ratio(sum(tfidf.weight(s) for s in content & text.stem_set), idf_total),
            _ratio(len(content & text.lead_stems), len(content)),
            _ratio(len(claim_bigrams & text_bigrams), len(claim_bigrams)),
            float(len(claim.numbers)),
            _ratio(len(found_numbers), len(claim.numbers)),
            float(cos.max()),
            float(np.sort(cos)[::-1][:TOP].mean()),
            float(cos[0]) if chosen[0] == 0 else 0.0,
            _position(best, n_sent),
            float(h @ _mean_unit(vectors[[strings[text.sentences[int(i)]] for i in chosen]])),
            *claim_cues,
            float("?" in claim_key),
            float(claim.n_words),
            *(text_cues / max(n_sent, 1)),
            float(n_sent),
            math.log1p(text.n_words),
            *text.cues[:LEAD_SENTENCES].sum(axis=0),
            *text.cues[top].sum(axis=0),
            *text.cues[best],
            claim_pol,
            top_pols[0],
            float(np.mean(top_pols)),
            pol(lead_text),
            claim_pol * top_pols[0],
            *_overlap_cues(content, text),
            _ratio(len(content & frozenset().union(*text.negated)), len(content)),
            float(sum(len(content & text.negated[i]) for i in top)),
        ]
        out[k] = values
    return out


def _overlap_cues(content: frozenset[str], text: TextView) -> np.ndarray:
    """Per cue list: how many sentences hold ``OVERLAP_SHARE`` of the claim's stems and a cue of that list."""
    if not content:
        return np.zeros(len(CUES))
    need = OVERLAP_SHARE * len(content)
    near = [i for i, stems in enumerate(text.sentence_stems) if len(content & stems) >= need]
    return (text.cues[near] > 0).sum(axis=0).astype(np.float64) if near else np.zeros(len(CUES))


def _mean_unit(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean
