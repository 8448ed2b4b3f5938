"""Child process for the crash harness: commits operations until it is killed.

Each operation writes several rows in one transaction (a client, a contact, a funding arrangement,
a daily note, and their audit rows); "committed N" is printed only after the commit returns, so the
harness knows exactly which operations the app told the user were saved.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from microoffice.core.db.database import open_database
from microoffice.core.models.records import DailyNote
from microoffice.core.services import clients, contacts, funding


def main(db_path: str, start: int) -> None:
    database = open_database(db_path)
    print("ready", flush=True)
    op = start
    while True:
        with database.session(actor="crash-worker") as s:
            client = clients.create_client(
                s,
                clients.ClientData(first_name="Crash", last_name=f"Op{op:06d}", postcode="B1 1AA"),
            )
            payer = contacts.add_contact(
                s, client.id, contacts.ContactData(kind="dp_nominated", name=f"Payer {op}")
            )
            funding.add_funding(
                s, client.id, funding.FundingData(funding_type="DP", payer_contact_id=payer.id)
            )
            s.add(
                DailyNote(
                    client_id=client.id,
                    occurred_at=datetime.now(UTC),
                    text=f"operation {op} " + "x" * (op % 500),
                )
            )
            if op % 7 == 0:  # updates too, not only inserts
                data = clients.ClientData.from_client(client)
                data.town = f"Town {op}"
                clients.update_client(s, client.id, data)
        print(f"committed {op}", flush=True)
        op += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
