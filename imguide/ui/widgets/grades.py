"""The grades table: one row per subject, the grade picked with A-F or "-" (or a click).

Up/down (or Tab out) moves, Backspace clears a row, Enter confirms the whole table. Subjects left
empty are simply not answered: many students do not know every grade yet.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from rich.cells import cell_len
from textual.widgets import DataTable

from imguide.core.eligibility.explain import subject_name
from imguide.core.eligibility.grading import DASHES, GRADES
from imguide.core.i18n.translator import Translator
from imguide.ui.messages import Answered
from imguide.ui.widgets.choices import SKIP_LABEL, AnswerPanel
from imguide.ui.widgets.text import Text, TextButton, is_rtl, line_in

GRADE_VALUES = GRADES
SHOWN = {"-": "–"}


class GradesTable(DataTable):
    """A compact table: subject name, then a column per grade; the chosen one is highlighted."""

    class Confirmed(Message):
        pass

    def __init__(
        self, subjects: list[tuple[str, str]], grades: dict[str, str] | None = None, heading: str = "", t: Translator | None = None, **kwargs
    ) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, show_row_labels=False, cell_padding=0, **kwargs)
        self.subjects = subjects  # (code, name in the reader's language)
        self.heading = heading  # "Subject", in the reader's language
        self.t = t
        self.grades: dict[str, str] = {code: g for code, g in (grades or {}).items() if g in GRADE_VALUES}

    def on_mount(self) -> None:
        names = [line_in(name, self.t, self) for _code, name in self.subjects]
        # the grade columns always fit (a phone-wide browser has 40 columns); names get the rest
        room = self.app.size.width - 6 - 3 * len(GRADE_VALUES)
        width = max(8, min(max(max((cell_len(name.plain) for name in names), default=6), 6), 28, room))
        rtl = is_rtl(self.t)
        heading, *names = [_fitted(name, width, rtl) for name in [line_in(self.heading, self.t, self), *names]]
        if rtl:  # names stand right-aligned, beside their grades
            heading, *names = [Content(" " * max(0, width - cell_len(name.plain))) + name for name in [heading, *names]]
        self.add_column(heading, key="subject", width=width + 1)
        for grade in GRADE_VALUES:
            # centred like the cells below (" A "), so each letter stands over its column
            self.add_column(f" {SHOWN.get(grade, grade)} ", key=grade, width=3)
        for (code, _name), name in zip(self.subjects, names):
            self.add_row(name, *self._cells(code), key=code)
        column = 1
        if self.subjects and self.grades.get(self.subjects[0][0]):
            column = 1 + GRADE_VALUES.index(self.grades[self.subjects[0][0]])
        self.cursor_coordinate = Coordinate(0, column)

    def _cells(self, code: str) -> list[Content]:
        chosen = self.grades.get(code)
        cells = []
        for grade in GRADE_VALUES:
            shown = SHOWN.get(grade, grade)
            if grade == chosen:
                cells.append(Content.styled(f"[{shown}]", "bold reverse"))
            else:
                cells.append(Content.styled(f" {shown} ", "dim"))
        return cells

    def _redraw(self, code: str) -> None:
        for grade, cell in zip(GRADE_VALUES, self._cells(code)):
            self.update_cell(code, grade, cell)

    def set_grade(self, row: int, grade: str | None) -> None:
        if not 0 <= row < len(self.subjects):
            return
        code = self.subjects[row][0]
        if grade is None or self.grades.get(code) == grade:
            self.grades.pop(code, None)
        else:
            self.grades[code] = grade
        self._redraw(code)

    # Keys that move the cursor are handled here, in the table's own queue, rather than by the
    # bindings they would otherwise bubble up to: a binding runs later, so "E Down E" typed fast
    # would put both grades on the same row.
    MOVES = {"up": "action_cursor_up", "down": "action_cursor_down", "left": "action_cursor_left", "right": "action_cursor_right"}

    def on_key(self, event: events.Key) -> None:
        char = (event.character or "").upper()
        row = self.cursor_coordinate.row
        if event.key in self.MOVES:
            event.stop()
            event.prevent_default()
            getattr(self, self.MOVES[event.key])()
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Confirmed())
        elif char and char.translate(DASHES) in GRADE_VALUES:
            event.stop()
            event.prevent_default()
            grade = char.translate(DASHES)
            code = self.subjects[row][0] if self.subjects else None
            # choosing a grade sets it (typing the same grade again keeps it)
            if code is not None:
                self.grades[code] = grade
                self._redraw(code)
            next_row = min(row + 1, len(self.subjects) - 1)
            self.cursor_coordinate = Coordinate(next_row, 1 + GRADE_VALUES.index(grade))
        elif event.key == "space":
            event.stop()
            event.prevent_default()
            column = self.cursor_coordinate.column
            if column >= 1:
                self.set_grade(row, GRADE_VALUES[column - 1])
        elif event.key in ("backspace", "delete"):
            event.stop()
            event.prevent_default()
            self.set_grade(row, None)

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        row, column = meta.get("row"), meta.get("column")
        if isinstance(row, int) and isinstance(column, int) and row >= 0 and column >= 1:
            self.set_grade(row, GRADE_VALUES[column - 1])

    @property
    def value(self) -> dict[str, str]:
        return {code: self.grades[code] for code, _name in self.subjects if code in self.grades}


def _fitted(name: Content, width: int, rtl: bool) -> Content:
    """A name cut to `width` cells with an ellipsis where it ends (its left edge when it reads
    right to left and is already in visual order)."""
    if cell_len(name.plain) <= width:
        return name
    if not rtl:
        return name.truncate(width, ellipsis=True)
    kept = name.plain
    while cell_len(kept) > width - 1:
        kept = kept[1:]
    return Content("…" + kept)


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


class GradesPanel(AnswerPanel):
    def __init__(self, t: Translator, node_id: str, subjects: list[str], prefill: Any = None, skippable: bool = False) -> None:
        super().__init__(t, classes="answer-panel grades-panel")
        self.node_id = node_id
        # a row label starts with a capital, as in a school report ("Matematik", "Mathematics")
        self.subjects = [(code, _capitalised(subject_name(code, t))) for code in subjects]
        self.prefill = prefill if isinstance(prefill, dict) else {}
        self.skippable = skippable

    def compose(self) -> ComposeResult:
        t = self.t
        yield Text(t.gettext("Tryck A–F eller - för betyget. Pil upp och ner byter ämne. Enter när du är klar."), t, classes="hint")
        yield GradesTable(self.subjects, self.prefill, t.gettext("Ämne"), t, id="grades-table")
        with Horizontal(classes="button-row"):
            yield TextButton(t.gettext("Klar"), t, compact=True, classes="send", variant="primary")
            if self.skippable:
                yield TextButton(t.gettext(SKIP_LABEL), t, compact=True, classes="skip")

    def focus_first(self) -> None:
        self.query_one(GradesTable).focus()

    def on_grades_table_confirmed(self, event: GradesTable.Confirmed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        self.post_message(Answered(self.node_id, self.query_one(GradesTable).value))

