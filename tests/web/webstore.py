"""The web tests' store: generated articles plus one with markup in its title and outlet.

The real pipeline runs (so actors, labels and tone exist for the actor page), with tone
on: the tone stage costs about three seconds here, and without stored tone each story's
comparison has more to do, so it is the cheaper choice overall.
"""

from __future__ import annotations

from pathlib import Path

from corpusgen import as_articles, generate

from framelens.config import load_settings
from framelens.corpus import build_story_reports, cluster_store, ingest_articles, load_corpus_params
from framelens.models import Article, article_id
from framelens.store import Store

#: the loopback address TestClient poses as (the app answers only to loopback host names)
BASE = "http://127.0.0.1"
HOSTILE_TITLE = "<script>alert('velka')</script> Velka bridges fall"
HOSTILE_OUTLET = "Metro <b>Daily</b>"


def corpus_articles() -> list[Article]:
    rows = generate(per_event=3, events=4)
    articles = as_articles(rows)
    text = (
        "Bridges in Velka gave way on Monday as the Marn river kept rising.\n\n"
        "Mayor Irina Dostal said the old town would stay closed until the water fell."
    )
    hostile = Article(
        id=article_id(text),
        source="hostile",
        text=text,
        title=HOSTILE_TITLE,
        outlet=HOSTILE_OUTLET,
        published="2031-03-03",
    )
    return [*articles, hostile]


def build_store(path: Path) -> Path:
    """Analyse the articles into a new store at ``path``, group them into stories, store their reports."""
    params = load_corpus_params()
    settings = load_settings(tone=True)
    with Store(path) as store:
        ingest_articles(corpus_articles(), store, settings, params)
        cluster_store(store, params.stories)
        build_story_reports(store, settings, max_articles=settings.web.max_story_articles)
    return path
