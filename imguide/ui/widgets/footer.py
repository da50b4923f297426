"""A Footer that rebuilds only when the keys it shows really change.

Textual's Footer recomposes (removes and mounts every key) on each focus change. In the chat,
focus moves to the new answer buttons after every answer while the keys stay the same, so the
stock footer would add a full rebuild to every answer."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    _shown_signature: tuple | None = None

    def _signature(self) -> tuple:
        return tuple(
            (key, binding.action, str(binding.description), enabled)
            for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        signature = self._signature()
        if signature != self._shown_signature:
            self._shown_signature = signature
            await self.recompose()
