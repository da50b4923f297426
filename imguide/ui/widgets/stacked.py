"""Containers of messages stacked by their own heights, arranged once per change.

Textual arranges a container whose height depends on its content twice for each change: at the
height around it, to learn how tall it is, then at that height; and it arranges a scrolling list
again whenever the list's height changes (the summary, when the export status below it grows). When
every child is as tall as its own text, the arrangement does not depend on the height: the one
Textual made and cached for the same width is the answer.
"""

from __future__ import annotations

from textual._arrange import DockArrangeResult
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.widget import Widget


def has_own_height(widget: Widget) -> bool:
    """Whether the widget's height comes from itself (its text, or a number of lines), not from
    the height of what holds it."""
    styles = widget.styles
    return all(scalar is None or scalar.unit in (Unit.AUTO, Unit.CELLS) for scalar in (styles.height, styles.min_height, styles.max_height))


class StackedByOwnHeights:
    """Mixed in before a vertical container (Vertical, VerticalScroll). Not a widget itself, so
    the container keeps the CSS of its own widget class (Textual follows the first widget base)."""

    # The key of the last arrangement Textual made and cached. Only the key: the arrangement
    # itself names the children, and Textual lets go of its cache when they change or go.
    _last_key: tuple | None = None

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        last = self._last_key
        if last is not None and last[0].width == size.width and last[1:] == (self._nodes._updates, optimal):
            arranged = self._arrangement_cache.get(last)
            if arranged is not None and all(has_own_height(child) for child in self.displayed_children):
                return arranged
        arrangement = super().arrange(size, optimal)  # type: ignore[misc]
        self._last_key = (size, self._nodes._updates, optimal)
        return arrangement
