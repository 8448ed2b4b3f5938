"""Money is integer pence at rest and Decimal in arithmetic; floats never touch it.

Amounts as typed are read by core/readers/numbers.read_money; invoices round each line half up
(billing/pricing.py)."""

from __future__ import annotations


def format_gbp(pence: int) -> str:
    """£1,234.50 style, with a leading minus for credits."""
    sign = "-" if pence < 0 else ""
    pounds, pennies = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{pennies:02d}"
