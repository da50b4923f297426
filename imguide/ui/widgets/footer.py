"""The footer: the keys that work here, described in the app's language.

Textual's Footer recomposes (removes and mounts every key) on each focus change; in the chat focus
moves to the new answer buttons after every answer while the keys stay the same, so this one
rebuilds only when the keys it shows really change. Binding descriptions are Swedish msgids,
translated here with the app's translator. Keys are made without `data_bind`: a bound watcher
keeps every recomposed key alive for as long as the footer lives.
"""

from __future__ import annotations

from collections import defaultdict

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from imguide.ui.textual_fixes import frame_held, look_at_keys_after_hold
from imguide.ui.widgets.text import line_in


class QuietFooter(Footer):
    _shown_signature: tuple | None = None

    def _signature(self) -> tuple:
        return (
            self.app.language,
            tuple(
                (key, binding.action, binding.description, enabled)
                for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items()
                if binding.show
            ),
        )

    def compose(self) -> ComposeResult:
        # Textual's Footer shows nothing until the screen first says its keys changed, then composes
        # them in a frame of their own. The keys are known already (with nothing focused yet: the
        # screen's and the app's), so they are in the first frame; that later look finds them
        # unchanged (`_shown_signature`).
        self.set_reactive(Footer._bindings_ready, True)
        self._shown_signature = self._signature()
        t = self.app.translator
        shown: defaultdict[str, list] = defaultdict(list)
        hidden = getattr(self.app, "footer_hidden", ())
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in hidden:
                shown[binding.action].append((binding, enabled, tooltip))
        self.styles.grid_size_columns = len(shown)
        for (binding, enabled, tooltip), *_others in shown.values():
            description = line_in(t.gettext(binding.description), t, self).plain if binding.description else ""
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                description,
                binding.action,
                disabled=not enabled,
                tooltip=t.gettext(tooltip) if tooltip else description,
            )
            key.compact = self.compact
            yield key

    _pending = False  # a look at the keys is already on its way

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        # One answer or a language switch moves focus several times in a row (the old panel goes,
        # the new one comes): one look after the refresh covers them all.
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        if frame_held(self.app):  # mid-change (the new panel not yet focused)
            look_at_keys_after_hold(self.app)
            return
        signature = self._signature()
        if signature != self._shown_signature:
            self._shown_signature = signature
            await self.recompose()
