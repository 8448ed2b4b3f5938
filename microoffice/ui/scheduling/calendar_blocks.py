"""Visits as blocks on the time canvas: where each sits, its colours, marks, words and history.

Colour is by carer, from the Okabe-Ito palette (told apart with the common kinds of colour
blindness), each carer keeping their colour as long as they are on file; a double-handed visit
shows both carers' stripes. Status is never colour alone: each has a drawn mark and its word on
the block, and cancelled, missed and skipped visits are hatched.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial

from microoffice.core import clock
from microoffice.core.scheduling.calendar_view import CalendarView
from microoffice.core.scheduling.history import MOVED as MOVED_CHANGE
from microoffice.core.scheduling.history import ChangeRow, slot_key
from microoffice.core.scheduling.merge import PLANNED, SKIPPED, Occurrence
from microoffice.ui.scheduling.visit_model import status_text
from microoffice.ui.widgets.time_canvas import (
    CANCELLED,
    DAY_MINUTES,
    DONE,
    MISSED,
    MOVED,
    Block,
    CanvasColumn,
)
from microoffice.ui.widgets.time_canvas import (
    SKIPPED as SKIPPED_MARK,
)

PALETTE = (
    ("#0072B2", "blue"),
    ("#E69F00", "orange"),
    ("#009E73", "green"),
    ("#CC79A7", "pink"),
    ("#56B4E9", "sky blue"),
    ("#D55E00", "red-orange"),
    ("#F0E442", "yellow"),
    ("#000000", "black"),
)


def colour_of(view: CalendarView, staff_id: int) -> tuple[str, str]:
    """(hex, name) of a carer's colour."""
    return PALETTE[view.colours.get(staff_id, 0) % len(PALETTE)]


def mark_of(occ: Occurrence) -> str:
    if occ.status == SKIPPED:
        return SKIPPED_MARK
    if occ.status == "completed":
        return DONE
    if occ.status == "missed":
        return MISSED
    if occ.status.startswith("cancelled"):
        return CANCELLED
    return MOVED if occ.moved else ""


def _hm(at: datetime) -> str:
    return f"{clock.to_local(at):%H:%M}"


def status_words(occ: Occurrence) -> str:
    """The visit's status in words, with what a clock change did to it (said, not done
    silently)."""
    if occ.status == PLANNED and occ.moved:
        words = "Moved" + (", needs a carer" if occ.unfilled else "")
        return words + (f"; {occ.clock_note}" if occ.clock_note else "")
    return status_text(occ)


def details(view: CalendarView, occ: Occurrence) -> tuple[str, ...]:
    """Everything about one visit, line by line: its tooltip, what a screen reader says, and
    the details dialog (with the history of every change to it)."""
    people = [view.names.get(s, "?") for s in occ.staff_ids]
    carers = ", ".join(
        f"{n} ({colour_of(view, s)[1]})" for n, s in zip(people, occ.staff_ids, strict=True)
    )
    span = f"{_hm(occ.planned_start)}-{_hm(occ.planned_end)}"
    lines = [f"{occ.day:%A} {occ.day.day} {occ.day:%B}, {span}: {occ.client_name}"]
    address = view.addresses.get(occ.client_id, "")
    if address:
        lines.append(address)
    lines.append(f"Carers: {carers}" if carers else "Carers: nobody yet")
    lines.append(f"Status: {status_words(occ)}")
    if occ.tasks:
        lines.append("Tasks: " + ", ".join(occ.tasks))
    note = view.notes.get(occ.visit_id or 0, "")
    if note:
        lines.append(f"Note: {note}")
    changes = view.history.get(slot_key(occ), ())
    if changes:
        lines.append("History:")
        lines += [f"- {c.line()}" for c in changes]
    return tuple(lines)


def title(occ: Occurrence) -> str:
    return f"{_hm(occ.planned_start)} {occ.client_name}"


def columns_for(view: CalendarView, one_client: bool) -> list[CanvasColumn]:
    today = clock.today()
    single = len(view.days) == 1
    out = []
    for d in view.days:
        title = (
            f"{d.day:%A} {d.day.day} {d.day:%B %Y}"
            if single
            else f"{d.day:%a} {d.day.day} {d.day:%b}"
        )
        notes = [d.holiday] if d.holiday else []
        away = view.away.get(d.day, ())
        if away and (one_client or len(away) == 1):
            notes.append("Away: " + "; ".join(away))
        elif away:
            notes.append(f"{len(away)} clients away")
        out.append(CanvasColumn(title, " · ".join(n for n in notes if n), d.day == today))
    return out


def _minutes(at: datetime, day: date) -> int:
    local = clock.to_local(at)
    return (local.date() - day).days * DAY_MINUTES + local.hour * 60 + local.minute


def blocks_for(view: CalendarView, detailed: bool = False) -> list[Block]:
    """One block per visit per day it touches (an overnight visit is two). `detailed` (the day
    view, one wide column): the carers' full names, the address and the tasks on the block."""
    index = {d.day: n for n, d in enumerate(view.days)}
    colour = {sid: colour_of(view, sid)[0] for sid in view.names}
    first = {sid: name.split()[0] if name else "?" for sid, name in view.names.items()}
    out: list[Block] = []
    for d in view.days:
        for occ in d.visits:
            colours = tuple(colour.get(s, PALETTE[0][0]) for s in occ.staff_ids)
            local = clock.to_local(occ.planned_start)
            start = _minutes(occ.planned_start, d.day)
            end = start + int((occ.planned_end - occ.planned_start).total_seconds() // 60)
            changed = occ.status != PLANNED or occ.moved or occ.unfilled or occ.clock_note
            status = status_words(occ) if changed else ""
            if occ.clock_note and not detailed:  # the block is small: the tooltip says the rest
                status = status.split("; ")[0] + " (clock change)"
            if occ.moved and _length_only(view.history.get(slot_key(occ), ())):
                status = status.replace("Moved", "Length changed", 1)
            if detailed:
                lines = _detailed(view, occ, status)
            else:
                who = " + ".join(first.get(s, "?") for s in occ.staff_ids) or "Nobody yet"
                when = f"{local.hour:02d}:{local.minute:02d} {who}"
                lines = (occ.client_name, when, status) if status else (occ.client_name, when)
            movable = occ.status == PLANNED
            block = Block(
                key=slot_key(occ),
                column=index[d.day],
                start=start,
                end=min(end, DAY_MINUTES),
                lines=lines,
                short=occ.client_name,
                colours=colours,
                mark=mark_of(occ),
                details=partial(details, view, occ),
                movable=movable,
                resizable=movable and end <= DAY_MINUTES,
            )
            out.append(block)
            next_day = d.day + timedelta(days=1)
            if end > DAY_MINUTES and next_day in index:  # the rest of an overnight visit
                out.append(
                    replace(
                        block,
                        column=index[next_day],
                        start=0,
                        end=end - DAY_MINUTES,
                        resizable=movable,
                    )
                )
    return out


def _length_only(changes: tuple[ChangeRow, ...]) -> bool:
    """The last change to the visit kept its start and changed only its end."""
    last = next((c for c in reversed(changes) if c.action == MOVED_CHANGE), None)
    return last is not None and last.from_start == last.to_start


def _detailed(view: CalendarView, occ: Occurrence, status: str) -> tuple[str, ...]:
    span = f"{_hm(occ.planned_start)}-{_hm(occ.planned_end)}"
    people = ", ".join(view.names.get(s, "?") for s in occ.staff_ids) or "Nobody yet"
    first = f"{span} {occ.client_name}" + (f"  ({status})" if status else "")
    second = " · ".join(t for t in (people, view.addresses.get(occ.client_id, "")) if t)
    third = ", ".join(occ.tasks)
    return tuple(t for t in (first, second, third) if t)


def legend(view: CalendarView) -> str:
    """Rich text naming each carer on show with a square of their colour (and its name, so the
    legend does not rest on colour either)."""
    shown = sorted(
        {s for d in view.days for o in d.visits for s in o.staff_ids},
        key=lambda s: view.colours.get(s, 0),
    )
    if not shown:
        return ""
    parts = []
    for sid in shown:
        hex_, name = colour_of(view, sid)
        parts.append(
            f"<span style='color:{hex_}'>&#9632;</span> {view.names.get(sid, '?')} ({name})"
        )
    return (
        "Carers: "
        + " &nbsp; ".join(parts)
        + " &nbsp; <span style='color:#9ca3af'>&#9632;</span> nobody yet (dashed)"
    )
