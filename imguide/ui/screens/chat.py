"""The chat: the transcript of the session, the progress line and the answer panel for the question
waiting now. The screen is the only place that changes the session; everything shown is derived
from `session.state` again after each change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button

from imguide.core.content.answers import AnswerError
from imguide.core.content.kinds import option_label
from imguide.core.engine.resolve import sources_of, term_explanation, term_word
from imguide.core.engine.session import State
from imguide.core.i18n.translator import N_, Translator
from imguide.ui.messages import Answered, Notice, OutcomeChosen, Skipped
from imguide.ui.textual_fixes import cancel_frame_hold, one_frame_for
from imguide.ui.widgets.bubble import AnswerBubble, Bubble
from imguide.ui.widgets.choices import OPTION_KEYS, AnswerPanel, ChoicePanel
from imguide.ui.widgets.footer import QuietFooter
from imguide.ui.widgets.panels import make_panel
from imguide.ui.widgets.progress import ProgressLine
from imguide.ui.widgets.text import Text, TextButton
from imguide.ui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from imguide.ui.app import GuideApp


class TermButton(TextButton):
    def __init__(self, term: str, word: str, t: Translator) -> None:
        super().__init__(word, t, compact=True, classes="term")
        self.term = term


class ChatScreen(Screen):
    AUTO_FOCUS = None

    BINDINGS = [
        Binding("escape", "escape", N_("Tillbaka"), show=True),
        Binding("ctrl+b", "back", N_("Tillbaka"), show=False),
        Binding("ctrl+s", "summary", N_("Sammanfattning"), show=True),
        Binding("ctrl+r", "restart", N_("Börja om"), show=True),
        Binding("ctrl+t", "toggle_swedish", N_("Svenska under"), show=True),
        Binding("ctrl+g", "terms", N_("Ord"), show=False),
        Binding("f3", "sources", N_("Källa"), show=False),
        *[Binding(key, f"choose({number})", show=False) for number, key in enumerate(OPTION_KEYS, 1)],
    ]

    def __init__(self, id: str = "chat") -> None:
        super().__init__(id=id)
        self._panel_key: tuple | None = None
        self._panel_forced = False  # rebuild(): look at the panel again even if its key is the same
        self._terms_shown: list | None = None
        # What was typed into a question left without sending it (Esc, going back): offered
        # again when the question comes back. Gone with the screen, so a new session has none.
        self.drafts: dict[tuple[str, int], str] = {}
        self._resumed_before = False  # the first resume comes with the first mount

    @property
    def guide(self) -> "GuideApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # The first state is composed in (not mounted afterwards), so the first frame shows it.
        state = self.guide.session.state
        t = self.guide.translator
        progress = ProgressLine(id="progress")
        progress.show(self.guide.bundle, state, t)
        yield progress
        yield Transcript(self.guide.bundle, t, (state, self.guide.both_languages), id="transcript")
        yield self._answer_area(state, t)
        yield QuietFooter(compact=True)
        self._panel_key = self._key_for(state)

    def _answer_area(self, state: State, t: Translator) -> Vertical:
        """Under the transcript: the reopen banner, the glossary words and the answer panel."""
        banner = Text("", id="reopen-banner")
        banner.display = False
        # the panel sits right in the area, not in a container of its own: each level around the
        # focused option is walked for every key and laid out and painted on every answer
        panel = make_panel(state, t, health_words=self.guide.bundle.health_words)
        return Vertical(banner, Horizontal(id="terms-bar"), panel, id="answer-area")

    def on_mount(self) -> None:
        # looked up once: a query walks the whole transcript, which grows with the conversation
        self.transcript = self.query_one("#transcript", Transcript)
        self._progress = self.query_one(ProgressLine)
        self._banner = self.query_one("#reopen-banner", Text)
        self._terms_bar = self.query_one("#terms-bar", Horizontal)
        self._area = self.query_one("#answer-area", Vertical)
        self.watch(self.app, "language", self._language_changed, init=False)
        self.call_after_refresh(self._show_terms)  # after the first frame: it is not needed to start
        self.call_after_refresh(self.guide.warm_up_export)

    def _language_changed(self, _code: str) -> None:
        self.rebuild()

    def on_screen_resume(self) -> None:
        # back from another screen: the summary may have removed answers
        if self._resumed_before:
            self.show_state()
        self._resumed_before = True

    def on_unmount(self) -> None:
        cancel_frame_hold(self)  # a frame held for its mounts must not keep this screen alive

    # ------------------------------------------------------------------ showing the state

    @property
    def panel(self) -> AnswerPanel | None:
        for child in reversed(self._area.children):  # a replaced panel may linger until pruned
            if isinstance(child, AnswerPanel):
                return child
        return None

    @property
    def reopening(self) -> str | None:
        """The question the user chose to answer again, if that is what the panel asks now."""
        reopened = self.guide.session.state.reopened
        return reopened[0] if reopened else None

    def show_state(self) -> None:
        """Bring the screen in line with the session: the one way anything here changes."""
        if not self.is_mounted:
            return
        state = self.guide.session.state
        t = self.guide.translator
        mounting = [m for transcript in self._sync_transcripts(state, t) for m in transcript.mounting]
        self._progress.show(self.guide.bundle, state, t)
        banner = self._banner
        banner.display = state.reopened is not None
        if state.reopened is not None:
            banner.update(t.gettext("Du ändrar ett tidigare svar. Tryck Esc för att avbryta."), t=t)
        key = self._key_for(state)
        if key != self._panel_key or self._panel_forced:
            previous, self._panel_key, self._panel_forced = self._panel_key, key, False
            if not self._reuse_panel(state, previous):
                area = self._area
                self._keep_draft()
                if self.focused is not None and not isinstance(self.focused, AnswerBubble):
                    # or Textual would hand focus to an answer bubble for a moment
                    self.set_focus(None)
                area.remove_children([child for child in area.children if isinstance(child, AnswerPanel)])
                draft = self.drafts.get((state.current.id, state.visit)) if state.current else None
                mounting.append(area.mount(make_panel(state, t, draft, self.guide.bundle.health_words)))
            self._show_terms()
        self._scroll_to_end()
        # the new messages and the new panel in one frame, and one look at the footer's keys
        one_frame_for(self.app, mounting, self)

    def _sync_transcripts(self, state: State, t: Translator) -> list[Transcript]:
        """Show the state in the transcript (a screen with more than one syncs them all here);
        returns the transcripts synced (a query for them would walk every message on screen)."""
        self.transcript.sync(state, t, self.guide.both_languages)
        return [self.transcript]

    def _scroll_to_end(self) -> None:
        # immediate: re-anchor now; the anchored transcript is laid out at its end with the new
        # messages (after the refresh it would cost a second layout and paint)
        self.transcript.scroll_end(animate=False, immediate=True)

    def _add_error(self, say: Callable[[Translator], str]) -> None:
        """A line about the last try, `say(t)` in the reader's language."""
        self.transcript.add_error(say(self.guide.translator))
        self._scroll_to_end()

    def _keep_draft(self) -> None:
        """The panel is about to go: keep what was typed into it and not sent."""
        panel = self.panel
        if panel is None or not panel.is_mounted:
            return
        unsent = panel.unsent()
        key = (panel.node_id, panel.visit)
        if unsent is None:
            self.drafts.pop(key, None)
        else:
            self.drafts[key] = unsent

    def _key_for(self, state: State) -> tuple:
        """What the answer panel depends on, (language, question): equal keys, same panel."""
        current = state.current.id if state.current else None
        return (self.guide.language, (current, state.reopened, repr(state.prefill), len(state.path)))

    def _reuse_panel(self, state: State, previous: tuple | None) -> bool:
        """Keep the panel and change what it says, where that is enough: the next choice with as
        many options, or the same typed question in another language (what was typed stays)."""
        node = state.current
        panel = self.panel
        t = self.guide.translator
        if node is None or panel is None:
            return False
        same_question = previous is not None and previous[1] == self._panel_key[1]  # type: ignore[index]
        if node.kind == "choice" and type(panel) is ChoicePanel:
            options = [(option.key, option_label(node, option.key, t)) for option in node.options]
            return panel.reuse(node.id, options, state.prefill, node.skippable, t, new_question=not same_question)
        retranslate = getattr(panel, "retranslate", None)
        return bool(same_question and retranslate is not None and not panel.sent and retranslate(t))

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
        t = self.guide.translator
        widgets = [Text(t.gettext("Ord:"), t, classes="terms-label")]
        widgets += [TermButton(term, words, t) for _bubble, term, words in found]
        bar.mount_all(widgets)

    def rebuild(self) -> None:
        """A full re-render (language switch, both languages toggled)."""
        self._panel_forced = True
        self._terms_shown = None
        self.show_state()

    # ------------------------------------------------------------------ answering

    def on_answered(self, message: Answered) -> None:
        message.stop()
        state = self.guide.session.state
        try:
            self.guide.session.answer(message.node_id, message.raw)
        except AnswerError as error:
            self._refuse(error)
            return
        panel = self.panel
        if panel is not None and state.current is not None and panel.node_id == state.current.id:
            panel.sent = True  # what it holds is an answer now, not a draft
        self.show_state()

    def on_skipped(self, message: Skipped) -> None:
        message.stop()
        try:
            self.guide.session.skip(message.node_id)
        except AnswerError as error:
            self._refuse(error)
            return
        self.show_state()

    def _refuse(self, error: AnswerError) -> None:
        self._add_error(error.render)

    def on_notice(self, message: Notice) -> None:
        message.stop()

        def say(t: Translator) -> str:
            text = t.gettext(message.text)
            return text % message.params if message.params else text

        self._add_error(say)

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
        self.show_state()

    def action_back(self) -> None:
        self.guide.session.back()
        self.show_state()

    def action_escape(self) -> None:
        session = self.guide.session
        if session.state.reopened is not None:
            session.cancel_reopen()
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
            return not self.guide.current_language.is_source
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

    def action_sources(self) -> None:
        """F3: where the newest message that rests on facts comes from."""
        bubble = self.transcript.latest_sourced()
        if bubble is not None:
            self._show_sources(bubble)
        elif not self.guide._blocked():
            from imguide.ui.screens.sources import SourcesScreen

            self.app.push_screen(SourcesScreen([], self.guide.translator))

    def on_bubble_sources_chosen(self, message: Bubble.SourcesChosen) -> None:
        message.stop()
        self._show_sources(message.bubble)

    def _show_sources(self, bubble: Bubble) -> None:
        from imguide.ui.screens.sources import SourcesScreen

        node = self.guide.bundle.nodes.get(bubble.node_id or "")
        if node is None or self.guide._blocked():
            return
        self.app.push_screen(SourcesScreen(sources_of(self.guide.bundle, node.sources, bubble.t), bubble.t))

    def on_bubble_term_chosen(self, message: Bubble.TermChosen) -> None:
        message.stop()
        self._explain(message.bubble, message.term)

    def _explain(self, bubble: Bubble, term: str) -> None:
        t = bubble.t
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
        """A new round at the menu, after everything said so far: nothing is reopened or lost."""
        menu = self.guide.bundle.menu
        if menu is None or self.guide.session.state.current is not None:
            return
        self.guide.session.continue_at(menu.id)
        self.show_state()
