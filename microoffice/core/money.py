"""Money is integer pence at rest and Decimal in arithmetic; floats never touch it.

Amounts as typed are read by core/readers/numbers.read_money."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def round_pence(amount: Decimal) -> int:
    """Pounds as Decimal to whole pence, half up (the rule invoices use, per line)."""
    return int((amount / PENNY).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pence_to_decimal(pence: int) -> Decimal:
    return (Decimal(pence) * PENNY).quantize(PENNY)


def format_gbp(pence: int) -> str:
    """£1,234.50 style, with a leading minus for credits."""
    sign = "-" if pence < 0 else ""
    pounds, pennies = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{pennies:02d}"
