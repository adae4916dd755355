"""BarChart: a small vertical bar chart drawn with block characters.

Why not a plotting package: Textual's own Sparkline shows a shape but no scale, labels or
gaps for days not recorded, and a plotting package (textual-plotext) would add a dependency
whose braille output renders unevenly across terminals. Block bars with eighth-steps read
well in every terminal, take their colours from the theme (component classes), scale to
the widget's size and render identically in snapshots.

Data is a list of `BarGroup`s: a label and one value per series (None = not recorded, drawn
as a dot on the baseline so a gap is never mistaken for zero). When there are more groups
than fit, the most recent ones are shown and a "◂" marks that earlier ones are hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

_EIGHTHS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class BarGroup:
    label: str
    values: tuple[float | None, ...]


def _default_fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


class BarChart(Widget):
    COMPONENT_CLASSES = {
        "bar-chart--s0",
        "bar-chart--s1",
        "bar-chart--axis",
        "bar-chart--missing",
        "bar-chart--value",
    }
    DEFAULT_CSS = """
    BarChart {
        height: 1fr;
        min-height: 5;
        width: 1fr;
    }
    BarChart > .bar-chart--s0 { color: $primary; }
    BarChart > .bar-chart--s1 { color: $success; }
    BarChart > .bar-chart--axis { color: $text-muted; }
    BarChart > .bar-chart--missing { color: $text-disabled; }
    BarChart > .bar-chart--value { color: $text; }
    """

    def __init__(
        self,
        *,
        series: int = 1,
        top: float | None = None,
        fmt: Callable[[float], str] = _default_fmt,
        empty: str = "Nothing recorded in this period",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.series = series
        self.fixed_top = top
        self.fmt = fmt
        self.empty = empty
        self.groups: list[BarGroup] = []

    def set_data(self, groups: Sequence[BarGroup], empty: str | None = None) -> None:
        self.groups = list(groups)
        if empty is not None:
            self.empty = empty
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------
    def _top(self, groups: Sequence[BarGroup]) -> float:
        if self.fixed_top is not None:
            return self.fixed_top
        values = [v for g in groups for v in g.values if v is not None]
        return max(max(values, default=1.0), 1.0)

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        known = [v for g in self.groups for v in g.values if v is not None]
        if not self.groups or not known:
            return Text(self.empty, style=self.get_component_rich_style("bar-chart--axis"))
        axis_style = self.get_component_rich_style("bar-chart--axis")
        top = self._top(self.groups)
        top_label, zero_label = self.fmt(top), "0"
        axis_w = max(len(top_label), len(zero_label)) + 1
        area = max(1, width - axis_w)
        # Each group: `series` bars side by side, then a one-column gap. Paired bars drop
        # the gap when that lets every group fit (their two colours keep pairs apart).
        slot_min = self.series + 1
        if self.series > 1 and len(self.groups) * slot_min > area >= len(self.groups) * self.series:
            slot_min = self.series
        fits = max(1, area // slot_min)
        groups = self.groups[-fits:]
        truncated = len(groups) < len(self.groups)
        slot = max(slot_min, area // len(groups))
        gap = 1 if slot > self.series else 0
        bar_w = max(1, min(4, (slot - gap) // self.series))
        # Numbers above the bars when they fit: "2/0" for a pair, so a zero (no bar) is
        # still readable as a zero.
        texts = [self._value_text(g) for g in groups]
        show_values = all(len(t) < slot for t in texts)
        rows = max(1, height - 1 - (1 if show_values else 0))

        lines: list[Text] = []
        if show_values:
            line = Text(" " * axis_w)
            value_style = self.get_component_rich_style("bar-chart--value")
            for text in texts:
                line.append(text.center(bar_w * self.series).ljust(slot)[:slot], value_style)
            lines.append(line)
        styles = [self.get_component_rich_style(f"bar-chart--s{i % 2}") for i in range(self.series)]
        missing = self.get_component_rich_style("bar-chart--missing")
        for r in range(rows - 1, -1, -1):  # top row first
            if r == rows - 1:
                prefix = top_label.rjust(axis_w - 1) + "┤"
            elif r == 0:
                prefix = zero_label.rjust(axis_w - 1) + "┤"
            else:
                prefix = " " * (axis_w - 1) + "│"
            line = Text(prefix, axis_style)
            for g in groups:
                for i in range(self.series):
                    v = g.values[i] if i < len(g.values) else None
                    if v is None:  # one dot on the baseline: "not recorded", never zero
                        line.append(("·" if r == 0 else " ").ljust(bar_w), missing)
                        continue
                    cell = self._cell(v, top, rows, r, style=styles[i])
                    for _ in range(bar_w):
                        line.append_text(cell)
                line.append(" " * (slot - self.series * bar_w))
            lines.append(line)
        lines.append(self._labels(groups, axis_w, slot, truncated, axis_style))
        return Text("\n").join(lines)

    def _value_text(self, group: BarGroup) -> str:
        values = group.values[: self.series]
        if all(v is None for v in values):
            return ""
        return "/".join("·" if v is None else self.fmt(v) for v in values)

    @staticmethod
    def _cell(value: float, top: float, rows: int, row: int, style: Style) -> Text:
        level = max(0.0, min(1.0, value / top if top else 0.0)) * rows * 8
        fill = level - row * 8
        if fill >= 8:
            return Text(_EIGHTHS[8], style)
        if fill > 0:
            return Text(_EIGHTHS[max(1, int(fill))], style)
        return Text(" ")

    def _labels(
        self, groups: Sequence[BarGroup], axis_w: int, slot: int, truncated: bool, style: Style
    ) -> Text:
        width = axis_w + slot * len(groups)
        chars = [" "] * width
        if truncated:
            chars[0] = "◂"
        next_free = axis_w
        for index, g in enumerate(groups):
            x = axis_w + index * slot
            if x >= next_free and x + len(g.label) <= width:
                chars[x : x + len(g.label)] = list(g.label)
                next_free = x + len(g.label) + 1
        return Text("".join(chars), style)
