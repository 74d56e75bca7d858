"""How an amount of money reads, on profiles and result cards and in structured data."""

from decimal import Decimal


def money(amount: Decimal | None) -> str:
    """80.00 -> "80", 82.50 -> "82.50"."""
    if amount is None:
        return ""
    return f"{amount:.0f}" if amount == int(amount) else f"{amount:.2f}"
