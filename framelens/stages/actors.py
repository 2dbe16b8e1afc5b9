"""Who the article is about: people, organisations, countries, places and groups, resolved within it.

Mentions come from NER entities, cleaned (titles, "the", possessives removed), plus country
names and demonyms the tagger left untagged; ``_actor_resolve`` groups them into actors.
Then untagged repeats of a known surname or acronym are picked up, pronouns are linked to a
nearby person when only one is in reach, and each actor gets a salience score.

Everything is a linear pass over the Doc or a dictionary lookup: the stage must keep pace
with spaCy itself (see the throughput target in the project brief).
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from framelens.context import Context, ModelKind
from framelens.models import Actor, Analysis, Article, Mention, Span
from framelens.pipeline import stage
from framelens.stages._actor_mentions import Candidate, find_candidates
from framelens.stages._actor_resolve import Cluster, _name_and_type, resolve
from framelens.stages._doc_index import doc_text, tokens_where
from framelens.text.actor_lexicon import ActorLexicon, actor_lexicon
from framelens.text.names import acronym_letters, fold, slug, without_suffix

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: a pronoun looks back this many sentences before its own for a person to refer to
PRONOUN_WINDOW = 2
#: the lead is the first paragraphs up to this many words ("lead" = what a reader sees first)
LEAD_WORDS = 40

# Salience weights: mention share dominates (how much the article talks about an actor);
# an early first mention, the headline and the lead each add a smaller, fixed amount, so
# an actor named once in the headline still ranks above one named once in passing.
W_COUNT, W_FIRST, W_TITLE, W_LEAD = 0.5, 0.2, 0.15, 0.15


@stage("actors", "1", requires=["article", "sentences"], produces=["actors"], models=[ModelKind.spacy])
def actors(analysis: Analysis, ctx: Context) -> Analysis:
    """Resolve the article's actors and their mentions (see the module docstring)."""
    doc = ctx.doc(analysis.article)
    headline_end = ctx.headline_end(analysis.article)
    return dataclasses.replace(
        analysis, actors=tuple(find_actors(doc, analysis, actor_lexicon(), headline_end))
    )


def find_actors(doc: Doc, analysis: Analysis, lex: ActorLexicon, headline_end: int = 0) -> list[Actor]:
    """The actors of one parsed article, most salient first (``headline_end``: where the
    headline the text starts with ends, 0 for none, ``framelens.headline``)."""
    text = analysis.article.text
    cands = [c for c in find_candidates(doc, lex) if not _party_tag(text, c)]
    _authors_named(doc, cands, analysis.article.authors)
    clusters = _resolve_after_body(cands, lex, headline_end) if headline_end else resolve(cands, lex)
    _own_outlet(clusters, analysis.article.outlet, lex)
    clusters = [cl for cl in clusters if not _disease(doc, cl, lex)]
    ids = _ids(clusters)
    mentions: list[list[Mention]] = []
    covered = bytearray(len(doc))
    for ent in doc.ents:
        covered[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
    for cl, actor_id in zip(clusters, ids, strict=True):
        found = []
        for c in cl.members:
            covered[c.tok_start : c.tok_end] = b"\x01" * (c.tok_end - c.tok_start)
            found.append(Mention(Span(c.start, c.end), actor_id, _kind(c.text, c.demonym, cl)))
        mentions.append(found)
    claimed = bytearray(len(doc))
    for c in cands:
        claimed[c.tok_start : c.tok_end] = b"\x01" * (c.tok_end - c.tok_start)
    _title_mentions(doc, clusters, ids, mentions, claimed, lex.title_abbreviations)
    _untagged_repeats(doc, clusters, ids, mentions, covered, lex)
    _pronouns(doc, analysis, clusters, ids, mentions, lex)
    return _with_salience(analysis.article, analysis.sentences, clusters, ids, mentions, lex)


#: what stands right before the state of a party-and-state tag: "(R-Ky.)", "D-N.Y."
_PARTY_TAG = re.compile(r"(?:^|[(\s,])[DRI]-$")


_OUTBREAK = frozenset({"outbreak", "outbreaks"})


def _disease(doc: Doc, cluster: Cluster, lex: ActorLexicon) -> bool:
    """Whether a resolved name is a disease's, no actor: a mention of it followed by a word of
    ``lex.disease_after`` ("the Ebola virus") or after a phrase of ``lex.disease_before``
    ("cases of Ebola").  A country, a person or a titled name never is."""
    if cluster.type == "person" or any(c.country or c.titled for c in cluster.members):
        return False
    longest = max((len(p) for p in lex.disease_before), default=0)
    # "the Bikoro outbreak" names where it broke out; "the Congo Ebola outbreak", tagged an
    # organisation, what broke out
    after = lex.disease_after | (_OUTBREAK if cluster.type not in ("place", "country") else frozenset())
    for c in cluster.members:
        if c.tok_end < len(doc) and doc[c.tok_end].lower_ in after:
            return True
        before = tuple(doc[i].lower_ for i in range(max(0, c.tok_start - longest), c.tok_start))
        if any(before[len(before) - len(p) :] == p for p in lex.disease_before if len(p) <= len(before)):
            return True
    return False


def _party_tag(text: str, cand: Candidate) -> bool:
    """Whether a candidate is the state of a legislator's tag: "Mitch McConnell (R-Ky.)",
    "Kamala Harris (Calif.)".  The state is no actor of the story; BASIL's triplets had "Ky."
    and "Calif." as actors of their own."""
    if _PARTY_TAG.search(text, max(0, cand.start - 3), cand.start):
        return True
    bracketed = text[cand.start - 1 : cand.start] == "(" and text[cand.end : cand.end + 1] == ")"
    return bracketed and text[cand.start : cand.end].endswith(".")


def _own_outlet(clusters: list[Cluster], outlet: str | None, lex: ActorLexicon) -> None:
    """ "the Times" in an article the metadata says The New York Times published is that paper:
    a one-word organisation named by the last word of the outlet's name takes the outlet's
    name (the short form stays an alias), unless another organisation here ends in it too."""
    words = (outlet or "").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2 or words[-1].lower() in lex.generic_org_heads:
        return
    short = fold(words[-1])
    full = " ".join(words)
    orgs = [cl for cl in clusters if cl.type == "organisation"]
    if any(len(cl.name.split()) > 1 and fold(cl.name.split()[-1]) == short for cl in orgs):
        return  # the article names the paper (or another of that name) in full: resolution decided
    for cl in orgs:
        if fold(cl.name) == short:
            cl.aliases = [cl.name, *[a for a in cl.aliases if a != cl.name]]
            cl.name = full
            cl.type_reason = f"{cl.type_reason}; the article's outlet ({full})".lstrip("; ")


def _resolve_after_body(cands: list[Candidate], lex: ActorLexicon, headline_end: int) -> list[Cluster]:
    """Clusters of the body resolved as if there were no headline, each headline mention then
    joined to the body actor it resolves to with everything, or kept as an actor of its own.

    A headline is elliptic ("Marrowbys Visit Halden" names a family): resolving it with the
    body could move the body's own surname mentions onto a headline form; the body's actors
    must be those of the body alone.
    """
    in_body = [c.start >= headline_end for c in cands]
    if all(in_body):
        return resolve(cands, lex)
    new_index = {old: new for new, old in enumerate(i for i, inside in enumerate(in_body) if inside)}
    body = [
        dataclasses.replace(c, paired=new_index.get(c.paired) if c.paired is not None else None)
        for c, inside in zip(cands, in_body, strict=True)
        if inside
    ]
    clusters = resolve(body, lex)
    home = {(c.start, c.end): cl for cl in clusters for c in cl.members}
    for together in resolve(cands, lex):
        head = [c for c in together.members if c.start < headline_end]
        if not head:
            continue
        targets = {id(home[k]): home[k] for c in together.members if (k := (c.start, c.end)) in home}
        if len(targets) == 1:  # two body actors ("Marrowbys" of Bill and Hillary): neither
            (target,) = targets.values()
            target.members = sorted([*head, *target.members], key=lambda c: c.start)
        else:
            alone = Cluster(head)
            _name_and_type(alone, lex)
            clusters.append(alone)
    clusters.sort(key=lambda cl: cl.members[0].start)
    return clusters


def _kind(text: str, demonym: bool, cl: Cluster) -> str:
    if demonym:
        return "demonym"
    if text == cl.name:
        return "name"
    if acronym_letters(text):
        return "acronym"
    return "alias"


def _ids(clusters: list[Cluster]) -> list[str]:
    """Slugs of the canonical names; a clash gets "-2", "-3" (stable: clusters are in text order)."""
    seen: dict[str, int] = {}
    out = []
    for cl in clusters:
        base = slug(cl.name)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def _untagged_repeats(
    doc: Doc,
    clusters: list[Cluster],
    ids: list[str],
    mentions: list[list[Mention]],
    covered: bytearray,
    lex: ActorLexicon,
) -> None:
    """Surnames, acronyms and short forms of known actors that NER missed ("Heller",
    "Chargers" of "San Diego Chargers" left untagged).

    A surname several persons share ("Clinton" of Bill and Hillary Clinton) goes, as in
    ``_actor_resolve``, to the one mentioned most recently before it, and to none before both.
    """
    lookup = _repeat_lookup(clusters, lex)
    for token in doc:
        if covered[token.i] or (token.pos_ != "PROPN" and not acronym_letters(token.text)):
            continue
        owners = lookup.get(token.text)
        if not owners:
            continue
        found = owners[0] if len(owners) == 1 else _most_recent(owners, mentions, token.idx)
        if found is None:
            continue
        cl = clusters[found]
        span = Span(token.idx, token.idx + len(token.text))
        mentions[found].append(Mention(span, ids[found], _kind(token.text, False, cl)))
        if token.text != cl.name and token.text not in cl.aliases:
            cl.aliases.append(token.text)


def _repeat_lookup(clusters: list[Cluster], lex: ActorLexicon) -> dict[str, list[int]]:
    """What an untagged token may repeat: each person's surname (before any "Jr."), each
    organisation's acronyms and the last word of its name unless that is a generic head
    ("Chargers", not "Court"), with the clusters that hold it (a surname may be several
    people's; a short form of two organisations is left alone)."""
    lookup: dict[str, list[int]] = {}
    shorts: dict[str, set[int]] = {}
    for i, cl in enumerate(clusters):
        if cl.type == "person":
            for form in [cl.name, *cl.aliases]:
                holders = lookup.setdefault(without_suffix(form.split())[-1], [])
                if i not in holders:
                    holders.append(i)
        elif cl.type == "organisation":
            for form in cl.aliases:
                if acronym_letters(form):
                    lookup.setdefault(form, [i])
            words = cl.name.split()
            last = words[-1]
            if (
                len(words) > 1
                and len(last) >= 4
                and last[0].isupper()
                and last.lower() not in lex.generic_org_heads
            ):
                shorts.setdefault(last, set()).add(i)
    for word, owners in shorts.items():
        if len(owners) == 1 and word not in lookup:
            lookup[word] = sorted(owners)
    return lookup


def _most_recent(holders: list[int], mentions: list[list[Mention]], offset: int) -> int | None:
    """The one of ``holders`` with the latest mention before ``offset``; None when none has one."""
    last = {i: max((m.span.start for m in mentions[i] if m.span.start < offset), default=-1) for i in holders}
    best = max(holders, key=lambda i: last[i])
    return best if last[best] >= 0 else None


def _title_mentions(
    doc: Doc,
    clusters: list[Cluster],
    ids: list[str],
    mentions: list[list[Mention]],
    claimed: bytearray,
    abbreviations: Mapping[str, tuple[str, ...]] | None = None,
) -> None:
    """ "the Interior Minister" or "the minister" referring back to a title held by one person.

    A person's titles are the capitalised title written before the name ("Interior Minister
    Tomas Reyl") and a short apposition ("Tomas Reyl, the interior minister"), each also by
    its head noun ("minister").  "the <title>" counts only after that person's first
    mention, only when no other person in the article holds the same title, and only as a
    whole noun phrase: not "the general public", "the minister of health" (which may be
    another office) or the title of a name that follows ("the President Lina Ostrova").
    """
    titles: dict[tuple[str, ...], int | None] = {}
    #: the appositions themselves: they describe the name beside them, not a second mention
    beside: set[int] = set()

    def hold(key: tuple[str, ...], i: int) -> None:
        for k in {key, key[-1:], *_spelled_out(key, abbreviations or {})}:
            titles[k] = i if titles.get(k, i) == i else None

    for i, cl in enumerate(clusters):
        if cl.type != "person":
            continue
        for c in cl.members:
            if c.title:
                hold(tuple(c.title.lower().split()), i)
            appositive = _appositive_title(doc, c.tok_start, c.tok_end)
            if appositive:
                hold(appositive[0], i)
                beside.add(appositive[1])
    if not titles:
        return
    longest = max(len(k) for k in titles)
    for token in doc:
        if token.lower_ != "the" or token.i in beside:
            continue
        first = token.i + 1
        for n in range(min(longest, len(doc) - first), 0, -1):
            key = tuple(t.lower_ for t in doc[first : first + n])
            if key not in titles:
                continue
            found, after = titles[key], first + n
            last = doc[after - 1]
            named = after < len(doc) and (doc[after].pos_ == "PROPN" or claimed[after])
            qualified = after < len(doc) and doc[after].dep_ == "prep" and doc[after].head.i == last.i
            whole = last.pos_ in {"NOUN", "PROPN"} and last.dep_ not in {"amod", "compound"}
            if found is None or named or qualified or not whole or any(claimed[first:after]):
                break  # ambiguous, not this title, or the title of a name that follows
            start, end = doc[first].idx, last.idx + len(last.text)
            if start > clusters[found].members[0].start:
                mentions[found].append(Mention(Span(start, end), ids[found], "title"))
            break


def _spelled_out(key: tuple[str, ...], abbreviations: Mapping[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A title's forms with its abbreviated words written out, whole and by the head noun:
    ("gov.",) gives ("governor",), so that "the governor said" refers back to "Gov. Dana Ruiz"
    when she is the only governor named."""
    if not key or not any(word in abbreviations for word in key):
        return []
    out: list[tuple[str, ...]] = [()]
    for word in key:
        out = [(*prefix, form) for prefix in out for form in abbreviations.get(word, (word,))]
    return [k for whole in out for k in (whole, whole[-1:])]


#: an appositive title is at most this many words after its "the"
APPOSITIVE_WORDS = 3


def _appositive_title(doc: Doc, tok_start: int, tok_end: int) -> tuple[tuple[str, ...], int] | None:
    """The words of "the interior minister" in "Tomas Reyl, the interior minister, said" and
    the index of its "the": a short appositive noun phrase with "the" and no clause or
    preposition; None otherwise."""
    for token in doc[tok_start:tok_end]:
        for child in token.children:
            if child.dep_ != "appos" or child.pos_ != "NOUN" or child.i < tok_end:
                continue
            words = list(child.subtree)
            if words[0].lower_ != "the" or not 1 < len(words) <= APPOSITIVE_WORDS + 1:
                continue
            body = words[1:]
            if body[-1].i != child.i or any(t.pos_ not in {"NOUN", "ADJ", "PROPN"} for t in body):
                continue
            return tuple(t.lower_ for t in body), words[0].i
    return None


def _sentence(analysis: Analysis, offset: int) -> int:
    """The index of the sentence holding character ``offset`` (0 before the first sentence)."""
    return max(analysis.sentence_index(offset), 0)


def _authors_named(doc: Doc, cands: list[Candidate], authors: Sequence[str]) -> None:
    """A name that is the article's own author's is a person's, whatever the tagger said:
    "Ana Petrell is a senior analyst" under the byline "By Ana Petrell" had the small model
    tag "Petrell" alone, as an organisation.  The author's given name written right before
    the surname joins the mention."""
    names = [fold(a).split() for a in authors]
    for c in cands:
        words = fold(c.text).split()
        for name in names:
            if len(name) < 2 or c.country is not None or not (words == name or words == name[-1:]):
                continue
            given = len(name) - len(words)
            first = c.tok_start - given
            if given and first >= 0 and [fold(t.text) for t in doc[first : c.tok_start]] == name[:given]:
                c.tok_start, c.start = first, doc[first].idx
                c.text = doc_text(doc)[c.start : c.end]
            if c.vote != "person":
                c.vote, c.why = "person", "the article's author"
            break


def _pronouns(
    doc: Doc,
    analysis: Analysis,
    clusters: list[Cluster],
    ids: list[str],
    mentions: list[list[Mention]],
    lex: ActorLexicon,
) -> None:
    """Link he/she/his/her... to the one person named in this or the previous two sentences.

    When two different persons are in reach and a known gender does not rule all but one
    out, the pronoun is skipped: a wrong link would put words in someone's mouth.  Gender
    comes from honorifics ("Mr.", "Ms.") and from earlier links with one person in reach.
    """
    persons = sorted(
        (m.span.start, i) for i, cl in enumerate(clusters) if cl.type == "person" for m in mentions[i]
    )
    if not persons:
        return
    gender = [cl.gender for cl in clusters]
    recent: deque[tuple[int, int]] = deque()  # (sentence index, cluster index), oldest first
    p = 0
    pronouns = lex.pronouns
    for i in tokens_where(doc, "POS", ["PRON"]):  # Doc.to_array: a Token for each pronoun only
        token = doc[i]
        low = token.lower_
        if low not in pronouns:
            continue
        while p < len(persons) and persons[p][0] < token.idx:
            recent.append((_sentence(analysis, persons[p][0]), persons[p][1]))
            p += 1
        sent = _sentence(analysis, token.idx)
        while recent and recent[0][0] < sent - PRONOUN_WINDOW:
            recent.popleft()
        if not recent:
            continue
        wanted = lex.pronoun_gender(low)
        competitors = {i for _, i in recent}
        # a known gender only rules a person out; it never picks one of two unknowns
        compatible = {i for i in competitors if gender[i] in (None, wanted)}
        if len(compatible) != 1:
            continue
        i = compatible.pop()
        if len(competitors) == 1 and gender[i] is None:
            gender[i] = wanted
        span = Span(token.idx, token.idx + len(token.text))
        mentions[i].append(Mention(span, ids[i], "pronoun"))


def _lead_end(article: Article, sentences: tuple[Span, ...]) -> int:
    """Where the lead ends: the first paragraphs, until they hold ``LEAD_WORDS`` words."""
    spans = article.paragraphs or sentences[:2]
    end, words = 0, 0
    for span in spans:
        end = span.end
        words += len(span.text_in(article.text).split())
        if words >= LEAD_WORDS:
            break
    return end


def _in_title(title: str | None, cl: Cluster, lex: ActorLexicon) -> bool:
    if not title:
        return False
    forms = {cl.name, *cl.aliases}
    if cl.type == "person":
        forms |= {without_suffix(f.split())[-1] for f in list(forms)}
    if cl.type == "country":
        forms |= {d for d, country in lex.demonyms.items() if country == cl.name}
    return any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", title) for f in forms if f)


def _with_salience(
    article: Article,
    sentences: tuple[Span, ...],
    clusters: list[Cluster],
    ids: list[str],
    mentions: list[list[Mention]],
    lex: ActorLexicon,
) -> list[Actor]:
    """Actors with salience = 0.5 * mentions/most mentions + 0.2 * earliness + 0.15 title + 0.15 lead.

    Earliness is 1 - first position / text length.  The score lies in [0, 1].
    """
    lead_end = _lead_end(article, sentences)
    length = max(len(article.text), 1)
    most = max((len(m) for m in mentions), default=1) or 1
    out = []
    for cl, actor_id, found in zip(clusters, ids, mentions, strict=True):
        found.sort(key=lambda m: m.span.start)
        first = found[0].span.start
        in_title = _in_title(article.title, cl, lex)
        in_lead = first < lead_end
        score = (
            W_COUNT * len(found) / most
            + W_FIRST * (1 - first / length)
            + W_TITLE * in_title
            + W_LEAD * in_lead
        )
        out.append(
            Actor(
                id=actor_id,
                name=cl.name,
                type=cl.type,
                aliases=tuple(cl.aliases),
                mentions=tuple(found),
                salience=score,
                first_position=first,
                in_title=in_title,
                in_lead=in_lead,
                type_reason=cl.type_reason or None,
            )
        )
    out.sort(key=lambda a: (-a.salience, a.first_position))
    return out
