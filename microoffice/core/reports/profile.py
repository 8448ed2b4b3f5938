"""The one-page referral profile (PDF) and its plain-text twin for directory listings.

Written for a busy social worker or GP who has a minute: who we are and how to reach us at the
top, then whether we can take someone now (the free slots, from today's rota), then what we do,
where, for how much, how payment works, and what people say. The page is kept to one sheet: if
a business has a great deal to say, the content is scaled down to fit rather than spilling over.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from microoffice.core.growth.profile import ProfileData, ProfileSettings
from microoffice.core.growth.profile import collect as collect_profile
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date


@needs(Right.GOVERNANCE)
def collect(session: Session, settings: ProfileSettings | None = None) -> ProfileData:
    return collect_profile(session, settings)


def tagline(data: ProfileData) -> str:
    places = list(data.places[:3])
    if len(places) > 1:
        where = f"{', '.join(places[:-1])} and {places[-1]}"
    else:
        where = places[0] if places else "your area"
    return f"Care and support at home for older and disabled people in {where}"


def capacity_headline(data: ProfileData) -> str:
    if not data.slots:
        return "No regular times are free just now: call us to talk about what is needed."
    count = len(data.slots)
    word = "time" if count == 1 else "times"
    return f"We can take someone new: {count} regular {word} free each week"


def registration_lines(data: ProfileData) -> list[str]:
    out = []
    if data.cqc_registered:
        out.append(f"Registered with the Care Quality Commission (provider {data.cqc_provider_id})")
    else:
        out.append("Not registered with the Care Quality Commission")
    if data.quality_mark:
        out.append(data.quality_mark)
    if data.ico_number:
        out.append(f"Registered with the ICO ({data.ico_number}); records kept securely")
    if data.insurance:
        out.append(data.insurance)
    if data.team:
        out.append(data.team)
    return out


def as_text(data: ProfileData) -> str:
    """Plain text for online directories (no layout, no special characters)."""
    lines = [data.business, tagline(data), ""]
    if data.about:
        lines += [data.about, ""]
    contact = " | ".join(p for p in (data.contact_name, data.phone, data.email) if p)
    lines += [f"Contact: {contact}", ""]
    lines.append(capacity_headline(data))
    for line in data.slot_lines:
        lines.append(f"  {line}")
    lines.append(
        f"  (free every week from {format_date(data.capacity_from)} to {format_date(data.capacity_to)})"
    )
    lines += ["", "What we do"]
    lines += [f"  - {name}: {what}" for name, what in data.services]
    lines += ["", "Where we work"]
    lines.append("  " + ", ".join(f"{d} ({t})" if t else d for d, t in data.areas))
    if data.prices:
        lines += ["", "Prices"]
        lines += [f"  - {g.who}: {'; '.join(g.lines)}" for g in data.prices]
        lines += [f"  - {line}" for line in data.price_terms]
    lines += ["", "Paying for care"]
    lines += [f"  - {line}" for line in data.payment]
    lines += ["", "Registration and safety"]
    lines += [f"  - {line}" for line in registration_lines(data)]
    if data.compliments or data.outcomes:
        lines += ["", "What people say"]
        lines += [f'  "{words}" ({who})' for words, who in data.compliments]
        if data.outcomes:
            lines.append(f"  From {data.outcome_people} people who agreed to share their answers:")
            lines += [f"  - {line}" for line in data.outcomes]
    lines += ["", f"Updated {format_date(data.prepared_on)}"]
    return "\n".join(lines) + "\n"


def _setup(data: ProfileData) -> Any:
    from microoffice.core.reports import styles

    return styles.PageSetup(
        title="Referral profile",
        business=data.business,
        printed_on=data.prepared_on,
        footer_note="Free times change daily: please call to check",
    )


def _section(title: str, body: list[Any]) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    head = ParagraphStyle("section", parent=st.heading, spaceBefore=5, spaceAfter=3, fontSize=11.5)
    return [styles.para(title, head), *body]


def _bullets(lines: list[str] | tuple[str, ...]) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    item = ParagraphStyle("item", parent=st.body, leftIndent=9, bulletIndent=0, spaceAfter=2)
    return [styles.rich(f"<bullet>&bull;</bullet>{styles.esc(line)}", item) for line in lines]


def _capacity_box(data: ProfileData, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table, TableStyle

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    big = ParagraphStyle("cap", parent=st.heading, fontSize=13, spaceBefore=0, spaceAfter=3)
    body = ParagraphStyle("capbody", parent=st.body, fontSize=10.5, leading=14, spaceAfter=1)
    cells: list[Any] = [styles.para(capacity_headline(data), big)]
    for line in data.slot_lines:
        day, _, times = line.partition(": ")
        cells.append(styles.rich(f"<b>{styles.esc(day)}</b>  {styles.esc(times)}", body))
    cells.append(
        styles.para(
            f"Free every week from {data.capacity_from:%d %B} to {data.capacity_to:%d %B %Y}, "
            f"checked against the rota, holidays and travel on {format_date(data.prepared_on)}.",
            st.small,
        )
    )
    box = Table([[cells]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e8f3ec")),
                ("LINEBEFORE", (0, 0), (0, -1), 5, colors.HexColor("#027a48")),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return box


def story(data: ProfileData, width: float) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepInFrame, Spacer, Table, TableStyle

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    title = ParagraphStyle("ptitle", parent=st.title, fontSize=22, leading=26, spaceAfter=1)
    contact = ParagraphStyle(
        "contact", parent=st.body, fontSize=12, leading=16, textColor=styles.ACCENT
    )
    quote = ParagraphStyle("quote", parent=st.body, fontSize=9.5, leading=12.5, spaceAfter=1)
    who = ParagraphStyle("who", parent=st.small, spaceAfter=4)
    top: list[Any] = [
        styles.para(data.business, title),
        styles.para(tagline(data), st.subtitle),
    ]
    parts = [f"<b>{styles.esc(data.phone)}</b>"] if data.phone else []
    parts += [styles.esc(p) for p in (data.email, data.contact_name) if p]
    top.append(styles.rich("   ·   ".join(parts), contact))
    if data.about:
        top.append(Spacer(1, 4))
        top.append(styles.para(data.about, st.body))
    top += [Spacer(1, 6), _capacity_box(data, width), Spacer(1, 4)]

    left: list[Any] = _section("What we do", _bullets([f"{n}: {w}" for n, w in data.services]))
    areas = [f"{d} ({t})" if t else d for d, t in data.areas]
    left += _section("Where we work", [styles.para(", ".join(areas) or "Ask us", st.body)])
    left += _section("Registration and safety", _bullets(registration_lines(data)))
    left += _section("Paying for care", _bullets(data.payment))
    right: list[Any] = []
    if data.prices:
        rows = [
            styles.rich(f"<b>{styles.esc(g.who)}:</b> {styles.esc('; '.join(g.lines))}", st.body)
            for g in data.prices
        ]
        right += _section("Prices", rows + _bullets(data.price_terms))
    said: list[Any] = []
    for words, person in data.compliments:
        said.append(styles.rich(f"<i>“{styles.esc(words)}”</i>", quote))
        said.append(styles.para(person, who))
    if data.outcomes:
        said.append(
            styles.para(
                f"Asked about their lives ({data.outcome_people} people who agreed to share):",
                quote,
            )
        )
        said += _bullets(data.outcomes)
    if said:
        right += _section("What people say", said)
    half = (width - 12) / 2
    columns = Table([[left, right]], colWidths=[half + 6, half + 6])
    columns.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 12),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ]
        )
    )
    ask = ParagraphStyle("ask", parent=st.body, fontSize=11, leading=15, textColor=styles.ACCENT)
    how = f"To refer someone, call {data.contact_name or 'us'}"
    how += f" on {data.phone}" if data.phone else ""
    how += f" or email {data.email}" if data.email else ""
    bottom = [Spacer(1, 8), styles.rich(f"<b>{styles.esc(how)}.</b>", ask)]
    if data.address:
        bottom.append(styles.para(data.address, st.small))
    body = [*top, columns, *bottom]
    return [KeepInFrame(width, _frame_height(), body, mode="shrink")]


def _frame_height() -> float:
    """The page's usable height (A4 less the margins and the frame's own padding)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from microoffice.core.reports import styles

    return float(A4[1] - 2 * styles.MARGIN - 2 * mm - 13)


def render(data: ProfileData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    setup = _setup(data)
    styles.render(out, story(data, styles.frame_width(setup)), setup)
