"""Name forms and name comparison (framelens.text.names), on fictional names."""

from __future__ import annotations

import pytest

from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.names import (
    acronym_letters,
    fold,
    form_key,
    initials,
    similar_token,
    singular,
    skeleton,
    slug,
    well_formed,
)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Qasim", "Qasem", True),
        ("Qassem", "Qasem", True),
        ("Qasim", "Qassem", True),
        ("Solemani", "Soleimani", True),
        ("Suleimani", "Soleimani", True),
        ("Dovlatov", "Dovlatow", True),
        ("Vostrikova", "Vostrikova", True),
        ("Heller", "Stroul", False),
        ("Reyl", "Ryle", False),
        ("Ali", "Al", False),
        ("Petrenko", "Petrov", False),
    ],
)
def test_similar_token(a: str, b: str, same: bool) -> None:
    assert similar_token(a, b) is same


def test_skeleton_initials_acronyms_and_slugs() -> None:
    fw = actor_lexicon().function_words
    assert skeleton("Qassem") == skeleton("Qasim") == "qsm"
    assert initials(["Institute", "for", "Strategic", "Dialogue"], fw) == "ISD"
    assert initials(["Islamic", "State", "in", "Iraq", "and", "Syria"], fw) == "ISIS"
    assert (acronym_letters("U.S."), acronym_letters("PMUs"), acronym_letters("Iran")) == ("US", "PMU", None)
    assert slug("Qasim Solemani") == "qasim-solemani"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tomas Reyl", "tomas reyl"),
        ("  Ana-Lucía  Ortíz ", "ana lucia ortiz"),
        ("Marek Dovlatov's", "marek dovlatov s"),
        ("U.S.", "u s"),
        ("¿?", ""),
    ],
)
def test_fold_drops_case_accents_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("word", "expected"),
    [("forces", "force"), ("guards", "guard"), ("press", "press"), ("bus", "bus"), ("is", "is")],
)
def test_singular_drops_a_plural_s_only(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("name", "fit"),
    [
        ("Halden Institute", True),
        ("NSB", False),
        ("Vostrikova’s", False),
        ("Reyl's", False),
        ("O'Dara", True),
    ],
)
def test_well_formed_rejects_capitals_and_possessives(name: str, fit: bool) -> None:
    assert well_formed(name) is fit


def test_slug_of_a_name_without_letters_is_actor() -> None:
    assert slug("Ana-Lucía Ortíz") == "ana-lucia-ortiz"
    assert slug("—") == "actor"


def test_form_key_folds_and_may_fold_a_plural_ending() -> None:
    assert form_key("Harbour  Guards") == "harbour guards"
    assert form_key("Harbour Guards", plural=True) == form_key("harbour guard") == "harbour guard"
    assert form_key("", plural=True) == ""
