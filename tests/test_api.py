"""The public surface: what ``import framelens`` offers, pinned so it changes only on purpose."""

from __future__ import annotations

import subprocess
import sys

import framelens


def test_all_is_unique_and_importable() -> None:
    assert len(set(framelens.__all__)) == len(framelens.__all__)
    expected = {"Analysis", "Article", "Comparison", "analyze", "analyze_many", "compare", "read", "Settings"}
    assert expected <= set(framelens.__all__)


def test_compare_is_the_function_after_its_submodules_are_imported() -> None:
    import framelens.comparison.claims

    assert callable(framelens.compare)
    assert framelens.compare.__module__ == "framelens.comparison.build"
    for name in framelens.__all__:
        assert hasattr(framelens, name), name


def test_no_public_name_shadows_a_module() -> None:
    """``framelens.X`` is either a module or a public name, never both (a function that hides
    its own module makes ``import framelens.X`` and ``framelens.X`` mean two things)."""
    import importlib.util

    for name in framelens.__all__:
        assert importlib.util.find_spec(f"framelens.{name}") is None, name


def test_analyze_is_the_function_and_its_module_still_imports() -> None:
    from framelens.engine import analyze_many

    assert callable(framelens.analyze) and framelens.analyze_many is analyze_many
    result = framelens.analyze("Mayor Ilse Varn opened the new harbour bridge on Friday, officials said.")
    assert isinstance(result, framelens.Analysis)
    assert any(a.name == "Ilse Varn" for a in result.actors)


def test_target_tone_returns_label_and_probability() -> None:
    from framelens.tone import target_tone

    label, score = target_tone("Critics praised Mayor Varn for the bridge.", 23, 27)
    assert label in {"negative", "neutral", "positive"} and 0.0 < score <= 1.0


def test_import_loads_no_model() -> None:
    code = "import sys, framelens, framelens.cli; print('spacy' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_read_takes_one_path_as_a_string() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "examples" / "halden-review.md"
    (article,) = list(framelens.read(str(path)))
    assert isinstance(article, framelens.Article) and "Vostrikova" in article.text
