"""Money is integer pence at rest and Decimal in arithmetic; floats never touch it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
MAX_POUNDS = Decimal(100_000_000)  # far beyond any care invoice; stops typos and overflow


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


def parse_gbp(text: str) -> int:
    """Read what a person types ('£12.50', '12.5', '1,200') as pence; reject anything else."""
    cleaned = text.strip().replace("£", "").replace(",", "").strip()
    if not cleaned:
        raise ValueError("Enter an amount, for example 12.50")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount of money; type it like 12.50") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not an amount of money; type it like 12.50")
    if abs(value) >= MAX_POUNDS:
        raise ValueError(f"'{text}' is too large an amount; check the number")
    if value != value.quantize(PENNY):
        raise ValueError("Amounts can have at most two decimal places (pence)")
    return int(value * 100)
