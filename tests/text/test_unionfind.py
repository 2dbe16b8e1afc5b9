"""The union-find (framelens.text.unionfind)."""

from __future__ import annotations

import itertools

from framelens.text.unionfind import UnionFind


def test_each_item_starts_alone() -> None:
    uf = UnionFind(3)
    assert [uf.find(i) for i in range(3)] == [0, 1, 2]


def test_joined_sets_share_their_smallest_member_as_root_whatever_the_order() -> None:
    pairs = [(4, 2), (2, 5), (1, 3)]
    for order in itertools.permutations(pairs):
        uf = UnionFind(6)
        for a, b in order:
            uf.union(a, b)
        assert [uf.find(i) for i in range(6)] == [0, 1, 2, 1, 2, 2]


def test_joining_twice_changes_nothing() -> None:
    uf = UnionFind(2)
    uf.union(0, 1)
    uf.union(1, 0)
    assert uf.find(1) == 0
