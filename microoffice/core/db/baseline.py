"""An upgrade's baseline: rows the audit log before it did not explain, recorded as they stand.

`microoffice check` replays the log and compares every audited table with it. Versions before the
replay wrote some rows without an entry (a staff member's availability replaced, a demo's bulk
history, pointers cleared by a retention decision), and a migration that fills in data writes
none. So an upgrade records, once, in the chain, each such row as it stands: from then on a
change made outside microoffice is caught, and `check` lists every baseline so nobody mistakes
one for history the log always had. A migration that changes data ends by calling
`record_baseline`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, inspect

from microoffice.core import clock
from microoffice.core.db.audit_hook import chain_rows
from microoffice.core.db.replay import BASELINE, LINK_TABLES, compare, disposed_rows, replay_log


def record_baseline(conn: Connection, reason: str) -> int:
    """Append one baseline entry per table that needs one; returns how many rows it covers."""
    from microoffice.core.models import load_all

    load_all()
    reflected = inspect(conn)
    present = {
        name: {c["name"] for c in reflected.get_columns(name)}
        for name in reflected.get_table_names()
    }
    replay = replay_log(conn)
    disposed = disposed_rows(conn) if "disposal" in present else set()
    per_table: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"kind": BASELINE, "reason": reason, "values": {}, "removed": [], "staff": {}}
    )
    count = 0
    for difference in compare(conn, replay, disposed, present):
        changes = per_table[difference.table]
        if difference.table in LINK_TABLES:
            changes["staff"][difference.row] = difference.values["staff"]
        elif difference.kind == "removed":
            changes["removed"].append(difference.row)
        else:
            changes["values"][difference.row] = difference.values
        count += 1
    if not per_table:
        return 0
    now = clock.now()
    chain_rows(
        conn,
        [
            {
                "at": now,
                "actor": "upgrade",
                "action": BASELINE,
                "entity": table,
                "entity_id": "",
                "changes": changes,
            }
            for table, changes in sorted(per_table.items())
        ],
    )
    return count
