"""Money, whole numbers, percentages, multipliers and miles, as people type them.

Money is read into integer pence: '£1,200.50', '1200.5', '-£5' and '.50' are all read; commas
must group thousands (1,200 or 14,000.00: '14,00,0' is refused rather than read as £14,000.00);
more than two decimal places is refused, never rounded. Only the digits 0-9 count as digits.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_POUNDS = Decimal(100_000_000)  # far beyond any care invoice; stops typos and overflow
_MONEY = re.compile(r"^(-)?£?(-)?((?:[0-9]{1,3}(?:,[0-9]{3})+)|[0-9]+)?(?:\.([0-9]*))?$")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$|^\.[0-9]+$")


def _not_money(text: str) -> ValueError:
    return ValueError(f"'{text.strip()}' is not an amount of money; type it like 12.50")


def read_money(text: str) -> int:
    """An amount in pounds and pence as whole pence ('£12.50' -> 1250); blank is refused."""
    shown = text.strip()
    value = re.sub(r"\s*([£-])\s*", r"\1", shown)  # '£ 12', '- £5'; never '1 200'
    if not value:
        raise ValueError("Enter an amount, for example 12.50")
    match = _MONEY.match(value)
    if match is None or (match[1] and match[2]) or not (match[3] or match[4]):
        if re.fullmatch(r"-?£?-?[0-9,]+(?:\.[0-9]*)?", value) and "," in value:
            raise ValueError(
                f"'{shown}' has its commas in the wrong places: write thousands like 14,000.00 "
                "(or leave the commas out)"
            )
        raise _not_money(text)
    pence_text = match[4] or ""
    if len(pence_text) > 2:
        raise ValueError("Amounts can have at most two decimal places (pence)")
    pounds = Decimal((match[3] or "0").replace(",", ""))
    if pounds >= MAX_POUNDS:
        raise ValueError(f"'{shown}' is too large an amount; check the number")
    pence = int(pounds) * 100 + int(pence_text.ljust(2, "0"))
    return -pence if match[1] or match[2] else pence


def money_text(pence: int | None) -> str:
    """Pence as a form shows an amount to edit ('1250' -> '12.50'), read back by read_money."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}{pounds}.{rest:02d}"


def read_whole(text: str, least: int = 0, most: int = 1_000_000, what: str = "a number") -> int:
    """A whole number from `least` to `most`: '12' (not '12.0', '1e3' or '1_000')."""
    shown = text.strip()
    value = shown.replace(" ", "")
    digits = value.removeprefix("-")
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"'{shown}' is not a whole number; type it like 12")
    number = int(value)
    if not least <= number <= most:
        raise ValueError(f"{what[:1].upper()}{what[1:]} is from {least} to {most}, not {number}")
    return number


def _decimal(text: str, shown: str, example: str, noun: str) -> Decimal:
    if not _NUMBER.match(text):
        raise ValueError(f"'{shown}' is not {noun}; type it like {example}")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern lets through only numbers
        raise ValueError(f"'{shown}' is not {noun}; type it like {example}") from None


def read_percent(text: str, most: Decimal | int = 100) -> Decimal:
    """A percentage: '12.5' or '12.5%' as Decimal('12.5'), from 0 to `most`; blank is 0."""
    shown = text.strip()
    value = re.sub(r"\s+", "", shown).removesuffix("%")
    if not value:
        return Decimal(0)
    number = _decimal(value, shown, "12.5", "a percentage")
    if number > most:
        raise ValueError(f"A percentage between 0 and {most}, not {shown}")
    return number


def read_multiplier(text: str) -> Decimal:
    """How many times the usual rate: '1.5', 'x1.5', '×1.5' or '1.5x' as Decimal('1.5')."""
    shown = text.strip()
    value = re.sub(r"\s+", "", shown).lower()
    if not value:
        raise ValueError("Type the multiplier, like 1.5")
    match = re.fullmatch(r"[x×*]?([^x×*]+)|([^x×*]+)[x×]", value)
    number = _decimal(match[1] or match[2] if match else value, shown, "1.5", "a multiplier")
    if not Decimal(0) < number <= 10:
        raise ValueError(f"A multiplier is more than 0 and at most 10, not {shown}")
    return number


def read_miles(text: str) -> int | None:
    """'12.4' miles as tenths of a mile (124); blank is None (not recorded)."""
    shown = text.strip()
    value = re.sub(r"\s+", "", shown).lower().removesuffix("miles").removesuffix("mi")
    if not value:
        return None
    match = re.fullmatch(r"([0-9]{1,4})(?:\.([0-9]))?", value)
    if match is None:
        raise ValueError(f"'{shown}' is not a number of miles; type it like 12.5")
    return int(match.group(1)) * 10 + int(match.group(2) or 0)
