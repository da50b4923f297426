"""GuideApp: the chat that talks students and guardians through the flows.

The app holds the one Session; screens show it. Language, the Swedish-under toggle and the theme
are app-wide and can change at any time: the chat re-renders from the same session state.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import Reactive
from textual.theme import Theme

from imguide.core import compiled
from imguide.core.i18n import language as language_info
from imguide.core.i18n import normalise_code
from imguide.ui.themes import DEFAULT_THEME, THEMES_BY_NAME, next_theme
from imguide.ui.widgets.lang import N_, _, active, lazy, set_active

if TYPE_CHECKING:
    from imguide.core.model import Bundle
    from imguide.core.session import Session
    from imguide.ui.screens.chat import ChatScreen

MIN_WIDTH, MIN_HEIGHT = 60, 16


class GuideApp(App, inherit_bindings=False):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    AUTO_FOCUS = None
    TITLE = "imguide"

    BINDINGS = [
        Binding("ctrl+q", "quit", lazy(N_("Avsluta")), priority=True, show=True),
        Binding("f1,question_mark", "help", lazy(N_("Hjälp")), show=True, key_display="F1"),
        Binding("ctrl+l", "language", lazy(N_("Språk")), show=True),
        Binding("f2", "next_theme", lazy(N_("Tema")), show=False),
    ]

    # Our themes are known from the first moment and the default is the reactive's own default, so
    # Textual parses the stylesheet once with the right colours. Setting `theme` in __init__ would
    # queue a full re-parse of every stylesheet before the first frame. TEXTUAL_THEME still wins.
    theme: Reactive[str] = Reactive(lambda: os.environ.get("TEXTUAL_THEME") or DEFAULT_THEME)

    @property
    def available_themes(self) -> dict[str, Theme]:  # type: ignore[override]
        return {**super().available_themes, **THEMES_BY_NAME}

    def __init__(self, lang: str | None = None, flow: str | None = None, bundle: Bundle | None = None) -> None:
        super().__init__()
        code = normalise_code(lang) if lang else None
        if lang and code is None:
            raise ValueError(f"unknown language '{lang}'")
        self.start_lang = code
        self.flow = flow or "start"
        self._bundle = bundle
        self._session: Session | None = None
        # The content is needed from the chat on: at once when the chat comes first (a language
        # given), else once the language picker is on screen. A flow asked for is checked now.
        if flow is not None or bundle is not None or code is not None:
            if self.flow not in self.bundle.flows:
                raise ValueError(f"unknown flow '{self.flow}'")
        set_active(code or "sv")
        self.both_languages = False
        self.too_small = False

    @property
    def bundle(self) -> Bundle:
        if self._bundle is None:
            self._bundle = compiled.shipped_bundle()
        return self._bundle

    @property
    def session(self) -> Session:
        """The one conversation, begun in the language the chat first opens in."""
        if self._session is None:
            from imguide.core.session import Session

            self._session = Session(self.bundle, self.flow, active().code)
        return self._session

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

    # Set by the launcher, which pauses the cyclic GC for the start (see launch.py).
    resume_gc_when_ready = False

    def on_ready(self) -> None:
        if self.resume_gc_when_ready:
            self.resume_gc_when_ready = False
            # What the start made lives as long as the app, so later collections skip it. The cost
            # is bounded: the first screen's own widgets, once replaced, stay in memory.
            gc.freeze()
            gc.enable()

    # Screens are imported when first needed (the chat too, behind the picker): start-up time counts.

    def get_default_screen(self):
        # With a language given, the chat is the first screen itself: no blank screen and no
        # push before the first frame.
        if self.start_lang:
            from imguide.ui.screens.chat import ChatScreen

            return ChatScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        if not self.start_lang:
            from imguide.ui.screens.language import LanguageScreen

            self.push_screen(LanguageScreen(), self._first_language)
            # While the reader looks at the picker, get the chat ready behind it.
            self.call_after_refresh(self._prepare_chat)
        self._check_size(self.size)

    def _prepare_chat(self) -> None:
        import imguide.ui.screens.chat  # noqa: F401  (imported now, so that choosing is instant)

        _ = self.bundle  # loaded now for the same reason

    def _first_language(self, code: str | None) -> None:
        from imguide.ui.screens.chat import ChatScreen

        self.set_language(code or "sv")
        self.push_screen(ChatScreen())

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size)

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
        return active().code

    @property
    def chat(self) -> ChatScreen | None:
        from imguide.ui.screens.chat import ChatScreen

        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                return screen
        return None

    def set_language(self, code: str) -> None:
        """Switch language at any time: same answers, every message again in the new language."""
        language_info(code)  # unknown codes fail loudly here, not half-way through a render
        set_active(code)
        if self._session is not None:
            self._session.lang = code
        chat = self.chat
        if chat is not None and chat.is_mounted:
            chat.rebuild()
        for screen in self.screen_stack:
            relabel = getattr(screen, "language_changed", None)
            if relabel is not None:
                self.call_later(relabel)
        self.refresh_bindings()

    def toggle_both_languages(self) -> None:
        self.both_languages = not self.both_languages
        chat = self.chat
        if chat is not None and chat.is_mounted:
            chat.rebuild()

    # ------------------------------------------------------------------ actions

    def _blocked(self) -> bool:
        """While the too-small notice or a dialog is up, app-wide keys wait."""
        return self.too_small or getattr(self.screen, "blocks_app_keys", False)

    def action_help(self) -> None:
        if not self._blocked():
            from imguide.ui.screens.dialogs import HelpScreen

            self.push_screen(HelpScreen())

    def action_language(self) -> None:
        from imguide.ui.screens.language import LanguageScreen

        if self._blocked() or isinstance(self.screen, LanguageScreen):
            return
        self.push_screen(LanguageScreen(self.lang, cancellable=True), self._language_chosen)

    def _language_chosen(self, code: str | None) -> None:
        if code and code != self.lang:
            self.set_language(code)

    def action_next_theme(self) -> None:
        self.theme = next_theme(self.theme)

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
        self.push_screen(
            ConfirmScreen(_("Vill du börja om? Alla dina svar tas bort."), _("Ja, börja om"), _("Nej, fortsätt")),
            self._restart_answered,
        )

    def _restart_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        self.session.restart()
        self.session.jump_to_flow(self.flow)
        chat = self.chat
        if chat is not None:
            chat.reopening = None
            chat.rebuild()
