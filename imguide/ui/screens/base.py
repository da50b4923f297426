"""What every screen of the guide shares."""

from __future__ import annotations

from textual.screen import Screen


def close(screen: Screen, result: object = None) -> None:
    """Dismiss a screen once, and only while it is the one on top. Keys and clicks queued
    before it closed (a child mashing Enter and Escape) must not close the chat under it."""
    if getattr(screen, "_imguide_closed", False) or not screen.is_current:
        return
    screen._imguide_closed = True  # type: ignore[attr-defined]
    screen.dismiss(result)
