"""Counsellor mode ("staff mode", `imguide --staff`): a study and careers counsellor (SYV) sits
with a newly arrived pupil and a guardian. The ONE session is shown twice, side by side: on the
left in the family's language (the app's), on the right in Swedish; the answer panel below answers
for both. Beside it the counsellor writes notes per topic, in Swedish, that go into the export.
The counsellor can also jump to any flow or question (F4), export at once (Ctrl+E, with the pickup
code shown) and wipe everything for the next family (F9, after asking).

Below NARROW columns the Swedish column goes and the family's transcript shows the Swedish under
each message instead (the chat's "Swedish under"); the notes go under the answer panel. When the
family reads Swedish there is one transcript.

The screen is the chat (ChatScreen) with more beside it: answering, going back, changing an answer,
terms, sources and the summary work as they do there.
"""

from __future__ import annotations

from rich.text import Text as RichText
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input

from imguide.core.content.model import Bundle, Node
from imguide.core.engine.resolve import flow_title, resolve
from imguide.core.engine.session import State
from imguide.core.i18n.translator import N_, Translator, translator
from imguide.ui.screens.base import close
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.widgets.footer import QuietFooter
from imguide.ui.widgets.progress import ProgressLine
from imguide.ui.widgets.staff import NotesPanel, StaffTranscript, SwedishOptions, topic_of
from imguide.ui.widgets.text import Text, TextButton, isolate, line_in
from imguide.ui.widgets.transcript import Transcript

NARROW = 90  # columns: below this one transcript, with the Swedish under each message


class StaffScreen(ChatScreen):
    """The chat for a counsellor beside a family: two transcripts of one session, notes, jumps,
    export and "next family"."""

    BINDINGS = [
        Binding("f4", "jump", N_("Hoppa till"), show=True),
        Binding("ctrl+e", "export", N_("Exportera"), show=True, priority=True),  # the notes' Ctrl+E too
        Binding("f8", "notes", N_("Anteckningar"), show=True),
        Binding("f9", "next_family", N_("Nästa familj"), show=True),
        # F9 says it for a counsellor; Swedish stands beside every message here
        Binding("ctrl+r", "restart", N_("Börja om"), show=False),
        Binding("ctrl+t", "toggle_swedish", N_("Svenska under"), show=False),
    ]

    DEFAULT_CSS = """
    StaffScreen #staff-columns { height: 1fr; }
    StaffScreen .staff-column { width: 1fr; height: 1fr; }
    StaffScreen #swedish-column { border-left: vkey $primary 50%; }
    StaffScreen .column-title { height: 1; width: 1fr; padding: 0 1; color: $text-muted; text-style: bold; background: $surface; }
    StaffScreen #options-sv { background: $panel; border-top: solid $primary 50%; }
    StaffScreen #staff-bottom { height: auto; max-height: 60%; }
    StaffScreen #answer-area { width: 1fr; max-height: 100%; }
    StaffScreen #staff-side { width: 40%; height: auto; background: $panel; border-top: solid $primary 50%; border-left: vkey $primary 50%; }
    StaffScreen NotesPanel { width: 1fr; }
    StaffScreen #staff-bar { height: 1; width: 1fr; padding: 0 1; }
    StaffScreen #staff-bar Button { width: auto; min-width: 0; margin-right: 1; }
    StaffScreen #staff-status { height: auto; width: 1fr; padding: 0 1; background: $panel; }
    StaffScreen #staff-status.-error { color: $text-error; text-style: bold; }
    StaffScreen.-narrow #swedish-column { display: none; }
    StaffScreen.-narrow #staff-bottom { layout: vertical; }
    StaffScreen.-narrow #staff-side { width: 1fr; border-left: none; display: none; }
    StaffScreen.-narrow.-notes-open #staff-side { display: block; }
    StaffScreen.-narrow.-notes-open #answer-area { display: none; }
    StaffScreen.-narrow NoteArea { height: 4; }
    """

    def __init__(self) -> None:
        super().__init__(id="staff")
        self._narrow = False

    # ------------------------------------------------------------------ the layout

    @property
    def sv(self) -> Translator:
        """Swedish: the counsellor's language."""
        return translator(self.guide.bundle.languages.source)

    @property
    def two_columns(self) -> bool:
        """The Swedish transcript stands beside the family's (wide enough, another language)."""
        return not self._narrow and not self.guide.current_language.is_source

    @property
    def _under(self) -> bool:
        """The family's transcript shows Swedish under each message (narrow screens)."""
        return self._narrow

    def compose(self) -> ComposeResult:
        guide = self.guide
        state = guide.session.state
        t = guide.translator
        sv = self.sv
        self._narrow = self.app.size.width < NARROW
        self.set_class(self._narrow, "-narrow")
        progress = ProgressLine(id="progress")
        progress.show(guide.bundle, state, t)
        yield progress
        with Horizontal(id="staff-columns"):
            with Vertical(id="family-column", classes="staff-column"):
                yield Text(self._family_title(), t, id="family-title", classes="column-title")
                yield StaffTranscript(guide.bundle, t, (state, self._under), id="transcript")
            with Vertical(id="swedish-column", classes="staff-column"):
                yield Text(sv.gettext("Svenska"), sv, classes="column-title")
                yield StaffTranscript(guide.bundle, sv, (state, False), id="transcript-sv")
        yield SwedishOptions("", sv, id="options-sv")
        with Horizontal(id="staff-bottom"):
            yield self._answer_area(state, t)
            with Vertical(id="staff-side"):
                yield NotesPanel(guide.bundle, sv, topic_of(state), id="notes")
                with Horizontal(id="staff-bar"):
                    yield TextButton(sv.gettext("Hoppa till"), sv, compact=True, id="staff-jump")
                    yield TextButton(sv.gettext("Exportera"), sv, compact=True, id="staff-export", variant="primary")
                    yield TextButton(sv.gettext("Nästa familj"), sv, compact=True, id="staff-next", variant="warning")
        status = Text("", sv, id="staff-status")
        status.display = False
        yield status
        yield QuietFooter(compact=True)
        self._panel_key = self._key_for(state)

    def on_mount(self) -> None:
        # (Textual runs ChatScreen.on_mount after this one, as it runs every class's handler)
        self._swedish = self.query_one("#transcript-sv", StaffTranscript)
        self._notes = self.query_one(NotesPanel)
        self._options = self.query_one(SwedishOptions)
        self._status = self.query_one("#staff-status", Text)
        self._show_columns()
        self._options.show(self.guide.bundle, self.guide.session.state, self.sv, self._options_wanted)

    def _family_title(self) -> str:
        language = self.guide.current_language
        swedish_name = language.name_in(self.guide.bundle.languages.source.code)
        if language.is_source or swedish_name == language.native_name:
            return language.native_name
        return f"{language.native_name} ({isolate(swedish_name, self.guide.translator)})"

    def _show_columns(self) -> None:
        self.query_one("#swedish-column").display = self.two_columns

    @property
    def _options_wanted(self) -> bool:
        return not self.guide.current_language.is_source

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self.set_class(narrow, "-narrow")
            self.rebuild()

    def rebuild(self) -> None:
        if self.is_mounted:
            t = self.guide.translator
            self.query_one("#family-title", Text).update(self._family_title(), t=t)
            self._show_columns()
        super().rebuild()

    # ------------------------------------------------------------------ showing the state

    def show_state(self) -> None:
        if not self.is_mounted:
            return
        writing = self._notes.editing
        super().show_state()
        state = self.guide.session.state
        self._options.show(self.guide.bundle, state, self.sv, self._options_wanted)
        self._notes.follow(topic_of(state))
        if writing:  # a new answer panel takes the focus: the counsellor was writing
            self.call_after_refresh(self._notes.area.focus)

    def _sync_transcripts(self, state: State, t: Translator) -> list[Transcript]:
        self.transcript.sync(state, t, self._under)
        if not self.two_columns:
            return [self.transcript]
        self._swedish.sync(state, self.sv, False)
        return [self.transcript, self._swedish]

    def _scroll_to_end(self) -> None:
        super()._scroll_to_end()
        if self.two_columns:
            self._swedish.scroll_end(animate=False, immediate=True)

    def _add_error(self, say) -> None:
        if self.two_columns:
            self._swedish.add_error(say(self.sv))
        super()._add_error(say)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_swedish":  # Swedish is beside (or under) every message already
            return None
        return super().check_action(action, parameters)

    # ------------------------------------------------------------------ the counsellor's keys

    def action_escape(self) -> None:
        if self._notes.editing:  # out of the notes, back to the answer (the note is kept)
            self._focus_answer()
            return
        super().action_escape()

    def action_notes(self) -> None:
        """F8: into the notes, or (from there) back to the answer. On a narrow screen the notes
        take the answer's place meanwhile."""
        if self._notes.editing:
            self._focus_answer()
        else:
            self.add_class("-notes-open")
            self._notes.area.focus()

    def on_descendant_focus(self, event) -> None:
        if self.has_class("-notes-open") and not self._notes.editing and event.widget is not None:
            side = self.query_one("#staff-side")
            if side not in event.widget.ancestors_with_self:
                self.remove_class("-notes-open")

    def _focus_answer(self) -> None:
        self.remove_class("-notes-open")
        panel = self.panel
        if panel is not None:
            panel.focus_first()
        else:
            self.set_focus(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # ChatScreen's handler runs after this one (glossary words), unless the button was ours
        actions = {"staff-jump": self.action_jump, "staff-export": self.action_export, "staff-next": self.action_next_family}
        if event.button.id in actions:
            event.stop()
            event.prevent_default()
            actions[event.button.id]()

    def action_jump(self) -> None:
        """F4: the flows and their questions; the one chosen is where the conversation goes on."""
        if self.guide._blocked():
            return
        guide = self.guide
        state = guide.session.state
        current = state.current.id if state.current is not None else None
        self.app.push_screen(JumpScreen(jump_targets(guide.bundle, state, self.sv, guide.translator), current), self._jump_chosen)

    def _jump_chosen(self, node_id: str | None) -> None:
        session = self.guide.session
        current = session.state.current
        if not node_id or (current is not None and current.id == node_id and session.state.reopened is None):
            return
        try:
            session.jump(node_id)
        except KeyError:
            return
        self.show_state()

    def action_export(self) -> None:
        """Ctrl+E: the export for the meeting, as the summary writes it, and its pickup code."""
        if self.guide._blocked():
            return
        from imguide.core.export.renderers import ExportError  # only needed when exporting
        from imguide.core.export.writer import export_for_meeting

        sv = self.sv
        if not self._notes.save():
            self._say(sv.gettext("Exporten väntar: ändra anteckningen först."), error=True)
            return
        guide = self.guide
        earlier = guide.export
        try:
            result = export_for_meeting(
                guide.bundle,
                guide.session,
                guide.current_language,
                outbox=earlier.folder.parent if earlier is not None else getattr(guide, "outbox", None),
                replace=earlier.pickup_code if earlier is not None else None,
            )
        except (ExportError, OSError) as error:  # a full disk or a broken template: say so, keep going
            self._say(sv.gettext("Exporten misslyckades: %(reason)s") % {"reason": str(error)}, error=True)
            return
        guide.exported(result)
        said = sv.gettext("Sparat: %(paths)s") % {"paths": ", ".join(str(path) for path in result.paths)}
        if result.pickup_code:
            code = sv.gettext("Hämtkod: %(code)s") % {"code": result.pickup_code}
            self._say(Content.assemble((code, "bold"), " · ", said))
        else:
            self._say(said)

    def _say(self, text: str | Content, error: bool = False) -> None:
        self._status.set_class(error, "-error")
        self._status.update(text, t=self.sv)
        self._status.display = True

    def action_next_family(self) -> None:
        """F9: after asking, forget everything (answers, notes, the screen) for the next family."""
        if self.guide._blocked():
            return
        from imguide.ui.screens.dialogs import ConfirmScreen

        sv = self.sv
        session = self.guide.session
        question = sv.gettext("Nästa familj? Allt från det här samtalet tas bort, svar och anteckningar.")
        exported = self.guide.export is not None and not self.guide.unexported_answers
        if (session.answers or session.notes) and not exported:
            question += " " + sv.gettext("Det är inte exporterat.")
        elif self.guide.export is not None and self.guide.export.pickup_code:
            question += " " + sv.gettext("Exporten finns kvar med hämtkoden %(code)s.") % {"code": self.guide.export.pickup_code}
        self.app.push_screen(
            ConfirmScreen(question, sv.gettext("Ja, nästa familj"), sv.gettext("Nej, stanna"), t=sv),
            self._next_family_answered,
        )

    def _next_family_answered(self, yes: bool | None) -> None:
        if yes:
            self.guide.new_session()


# ---------------------------------------------------------------------- the jump list


def jump_targets(bundle: Bundle, state: State, sv: Translator, t: Translator) -> list[tuple[str, str, str, bool]]:
    """Where the counsellor can go on: each flow (at its start) with its questions, as
    (node id, Swedish, the family's language, is a flow), the start flow first, then the flows
    in the menu's order."""
    menu = bundle.menu
    order = ["start"] if "start" in bundle.flows else []
    if menu is not None:
        for option in menu.options:
            target = bundle.nodes.get(option.goto or "")
            if target is not None and target.kind == "jump" and target.jump_flow:
                order.append(target.jump_flow)
    order += sorted(bundle.flows)
    targets: list[tuple[str, str, str, bool]] = []
    for flow_id in dict.fromkeys(order):
        flow = bundle.flows.get(flow_id)
        if flow is None:
            continue
        targets.append((flow.start, flow_title(bundle, flow_id, sv), flow_title(bundle, flow_id, t), True))
        for node in flow.nodes.values():
            if node.is_question:
                targets.append((node.id, _question(bundle, node, sv, state), _question(bundle, node, t, state), False))
    return targets


def _question(bundle: Bundle, node: Node, t: Translator, state: State) -> str:
    return " ".join(resolve(bundle, node, t, state.values).text.split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


class JumpScreen(ModalScreen[str | None]):
    """F4 in the counsellor's screen: every flow and its questions, in Swedish with the family's
    language beside. Type to narrow the list; Enter (or a click) goes there, Esc closes."""

    AUTO_FOCUS = None
    blocks_app_keys = True
    BINDINGS = [
        Binding("escape", "close", N_("Stäng"), show=True),
        Binding("down", "to_list", show=False),
    ]
    DEFAULT_CSS = """
    JumpScreen { align: center middle; }
    JumpScreen #jump-box { width: 90%; height: 85%; padding: 0 1; background: $panel; border: round $primary; }
    JumpScreen #jump-filter { margin: 0 0 1 0; }
    JumpScreen #jump-list { height: 1fr; }
    """

    def __init__(self, targets: list[tuple[str, str, str, bool]], current: str | None = None) -> None:
        super().__init__(id="jump")
        self.targets = targets
        self.current = current

    @property
    def sv(self) -> Translator:
        return translator(self.app.bundle.languages.source)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        sv = self.sv
        with Vertical(id="jump-box"):
            yield Text(sv.gettext("Hoppa till ett flöde eller en fråga. Svaren som redan är givna finns kvar."), sv, classes="screen-title")
            yield Input(placeholder=sv.gettext("Sök"), id="jump-filter", compact=True)
            table: DataTable = DataTable(id="jump-list", cursor_type="row", zebra_stripes=True)
            yield table
            yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        self.table = self.query_one("#jump-list", DataTable)
        self.fill("")
        self.query_one("#jump-filter", Input).focus()

    def fill(self, query: str) -> None:
        """The rows that hold `query` (a flow's title shows with any of its questions found)."""
        table = self.table
        table.clear(columns=True)
        t = self.app.translator  # type: ignore[attr-defined]
        half = max(20, (self.app.size.width * 9 // 10 - 14) // 2)  # two columns, their padding, the scrollbar
        bilingual = not t.language.is_source
        table.add_column(RichText(self.sv.gettext("Svenska")), width=half, key="sv")
        if bilingual:
            table.add_column(self._cell(t.language.native_name, half, t), width=half, key="fam")
        wanted = query.casefold().strip()
        rows: list[tuple[str, RichText, RichText]] = []
        flow_row: tuple[str, RichText, RichText] | None = None
        for node_id, swedish, family, is_flow in self.targets:
            if is_flow:
                flow_row = (f"flow:{node_id}", RichText("▸ " + _cut(swedish, half - 2), "bold"), self._cell(family, half - 2, t, "bold"))
                if not wanted or wanted in swedish.casefold() or wanted in family.casefold():
                    rows.append(flow_row)
                    flow_row = None
                continue
            if wanted and wanted not in swedish.casefold() and wanted not in family.casefold():
                continue
            if flow_row is not None:
                rows.append(flow_row)
                flow_row = None
            rows.append((node_id, RichText("  " + _cut(swedish, half - 2)), self._cell(family, half - 2, t)))
        for key, swedish_cell, family_cell in rows:
            if bilingual:
                table.add_row(swedish_cell, family_cell, key=key)
            else:
                table.add_row(swedish_cell, key=key)
        for index, (key, *_cells) in enumerate(rows):
            if key == self.current:
                table.move_cursor(row=index, animate=False)
                break

    def _cell(self, text: str, width: int, t: Translator, style: str = "") -> RichText:
        """A cell in the family's language: cut in reading order, then shaped and ordered for the
        terminal (right to left where the language reads so). Plain text: never markup."""
        return RichText(line_in(_cut(text, width), t, self).plain, style, justify="right" if t.direction == "rtl" else "left")

    @on(Input.Changed, "#jump-filter")
    def _filtered(self, event: Input.Changed) -> None:
        event.stop()
        self.fill(event.value)

    @on(Input.Submitted, "#jump-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.table.row_count:
            self._choose(self.table.cursor_row)

    @on(DataTable.RowSelected, "#jump-list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._choose(event.cursor_row)

    def _choose(self, row: int) -> None:
        try:
            key = self.table.coordinate_to_cell_key((row, 0)).row_key.value
        except Exception:  # no such row (the list changed meanwhile)
            return
        if key:
            close(self, key.removeprefix("flow:"))

    def action_to_list(self) -> None:
        self.table.focus()

    def action_close(self) -> None:
        close(self, None)
