"""Visits in a list: the day's columns (Today), and the words for a visit's time and status that
the list and the calendar's blocks share."""

from __future__ import annotations

from microoffice.core import clock
from microoffice.core.clock_changes import wall_text
from microoffice.core.scheduling.merge import DayVisit, Occurrence
from microoffice.core.vocabulary import visit_status_label
from microoffice.ui.widgets.table_model import Column


def time_range(occ: Occurrence) -> str:
    return f"{wall_text(occ.planned_start)}-{wall_text(occ.planned_end)}"


def status_text(occ: Occurrence) -> str:
    text = visit_status_label(occ.status)
    if occ.status == "completed" and occ.actual_start is not None:
        actual = clock.to_local(occ.actual_start)
        if actual != clock.to_local(occ.planned_start):
            text += f" (arrived {actual:%H:%M})"
    if occ.unfilled:
        text += ", needs a carer"
    if occ.clock_note:  # a clock change moved or lengthened it: said, not done silently
        text += f"; {occ.clock_note}"
    return text


DAY_COLUMNS: list[Column[DayVisit]] = [
    Column("Time", lambda r: time_range(r.occurrence), 100),
    Column("Client", lambda r: r.occurrence.client_name, 170),
    Column("Address", lambda r: r.address, 260),
    Column("Tasks", lambda r: ", ".join(r.occurrence.tasks), 240),
    Column("Carer", lambda r: ", ".join(r.staff_names) or "Nobody yet", 150),
    Column("Status", lambda r: status_text(r.occurrence), 150),
]
