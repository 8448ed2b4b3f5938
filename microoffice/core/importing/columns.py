"""How each column of a sheet becomes a checked field of a client or staff member.

Each cell is read and checked by the service's own text readers and field rules (the ones its
form and `validate` use), and each row by the service's `record_problems`, so an import can never
let in what the form would refuse. The work is done a column at a time and once per distinct
text: a list of 1,000 clients has a handful of towns, titles and postcodes, and a file of
thousands is checked in the time a person takes to look at the preview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from microoffice.core.importing.mapping import Mapping
from microoffice.core.importing.targets import FIELD_OF, FULL_NAME, split_full_name
from microoffice.core.services import clients, staff
from microoffice.core.services.forms import Rule, apply_rules, stripped

CHOICES = ("nation", "role", "employment_type")  # an empty cell: the usual choice
_UNREAD = object()  # the text could not be read at all: the field keeps its default


class _Step:
    """One column's text to its field's clean value: the field's reader (the one the form and
    the command line use: a nation's name, "37.5" hours), then the field's rule."""

    __slots__ = ("failed", "field", "read", "rule", "seen", "unread")

    def __init__(self, field_name: str, read: Rule | None, rule: Rule | None) -> None:
        self.field = field_name
        self.read = read
        self.rule = rule
        self.seen: dict[str, tuple[Any, str]] = {}
        self.failed = False  # some text had a problem
        self.unread = False  # some text could not be read at all

    def work(self, text: str) -> tuple[Any, str]:
        """(value, problem) for a text not seen before: value is `_UNREAD` when the text cannot
        be read; problem is '' when there is none."""
        found: tuple[Any, str]
        try:
            value = self.read(text) if self.read is not None else text
        except ValueError as exc:
            found = (_UNREAD, str(exc))
            self.unread = True
        else:
            try:
                found = (self.rule(value) if self.rule is not None else value, "")
            except ValueError as exc:
                found = (value, str(exc))
        self.failed = self.failed or bool(found[1])
        self.seen[text] = found
        return found


def _or_usual(read: Rule, usual: str) -> Rule:
    """A choice column: an empty cell means the usual choice (the business's nation, a care
    worker, an employee), as a new record's form starts with it."""

    def or_usual(text: str) -> Any:
        return read(text) if text else usual

    return or_usual


def _texts(rows: list[list[str]], mapping: Mapping) -> dict[str, list[str]]:
    """Each mapped column's texts by the field it fills, with one name column split in two."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in mapping]
    texts = {
        name: [c.strip() for c in col] for col, name in zip(columns, mapping, strict=True) if name
    }
    if FULL_NAME in texts:
        split = [split_full_name(text) for text in texts.pop(FULL_NAME)]
        for n, name in enumerate(("first_name", "last_name")):
            given = texts.get(name) or [""] * len(split)
            texts[name] = [own or parts[n] for own, parts in zip(given, split, strict=True)]
    return texts


class ColumnPlan:
    """How every column of one sheet becomes a field, for one kind of record."""

    def __init__(self, kind: str, mapping: Mapping, today: date, nation: str) -> None:
        service: Any = clients if kind == "clients" else staff
        self.mapping = mapping
        self.cls: Any = service.ClientData if kind == "clients" else service.StaffData
        self.record_problems: Callable[[dict[str, Any]], dict[str, str]] = service.record_problems
        self.defaults = vars(self.cls())
        rules = service.field_rules(today)
        if kind == "clients":
            self.defaults["nation"] = nation
        readers = dict(service.TEXT_READERS)
        for name in CHOICES:
            if name in readers:
                readers[name] = _or_usual(readers[name], self.defaults[name])
        self.steps = {
            column: _Step(field, readers.get(field), rules.get(field))
            for column, field in [(n, n) for n in self.defaults] + list(FIELD_OF.items())
            if field in self.defaults
        }
        # Fields no column fills keep their defaults, cleaned (and checked) once for every row.
        filled = {self.steps[n].field for n in mapping if n in self.steps}
        if FULL_NAME in mapping:
            filled |= {"first_name", "last_name"}
        self.base_errors: dict[str, str] = {}
        unfilled = {n: v for n, v in self.defaults.items() if n not in filled}
        self.base = self.defaults | apply_rules(unfilled, rules, self.base_errors)
        self.position = {name: i for i, name in enumerate(mapping) if name is not None}
        if FULL_NAME in self.position:
            for name in ("first_name", "last_name"):
                self.position.setdefault(name, self.position[FULL_NAME])

    def check(self, rows: list[list[str]]) -> Iterator[tuple[Any, dict[str, str], str]]:
        """For each row: the cleaned data class (None when it has problems), its problems by
        the column they are in (left to right, as the person reads the row), and its name."""
        texts = _texts(rows, self.mapping)
        fields: list[str] = []
        columns: list[list[Any]] = []
        problems: list[tuple[str, list[str]]] = []
        for column, column_texts in texts.items():
            step = self.steps.get(column)
            if step is None:
                continue
            if step.read is None and step.rule in (None, stripped):  # cells come stripped
                fields.append(step.field)
                columns.append(column_texts)
                continue
            get, work = step.seen.get, step.work
            outcomes = [get(text) or work(text) for text in column_texts]
            values = [value for value, _ in outcomes]
            if step.unread:
                default = self.defaults[step.field]
                values = [default if value is _UNREAD else value for value in values]
            fields.append(step.field)
            columns.append(values)
            if step.failed:
                problems.append((column, [problem for _, problem in outcomes]))
        count = len(rows)
        given = dict(zip(fields, columns, strict=True))  # a field filled twice: the last column
        in_order = [given.get(name) or [value] * count for name, value in self.base.items()]
        records = [self.cls(*values) for values in zip(*in_order, strict=True)]
        empty = [""] * count
        names = zip(texts.get("first_name", empty), texts.get("last_name", empty), strict=True)
        for i, (data, (first, last)) in enumerate(zip(records, names, strict=True)):
            errors = dict(self.base_errors) if self.base_errors else {}
            for column, found in problems:
                if found[i]:
                    errors[column] = found[i]
            for name, message in self.record_problems(vars(data)).items():
                errors.setdefault(name, message)
            name = f"{first} {last}" if first and last else first or last
            if not errors:
                yield data, errors, name
                continue
            if len(errors) > 1:
                last_place = len(self.position)
                errors = dict(
                    sorted(errors.items(), key=lambda item: self.position.get(item[0], last_place))
                )
            yield None, errors, name
