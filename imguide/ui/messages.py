"""Messages the answer widgets send up to the chat screen, which alone talks to the session."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class Answered(Message):
    """The user gave `raw` as the answer to `node_id` (the core checks and cleans it)."""

    def __init__(self, node_id: str, raw: Any) -> None:
        self.node_id = node_id
        self.raw = raw
        super().__init__()


class Skipped(Message):
    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__()


class OutcomeChosen(Message):
    """At an outcome: "menu", "summary" or "restart"."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__()


class DoneChosen(Message):
    """A kiosk visitor is done: export, show the pickup code, wipe (handled by the app)."""


class Notice(Message):
    """A line the chat should show, e.g. that a paste was cut short: a Swedish msgid and the
    values of its %(name)s placeholders (the chat says it in the reader's language)."""

    def __init__(self, text: str, **params) -> None:
        self.text = text
        self.params = params
        super().__init__()
