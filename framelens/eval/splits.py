"""The held-back rule every evaluator and training script shares: a fixed fifth chosen by a hash.

A hash of an item's id, not its position in a file, so the split stays put however the
data is sorted or extended; the training scripts never fit on the held-back part and the
evaluators score it by default.
"""

from __future__ import annotations

import hashlib

SPLITS = ("heldback", "training", "all")
#: one item in HELD_BACK_MODULUS is held back: SHA-256 of its id, modulo this, is 0
HELD_BACK_MODULUS = 5


def is_held_back(key: str) -> bool:
    """Whether the item with id ``key`` is in the held-back part."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % HELD_BACK_MODULUS == 0


def in_split(key: str, split: str) -> bool:
    """Whether the item with id ``key`` belongs to ``split`` (one of ``SPLITS``)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    return split == "all" or is_held_back(key) == (split == "heldback")
