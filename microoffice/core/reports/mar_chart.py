"""The monthly MAR chart (NICE NG67; DOMAIN.md 7.3), blank for the care folder or filled in.

One row per medicine and dose time, one column per day: the outcome letter and the carer's
initials. Days the medicine was not prescribed are shaded; in a filled chart a due dose with no
outcome is shaded red, because a blank MAR is an audit failure. PRN doses, reasons and corrections
are listed below the grid, with the key to the codes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.records import MarEntry, Medicine
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.people.signed import BEFORE_SIGN_IN, author_name
from microoffice.core.readers.identifiers import nhs_number_text
from microoffice.core.records.careplans import current_plan
from microoffice.core.records.medication import (
    ROUTES,
    SUPPORT_LEVELS,
    active_on,
    client_medicines,
    mar_codes,
)
from microoffice.core.reports.rota import business_name
from microoffice.core.services.clients import get_client
from microoffice.core.vocabulary import format_date

BLANK_PRN_LINES = 10


@dataclass(frozen=True)
class MedicineLine:
    title: str
    details: str
    time_critical: bool


@dataclass(frozen=True)
class GridRow:
    medicine: int  # index into MarChartData.medicines
    time: str
    cells: tuple[str, ...]  # per day of the month: "G\nJC", or ""
    states: tuple[str, ...]  # per day: na | open | taken | not_taken | missing


@dataclass(frozen=True)
class ListLine:
    when: str
    medicine: str
    code: str
    text: str
    by: str


@dataclass(frozen=True)
class MarChartData:
    business: str
    client_name: str
    identity: str
    allergies: str
    month: date
    blank: bool
    medicines: tuple[MedicineLine, ...]
    rows: tuple[GridRow, ...]
    prn_medicines: tuple[MedicineLine, ...]
    prn_lines: tuple[ListLine, ...]
    notes: tuple[ListLine, ...]
    key: tuple[tuple[str, str], ...]
    printed_on: date


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split() if part[:1].isalpha())[:3].upper()


def _medicine_line(m: Medicine) -> MedicineLine:
    bits = [
        m.dose,
        ROUTES.get(m.route, m.route),
        SUPPORT_LEVELS.get(m.support_level, "").split(" (")[0],
    ]
    dates = f"from {format_date(m.start_date)}" if m.start_date else ""
    if m.stop_date:
        dates += f" to {format_date(m.stop_date)}"
    lines = [" · ".join(b for b in bits if b), dates]
    if m.prn:
        lines.append(
            f"PRN: max {m.prn_max_doses_24h} in 24 h, at least "
            f"{(m.prn_min_interval_minutes or 0) // 60} h {(m.prn_min_interval_minutes or 0) % 60:02d} m apart"
        )
    if m.prescriber:
        lines.append(f"Prescriber: {m.prescriber}")
    if m.notes:
        lines.append(m.notes.splitlines()[0])
    return MedicineLine(
        f"{m.name} {m.strength}".strip(), "\n".join(x for x in lines if x), m.time_critical
    )


@needs(Right.SEE_CARE, client="client_id")
def collect(session: Session, client_id: int, month: date, blank: bool = False) -> MarChartData:
    client = get_client(session, client_id)
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days)
    meds = client_medicines(session, client_id)
    meds = [m for m in meds if any(active_on(m, first + timedelta(d)) for d in range(days))]
    scheduled = [m for m in meds if not m.prn]
    prn = [m for m in meds if m.prn]
    codes = mar_codes()
    entries: list[MarEntry] = []
    if not blank and meds:
        start, end = clock.to_utc(first, time(0)), clock.to_utc(last + timedelta(days=1), time(0))
        entries = list(
            session.scalars(
                select(MarEntry)
                .where(MarEntry.medicine_id.in_([m.id for m in meds]))
                .where(
                    ((MarEntry.scheduled_at >= start) & (MarEntry.scheduled_at < end))
                    | (
                        (MarEntry.scheduled_at.is_(None))
                        & (MarEntry.recorded_at >= start)
                        & (MarEntry.recorded_at < end)
                    )
                )
                .order_by(MarEntry.recorded_at, MarEntry.id)
            )
        )
    staff = {s.id: _initials(s.display_name) for s in session.scalars(select(Staff))}
    replaced = {e.amends_id for e in entries if e.amends_id is not None}
    current = [e for e in entries if e.id not in replaced]

    def by(e: MarEntry) -> str:
        """The initials of whoever gave the dose; an entry from before sign-in with nobody
        named reads "?" (its writer was recorded only as the program)."""
        if e.staff_id in staff:
            return staff[e.staff_id]
        return "?" if author_name(e.author) == BEFORE_SIGN_IN else _initials(e.author)

    slot = {(e.medicine_id, e.scheduled_at): e for e in current if e.scheduled_at is not None}
    now = clock.now()
    rows: list[GridRow] = []
    for index, med in enumerate(scheduled):
        for t in med.times:
            cells, states = [], []
            for d in range(days):
                day = first + timedelta(d)
                at = clock.to_utc(day, time.fromisoformat(t))
                entry = slot.get((med.id, at))
                if not active_on(med, day):
                    cells.append("")
                    states.append("na")
                elif blank or entry is None:
                    cells.append("")
                    states.append("missing" if not blank and at < now else "open")
                else:
                    code = codes.get(entry.outcome)
                    cells.append(f"{code.letter if code else '?'}\n{by(entry)}")
                    states.append("taken" if code and code.taken else "not_taken")
            rows.append(GridRow(index, t, tuple(cells), tuple(states)))
    names = {m.id: m.name for m in meds}
    prn_lines = tuple(
        ListLine(
            f"{clock.to_local(e.recorded_at):%d/%m %H:%M}",
            f"{names[e.medicine_id]} {e.dose_given}".strip(),
            codes[e.outcome].letter if e.outcome in codes else e.outcome,
            "; ".join(x for x in (e.reason, e.notes) if x),
            by(e),
        )
        for e in current
        if e.scheduled_at is None
    )
    notes = []
    for e in entries:
        if e.scheduled_at is None:
            continue
        code = codes.get(e.outcome)
        text = "; ".join(x for x in (e.reason, e.notes) if x)
        if e.id in replaced:
            text = f"Corrected later. {text}".strip()
        if e.amends_id is not None:
            text = f"Correction: {e.amend_reason}. {text}".strip()
        if text:
            when = clock.to_local(e.scheduled_at)
            notes.append(
                ListLine(
                    f"{when:%d/%m %H:%M}",
                    names[e.medicine_id],
                    code.letter if code else e.outcome,
                    text,
                    by(e),
                )
            )
    plan = current_plan(session, client_id)
    allergies = (plan.sections.get("allergies", "") if plan else "").strip()
    identity = [
        f"Date of birth {format_date(client.date_of_birth)}"
        if client.date_of_birth
        else "Date of birth not recorded",
        f"NHS number {nhs_number_text(client.nhs_number)}"
        if client.nhs_number
        else "NHS number not recorded",
        f"GP {client.gp_practice}" if client.gp_practice else "GP not recorded",
    ]
    return MarChartData(
        business=business_name(session),
        client_name=client.full_name,
        identity=" · ".join(identity),
        allergies=allergies,
        month=first,
        blank=blank,
        medicines=tuple(_medicine_line(m) for m in scheduled),
        rows=tuple(rows),
        prn_medicines=tuple(_medicine_line(m) for m in prn),
        prn_lines=prn_lines,
        notes=tuple(notes),
        key=tuple((c.letter, c.label) for c in codes.values()),
        printed_on=clock.today(),
    )


def _setup(data: MarChartData) -> Any:
    from microoffice.core.reports import styles

    kind = "blank" if data.blank else "record"
    return styles.PageSetup(
        title=f"MAR chart: {data.client_name}, {data.month:%B %Y}",
        business=data.business,
        printed_on=data.printed_on,
        landscape=True,
        footer_note=f"Medicines administration record ({kind}); keep in the care folder",
    )


def _grid(data: MarChartData, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    regular, bold = styles.fonts()
    days = calendar.monthrange(data.month.year, data.month.month)[1]
    med_w, time_w = width * 0.215, width * 0.045
    day_w = (width - med_w - time_w) / 31
    header = ["Medicine", "Time"] + [
        f"{d}\n{'MTWTFSS'[(data.month + timedelta(d - 1)).weekday()]}" for d in range(1, days + 1)
    ]
    header += [""] * (31 - days)
    body: list[list[Any]] = []
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), bold, 7),
        ("FONT", (1, 1), (-1, -1), regular, 6.5),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.3, styles.RULE),
        ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_BG),
        ("LEFTPADDING", (1, 0), (-1, -1), 0.5),
        ("RIGHTPADDING", (1, 0), (-1, -1), 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEADING", (1, 1), (-1, -1), 7),
    ]
    shade = {
        "na": colors.HexColor("#d9dde3"),
        "missing": colors.HexColor("#f8c9c9"),
        "not_taken": styles.HIGHLIGHT_BG,
    }
    for col in range(days, 31):
        style.append(("BACKGROUND", (col + 2, 0), (col + 2, -1), shade["na"]))
    first_row_of: dict[int, int] = {}
    heights: list[float] = []
    min_h = 24.0 if data.blank else 18.0
    for row in data.rows:
        r = len(body) + 1
        med = data.medicines[row.medicine]
        if row.medicine not in first_row_of:
            first_row_of[row.medicine] = r
            flag = " <font color='#b42318'><b>TIME CRITICAL</b></font>" if med.time_critical else ""
            label = styles.rich(
                f"<b>{styles.esc(med.title)}</b>{flag}<br/><font size=7 color='#52606d'>"
                f"{styles.esc(med.details).replace(chr(10), '<br/>')}</font>",
                st.cell_small,
            )
            # the label spans the medicine's rows: share its height among them
            count = sum(1 for x in data.rows if x.medicine == row.medicine)
            _, label_h = label.wrap(med_w - 8, 1000)
            per_row = max(min_h, (label_h + 6) / count)
        else:
            label = ""
        heights.append(per_row)
        body.append([label, row.time, *row.cells, *[""] * (31 - days)])
        for d, state in enumerate(row.states):
            if state in shade:
                style.append(("BACKGROUND", (d + 2, r), (d + 2, r), shade[state]))
        style.append(
            (
                "LINEABOVE",
                (0, r),
                (-1, r),
                0.9 if first_row_of[row.medicine] == r else 0.3,
                styles.RULE,
            )
        )
    for index, start in first_row_of.items():
        count = sum(1 for row in data.rows if row.medicine == index)
        if count > 1:
            style.append(("SPAN", (0, start), (0, start + count - 1)))
            style.append(("VALIGN", (0, start), (0, start + count - 1), "TOP"))
    if not body:
        body.append(["No regular medicines this month", "", *[""] * 31])
        heights.append(min_h)
        style.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(
        [header, *body],
        colWidths=[med_w, time_w] + [day_w] * 31,
        rowHeights=[None, *heights],
        repeatRows=1,
    )
    table.setStyle(TableStyle(style))
    return table


def _key(data: MarChartData, width: float) -> Any:
    from reportlab.platypus import Table, TableStyle

    from microoffice.core.reports import styles

    regular, _ = styles.fonts()
    per_row = 5
    cells = [f"{letter}  {label}" for letter, label in data.key]
    cells += [""] * (-len(cells) % per_row)
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    table = Table(rows, colWidths=[width / per_row] * per_row, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8),
                ("TEXTCOLOR", (0, 0), (-1, -1), styles.INK),
                ("BOX", (0, 0), (-1, -1), 0.3, styles.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def story(data: MarChartData) -> list[Any]:
    from reportlab.platypus import Spacer

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    width = styles.frame_width(_setup(data))
    allergy = (
        f"<b>Allergies:</b> {styles.esc(data.allergies)}"
        if data.allergies
        else "<font color='#b42318'><b>Allergies: NOT RECORDED. Check before giving any medicine.</b></font>"
    )
    out: list[Any] = [
        styles.para(f"MAR chart: {data.client_name} — {data.month:%B %Y}", st.title),
        styles.para(data.identity, st.subtitle),
        styles.rich(allergy, st.body),
        _grid(data, width),
        Spacer(1, 4),
    ]
    if not data.blank:
        out.append(
            styles.para(
                "Shading: grey = not prescribed that day; yellow = not taken (reason below); "
                "red = dose was due and nothing is recorded.",
                st.small,
            )
        )
    if data.prn_medicines or data.prn_lines:
        out.append(styles.para("When-required (PRN) medicines", st.heading))
        for med in data.prn_medicines:
            out.append(
                styles.rich(
                    f"<b>{styles.esc(med.title)}</b>: {styles.esc(med.details).replace(chr(10), '; ')}",
                    st.small,
                )
            )
        lines = [[x.when, x.medicine, x.code, x.text, x.by] for x in data.prn_lines]
        if data.blank:
            lines = [["", "", "", "", ""] for _ in range(BLANK_PRN_LINES)]
        out.append(
            styles.data_table(
                ["Date and time", "Medicine and dose", "Code", "Reason given / effect", "By"],
                lines or [["", "", "", "None given this month", ""]],
                [width * f for f in (0.12, 0.25, 0.06, 0.47, 0.1)],
                row_height=None if not data.blank else 22,
            )
        )
    if data.notes:
        out.append(styles.para("Reasons, notes and corrections", st.heading))
        out.append(
            styles.data_table(
                ["Dose", "Medicine", "Code", "Reason / note", "By"],
                [[x.when, x.medicine, x.code, x.text, x.by] for x in data.notes],
                [width * f for f in (0.1, 0.2, 0.06, 0.54, 0.1)],
            )
        )
    out.append(styles.para("Key to codes", st.heading))
    out.append(_key(data, width))
    if data.blank:
        out.append(
            styles.para(
                "Write the code and your initials for every dose. Never leave a due dose blank. "
                "Write the reason for any dose not given on the back, and tell the office.",
                st.small,
            )
        )
    return out


def render(data: MarChartData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    styles.render(out, story(data), _setup(data))
