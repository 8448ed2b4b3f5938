"""Invoices: billing clients, councils and other payers (built by the billing work)."""

from __future__ import annotations

from microoffice.ui.pages.coming_soon import ComingSoonPage


class InvoicesPage(ComingSoonPage):
    title = "Invoices"
    intro = "Invoices will be made from the visits that happened, at each client's rates:"
    points = (
        "The right payer for each client: the person, their attorney, a direct payment "
        "holder or the council",
        "Rates per hour, weekend and bank-holiday rates, and minimum charges",
        "Invoices as PDF with your logo and bank details, numbered in order",
        "Payments received and what is still owed",
    )
