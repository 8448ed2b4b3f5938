"""Checks on a representative's legal authority: pure, so the first look at Today can use them
before the database layer has loaded (core/quicklook.py)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from microoffice.core.models.enums import ContactKind


class RepresentativeLike(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def document_checked_on(self) -> date | None: ...

    @property
    def opg_reference(self) -> str: ...


def authority_warnings(contact: RepresentativeLike) -> list[str]:
    """What a careful provider checks before relying on a representative's authority."""
    warnings = []
    kind = ContactKind(contact.kind)
    if kind.needs_document and contact.document_checked_on is None:
        warnings.append(f"{contact.name}: {kind.label} - the document has not been seen yet")
    if kind in (ContactKind.LPA_FINANCE, ContactKind.LPA_HEALTH) and not contact.opg_reference:
        warnings.append(f"{contact.name}: no OPG registration reference recorded")
    return warnings
