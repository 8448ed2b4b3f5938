""" "Did you mean ...?" for a name typed on the command line that matches nothing.

A mistyped payer or client must be refused, never recorded against nobody; the refusal is more
use when it names the nearest real names (difflib's ratio, case and spacing ignored).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def same_name(typed: str, known: Iterable[str]) -> str | None:
    """The known name that `typed` is, ignoring case and spacing; None when none is."""
    key = _key(typed)
    return next((name for name in known if _key(name) == key), None)


def did_you_mean(typed: str, known: Iterable[str], limit: int = 3) -> str:
    """' Did you mean 'Ann Smith'?' (with a leading space), or '' when nothing is close."""
    by_key: dict[str, str] = {}
    for name in known:
        if name:
            by_key.setdefault(_key(name), name)
    close = difflib.get_close_matches(_key(typed), list(by_key), n=limit, cutoff=0.6)
    if not close:
        return ""
    names = [f"'{by_key[k]}'" for k in close]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f" Did you mean {listed}?"
