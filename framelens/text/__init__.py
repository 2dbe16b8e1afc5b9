"""Text tools shared by the analysis stages and the cross-article comparison.

Small modules, each named for what it holds:

* ``names``: the forms names are compared in (fold, slug, initials, acronym letters,
  singular) and fuzzy similarity of name tokens;
* ``matching``: the one name matcher of actors, within an article and across articles;
* ``unionfind``: the union-find that groups names, actors and claims;
* ``windows``: a window of a long sentence around a span (what the tone model reads), the
  sentence itself coming from ``Analysis.sentence_of``;
* ``actor_lexicon`` and ``quote_lexicon``: the loaders of the word lists about names,
  titles, countries and speech (the lists themselves are data in ``framelens/resources/``).

Nothing here loads a model or parses with spaCy: these work on strings and ``Span``s, so
the stages (inside a worker, beside the Doc) and the comparison (after the workers) share them.
"""
