"""A union-find (disjoint sets) over item indices: how names, actors and claims are grouped.

Each group's root is its smallest index, so the grouping and its roots do not depend on
the order in which pairs were joined.
"""

from __future__ import annotations


class UnionFind:
    """Disjoint sets over ``0 .. n-1``, with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The root of ``i``'s set: its smallest member."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        """Join the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
