"""Billing: rate cards, the pricing engine, invoice runs, credit notes, payments and the books.

The pricing engine (pricing.py) is pure; everything that reads or writes the database takes a
Session and never commits, like the other core services.
"""

from microoffice.core.billing import guard as _guard

_guard.install()
