"""Seeds the dated reference figures that ship with the app into a database the user can edit."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import paths
from microoffice.core.models.business import ReferenceValue
from microoffice.core.people.guard import before_sign_in


def shipped_reference_values() -> list[dict[str, str]]:
    path = paths.resources_dir() / "reference" / "reference_values.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    values: list[dict[str, str]] = data["values"]
    return values


@before_sign_in
def seed_reference_values(session: Session) -> int:
    """Add shipped figures the database lacks; never overwrite a figure the user edited."""
    existing = {
        (k, d)
        for k, d in session.execute(select(ReferenceValue.key, ReferenceValue.effective_from))
    }
    added = 0
    for item in shipped_reference_values():
        when = date.fromisoformat(item["effective_from"])
        if (item["key"], when) in existing:
            continue
        session.add(
            ReferenceValue(
                key=item["key"],
                effective_from=when,
                value=item["value"],
                unit=item.get("unit", ""),
                source=item.get("source", ""),
            )
        )
        added += 1
    session.flush()
    return added
