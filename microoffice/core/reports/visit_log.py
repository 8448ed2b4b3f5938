"""The paper visit log kept in the client's home: one line per visit to fill in and sign.

For people without a phone app (MARKET.md 1b: "no smartphone" options), the carer writes the
arrival and departure times and what was done, and the client (or their representative) signs
each line. The office then records the sheet in the Today view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.reports.rota import business_name
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services.clients import get_client

SPARE_LINES = 4  # for extra visits that were not planned


@dataclass(frozen=True)
class LogLine:
    day: date
    planned: str
    carers: str
    tasks: str


@dataclass(frozen=True)
class VisitLogData:
    business: str
    client_name: str
    address: str
    start: date
    end: date
    lines: tuple[LogLine, ...]
    printed_on: date


@needs(Right.ROTA)
def collect(session: Session, client_id: int, start: date, end: date) -> VisitLogData:
    client = get_client(session, client_id)
    names = {s.id: s.display_name for s in session.scalars(select(Staff))}
    lines = tuple(
        LogLine(
            day=occ.day,
            planned=f"{clock.to_local(occ.planned_start):%H:%M}-"
            f"{clock.to_local(occ.planned_end):%H:%M}",
            carers=", ".join(names.get(s, "") for s in occ.staff_ids),
            tasks=", ".join(occ.tasks),
        )
        for occ in occurrences(session, start, end, client_id=client_id)
        if occ.active
    )
    return VisitLogData(
        business=business_name(session),
        client_name=client.full_name,
        address=", ".join(client.address_lines),
        start=start,
        end=end,
        lines=lines,
        printed_on=clock.today(),
    )


def story(data: VisitLogData) -> list[Any]:
    from microoffice.core.reports import styles

    st = styles.stylesheet()
    width = styles.frame_width(_setup(data))
    out: list[Any] = [
        styles.para(f"Visit log: {data.client_name}", st.title),
        styles.para(
            f"{data.address}\n{data.start:%d %B %Y} to {data.end:%d %B %Y}. Please write the "
            "times you arrived and left, what you did, and ask the client (or their "
            "representative) to sign.",
            st.subtitle,
        ),
    ]
    rows: list[list[Any]] = []
    for line in data.lines:
        planned = styles.rich(
            f"<b>{line.planned}</b><br/><font size=8.5 color='#52606d'>"
            f"{styles.esc(line.tasks)}</font>",
            st.cell,
        )
        rows.append([f"{line.day:%a %d %b}", planned, "", "", line.carers, "", ""])
    rows += [["", "", "", "", "", "", ""] for _ in range(SPARE_LINES)]
    out.append(
        styles.data_table(
            [
                "Date",
                "Planned",
                "Arrived",
                "Left",
                "Carer",
                "What was done / notes",
                "Client signature",
            ],
            rows,
            [width * f for f in (0.09, 0.17, 0.07, 0.07, 0.13, 0.3, 0.17)],
            row_height=15 * 2.835,  # 15 mm: room for handwriting
        )
    )
    return out


def _setup(data: VisitLogData) -> Any:
    from microoffice.core.reports import styles

    return styles.PageSetup(
        title=f"Visit log: {data.client_name}",
        business=data.business,
        printed_on=data.printed_on,
        landscape=True,
        footer_note="Keep this sheet in the care folder",
    )


def render(data: VisitLogData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    styles.render(out, story(data), _setup(data))
