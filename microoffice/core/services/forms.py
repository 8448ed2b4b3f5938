"""Collects field-level problems so a form can show every one of them at once.

A record's checks can also be written as rules, one per field: a rule takes the value and gives
back the clean value or raises ValueError with the message a person reads. A form runs the rules
on one record; a spreadsheet import runs the very same rules a column at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from microoffice.core.errors import ValidationError
from microoffice.core.readers.dates import parse_date

T = TypeVar("T")
R = TypeVar("R")
Rule = Callable[[Any], Any]


def required(label: str) -> Rule:
    """Text that must not be empty, with runs of spaces made one."""

    def rule(value: str) -> str:
        cleaned = " ".join(value.split())
        if not cleaned:
            raise ValueError(f"{label} is required")
        return cleaned

    return rule


def stripped(value: str) -> str:
    return value.strip()


def one_of(allowed: type[StrEnum], label: str) -> Rule:
    codes = frozenset(m.value for m in allowed)
    message = f"{label} must be one of: {', '.join(m.value for m in allowed)}"

    def rule(value: str) -> str:
        if value not in codes:
            raise ValueError(message)
        return value

    return rule


def apply_rules(
    values: Mapping[str, Any], rules: Mapping[str, Rule], errors: dict[str, str]
) -> dict[str, Any]:
    """`values` with each field that has a rule cleaned by it; a field whose rule fails keeps
    its value and adds its message to `errors` (the first message per field wins)."""
    clean = dict(values)
    for name, rule in rules.items():
        if name in values:
            try:
                clean[name] = rule(values[name])
            except ValueError as exc:
                errors.setdefault(name, str(exc))
    return clean


def checked(
    values: Mapping[str, Any],
    rules: Mapping[str, Rule],
    record_problems: Callable[[Mapping[str, Any]], dict[str, str]],
) -> dict[str, Any]:
    """A record's values cleaned by its field rules, or ValidationError listing every problem
    (its fields' first, then what only the fields together show)."""
    errors: dict[str, str] = {}
    clean = apply_rules(values, rules, errors)
    for name, message in record_problems(clean).items():  # as stored, as an import sees it
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    return clean


def read_fields(
    texts: Mapping[str, Any], names: tuple[str, ...], readers: Mapping[str, Rule]
) -> dict[str, Any]:
    """The given fields of a record from form text (only `names`; others are ignored), each
    read by its kind's reader (core/readers: dates, hours, money ...); ValidationError lists
    every text that cannot be read."""
    return checked({n: texts[n] for n in names if n in texts}, readers, lambda _: {})


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = (
    "This has an invisible control character in it (often pasted from another program, or "
    "a file read in the wrong encoding); retype it"
)


def control_characters(values: Mapping[str, Any]) -> dict[str, str]:
    """Text fields holding a zero byte or another control character (tabs and line breaks
    are text): never stored, since they hide in names and break exports and searches."""
    texts = [v for v in values.values() if type(v) is str]
    if not _CONTROL.search("".join(texts)):
        return {}
    return {
        name: CONTROL_MESSAGE
        for name, value in values.items()
        if type(value) is str and _CONTROL.search(value)
    }


def ends_before_start(values: Mapping[str, Any], message: str) -> dict[str, str]:
    """The end_date problem when a record's end is before its start."""
    start, end = values["start_date"], values["end_date"]
    return {"end_date": message} if start and end and end < start else {}


class Checker:
    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, field: str, fn: Callable[[T], R], value: T) -> R | None:
        try:
            return fn(value)
        except ValueError as exc:
            self.errors.setdefault(field, str(exc))
            return None

    def required(self, field: str, value: str, label: str) -> str:
        return self.check(field, required(label), value) or ""

    def choice(self, field: str, value: str, allowed: type[StrEnum], label: str) -> str:
        self.check(field, one_of(allowed, label), value)
        return value

    def date_text(self, field: str, text: str) -> date | None:
        return self.check(field, parse_date, text)

    def order(self, field: str, start: date | None, end: date | None, message: str) -> None:
        if start and end and end < start:
            self.errors.setdefault(field, message)

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
