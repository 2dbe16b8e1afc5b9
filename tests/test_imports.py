"""Package boundaries, read from the sources with ast (nothing is imported)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "framelens"


def imported(source: str, package: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module a source imports; ``from x import y`` yields x and x.y.

    ``package`` is the package the source belongs to, against which relative imports resolve.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def package_imports(*, inside: str = "", outside: str = "") -> Iterator[tuple[str, int, str]]:
    """(file, line, dotted name) for the package's sources inside one subpackage or outside one."""
    for path in sorted(PACKAGE.rglob("*.py")):
        sub = path.relative_to(PACKAGE).parts[0]
        if (inside and sub != inside) or (outside and sub == outside):
            continue
        # a module's package, or an __init__'s own: the folder it is in
        package = ".".join(path.relative_to(PACKAGE.parent).parts[:-1])
        for line, name in imported(path.read_text("utf-8"), package):
            yield str(path.relative_to(PACKAGE.parent)), line, name


def private_stage_module(name: str) -> bool:
    parts = name.split(".")
    return parts[:2] == ["framelens", "stages"] and len(parts) > 2 and parts[2].startswith("_")


def test_no_module_outside_the_stages_imports_a_private_stage_module() -> None:
    """What the stages share with other packages lives in a public module (``framelens.text`` ...)."""
    found = [
        f"{file}:{line} imports {name}"
        for file, line, name in package_imports(outside="stages")
        if private_stage_module(name)
    ]
    assert found == []


def test_text_tools_depend_on_neither_the_stages_nor_the_comparison() -> None:
    found = [
        f"{file}:{line} imports {name}"
        for file, line, name in package_imports(inside="text")
        if name.startswith(("framelens.stages", "framelens.comparison"))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "private"),
    [
        ("from framelens.stages._names import fold", True),
        ("import framelens.stages._names", True),
        ("from framelens.stages import _names", True),
        ("from ..stages._names import fold", True),
        ("from ..stages import _names", True),
        ("def f():\n    from framelens.stages._names import fold", True),
        ("from framelens.stages.actors import actors", False),
        ("from framelens.stages import actors", False),
        ("from .names import fold", False),
        ("from framelens.text.names import fold", False),
    ],
)
def test_the_scan_sees_every_form_of_import(source: str, private: bool) -> None:
    names = [name for _, name in imported(source, "framelens.comparison")]
    assert any(private_stage_module(n) for n in names) is private
