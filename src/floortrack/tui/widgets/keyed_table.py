"""KeyedTable: a DataTable shown from (key, cells) rows and updated by difference.

A save changes one record; redrawing the page would re-add (and re-measure) 500 rows. Given
the rows it should now show, `show_rows` removes the rows that went, updates the cells that
changed in place, adds the new rows (only those are measured) and, if the order moved, sorts
the rows it has. Many rows gone at once (another filter, another page) rebuild the table,
which is then cheaper than removing them one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Self

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

Row = tuple[str, tuple[Any, ...]]


class KeyedText(Text):
    """A Text cell that knows its row's key: DataTable.sort hands its key function the
    cells only, and this one cell tells the rows apart."""

    __slots__ = ("row_key",)

    def __init__(self, text: str, row_key: str, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.row_key = row_key


class KeyedTable(DataTable[Any]):
    """`key_cell` is the index, in each row, of its KeyedText cell."""

    # Above this many rows to remove, a rebuild is cheaper: each removal renumbers every row
    # below it. (Adding costs the same either way: only the new rows are measured.)
    REBUILD_OVER = 60

    def __init__(self, *, key_cell: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key_cell = key_cell
        self._shown: dict[str, tuple[Any, ...]] = {}
        self._order: list[str] = []

    def clear(self, columns: bool = False) -> Self:
        self._shown = {}
        self._order = []
        return super().clear(columns)

    def show_rows(self, rows: Sequence[Row]) -> None:
        """Show exactly `rows` (key, cells), in this order, touching only what differs."""
        new = dict(rows)
        old = self._shown
        removed = [key for key in self._order if key not in new]
        added = [key for key, _ in rows if key not in old]
        if (not old and rows) or len(removed) > self.REBUILD_OVER:
            self._rebuild(rows)
            return
        for key in removed:
            self.remove_row(key)
        columns = [column.key for column in self.ordered_columns]
        for key, cells in rows:
            before = old.get(key)
            if before is None or before is cells:
                continue
            for column, was, now in zip(columns, before, cells, strict=False):
                if was is not now and was != now:
                    self.update_cell(key, column, now, update_width=True)
        for key in added:
            self.add_row(*new[key], key=key)
        order = [key for key, _ in rows]
        kept = [key for key in self._order if key in new] + added
        self._shown = new
        self._order = order
        if kept != order:
            rank = {key: index for index, key in enumerate(order)}
            key_cell = self._key_cell
            self.sort(key=lambda cells: rank[cells[key_cell].row_key])

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Size the columns for the new rows and update the scrollable size, as DataTable
        does (Textual 8.2), for less: DataTable measures every cell of every new row through
        a console, which for a page of 500 rows cost more than the rest of a filter
        keystroke. Here a fixed-width column is not measured at all (the width is never
        used) and a text cell is measured by its lines' width, which is what that console
        measurement returns for it. Rows with a label or an automatic height, which this
        table never adds, are left to DataTable."""
        new_rows = list(new_rows)
        if any(
            (row := self.rows.get(key)) is not None and (row.label is not None or row.auto_height)
            for key in new_rows
        ):
            super()._update_dimensions(new_rows)
            return
        columns = self.ordered_columns
        if any(column.auto_width for column in columns):
            console = self.app.console
            for key in new_rows:
                index = self._row_locations.get(key)
                if index is None:  # removed again before this ran
                    continue
                _, cells = self._get_row_renderables(index)
                for column, cell in zip(columns, cells, strict=False):
                    if column.auto_width:
                        width = _text_width(cell)
                        if width is None:
                            width = measure(console, cell, 1)
                        column.content_width = max(column.content_width, width)
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header_height
        )

    def _rebuild(self, rows: Sequence[Row]) -> None:
        super().clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self._shown = dict(rows)
        self._order = [key for key, _ in rows]


def _text_width(cell: object) -> int | None:
    """The width of a str or plain Text cell (its widest line), None for anything else."""
    if isinstance(cell, str):
        return cell_len(cell)
    if isinstance(cell, Text) and type(cell).__rich_measure__ is Text.__rich_measure__:
        lines = cell.plain.splitlines()
        return max(map(cell_len, lines)) if lines else 0
    return None
