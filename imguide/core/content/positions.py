"""Where a value stood in a content file, so every later error can name file, line and column.

Kept apart from the YAML reader: the model holds positions too, and the compiled content (see
compiled.py) must be readable without importing the YAML parser.
"""

from __future__ import annotations

from typing import NamedTuple


class Pos(NamedTuple):
    """A place in a content file (1-based line and column).

    A named tuple: a large bundle makes and the compiled content unpickles thousands, and a tuple
    is made in half the time of a frozen dataclass."""

    file: str
    line: int
    column: int


# Makes a Pos without the named tuple's own __new__, a Python function: a large bundle makes
# tens of thousands. Use as new_pos(Pos, (file, line, column)).
new_pos = tuple.__new__


class Point(NamedTuple):
    """A parser mark reduced to what a Pos needs (0-based, like the parser's marks)."""

    line: int
    column: int


class Positions:
    """Positions of the values of a mapping or list, kept as the parser's marks and turned into a
    Pos only when asked for: most are never needed, and a large bundle has hundreds of thousands."""

    __slots__ = ("file", "marks")

    def __init__(self, file: str, marks):
        self.file = file
        self.marks = marks  # a dict (mapping keys) or a list (list items) of objects with .line/.column

    def __getitem__(self, key) -> Pos:
        mark = self.marks[key]
        return new_pos(Pos, (self.file, mark.line + 1, mark.column + 1))

    def get(self, key, default=None):
        try:
            return self[key]
        except (KeyError, IndexError):
            return default

    def __contains__(self, key) -> bool:
        return key in self.marks

    def __iter__(self):
        if isinstance(self.marks, dict):
            return iter(self.marks)
        return (self[index] for index in range(len(self.marks)))

    def __len__(self) -> int:
        return len(self.marks)

    def __reduce__(self):
        # The parser's marks are libyaml objects; pickled as plain points they need no parser back.
        if isinstance(self.marks, dict):
            points = {key: Point(mark.line, mark.column) for key, mark in self.marks.items()}
        else:
            points = [Point(mark.line, mark.column) for mark in self.marks]
        return (Positions, (self.file, points))
