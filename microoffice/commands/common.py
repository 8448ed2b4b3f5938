"""Helpers shared by the headless commands."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microoffice.core.db.database import Database


def open_db(args: argparse.Namespace, create: bool = False) -> Database:
    """The database named by --db (before or after the command), or the default one."""
    from microoffice.core.db.database import open_database

    return open_database(getattr(args, "db", None), create=create)
