"""Reference data and time limits for care records, kept as editable JSON rather than code.

A copy of any shipped file placed in the data folder's `reference/` directory wins over the shipped
one, so a business can retag quality statements or add MAR codes without a new release. Single
time limits can also be overridden per database in the `setting` table (key `records.<name>`).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import paths
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.models.business import Setting
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right


def reference_path(name: str) -> Path:
    override = paths.data_dir() / "reference" / name
    if override.exists():
        return override
    return paths.resources_dir() / "reference" / name


@lru_cache(maxsize=16)
def _load(path: str, mtime: float) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def load_reference(name: str) -> dict[str, Any]:
    """A reference JSON file, re-read only when it changes on disk."""
    path = reference_path(name)
    return _load(str(path), path.stat().st_mtime)


def rule(name: str, session: Session | None = None) -> int:
    """A time limit from record_rules.json, or this database's override of it."""
    if session is not None:
        override = session.scalar(select(Setting.value).where(Setting.key == f"records.{name}"))
        if override is not None:
            return int(override)
    rules: dict[str, dict[str, Any]] = load_reference("record_rules.json")["rules"]
    return int(rules[name]["value"])


def rule_basis(name: str) -> str:
    rules: dict[str, dict[str, Any]] = load_reference("record_rules.json")["rules"]
    return str(rules[name]["basis"])


def add_months(day: date, months: int) -> date:
    result: date = day + relativedelta(months=months)
    return result


def add_working_days(
    start: date, days: int, nation: str = "england", session: Session | None = None
) -> date:
    """The date `days` working days after `start` (weekends and the nation's bank holidays skipped)."""
    holidays = bank_holidays(nation, start, start + timedelta(days=days * 2 + 30), session)
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current


@needs(Right.ANYONE)
def business_nation(session: Session) -> str:
    from microoffice.core.models.business import Business

    nation = session.scalar(select(Business.nation).limit(1))
    return nation or "england"
