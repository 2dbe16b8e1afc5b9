"""One flattening rule: a record's dataclass fields give its JSON, its store row and the schema check.

A record is a frozen dataclass of ``framelens.models`` or ``framelens.comparison.records``.
Its JSON form (``to_dict``, ``from_dict``), its store columns (``framelens.store.schema``),
its rows and back (``framelens.store.codec``) and the check of a JSON schema against it
(``schema_problems``) all walk ``dataclasses.fields`` in declaration order with one rule,
by the field's type (JSON -> store):

- ``str``, ``int``, ``float``, ``bool``: the value under the field's name -> a column of
  that name, NOT NULL unless the type allows None;
- a ``Span`` named ``span`` (the record's own words): ``start``, ``end`` and ``text``, the
  verbatim words -> ``start``, ``end``, and the words in a ``text`` column last (rows of a
  table only, not JSON text);
- any other ``Span`` ``x`` or ``x_span``: ``x_start``, ``x_end`` -> the same columns;
- ``tuple[str, ...]``: a list -> ``VARCHAR[]``;
- ``xs: tuple[Span, ...]``: a list of ``{start, end}`` -> ``x_starts``, ``x_ends`` (``INTEGER[]``);
- ``tuple[Record, ...]``: a list of the records' JSON -> JSON text of the records' store
  form, or rows of their own table;
- a ``Record``: its JSON -> its own table;
- ``tuple[tuple[a, b], ...]``: an object ``{a: b}`` -> JSON text ``[[a, b], ...]``;
- a fixed-length ``tuple``: an object ``{part: value}`` -> a column ``name_part`` per part.

A record that needs something else declares it next to the field, as metadata
(``field(metadata=flat(...))``); nothing here knows a record by name.  The exceptions:
``json`` (another key, or None: not in the JSON), ``column`` (another column name or
prefix, or None: not in the record's row), ``digits`` (the JSON rounds; the store keeps
the exact value), ``parts`` (names of a tuple's items: object keys in the JSON, column
suffixes in the store), ``verbatim`` (a key for a non-main span's words, before its
offsets), ``count`` (the JSON adds the number of items under this key), ``table`` (items
stored as rows of that table), ``key`` (stored among the row's keys, before ``ord``),
``nullable`` (a JSON-text column that may be NULL), ``place`` / ``json_place`` /
``column_place`` (``first``, ``last`` or ``after <field>``, where a field stands apart
from the declaration order in both forms or in one), and for the check of a report that
shapes records its own way: ``json_without`` (fields the JSON leaves out there) and
``grouped_under`` (the JSON lists the items grouped, under this key of each group).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

#: the key of a field's declared exceptions in ``dataclasses.Field.metadata``
META = "framelens.flat"


class Kind(StrEnum):
    """What a field holds, which decides how it flattens (the rule's rows, in order)."""

    SCALAR = "scalar"
    SPAN = "span"
    SPANS = "spans"
    STRINGS = "strings"
    RECORD = "record"
    RECORDS = "records"
    PAIRS = "pairs"
    PARTS = "parts"
    OTHER = "other"


_SQL = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN"}

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Flat:
    """The declared exceptions of one field (see the module docstring); the defaults are the rule.

    ``json`` and ``column`` are the field's own name when empty, and None where it has none.
    """

    json: str | None = ""
    column: str | None = ""
    digits: int | None = None
    parts: tuple[str, ...] = ()
    verbatim: str | None = None
    count: str | None = None
    table: str | None = None
    key: bool = False
    nullable: bool = False
    place: str = ""
    json_place: str = ""
    column_place: str = ""
    json_without: tuple[str, ...] = ()
    grouped_under: str | None = None


def flat(**exceptions: Any) -> dict[str, Flat]:
    """Field metadata: where a field departs from the rule, e.g. ``field(metadata=flat(json="actor"))``."""
    return {META: Flat(**exceptions)}


@dataclass(frozen=True)
class FieldPlan:
    """How one field flattens: its kind, its JSON keys and its store columns (worked out once)."""

    name: str
    kind: Kind
    optional: bool
    item: Any  # the record class of RECORD(S), the item types of PAIRS and PARTS, the scalar type
    rule: Flat
    has_default: bool

    @property
    def json_name(self) -> str | None:
        return self.rule.json or (None if self.rule.json is None else self.name)

    @property
    def main_span(self) -> bool:
        return self.kind == Kind.SPAN and self.name == "span"

    @property
    def prefix(self) -> str:
        """The column (and JSON key) prefix of a span, spans or parts field."""
        if self.rule.column:
            return self.rule.column
        if self.kind == Kind.SPANS:
            return self.name.removesuffix("s")
        return self.name.removesuffix("_span")

    @functools.cached_property
    def json_keys(self) -> list[str]:
        """The keys this field gives in the JSON, in order."""
        name = self.json_name
        if name is None:
            return []
        if self.main_span:
            return ["start", "end", "text"]
        if self.kind == Kind.SPAN:
            head = [self.rule.verbatim] if self.rule.verbatim else []
            return [*head, f"{self.prefix}_start", f"{self.prefix}_end"]
        return [name, *([self.rule.count] if self.rule.count else [])]

    @functools.cached_property
    def columns(self) -> list[tuple[str, str]]:
        """(name, DuckDB type) of the columns this field gives in its record's row."""
        if self.rule.column is None or (self.kind == Kind.RECORDS and self.rule.table):
            return []
        null = "" if self.optional else " NOT NULL"
        if self.kind == Kind.SCALAR:
            name = self.rule.column or self.name
            return [(name, _SQL[self.item] + null)]
        if self.kind == Kind.SPAN:
            ends = ("start", "end") if self.main_span else (f"{self.prefix}_start", f"{self.prefix}_end")
            return [(e, "INTEGER" + null) for e in ends]
        if self.kind == Kind.SPANS:
            return [(f"{self.prefix}_starts", "INTEGER[]"), (f"{self.prefix}_ends", "INTEGER[]")]
        if self.kind == Kind.STRINGS:
            return [(self.name, "VARCHAR[]")]
        if self.kind in (Kind.RECORDS, Kind.PAIRS):
            return [(self.name, "VARCHAR" if self.rule.nullable else "VARCHAR NOT NULL")]
        if self.kind == Kind.PARTS:
            return [(f"{self.prefix}_{part}", _SQL[self.item[0]] + " NOT NULL") for part in self.rule.parts]
        raise TypeError(f"field {self.name} ({self.kind}) has no store form; declare column=None")


@dataclass(frozen=True)
class RecordPlan:
    """A record class's fields, in JSON order and in store order."""

    cls: type
    fields: tuple[FieldPlan, ...]
    json_order: tuple[FieldPlan, ...]
    column_order: tuple[FieldPlan, ...]

    @functools.cached_property
    def row_fields(self) -> tuple[FieldPlan, ...]:
        """The fields with columns in the record's row, its keys first."""
        stored = [f for f in self.column_order if f.columns]
        return (*(f for f in stored if f.rule.key), *(f for f in stored if not f.rule.key))

    @functools.cached_property
    def key_columns(self) -> list[str]:
        return [name for f in self.row_fields if f.rule.key for name, _ in f.columns]

    @functools.cached_property
    def verbatim(self) -> bool:
        """Whether rows of this record end with the verbatim words of its main span."""
        return any(f.main_span for f in self.fields)

    @functools.cached_property
    def tables(self) -> list[tuple[str, FieldPlan]]:
        """(table, field) of the fields whose items are rows of their own table."""
        return [(str(f.rule.table), f) for f in self.fields if f.kind == Kind.RECORDS and f.rule.table]

    @functools.cached_property
    def json_writers(self) -> list[tuple[str, Writer]]:
        return [(f.name, _json_writer(f)) for f in self.json_order if f.json_name is not None]

    @functools.cached_property
    def row_writers(self) -> list[tuple[str, Writer]]:
        return [(f.name, _row_writer(f)) for f in self.row_fields]

    @functools.cached_property
    def readers(self) -> list[tuple[str, Reader]]:
        """(field, reader) of every field the store holds: table fields, then the row's columns."""
        return [(f.name, _reader(f)) for _, f in self.tables] + [
            (f.name, _reader(f)) for f in self.row_fields
        ]


def _kind(hint: Any) -> tuple[Kind, bool, Any]:
    from framelens.models import Span  # here, not at import: models imports this module

    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(present) < len(typing.get_args(hint))
        if len(present) == 1:
            hint = present[0]
    if hint is Span:
        return Kind.SPAN, optional, None
    if hint in _SQL:
        return Kind.SCALAR, optional, hint
    if dataclasses.is_dataclass(hint):
        return Kind.RECORD, optional, hint
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = args[0]
            if item is str:
                return Kind.STRINGS, optional, None
            if item is Span:
                return Kind.SPANS, optional, None
            if dataclasses.is_dataclass(item):
                return Kind.RECORDS, optional, item
            if typing.get_origin(item) is tuple:
                return Kind.PAIRS, optional, typing.get_args(item)
        else:
            return Kind.PARTS, optional, args
    return Kind.OTHER, optional, None


def _ordered(fields: tuple[FieldPlan, ...], side: str) -> tuple[FieldPlan, ...]:
    """``fields`` with each declared ``place`` applied, in declaration order."""
    order = list(fields)
    for f in fields:
        place = getattr(f.rule, f"{side}_place") or f.rule.place
        if not place:
            continue
        order.remove(f)
        if place == "first":
            order.insert(0, f)
        elif place == "last":
            order.append(f)
        elif place.startswith("after "):
            anchor = place.removeprefix("after ")
            order.insert(next(i for i, g in enumerate(order) if g.name == anchor) + 1, f)
        else:
            raise ValueError(f"{f.name}: place {place!r} is not first, last or 'after <field>'")
    return tuple(order)


_PLANS: dict[type, RecordPlan] = {}


def plan(cls: type) -> RecordPlan:
    """How ``cls`` flattens (computed once per class)."""
    found = _PLANS.get(cls)
    if found is None:
        found = _PLANS[cls] = _plan(cls)
    return found


def _plan(cls: type) -> RecordPlan:
    hints = typing.get_type_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        kind, optional, item = _kind(hints[f.name])
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        fields.append(FieldPlan(f.name, kind, optional, item, f.metadata.get(META, Flat()), has_default))
    plans = tuple(fields)
    return RecordPlan(cls, plans, _ordered(plans, "json"), _ordered(plans, "column"))


# --- JSON ------------------------------------------------------------------------------------


class FieldTexts(str):
    """An article's body text that also carries the texts of its other fields (the headline).

    A record whose ``field`` attribute names one of them ("title") points into that text, not
    the body; passing this where the article text goes lets the one rule give such a record
    its words without a second argument threaded through every writer.
    """

    fields: dict[str, str]

    def __new__(cls, text: str, **fields: str) -> FieldTexts:
        out = super().__new__(cls, text)
        out.fields = fields
        return out

    def of(self, name: str | None) -> str:
        """The text a span of field ``name`` points into (None: the body, this text)."""
        return self.fields.get(name, "") if name else self


def _own_text(record: Any, text: str | None) -> str | None:
    """The text ``record``'s spans point into: its ``field``'s text when it names one."""
    return text.of(getattr(record, "field", None)) if isinstance(text, FieldTexts) else text


def _words(span: Any, text: str | None) -> str:
    if text is None:
        raise TypeError("a record with spans needs the article text to give their words")
    return str(span.text_in(text))


Writer = Callable[[Any, "str | None", dict[str, Any]], None]  # (value, article text, out)


def _json_writer(f: FieldPlan) -> Writer:
    """The function that puts one field's value into a record's JSON dict."""
    name, digits, parts = str(f.json_name), f.rule.digits, f.rule.parts
    if f.main_span:

        def span(v: Any, text: str | None, out: dict[str, Any]) -> None:
            out["start"], out["end"], out["text"] = v.start, v.end, _words(v, text)

        return span
    if f.kind == Kind.SPAN:
        verbatim, start, end = f.rule.verbatim, f"{f.prefix}_start", f"{f.prefix}_end"

        def other_span(v: Any, text: str | None, out: dict[str, Any]) -> None:
            if verbatim:
                out[verbatim] = _words(v, text) if v else None
            out[start], out[end] = (v.start, v.end) if v else (None, None)

        return other_span
    if f.kind == Kind.SCALAR:

        def scalar(v: Any, text: str | None, out: dict[str, Any]) -> None:
            out[name] = v if digits is None or v is None else round(v, digits)

        return scalar
    if f.kind in (Kind.STRINGS, Kind.SPANS, Kind.RECORDS):
        count = f.rule.count

        def items(v: Any, text: str | None, out: dict[str, Any]) -> None:
            out[name] = list(v) if f.kind == Kind.STRINGS else [to_json(item, text) for item in v]
            if count:
                out[count] = len(v)

        return items
    if f.kind == Kind.RECORD:
        return lambda v, text, out: out.__setitem__(name, to_json(v, text))
    if f.kind == Kind.PAIRS:

        def pairs(v: Any, text: str | None, out: dict[str, Any]) -> None:
            out[name] = [dict(zip(parts, p, strict=True)) for p in v] if parts else dict(v)

        return pairs
    if f.kind == Kind.PARTS:

        def named_parts(v: Any, text: str | None, out: dict[str, Any]) -> None:
            out[name] = {
                part: x if digits is None else round(x, digits) for part, x in zip(parts, v, strict=True)
            }

        return named_parts
    raise TypeError(f"field {f.name} ({f.kind}) has no JSON form; declare json=None")


def to_json(record: Any, text: str | None = None) -> dict[str, Any]:
    """The JSON form of ``record``; ``text`` is the article text its spans point into."""
    out: dict[str, Any] = {}
    own = _own_text(record, text)
    for attr, write in plan(type(record)).json_writers:
        write(getattr(record, attr), own, out)
    return out


def from_json(cls: type[Any], data: Mapping[str, Any]) -> Any:
    """The record of ``cls`` whose JSON form is ``data`` (absent keys take the field's default).

    Exact for records whose JSON drops and rounds nothing (``Article`` and its parts).
    """
    from framelens.models import Span

    values: dict[str, Any] = {}
    for f in plan(cls).fields:
        name = f.json_name
        if name is None or (f.has_default and name not in data):
            continue
        raw = data[name]
        if f.kind == Kind.SCALAR:
            values[f.name] = raw if raw is None else f.item(raw)
        elif f.kind == Kind.STRINGS:
            values[f.name] = tuple(raw or ())
        elif f.kind == Kind.SPANS:
            values[f.name] = tuple(from_json(Span, s) for s in raw or ())
        elif f.kind == Kind.RECORDS:
            values[f.name] = tuple(from_json(f.item, r) for r in raw or ())
        elif f.kind == Kind.RECORD:
            values[f.name] = from_json(f.item, raw)
        else:
            raise TypeError(f"{cls.__name__}.{f.name} ({f.kind}) cannot be read back from JSON")
    return cls(**values)


# --- store rows ------------------------------------------------------------------------------


def columns(cls: type) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(key columns, other columns) of ``cls``'s row, each (name, DuckDB type), in order."""
    fields = plan(cls).row_fields
    keys = [c for f in fields if f.rule.key for c in f.columns]
    return keys, [c for f in fields if not f.rule.key for c in f.columns]


def _row_writer(f: FieldPlan) -> Writer:
    """The function that puts one field's value into a record's store row."""
    names = [name for name, _ in f.columns]
    first = names[0]
    if f.kind == Kind.SPAN:
        return lambda v, text, out: out.update(
            zip(names, (v.start, v.end) if v else (None, None), strict=True)
        )
    if f.kind == Kind.SPANS:
        return lambda v, text, out: out.update(
            zip(names, ([s.start for s in v], [s.end for s in v]), strict=True)
        )
    if f.kind == Kind.STRINGS:
        return lambda v, text, out: out.__setitem__(first, list(v))
    if f.kind == Kind.RECORDS:
        return lambda v, text, out: out.__setitem__(first, json.dumps([to_row(r) for r in v]))
    if f.kind == Kind.PAIRS:
        return lambda v, text, out: out.__setitem__(first, json.dumps([list(pair) for pair in v]))
    if f.kind == Kind.PARTS:
        return lambda v, text, out: out.update(zip(names, v, strict=True))
    return lambda v, text, out: out.__setitem__(first, v)


def to_row(record: Any, text: str | None = None, *, verbatim: bool = False) -> Row:
    """``record``'s own columns (its keys first); with ``verbatim``, its main span's words as ``text``."""
    out: Row = {}
    _to_row(plan(type(record)), record, text, verbatim, out)
    return out


def _to_row(p: RecordPlan, record: Any, text: str | None, verbatim: bool, out: Row) -> None:
    text = _own_text(record, text)
    for attr, write in p.row_writers:
        write(getattr(record, attr), text, out)
    if verbatim and p.verbatim:
        out["text"] = _words(record.span, text)


def table_rows(record: Any, text: str, keys: Row) -> dict[str, list[Row]]:
    """Rows of every table ``record``'s fields declare (nested ones too): ``keys``, ``ord``, columns.

    Its columns come in no particular order: the writer builds each batch by the table's columns.
    """
    out: dict[str, list[Row]] = {}
    _table_rows(plan(type(record)), record, text, keys, out)
    return out


def _table_rows(p: RecordPlan, record: Any, text: str, keys: Row, out: dict[str, list[Row]]) -> None:
    for table, f in p.tables:
        rows = out.setdefault(table, [])
        item = plan(f.item)
        for i, value in enumerate(getattr(record, f.name)):
            row = {**keys, "ord": i}
            _to_row(item, value, text, True, row)
            rows.append(row)
            if item.tables:
                _table_rows(item, value, text, keys, out)


class _Tables:
    """Stored rows by table, grouped on first use by the key columns a record's items carry."""

    def __init__(self, tables: Mapping[str, list[Row]]) -> None:
        self.tables = tables
        self.groups: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], list[Row]]] = {}

    def rows(self, table: str, keys: list[str], parent: Mapping[str, Any]) -> list[Row]:
        """The rows of ``table`` whose ``keys`` equal ``parent``'s, by ``ord``."""
        group = self.groups.get((table, tuple(keys)))
        if group is None:
            group = self.groups[(table, tuple(keys))] = {}
            for r in sorted(self.tables.get(table, ()), key=lambda r: int(r["ord"])):
                group.setdefault(tuple(r[k] for k in keys), []).append(r)
        return group.get(tuple(parent[k] for k in keys), [])


def from_row(
    cls: type[Any], row: Mapping[str, Any], tables: Mapping[str, list[Row]] | None = None, **given: Any
) -> Any:
    """The record of ``cls`` that ``to_row`` (and ``table_rows``) stored.

    ``tables`` maps a table to the stored rows for the record's table fields: an item's
    rows are those whose key columns equal this row's columns of the same name, by
    ``ord``.  ``given`` supplies fields stored elsewhere (``column=None``).
    """
    return _from_row(cls, row, _Tables(tables or {}), given)


Reader = Callable[[Mapping[str, Any], _Tables], Any]  # (row, stored tables) -> the field's value


def _reader(f: FieldPlan) -> Reader:
    """The function that reads one field's value back from a store row (and the stored tables)."""
    from framelens.models import Span

    if f.kind == Kind.RECORDS and f.rule.table:
        table, item = f.rule.table, f.item
        return lambda row, tables: tuple(
            _from_row(item, r, tables, {}) for r in tables.rows(table, plan(item).key_columns, row)
        )
    names = [name for name, _ in f.columns]
    first = names[0]
    if f.kind == Kind.SPAN:
        start, end = names

        def span(row: Mapping[str, Any], tables: _Tables) -> Any:
            a, b = row[start], row[end]
            return None if a is None or b is None else Span(a, b)

        return span
    if f.kind == Kind.SPANS:
        return lambda row, tables: tuple(
            Span(a, b) for a, b in zip(row[names[0]] or (), row[names[1]] or (), strict=True)
        )
    if f.kind == Kind.STRINGS:
        return lambda row, tables: tuple(row[first] or ())
    if f.kind == Kind.RECORDS:
        item = f.item
        return lambda row, tables: tuple(
            _from_row(item, r, tables, {}) for r in json.loads(row[first] or "[]")
        )
    if f.kind == Kind.PAIRS:
        types_ = f.item
        return lambda row, tables: tuple(
            tuple(t(x) for t, x in zip(types_, pair, strict=True)) for pair in json.loads(row[first])
        )
    if f.kind == Kind.PARTS:
        return lambda row, tables: tuple(row[name] for name in names)
    return lambda row, tables: row[first]


def _from_row(cls: type[Any], row: Mapping[str, Any], tables: _Tables, given: dict[str, Any]) -> Any:
    return cls(**given, **{name: read(row, tables) for name, read in plan(cls).readers})


# --- the JSON schema check -------------------------------------------------------------------


def _deref(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    target: Mapping[str, Any] = root
    for part in str(ref).removeprefix("#/").split("/"):
        target = target[part]
    return _deref(target, root)


def _keys(node: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The properties an object node allows (through ``$ref`` and ``allOf``), ``required`` included."""
    node = _deref(node, root)
    found: dict[str, Mapping[str, Any]] = {name: {} for name in node.get("required", ())}
    for part in node.get("allOf", ()):
        found.update(_keys(part, root))
    found.update(node.get("properties", {}))
    return found


def schema_problems(
    cls: type,
    node: Mapping[str, Any],
    root: Mapping[str, Any] | None = None,
    where: str = "",
    without: tuple[str, ...] = (),
) -> list[str]:
    """Where the JSON schema ``node`` (of document ``root``) lacks a key that ``cls``'s JSON gives.

    Walks ``cls``'s fields and, for nested records, their place in the schema; a field
    declared ``json=None`` (or left out at this place with ``json_without``) is not looked for.
    """
    root = node if root is None else root
    where = where or cls.__name__
    allowed = _keys(node, root)
    problems = []
    for f in plan(cls).fields:
        if f.name in without:
            continue
        for key in f.json_keys:
            if key not in allowed:
                problems.append(f"{where}: {cls.__name__}.{f.name} gives {key!r}, which the schema lacks")
        name = f.json_name
        if name is None or name not in allowed:
            continue
        inner = _deref(allowed[name], root)
        if f.kind == Kind.RECORD:
            problems += schema_problems(f.item, inner, root, f"{where}.{name}", f.rule.json_without)
        elif f.kind == Kind.RECORDS:
            items = _deref(inner.get("items", {}), root)
            if f.rule.grouped_under:
                items = _deref(_keys(items, root).get(f.rule.grouped_under, {}), root)
                items = _deref(items.get("items", {}), root)
            problems += schema_problems(f.item, items, root, f"{where}.{name}[]", f.rule.json_without)
        elif f.kind in (Kind.PARTS, Kind.PAIRS) and f.rule.parts:
            inner = _deref(inner.get("items", {}), root) if f.kind == Kind.PAIRS else inner
            have = _keys(inner, root)
            problems += [
                f"{where}.{name}: {cls.__name__}.{f.name} gives {part!r}, which the schema lacks"
                for part in f.rule.parts
                if part not in have
            ]
    return problems


class Record:
    """Gives a record dataclass its JSON form by the rule (a mixin: no state of its own)."""

    __slots__ = ()

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        """The JSON form; ``text`` is the article text the record's spans point into."""
        return to_json(self, text)


class ExactRecord(Record):
    """A record whose JSON form drops and rounds nothing, so it reads back: ``from_dict``."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return typing.cast(Self, from_json(cls, data))
