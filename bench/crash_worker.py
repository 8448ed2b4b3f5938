"""Child process for the crash harness's plain workload: inserts, updates and deletes until killed.

Each operation is one transaction through the app's services, under the actor "crash-op-N" so its
audit rows can be told apart. Before the commit the worker prints "intend N <json>": the exact
state every row it touches will have (None for a deleted row). Only after the commit returns does
it print "committed N": that is the app telling the user "saved", and the harness holds it to it.

MICROOFFICE_CRASH_WEAKEN=1 makes this a deliberately broken build, to prove the harness can fail:
`PRAGMA synchronous=OFF`, and every 7th update silently dropped (rolled back) yet acknowledged.

Usage: crash_worker.py DB FIRST_OPERATION SEED
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event, select

from microoffice.core.db.database import open_database
from microoffice.core.models.clients import Client
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import ClientPause
from microoffice.core.scheduling import pauses
from microoffice.core.services import clients

WEAKEN = "MICROOFFICE_CRASH_WEAKEN"
FIRST_NAME = "Crash"


class _Dropped(Exception):
    """Raised inside the weakened build's transaction so the update is rolled back."""


def _insert(s: Any, op: int, rng: random.Random) -> list[dict[str, Any]]:
    client = clients.create_client(
        s,
        clients.ClientData(
            first_name=FIRST_NAME, last_name=f"Op{op:06d}", postcode="B1 1AA", town="Start"
        ),
    )
    start = date(2027, 1, 1) + timedelta(days=rng.randrange(300))
    pause = pauses.add_pause(s, client.id, start, start + timedelta(days=rng.randrange(1, 30)))
    note = DailyNote(client_id=client.id, occurred_at=datetime.now(UTC), text=f"operation {op}")
    s.add(note)
    s.flush()
    return [
        {
            "action": "insert",
            "entity": "client",
            "id": client.id,
            "state": {"last_name": client.last_name, "town": "Start"},
        },
        {
            "action": "insert",
            "entity": "client_pause",
            "id": pause.id,
            "state": {
                "client_id": client.id,
                "start_date": pause.start_date.isoformat(),
                "end_date": pause.end_date.isoformat() if pause.end_date else None,
            },
        },
        {
            "action": "insert",
            "entity": "daily_note",
            "id": note.id,
            "state": {"client_id": client.id, "text": note.text},
        },
    ]


def _update(s: Any, op: int, client_id: int) -> list[dict[str, Any]]:
    client = clients.get_client(s, client_id)
    data = clients.ClientData.from_client(client)
    data.town = f"Town {op}"
    clients.update_client(s, client_id, data)
    return [
        {
            "action": "update",
            "entity": "client",
            "id": client_id,
            "state": {"last_name": client.last_name, "town": data.town},
        }
    ]


def _delete(s: Any, pause_id: int) -> list[dict[str, Any]]:
    pauses.remove_pause(s, pause_id)
    return [{"action": "delete", "entity": "client_pause", "id": pause_id, "state": None}]


def main(db_path: str, start: int, seed: int) -> None:
    weaken = os.environ.get(WEAKEN) == "1"
    database = open_database(db_path)
    if weaken:
        event.listen(
            database.engine, "connect", lambda conn, _: conn.execute("PRAGMA synchronous=OFF")
        )
        database.engine.dispose()
    with database.session() as s:
        client_ids = list(s.scalars(select(Client.id).where(Client.first_name == FIRST_NAME)))
        pause_ids = list(
            s.scalars(select(ClientPause.id).join(Client).where(Client.first_name == FIRST_NAME))
        )
    rng = random.Random(seed * 1_000_003 + start)
    print("ready", flush=True)
    op, updates = start, 0
    while True:
        roll = rng.random()
        kind = "insert"
        if roll < 0.4 and client_ids:
            kind = "update"
        elif roll < 0.6 and pause_ids:
            kind = "delete"
        try:
            with database.session(actor=f"crash-op-{op}") as s:
                if kind == "update":
                    changes = _update(s, op, rng.choice(client_ids))
                elif kind == "delete":
                    changes = _delete(s, pause_ids.pop(rng.randrange(len(pause_ids))))
                else:
                    changes = _insert(s, op, rng)
                print(f"intend {op} {json.dumps(changes)}", flush=True)
                if weaken and kind == "update":
                    updates += 1
                    if updates % 7 == 0:
                        raise _Dropped
        except _Dropped:
            pass
        if kind == "insert":
            client_ids.append(changes[0]["id"])
            pause_ids.append(changes[1]["id"])
        print(f"committed {op}", flush=True)
        op += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
