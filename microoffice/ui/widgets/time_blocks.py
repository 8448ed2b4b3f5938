"""What the time canvas shows: blocks (an item from its start to its end, in a day's column),
the columns, and how blocks that overlap share a column's width.

No painting and no events here, so the arithmetic can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

DAY_MINUTES = 24 * 60
SNAP = 5  # minutes: where a dragged block or edge lands
ADD_SNAP = 15  # minutes: where a double-click on an empty slot starts
KEY_STEP = 15  # minutes: Alt+Up/Down moves a block this far
EDGE = 6  # pixels: the bottom edge a drag resizes instead of moves

# Marks: drawn, not typed, so they look the same whatever fonts a computer has.
DONE, MISSED, CANCELLED, MOVED, SKIPPED = "done", "missed", "cancelled", "moved", "skipped"


@dataclass(frozen=True)
class Block:
    """One item on the canvas (an overnight item is two blocks with the same key)."""

    key: Hashable
    column: int
    start: int  # minutes after the column's midnight
    end: int
    lines: tuple[str, ...]  # the first is bold
    short: str = ""  # the first line for a block too narrow for it (the axis gives the time)
    colours: tuple[str, ...] = ()  # one per person, "#rrggbb"; none: nobody yet
    mark: str = ""  # DONE, MISSED, CANCELLED, MOVED, SKIPPED or ""
    # Everything about the item, line by line, asked for only when it is needed (a tooltip, the
    # block becoming current): a busy week would otherwise word hundreds of histories unread.
    details: Callable[[], Sequence[str]] = field(default=tuple, compare=False, repr=False)
    movable: bool = False
    resizable: bool = False  # the block that holds the item's real end

    @property
    def tooltip(self) -> str:
        return "\n".join(self.details())

    @property
    def spoken(self) -> str:
        """What a screen reader says when the block is current."""
        return ". ".join(self.details()) or " ".join(self.lines)


@dataclass(frozen=True)
class CanvasColumn:
    title: str
    note: str = ""  # a bank holiday, who is away
    today: bool = False


@dataclass(frozen=True)
class Ghost:
    """Where a block being dragged (or waiting for an answer) would land."""

    key: Hashable
    column: int
    start: int
    end: int


def snap(minutes: float, step: int = SNAP) -> int:
    return int(round(minutes / step) * step)


def lanes(blocks: Sequence[Block], least: int) -> dict[int, tuple[int, int, int]]:
    """(lane, lanes it spans, lanes in its group) for each block index: blocks that overlap sit
    side by side, and a block stretches right over lanes that are free while it lasts.

    `least` is the shortest length a block is drawn with, so two short visits one after the
    other still get a lane each when their drawn boxes would overlap.
    """
    out: dict[int, tuple[int, int, int]] = {}
    by_column: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        by_column.setdefault(b.column, []).append(i)
    for indexes in by_column.values():
        indexes.sort(key=lambda i: (blocks[i].start, -blocks[i].end))
        groups: list[tuple[list[int], list[int]]] = []  # (blocks, end of each lane's last block)
        group_end = -1
        for i in indexes:
            b = blocks[i]
            end = max(b.end, b.start + least)
            if not groups or b.start >= group_end:
                groups.append(([], []))
            members, ends = groups[-1]
            lane = next((n for n, e in enumerate(ends) if e <= b.start), len(ends))
            if lane == len(ends):
                ends.append(end)
            else:
                ends[lane] = end
            out[i] = (lane, 1, 0)
            members.append(i)
            group_end = max(group_end, end)
        for members, ends in groups:
            by_lane: dict[int, list[int]] = {}
            for j in members:
                by_lane.setdefault(out[j][0], []).append(j)
            for j in members:
                out[j] = (
                    out[j][0],
                    _span(blocks, by_lane, out[j][0], j, len(ends), least),
                    len(ends),
                )
    return out


def _span(
    blocks: Sequence[Block],
    by_lane: dict[int, list[int]],
    lane: int,
    j: int,
    count: int,
    least: int,
) -> int:
    """How many lanes block j can take: its own, and each next one with nothing in its way."""
    b = blocks[j]
    end = max(b.end, b.start + least)
    span = 1
    for other in range(lane + 1, count):
        for k in by_lane.get(other, ()):
            o = blocks[k]
            if o.start < end and b.start < max(o.end, o.start + least):
                return span
        span += 1
    return span
