"""GuideApp: the chat that talks students and guardians through the flows.

The app holds the one Session; screens show it. The language is the app's own (a reactive that
screens watch), so two views in two languages can live side by side; the Swedish-under toggle and
the theme are app-wide too. Everything that held an answer is dropped by `new_session()`, the one
way a conversation ends: "start again" and a kiosk wipe both use it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import Reactive, reactive
from textual.theme import Theme

from imguide.core.content import compiled
from imguide.core.i18n.languages import SOURCE_LANGUAGE, Language, Languages
from imguide.core.i18n.translator import N_, Translator, translator
from imguide.ui import collector, css_cache
from imguide.ui.textual_fixes import discard_screens, forget_first_screen, take_screens_below_top
from imguide.ui.themes import DEFAULT_THEME, THEME_LABELS, THEMES_BY_NAME, next_theme

if TYPE_CHECKING:
    from imguide.core.content.model import Bundle
    from imguide.core.kiosk.config import KioskConfig
    from imguide.ui.kiosk import KioskWatch
    from imguide.core.engine.session import Session
    from imguide.ui.screens.chat import ChatScreen

MIN_WIDTH, MIN_HEIGHT = 40, 16

css_cache.install()  # Textual's parses of our CSS, made at set-up (css_cache.py)


class GuideApp(App, inherit_bindings=False):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    AUTO_FOCUS = None
    TITLE = "imguide"

    # Descriptions are Swedish msgids: the footer says them in the app's language.
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Avsluta"), priority=True, show=True),
        Binding("f1,question_mark", "help", N_("Hjälp"), show=True, key_display="F1"),
        Binding("ctrl+l", "language", N_("Språk"), show=True),
        Binding("f2", "next_theme", N_("Tema"), show=False),
        Binding("f10", "done", N_("Jag är klar"), show=True),  # kiosks only (check_action)
    ]

    # Our themes are known from the first moment and the default is the reactive's own default, so
    # Textual parses the stylesheet once with the right colours. Setting `theme` in __init__ would
    # queue a full re-parse of every stylesheet before the first frame. TEXTUAL_THEME still wins.
    theme: Reactive[str] = Reactive(lambda: os.environ.get("TEXTUAL_THEME") or DEFAULT_THEME)

    # The language everything on screen is in (a shipped language code). Screens watch it.
    language: reactive[str] = reactive(SOURCE_LANGUAGE, init=False)

    @property
    def available_themes(self) -> dict[str, Theme]:  # type: ignore[override]
        return {**super().available_themes, **THEMES_BY_NAME}

    def __init__(
        self,
        lang: str | None = None,
        flow: str | None = None,
        bundle: Bundle | None = None,
        bidi: str = "app",
        kiosk: KioskConfig | None = None,
        staff: bool = False,
    ) -> None:
        super().__init__()
        if staff and kiosk is not None:
            raise ValueError("a kiosk is for visitors on their own, not for a counsellor's session")
        self.staff = staff  # counsellor mode: two transcripts, notes, jump, export (ui/screens/staff.py)
        self.bidi = bidi  # who orders right-to-left text: the app, the terminal, or nobody (ui/directed.py)
        # On a kiosk: the idle watch, the wipe, "I am done" and the PIN (ui/kiosk.py)
        self.kiosk_watch: KioskWatch | None = None
        if kiosk is not None:
            from imguide.ui.kiosk import KioskWatch

            self.kiosk_watch = KioskWatch(self, kiosk)
        self.outbox = kiosk.outbox if kiosk is not None else None  # None: the user's own outbox
        self.footer_hidden = ("quit",) if kiosk is not None else ()  # staff leave with a PIN
        self._bundle = bundle
        self._languages: Languages | None = bundle.languages if bundle is not None else None
        found = self.languages.resolve(lang) if lang else None
        if lang and found is None:
            raise ValueError(f"unknown language '{lang}'")
        self.start_lang = found.code if found else None
        self.flow = flow or "start"
        self._session: Session | None = None
        # The content is needed from the chat on: at once when the chat comes first (a language
        # given), else once the language picker is on screen. A flow asked for is checked now.
        if flow is not None or bundle is not None or found is not None:
            if self.flow not in self.bundle.flows:
                raise ValueError(f"unknown flow '{self.flow}'")
        self.set_reactive(GuideApp.language, self.start_lang or SOURCE_LANGUAGE)
        self.both_languages = False
        self.too_small = False
        self.export = None  # this session's export (an ExportResult), once the summary wrote one
        self._exported_answers: dict | None = None

    # ------------------------------------------------------------------ content, language, session

    @property
    def bundle(self) -> Bundle:
        if self._bundle is None:
            self._bundle = compiled.shipped_bundle()
            self._languages = self._bundle.languages
        return self._bundle

    @property
    def languages(self) -> Languages:
        """The shipped languages; the picker needs them before the rest of the content."""
        if self._languages is None:
            self._languages = compiled.shipped_languages()
        return self._languages

    @property
    def current_language(self) -> Language:
        return self.languages[self.language]

    @property
    def translator(self) -> Translator:
        """The app's language, for every string on screen that is not given one of its own."""
        return translator(self.current_language)

    @property
    def session(self) -> Session:
        """The one conversation, begun in the language the chat first opens in."""
        if self._session is None:
            from imguide.core.engine.session import Session

            self._session = Session(self.bundle, self.flow, self.language)
        return self._session

    def watch_language(self, code: str) -> None:
        if self._session is not None:
            self._session.lang = code
        self.refresh_bindings()

    def set_language(self, code: str) -> None:
        """Switch language at any time: same answers, every message again in the new language."""
        self.language = self.languages.require(code).code

    def toggle_both_languages(self) -> None:
        self.both_languages = not self.both_languages
        chat = self.chat
        if chat is not None and chat.is_mounted:
            chat.rebuild()

    def new_session(self) -> None:
        """Forget the conversation and go back to the language picker: a new Session, and every
        screen and widget that showed an answer gone with the old one (the kiosk wipe and "start
        again" both come here)."""
        old = self._session
        self._session = None
        self.export = None
        self._exported_answers = None
        if old is not None:
            old.forget()
        # the old conversation's objects are collected once the picker is painted, not during it
        collector.collect_when_idle()
        picker = self._session_picker()
        below = [screen for screen in take_screens_below_top(self) if screen is not picker]  # gone without being shown again
        picker.reset()
        switched = self.switch_screen(picker)  # nothing to do if it is already on screen

        async def forget_when_switched() -> None:
            await switched
            await discard_screens(self, below)
            self._forget_old_screens()

        self.call_later(forget_when_switched)
        self.both_languages = False
        self.set_reactive(GuideApp.language, SOURCE_LANGUAGE)
        self.refresh_bindings()

    def _forget_old_screens(self) -> None:
        """Once the old screens are gone, nothing that drew an answer may keep it."""
        if self._session is not None and not self._session.answers:
            # a screen on its way out (the chat, resumed for a moment as the ones above it closed)
            # asked for a session again: the picker starts the next one
            self._session = None
        forget_first_screen(self)
        forget_text_caches()
        # Textual lets go of the watchers of closed screens the next time the reactive changes.
        self.mutate_reactive(GuideApp.language)

    @property
    def current_theme(self):  # type: ignore[override]
        # Textual looks the theme up (copying its theme table) for every line it renders; the
        # answer is the same until the theme changes, and the lookup showed up in every frame.
        cached = self.__dict__.get("_theme_cache")
        name = self.theme
        if cached is None or cached[0] != name:
            cached = (name, App.current_theme.fget(self))  # type: ignore[attr-defined]
            self.__dict__["_theme_cache"] = cached
        return cached[1]

    # ------------------------------------------------------------------ start and size

    # Set by the launcher, which pauses the cyclic GC for the start (see collector.py).
    resume_gc_when_ready = False

    def on_ready(self) -> None:
        # Textual says "ready" once the first screen is laid out and its frame is out
        if self.resume_gc_when_ready:
            self.resume_gc_when_ready = False
            collector.resume()
        if self._chat_to_prepare:
            # now, not after Textual's next layout (the first one leaves it another, a frame later)
            self._chat_to_prepare = False
            self._prepare_chat()

    def on_unmount(self) -> None:
        collector.release_all()

    # Screens are imported when first needed (the chat too, behind the picker): start-up time counts.

    def get_default_screen(self):
        # The picker, or (a language given) an empty screen the chat replaces before the first
        # frame. Never the chat itself: Textual keeps its first screen for as long as the app runs,
        # and the chat holds answers. Later the picker and the chat take turns at the bottom.
        if self.start_lang:
            from textual.screen import Screen

            screen = Screen(id="start")
        else:
            screen = self._session_picker()
        # switch_screen gives every screen it puts in place an empty result callback and takes it
        # away again when it replaces the screen; the default screen is put in place without one.
        screen._push_result_callback(screen, None)
        return screen

    PICKER = "picker"  # the name the session's language picker is installed under

    def _session_picker(self):
        """The language picker every session starts with: made once and installed, so a new
        session shows it again instead of composing it anew (that was most of a kiosk wipe).
        It holds no answers; `reset()` forgets which language was chosen on it."""
        if not self.is_screen_installed(self.PICKER):
            from imguide.ui.screens.language import LanguageScreen

            self.install_screen(LanguageScreen(), self.PICKER)
        return self.get_screen(self.PICKER)

    async def on_event(self, event) -> None:
        watch = self.kiosk_watch
        if watch is not None:
            from imguide.ui.kiosk import PRESENCE

            if isinstance(event, PRESENCE):
                watch.seen()
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.kiosk_watch is not None and self._session is not None
        return True

    def action_done(self) -> None:
        if self.kiosk_watch is not None and not self._blocked():
            self.kiosk_watch.done()

    def on_done_chosen(self, _message) -> None:
        self.action_done()

    def on_mount(self) -> None:
        if self.kiosk_watch is not None:
            self.kiosk_watch.start()
        if self.start_lang:
            self.switch_screen(self._new_chat())
        else:
            # While the reader looks at the picker, get the chat ready behind it (`on_ready`).
            self._chat_to_prepare = True
        self._check_size(self.size)

    _export_warm = False
    _chat_to_prepare = False

    def warm_up_export(self) -> None:
        """Once per process, in a thread once the chat is on screen: load what the first export
        needs (jinja2 and the compiled templates, about 200 ms), so that Ctrl+E later only renders."""
        if GuideApp._export_warm:
            return
        GuideApp._export_warm = True

        def warm() -> None:
            try:
                from imguide.core.export import renderers, writer  # noqa: F401

                renderers.warm_up()
            except Exception:  # the first export then compiles what it needs: slower, not wrong
                pass

        # A plain thread, not a Textual worker: a worker's task keeps a copy of the context it was
        # started from, which names the screen that asked (the chat), and kept it alive after a wipe.
        threading.Thread(target=warm, name="imguide export warm-up", daemon=True).start()

    def _prepare_chat(self) -> None:
        import imguide.ui.screens.chat  # noqa: F401  (imported now, so that choosing is instant)

        _ = self.bundle  # loaded now for the same reason

    def language_chosen(self, code: str) -> None:
        """The picker at the bottom of the stack was answered: the chat takes its place."""
        self.set_language(code)
        self.switch_screen(self._new_chat())

    def _new_chat(self):
        """The screen the conversation happens on: the chat, or the counsellor's two columns."""
        if self.staff:
            from imguide.ui.screens.staff import StaffScreen

            return StaffScreen()
        from imguide.ui.screens.chat import ChatScreen

        return ChatScreen()

    _first_batch_done = False

    def _end_batch(self) -> None:
        super()._end_batch()
        if not self._batch_count and not self._first_batch_done:
            # Textual holds the frames of the start (the first screen's compose and mount). The
            # first screen is painted as soon as what is queued (its focus) is done; Textual would
            # wait for its frame timer's next tick, up to 1/60 s after its first layout.
            self._first_batch_done = True
            self.call_later(self._paint_now)

    def _paint_now(self) -> None:
        if not self._batch_count and self.screen_stack:
            self.screen._on_timer_update()

    def _on_resize(self, event: Resize) -> None:
        self._check_size(event.size)
        if self._size is not None and event.size == self._size:
            # Nothing changed (the terminal's first report of the size the app started with).
            # Textual 8.2 would still hand the event to the screen once idle, which lays it out
            # and paints it again: at start, right after the first frame.
            event.prevent_default()

    def _check_size(self, size: Size) -> None:
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        if small and not self.too_small:
            self.too_small = True
            self._show_too_small()
        elif not small and self.too_small:
            self.too_small = False
            if getattr(self.screen, "too_small_notice", False):
                self.pop_screen()

    def _show_too_small(self) -> None:
        self.call_after_refresh(self._notice_on_top)

    def _notice_on_top(self) -> None:
        """While the window is too small, the notice stays the top screen, whatever opens."""
        if self.too_small and not getattr(self.screen, "too_small_notice", False):
            from imguide.ui.screens.dialogs import TooSmallScreen

            self.push_screen(TooSmallScreen())

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[override]
        result = super().push_screen(screen, *args, **kwargs)
        if self.too_small and not getattr(screen, "too_small_notice", False):
            self.call_after_refresh(self._notice_on_top)
        return result

    # ------------------------------------------------------------------ app-wide state

    @property
    def lang(self) -> str:
        return self.language

    @property
    def chat(self) -> ChatScreen | None:
        from imguide.ui.screens.chat import ChatScreen

        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                return screen
        return None

    # ------------------------------------------------------------------ actions

    def _blocked(self) -> bool:
        """While the too-small notice or a dialog is up, app-wide keys wait."""
        return self.too_small or getattr(self.screen, "blocks_app_keys", False)

    def action_help(self) -> None:
        if not self._blocked():
            from imguide.ui.screens.dialogs import HelpScreen

            if self.staff:  # the help is for the counsellor, in Swedish
                self.push_screen(HelpScreen(translator(self.languages.source), staff=True))
            else:
                self.push_screen(HelpScreen())

    def action_language(self) -> None:
        from imguide.ui.screens.language import LanguageScreen

        if self._blocked() or isinstance(self.screen, LanguageScreen):
            return
        self.push_screen(LanguageScreen(self.language, cancellable=True), self._language_picked)

    def _language_picked(self, code: str | None) -> None:
        if code and code != self.language:
            self.set_language(code)

    def action_next_theme(self) -> None:
        self.theme = next_theme(self.theme)
        t = self.translator
        label = THEME_LABELS.get(self.theme)
        from imguide.ui.widgets.text import line_in

        said = t.gettext("Tema: %(name)s") % {"name": t.gettext(label) if label else self.theme}
        self.notify(line_in(said, t, self).plain, timeout=3, markup=False)

    # ------------------------------------------------------------------ the export of this session

    def exported(self, result) -> None:
        """The summary wrote this session's export: later exports replace it, and quitting knows."""
        self.export = result
        self._exported_answers = self._session.to_json() if self._session is not None else None

    @property
    def unexported_answers(self) -> bool:
        """Answers given (or changed) since the last export, that leaving would lose."""
        session = self._session
        if session is None or not (session.answers or session.notes):
            return False
        return session.to_json() != self._exported_answers

    def delete_export(self) -> bool:
        """Delete this session's export from the outbox, at the pupil's word."""
        from imguide.core.export.outbox import delete_export

        if self.export is None:
            return False
        deleted = delete_export(self.export.folder.parent, self.export.pickup_code) if self.export.pickup_code else False
        self.export = None
        self._exported_answers = None
        return deleted

    def action_quit(self) -> None:
        """Ctrl+Q: straight out when nothing would be lost, else ask first. On a kiosk: the staff PIN."""
        if self.kiosk_watch is not None:
            self.kiosk_watch.ask_pin()
            return
        if not self.unexported_answers:
            self.exit()
            return
        if self._blocked():
            return
        from imguide.ui.screens.dialogs import ConfirmScreen

        t = self.translator
        self.push_screen(
            ConfirmScreen(
                t.gettext("Du har svar som inte är exporterade. De försvinner om du avslutar. Vill du avsluta ändå?"),
                t.gettext("Ja, avsluta"),
                t.gettext("Nej, stanna"),
            ),
            lambda yes: self.exit() if yes else None,
        )

    def show_summary(self) -> None:
        from imguide.ui.screens.summary import SummaryScreen

        if self._blocked() or isinstance(self.screen, SummaryScreen):
            return
        self.push_screen(SummaryScreen(), self._summary_closed)

    def _summary_closed(self, answer: tuple[str, int] | None) -> None:
        chat = self.chat
        if chat is None:
            return
        if answer:
            chat.reopen(*answer)
        else:
            chat.show_state()

    def ask_restart(self) -> None:
        from imguide.ui.screens.dialogs import ConfirmScreen

        if self._blocked():
            return
        t = self.translator
        self.push_screen(
            ConfirmScreen(t.gettext("Vill du börja om? Alla dina svar tas bort."), t.gettext("Ja, börja om"), t.gettext("Nej, fortsätt")),
            self._restart_answered,
        )

    def _restart_answered(self, yes: bool | None) -> None:
        if yes:
            self.new_session()


def forget_text_caches() -> None:
    """Rich keeps the widths of recently drawn strings; after a wipe none of them may be an answer."""
    from rich import cells

    cached = getattr(cells, "cached_cell_len", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
