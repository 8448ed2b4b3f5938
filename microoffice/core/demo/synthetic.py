"""Many synthetic clients at once (10,000 for the clients-list benchmark), bulk-inserted.

Not a story like the demos: just enough realistic variety (names, towns, funding) that a list of
them sorts, searches and renders like a real one, written in seconds.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from microoffice.core import clock
from microoffice.core.db.audit_hook import append_audit_rows, table_entry
from microoffice.core.db.base import Base
from microoffice.core.demo import people
from microoffice.core.errors import UserError

FUNDING_MIX = (("SELF", 40), ("DP", 25), ("LA", 30), ("THIRD", 5))
CHUNK = 5_000


def synthetic_client_rows(
    rng: random.Random, count: int, today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Client rows and one funding row each (ids 1..count), as plain column values."""
    now = clock.now()
    used: set[str] = set()
    clients, funding = [], []
    codes = [c for c, _ in FUNDING_MIX]
    weights = [w for _, w in FUNDING_MIX]
    for i in range(1, count + 1):
        female = rng.random() < 0.6
        first, last = people.pick_name(rng, female)
        home = people.address(rng)
        start = today - timedelta(days=rng.randint(7, 3000))
        clients.append(
            {
                "id": i,
                "title": "Mrs" if female else "Mr",
                "first_name": first,
                "last_name": last,
                "date_of_birth": people.birth_date(rng, today, 65, 100),
                "nhs_number": people.nhs_number(rng, used),
                "address_line1": home.line1,
                "town": home.town,
                "postcode": home.postcode,
                "phone": people.landline(rng),
                "start_date": start,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        funding.append(
            {
                "id": i,
                "client_id": i,
                "funding_type": rng.choices(codes, weights)[0],
                "start_date": start,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return clients, funding


def build_synthetic_clients(target: str, count: int, seed: int = 10_000) -> Path:
    """A new database at target holding `count` clients, replacing any file already there
    (this is a benchmark data set, never a user's database: the caller chooses the path)."""
    from microoffice.core.db.database import open_database

    path = Path(target).expanduser()
    if path.exists():
        path.unlink()
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.unlink()
    if count < 1:
        raise UserError("Ask for at least one synthetic client.")
    rng = random.Random(seed)
    clients, funding = synthetic_client_rows(rng, count, clock.today())
    database = open_database(str(path), create=True)
    try:
        with database.session(actor="bench") as session:
            client_table = Base.metadata.tables["client"]
            funding_table = Base.metadata.tables["funding_arrangement"]
            for i in range(0, count, CHUNK):
                session.execute(insert(client_table), clients[i : i + CHUNK])
                session.execute(insert(funding_table), funding[i : i + CHUNK])
            about = {"bulk_load": "synthetic clients"}
            append_audit_rows(
                session,
                [
                    table_entry(session, "client", clients, **about),
                    table_entry(session, "funding_arrangement", funding, **about),
                ],
            )
    finally:
        database.close()
    return path
