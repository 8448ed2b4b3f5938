"""Typed ORM models, one module per aggregate.

Modules load on first use (start-up time is benchmarked: each aggregate costs tens of
milliseconds to declare). Code that walks the whole schema (create_all, export, check, retention)
calls `load_all()` first; `from microoffice.core.models import Client` still works.
"""

from __future__ import annotations

import importlib
from typing import Any

MODULES = (
    "audit",
    "billing",
    "business",
    "clients",
    "governance",
    "growth",
    "people",
    "records",
    "retention",
    "staff",
    "visits",
)

_EXPORTS = {
    "AuditLog": "audit",
    "BankHolidayOverride": "business",
    "Business": "business",
    "ReferenceValue": "business",
    "Setting": "business",
    "Client": "clients",
    "Contact": "clients",
    "FundingArrangement": "clients",
    "Organisation": "clients",
    "Person": "people",
    "Staff": "staff",
}

__all__ = [*sorted(_EXPORTS), "load_all"]


def load_all() -> None:
    """Register every table (needed before anything iterates Base.metadata)."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
