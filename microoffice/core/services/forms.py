"""Collects field-level problems so a form can show every one of them at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from microoffice.core.errors import ValidationError
from microoffice.core.validation import parse_date

T = TypeVar("T")
R = TypeVar("R")


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
        cleaned = " ".join(value.split())
        if not cleaned:
            self.errors.setdefault(field, f"{label} is required")
        return cleaned

    def choice(self, field: str, value: str, allowed: type[StrEnum], label: str) -> str:
        if value not in {m.value for m in allowed}:
            options = ", ".join(m.value for m in allowed)
            self.errors.setdefault(field, f"{label} must be one of: {options}")
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
