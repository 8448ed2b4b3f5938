"""Calendar: the week's visits and the rota (built by the visits work)."""

from __future__ import annotations

from microoffice.ui.pages.coming_soon import ComingSoonPage


class CalendarPage(ComingSoonPage):
    title = "Calendar"
    intro = "The calendar will show every visit for the week, for you and your team:"
    points = (
        "Regular visits set up once (every weekday at 08:00, fortnightly on Fridays) and "
        "repeated automatically",
        "Changes for holidays, hospital stays and bank holidays",
        "Who is going where, with travel time between visits",
        "Visits that were missed or cancelled, kept for the record and for invoices",
    )
