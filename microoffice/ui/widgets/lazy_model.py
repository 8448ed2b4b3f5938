"""A table model that holds only ids and fetches rows a screenful at a time.

Anki's browser does this for 100,000 cards: the list of ids costs a few milliseconds, and a row
is read from the database only when it is about to be drawn. Opening 10,000 clients and jumping
to the end therefore reads two small blocks of rows, not ten thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt

from microoffice.ui.widgets.table_model import Column, HasId, Index, RowTableModel

R = TypeVar("R", bound=HasId)
BLOCK = 100  # rows read at once: a few screens, one small query
SQL_CHUNK = 900  # ids per IN (...) clause, well under every database's parameter limit


class LazyRowModel(RowTableModel[R]):
    def __init__(
        self,
        columns: Sequence[Column[R]],
        fetch_rows: Callable[[list[int]], list[R]],
        muted: Callable[[R], bool] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, muted, parent)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._cache: dict[int, R] = {}
        self._positions: dict[int, int] | None = None

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache = {}
        self._positions = None
        self.endResetModel()

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._cache = {r.id: r for r in rows}
        self._positions = None
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def row_at(self, row: int) -> R:
        found = self._cache.get(self._ids[row])
        if found is None:
            start = row - row % BLOCK
            self._load(self._ids[start : start + BLOCK])
            found = self._cache[self._ids[row]]
        return found

    def rows(self) -> list[R]:
        self._load(self._ids)
        return [self._cache[i] for i in self._ids]

    def position_of(self, row_id: int) -> int:
        if self._positions is None:
            self._positions = {rid: n for n, rid in enumerate(self._ids)}
        return self._positions.get(row_id, -1)

    def _load(self, ids: list[int]) -> None:
        missing = [i for i in ids if i not in self._cache]
        for start in range(0, len(missing), SQL_CHUNK):
            chunk = missing[start : start + SQL_CHUNK]
            for row in self._fetch_rows(chunk):
                self._cache[row.id] = row
            for gone in set(chunk) - self._cache.keys():
                raise LookupError(f"row {gone} is no longer in the database; reload the list")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting needs every row: read them all once (only when a person asks to sort)."""
        self._load(self._ids)
        key = self.sort_key(column)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [self._ids[i.row()] for i in before]
        self._ids.sort(
            key=lambda rid: key(self._cache[rid]), reverse=order == Qt.SortOrder.DescendingOrder
        )
        self._positions = None
        after = [
            self.index(self.position_of(rid), i.column())
            for rid, i in zip(held, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
