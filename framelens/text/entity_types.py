"""Groups of spaCy's named-entity types that several stages ask about.

One table each, so that "a day or an hour" and "a place" mean the same everywhere: the labels,
quotes, quantities and loaded-word rules had each kept their own copy.
"""

from __future__ import annotations

#: a day or an hour ("on Monday", "at 5 p.m.", "last week")
WHEN_ENTITIES = frozenset({"DATE", "TIME"})
#: a place: a country or city, a region, a building
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
