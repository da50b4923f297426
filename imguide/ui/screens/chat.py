"""The chat: the transcript of the session, the progress line and the answer panel for the question
waiting now. The screen is the only place that changes the session; everything shown is derived
from `session.state` again after each change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from imguide.core.answers import AnswerError
from imguide.core.model import Node
from imguide.core.render import option_label, term_explanation, term_word
from imguide.core.session import State
from imguide.ui.messages import Answered, Notice, OutcomeChosen, Skipped
from imguide.ui.widgets.bubble import AnswerBubble, Bubble
from imguide.ui.widgets.choices import AnswerPanel, ChoicePanel, MultiPanel, OutcomePanel
from imguide.ui.widgets.footer import QuietFooter
from imguide.ui.widgets.lang import N_, _, active, lazy
from imguide.ui.widgets.progress import ProgressLine
from imguide.ui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from imguide.ui.app import GuideApp


def make_panel(state: State, app: "GuideApp") -> AnswerPanel:
    node: Node | None = state.current
    t = active()
    if node is None:
        return OutcomePanel(classes="answer-panel")
    if node.kind in ("choice", "multi"):
        options = [(option.key, option_label(node, option.key, t)) for option in node.options]
        cls = ChoicePanel if node.kind == "choice" else MultiPanel
        return cls(node.id, options, state.prefill, node.skippable)
    if node.kind == "grades":
        from imguide.ui.widgets.grades import GradesPanel  # imported when first needed

        return GradesPanel(node.id, list(node.subjects), t, state.prefill, node.skippable)
    from imguide.ui.widgets.text_answer import TextAnswerPanel

    return TextAnswerPanel(node.id, node.kind, node.max_length, state.prefill, node.skippable)


class TermButton(Button):
    def __init__(self, term: str, word: str) -> None:
        super().__init__(Content(word), compact=True, classes="term")
        self.term = term


class ChatScreen(Screen):
    AUTO_FOCUS = None

    BINDINGS = [
        Binding("escape", "escape", lazy(N_("Tillbaka")), show=True),
        Binding("ctrl+b", "back", lazy(N_("Tillbaka")), show=False),
        Binding("ctrl+s", "summary", lazy(N_("Sammanfattning")), show=True),
        Binding("ctrl+r", "restart", lazy(N_("Börja om")), show=True),
        Binding("ctrl+t", "toggle_swedish", lazy(N_("Svenska under")), show=True),
        Binding("ctrl+g", "terms", lazy(N_("Ord")), show=False),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self) -> None:
        super().__init__(id="chat")
        self.reopening: str | None = None
        self._panel_key: tuple | None = None
        self._terms_shown: list | None = None
        self._resumed_before = False  # the first resume comes with the first mount

    @property
    def guide(self) -> "GuideApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # The first state is composed in (not mounted afterwards), so the first frame shows it.
        state = self.guide.session.state
        t = active()
        progress = ProgressLine(id="progress")
        progress.show(self.guide.bundle, state, t)
        yield progress
        yield Transcript(self.guide.bundle, (state, t, self.guide.both_languages), id="transcript")
        with Vertical(id="answer-area"):
            banner = Static("", id="reopen-banner")
            banner.display = False
            yield banner
            yield Horizontal(id="terms-bar")
            with Vertical(id="panel-slot"):
                yield make_panel(state, self.guide)
        yield QuietFooter(compact=True)
        self._panel_key = self._key_for(state)

    def on_mount(self) -> None:
        # looked up once: a query walks the whole transcript, which grows with the conversation
        self.transcript = self.query_one(Transcript)
        self._progress = self.query_one(ProgressLine)
        self._banner = self.query_one("#reopen-banner", Static)
        self._terms_bar = self.query_one("#terms-bar", Horizontal)
        self._slot = self.query_one("#panel-slot", Vertical)
        self.call_after_refresh(self._show_terms)  # after the first frame: it is not needed to start

    def on_screen_resume(self) -> None:
        # back from another screen: the summary may have removed answers, the language changed
        if self._resumed_before:
            self.show_state()
        self._resumed_before = True

    # ------------------------------------------------------------------ showing the state

    @property
    def panel(self) -> AnswerPanel | None:
        for child in reversed(self._slot.children):  # a replaced panel may linger until pruned
            if isinstance(child, AnswerPanel):
                return child
        return None

    def show_state(self) -> None:
        """Bring the screen in line with the session: the one way anything here changes."""
        session = self.guide.session
        state = session.state
        t = active()
        if self.reopening is not None and (state.current is None or state.current.id != self.reopening):
            self.reopening = None
        self.transcript.sync(state, t, self.guide.both_languages)
        self._progress.show(self.guide.bundle, state, t)
        banner = self._banner
        banner.display = self.reopening is not None
        if self.reopening is not None:
            banner.update(Content(_("Du ändrar ett tidigare svar. Tryck Esc för att avbryta.")))
        key = self._key_for(state)
        if key != self._panel_key:
            self._panel_key = key
            if not self._reuse_panel(state):
                slot = self._slot
                if self.focused is not None and not isinstance(self.focused, AnswerBubble):
                    # or Textual would hand focus to an answer bubble for a moment
                    self.set_focus(None)
                slot.remove_children()
                slot.mount(make_panel(state, self.guide))
            self._show_terms()
        self.transcript.scroll_end(animate=False, immediate=False)

    def _key_for(self, state: State) -> tuple:
        """What the answer panel depends on: equal keys, same panel."""
        current = state.current.id if state.current else None
        return (current, active().code, self.reopening, repr(state.prefill), len(state.path))

    def _reuse_panel(self, state: State) -> bool:
        node = state.current
        panel = self.panel
        if node is None or node.kind != "choice" or type(panel) is not ChoicePanel:
            return False
        t = active()
        options = [(option.key, option_label(node, option.key, t)) for option in node.options]
        return panel.reuse(node.id, options, state.prefill, node.skippable)

    def _show_terms(self) -> None:
        bar = self._terms_bar
        found = self.transcript.latest_terms()
        signature = [(term, words) for _bubble, term, words in found]
        if signature == self._terms_shown:
            return
        self._terms_shown = signature
        bar.remove_children()
        bar.display = bool(found)
        if not found:
            return
        widgets = [Static(Content(_("Ord:")), classes="terms-label")]
        widgets += [TermButton(term, words) for _bubble, term, words in found]
        bar.mount_all(widgets)

    def rebuild(self) -> None:
        """A full re-render (language switch, both languages toggled)."""
        self._panel_key = None
        self._terms_shown = None
        self.show_state()

    # ------------------------------------------------------------------ answering

    def on_answered(self, message: Answered) -> None:
        message.stop()
        try:
            self.guide.session.answer(message.node_id, message.raw)
        except AnswerError as error:
            self._refuse(error)
            return
        self.reopening = None
        self.show_state()

    def on_skipped(self, message: Skipped) -> None:
        message.stop()
        try:
            self.guide.session.skip(message.node_id)
        except AnswerError as error:
            self._refuse(error)
            return
        self.reopening = None
        self.show_state()

    def _refuse(self, error: AnswerError) -> None:
        self.transcript.add_error(error.render(active().gettext))
        self.transcript.scroll_end(animate=False)

    def on_notice(self, message: Notice) -> None:
        message.stop()
        self.transcript.add_error(message.text)
        self.transcript.scroll_end(animate=False)

    def action_choose(self, number: int) -> None:
        panel = self.panel
        if panel is not None:
            panel.choose_number(number)

    # ------------------------------------------------------------------ going back

    def on_answer_bubble_change_requested(self, message: AnswerBubble.ChangeRequested) -> None:
        message.stop()
        self.reopen(message.node_id, message.visit)

    def reopen(self, node_id: str, visit: int | None = None) -> None:
        try:
            self.guide.session.reopen(node_id, visit)
        except KeyError:
            return
        self.reopening = node_id
        self.show_state()

    def action_back(self) -> None:
        session = self.guide.session
        before = session.state
        answered = before.answered_steps()
        if not answered:
            return
        self.reopen(answered[-1].node.id, answered[-1].visit)

    def action_escape(self) -> None:
        if self.reopening is not None:
            self.reopening = None
            self.guide.session.cancel_reopen()
            self.show_state()
        else:
            self.action_back()

    # ------------------------------------------------------------------ the rest

    def action_summary(self) -> None:
        self.guide.show_summary()

    def action_restart(self) -> None:
        self.guide.ask_restart()

    def action_toggle_swedish(self) -> None:
        self.guide.toggle_both_languages()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_swedish":
            return active().code != "sv"
        return True

    def action_terms(self) -> None:
        buttons = list(self._terms_bar.query(TermButton))
        if buttons:
            buttons[0].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, TermButton):
            event.stop()
            for bubble, term, _words in reversed(self.transcript.latest_terms()):
                if term == event.button.term:
                    self._explain(bubble, term)
                    return

    def on_bubble_term_chosen(self, message: Bubble.TermChosen) -> None:
        message.stop()
        self._explain(message.bubble, message.term)

    def _explain(self, bubble: Bubble, term: str) -> None:
        t = active()
        bundle = self.guide.bundle
        bubble.toggle_explanation(term, term_word(bundle, term, t), term_explanation(bundle, term, t))
        self.call_after_refresh(bubble.scroll_visible, animate=False)

    def on_outcome_chosen(self, message: OutcomeChosen) -> None:
        message.stop()
        if message.action == "menu":
            self.go_to_menu()
        elif message.action == "summary":
            self.guide.show_summary()
        elif message.action == "restart":
            self.guide.ask_restart()

    def go_to_menu(self) -> None:
        session = self.guide.session
        if any(step.node.id == "start_topic" for step in session.state.path):
            self.reopen("start_topic")
        else:
            session.jump_to_flow("start")
            self.reopening = None
            self.show_state()
