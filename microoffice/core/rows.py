"""Row shapes that views of several features share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One entry of a list to choose from: the id that is stored, the words a person reads."""

    id: int
    name: str
